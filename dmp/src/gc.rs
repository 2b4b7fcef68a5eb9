//! `dmp gc`: remove the rings nobody uses, never a live one.

use crate::cli::GcArgs;
use crate::{Failure, Outcome, exit, location, print_json};
use disruptor_mp::inspect::{Collected, InspectError, RingLocation, collect_garbage, collect_ring};
use serde_json::json;
use std::io::Write;

/// Judges (and unless `--dry-run` removes) the rings named, or every ring in scope. Each ring's
/// outcome is printed; a ring that could not be judged is reported on stderr and sets the exit
/// code (the last such error's), without stopping the others.
pub fn run(args: &GcArgs, out: &mut impl Write) -> Outcome {
    let dir = args.scope.dir.as_deref();
    let looked_at: Vec<(RingLocation, Result<Collected, InspectError>)> = if args.names.is_empty() {
        collect_garbage(dir, args.dry_run)?
            .into_iter()
            .map(|ring| (ring.location, ring.outcome))
            .collect()
    } else {
        args.names
            .iter()
            .map(|name| {
                let location = location(name, dir);
                let outcome = collect_ring(&location, args.dry_run);
                (location, outcome)
            })
            .collect()
    };
    let mut code = exit::OK;
    let mut rows = Vec::new();
    for (location, outcome) in &looked_at {
        let name = location.display_name();
        match outcome {
            Ok(outcome) => {
                if args.scope.json {
                    rows.push(json!({ "name": name, "outcome": word(outcome), "detail": detail(outcome) }));
                } else {
                    writeln!(out, "{:<12} {name}{}", word(outcome), suffix(outcome))?;
                }
            }
            Err(err) => {
                eprintln!("dmp: {err}");
                code = exit::code(err);
                if args.scope.json {
                    rows.push(
                        json!({ "name": name, "outcome": "error", "detail": err.to_string() }),
                    );
                }
            }
        }
    }
    if args.scope.json {
        print_json(out, &json!(rows)).map_err(Failure::Output)?;
    }
    Ok(code)
}

fn word(outcome: &Collected) -> &'static str {
    match outcome {
        Collected::Removed => "removed",
        Collected::WouldRemove => "would-remove",
        Collected::LiveProducer { .. } | Collected::LiveConsumer { .. } => "kept",
        Collected::Gone => "gone",
        _ => "unknown",
    }
}

fn detail(outcome: &Collected) -> String {
    match outcome {
        Collected::LiveProducer { pid: 0 } => "its producer is alive".to_owned(),
        Collected::LiveProducer { pid } => format!("producer pid {pid} is alive"),
        Collected::LiveConsumer { id, pid } => match pid {
            Some(pid) => format!("consumer {id} (pid {pid}) is alive"),
            None => format!("consumer {id} is alive"),
        },
        Collected::Removed | Collected::WouldRemove => "producer and consumers are gone".to_owned(),
        _ => String::new(),
    }
}

fn suffix(outcome: &Collected) -> String {
    match detail(outcome) {
        detail if detail.is_empty() => String::new(),
        detail => format!(" ({detail})"),
    }
}
