//! `dmp ls`: one line per ring in scope.

use crate::cli::Scope;
use crate::{Outcome, exit, json, print_json};
use disruptor_mp::ConsumerStatus;
use disruptor_mp::inspect::{RingReport, list_rings};
use serde_json::json;
use std::io::Write;

/// Lists the rings of `scope`. A ring that cannot be read is listed with its error; the
/// command itself fails only when the directory cannot be read.
pub fn run(scope: &Scope, out: &mut impl Write) -> Outcome {
    let rings = list_rings(scope.dir.as_deref())?;
    if scope.json {
        let listed: Vec<_> = rings
            .iter()
            .map(|ring| match &ring.report {
                Ok(report) => json::report(report),
                Err(err) => json!({
                    "name": ring.location.display_name(),
                    "error": err.to_string(),
                }),
            })
            .collect();
        print_json(out, &json!(listed))?;
        return Ok(exit::OK);
    }
    writeln!(
        out,
        "{:<24} {:<16} {:>8}  {:<16} {:<12} STALE",
        "NAME", "EVENT", "CAPACITY", "PRODUCER", "CONSUMERS"
    )?;
    for ring in &rings {
        let name = ring.location.display_name();
        match &ring.report {
            Ok(report) => writeln!(out, "{}", line(&name, report))?,
            Err(err) => writeln!(out, "{name:<24} error: {err}")?,
        }
    }
    Ok(exit::OK)
}

fn line(name: &str, report: &RingReport) -> String {
    let live = report
        .consumers
        .iter()
        .filter(|consumer| consumer.status == ConsumerStatus::Attached)
        .count();
    format!(
        "{name:<24} {:<16} {:>8}  {:<16} {:<12} {}",
        report.event.name,
        report.capacity,
        format!(
            "{} {}",
            report.producer.pid,
            report.producer.status.as_str()
        ),
        format!("{} ({live} live)", report.consumers.len()),
        if report.is_stale() { "yes" } else { "no" },
    )
}
