//! The result tables from saved runs: Markdown from a fixture results.json, and ratios to a
//! baseline from two fixtures (hand-written figures, so every expected ratio is exact).

use disruptor_mp_bench::report::rows::{Cell, RowKind, sections};
use disruptor_mp_bench::report::{self, Baseline, Format, Saved};
use std::path::PathBuf;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn markdown(saved: &Saved, baseline: Option<&Baseline>) -> String {
    report::render(
        &saved.groups,
        &saved.targets,
        saved.runs(),
        Format::Markdown,
        baseline,
    )
}

#[test]
fn markdown_tables_of_a_saved_run() {
    let saved = Saved::load(&fixture("run-a.json")).expect("fixture loads");
    let text = markdown(&saved, None);
    let expected = std::fs::read_to_string(fixture("run-a.md")).expect("expected output");
    assert_eq!(text, expected, "got:\n{text}");
    // Every table row has its header's column count.
    let mut columns = None;
    for line in text.lines() {
        if !line.starts_with('|') {
            columns = None;
            continue;
        }
        let n = line.matches(" | ").count();
        assert_eq!(*columns.get_or_insert(n), n, "{line}");
    }
}

/// Ratios of one row, NaN and infinity as `None`.
fn ratios(cells: &[Cell]) -> Vec<Option<f64>> {
    cells
        .iter()
        .map(|c| match c {
            Cell::Ratio(x) => x.is_finite().then(|| (x * 1000.0).round() / 1000.0),
            other => panic!("not a ratio: {other:?}"),
        })
        .collect()
}

#[test]
fn each_figure_against_its_match_in_the_baseline() {
    let now = Saved::load(&fixture("run-a.json")).expect("fixture loads");
    let baseline = Baseline::load(&fixture("run-b.json")).expect("baseline loads");
    let tables = sections(&now.groups, Some(&baseline));
    let rows: Vec<(&RowKind, &[Cell])> = tables
        .iter()
        .flat_map(|s| &s.blocks)
        .flat_map(|b| &b.rows)
        .map(|r| (&r.kind, r.cells.as_slice()))
        .filter(|(k, _)| matches!(k, RowKind::Baseline(_) | RowKind::NoBaseline(_)))
        .collect();
    assert_eq!(rows.len(), 4, "{rows:?}");
    // ping-pong 64 B ours: 300/250, 330/300, 400/400, 1000/2000, 5000/5000, 8000/0.
    assert_eq!(rows[0].0, &RowKind::Baseline("ours".into()));
    assert_eq!(
        ratios(rows[0].1),
        [Some(1.2), Some(1.1), Some(1.0), Some(0.5), Some(1.0), None]
    );
    // floor-stamp ran now; the baseline ran floor-cursor: no match, no invented ratio.
    assert_eq!(rows[1].0, &RowKind::NoBaseline("floor-stamp".into()));
    assert!(rows[1].1.is_empty());
    // throughput 1→1 single 1 KiB: events/s and GB/s.
    assert_eq!(rows[2].0, &RowKind::Baseline("ours".into()));
    assert_eq!(ratios(rows[2].1), [Some(0.9), Some(0.9)]);
    assert_eq!(rows[3].0, &RowKind::Baseline("floor-cursor".into()));
    assert_eq!(ratios(rows[3].1), [Some(1.25), Some(1.25)]);
    assert_eq!(
        baseline.only_in_baseline(&now.groups),
        [
            "ping-pong round trip 8 B ours",
            "ping-pong round trip 64 B floor-cursor"
        ]
    );
    let text = report::render(
        &now.groups,
        &now.targets,
        now.runs(),
        Format::Text,
        Some(&baseline),
    );
    assert!(text.contains("no match in the baseline"), "{text}");
    assert!(text.contains("but not in this run"), "{text}");
    let md = markdown(&now, Some(&baseline));
    assert!(
        md.contains("| 64 B | ours ÷ baseline | 1.20 | 1.10 | 1.00 | 0.50 | 1.00 | – |"),
        "{md}"
    );
    assert!(
        md.contains("| 64 B | floor-stamp ÷ baseline | no match in the baseline |"),
        "{md}"
    );
}

#[test]
fn a_file_without_result_tables_is_refused_clearly() {
    let err = Saved::parse(r#"{"scenario": "wakeup", "latency": []}"#).expect_err("wakeup");
    assert!(err.contains("wakeup"), "{err}");
    let err = Saved::parse("{}").expect_err("empty");
    assert!(err.contains("not a dmp-bench results file"), "{err}");
    let err = Baseline::load(&fixture("missing.json")).expect_err("missing");
    assert!(err.starts_with("--baseline"), "{err}");
}
