//! Blocking on a 32-bit word in shared memory: Linux `futex` (shared, not private, because the
//! word lives in a mapping other processes use); under loom, a model of it that never times out
//! (so a lost wake-up is a deadlock loom reports); elsewhere, a short sleep.
//!
//! [`wait_many`] blocks on several words at once (a wait set, the async bridge): one
//! `futex_waitv` call (Linux 5.16+). Where the kernel lacks it (`ENOSYS`, remembered for the
//! process), it sleeps on the first word for at most [`WAIT_MANY_FALLBACK_SLICE`]: the caller
//! re-checks every ring after each return, so a wake-up on another word is late by at most that
//! slice, never lost.

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

/// The most words one [`wait_many`] call takes (the kernel's `FUTEX_WAITV_MAX`); callers with
/// more wait on the first ones and poll the rest after each return.
#[cfg_attr(loom, allow(dead_code))]
pub(crate) const WAIT_MANY_MAX: usize = 128;

/// Where `futex_waitv` is missing: the longest one [`wait_many`] sleeps on its first word, and so
/// how late it notices a wake-up on another.
#[cfg_attr(loom, allow(dead_code))]
pub(crate) const WAIT_MANY_FALLBACK_SLICE: Duration = Duration::from_millis(1);

/// The kernel's `struct futex_waitv` (linux/futex.h).
#[cfg(all(target_os = "linux", not(loom)))]
#[repr(C)]
struct FutexWaitv {
    val: u64,
    uaddr: u64,
    flags: u32,
    reserved: u32,
}

/// `FUTEX2_SIZE_U32`: the words are 32-bit; no `FUTEX2_PRIVATE`, they are shared between
/// processes.
#[cfg(all(target_os = "linux", not(loom)))]
const FUTEX2_SIZE_U32: u32 = 0x02;

/// Set once `futex_waitv` returned `ENOSYS`: every later [`wait_many`] takes the fallback.
#[cfg(all(target_os = "linux", not(loom)))]
static NO_FUTEX_WAITV: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Sleeps while every `*word == expected` of `words` (at most [`WAIT_MANY_MAX`] of them), for at
/// most `timeout`. Returns at once if one already differs; spurious returns are allowed. An
/// empty `words` returns at once.
#[cfg(all(target_os = "linux", not(loom)))]
pub(crate) fn wait_many(words: &[(&AtomicU32, u32)], timeout: Duration) {
    let Some(&(first, first_expected)) = words.first() else {
        return;
    };
    let forced =
        words.len() > WAIT_MANY_MAX || NO_FUTEX_WAITV.load(std::sync::atomic::Ordering::Relaxed);
    if words.len() == 1 || forced {
        let slice = if words.len() == 1 {
            timeout
        } else {
            timeout.min(WAIT_MANY_FALLBACK_SLICE)
        };
        return wait(first, first_expected, slice);
    }
    count_call();
    let waiters: Vec<FutexWaitv> = words
        .iter()
        .map(|&(word, expected)| FutexWaitv {
            val: u64::from(expected),
            uaddr: word.as_ptr() as u64,
            flags: FUTEX2_SIZE_U32,
            reserved: 0,
        })
        .collect();
    let deadline = monotonic_after(timeout);
    // SAFETY: `waiters` is a live array of `waiters.len()` (≤ WAIT_MANY_MAX) kernel
    // `futex_waitv` records, each naming a valid, aligned u32 that the caller keeps mapped for
    // the duration of the call; `deadline` is a valid timespec on CLOCK_MONOTONIC; the call reads
    // user memory only.
    let ret = unsafe {
        libc::syscall(
            libc::SYS_futex_waitv,
            waiters.as_ptr(),
            waiters.len() as libc::c_uint,
            0 as libc::c_uint,
            &deadline as *const libc::timespec,
            libc::CLOCK_MONOTONIC,
        )
    };
    if ret == -1 && std::io::Error::last_os_error().raw_os_error() == Some(libc::ENOSYS) {
        NO_FUTEX_WAITV.store(true, std::sync::atomic::Ordering::Relaxed);
        wait(first, first_expected, timeout.min(WAIT_MANY_FALLBACK_SLICE));
    }
}

/// CLOCK_MONOTONIC now plus `timeout` (saturating): `futex_waitv`'s deadline is absolute.
#[cfg(all(target_os = "linux", not(loom)))]
fn monotonic_after(timeout: Duration) -> libc::timespec {
    let mut now = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `now` is a valid, writable timespec; CLOCK_MONOTONIC always exists on Linux.
    unsafe {
        libc::clock_gettime(libc::CLOCK_MONOTONIC, &mut now);
    }
    let nanos = now.tv_nsec as u64 + u64::from(timeout.subsec_nanos());
    let secs = (now.tv_sec as u64)
        .saturating_add(timeout.as_secs())
        .saturating_add(nanos / 1_000_000_000)
        .min(i64::MAX as u64 / 2);
    libc::timespec {
        tv_sec: secs as libc::time_t,
        tv_nsec: (nanos % 1_000_000_000) as libc::c_long,
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

/// Loom: sleeps while every `*word == expected` of `words` until a [`wake_all`] (of any word);
/// the timeout is ignored.
#[cfg(loom)]
pub(crate) fn wait_many(words: &[(&AtomicU32, u32)], _timeout: Duration) {
    let guard = PARKED.0.lock().expect("futex model lock");
    let unchanged = words
        .iter()
        .all(|&(word, expected)| word.load(core::sync::atomic::Ordering::SeqCst) == expected);
    if !words.is_empty() && unchanged {
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

/// Fallback: sleep briefly unless a word already moved.
#[cfg(all(not(target_os = "linux"), not(loom)))]
pub(crate) fn wait_many(words: &[(&AtomicU32, u32)], timeout: Duration) {
    let unchanged = words
        .iter()
        .all(|&(word, expected)| word.load(core::sync::atomic::Ordering::Acquire) == expected);
    if !words.is_empty() && unchanged {
        std::thread::sleep(timeout.min(Duration::from_micros(50)));
    }
}

/// Fallback: nothing to wake; waiters poll.
#[cfg(all(not(target_os = "linux"), not(loom)))]
pub(crate) fn wake_all(_word: &AtomicU32) {}

#[cfg(all(test, target_os = "linux", not(loom), not(miri)))]
mod tests;
