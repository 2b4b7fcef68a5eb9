//! The result tables as rows and cells, built once and drawn by both renderers (the terminal's
//! aligned text, [`super::table`], and Markdown, [`super::markdown`]), so the two never differ
//! in what they show.

use crate::report::{Baseline, Versus};
use crate::results::{Group, Latency};

/// One table: a (scenario, case) with every payload.
#[derive(Debug)]
pub struct Section {
    /// Scenario name.
    pub scenario: String,
    /// Case within the scenario (may be empty).
    pub case: String,
    /// What the figures are.
    pub what: &'static str,
    /// Latency percentiles (else throughput) columns.
    pub latency: bool,
    /// One block per payload, in run order.
    pub blocks: Vec<Block>,
}

/// The rows of one payload.
#[derive(Debug)]
pub struct Block {
    /// Payload bytes.
    pub payload: usize,
    /// Engine rows, each followed by its baseline row if any, then the ratio rows.
    pub rows: Vec<Row>,
}

/// What a row is.
#[derive(Debug, PartialEq, Eq)]
pub enum RowKind {
    /// An engine's medians.
    Engine(String),
    /// Ours ÷ another engine (the name of the other).
    Ratio(String),
    /// This engine ÷ its figures in the baseline.
    Baseline(String),
    /// The baseline has no figures for this engine here.
    NoBaseline(String),
}

/// One cell.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Cell {
    /// A figure with this many decimals.
    Figure(f64, usize),
    /// A count.
    Count(u64),
    /// A ratio (two decimals; "–" where it is not a finite number).
    Ratio(f64),
}

/// A row of a block.
#[derive(Debug)]
pub struct Row {
    /// What it is.
    pub kind: RowKind,
    /// Its cells, left to right (ratio rows of throughput have only the first).
    pub cells: Vec<Cell>,
    /// Events that failed validation (engine rows).
    pub bad: u64,
}

/// Column titles of a latency table.
pub const LATENCY_COLUMNS: [&str; 6] = ["p50", "p90", "p99", "p99.9", "p99.99", "max"];
/// Column titles of a throughput table.
pub const THROUGHPUT_COLUMNS: [&str; 3] = ["M ev/s", "GB/s", "full"];

fn describe(scenario: &str) -> &'static str {
    match scenario {
        "ping-pong" => "round-trip time, ns (payload validated by both sides)",
        "fixed-rate" => "latency from the intended send time, ns (coordinated omission)",
        _ => "events verified by sequence and checksum in every consumer",
    }
}

fn percentiles(l: &Latency, cell: fn(f64) -> Cell) -> Vec<Cell> {
    [l.p50, l.p90, l.p99, l.p99_9, l.p99_99, l.max]
        .into_iter()
        .map(cell)
        .collect()
}

fn engine_rows(g: &Group, baseline: Option<&Baseline>, rows: &mut Vec<Row>) {
    for e in &g.engines {
        let mut cells = Vec::new();
        if let Some(l) = &e.latency {
            cells = percentiles(l, |v| Cell::Figure(v, 0));
        } else if let Some(t) = &e.throughput {
            cells = vec![
                Cell::Figure(t.events_per_s / 1e6, 2),
                Cell::Figure(t.gb_per_s, 2),
                Cell::Count(t.full),
            ];
        }
        rows.push(Row {
            kind: RowKind::Engine(e.engine.clone()),
            cells,
            bad: e.bad,
        });
        let Some(baseline) = baseline else { continue };
        let (kind, cells) = match baseline.versus(g, e) {
            Some(Versus::Latency(r)) => (
                RowKind::Baseline(e.engine.clone()),
                percentiles(&r, Cell::Ratio),
            ),
            Some(Versus::Throughput {
                events_per_s,
                gb_per_s,
            }) => (
                RowKind::Baseline(e.engine.clone()),
                vec![Cell::Ratio(events_per_s), Cell::Ratio(gb_per_s)],
            ),
            None => (RowKind::NoBaseline(e.engine.clone()), Vec::new()),
        };
        rows.push(Row {
            kind,
            cells,
            bad: 0,
        });
    }
}

/// The tables of `groups`, with a row against `baseline` under every engine if given.
pub fn sections(groups: &[Group], baseline: Option<&Baseline>) -> Vec<Section> {
    let mut out: Vec<Section> = Vec::new();
    for g in groups {
        let same = out
            .last()
            .is_some_and(|s| s.scenario == g.scenario && s.case == g.case);
        if !same {
            out.push(Section {
                scenario: g.scenario.clone(),
                case: g.case.clone(),
                what: describe(&g.scenario),
                latency: g.engines.iter().any(|e| e.latency.is_some()),
                blocks: Vec::new(),
            });
        }
        let mut rows = Vec::new();
        engine_rows(g, baseline, &mut rows);
        for r in &g.ratios {
            let cells = match (&r.latency, r.events_per_s) {
                (Some(l), _) => percentiles(l, Cell::Ratio),
                (None, Some(x)) => vec![Cell::Ratio(x)],
                (None, None) => Vec::new(),
            };
            rows.push(Row {
                kind: RowKind::Ratio(r.versus.clone()),
                cells,
                bad: 0,
            });
        }
        let section = out.last_mut().expect("pushed above");
        section.blocks.push(Block {
            payload: g.payload,
            rows,
        });
    }
    out
}
