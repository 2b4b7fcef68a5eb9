//! `dmp stat [NAME]`: the counters, like AeronStat — refreshed in place every `--interval`,
//! each running total with its rate per second over the last interval.

use crate::cli::StatArgs;
use crate::{Outcome, exit, json, location, print_json};
use disruptor_mp::inspect::{RingInspector, list_rings};
use disruptor_mp::observability::Counter;
use serde_json::json;
use std::io::Write;
use std::time::{Duration, Instant};

/// Clears a terminal and puts the cursor home, so each frame overwrites the last.
const CLEAR: &str = "\x1b[H\x1b[2J";

/// Samples the counters of the ring named (or of every ring in scope) twice `--interval`
/// apart and prints them with rates; again and again unless `--once`.
pub fn run(args: &StatArgs, out: &mut impl Write) -> Outcome {
    let dir = args.scope.dir.as_deref();
    let rings = match &args.name {
        Some(name) => vec![RingInspector::open(&location(name, dir))?],
        None => list_rings(dir)?
            .into_iter()
            .filter(|ring| ring.report.is_ok())
            .filter_map(|ring| RingInspector::open(&ring.location).ok())
            .collect(),
    };
    let interval = Duration::from_millis(args.interval);
    let mut before = sample(&rings);
    let mut taken = Instant::now();
    loop {
        std::thread::sleep(interval);
        let now = sample(&rings);
        let elapsed = taken.elapsed().as_secs_f64();
        taken = Instant::now();
        let rates: Vec<Vec<Option<f64>>> = before
            .iter()
            .zip(&now)
            .map(|(before, now)| rates(before, now, elapsed))
            .collect();
        if args.scope.json {
            let frame = json!({
                "interval_ms": args.interval,
                "rings": rings.iter().zip(&now).zip(&rates).map(|((ring, counters), rates)| json!({
                    "name": ring.location().display_name(),
                    "counters": json::counters(counters, Some(rates)),
                })).collect::<Vec<_>>(),
            });
            if args.once {
                print_json(out, &frame)?;
            } else {
                // One line per frame: a stream of JSON documents.
                writeln!(out, "{frame}")?;
            }
        } else {
            if !args.once {
                write!(out, "{CLEAR}")?;
            }
            frame(out, &rings, &now, &rates, args.interval)?;
        }
        out.flush()?;
        if args.once {
            return Ok(exit::OK);
        }
        before = now;
    }
}

fn sample(rings: &[RingInspector]) -> Vec<Vec<Counter>> {
    rings
        .iter()
        .map(|ring| ring.counters().counters())
        .collect()
}

/// Each counter's rate per second since `before` (matched by id and consumer); none for
/// gauges, for a counter new since then, and for one that went down (a place reused).
fn rates(before: &[Counter], now: &[Counter], elapsed: f64) -> Vec<Option<f64>> {
    now.iter()
        .map(|counter| {
            if counter.is_gauge() || elapsed <= 0.0 {
                return None;
            }
            let earlier = before
                .iter()
                .find(|old| old.id == counter.id && old.consumer == counter.consumer)?;
            let delta = counter.value.checked_sub(earlier.value)?;
            Some(delta as f64 / elapsed)
        })
        .collect()
}

fn frame(
    out: &mut impl Write,
    rings: &[RingInspector],
    now: &[Vec<Counter>],
    rates: &[Vec<Option<f64>>],
    interval_ms: u64,
) -> std::io::Result<()> {
    writeln!(
        out,
        "dmp stat: {} ring(s), rates over {interval_ms} ms",
        rings.len()
    )?;
    for ((ring, counters), rates) in rings.iter().zip(now).zip(rates) {
        writeln!(out, "\nring {}", ring.location().display_name())?;
        writeln!(
            out,
            "  {:>4} {:<26} {:<16} {:>16} {:>14}",
            "ID", "COUNTER", "CONSUMER", "VALUE", "RATE/S"
        )?;
        for (counter, rate) in counters.iter().zip(rates) {
            let rate = rate.map_or_else(|| "-".to_owned(), |rate| format!("{rate:.1}"));
            writeln!(
                out,
                "  {:>4} {:<26} {:<16} {:>16} {:>14}",
                format!("{:#x}", counter.id),
                counter.label,
                counter.consumer.as_deref().unwrap_or("-"),
                counter.value,
                rate
            )?;
        }
    }
    Ok(())
}
