//! Timestamps cheap enough for the measured path, comparable across processes.
//!
//! On x86_64 a tick is one TSC count (`rdtsc`, a few nanoseconds, no system call); the TSC is
//! invariant and shared by all cores on the machines this targets (check `constant_tsc` and
//! `nonstop_tsc` in `/proc/cpuinfo`). Elsewhere a tick is a nanosecond of `CLOCK_MONOTONIC`.
//! The orchestrator calibrates ticks per nanosecond once and hands the factor to every child, so
//! all processes of a run convert with the same number.

use std::time::{Duration, Instant};

/// The current tick count, read after every earlier instruction has completed.
///
/// `rdtsc` alone may execute before a preceding load has returned (it is not ordered with
/// loads), which would time a receive before the event actually arrived; the `lfence` in front
/// orders it (a few cycles, the same for every engine).
#[inline(always)]
pub fn now() -> u64 {
    #[cfg(target_arch = "x86_64")]
    {
        // SAFETY: `lfence` and `rdtsc` have no memory effects beyond ordering and are available
        // on every x86_64 processor (SSE2 is part of the baseline).
        unsafe {
            core::arch::x86_64::_mm_lfence();
            core::arch::x86_64::_rdtsc()
        }
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        monotonic_ns()
    }
}

/// `CLOCK_MONOTONIC` in nanoseconds.
pub fn monotonic_ns() -> u64 {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid, writable timespec for the duration of the call.
    unsafe { libc::clock_gettime(libc::CLOCK_MONOTONIC, &mut ts) };
    ts.tv_sec as u64 * 1_000_000_000 + ts.tv_nsec as u64
}

/// Measures ticks per nanosecond over about `window`.
pub fn calibrate(window: Duration) -> f64 {
    let (wall0, tick0) = (Instant::now(), now());
    std::thread::sleep(window);
    let (wall1, tick1) = (Instant::now(), now());
    let ns = wall1.duration_since(wall0).as_nanos() as f64;
    ((tick1 - tick0) as f64 / ns).max(1e-9)
}

/// Converts between ticks and nanoseconds with a fixed factor.
#[derive(Clone, Copy, Debug)]
pub struct TickScale {
    /// Ticks per nanosecond.
    pub ticks_per_ns: f64,
}

impl TickScale {
    /// Nanoseconds in `ticks`, rounded down.
    #[inline(always)]
    pub fn to_ns(self, ticks: u64) -> u64 {
        (ticks as f64 / self.ticks_per_ns) as u64
    }

    /// Ticks in `ns` nanoseconds.
    #[inline(always)]
    pub fn from_ns(self, ns: f64) -> f64 {
        ns * self.ticks_per_ns
    }
}
