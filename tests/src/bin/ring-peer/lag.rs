//! Non-gating readers that a producer laps.
//!
//! - `lagger name= capacity= [id=]`: attaches (without an id by default, so it does not gate
//!   when discovery is disabled), prints `READY start=… gating=…`, then reads commands on stdin:
//!   `poll` polls once and prints `POLL outcome=event seq=…`, `outcome=none`,
//!   `outcome=lapped expected=… found=…`, `outcome=closed` or `outcome=dead`;
//!   `outcome=evicted last=…` (the last sequence it read, which must be the one before the next
//!   it expected); `resume-oldest` and `resume-newest` skip ahead and print `RESUMED
//!   outcome=resumed missed=… next=…` (or `outcome=gating`); `reattach` drops the consumer and
//!   attaches again with the same arguments, printing `READY start=… gating=…` (a failed
//!   attach ends the peer with its error). Exits on `quit` or end of input. An event that is
//!   not the next sequence with its exact payload is a failure, and so is a resume whose missed
//!   count is not the distance it moved.
//! - `racer name= capacity= duration-ms=`: reads as fast as it can, pausing now and then so the
//!   producer laps it; on every lap checks the error, re-attaches and goes on, until the duration
//!   passes or the ring closes. Every event it returns must be exactly right. Prints `RESULT
//!   reads=… laps=… attaches=… idle=…`.

use crate::args::Args;
use disruptor_mp::{ConsumeError, ResumeError, Sequence, SharedConsumer};
use disruptor_mp_tests::event::PeerEvent;
use disruptor_mp_tests::report::Report;
use disruptor_mp_tests::wait::{Backoff, Deadline};
use std::io::BufRead;
use std::time::Duration;

fn attach(args: &Args) -> Result<SharedConsumer<PeerEvent>, String> {
    let name = args.str("name")?;
    let mut builder = args.consumer::<PeerEvent>(name, args.get("capacity")?)?;
    if let Some(id) = args.opt_str("id") {
        builder = builder.with_consumer_id(id);
    }
    builder
        .build_consumer()
        .map_err(|err| format!("build_consumer({name}): {err}"))
}

/// Checks a lap report for a reader that wanted sequence `want` in a ring of `capacity` slots:
/// the slot must hold a later sequence that maps to the same slot.
fn check_lap(lap: ConsumeError, want: Sequence, capacity: usize) -> bool {
    match lap {
        ConsumeError::Lapped {
            expected: e,
            found: f,
        } => e == want && f > e && (f - e) % capacity as Sequence == 0,
        _ => false,
    }
}

fn lap_found(lap: ConsumeError) -> Sequence {
    match lap {
        ConsumeError::Lapped { found, .. } => found,
        _ => Sequence::MIN,
    }
}

fn ready(consumer: &SharedConsumer<PeerEvent>) -> Sequence {
    let start = consumer.current_sequence() + 1;
    Report::new("READY")
        .with("start", start)
        .with("gating", consumer.is_gating())
        .print();
    start
}

pub fn lagger(args: &Args) -> Result<(), String> {
    let capacity: usize = args.get("capacity")?;
    let mut consumer = attach(args)?;
    let mut expected = ready(&consumer);
    for line in std::io::stdin().lock().lines() {
        let line = line.map_err(|err| format!("reading stdin: {err}"))?;
        let resumed = match line.trim() {
            "quit" => break,
            "reattach" => {
                drop(consumer);
                consumer = attach(args)?;
                expected = ready(&consumer);
                continue;
            }
            "poll" => None,
            "resume-oldest" => Some(consumer.resume_from_oldest()),
            "resume-newest" => Some(consumer.resume_from_newest()),
            other => return Err(format!("unknown command {other:?}")),
        };
        if let Some(resumed) = resumed {
            resume_report(resumed, &consumer, &mut expected)?.print();
            continue;
        }
        let report = Report::new("POLL");
        let report = match consumer.poll_next() {
            Ok(Some((seq, event))) => {
                if seq != expected {
                    return Err(format!("got sequence {seq}, expected {expected}"));
                }
                event.verify(seq as u64)?;
                expected += 1;
                report.with("outcome", "event").with("seq", seq)
            }
            Ok(None) => report.with("outcome", "none"),
            Err(lap @ ConsumeError::Lapped { expected: e, found }) => {
                if !check_lap(lap, expected, capacity) {
                    return Err(format!("implausible lap {lap:?} when expecting {expected}"));
                }
                report
                    .with("outcome", "lapped")
                    .with("expected", e)
                    .with("found", found)
            }
            Err(ConsumeError::Evicted { last_read }) => {
                if last_read != expected - 1 {
                    return Err(format!(
                        "evicted after reading {last_read}, but read up to {}",
                        expected - 1
                    ));
                }
                report.with("outcome", "evicted").with("last", last_read)
            }
            Err(ConsumeError::ProducerClosed) => report.with("outcome", "closed"),
            Err(ConsumeError::ProducerDead { pid }) => {
                report.with("outcome", "dead").with("pid", pid)
            }
            Err(other) => return Err(format!("unexpected {other:?}")),
        };
        report.print();
    }
    Ok(())
}

