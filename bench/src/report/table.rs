//! The terminal table: per group, every engine's medians (each followed by its ratio to the
//! baseline, if one is given), then ours ÷ floor and ours ÷ others.

use crate::report::rows::{Cell, LATENCY_COLUMNS, RowKind, Section, THROUGHPUT_COLUMNS};
use crate::results::TargetCheck;
use std::fmt::Write;

fn cell(c: &Cell, width: usize) -> String {
    match *c {
        Cell::Figure(v, decimals) => format!("{v:>width$.decimals$}"),
        Cell::Count(n) => format!("{n:>width$}"),
        Cell::Ratio(x) if x.is_finite() => format!("{x:>width$.2}"),
        Cell::Ratio(_) => format!("{:>width$}", "–"),
    }
}

fn label(kind: &RowKind) -> String {
    match kind {
        RowKind::Engine(name) => format!("  {name}"),
        RowKind::Ratio(versus) => format!("  ours ÷ {versus}"),
        RowKind::Baseline(_) | RowKind::NoBaseline(_) => "    ÷ baseline".into(),
    }
}

fn section(out: &mut String, s: &Section, runs: usize) {
    let _ = writeln!(
        out,
        "\n{} {} — {}; median of {runs} run(s)",
        s.scenario, s.case, s.what
    );
    let widths: &[usize] = if s.latency {
        let _ = write!(out, "  {:<22}", "payload / engine");
        for c in LATENCY_COLUMNS {
            let _ = write!(out, "{c:>10}");
        }
        &[10; 6]
    } else {
        let _ = write!(out, "  {:<22}", "payload / engine");
        for (c, w) in THROUGHPUT_COLUMNS.iter().zip([11, 9, 11]) {
            let _ = write!(out, "{c:>w$}");
        }
        &[11, 9, 11]
    };
    out.push('\n');
    for block in &s.blocks {
        let _ = writeln!(out, "  {} B", block.payload);
        for row in &block.rows {
            let mut line = format!("  {:<22}", label(&row.kind));
            for (c, w) in row.cells.iter().zip(widths) {
                line.push_str(&cell(c, *w));
            }
            if matches!(row.kind, RowKind::NoBaseline(_)) {
                line.push_str("no match in the baseline");
            }
            let _ = write!(out, "{}", line.trim_end());
            if row.bad > 0 {
                let _ = write!(out, "   BAD EVENTS: {}", row.bad);
            }
            out.push('\n');
        }
    }
}

/// Renders the sections as text tables, then the targets, then what the baseline had that this
/// run lacks (`only_in_baseline`, with the baseline's path, if one was given).
pub fn render(
    sections: &[Section],
    targets: &[TargetCheck],
    runs: usize,
    baseline: Option<(&str, &[String])>,
) -> String {
    let mut out = String::new();
    if let Some((path, _)) = baseline {
        let _ = writeln!(out, "\n÷ baseline: this run ÷ the same figure in {path}");
    }
    for s in sections {
        section(&mut out, s, runs);
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
    if let Some((path, missing)) = baseline
        && !missing.is_empty()
    {
        let _ = writeln!(out, "\nin {path} but not in this run:");
        for m in missing {
            let _ = writeln!(out, "  {m}");
        }
    }
    out
}
