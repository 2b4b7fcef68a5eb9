//! What to run: scenarios, engines, payloads, counts, cores. Every number has a default for the
//! full run and is overridable on the command line (see `dmp-bench help`).

use crate::affinity::{Idle, online_cores};
use crate::engine::DEFAULT_ENGINES;
use crate::payload::SIZES;
use serde::Serialize;
use std::path::PathBuf;

/// A scenario.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Scenario {
    /// Round trips over two rings.
    PingPong,
    /// Events per second, 1 → 1 and 1 → N, single and batch publish.
    Throughput,
    /// Latency from the intended send time at a fixed rate.
    FixedRate,
}

impl Scenario {
    /// Name in reports and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Scenario::PingPong => "ping-pong",
            Scenario::Throughput => "throughput",
            Scenario::FixedRate => "fixed-rate",
        }
    }
}

/// The full configuration of one invocation.
#[derive(Clone, Debug, Serialize)]
pub struct Config {
    /// Scenarios, in order.
    pub scenarios: Vec<Scenario>,
    /// Engine names, in order (run interleaved per payload).
    pub engines: Vec<String>,
    /// Payload sizes for ping-pong and throughput.
    pub payloads: Vec<usize>,
    /// Measured ping-pong round trips.
    pub round_trips: u64,
    /// Unmeasured round trips first.
    pub warmup_round_trips: u64,
    /// Throughput events per run (`None`: by payload size, see [`Config::events_for`]).
    pub events: Option<u64>,
    /// Consumers of the 1 → N throughput case (1 → 1 always runs).
    pub consumers: usize,
    /// Events per batch publish.
    pub batch: usize,
    /// Slots per ring.
    pub capacity: usize,
    /// Fixed-rate scenario: events per second.
    pub rate: f64,
    /// Fixed-rate scenario: measured seconds.
    pub rate_secs: f64,
    /// Fixed-rate scenario: payload size.
    pub rate_payload: usize,
    /// Cores to pin to, assigned to a group's processes in order (round robin).
    pub cores: Vec<usize>,
    /// Override of the waiting policy (default: spin when every process has its own core,
    /// yield otherwise).
    pub idle: Option<Idle>,
    /// Repetitions of the whole plan; reports show medians.
    pub runs: usize,
    /// Divide every count by this (1 for the full run, 100 for `--quick`).
    pub divisor: u64,
    /// Where results.json and latency.svg go.
    pub out_dir: PathBuf,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            scenarios: vec![
                Scenario::PingPong,
                Scenario::Throughput,
                Scenario::FixedRate,
            ],
            engines: DEFAULT_ENGINES.iter().map(|s| s.to_string()).collect(),
            payloads: SIZES.to_vec(),
            round_trips: 1_000_000,
            warmup_round_trips: 100_000,
            events: None,
            consumers: 2,
            batch: 64,
            capacity: 1024,
            rate: 1_000_000.0,
            rate_secs: 2.0,
            rate_payload: 64,
            cores: (0..online_cores()).collect(),
            idle: None,
            runs: 1,
            divisor: 1,
            out_dir: PathBuf::from(default_out_dir()),
        }
    }
}

fn default_out_dir() -> String {
    // `cargo run` sets the manifest dir of the bench crate; results go next to the workspace's
    // target directory.
    match std::env::var("CARGO_MANIFEST_DIR") {
        Ok(dir) => format!("{dir}/../target/bench"),
        Err(_) => "target/bench".into(),
    }
}

impl Config {
    /// Throughput events for a payload of `size` bytes: 10 M up to 256 B, then about 4 GiB of
    /// payload per run at most.
    pub fn events_for(&self, size: usize) -> u64 {
        let full = self
            .events
            .unwrap_or_else(|| (10_000_000u64).min((4u64 << 30) / size as u64));
        (full / self.divisor).max(1000)
    }

    /// Measured round trips after the divisor.
    pub fn round_trips(&self) -> u64 {
        (self.round_trips / self.divisor).max(1000)
    }

    /// Warm-up round trips after the divisor.
    pub fn warmup_round_trips(&self) -> u64 {
        self.warmup_round_trips / self.divisor
    }

    /// Fixed-rate measured events after the divisor.
    pub fn rate_events(&self) -> u64 {
        ((self.rate * self.rate_secs) as u64 / self.divisor).max(1000)
    }

    /// The waiting policy for a group of `processes` busy processes.
    pub fn idle_for(&self, processes: usize) -> Idle {
        self.idle.unwrap_or(if processes <= self.cores.len() {
            Idle::Spin
        } else {
            Idle::Yield
        })
    }

    /// Core of process `index` of a group.
    pub fn core_for(&self, index: usize) -> Option<usize> {
        (!self.cores.is_empty()).then(|| self.cores[index % self.cores.len()])
    }
}
