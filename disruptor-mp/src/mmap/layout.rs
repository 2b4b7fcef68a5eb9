//! Where a file-backed ring lives: a directory and a segment name.

use crate::error::ConfigError;
use crate::naming::{SEGMENT_NAME_MAX_LEN, checked_name};
use crate::ring_name::RING_FILE_SUFFIX;
use std::fmt;
use std::path::{Path, PathBuf};

/// The file of one file-backed ring: a root directory and a segment name, which give the path
/// `<root_dir>/<segment_name>.ring`.
///
/// The published crate kept a ring in five files (ring, producer cursor, readiness cursor and one
/// file per consumer); here the ring, its cursors and its consumer table are one file, so this
/// is the only path there is.
///
/// The segment name follows the shared-memory rule: 1 to [`crate::SEGMENT_NAME_MAX_LEN`]
/// characters of `[A-Za-z0-9._-]` (a leading `/` is dropped), not `.` or `..`, so it is always
/// one path component. Consumer ids are never file names here (they live in the ring's
/// consumer table), so they keep the shared-memory rule too: 1 to 48 bytes without NUL.
///
/// ```
/// use disruptor_mp::MmapTransportLayout;
///
/// let layout = MmapTransportLayout::new("/var/lib/feed", "quotes")?;
/// assert_eq!(layout.ring_path(), std::path::Path::new("/var/lib/feed/quotes.ring"));
/// assert!(MmapTransportLayout::new("/var/lib/feed", "../etc/passwd").is_err());
/// assert!(MmapTransportLayout::new("", "quotes").is_err());
/// # Ok::<(), disruptor_mp::ConfigError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct MmapTransportLayout {
    root_dir: PathBuf,
    segment_name: String,
}

impl MmapTransportLayout {
    /// The layout of segment `segment_name` in `root_dir`. Fails with
    /// [`ConfigError::InvalidDirectory`] for an empty directory path (or one with NUL) and
    /// [`ConfigError::InvalidName`] for a segment name outside the set. Nothing is opened here:
    /// the directory is opened and vetted when a producer or consumer is built.
    pub fn new(
        root_dir: impl Into<PathBuf>,
        segment_name: impl AsRef<str>,
    ) -> Result<Self, ConfigError> {
        let root_dir = root_dir.into();
        let invalid = |reason| ConfigError::InvalidDirectory {
            dir: root_dir.clone(),
            reason,
        };
        if root_dir.as_os_str().is_empty() {
            return Err(invalid("the path is empty"));
        }
        if std::os::unix::ffi::OsStrExt::as_bytes(root_dir.as_os_str()).contains(&0) {
            return Err(invalid("the path contains NUL"));
        }
        let name = checked_name("segment name", segment_name.as_ref(), SEGMENT_NAME_MAX_LEN)?;
        Ok(Self {
            segment_name: name.to_owned(),
            root_dir,
        })
    }

    /// The directory that holds the ring file.
    pub fn root_dir(&self) -> &Path {
        &self.root_dir
    }

    /// The segment name (without a leading `/`).
    pub fn segment_name(&self) -> &str {
        &self.segment_name
    }

    /// `<root_dir>/<segment_name>.ring`: the ring's file.
    pub fn ring_path(&self) -> PathBuf {
        self.root_dir
            .join(format!("{}{RING_FILE_SUFFIX}", self.segment_name))
    }
}

impl fmt::Display for MmapTransportLayout {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.ring_path().display())
    }
}
