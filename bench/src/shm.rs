//! The bare minimum of POSIX shared memory: create or open a named object, map it, unmap on drop.
//! Used by the floor rings and the control block; the engine under test brings its own.

use std::ffi::CString;
use std::io;
use std::path::Path;
use std::time::{Duration, Instant};

/// A mapped shared-memory object. Dropping it unmaps; the name stays until [`unlink`].
#[derive(Debug)]
pub struct ShmMap {
    ptr: *mut u8,
    len: usize,
}

// SAFETY: the mapping is plain shared memory; all concurrent access to it goes through atomics
// or the ring protocols built on them.
unsafe impl Send for ShmMap {}

fn os_name(name: &str) -> io::Result<CString> {
    CString::new(format!("/{name}")).map_err(|_| io::Error::from(io::ErrorKind::InvalidInput))
}

impl ShmMap {
    /// Creates `name` exclusively (mode 0600), sizes it to `len` bytes (zero-filled) and maps it
    /// with every page faulted in.
    pub fn create(name: &str, len: usize) -> io::Result<Self> {
        let c_name = os_name(name)?;
        let flags = libc::O_CREAT | libc::O_EXCL | libc::O_RDWR | libc::O_CLOEXEC;
        // SAFETY: `c_name` is NUL-terminated and outlives the call.
        let fd = unsafe { libc::shm_open(c_name.as_ptr(), flags, 0o600) };
        if fd < 0 {
            return Err(io::Error::last_os_error());
        }
        // SAFETY: `fd` is the descriptor just opened.
        let sized = unsafe { libc::ftruncate(fd, len as libc::off_t) };
        let result = if sized == 0 {
            map(fd, len)
        } else {
            Err(io::Error::last_os_error())
        };
        // SAFETY: `fd` is ours; the mapping (if any) keeps the object alive without it.
        unsafe { libc::close(fd) };
        if result.is_err() {
            let _ = unlink(name);
        }
        result
    }

    /// Opens and maps the existing object `name`, retrying while it does not exist or is still
    /// empty, until `deadline`.
    pub fn open(name: &str, deadline: Instant) -> io::Result<Self> {
        let c_name = os_name(name)?;
        loop {
            // SAFETY: `c_name` is NUL-terminated and outlives the call.
            let fd = unsafe { libc::shm_open(c_name.as_ptr(), libc::O_RDWR | libc::O_CLOEXEC, 0) };
            if fd >= 0 {
                // SAFETY: `stat` is plain data, filled by fstat.
                let mut stat: libc::stat = unsafe { core::mem::zeroed() };
                // SAFETY: `fd` is open; `stat` is writable.
                let rc = unsafe { libc::fstat(fd, &mut stat) };
                let len = stat.st_size as usize;
                let result = if rc != 0 {
                    Err(io::Error::last_os_error())
                } else if len == 0 {
                    Err(io::Error::from(io::ErrorKind::UnexpectedEof))
                } else {
                    map(fd, len)
                };
                // SAFETY: `fd` is ours.
                unsafe { libc::close(fd) };
                match result {
                    Err(err) if err.kind() == io::ErrorKind::UnexpectedEof => {}
                    other => return other,
                }
            } else {
                let err = io::Error::last_os_error();
                if err.raw_os_error() != Some(libc::ENOENT) {
                    return Err(err);
                }
            }
            if Instant::now() >= deadline {
                return Err(io::Error::new(
                    io::ErrorKind::TimedOut,
                    format!("shared-memory object {name} did not appear in time"),
                ));
            }
            std::thread::sleep(Duration::from_micros(200));
        }
    }

    /// Start of the mapping (page aligned).
    pub fn ptr(&self) -> *mut u8 {
        self.ptr
    }

    /// Length of the mapping in bytes.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether the mapping is empty (never: objects are mapped only when non-empty).
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
}

fn map(fd: libc::c_int, len: usize) -> io::Result<ShmMap> {
    // SAFETY: a fresh shared mapping of an open descriptor; the kernel picks the address.
    let ptr = unsafe {
        libc::mmap(
            core::ptr::null_mut(),
            len,
            libc::PROT_READ | libc::PROT_WRITE,
            libc::MAP_SHARED | libc::MAP_POPULATE,
            fd,
            0,
        )
    };
    if ptr == libc::MAP_FAILED {
        return Err(io::Error::last_os_error());
    }
    Ok(ShmMap {
        ptr: ptr.cast(),
        len,
    })
}

impl Drop for ShmMap {
    fn drop(&mut self) {
        // SAFETY: `ptr`/`len` describe a mapping this value owns and nobody uses after drop.
        unsafe { libc::munmap(self.ptr.cast(), self.len) };
    }
}

/// Removes the name `name` (no error if it is already gone).
pub fn unlink(name: &str) -> io::Result<()> {
    let c_name = os_name(name)?;
    // SAFETY: `c_name` is NUL-terminated and outlives the call.
    if unsafe { libc::shm_unlink(c_name.as_ptr()) } == 0 {
        return Ok(());
    }
    let err = io::Error::last_os_error();
    if err.raw_os_error() == Some(libc::ENOENT) {
        Ok(())
    } else {
        Err(err)
    }
}

/// Removes every shared-memory object whose name starts with `prefix` (as listed in
/// `/dev/shm`), returning how many were removed. Engines that create several objects per ring
/// are cleaned up this way without knowing their naming scheme.
pub fn unlink_prefixed(prefix: &str) -> usize {
    let Ok(entries) = std::fs::read_dir(Path::new("/dev/shm")) else {
        return 0;
    };
    entries
        .flatten()
        .filter_map(|entry| entry.file_name().into_string().ok())
        .filter(|name| name.starts_with(prefix))
        .filter(|name| unlink(name).is_ok())
        .count()
}
