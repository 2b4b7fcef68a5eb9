//! `--format markdown`: the same tables as the terminal's, as Markdown tables to paste into a
//! README. Each (scenario, case) is a bold caption and a table with a row per engine, ratio and
//! baseline comparison, the payload in the first column.

use crate::report::rows::{Cell, LATENCY_COLUMNS, RowKind, Section, THROUGHPUT_COLUMNS};
use crate::results::TargetCheck;
use std::fmt::Write;

/// "64 B", "1 KiB", "4 KiB", as the README writes payloads.
fn payload(bytes: usize) -> String {
    if bytes >= 1024 && bytes.is_multiple_of(1024) {
        format!("{} KiB", bytes / 1024)
    } else {
        format!("{bytes} B")
    }
}

/// Text that cannot break the table.
fn escape(text: &str) -> String {
    text.replace('|', "\\|")
}

fn cell(c: &Cell) -> String {
    match *c {
        Cell::Figure(v, decimals) => format!("{v:.decimals$}"),
        Cell::Count(n) => n.to_string(),
        Cell::Ratio(x) if x.is_finite() => format!("{x:.2}"),
        Cell::Ratio(_) => "–".into(),
    }
}

fn label(kind: &RowKind) -> String {
    escape(&match kind {
        RowKind::Engine(name) => name.clone(),
        RowKind::Ratio(versus) => format!("ours ÷ {versus}"),
        RowKind::Baseline(name) | RowKind::NoBaseline(name) => format!("{name} ÷ baseline"),
    })
}

fn row(out: &mut String, cells: &[String]) {
    let _ = writeln!(out, "| {} |", cells.join(" | "));
}

fn section(out: &mut String, s: &Section, runs: usize) {
    let title = if s.case.is_empty() {
        s.scenario.clone()
    } else {
        format!("{} {}", s.scenario, s.case)
    };
    let _ = writeln!(
        out,
        "\n**{}** — {}; median of {runs} run(s)\n",
        escape(&title),
        s.what
    );
    let columns: &[&str] = if s.latency {
        &LATENCY_COLUMNS
    } else {
        &THROUGHPUT_COLUMNS
    };
    let mut head = vec!["payload".to_owned(), "engine".to_owned()];
    head.extend(columns.iter().map(|c| c.to_string()));
    row(out, &head);
    let mut rule = vec!["---".to_owned(); 2];
    rule.extend(columns.iter().map(|_| "---:".to_owned()));
    row(out, &rule);
    for block in &s.blocks {
        for r in &block.rows {
            let mut name = label(&r.kind);
            if r.bad > 0 {
                let _ = write!(name, " (BAD EVENTS: {})", r.bad);
            }
            let mut cells = vec![payload(block.payload), name];
            if matches!(r.kind, RowKind::NoBaseline(_)) {
                cells.push("no match in the baseline".into());
            }
            cells.extend(r.cells.iter().map(cell));
            cells.resize(columns.len() + 2, String::new());
            row(out, &cells);
        }
    }
}

/// Renders the sections as Markdown, then the targets, then what the baseline had that this run
/// lacks (`only_in_baseline`, with the baseline's path, if one was given).
pub fn render(
    sections: &[Section],
    targets: &[TargetCheck],
    runs: usize,
    baseline: Option<(&str, &[String])>,
) -> String {
    let mut out = String::new();
    if let Some((path, _)) = baseline {
        let _ = writeln!(
            out,
            "\n*÷ baseline*: this run ÷ the same figure in `{path}`."
        );
    }
    for s in sections {
        section(&mut out, s, runs);
    }
    if !targets.is_empty() {
        out.push_str("\n**targets** (ours ÷ floor)\n\n");
        row(
            &mut out,
            &["target", "ratio", "bound", ""].map(String::from),
        );
        row(&mut out, &["---", "---:", "---", "---"].map(String::from));
        for t in targets {
            let sign = if t.what.contains("throughput") {
                "≥"
            } else {
                "≤"
            };
            let met = if t.met { "met" } else { "**NOT met**" };
            row(
                &mut out,
                &[
                    escape(&t.what),
                    format!("{:.2}", t.ratio),
                    format!("{sign} {}", t.bound),
                    met.into(),
                ],
            );
        }
    }
    if let Some((path, missing)) = baseline
        && !missing.is_empty()
    {
        let _ = writeln!(out, "\nIn `{path}` but not in this run:\n");
        for m in missing {
            let _ = writeln!(out, "- {}", escape(m));
        }
    }
    out
}
