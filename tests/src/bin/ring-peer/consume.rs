//! Role `consumer`: attach, read `events` events verifying each, then check how the stream ends.
//!
//! Arguments: `name`, `capacity`, `events` (a count, or `all`: read until the stream ends);
//! `id` (default: anonymous); `start-delay-ms` (pause after attaching); `start` (the first
//! sequence expected, default 0; `any` accepts wherever the consumer joins); `read=next|poll|
//! lease|batch` (which consumer method reads: `consume_next_timeout`, `poll_next`,
//! `poll_next_leased` or `try_process_available`); `wait` strategy; `attach-wait-ms` (how long to
//! wait for the ring to appear, default 10 s); `end=closed|dead|none|any` (after the events, expect
//! `ProducerClosed`, expect `ProducerDead`, just leave, or accept whichever error ends it);
//! `leave=drop|give-up` (keep a reserved place for the id, or release it; see `leave`);
//! `pages=true` (also report what backs the mapping: `mapped`, `pmd_mapped`, `kernel_page_size`).
//!
//! Prints `READY id=… gating=… start=…` once attached, `DRAINED` after the last expected event,
//! then `RESULT consumed=… first=… last=… checksum=… ordered=true end=… [pid=…] end_ms=…
//! producer_cursor=…`.

use crate::args::Args;
use crate::verify::Verifier;
use disruptor_mp::{ConsumeError, SharedConsumer};
use disruptor_mp_tests::event::PeerEvent;
use disruptor_mp_tests::report::Report;
use disruptor_mp_tests::wait::{Backoff, Deadline};
use std::time::{Duration, Instant};

pub fn run(args: &Args) -> Result<(), String> {
    let name = args.str("name")?;
    let capacity: usize = args.get("capacity")?;
    let events: Option<u64> = match args.str("events")? {
        "all" => None,
        _ => Some(args.get("events")?),
    };
    let mut builder = args
        .consumer::<PeerEvent>(name, capacity)?
        .wait_for_producer(args.millis_or("attach-wait", Duration::from_secs(10))?)
        .with_wait_strategy(args.wait_strategy()?);
    if let Some(id) = args.opt_str("id") {
        builder = builder.with_consumer_id(id);
    }
    let mut consumer = builder
        .build_consumer()
        .map_err(|err| format!("build_consumer({name}): {err}"))?;
    let start = consumer.current_sequence() + 1;
    match args.opt_str("start").unwrap_or("0") {
        "any" => {}
        want if want == start.to_string() => {}
        want => return Err(format!("joined at sequence {start}, expected {want}")),
    }
    Report::new("READY")
        .with("id", consumer.consumer_id())
        .with("gating", consumer.is_gating())
        .with("start", start)
        .print();

    std::thread::sleep(args.millis_or("start-delay", Duration::ZERO)?);

    let mut verifier = Verifier::new(start as u64);
    let read = args.opt_str("read").unwrap_or("next");
    let ended = read_events(
        &mut consumer,
        &mut verifier,
        events.unwrap_or(u64::MAX),
        read,
        args.deadline,
    )?;
    let last_event_at = Instant::now();
    Report::new("DRAINED").print();

    let mut report = verifier.describe(Report::new("RESULT"));
    match args.opt_str("end").unwrap_or("closed") {
        "none" => report = report.with("end", "none"),
        expected => {
            let end = match ended {
                Some(end) => end,
                None => next_error(&mut consumer, &verifier, args.deadline)?,
            };
            let got = match end {
                ConsumeError::ProducerClosed => "closed",
                ConsumeError::ProducerDead { pid } => {
                    report = report.with("pid", pid);
                    "dead"
                }
                ConsumeError::Lapped { .. } => "lapped",
                _ => "other",
            };
            if got != expected && expected != "any" {
                return Err(format!(
                    "stream ended with {end:?}, expected end={expected}"
                ));
            }
            report = report.with("end", got);
        }
    }
    if args.get_or("pages", false)? {
        // What backs this process's mapping of the ring (for the huge page tests).
        let path = args
            .ring_file(name)?
            .unwrap_or_else(|| std::path::Path::new(disruptor_mp_tests::shm::SHM_DIR).join(name));
        let pages = disruptor_mp_tests::pages::mapped_pages(&path).unwrap_or_default();
        report = report
            .with("mapped", pages.size)
            .with("pmd_mapped", pages.pmd_mapped)
            .with("kernel_page_size", pages.kernel_page_size);
    }
    report
        .with("end_ms", last_event_at.elapsed().as_millis())
        .with("producer_cursor", consumer.producer_sequence())
        .print();
    crate::leave::leave(consumer, args)
}

/// Reads until `verifier` accepted `events` events, with the method `read` names. With
/// `events == u64::MAX` the stream's end is expected and returned; otherwise an end before
/// `events` events is a failure.
fn read_events(
    consumer: &mut SharedConsumer<PeerEvent>,
    verifier: &mut Verifier,
    events: u64,
    read: &str,
    deadline: Deadline,
) -> Result<Option<ConsumeError>, String> {
    let until_end = events == u64::MAX;
    let stop = |err: ConsumeError, verifier: &Verifier| {
        if until_end {
            Ok(Some(err))
        } else {
            Err(stopped(verifier, events, err))
        }
    };
    let mut backoff = Backoff::new();
    while verifier.count() < events {
        let progressed = match read {
            "next" => match consumer.consume_next_timeout(deadline.remaining()) {
                Ok(Some((seq, event))) => verifier.see(seq, &event),
                Ok(None) => false,
                Err(err) => return stop(err, verifier),
            },
            "poll" => match consumer.poll_next() {
                Ok(Some((seq, event))) => verifier.see(seq, &event),
                Ok(None) => false,
                Err(err) => return stop(err, verifier),
            },
            "lease" => match consumer.poll_next_leased() {
                Ok(Some(lease)) => verifier.see(lease.sequence(), &lease),
                Ok(None) => false,
                Err(err) => return stop(err, verifier),
            },
            "batch" => match consumer.try_process_available(|event, seq| {
                verifier.see(seq, event);
            }) {
                Ok(count) => count > 0,
                Err((_, err)) => return stop(err, verifier),
            },
            other => return Err(format!("unknown read={other:?}")),
        };
        verifier.check()?;
        if progressed {
            backoff.reset();
        } else {
            if deadline.passed() {
                return Err(format!(
                    "deadline: consumed {} of {events} events (producer at {})",
                    verifier.count(),
                    consumer.producer_sequence()
                ));
            }
            // `next` waits inside the library; the polling methods back off here.
            if read != "next" {
                backoff.step();
            }
        }
    }
    if verifier.count() > events {
        return Err(format!(
            "read {} events, more than the {events} expected",
            verifier.count()
        ));
    }
    Ok(None)
}

fn stopped(verifier: &Verifier, events: u64, err: ConsumeError) -> String {
    format!(
        "consumer error after {} of {events} events: {err} ({err:?})",
        verifier.count()
    )
}

/// Waits for the error that ends the stream; an event instead is a failure.
fn next_error(
    consumer: &mut SharedConsumer<PeerEvent>,
    verifier: &Verifier,
    deadline: Deadline,
) -> Result<ConsumeError, String> {
    match consumer.consume_next_timeout(deadline.remaining()) {
        Err(err) => Ok(err),
        Ok(Some((seq, _))) => Err(format!(
            "expected the stream to end after {} events, got sequence {seq}",
            verifier.count()
        )),
        Ok(None) => Err(format!(
            "deadline: the stream did not end after {} events",
            verifier.count()
        )),
    }
}
