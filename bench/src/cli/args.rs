//! What the command line says, as clap reads it. Options left out keep [`Config::default`]'s
//! values, so the defaults live in one place; the help text repeats them for the reader.

use crate::affinity::Idle;
use crate::cli::engines::BuiltinEngine;
use crate::config::{Config, Scenario};
use crate::report::Format;
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// Cross-process benchmarks of disruptor-mp against a hand-written floor.
///
/// Every scenario runs between separate, pinned processes; results go to a table on stdout,
/// results.json and latency.svg (see bench/README.md).
#[derive(Debug, Parser)]
#[command(name = "dmp-bench", version)]
pub struct Cli {
    /// What to run (none: this help).
    #[command(subcommand)]
    pub command: Option<Cmd>,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Cmd {
    /// The full run: ping-pong, throughput and fixed-rate
    All(RunArgs),
    /// Round trips over two rings
    #[command(alias = "pingpong")]
    PingPong(RunArgs),
    /// Events/s, 1→1 and 1→N, single and batch publish
    Throughput(RunArgs),
    /// Latency from the intended send time at a fixed rate
    FixedRate(RunArgs),
    /// Wake-up latency and idle CPU of blocked consumers and producers (not part of `all`)
    Wakeup(WakeupArgs),
    /// Publish and consume in one process (for callgrind; see bench/callgrind.sh)
    Inproc(InprocArgs),
    /// Print a saved results.json again, as text or Markdown, optionally against a baseline
    Report(ReportArgs),
    /// A child of a measured group (the orchestrator starts these)
    #[command(hide = true)]
    Role(ChildArgs),
    /// A child of a wake-up group (the orchestrator starts these)
    #[command(hide = true)]
    WakeRole(ChildArgs),
}

/// `1_000_000` as well as `1000000`.
fn number<T: std::str::FromStr>(text: &str) -> Result<T, String> {
    text.replace('_', "")
        .trim()
        .parse()
        .map_err(|_| format!("not a number: {text:?}"))
}

/// Options of the measuring subcommands (`all`, `ping-pong`, `throughput`, `fixed-rate`).
#[derive(Debug, Args)]
pub struct RunArgs {
    /// Engines to run, interleaved per payload [default: ours,floor-cursor,floor-stamp]
    #[arg(long, value_name = "A,B,…", value_delimiter = ',')]
    pub engines: Option<Vec<String>>,
    /// Payload sizes in bytes [default: 8,64,256,1024,4096]
    #[arg(long, value_name = "N,M,…", value_delimiter = ',', value_parser = number::<usize>)]
    pub payloads: Option<Vec<usize>>,
    /// Measured ping-pong round trips [default: 1000000]
    #[arg(long, value_name = "N", value_parser = number::<u64>)]
    pub round_trips: Option<u64>,
    /// Unmeasured ping-pong round trips first [default: 100000]
    #[arg(long, value_name = "N", value_parser = number::<u64>)]
    pub warmup: Option<u64>,
    /// Throughput events per run [default: 10M up to 256 B, 4 GiB of payload above]
    #[arg(long, value_name = "N", value_parser = number::<u64>)]
    pub events: Option<u64>,
    /// Consumers of the 1→N throughput case [default: 2]
    #[arg(long, value_name = "N", value_parser = number::<usize>)]
    pub consumers: Option<usize>,
    /// Events per batch publish [default: 64]
    #[arg(long, value_name = "N", value_parser = number::<usize>)]
    pub batch: Option<usize>,
    /// Slots per ring [default: 1024]
    #[arg(long, value_name = "N", value_parser = number::<usize>)]
    pub capacity: Option<usize>,
    /// Fixed-rate events per second [default: 1000000]
    #[arg(long, value_name = "N", value_parser = number::<f64>)]
    pub rate: Option<f64>,
    /// Fixed-rate measured seconds [default: 2]
    #[arg(long, value_name = "S", value_parser = number::<f64>)]
    pub rate_secs: Option<f64>,
    /// Fixed-rate payload bytes [default: 64]
    #[arg(long, value_name = "N", value_parser = number::<usize>)]
    pub rate_payload: Option<usize>,
    /// Cores to pin processes to, in order [default: all online cores]
    #[arg(long, value_name = "A,B,…", value_delimiter = ',', value_parser = number::<usize>)]
    pub cores: Option<Vec<usize>>,
    /// How processes wait [default: spin if every process has a core, else yield]
    #[arg(long, value_enum)]
    pub idle: Option<Idle>,
    /// Repeat everything N times and report medians [default: 1]
    #[arg(long, value_name = "N", value_parser = number::<usize>)]
    pub runs: Option<usize>,
    /// Divide every count by 100 (smoke test)
    #[arg(long)]
    pub quick: bool,
    /// Where results.json and latency.svg go [default: target/bench]
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// How the tables are printed.
    #[command(flatten)]
    pub output: OutputArgs,
}

/// How the result tables are printed (measuring subcommands and `report`).
#[derive(Debug, Args)]
pub struct OutputArgs {
    /// Table format: aligned text for the terminal, or Markdown tables for the README
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// A saved results.json: print each figure's ratio to its match there (this run ÷ baseline)
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
}

impl RunArgs {
    /// The configuration for `scenarios`: [`Config::default`] with every given option applied.
    pub fn config(&self, scenarios: &[Scenario]) -> Config {
        let mut config = Config {
            scenarios: scenarios.to_vec(),
            ..Config::default()
        };
        set(&mut config.engines, &self.engines);
        set(&mut config.payloads, &self.payloads);
        set(&mut config.round_trips, &self.round_trips);
        set(&mut config.warmup_round_trips, &self.warmup);
        config.events = self.events.or(config.events);
        set(&mut config.consumers, &self.consumers);
        set(&mut config.batch, &self.batch);
        set(&mut config.capacity, &self.capacity);
        set(&mut config.rate, &self.rate);
        set(&mut config.rate_secs, &self.rate_secs);
        set(&mut config.rate_payload, &self.rate_payload);
        set(&mut config.cores, &self.cores);
        config.idle = self.idle.or(config.idle);
        // As before clap: `--runs 0` runs once.
        config.runs = self.runs.unwrap_or(config.runs).max(1);
        set(&mut config.out_dir, &self.out);
        if self.quick {
            config.divisor = 100;
        }
        config
    }
}

/// Overrides `field` with the option's value, if given.
fn set<T: Clone>(field: &mut T, value: &Option<T>) {
    if let Some(value) = value {
        *field = value.clone();
    }
}

/// Options of `wakeup`.
#[derive(Debug, Args)]
pub struct WakeupArgs {
    /// Wake-ups per strategy [default: 100000; 1000 with --quick]
    #[arg(long, value_name = "N", value_parser = number::<u64>)]
    pub events: Option<u64>,
    /// Cores: the producer side on the first, the consumer side on the second [default: all]
    #[arg(long, value_name = "A,B", value_delimiter = ',', value_parser = number::<usize>)]
    pub cores: Option<Vec<usize>>,
    /// Slots per ring [default: 1024]
    #[arg(long, value_name = "N", value_parser = number::<usize>)]
    pub capacity: Option<usize>,
    /// 1,000 wake-ups and 1 s idle windows (smoke test)
    #[arg(long)]
    pub quick: bool,
    /// Only these parts of the scenario [default: all three]
    #[arg(long, value_enum, value_name = "PARTS", value_delimiter = ',')]
    pub only: Option<Vec<WakePart>>,
    /// Runs of each flood reader, interleaved; the table shows medians [default: 5; 1 with --quick]
    #[arg(long, value_name = "N", value_parser = number::<usize>)]
    pub runs: Option<usize>,
    /// Where results.json goes [default: target/bench]
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

/// A part of the `wakeup` scenario.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum WakePart {
    /// Wake-up latency of each wait strategy, async included
    Latency,
    /// Throughput of the `Stream` next to the blocking batch read
    Flood,
    /// CPU time of a blocked consumer and a blocked producer
    Cpu,
}

impl WakeupArgs {
    /// The configuration `wakeup` reads: [`Config::default`] with every given option applied.
    pub fn config(&self) -> Config {
        let mut config = Config::default();
        config.events = self.events.or(config.events);
        config.cores = self.cores.clone().unwrap_or(config.cores);
        config.capacity = self.capacity.unwrap_or(config.capacity);
        config.out_dir = self.out.clone().unwrap_or(config.out_dir);
        if self.quick {
            config.divisor = 100;
        }
        config.runs = self.runs.unwrap_or(if self.quick { 1 } else { 5 });
        config
    }

