//! The wake-up scenario's terminal table, its targets (issue 12, point 6) and results.json.

use super::{CpuRow, LatencyRow, Settings, ThroughputRow};
use crate::config::Config;
use crate::report::Meta;
use serde::Serialize;
use std::fmt::Write;

/// A target of the issue and this run's figure.
#[derive(Clone, Debug, Serialize)]
pub struct Target {
    /// What is compared.
    pub what: String,
    /// This run's figure.
    pub value: f64,
    /// The bound (the figure must be below it).
    pub bound: f64,
    /// Unit of both.
    pub unit: String,
    /// Whether the figure is below the bound.
    pub met: bool,
}

fn below(what: &str, value: f64, bound: f64, unit: &str) -> Target {
    Target {
        what: what.into(),
        value,
        bound,
        unit: unit.into(),
        met: value < bound,
    }
}

/// `Block` wake-up p50 < 10 µs and p99 < 50 µs; idle CPU < 0.5 % of a core for the blocked
/// consumer and the blocked producer (issue 12). Async wake-up p50 < 20 µs; the `Stream` at
/// least half as fast as the batch read, given as the batch read's time over the stream's, which
/// must stay below 2 (issue 16).
pub fn targets(latency: &[LatencyRow], cpu: &[CpuRow], flood: &[ThroughputRow]) -> Vec<Target> {
    let mut out = Vec::new();
    if let Some(row) = latency.iter().find(|r| r.strategy == "async (tokio)") {
        out.push(below(
            "async wake-up p50",
            row.latency.p50 / 1e3,
            20.0,
            "µs",
        ));
    }
    if let [batch, stream] = flood {
        out.push(below(
            "batch read / Stream throughput",
            batch.mevents_per_sec / stream.mevents_per_sec,
            2.0,
            "×",
        ));
    }
    if let Some(block) = latency.iter().find(|r| r.strategy == "Block") {
        out.push(below(
            "Block wake-up p50",
            block.latency.p50 / 1e3,
            10.0,
            "µs",
        ));
        out.push(below(
            "Block wake-up p99",
            block.latency.p99 / 1e3,
            50.0,
            "µs",
        ));
    }
    for row in cpu.iter().filter(|r| r.strategy == "Block") {
        let what = format!("idle CPU, {} Block", row.who);
        out.push(below(&what, row.cpu_percent, 0.5, "% of a core"));
    }
    out
}

/// Renders the tables.
pub fn table(
    settings: &Settings,
    latency: &[LatencyRow],
    cpu: &[CpuRow],
    flood: &[ThroughputRow],
    targets: &[Target],
    clock_name: &str,
) -> String {
    let mut out = String::new();
    let pinned: Vec<String> = latency
        .first()
        .map(|r| &r.cores[..])
        .unwrap_or_default()
        .iter()
        .map(|(role, core)| match core {
            Some(c) => format!("{role}@cpu{c}"),
            None => format!("{role}@?"),
        })
        .collect();
    let _ = writeln!(
        out,
        "\none process per core ({}); clock {}, one calibration shared by both processes",
        pinned.join(" "),
        clock_name
    );
    let _ = writeln!(
        out,
        "wakeup — publish → return of a blocked consume_next_leased, ns; {} wake-ups each, \
         gaps {}–{} µs after the previous event was taken",
        settings.wakeups,
        settings.min_gap_ns / 1000,
        settings.max_gap_ns / 1000
    );
    let _ = writeln!(
        out,
        "  {:<20}{:>10}{:>10}{:>10}{:>10}{:>12}{:>10}{:>14}",
        "strategy", "p50", "p90", "p99", "p99.9", "max", "cpu %", "sleeps/wake"
    );
    for r in latency {
        let l = &r.latency;
        let _ = writeln!(
            out,
            "  {:<20}{:>10.0}{:>10.0}{:>10.0}{:>10.0}{:>12.0}{:>10.1}{:>14.2}",
            r.strategy,
            l.p50,
            l.p90,
            l.p99,
            l.p99_9,
            l.max,
            r.consumer.cpu_percent(),
            r.sleeps_per_wakeup
        );
    }
    let _ = writeln!(
        out,
        "\nidle CPU — user + system time of the waiting process over {:.0} s, % of one core",
        settings.window_secs
    );
    let _ = writeln!(
        out,
        "  {:<22}{:<20}{:>10}{:>10}{:>12}",
        "who", "strategy", "cpu %", "sleeps", "preempted"
    );
    for r in cpu {
        let _ = writeln!(
            out,
            "  {:<22}{:<20}{:>10.3}{:>10}{:>12}",
            r.who, r.strategy, r.cpu_percent, r.usage.voluntary, r.usage.involuntary
        );
    }
    let _ = writeln!(
        out,
        "\nthroughput — 64-byte events from a flooding publisher, first to last event read, \
         median of {} runs",
        flood.first().map_or(0, |row| row.runs)
    );
    for r in flood {
        let _ = writeln!(
            out,
            "  {:<30}{:>10.2} M events/s{:>12} events",
            r.reader, r.mevents_per_sec, r.events
        );
    }
    if let [batch, stream] = flood {
        let _ = writeln!(
            out,
            "  Stream / batch read: {:.2}",
            stream.mevents_per_sec / batch.mevents_per_sec
        );
    }
    let _ = writeln!(out, "\ntargets (issue 12, point 6; issue 16, point 3)");
    for t in targets {
        let _ = writeln!(
            out,
            "  {:<40}{:>10.3} {} (< {}){}",
            t.what,
            t.value,
            t.unit,
            t.bound,
            if t.met { "  met" } else { "  NOT MET" }
        );
    }
    out
}

/// The JSON document.
#[derive(Serialize)]
struct Document<'a> {
    meta: Meta,
    scenario: &'static str,
    settings: &'a Settings,
    config: &'a Config,
    latency: &'a [LatencyRow],
    cpu: &'a [CpuRow],
    flood: &'a [ThroughputRow],
    targets: &'a [Target],
}

/// Prints the table, writes results.json, and fails if any event failed validation.
pub fn finish(
    config: &Config,
    meta: Meta,
    settings: &Settings,
    latency: &[LatencyRow],
    cpu: &[CpuRow],
    flood: &[ThroughputRow],
) -> Result<(), String> {
    let targets = targets(latency, cpu, flood);
    let clock_name = if cfg!(target_arch = "x86_64") {
        format!("TSC (rdtsc, {:.3} ticks/ns)", meta.ticks_per_ns)
    } else {
        "CLOCK_MONOTONIC".to_owned()
    };
    println!(
        "{}",
        table(settings, latency, cpu, flood, &targets, &clock_name)
    );
    let doc = Document {
        meta,
        scenario: "wakeup",
        settings,
        config,
        latency,
        cpu,
        flood,
        targets: &targets,
    };
    let path = config.out_dir.join("results.json");
    let text = serde_json::to_string_pretty(&doc).expect("results serialise");
    std::fs::write(&path, text).map_err(|e| format!("write {}: {e}", path.display()))?;
    println!(
        "load {} → {}; wrote {}; {:.0} s",
        doc.meta.load_start,
        doc.meta.load_end,
        path.display(),
        doc.meta.seconds
    );
    let bad: u64 = latency.iter().map(|r| r.bad).sum::<u64>()
        + cpu.iter().map(|r| r.bad).sum::<u64>()
        + flood.iter().map(|r| r.bad).sum::<u64>();
    if bad > 0 {
        return Err(format!("{bad} events failed validation"));
    }
    Ok(())
}
