//! POSIX shared-memory objects: `shm_open` with `O_CREAT | O_EXCL`, an exact mode, `ftruncate`,
//! then a `MAP_SHARED` mapping through memmap2.

use super::Region;
use core::ptr::NonNull;
use memmap2::{MmapOptions, MmapRaw};
use std::ffi::{CStr, CString};
use std::fs::File;
use std::io;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::os::unix::fs::MetadataExt;

/// A mapped POSIX shared-memory object. Dropping it unmaps; only [`ShmSegment::unlink`] removes
/// the name.
#[derive(Debug)]
pub(crate) struct ShmSegment {
    name: CString,
    file: File,
    map: MmapRaw,
}

/// What `create` found when it could not create the object.
#[derive(Debug)]
pub(crate) enum CreateFailure {
    /// An object with this name exists already.
    Exists,
    /// Any other OS error.
    Os(io::Error),
}

impl ShmSegment {
    /// Creates the object `name` (which starts with `/`) exclusively with permission bits `mode`,
    /// sizes it to `len` bytes and maps it with every page faulted in.
    pub(crate) fn create(name: &CStr, len: usize, mode: u32) -> Result<Self, CreateFailure> {
        let flags =
            libc::O_CREAT | libc::O_EXCL | libc::O_RDWR | libc::O_CLOEXEC | libc::O_NOFOLLOW;
        let fd = shm_open(name, flags, mode).map_err(|err| match err.raw_os_error() {
            Some(libc::EEXIST) => CreateFailure::Exists,
            _ => CreateFailure::Os(err),
        })?;
        let file = File::from(fd);
        let setup = || -> io::Result<MmapRaw> {
            // The umask may have cleared bits the caller asked for; set the exact mode.
            file.set_permissions(std::os::unix::fs::PermissionsExt::from_mode(mode))?;
            file.set_len(len as u64)?;
            map(&file, len)
        };
        match setup() {
            Ok(map) => Ok(Self {
                name: name.to_owned(),
                file,
                map,
            }),
            Err(err) => {
                // We created the name a moment ago and failed to finish; remove it again.
                let _ = shm_unlink(name);
                Err(CreateFailure::Os(err))
            }
        }
    }

    /// Opens and maps the existing object `name` read-write, at its current size.
    pub(crate) fn open(name: &CStr) -> io::Result<Self> {
        let fd = shm_open(name, libc::O_RDWR | libc::O_CLOEXEC | libc::O_NOFOLLOW, 0)?;
        let file = File::from(fd);
        let len = usize::try_from(file.metadata()?.len())
            .map_err(|_| io::Error::from(io::ErrorKind::InvalidData))?;
        if len == 0 {
            // An empty object cannot hold a header (and mmap of length 0 fails with EINVAL).
            return Err(io::Error::from(io::ErrorKind::UnexpectedEof));
        }
        let map = map(&file, len)?;
        Ok(Self {
            name: name.to_owned(),
            file,
            map,
        })
    }

    /// Removes the name, but only if it still refers to this object: a successor that reclaimed
    /// the name after we were presumed dead must not lose its segment.
    pub(crate) fn unlink(&self) -> io::Result<()> {
        let ours = self.file.metadata()?;
        let current = match shm_open(
            &self.name,
            libc::O_RDONLY | libc::O_CLOEXEC | libc::O_NOFOLLOW,
            0,
        ) {
            Ok(fd) => File::from(fd).metadata()?,
            Err(err) if err.raw_os_error() == Some(libc::ENOENT) => return Ok(()),
            Err(err) => return Err(err),
        };
        if current.dev() == ours.dev() && current.ino() == ours.ino() {
            shm_unlink(&self.name)?;
        }
        Ok(())
    }
}

impl Region for ShmSegment {
    fn base(&self) -> NonNull<u8> {
        NonNull::new(self.map.as_mut_ptr()).expect("a successful mmap never returns null")
    }

    fn len(&self) -> usize {
        self.map.len()
    }

    fn remove_name(&self) -> io::Result<()> {
        self.unlink()
    }
}

/// Removes the name `name` (used to reclaim a segment whose producer is dead).
pub(crate) fn shm_unlink(name: &CStr) -> io::Result<()> {
    // SAFETY: `name` is a valid NUL-terminated string for the duration of the call.
    let rc = unsafe { libc::shm_unlink(name.as_ptr()) };
    if rc == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

fn shm_open(name: &CStr, flags: libc::c_int, mode: u32) -> io::Result<OwnedFd> {
    // SAFETY: `name` is NUL-terminated and outlives the call; flags and mode are plain integers.
    let fd = unsafe { libc::shm_open(name.as_ptr(), flags, mode as libc::mode_t) };
    if fd < 0 {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: `fd` was just returned by a successful `shm_open` and is owned by nobody else.
    Ok(unsafe { OwnedFd::from_raw_fd(fd) })
}

fn map(file: &File, len: usize) -> io::Result<MmapRaw> {
    debug_assert!(file.as_raw_fd() >= 0);
    // Pre-fault every page so first-touch faults never land on the publish or consume path.
    MmapOptions::new().len(len).populate().map_raw(file)
}

/// The owner's uid and the permission bits of the object `name` (which starts with `/`), as far
/// as they can be read, for permission errors. Linux keeps POSIX shared memory in `/dev/shm`.
pub(crate) fn object_ownership(name: &CStr) -> (Option<u32>, Option<u32>) {
    let path =
        std::path::Path::new("/dev/shm").join(name.to_string_lossy().trim_start_matches('/'));
    match std::fs::metadata(path) {
        Ok(meta) => (Some(meta.uid()), Some(meta.mode())),
        Err(_) => (None, None),
    }
}
