//! Pinning the calling thread to one CPU core (Linux `sched_setaffinity`).

use std::io;

/// Restricts the calling thread to `core`. Fails with `EINVAL` for a core beyond the largest
/// CPU set the C library describes, or one that is not online or not allowed to this process
/// (a cpuset or container), and `EPERM` where the process may not change affinity.
pub(crate) fn pin_current_thread(core: usize) -> io::Result<()> {
    if core >= libc::CPU_SETSIZE as usize {
        return Err(io::Error::from_raw_os_error(libc::EINVAL));
    }
    // SAFETY: `cpu_set_t` is a plain bit array, for which all zeroes is the empty set.
    let mut set: libc::cpu_set_t = unsafe { std::mem::zeroed() };
    // SAFETY: `core < CPU_SETSIZE` (checked above), so CPU_SET writes inside `set`.
    unsafe { libc::CPU_SET(core, &mut set) };
    // SAFETY: pid 0 is the calling thread; the pointer and size describe `set`, a live,
    // initialised `cpu_set_t` that the call only reads.
    let rc = unsafe { libc::sched_setaffinity(0, size_of::<libc::cpu_set_t>(), &set) };
    if rc == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

#[cfg(all(test, not(miri)))]
mod tests;
