//! Where a ring's object is named: the POSIX shared-memory namespace or a vetted directory.
//! The one place that tells the two apart; [`super::object`] creates, locks, maps and removes
//! objects through it without knowing which it is.

use super::file::RingDir;
use super::shm;
use std::ffi::CString;
use std::io;
use std::os::fd::OwnedFd;
use std::sync::Arc;

/// A ring object's name in its namespace.
#[derive(Clone, Debug)]
pub(crate) enum ObjectName {
    /// A POSIX shared-memory object: `/name`.
    Shm(CString),
    /// A file `file` (one path component) in the directory `dir`.
    File {
        /// The directory, opened and vetted once.
        dir: Arc<RingDir>,
        /// The file's name in it.
        file: CString,
    },
}

impl ObjectName {
    /// Opens the object with `flags` (to which `O_NOFOLLOW` is always added) and, when creating,
    /// permission bits `mode`.
    pub(crate) fn open(&self, flags: libc::c_int, mode: u32) -> io::Result<OwnedFd> {
        let flags = flags | libc::O_NOFOLLOW | libc::O_CLOEXEC;
        match self {
            Self::Shm(name) => shm::open(name, flags, mode),
            Self::File { dir, file } => dir.open_at(file, flags, mode),
        }
    }

    /// Removes the name (not the object: mappings and descriptors keep it alive).
    pub(crate) fn unlink(&self) -> io::Result<()> {
        match self {
            Self::Shm(name) => shm::unlink(name),
            Self::File { dir, file } => dir.unlink_at(file),
        }
    }

    /// The owner's uid and permission bits of whatever is at the name, as far as they can be
    /// read (for permission errors).
    pub(crate) fn ownership(&self) -> (Option<u32>, Option<u32>) {
        match self {
            Self::Shm(name) => shm::ownership(name),
            Self::File { dir, file } => dir.ownership_at(file),
        }
    }

    /// The call that opens a name here, for error messages.
    pub(crate) fn open_call(&self) -> &'static str {
        match self {
            Self::Shm(_) => "shm_open",
            Self::File { .. } => "openat",
        }
    }

    /// The call that removes a name here, for error messages.
    pub(crate) fn unlink_call(&self) -> &'static str {
        match self {
            Self::Shm(_) => "shm_unlink",
            Self::File { .. } => "unlinkat",
        }
    }

    /// The name as the OS sees it (for tests and debugging).
    #[cfg(all(test, not(miri)))]
    pub(crate) fn os_name(&self) -> &std::ffi::CStr {
        match self {
            Self::Shm(name) => name,
            Self::File { file, .. } => file,
        }
    }
}