/// Checks a resume against the consumer's position before (`expected`, which it moves on) and
/// after, and says what happened.
fn resume_report(
    resumed: Result<u64, ResumeError>,
    consumer: &SharedConsumer<PeerEvent>,
    expected: &mut Sequence,
) -> Result<Report, String> {
    let report = Report::new("RESUMED");
    match resumed {
        Ok(missed) => {
            let next = consumer.current_sequence() + 1;
            if next - *expected != missed as Sequence {
                return Err(format!(
                    "resumed from {expected} to {next} but reported {missed} missed"
                ));
            }
            *expected = next;
            Ok(report
                .with("outcome", "resumed")
                .with("missed", missed)
                .with("next", next))
        }
        Err(ResumeError::Gating) => Ok(report.with("outcome", "gating")),
        Err(other) => Err(format!("unexpected {other:?}")),
    }
}

pub fn racer(args: &Args) -> Result<(), String> {
    let capacity: usize = args.get("capacity")?;
    let stop = Deadline::after(args.millis_or("duration", Duration::from_secs(1))?);
    let (mut reads, mut laps, mut attaches, mut idle) = (0u64, 0u64, 0u64, 0u64);
    // A small xorshift decides when to pause, so pauses land at varied points of the ring.
    let mut rng = 0x2545_f491_4f6c_dd1d_u64 ^ u64::from(std::process::id());
    let mut closed = false;
    'attach: while !closed && !stop.passed() && !args.deadline.passed() {
        let mut consumer = attach(args)?;
        attaches += 1;
        let mut expected = consumer.current_sequence() + 1;
        let mut backoff = Backoff::new();
        while !stop.passed() {
            match consumer.poll_next() {
                Ok(Some((seq, event))) => {
                    if seq != expected {
                        return Err(format!("got sequence {seq}, expected {expected}"));
                    }
                    event.verify(seq as u64)?;
                    expected += 1;
                    reads += 1;
                    backoff.reset();
                    rng ^= rng << 13;
                    rng ^= rng >> 7;
                    rng ^= rng << 17;
                    if rng.is_multiple_of(64) {
                        std::thread::sleep(Duration::from_micros(20 + rng % 80));
                    }
                }
                Ok(None) => {
                    idle += 1;
                    backoff.step();
                }
                Err(lap @ ConsumeError::Lapped { .. }) => {
                    if !check_lap(lap, expected, capacity) {
                        return Err(format!("implausible lap {lap:?} when expecting {expected}"));
                    }
                    // Laps are sticky: polling again must report a lap at the same sequence
                    // (the slot may hold an even later one by now), never an event.
                    let again = consumer.poll_next();
                    let repeated = match again {
                        Err(second @ ConsumeError::Lapped { found, .. }) => {
                            check_lap(second, expected, capacity) && found >= lap_found(lap)
                        }
                        _ => false,
                    };
                    if !repeated {
                        return Err(format!("a second poll after {lap:?} gave {again:?}"));
                    }
                    laps += 1;
                    continue 'attach;
                }
                Err(ConsumeError::ProducerClosed) => {
                    closed = true;
                    continue 'attach;
                }
                Err(err) => {
                    return Err(format!("unexpected {err:?}"));
                }
            }
        }
    }
    Report::new("RESULT")
        .with("reads", reads)
        .with("laps", laps)
        .with("attaches", attaches)
        .with("idle", idle)
        .with("closed", closed)
        .print();
    Ok(())
}
