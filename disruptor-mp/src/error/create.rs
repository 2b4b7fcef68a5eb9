//! Creating a ring: everything `build_producer` can meet.

use super::attach::{CorruptReason, Ownership};
use super::{ConfigError, DirectoryError, MemoryLockError, PinError};
use std::fmt;
use std::io;
use std::time::Duration;

/// Errors from creating a ring (`build_producer`).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CreateError {
    /// A builder setting was refused before anything was created.
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// The thread calling `build_producer` could not be pinned to the core asked for
    /// (`with_process_core`, or the environment); nothing was created.
    #[error(transparent)]
    Pin(#[from] PinError),
    /// The ring's mapping could not be locked in memory, as `lock_in_memory(true)` asked.
    #[error(transparent)]
    MemoryLock(#[from] MemoryLockError),
    /// The directory of a file-backed ring was refused before anything in it was touched.
    #[error(transparent)]
    Directory(#[from] DirectoryError),
    /// Another live producer owns this name, or another process is creating it right now.
    #[error(
        "ring {name:?} is in use by {}: one producer per name; stop it, or use another name or namespace",
        LiveOwner(*pid)
    )]
    SegmentInUse {
        /// Ring name (with its namespace, if any).
        name: String,
        /// Pid of the producer that owns it; 0 when the header does not name a live one (it is
        /// still being created, or its header was overwritten) while its lock is held.
        pid: u32,
    },
    /// An object of this name exists and is not a ring this crate may reclaim; it is left alone.
    #[error(
        "an object named {name:?} exists and is not a disruptor-mp ring ({reason}); it was left alone: remove it or use another name"
    )]
    NameTaken {
        /// Ring name (with its namespace, if any).
        name: String,
        /// What the object is not.
        reason: CorruptReason,
    },
    /// The OS refused to create the ring, or to inspect the object already at its name.
    #[error(
        "permission denied for ring {name:?} ({}): another user's ring holds this name; use another name or namespace",
        Ownership { owner_uid: *owner_uid, mode: *mode }
    )]
    PermissionDenied {
        /// Ring name (with its namespace, if any).
        name: String,
        /// Uid owning the object at the name, when it could be read.
        owner_uid: Option<u32>,
        /// Permission bits of that object, when they could be read.
        mode: Option<u32>,
    },
    /// Fewer consumers than required attached before the coordination timeout.
    #[error(
        "coordination timeout: {attached} of {expected} consumers attached within {waited:?}{}",
        StillMissing(missing)
    )]
    CoordinationTimeout {
        /// Consumers required.
        expected: usize,
        /// Consumers attached when time ran out.
        attached: usize,
        /// How long the producer waited.
        waited: Duration,
        /// Reserved ids that had not attached when time ran out (empty for open places).
        missing: Vec<String>,
    },
    /// The file system behind the ring's name (`/dev/shm`, a tmpfs, or the ring file's
    /// directory) has too little free space for the ring; nothing was left behind.
    #[error(
        "not enough space for ring {name:?}: it needs {needed} bytes{}; use a smaller ring (capacity or event size), or give its file system more space (for /dev/shm: e.g. docker run --shm-size)",
        Available(*available)
    )]
    OutOfSpace {
        /// Ring name (with its namespace, if any).
        name: String,
        /// Bytes the ring's segment needs.
        needed: u64,
        /// Bytes the file system had free, when it could tell.
        available: Option<u64>,
    },
    /// `huge_pages(true)` was asked, but the kernel backed only `granted` of the ring's
    /// `needed` bytes with huge pages; the ring was removed again. On POSIX shared memory (and
    /// any tmpfs directory) the mount decides: `/dev/shm` is usually mounted `huge=never`, and
    /// `mount -o remount,huge=advise /dev/shm` lets rings that ask use transparent huge pages.
    /// A directory on hugetlbfs always gives huge pages (a pool too small is
    /// [`CreateError::OutOfSpace`]).
    #[error(
        "ring {name:?} asked for huge pages, but the kernel gave them for only {granted} of its {needed} bytes; on shared memory or a tmpfs directory, mount it with huge=advise (e.g. mount -o remount,huge=advise /dev/shm), or use a directory on hugetlbfs"
    )]
    HugePagesUnavailable {
        /// Ring name (with its namespace, if any).
        name: String,
        /// Bytes of the ring's object, a whole number of huge pages.
        needed: u64,
        /// Bytes the kernel mapped with huge pages.
        granted: u64,
    },
    /// An OS call failed.
    #[error("{op} failed for ring {name:?}: {source}")]
    Os {
        /// The call that failed.
        op: &'static str,
        /// Ring name (with its namespace, if any).
        name: String,
        /// The OS error.
        #[source]
        source: io::Error,
    },
}

/// Formats the free space of an [`CreateError::OutOfSpace`]: `, but only 8388608 are free`.
struct Available(Option<u64>);

impl fmt::Display for Available {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(bytes) => write!(f, ", but only {bytes} are free"),
            None => Ok(()),
        }
    }
}

/// Formats the reserved ids a coordination wait still lacked: `; still missing "cp_1"`.
struct StillMissing<'a>(&'a [String]);

impl fmt::Display for StillMissing<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            return Ok(());
        }
        f.write_str("; still missing ")?;
        for (i, id) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "{id:?}")?;
        }
        Ok(())
    }
}

/// Formats the owner of a ring in use: `live producer pid 42`, or, for pid 0, a creation still
/// under way.
struct LiveOwner(u32);

impl fmt::Display for LiveOwner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            0 => f.write_str(
                "a live process that holds its lock (still creating it, or its header does not name it)",
            ),
            pid => write!(f, "live producer pid {pid}"),
        }
    }
}
