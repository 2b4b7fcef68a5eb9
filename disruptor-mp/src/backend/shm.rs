//! The POSIX shared-memory namespace: names `/x` opened with `shm_open`, removed with
//! `shm_unlink`. On Linux the object `/x` is the file `/dev/shm/x`, so everything else about a
//! ring's object (locking, sizing, mapping, reclaim) is the same code as for a file
//! ([`super::object`]).

use std::ffi::CStr;
use std::io;
use std::os::fd::{FromRawFd, OwnedFd};
use std::os::unix::fs::MetadataExt;

/// Where Linux keeps POSIX shared-memory objects.
const SHM_DIR: &str = "/dev/shm";

/// `shm_open(name, flags, mode)`.
pub(super) fn open(name: &CStr, flags: libc::c_int, mode: u32) -> io::Result<OwnedFd> {
    // SAFETY: `name` is NUL-terminated and outlives the call; flags and mode are plain integers.
    let fd = unsafe { libc::shm_open(name.as_ptr(), flags, mode as libc::mode_t) };
    if fd < 0 {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: `fd` was just returned by a successful `shm_open` and is owned by nobody else.
    Ok(unsafe { OwnedFd::from_raw_fd(fd) })
}

/// `shm_unlink(name)`.
pub(super) fn unlink(name: &CStr) -> io::Result<()> {
    // SAFETY: `name` is a valid NUL-terminated string for the duration of the call.
    let rc = unsafe { libc::shm_unlink(name.as_ptr()) };
    if rc == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

/// The owner's uid and the permission bits of the object `name` (which starts with `/`), as far
/// as they can be read, for permission errors.
pub(super) fn ownership(name: &CStr) -> (Option<u32>, Option<u32>) {
    let path = std::path::Path::new(SHM_DIR).join(name.to_string_lossy().trim_start_matches('/'));
    match std::fs::symlink_metadata(path) {
        Ok(meta) => (Some(meta.uid()), Some(meta.mode())),
        Err(_) => (None, None),
    }
}
