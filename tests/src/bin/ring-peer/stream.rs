//! Role `stream`: a producer for `AutoConsumer` tests that publishes batches of `batch` events
//! (default 1) with `publish_batch`, which sleeps (`Block`) while the ring is full, so the
//! producer never spins.
//!
//! Arguments: `name`, `capacity`; gating consumers `prefix` and `consumers` (ids
//! `<prefix>_0…`); `events=N` to stop after N events (then wait until they are consumed, drop
//! the producer and print `RESULT published=N`), or no `events` to publish without end until
//! stdin closes (then drop and print `RESULT published=<count>`); `sync=1` to wait until each
//! batch is consumed before the next, so every batch ends with nothing more published.
//!
//! Prints `READY pid=…` once the ring exists and `STREAMING` after the first batch.

use crate::args::Args;
use disruptor_mp::{AutoWaitStrategy, CoordinationMode, build_shared_single_producer};
use disruptor_mp_tests::event::PeerEvent;
use disruptor_mp_tests::report::Report;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

/// Longest single wait for space, so the loop looks at stdin and the deadline now and then.
const SLICE: Duration = Duration::from_millis(20);

pub fn run(args: &Args) -> Result<(), String> {
    let name = args.str("name")?;
    let capacity: usize = args.get("capacity")?;
    let batch: usize = args.get_or("batch", 1)?;
    let events: Option<u64> = match args.opt_str("events") {
        Some(raw) => Some(raw.parse().map_err(|_| "events= is not a number")?),
        None => None,
    };
    let sync = args.get_or("sync", 0u32)? == 1;
    let mut producer = build_shared_single_producer::<PeerEvent>(name, capacity)
        .with_coordination(CoordinationMode::Immediate)
        .discover_consumer_with_prefix(args.get("consumers")?, args.str("prefix")?)
        // A consumer stopped mid-stream keeps its reserved place with events waiting; these
        // tests do not restart it, so the dropped producer need not keep the name for it.
        .with_linger(Duration::ZERO)
        .build_producer(PeerEvent::default)
        .map_err(|err| format!("build_producer({name}): {err}"))?;
    Report::new("READY").with("pid", std::process::id()).print();

    let stdin_closed = Arc::new(AtomicBool::new(false));
    let closed = Arc::clone(&stdin_closed);
    std::thread::spawn(move || {
        let mut sink = Vec::new();
        let _ = std::io::Read::read_to_end(&mut std::io::stdin(), &mut sink);
        closed.store(true, Ordering::Release);
    });

    let mut next = 0u64;
    let mut announced = false;
    loop {
        if events.is_some_and(|events| next >= events) || stdin_closed.load(Ordering::Acquire) {
            break;
        }
        if args.deadline.passed() {
            return Err(format!("deadline: still streaming at sequence {next}"));
        }
        let n = match events {
            Some(events) => batch.min((events - next) as usize),
            None => batch,
        };
        let first = next;
        // Room for the whole batch first, in slices, so stdin and the deadline are seen.
        if !producer.wait_until_consumed_with_strategy(
            first as i64 - capacity as i64 + n as i64 - 1,
            SLICE,
            AutoWaitStrategy::Block,
        ) {
            continue;
        }
        let last = producer
            .publish_batch(n, |slot, i| *slot = PeerEvent::for_seq(first + i as u64))
            .map_err(|err| format!("publish_batch({n}): {err}"))?;
        next += n as u64;
        if last != next as i64 - 1 {
            return Err(format!(
                "publish_batch returned {last}, expected {}",
                next - 1
            ));
        }
        if !announced {
            Report::new("STREAMING").print();
            announced = true;
        }
        if sync {
            while !producer.wait_until_consumed_with_strategy(last, SLICE, AutoWaitStrategy::Block)
            {
                if args.deadline.passed() || stdin_closed.load(Ordering::Acquire) {
                    return Err(format!("deadline: batch ending at {last} never consumed"));
                }
            }
        }
    }
    if events.is_some() {
        let last = next as i64 - 1;
        if !producer.wait_until_consumed_with_strategy(
            last,
            args.deadline.remaining(),
            AutoWaitStrategy::Block,
        ) {
            return Err(format!("deadline: consumers never reached {last}"));
        }
    }
    drop(producer);
    Report::new("RESULT").with("published", next).print();
    Ok(())
}
