//! Finding every ring in `/dev/shm` or in a directory.

use super::{InspectError, RingInspector, RingLocation, RingReport};
use crate::ring_name::RING_FILE_SUFFIX;
use std::path::{Path, PathBuf};

/// Where POSIX shared-memory objects show up as files on Linux.
pub const SHM_DIR: &str = "/dev/shm";

/// One object found by [`list_rings`]: a ring's report, or why it could not be read.
#[derive(Debug)]
#[non_exhaustive]
pub struct ListedRing {
    /// Where it is.
    pub location: RingLocation,
    /// What it says, or why it could not be read (corrupt, incompatible, unreadable).
    pub report: Result<RingReport, InspectError>,
}

/// Every ring in POSIX shared memory (`dir` = `None`: the objects in [`SHM_DIR`]) or every ring
/// file (`*.ring`) in `dir`, sorted by name. Other programs' objects in `/dev/shm` (no
/// disruptor-mp magic, semaphores, FIFOs) are left out; a ring file that is not a ring is listed
/// with its error. Read-only: nothing is joined, locked or removed.
pub fn list_rings(dir: Option<&Path>) -> Result<Vec<ListedRing>, InspectError> {
    let mut found = locations(dir)?;
    found.sort_by_key(RingLocation::display_name);
    Ok(found
        .into_iter()
        .filter_map(|location| {
            let report = RingInspector::open(&location).map(|ring| ring.report());
            let foreign = matches!(
                report,
                Err(InspectError::NotARing { .. } | InspectError::NotFound { .. })
            );
            (!(foreign && dir.is_none())).then_some(ListedRing { location, report })
        })
        .collect())
}

/// The candidate rings `dir` holds (shared memory when `None`).
pub(crate) fn locations(dir: Option<&Path>) -> Result<Vec<RingLocation>, InspectError> {
    let listed = dir.map_or_else(|| PathBuf::from(SHM_DIR), Path::to_path_buf);
    let entries = std::fs::read_dir(&listed).map_err(|source| match source.kind() {
        std::io::ErrorKind::NotFound => InspectError::NotFound {
            ring: listed.display().to_string(),
        },
        std::io::ErrorKind::PermissionDenied => InspectError::PermissionDenied {
            ring: listed.display().to_string(),
        },
        _ => InspectError::Os {
            ring: listed.display().to_string(),
            source,
        },
    })?;
    let mut found = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        match dir {
            // glibc keeps named semaphores in /dev/shm as `sem.*`: never rings.
            None if !name.starts_with("sem.") => found.push(RingLocation::Shm(name.to_owned())),
            Some(dir) if name.ends_with(RING_FILE_SUFFIX) => {
                found.push(RingLocation::File(dir.join(name)));
            }
            _ => {}
        }
    }
    Ok(found)
}
