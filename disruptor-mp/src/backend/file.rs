//! Rings in a directory of the caller's choice: the directory is opened once with
//! `O_DIRECTORY | O_NOFOLLOW` and vetted, and every ring file in it is reached relative to that
//! descriptor (`openat`, `unlinkat`, `fstatat`, never following a symbolic link), so swapping the
//! directory's path for another after it was vetted changes nothing. (`O_NOFOLLOW` covers the
//! directory's last path component; the components above it are trusted as the path's
//! owner set them up.)
//!
//! **Which directories are refused.** A ring file is only as private as its directory: whoever
//! may write to the directory may remove the file and put their own in its place. So the
//! directory must be owned by this process's effective user or by root, and must not be
//! writable by group or others unless it has the sticky bit (as `/tmp` and `/dev/shm` do, where
//! only a file's owner may remove or rename it). Anything else is a [`DirectoryProblem`] naming what
//! is wrong.

use crate::error::DirectoryProblem;
use std::ffi::{CStr, CString};
use std::io;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::os::unix::ffi::OsStrExt;
use std::path::Path;

/// A directory opened and vetted for ring files.
#[derive(Debug)]
pub(crate) struct RingDir {
    fd: OwnedFd,
}

impl RingDir {
    /// Opens `path` as a directory without following a symbolic link at its last component,
    /// and vets its owner and mode (see the module documentation).
    pub(crate) fn open(path: &Path) -> Result<Self, DirectoryProblem> {
        let c_path = CString::new(path.as_os_str().as_bytes())
            .map_err(|_| DirectoryProblem::Os(io::Error::from(io::ErrorKind::InvalidInput)))?;
        let flags = libc::O_RDONLY | libc::O_DIRECTORY | libc::O_NOFOLLOW | libc::O_CLOEXEC;
        // SAFETY: `c_path` is NUL-terminated and outlives the call; flags are plain integers.
        let fd = unsafe { libc::open(c_path.as_ptr(), flags) };
        if fd < 0 {
            let err = io::Error::last_os_error();
            return Err(match err.raw_os_error() {
                Some(libc::ELOOP) => DirectoryProblem::Symlink,
                Some(libc::ENOTDIR) => match std::fs::symlink_metadata(path) {
                    Ok(meta) if meta.file_type().is_symlink() => DirectoryProblem::Symlink,
                    _ => DirectoryProblem::NotADirectory,
                },
                _ => DirectoryProblem::Os(err),
            });
        }
        // SAFETY: `fd` was just returned by a successful `open` and is owned by nobody else.
        let fd = unsafe { OwnedFd::from_raw_fd(fd) };
        let meta = std::fs::File::from(fd.try_clone().map_err(DirectoryProblem::Os)?)
            .metadata()
            .map_err(DirectoryProblem::Os)?;
        vet(
            std::os::unix::fs::MetadataExt::uid(&meta),
            std::os::unix::fs::MetadataExt::mode(&meta),
        )?;
        Ok(Self { fd })
    }

    /// `openat(dir, file, flags, mode)`; the caller adds `O_NOFOLLOW`.
    pub(super) fn open_at(
        &self,
        file: &CStr,
        flags: libc::c_int,
        mode: u32,
    ) -> io::Result<OwnedFd> {
        // SAFETY: the directory descriptor is open for the call; `file` is NUL-terminated and
        // outlives it; flags and mode are plain integers.
        let fd = unsafe {
            libc::openat(
                self.fd.as_raw_fd(),
                file.as_ptr(),
                flags,
                mode as libc::c_uint,
            )
        };
        if fd < 0 {
            return Err(io::Error::last_os_error());
        }
        // SAFETY: `fd` was just returned by a successful `openat` and is owned by nobody else.
        Ok(unsafe { OwnedFd::from_raw_fd(fd) })
    }

    /// `unlinkat(dir, file, 0)`.
    pub(super) fn unlink_at(&self, file: &CStr) -> io::Result<()> {
        // SAFETY: the directory descriptor is open for the call; `file` is NUL-terminated and
        // outlives it.
        let rc = unsafe { libc::unlinkat(self.fd.as_raw_fd(), file.as_ptr(), 0) };
        if rc == 0 {
            Ok(())
        } else {
            Err(io::Error::last_os_error())
        }
    }

    /// The owner's uid and mode of `file`, not following a symbolic link.
    pub(super) fn ownership_at(&self, file: &CStr) -> (Option<u32>, Option<u32>) {
        let mut stat = core::mem::MaybeUninit::<libc::stat>::uninit();
        // SAFETY: the directory descriptor is open for the call; `file` is NUL-terminated;
        // `stat` points to writable memory of the size `fstatat` fills.
        let rc = unsafe {
            libc::fstatat(
                self.fd.as_raw_fd(),
                file.as_ptr(),
                stat.as_mut_ptr(),
                libc::AT_SYMLINK_NOFOLLOW,
            )
        };
        if rc != 0 {
            return (None, None);
        }
        // SAFETY: `fstatat` returned 0, so it initialised the whole struct.
        let stat = unsafe { stat.assume_init() };
        (Some(stat.st_uid), Some(stat.st_mode))
    }
}

/// Whether a directory owned by `owner_uid` with mode `mode` may hold rings.
fn vet(owner_uid: u32, mode: u32) -> Result<(), DirectoryProblem> {
    // SAFETY: `geteuid` takes no arguments, cannot fail and touches no memory.
    let me = unsafe { libc::geteuid() };
    if owner_uid != me && owner_uid != 0 {
        return Err(DirectoryProblem::NotOwned { owner_uid });
    }
    let others_write = mode & (libc::S_IWGRP | libc::S_IWOTH) != 0;
    let sticky = mode & libc::S_ISVTX != 0;
    if others_write && !sticky {
        return Err(DirectoryProblem::WritableByOthers { mode });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::{DirectoryProblem, vet};

    #[test]
    fn a_directory_others_may_write_needs_the_sticky_bit() {
        // SAFETY: `geteuid` takes no arguments, cannot fail and touches no memory.
        let me = unsafe { libc::geteuid() };
        assert!(vet(me, 0o40700).is_ok());
        assert!(vet(0, 0o41777).is_ok(), "/tmp");
        assert!(matches!(
            vet(me, 0o40770),
            Err(DirectoryProblem::WritableByOthers { mode: 0o40770 })
        ));
        assert!(matches!(
            vet(me, 0o40702),
            Err(DirectoryProblem::WritableByOthers { .. })
        ));
        if me != 0 {
            assert!(matches!(
                vet(me + 1, 0o40700),
                Err(DirectoryProblem::NotOwned { .. })
            ));
        }
    }
}
