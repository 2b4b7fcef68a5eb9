//! Role `producer`: create a ring, publish `events` events, then close it (or hang until killed).
//!
//! Arguments: `name`, `capacity`, `events`; `batch` (default 1: single publishes that wait with
//! the library's wait strategy; more: `try_batch_publish` of up to that many, backing off while
//! the ring is full); discovery with `prefix` and `consumers` (ids `<prefix>_0…`) or `open=N`
//! (none by default); `wait` strategy; `await=N` to wait for N attached consumers before
//! publishing; `then=close` (wait until every gating consumer consumed everything, then drop)
//! or `then=drop` (close at once, whatever the consumers have read), or `then=hang` (print
//! `PUBLISHED`, then wait for stdin to close — the test kills it first).
//!
//! Prints `READY pid=…` once the ring exists, `PUBLISHED last=… checksum=…` after the last
//! publish, and `RESULT published=… last=… checksum=… publish_ms=…` after closing.

use crate::args::Args;
use disruptor_mp::{CoordinationMode, SharedProducer};
use disruptor_mp_tests::event::{Checksum, PeerEvent};
use disruptor_mp_tests::report::Report;
use disruptor_mp_tests::wait::{Backoff, Deadline};
use std::time::Instant;

pub fn run(args: &Args) -> Result<(), String> {
    let name = args.str("name")?;
    let capacity: usize = args.get("capacity")?;
    let events: u64 = args.get("events")?;
    let batch: usize = args.get_or("batch", 1)?;
    if batch == 0 {
        return Err("batch must be at least 1".into());
    }
    let mut builder = args
        .producer::<PeerEvent>(name, capacity)?
        .with_coordination(CoordinationMode::Immediate)
        .with_wait_strategy(args.wait_strategy()?);
    if let Some(prefix) = args.opt_str("prefix") {
        builder = builder.discover_consumer_with_prefix(args.get("consumers")?, prefix);
    } else if let Some(open) = args.opt_str("open") {
        let open = open.parse().map_err(|_| "open= is not a number")?;
        builder = builder.enable_discovery(open);
    }
    let mut producer = builder
        .build_producer(PeerEvent::default)
        .map_err(|err| format!("build_producer({name}): {err}"))?;
    Report::new("READY")
        .with("pid", std::process::id())
        .with("gating", producer.gating_consumer_count())
        .print();

    let awaited: usize = args.get_or("await", 0)?;
    if awaited > 0 {
        wait_for_consumers(&mut producer, awaited, args.deadline)?;
    }
    let started = Instant::now();
    let checksum = publish_all(&mut producer, events, batch, args.deadline)?;
    let publish_ms = started.elapsed().as_millis();
    let last = producer.last_published_sequence();
    if last != events as i64 - 1 {
        return Err(format!(
            "published {events} events but the last sequence is {last}"
        ));
    }
    Report::new("PUBLISHED")
        .with("last", last)
        .with("checksum", checksum.0)
        .print();

    match args.opt_str("then").unwrap_or("close") {
        "close" => {
            if !producer.wait_until_consumed(last, args.deadline.remaining()) {
                return Err(format!(
                    "deadline: gating consumers consumed only up to {} of {last}",
                    producer.min_gating_sequence()
                ));
            }
            drop(producer);
            Report::new("RESULT")
                .with("published", events)
                .with("last", last)
                .with("checksum", checksum.0)
                .with("publish_ms", publish_ms)
                .print();
            Ok(())
        }
        "drop" => {
            drop(producer);
            Report::new("RESULT")
                .with("published", events)
                .with("last", last)
                .with("checksum", checksum.0)
                .print();
            Ok(())
        }
        "hang" => {
            crate::wait_for_stdin_close(args.deadline);
            drop(producer);
            Ok(())
        }
        other => Err(format!("unknown then={other:?}")),
    }
}

fn wait_for_consumers(
    producer: &mut SharedProducer<PeerEvent>,
    awaited: usize,
    deadline: Deadline,
) -> Result<(), String> {
    let mut backoff = Backoff::new();
    loop {
        let attached = producer.get_consumer_count();
        if attached >= awaited {
            return Ok(());
        }
        if deadline.passed() {
            return Err(format!(
                "deadline: {attached} of {awaited} consumers attached"
            ));
        }
        backoff.step();
    }
}

/// Publishes sequences `0..events`, returning the checksum of what was published.
fn publish_all(
    producer: &mut SharedProducer<PeerEvent>,
    events: u64,
    batch: usize,
    deadline: Deadline,
) -> Result<Checksum, String> {
    let mut checksum = Checksum::default();
    let mut next = 0u64;
    let mut backoff = Backoff::new();
    while next < events {
        let first = next;
        if batch == 1 {
            let seq = producer
                .publish_with_timeout(deadline.remaining(), |slot| {
                    *slot = PeerEvent::for_seq(first);
                    checksum.add(slot);
                })
                .map_err(|err| format!("publishing sequence {first}: {err}"))?;
            if seq != first as i64 {
                return Err(format!("publish returned {seq}, expected {first}"));
            }
            next += 1;
            continue;
        }
        let n = batch.min((events - next) as usize);
        match producer.try_batch_publish(n, |slot, i| {
            *slot = PeerEvent::for_seq(first + i as u64);
            checksum.add(slot);
        }) {
            Ok(last) => {
                let want = (first + n as u64 - 1) as i64;
                if last != want {
                    return Err(format!("batch publish returned {last}, expected {want}"));
                }
                next += n as u64;
                backoff.reset();
            }
            Err(missing) => {
                if missing.0 == 0 || missing.0 > n as u64 {
                    return Err(format!("batch of {n}: implausible shortfall {}", missing.0));
                }
                if deadline.passed() {
                    return Err(format!(
                        "deadline: ring still full at sequence {first} (gating minimum {})",
                        producer.min_gating_sequence()
                    ));
                }
                backoff.step();
            }
        }
    }
    Ok(checksum)
}
