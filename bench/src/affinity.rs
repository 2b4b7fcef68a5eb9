//! Pinning a process to one core, and waiting politely or not.

use std::io;

/// Pins the calling process (all its threads created later) to `core`.
pub fn pin_to_core(core: usize) -> io::Result<()> {
    // SAFETY: `cpu_set_t` is plain data; all-zero is the empty set.
    let mut set: libc::cpu_set_t = unsafe { core::mem::zeroed() };
    if core >= 8 * core::mem::size_of::<libc::cpu_set_t>() {
        return Err(io::Error::from(io::ErrorKind::InvalidInput));
    }
    // SAFETY: `core` is below the set's capacity (checked above).
    unsafe { libc::CPU_SET(core, &mut set) };
    // SAFETY: pid 0 is the calling thread; `set` is a valid cpu set of the size passed.
    let rc = unsafe { libc::sched_setaffinity(0, core::mem::size_of::<libc::cpu_set_t>(), &set) };
    if rc == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

/// The core the caller runs on now.
pub fn current_core() -> Option<usize> {
    // SAFETY: no arguments; returns -1 on error.
    let cpu = unsafe { libc::sched_getcpu() };
    usize::try_from(cpu).ok()
}

/// Cores this process may run on.
pub fn online_cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// What a benchmark loop does when it has to wait for the other side.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Idle {
    /// Re-check at once (one busy process per core).
    Spin,
    /// Re-check after a PAUSE hint.
    Pause,
    /// Give the core away (more processes than cores).
    Yield,
}

impl Idle {
    /// Waits once.
    #[inline(always)]
    pub fn wait(self) {
        match self {
            Idle::Spin => {}
            Idle::Pause => core::hint::spin_loop(),
            Idle::Yield => std::thread::yield_now(),
        }
    }

    /// Parses `spin`, `pause` or `yield`.
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "spin" => Some(Idle::Spin),
            "pause" => Some(Idle::Pause),
            "yield" => Some(Idle::Yield),
            _ => None,
        }
    }

    /// The name [`Idle::parse`] reads.
    pub fn name(self) -> &'static str {
        match self {
            Idle::Spin => "spin",
            Idle::Pause => "pause",
            Idle::Yield => "yield",
        }
    }
}
