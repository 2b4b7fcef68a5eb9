//! How a handle waits when it cannot proceed: spin, spin with a hint, spin then yield, sleep, or
//! block on the segment's futex word.
//!
//! Waiting is only ever on the idle path; a handle that finds work never calls into this module.

mod published;
mod set;

pub use published::{
    default_block_strategy_duration, default_consume_sleep_duration,
    default_discovery_poll_duration, perform_default_block_wait,
    perform_default_consume_sleep_wait, perform_default_discovery_poll_wait, perform_sleep_wait,
};

pub use set::{Readiness, Ready, WaitKey, WaitSet};

use std::time::Duration;

/// How a consumer (or a blocked producer) waits for the other side.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum AutoWaitStrategy {
    /// Re-check immediately. Lowest latency; burns a whole core.
    BusySpin,
    /// Re-check after a `spin_loop` hint (PAUSE on x86), which is kinder to an SMT sibling.
    BusySpinWithSpinLoopHint,
    /// Spin `spins` times with hints, then yield the CPU once per further check.
    SpinThenYield {
        /// Hinted spins before the first yield.
        spins: usize,
    },
    /// Sleep this long between checks.
    Sleep(Duration),
    /// Spin briefly, then sleep on the ring's futex word until the other side acts: a consumer
    /// until the producer publishes (or closes the ring), a producer on a full ring until a
    /// consumer frees space. Wake-ups are never lost, and a side that finds work makes no system
    /// call. Each sleep lasts at most [`BLOCK_TIMEOUT`], which bounds how late a consumer
    /// notices that its producer died.
    #[default]
    Block,
}

/// Longest single futex sleep of [`AutoWaitStrategy::Block`]: how often a sleeping consumer
/// looks whether its producer died (a dead process wakes nobody). Not a bound on wake-ups, which
/// are never lost.
pub const BLOCK_TIMEOUT: Duration = Duration::from_millis(50);
/// Hinted spins [`AutoWaitStrategy::Block`] makes before sleeping.
pub(crate) const BLOCK_SPINS: usize = 256;

impl AutoWaitStrategy {
    /// [`AutoWaitStrategy::BusySpin`].
    pub fn high_performance() -> Self {
        Self::BusySpin
    }

    /// [`AutoWaitStrategy::BusySpinWithSpinLoopHint`].
    pub fn high_performance_with_hints() -> Self {
        Self::BusySpinWithSpinLoopHint
    }

    /// [`AutoWaitStrategy::SpinThenYield`] with `spins` hinted spins.
    pub fn spin_then_yield(spins: usize) -> Self {
        Self::SpinThenYield { spins }
    }

    /// [`AutoWaitStrategy::Sleep`] of `duration` (a zero duration spins with a hint).
    pub fn sleep(duration: Duration) -> Self {
        if duration.is_zero() {
            Self::BusySpinWithSpinLoopHint
        } else {
            Self::Sleep(duration)
        }
    }
}

/// Per-wait state: how many times this wait has been idle.
#[derive(Debug, Default)]
pub(crate) struct Idle {
    rounds: usize,
}

impl Idle {
    /// Starts a fresh wait.
    pub(crate) fn new() -> Self {
        Self { rounds: 0 }
    }

    /// Waits once according to `strategy`; `block(timeout)` sleeps until the other side acts
    /// (or `timeout` passes). Returns whether this step slept (blocked or `Sleep`), so callers
    /// that must look at the clock now and then know when time has passed.
    pub(crate) fn step(
        &mut self,
        strategy: AutoWaitStrategy,
        block: impl FnOnce(Duration),
    ) -> bool {
        self.rounds = self.rounds.saturating_add(1);
        match strategy {
            AutoWaitStrategy::BusySpin => false,
            AutoWaitStrategy::BusySpinWithSpinLoopHint => {
                core::hint::spin_loop();
                false
            }
            AutoWaitStrategy::SpinThenYield { spins } => {
                if self.rounds <= spins {
                    core::hint::spin_loop();
                } else {
                    std::thread::yield_now();
                }
                false
            }
            AutoWaitStrategy::Sleep(duration) => {
                std::thread::sleep(duration);
                true
            }
            AutoWaitStrategy::Block => {
                if self.rounds <= BLOCK_SPINS {
                    core::hint::spin_loop();
                    false
                } else {
                    block(BLOCK_TIMEOUT);
                    true
                }
            }
        }
    }
}
