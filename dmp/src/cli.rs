//! The command line: four subcommands, each with `--json`, each over shared memory or a
//! directory of ring files.

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

/// See disruptor-mp rings from outside their processes: list them, inspect one, watch their
/// counters, remove the ones nobody uses. Nothing here joins a ring or writes to it (only `gc`
/// removes, and only rings whose producer and consumers are all gone).
///
/// Exit codes: 0 ok, 1 other failure, 2 usage, 3 no such ring, 4 not a disruptor-mp ring,
/// 5 corrupt ring, 6 incompatible version or platform, 7 permission denied, 8 ring still being
/// created, 9 OS error (or a refused directory).
#[derive(Debug, Parser)]
#[command(name = "dmp", version)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Every ring in /dev/shm (or in --dir): event type, capacity, producer, consumers, stale.
    Ls(Scope),
    /// One ring: header, event layout, consumers, and with --events N its last N events.
    Inspect(InspectArgs),
    /// The counters of one ring (or every ring in scope), refreshed in place, with rates.
    Stat(StatArgs),
    /// Remove rings whose producer and consumers are all dead (never a live one).
    Gc(GcArgs),
}

/// Where rings are looked for, and how results are printed.
#[derive(Debug, Args)]
pub struct Scope {
    /// Ring files (`<name>.ring`) in this directory instead of POSIX shared memory.
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
}

/// `dmp inspect`.
#[derive(Debug, Args)]
pub struct InspectArgs {
    /// The ring's name as in /dev/shm (with its namespace, `ns:name`), or its segment name in
    /// --dir.
    pub name: String,
    /// Also show the last N published events still in the ring, decoded field by field.
    #[arg(long, value_name = "N")]
    pub events: Option<usize>,
    #[command(flatten)]
    pub scope: Scope,
}

/// `dmp stat`.
#[derive(Debug, Args)]
pub struct StatArgs {
    /// One ring; every ring in scope when left out.
    pub name: Option<String>,
    /// Milliseconds between refreshes (and between the two samples a rate needs).
    #[arg(long, value_name = "MS", default_value_t = 1000, value_parser = clap::value_parser!(u64).range(1..))]
    pub interval: u64,
    /// Sample twice, --interval apart, print once and exit (for scripts and tests).
    #[arg(long)]
    pub once: bool,
    #[command(flatten)]
    pub scope: Scope,
}

/// `dmp gc`.
#[derive(Debug, Args)]
pub struct GcArgs {
    /// Only these rings; every ring in scope when left out.
    pub names: Vec<String>,
    /// Say what would be removed, and remove nothing.
    #[arg(long)]
    pub dry_run: bool,
    #[command(flatten)]
    pub scope: Scope,
}
