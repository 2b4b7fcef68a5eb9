//! Where an inspected ring is: a POSIX shared-memory object or a ring file.

use super::InspectError;
use crate::builder::Storage;
use crate::builder::region::Target;
use crate::ring_name::{RING_FILE_SUFFIX, RingName};
use std::ffi::CString;
use std::fmt;
use std::path::{Path, PathBuf};

/// The object of a ring to inspect, named as the OS names it: inspection takes names as they
/// are found (in `/dev/shm` or a directory), so no namespace is added.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum RingLocation {
    /// The POSIX shared-memory object `/<name>` (the file `/dev/shm/<name>`); `name` is given
    /// without the leading `/` and includes its namespace, if any (`ns:ticks`).
    Shm(String),
    /// A ring file, `<dir>/<name>.ring`.
    File(PathBuf),
}

impl RingLocation {
    /// The ring file of segment `name` in `dir`: `<dir>/<name>.ring`, as
    /// [`crate::MmapTransportLayout`] names it.
    pub fn in_dir(dir: impl AsRef<Path>, name: &str) -> Self {
        Self::File(dir.as_ref().join(format!("{name}{RING_FILE_SUFFIX}")))
    }

    /// The object's name in its namespace, for messages: `ticks` or `/var/feed/ticks.ring`.
    pub fn display_name(&self) -> String {
        match self {
            Self::Shm(name) => name.clone(),
            Self::File(path) => path.display().to_string(),
        }
    }

    /// Opens (and vets) the directory of a ring file, or checks a shared-memory name, and
    /// returns the builders' target for it.
    pub(crate) fn target(&self) -> Result<Target, InspectError> {
        let ring = self.display_name();
        let invalid = |reason| InspectError::InvalidName {
            ring: ring.clone(),
            reason,
        };
        let (bare, storage) = match self {
            Self::Shm(name) => {
                let name = name.strip_prefix('/').unwrap_or(name);
                if name.is_empty() || name.contains('/') {
                    return Err(invalid("a shared-memory name is one non-empty component"));
                }
                (name.to_owned(), Storage::Shm)
            }
            Self::File(path) => {
                let file = path
                    .file_name()
                    .and_then(|file| file.to_str())
                    .ok_or_else(|| invalid("the path names no UTF-8 file"))?;
                let bare = file
                    .strip_suffix(RING_FILE_SUFFIX)
                    .filter(|bare| !bare.is_empty())
                    .ok_or_else(|| invalid("a ring file's name is <name>.ring"))?;
                let dir = match path.parent() {
                    Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
                    _ => PathBuf::from("."),
                };
                (bare.to_owned(), Storage::Directory(dir))
            }
        };
        let name = RingName {
            os: CString::new(format!("/{bare}")).map_err(|_| invalid("it contains NUL"))?,
            file: CString::new(format!("{bare}{RING_FILE_SUFFIX}"))
                .map_err(|_| invalid("it contains NUL"))?,
            display: ring.clone(),
        };
        Target::locate(name, &storage).map_err(|refused| InspectError::Directory {
            dir: refused.dir,
            problem: refused.problem,
        })
    }
}

impl fmt::Display for RingLocation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.display_name())
    }
}
