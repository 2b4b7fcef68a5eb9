//! Blocking on a 32-bit word in shared memory: Linux `futex` (shared, not private, because the
//! word lives in a mapping other processes use); elsewhere, and under loom, a short sleep.

use crate::ring::sync::AtomicU32;
use std::time::Duration;

/// Sleeps while `*word == expected`, for at most `timeout`. Spurious returns are allowed.
#[cfg(all(target_os = "linux", not(loom)))]
pub(crate) fn wait(word: &AtomicU32, expected: u32, timeout: Duration) {
    let ts = libc::timespec {
        tv_sec: timeout.as_secs().min(i64::MAX as u64) as libc::time_t,
        tv_nsec: timeout.subsec_nanos() as libc::c_long,
    };
    // SAFETY: `word` is a valid, aligned u32 for the duration of the call (it lives in a mapping
    // the caller keeps alive); `ts` is a valid timespec; FUTEX_WAIT does not write user memory.
    unsafe {
        libc::syscall(
            libc::SYS_futex,
            word.as_ptr(),
            libc::FUTEX_WAIT,
            expected,
            &ts as *const libc::timespec,
        );
    }
}

/// Wakes every thread blocked in [`wait`] on `word`, in any process.
#[cfg(all(target_os = "linux", not(loom)))]
pub(crate) fn wake_all(word: &AtomicU32) {
    // SAFETY: `word` is a valid, aligned u32; FUTEX_WAKE only reads its address.
    unsafe {
        libc::syscall(libc::SYS_futex, word.as_ptr(), libc::FUTEX_WAKE, i32::MAX);
    }
}

/// Fallback: sleep briefly; the producer's wake is a no-op.
#[cfg(any(not(target_os = "linux"), loom))]
pub(crate) fn wait(word: &AtomicU32, expected: u32, timeout: Duration) {
    if word.load(core::sync::atomic::Ordering::Acquire) == expected {
        std::thread::sleep(timeout.min(Duration::from_micros(50)));
    }
}

/// Fallback: nothing to wake; waiters poll.
#[cfg(any(not(target_os = "linux"), loom))]
pub(crate) fn wake_all(_word: &AtomicU32) {}
