//! What the orchestrator tells a wake-up child and what the child reports back, and the
//! strategies under test.

use disruptor_mp::AutoWaitStrategy;
use serde::{Deserialize, Serialize};
use std::time::Duration;

/// Hinted spins of the `SpinThenYield` row: the same spin phase as `Block` (256), so the two rows
/// differ only in what follows it (a yield per check against a futex sleep).
pub const SPIN_THEN_YIELD_SPINS: usize = 256;

/// A consumer wait strategy under test.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Strategy {
    /// `AutoWaitStrategy::Block` (the default): 256 hinted spins, then a futex sleep.
    Block,
    /// `AutoWaitStrategy::Sleep(1 µs)`: a `nanosleep` between checks.
    Sleep1us,
    /// `AutoWaitStrategy::SpinThenYield { spins: 256 }`.
    SpinThenYield,
    /// `AutoWaitStrategy::BusySpin`.
    BusySpin,
    /// An `AsyncConsumer` (feature `tokio`) awaited on a current-thread tokio runtime: its idle
    /// waits go through the process's bridge thread.
    Async,
}

impl Strategy {
    /// The library's strategy.
    pub fn wait(self) -> AutoWaitStrategy {
        match self {
            Strategy::Block => AutoWaitStrategy::Block,
            Strategy::Sleep1us => AutoWaitStrategy::Sleep(Duration::from_micros(1)),
            Strategy::SpinThenYield => AutoWaitStrategy::spin_then_yield(SPIN_THEN_YIELD_SPINS),
            Strategy::BusySpin => AutoWaitStrategy::BusySpin,
            // The async consumer does not use the strategy; its blocking twin would block.
            Strategy::Async => AutoWaitStrategy::Block,
        }
    }

    /// Name in the table and the JSON file.
    pub fn name(self) -> &'static str {
        match self {
            Strategy::Block => "Block",
            Strategy::Sleep1us => "Sleep(1µs)",
            Strategy::SpinThenYield => "SpinThenYield(256)",
            Strategy::BusySpin => "BusySpin",
            Strategy::Async => "async (tokio)",
        }
    }
}

/// Which half of which measurement a child runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum WakeRole {
    /// Publishes at random gaps, stamping each event with its publish time.
    Publisher,
    /// Reads with the blocking `consume_next_leased`, recording return time − publish time.
    Sleeper,
    /// Publishes nothing for the window, then one event to end it.
    Quiet,
    /// Blocks in `consume_next_leased` on an idle ring for the window; reports its CPU time.
    IdleConsumer,
    /// Fills the ring, then blocks in `publish`; reports its CPU time while blocked.
    FullProducer,
    /// Holds its reserved gating place without reading for the window, then drains.
    Holder,
    /// Publishes `count` events as fast as the ring lets it, in batches.
    Flood,
    /// Reads `count` events as fast as they come: `process_available_blocking` batches, or
    /// (strategy `Async`) the `AsyncConsumer`'s `Stream`; reports the time from its first event
    /// to its last.
    Drain,
}

/// Everything a child needs, passed as one JSON argument.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct WakeArgs {
    /// The role.
    pub role: WakeRole,
    /// The consumer's wait strategy (producers always use the default, `Block`).
    pub strategy: Strategy,
    /// Ring name.
    pub ring: String,
    /// Slots in the ring.
    pub capacity: usize,
    /// Measured wake-ups.
    pub count: u64,
    /// Unmeasured wake-ups before them.
    pub warmup: u64,
    /// Shortest gap between publishes, ns.
    pub min_gap_ns: u64,
    /// Longest gap between publishes, ns.
    pub max_gap_ns: u64,
    /// Seed of the gaps.
    pub seed: u64,
    /// Idle window, seconds.
    pub window_secs: f64,
    /// Core to pin to.
    pub core: Option<usize>,
    /// Control block name (set by the group runner).
    pub control: String,
    /// Output file (set by the group runner).
    pub out: String,
    /// Tick scale shared by all processes of the run.
    pub ticks_per_ns: f64,
    /// Seconds the whole child may take (set by the group runner).
    pub budget_secs: f64,
}

/// CPU time and context switches of a span of one process.
#[derive(Clone, Copy, Debug, Default, Serialize, Deserialize)]
pub struct Usage {
    /// Wall-clock time of the span, ns.
    pub wall_ns: u64,
    /// User plus system CPU time, ns (`CLOCK_PROCESS_CPUTIME_ID`).
    pub cpu_ns: u64,
    /// The same from `getrusage` (microseconds, split by tick samples), ns.
    pub rusage_cpu_ns: u64,
    /// Voluntary context switches (the process went to sleep).
    pub voluntary: u64,
    /// Involuntary context switches (the process was preempted).
    pub involuntary: u64,
}

impl Usage {
    /// CPU time as a percentage of one core over the span.
    pub fn cpu_percent(&self) -> f64 {
        if self.wall_ns == 0 {
            return 0.0;
        }
        100.0 * self.cpu_ns as f64 / self.wall_ns as f64
    }
}

/// What a child measured.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct WakeOutput {
    /// Core the child ran on at the end.
    pub core: Option<usize>,
    /// Events published or read.
    pub events: u64,
    /// Events that failed validation.
    pub bad: u64,
    /// Wake-up latencies in ns as (value, count).
    pub histogram: Vec<(u64, u64)>,
    /// CPU time over the measured span.
    pub usage: Usage,
}
