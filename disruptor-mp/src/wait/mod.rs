//! How a handle waits when it cannot proceed: spin, spin with a hint, spin then yield, sleep, or
//! block on the segment's futex word.
//!
//! Waiting is only ever on the idle path; a handle that finds work never calls into this module.

mod published;

pub use published::{
    default_block_strategy_duration, default_consume_sleep_duration,
    default_discovery_poll_duration, perform_default_block_wait,
    perform_default_consume_sleep_wait, perform_default_discovery_poll_wait, perform_sleep_wait,
};

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
    /// Spin briefly, then sleep on the segment's futex word until the producer publishes (or at
    /// most [`BLOCK_TIMEOUT`] passes, which bounds a missed wake-up).
    #[default]
    Block,
}

/// Longest single futex sleep of [`AutoWaitStrategy::Block`].
pub const BLOCK_TIMEOUT: Duration = Duration::from_millis(1);
/// Hinted spins [`AutoWaitStrategy::Block`] makes before sleeping.
const BLOCK_SPINS: usize = 256;

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

/// What the idle step needs from the waiting side to block.
pub(crate) trait Blocker {
    /// Sleep until woken or `timeout`, unless progress is possible already.
    fn block(&self, timeout: Duration);
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

    /// Waits once according to `strategy`.
    pub(crate) fn step(&mut self, strategy: AutoWaitStrategy, blocker: &dyn Blocker) {
        self.rounds = self.rounds.saturating_add(1);
        match strategy {
            AutoWaitStrategy::BusySpin => {}
            AutoWaitStrategy::BusySpinWithSpinLoopHint => core::hint::spin_loop(),
            AutoWaitStrategy::SpinThenYield { spins } => {
                if self.rounds <= spins {
                    core::hint::spin_loop();
                } else {
                    std::thread::yield_now();
                }
            }
            AutoWaitStrategy::Sleep(duration) => std::thread::sleep(duration),
            AutoWaitStrategy::Block => {
                if self.rounds <= BLOCK_SPINS {
                    core::hint::spin_loop();
                } else {
                    blocker.block(BLOCK_TIMEOUT);
                }
            }
        }
    }
}

/// A blocker that only sleeps (used where no futex word applies).
pub(crate) struct SleepBlocker;

impl Blocker for SleepBlocker {
    fn block(&self, timeout: Duration) {
        std::thread::sleep(timeout.min(Duration::from_micros(100)));
    }
}