    /// The parts to run: those `--only` names, or all of them.
    pub fn parts(&self) -> Vec<WakePart> {
        self.only
            .clone()
            .unwrap_or_else(|| vec![WakePart::Latency, WakePart::Flood, WakePart::Cpu])
    }
}

/// How `inproc` publishes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum InprocMode {
    /// One event per publish and per consume
    Single,
    /// Batches of --batch published at once, drained with one call
    Batch,
}

/// Options of `inproc`.
#[derive(Debug, Args)]
pub struct InprocArgs {
    /// Engine (built-in engines only: the loop is compiled per engine)
    #[arg(long, value_enum, default_value_t = BuiltinEngine::Ours)]
    pub engine: BuiltinEngine,
    /// Payload bytes
    #[arg(long, value_name = "N", default_value_t = 64, value_parser = number::<usize>)]
    pub payload: usize,
    /// Events moved through the ring
    #[arg(long, value_name = "N", default_value_t = 1_000_000, value_parser = number::<u64>)]
    pub events: u64,
    /// Publish one event at a time or in batches
    #[arg(long, value_enum, default_value_t = InprocMode::Single)]
    pub mode: InprocMode,
    /// Events per batch in batch mode [default: 64]
    #[arg(long, value_name = "N", value_parser = number::<usize>)]
    pub batch: Option<usize>,
    /// Slots in the ring [default: 1024]
    #[arg(long, value_name = "N", value_parser = number::<usize>)]
    pub capacity: Option<usize>,
}

/// Options of `report`.
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// A results.json written by all, ping-pong, throughput or fixed-rate
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// How the tables are printed.
    #[command(flatten)]
    pub output: OutputArgs,
}

/// What a child is started with.
#[derive(Debug, Args)]
pub struct ChildArgs {
    /// The orchestrator's pid: the child dies with it, and exits at once if it is already gone
    #[arg(long, value_name = "PID")]
    pub parent: Option<u32>,
    /// The child's arguments, as JSON
    pub json: String,
}
