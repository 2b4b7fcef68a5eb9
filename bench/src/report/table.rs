//! The terminal table: per group, every engine's medians, then ours ÷ floor and ours ÷ others.

use crate::results::{Group, Latency, TargetCheck};
use std::fmt::Write;

fn latency_row(label: &str, l: &Latency, ratio: bool) -> String {
    let cell = |v: f64| {
        if ratio {
            format!("{v:>10.2}")
        } else {
            format!("{v:>10.0}")
        }
    };
    format!(
        "  {label:<22}{}{}{}{}{}{}\n",
        cell(l.p50),
        cell(l.p90),
        cell(l.p99),
        cell(l.p99_9),
        cell(l.p99_99),
        cell(l.max)
    )
}

/// Renders the groups as text tables, one per (scenario, case).
pub fn render(groups: &[Group], targets: &[TargetCheck], runs: usize) -> String {
    let mut out = String::new();
    let mut current = (String::new(), String::new());
    for g in groups {
        let latency = g.engines.iter().any(|e| e.latency.is_some());
        if (g.scenario.clone(), g.case.clone()) != current {
            current = (g.scenario.clone(), g.case.clone());
            let what = match g.scenario.as_str() {
                "ping-pong" => "round-trip time, ns (payload validated by both sides)",
                "fixed-rate" => "latency from the intended send time, ns (coordinated omission)",
                _ => "events verified by sequence and checksum in every consumer",
            };
            let _ = writeln!(
                out,
                "\n{} {} — {what}; median of {runs} run(s)",
                g.scenario, g.case
            );
            if latency {
                let _ = writeln!(
                    out,
                    "  {:<22}{:>10}{:>10}{:>10}{:>10}{:>10}{:>10}",
                    "payload / engine", "p50", "p90", "p99", "p99.9", "p99.99", "max"
                );
            } else {
                let _ = writeln!(
                    out,
                    "  {:<22}{:>11}{:>9}{:>11}",
                    "payload / engine", "M ev/s", "GB/s", "full"
                );
            }
        }
        let _ = writeln!(out, "  {} B", g.payload);
        for e in &g.engines {
            let label = format!("  {}", e.engine);
            let bad = if e.bad > 0 {
                format!("   BAD EVENTS: {}", e.bad)
            } else {
                String::new()
            };
            if let Some(l) = &e.latency {
                out.push_str(latency_row(&label, l, false).trim_end());
                let _ = writeln!(out, "{bad}");
            }
            if let Some(t) = &e.throughput {
                let _ = writeln!(
                    out,
                    "  {label:<22}{:>11.2}{:>9.2}{:>11}{bad}",
                    t.events_per_s / 1e6,
                    t.gb_per_s,
                    t.full
                );
            }
        }
        for r in &g.ratios {
            let label = format!("  ours ÷ {}", r.versus);
            if let Some(l) = &r.latency {
                out.push_str(&latency_row(&label, l, true));
            }
            if let Some(x) = r.events_per_s {
                let _ = writeln!(out, "  {label:<22}{x:>11.2}");
            }
        }
    }
    if !targets.is_empty() {
        let _ = writeln!(out, "\ntargets (ours ÷ floor)");
        for t in targets {
            let sign = if t.what.contains("throughput") {
                "≥"
            } else {
                "≤"
            };
            let _ = writeln!(
                out,
                "  {:<36} {:>6.2}  {sign} {:<4}  {}",
                t.what,
                t.ratio,
                t.bound,
                if t.met { "met" } else { "NOT met" }
            );
        }
    }
    out
}
