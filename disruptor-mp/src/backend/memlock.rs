//! Locking a mapping in memory, and the limit that governs it.

use std::io;
use std::ptr::NonNull;

/// `mlock(base, len)`.
pub(crate) fn lock(base: NonNull<u8>, len: usize) -> io::Result<()> {
    // SAFETY: `mlock` only changes how the kernel treats the pages of a mapping the caller owns
    // for `len` bytes from `base`; it reads and writes no memory of ours.
    let rc = unsafe { libc::mlock(base.as_ptr().cast(), len) };
    if rc == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

/// This process's limit on locked memory in bytes (`RLIMIT_MEMLOCK`), `None` when unlimited or
/// unreadable.
pub(crate) fn limit() -> Option<u64> {
    let mut limit = core::mem::MaybeUninit::<libc::rlimit>::uninit();
    // SAFETY: `limit` points to writable memory of the size `getrlimit` fills.
    let rc = unsafe { libc::getrlimit(libc::RLIMIT_MEMLOCK, limit.as_mut_ptr()) };
    if rc != 0 {
        return None;
    }
    // SAFETY: `getrlimit` returned 0, so it initialised the whole struct.
    let limit = unsafe { limit.assume_init() };
    // The cast widens on 32-bit targets, where `rlim_t` may be 32 bits.
    #[allow(clippy::unnecessary_cast)]
    let current = limit.rlim_cur as u64;
    (limit.rlim_cur != libc::RLIM_INFINITY).then_some(current)
}
