//! The `wakeup` scenario (issue 12, point 6): what waiting costs with the library's own blocking
//! calls, between two pinned processes.
//!
//! - Wake-up latency: the publisher publishes into an idle ring at seeded random gaps (20–200 µs
//!   after the consumer took the previous event, so a `Block` consumer is past its 256 spins and
//!   asleep), stamping each event with the tick of its publish; the consumer, blocked in
//!   `consume_next_leased` with the strategy under test, records return tick − publish tick.
//!   Side by side: `Block`, `Sleep(1 µs)`, `SpinThenYield(256)` and `BusySpin`. The consumer's
//!   voluntary context switches per wake-up show whether it really slept.
//! - Idle CPU: a consumer blocked on a ring nothing is published to, and a producer blocked in
//!   `publish` on a full ring whose gating consumer reads nothing, each over a window (10 s,
//!   1 s with `--quick`), as a percentage of one core (`getrusage` user + system time).
//!
//! - Async (issue 16, point 3): the same wake-up latency for an `AsyncConsumer` awaited on a
//!   tokio runtime (`async (tokio)`, next to `Block`), and the throughput of its `Stream` next to
//!   the blocking batch read (`process_available_blocking`) on a flooded ring of 64-byte events.
//!
//! Children run as `dmp-bench wake-role <json>` ([`run_role`]), one process per core.

mod child;
mod group;
mod idle;
mod latency;
mod report;
pub mod spec;
mod throughput;
mod usage;

pub use child::run_role;

use crate::cli::args::WakePart;
use crate::clock::TickScale;
use crate::config::Config;
use crate::orchestrate::{Names, run_group};
use crate::results::Latency;
use crate::roles::new_histogram;
use serde::Serialize;
use spec::{Strategy, Usage, WakeArgs, WakeOutput, WakeRole};
use std::time::Duration;

/// Wake-ups measured per strategy in the full run.
const WAKEUPS: u64 = 100_000;
/// Events of each throughput run in the full run.
const FLOOD_EVENTS: u64 = 4_000_000;
/// Idle window of the full run, seconds (`--quick`: 1 s).
const WINDOW_SECS: f64 = 10.0;

/// The numbers this run used.
#[derive(Clone, Debug, Serialize)]
pub struct Settings {
    /// Measured wake-ups per strategy.
    pub wakeups: u64,
    /// Unmeasured wake-ups first.
    pub warmup: u64,
    /// Shortest gap before a publish, ns.
    pub min_gap_ns: u64,
    /// Longest gap before a publish, ns.
    pub max_gap_ns: u64,
    /// Seed of the gaps.
    pub seed: u64,
    /// Idle window, seconds.
    pub window_secs: f64,
    /// Events of each throughput run.
    pub flood_events: u64,
    /// Ring slots.
    pub capacity: usize,
    /// Payload bytes.
    pub payload: usize,
    /// Cores: producer side first, consumer side second.
    pub cores: Vec<usize>,
}

impl Settings {
    /// The settings for `config` (`--quick` divides the wake-ups and shortens the window;
    /// `--events` sets the wake-ups).
    pub fn of(config: &Config) -> Self {
        let quick = config.divisor > 1;
        let wakeups = config
            .events
            .unwrap_or((WAKEUPS / config.divisor).max(1000));
        Self {
            wakeups,
            warmup: (wakeups / 100).max(100),
            min_gap_ns: 20_000,
            max_gap_ns: 200_000,
            seed: 0x5EED_0012,
            window_secs: if quick { 1.0 } else { WINDOW_SECS },
            flood_events: FLOOD_EVENTS / config.divisor,
            capacity: config.capacity,
            payload: 64,
            cores: config.cores.clone(),
        }
    }

    fn core_for(&self, index: usize) -> Option<usize> {
        (!self.cores.is_empty()).then(|| self.cores[index % self.cores.len()])
    }

    fn args(&self, role: WakeRole, strategy: Strategy, ring: &str, scale: TickScale) -> WakeArgs {
        let consumer_side = matches!(
            role,
            WakeRole::Sleeper | WakeRole::IdleConsumer | WakeRole::Holder | WakeRole::Drain
        );
        let count = if matches!(role, WakeRole::Flood | WakeRole::Drain) {
            self.flood_events
        } else {
            self.wakeups
        };
        WakeArgs {
            role,
            strategy,
            ring: ring.to_owned(),
            capacity: self.capacity,
            count,
            warmup: self.warmup,
            min_gap_ns: self.min_gap_ns,
            max_gap_ns: self.max_gap_ns,
            seed: self.seed,
            window_secs: self.window_secs,
            core: self.core_for(usize::from(consumer_side)),
            control: String::new(),
            out: String::new(),
            ticks_per_ns: scale.ticks_per_ns,
            budget_secs: 0.0,
        }
    }
}

