//! CPU time and context switches of the calling process: CPU time from
//! `CLOCK_PROCESS_CPUTIME_ID` (the scheduler's nanosecond count of user + system time, what
//! `getrusage` rounds and splits), context switches from `getrusage(RUSAGE_SELF)`; the rounded
//! `getrusage` user + system time is kept as a cross-check.

use super::spec::Usage;
use std::time::Instant;

/// A reading to subtract a later one from.
#[derive(Clone, Copy, Debug)]
pub struct Mark {
    at: Instant,
    cpu_ns: u64,
    usage: libc::rusage,
}

fn process_cpu_ns() -> u64 {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid, writable timespec for the duration of the call.
    unsafe { libc::clock_gettime(libc::CLOCK_PROCESS_CPUTIME_ID, &mut ts) };
    ts.tv_sec as u64 * 1_000_000_000 + ts.tv_nsec as u64
}

fn rusage() -> libc::rusage {
    // SAFETY: `rusage` is plain data; all-zero is a valid value.
    let mut usage: libc::rusage = unsafe { core::mem::zeroed() };
    // SAFETY: `usage` is a valid, writable rusage for the duration of the call.
    unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut usage) };
    usage
}

fn micros(tv: libc::timeval) -> u64 {
    tv.tv_sec as u64 * 1_000_000 + tv.tv_usec as u64
}

impl Mark {
    /// Reads the clock and the process's usage now.
    pub fn now() -> Self {
        Self {
            at: Instant::now(),
            cpu_ns: process_cpu_ns(),
            usage: rusage(),
        }
    }

    /// What the process used since this mark.
    pub fn since(&self) -> Usage {
        let now = Self::now();
        let cpu = |u: &libc::rusage| micros(u.ru_utime) + micros(u.ru_stime);
        Usage {
            wall_ns: now.at.duration_since(self.at).as_nanos() as u64,
            cpu_ns: now.cpu_ns.saturating_sub(self.cpu_ns),
            rusage_cpu_ns: 1000 * cpu(&now.usage).saturating_sub(cpu(&self.usage)),
            voluntary: (now.usage.ru_nvcsw - self.usage.ru_nvcsw).max(0) as u64,
            involuntary: (now.usage.ru_nivcsw - self.usage.ru_nivcsw).max(0) as u64,
        }
    }
}
