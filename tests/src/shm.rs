//! Raw POSIX shared-memory objects, bypassing the library: list, read, write and unlink them.
//!
//! Segment name `x` is the object `/x`, which Linux shows as `/dev/shm/x`.

use std::collections::BTreeSet;
use std::ffi::CString;
use std::fs::File;
use std::io::{self, Read};
use std::os::fd::{FromRawFd, OwnedFd};
use std::os::unix::fs::FileExt;

/// Where Linux exposes POSIX shared-memory objects.
pub const SHM_DIR: &str = "/dev/shm";

/// The names of every entry in `/dev/shm` now.
pub fn snapshot() -> BTreeSet<String> {
    match std::fs::read_dir(SHM_DIR) {
        Ok(dir) => dir
            .filter_map(Result::ok)
            .filter_map(|entry| entry.file_name().into_string().ok())
            .collect(),
        Err(err) => panic!("cannot list {SHM_DIR}: {err}"),
    }
}

/// The entries of `/dev/shm` whose names start with `prefix`, sorted.
pub fn entries_with_prefix(prefix: &str) -> Vec<String> {
    snapshot()
        .into_iter()
        .filter(|name| name.starts_with(prefix))
        .collect()
}

/// Whether the object for segment `name` exists.
pub fn exists(name: &str) -> bool {
    std::path::Path::new(SHM_DIR).join(name).exists()
}

fn os_name(name: &str) -> CString {
    CString::new(format!("/{name}")).expect("segment names have no NUL")
}

fn shm_open(name: &str, flags: libc::c_int, mode: libc::mode_t) -> io::Result<File> {
    let os_name = os_name(name);
    // SAFETY: `os_name` is a NUL-terminated string that outlives the call; flags and mode are
    // plain integers.
    let fd = unsafe { libc::shm_open(os_name.as_ptr(), flags, mode) };
    if fd < 0 {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: `fd` was just returned by a successful `shm_open`; nothing else owns it.
    Ok(File::from(unsafe { OwnedFd::from_raw_fd(fd) }))
}

/// Removes the object for segment `name` (`Ok` if it did not exist).
pub fn unlink(name: &str) -> io::Result<()> {
    let os_name = os_name(name);
    // SAFETY: `os_name` is a NUL-terminated string that outlives the call.
    let rc = unsafe { libc::shm_unlink(os_name.as_ptr()) };
    if rc == 0 {
        return Ok(());
    }
    let err = io::Error::last_os_error();
    if err.raw_os_error() == Some(libc::ENOENT) {
        Ok(())
    } else {
        Err(err)
    }
}

/// Creates the object for segment `name` exclusively (mode 0600), `len` bytes long, with `bytes`
/// written at offset 0 (`bytes` may be shorter or longer than `len`; the excess is dropped).
pub fn create_raw(name: &str, len: usize, bytes: &[u8]) -> io::Result<()> {
    let file = shm_open(
        name,
        libc::O_CREAT | libc::O_EXCL | libc::O_RDWR | libc::O_CLOEXEC,
        0o600,
    )?;
    let write = || -> io::Result<()> {
        file.set_len(len as u64)?;
        file.write_all_at(&bytes[..bytes.len().min(len)], 0)
    };
    write().inspect_err(|_| {
        let _ = unlink(name);
    })
}

/// Sets the length of the existing object for segment `name` (`ftruncate`).
pub fn resize(name: &str, len: u64) -> io::Result<()> {
    shm_open(name, libc::O_RDWR | libc::O_CLOEXEC, 0)?.set_len(len)
}

/// Opens the existing object for segment `name` read-write, to write into it repeatedly with
/// `FileExt::write_all_at` (which every mapping of the object sees at once).
pub fn open_rw(name: &str) -> io::Result<File> {
    shm_open(name, libc::O_RDWR | libc::O_CLOEXEC, 0)
}

/// Overwrites bytes of the existing object for segment `name` at `offset`.
pub fn write_at(name: &str, offset: u64, bytes: &[u8]) -> io::Result<()> {
    shm_open(name, libc::O_RDWR | libc::O_CLOEXEC, 0)?.write_all_at(bytes, offset)
}

/// The full contents of the object for segment `name`.
pub fn read_all(name: &str) -> io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    shm_open(name, libc::O_RDONLY | libc::O_CLOEXEC, 0)?.read_to_end(&mut bytes)?;
    Ok(bytes)
}