/// Wake-up latency of one strategy.
#[derive(Clone, Debug, Serialize)]
pub struct LatencyRow {
    /// Strategy name.
    pub strategy: String,
    /// Return time − publish time, ns.
    pub latency: Latency,
    /// The consumer's CPU time and context switches over the measured wake-ups.
    pub consumer: Usage,
    /// Voluntary context switches of the consumer per wake-up (about 1 when it slept each time).
    pub sleeps_per_wakeup: f64,
    /// Core of each process.
    pub cores: Vec<(String, Option<usize>)>,
    /// Events that failed validation.
    pub bad: u64,
    /// Percentile curve, (percentile, ns).
    pub curve: Vec<(f64, f64)>,
}

/// Events per second of one way of reading a flooded ring.
#[derive(Clone, Debug, Serialize)]
pub struct ThroughputRow {
    /// `process_available_blocking` or `Stream`.
    pub reader: String,
    /// Runs of this reader; the row is the median one.
    pub runs: usize,
    /// Events read.
    pub events: u64,
    /// From the reader's first event to its last, ns.
    pub wall_ns: u64,
    /// Millions of events per second.
    pub mevents_per_sec: f64,
    /// Core of each process.
    pub cores: Vec<(String, Option<usize>)>,
    /// Events that failed validation.
    pub bad: u64,
}

/// CPU time of one side waiting with nothing to do.
#[derive(Clone, Debug, Serialize)]
pub struct CpuRow {
    /// `consumer (idle ring)` or `producer (full ring)`.
    pub who: String,
    /// The waiting side's strategy.
    pub strategy: String,
    /// User + system CPU time over the wait, % of one core.
    pub cpu_percent: f64,
    /// The raw figures.
    pub usage: Usage,
    /// Core of each process.
    pub cores: Vec<(String, Option<usize>)>,
    /// Events that failed validation.
    pub bad: u64,
}

/// Runs the scenario's `parts`, prints the table and writes results.json.
pub fn run(config: &Config, parts: &[WakePart]) -> Result<(), String> {
    let session = crate::session::Session::start(&config.out_dir)?;
    let scale = session.scale;
    let settings = Settings::of(config);
    eprintln!(
        "dmp-bench wakeup: pinning producer side to {:?} and consumer side to {:?}, load {}, \
         {:.3} ticks/ns{}",
        settings.core_for(0),
        settings.core_for(1),
        session.load_start,
        scale.ticks_per_ns,
        session.swept_note()
    );
    let mut latency = Vec::new();
    if parts.contains(&WakePart::Latency) {
        for strategy in [
            Strategy::Block,
            Strategy::Sleep1us,
            Strategy::SpinThenYield,
            Strategy::BusySpin,
            Strategy::Async,
        ] {
            latency.push(wake_latency(config, &settings, scale, strategy)?);
        }
    }
    let mut flood = Vec::new();
    if parts.contains(&WakePart::Flood) {
        flood = flood_medians(config, &settings, scale)?;
    }
    let mut cpu = Vec::new();
    if parts.contains(&WakePart::Cpu) {
        for strategy in [Strategy::Block, Strategy::Sleep1us, Strategy::SpinThenYield] {
            cpu.push(idle_consumer(config, &settings, scale, strategy)?);
        }
        cpu.push(full_producer(config, &settings, scale)?);
    }
    let meta = session.meta();
    report::finish(config, meta, &settings, &latency, &cpu, &flood)
}

/// The flood, `config.runs` times per reader with the readers interleaved (so drift in the
/// machine's speed hits both alike); the median run of each.
fn flood_medians(
    config: &Config,
    settings: &Settings,
    scale: TickScale,
) -> Result<Vec<ThroughputRow>, String> {
    let readers = [Strategy::Block, Strategy::Async];
    let mut runs: Vec<Vec<ThroughputRow>> = vec![Vec::new(); readers.len()];
    for _ in 0..config.runs.max(1) {
        for (rows, &strategy) in runs.iter_mut().zip(&readers) {
            rows.push(flood_throughput(config, settings, scale, strategy)?);
        }
    }
    Ok(runs
        .into_iter()
        .map(|mut rows| {
            rows.sort_by(|a, b| a.mevents_per_sec.total_cmp(&b.mevents_per_sec));
            rows.swap_remove(rows.len() / 2)
        })
        .collect())
}

fn flood_throughput(
    config: &Config,
    settings: &Settings,
    scale: TickScale,
    strategy: Strategy,
) -> Result<ThroughputRow, String> {
    let names = Names::new(&config.out_dir);
    let ring = names.object("t");
    let roles = vec![
        settings.args(WakeRole::Flood, strategy, &ring, scale),
        settings.args(WakeRole::Drain, strategy, &ring, scale),
    ];
    let outputs = run_group(&names, roles, Duration::from_secs(120))?;
    let reader = &outputs[1];
    if reader.events != settings.flood_events {
        return Err(format!(
            "{}: the reader read {} of {} events",
            strategy.name(),
            reader.events,
            settings.flood_events
        ));
    }
    let wall_ns = reader.usage.wall_ns.max(1);
    let row = ThroughputRow {
        reader: match strategy {
            Strategy::Async => "Stream (async)".into(),
            _ => "process_available_blocking".into(),
        },
        runs: config.runs.max(1),
        events: reader.events,
        wall_ns,
        mevents_per_sec: reader.events as f64 * 1e3 / wall_ns as f64,
        cores: cores_of(["publisher", "reader"], &outputs),
        bad: outputs.iter().map(|o| o.bad).sum(),
    };
    eprintln!(
        "  flood  {:<28} {:>8.2} M events/s over {:.3} s  bad {}",
        row.reader,
        row.mevents_per_sec,
        wall_ns as f64 / 1e9,
        row.bad
    );
    Ok(row)
}

