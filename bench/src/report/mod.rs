//! What a person reads: the tables (text or Markdown, optionally against a baseline),
//! results.json and latency.svg.

pub mod baseline;
pub mod markdown;
pub mod plot;
pub mod rows;
pub mod saved;
pub mod table;

pub use baseline::{Baseline, Versus};
pub use saved::Saved;

use crate::config::Config;
use crate::results::{Group, Record, TargetCheck};
use serde::Serialize;

/// How the result tables are printed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Aligned columns for the terminal
    Text,
    /// Markdown tables, ready for the README
    Markdown,
}

/// The result tables of `groups` (medians over `runs` runs) and the `targets`, in `format`,
/// with every figure's ratio to `baseline` if given.
pub fn render(
    groups: &[Group],
    targets: &[TargetCheck],
    runs: usize,
    format: Format,
    baseline: Option<&Baseline>,
) -> String {
    let sections = rows::sections(groups, baseline);
    let missing = baseline.map(|b| b.only_in_baseline(groups));
    let against = baseline
        .zip(missing.as_deref())
        .map(|(b, m)| (b.path.as_str(), m));
    match format {
        Format::Text => table::render(&sections, targets, runs, against),
        Format::Markdown => markdown::render(&sections, targets, runs, against),
    }
}

/// Everything results.json holds.
#[derive(Debug, Serialize)]
pub struct Document<'a> {
    /// Where and when it ran.
    pub meta: Meta,
    /// The configuration.
    pub config: &'a Config,
    /// Per group: medians over runs, the floor, ratios.
    pub groups: &'a [Group],
    /// The targets.
    pub targets: &'a [TargetCheck],
    /// Every run's figures.
    pub runs: &'a [Record],
    /// Percentile curves (nines, ns) of the plotted runs (median p99.9), per group and engine.
    pub curves: Vec<Curve>,
}

/// One percentile curve of the plot.
#[derive(Debug, Serialize)]
pub struct Curve {
    /// Scenario.
    pub scenario: String,
    /// Case.
    pub case: String,
    /// Payload bytes.
    pub payload: usize,
    /// Engine.
    pub engine: String,
    /// (nines, ns) points: nines = -log10(1 - percentile).
    pub points: Vec<(f64, f64)>,
}

/// The machine and its state.
#[derive(Debug, Serialize)]
pub struct Meta {
    /// Seconds since the Unix epoch at the start.
    pub started_unix: u64,
    /// Host name.
    pub host: String,
    /// CPU model name.
    pub cpu: String,
    /// Online cores.
    pub cores: usize,
    /// /proc/loadavg at the start.
    pub load_start: String,
    /// /proc/loadavg at the end.
    pub load_end: String,
    /// `git rev-parse HEAD` of the working tree, if available.
    pub commit: String,
    /// TSC ticks per nanosecond (or 1 without a TSC).
    pub ticks_per_ns: f64,
    /// Wall-clock seconds the benchmark took.
    pub seconds: f64,
}

/// The first line of /proc/loadavg.
pub fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.trim().to_owned())
        .unwrap_or_default()
}

/// The CPU model name from /proc/cpuinfo.
pub fn cpu_model() -> String {
    std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split(':').nth(1))
                .map(|m| m.trim().to_owned())
        })
        .unwrap_or_default()
}

/// The host name.
pub fn host_name() -> String {
    std::fs::read_to_string("/proc/sys/kernel/hostname")
        .map(|s| s.trim().to_owned())
        .unwrap_or_default()
}

/// The current commit, if this runs inside a git checkout.
pub fn git_commit() -> String {
    std::process::Command::new("git")
        .args(["rev-parse", "--short", "HEAD"])
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .unwrap_or_default()
}

/// The plot's curves, for the JSON file.
pub fn curves(groups: &[Group]) -> Vec<Curve> {
    groups
        .iter()
        .flat_map(|g| {
            g.engines.iter().filter_map(move |e| {
                e.plotted.as_ref().map(|h| Curve {
                    scenario: g.scenario.clone(),
                    case: g.case.clone(),
                    payload: g.payload,
                    engine: e.engine.clone(),
                    points: plot::curve(h),
                })
            })
        })
        .collect()
}
