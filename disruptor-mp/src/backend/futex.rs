//! Blocking on a 32-bit word in shared memory: Linux `futex` (shared, not private, because the
//! word lives in a mapping other processes use); under loom, a model of it that never times out
//! (so a lost wake-up is a deadlock loom reports); elsewhere, a short sleep.

use crate::ring::sync::AtomicU32;
use std::time::Duration;

#[cfg(all(test, target_os = "linux", not(loom)))]
std::thread_local! {
    /// Futex system calls this thread made (in-crate tests only: they prove the paths that
    /// find work make none).
    static CALLS: core::cell::Cell<u64> = const { core::cell::Cell::new(0) };
}

/// Futex system calls the calling thread has made so far (in-crate tests only).
#[cfg(all(test, target_os = "linux", not(loom), not(miri)))]
pub(crate) fn calls_on_this_thread() -> u64 {
    CALLS.with(|calls| calls.get())
}

#[cfg(all(target_os = "linux", not(loom)))]
#[inline(always)]
fn count_call() {
    #[cfg(test)]
    CALLS.with(|calls| calls.set(calls.get() + 1));
}

/// Sleeps while `*word == expected`, for at most `timeout`. Spurious returns are allowed.
#[cfg(all(target_os = "linux", not(loom)))]
pub(crate) fn wait(word: &AtomicU32, expected: u32, timeout: Duration) {
    count_call();
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
    count_call();
    // SAFETY: `word` is a valid, aligned u32; FUTEX_WAKE only reads its address.
    unsafe {
        libc::syscall(libc::SYS_futex, word.as_ptr(), libc::FUTEX_WAKE, i32::MAX);
    }
}

#[cfg(loom)]
loom::lazy_static! {
    /// One queue for every word: a wake wakes all sleepers, which futex allows (spurious
    /// returns), and checking the word under the lock makes check-and-sleep atomic against a
    /// waker that changes the word before it takes the lock, as the kernel's futex is.
    static ref PARKED: (loom::sync::Mutex<()>, loom::sync::Condvar) =
        (loom::sync::Mutex::new(()), loom::sync::Condvar::new());
}

/// Loom: sleeps while `*word == expected` until a [`wake_all`]; the timeout is ignored.
#[cfg(loom)]
pub(crate) fn wait(word: &AtomicU32, expected: u32, _timeout: Duration) {
    let guard = PARKED.0.lock().expect("futex model lock");
    if word.load(core::sync::atomic::Ordering::SeqCst) == expected {
        drop(PARKED.1.wait(guard).expect("futex model wait"));
    }
}

/// Loom: wakes every model sleeper.
#[cfg(loom)]
pub(crate) fn wake_all(_word: &AtomicU32) {
    let _guard = PARKED.0.lock().expect("futex model lock");
    PARKED.1.notify_all();
}

/// Fallback: sleep briefly; the producer's wake is a no-op.
#[cfg(all(not(target_os = "linux"), not(loom)))]
pub(crate) fn wait(word: &AtomicU32, expected: u32, timeout: Duration) {
    if word.load(core::sync::atomic::Ordering::Acquire) == expected {
        std::thread::sleep(timeout.min(Duration::from_micros(50)));
    }
}

/// Fallback: nothing to wake; waiters poll.
#[cfg(all(not(target_os = "linux"), not(loom)))]
pub(crate) fn wake_all(_word: &AtomicU32) {}