fn cores_of(names: [&str; 2], outputs: &[WakeOutput]) -> Vec<(String, Option<usize>)> {
    names
        .iter()
        .zip(outputs)
        .map(|(name, o)| ((*name).to_owned(), o.core))
        .collect()
}

fn wake_latency(
    config: &Config,
    settings: &Settings,
    scale: TickScale,
    strategy: Strategy,
) -> Result<LatencyRow, String> {
    let names = Names::new(&config.out_dir);
    let ring = names.object("w");
    let roles = vec![
        settings.args(WakeRole::Publisher, strategy, &ring, scale),
        settings.args(WakeRole::Sleeper, strategy, &ring, scale),
    ];
    let total = settings.wakeups + settings.warmup;
    let budget = Duration::from_secs(30) + Duration::from_nanos(3 * settings.max_gap_ns * total);
    let outputs = run_group(&names, roles, budget)?;
    let consumer = &outputs[1];
    if consumer.events != total {
        return Err(format!(
            "{}: the consumer read {} of {total} events",
            strategy.name(),
            consumer.events
        ));
    }
    let mut histogram = new_histogram();
    for &(value, count) in &consumer.histogram {
        histogram.saturating_record_n(value, count);
    }
    let row = LatencyRow {
        strategy: strategy.name().into(),
        latency: Latency::of(&histogram),
        consumer: consumer.usage,
        sleeps_per_wakeup: consumer.usage.voluntary as f64 / settings.wakeups as f64,
        cores: cores_of(["publisher", "consumer"], &outputs),
        bad: outputs.iter().map(|o| o.bad).sum(),
        curve: crate::report::plot::curve(&histogram),
    };
    eprintln!(
        "  wakeup {:<20} p50 {:>7.0} ns  p99 {:>7.0} ns  p99.9 {:>8.0} ns  max {:>9.0} ns  \
         consumer {:.1} % cpu, {:.2} sleeps/wake-up  bad {}",
        row.strategy,
        row.latency.p50,
        row.latency.p99,
        row.latency.p99_9,
        row.latency.max,
        row.consumer.cpu_percent(),
        row.sleeps_per_wakeup,
        row.bad
    );
    Ok(row)
}

fn idle_consumer(
    config: &Config,
    settings: &Settings,
    scale: TickScale,
    strategy: Strategy,
) -> Result<CpuRow, String> {
    let names = Names::new(&config.out_dir);
    let ring = names.object("i");
    let roles = vec![
        settings.args(WakeRole::Quiet, strategy, &ring, scale),
        settings.args(WakeRole::IdleConsumer, strategy, &ring, scale),
    ];
    let budget = Duration::from_secs(30) + Duration::from_secs_f64(settings.window_secs);
    let outputs = run_group(&names, roles, budget)?;
    cpu_row(
        "consumer (idle ring)",
        strategy,
        &outputs[1],
        cores_of(["producer", "consumer"], &outputs),
        &outputs,
    )
}

fn full_producer(config: &Config, settings: &Settings, scale: TickScale) -> Result<CpuRow, String> {
    let names = Names::new(&config.out_dir);
    let ring = names.object("f");
    let roles = vec![
        settings.args(WakeRole::FullProducer, Strategy::Block, &ring, scale),
        settings.args(WakeRole::Holder, Strategy::Block, &ring, scale),
    ];
    let budget = Duration::from_secs(30) + Duration::from_secs_f64(settings.window_secs);
    let outputs = run_group(&names, roles, budget)?;
    if outputs[1].events != outputs[0].events {
        return Err(format!(
            "full ring: the holder read {} of {} events",
            outputs[1].events, outputs[0].events
        ));
    }
    cpu_row(
        "producer (full ring)",
        Strategy::Block,
        &outputs[0],
        cores_of(["producer", "holder"], &outputs),
        &outputs,
    )
}

fn cpu_row(
    who: &str,
    strategy: Strategy,
    waiting: &WakeOutput,
    cores: Vec<(String, Option<usize>)>,
    outputs: &[WakeOutput],
) -> Result<CpuRow, String> {
    let row = CpuRow {
        who: who.into(),
        strategy: strategy.name().into(),
        cpu_percent: waiting.usage.cpu_percent(),
        usage: waiting.usage,
        cores,
        bad: outputs.iter().map(|o| o.bad).sum(),
    };
    eprintln!(
        "  idle {who:<20} {:<20} {:>8.3} % of a core over {:.1} s  ({} sleeps, {} preemptions)  bad {}",
        row.strategy,
        row.cpu_percent,
        row.usage.wall_ns as f64 / 1e9,
        row.usage.voluntary,
        row.usage.involuntary,
        row.bad
    );
    Ok(row)
}
