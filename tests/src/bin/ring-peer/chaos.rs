//! Roles `chaos-producer` and `chaos-consumer`: the processes of the chaos run
//! (`tests/tests/chaos.rs`), which SIGKILLs and restarts them at random moments. Each keeps a
//! `disruptor_mp_tests::chaos::Record` file that survives its death.
//!
//! `chaos-producer name= capacity= inc= events= record= [batch=64]`: creates the ring (reclaiming
//! a dead predecessor's) with three reserved gating places `c_0`…`c_2`, publishes
//! `payload(inc, seq)` for `seq` in `0..events` in batches, recording the count after each batch;
//! prints `PUBLISHED`, waits until every place consumed everything, prints `DONE`, then waits for
//! stdin to close and for three live consumers to be attached before dropping (closing) the ring
//! — so a consumer restarted at the very end still finds it.
//!
//! `chaos-consumer name= capacity= id= dir= proc=`: attaches with its id and reads (in place,
//! blocking on the futex when there is nothing) until the stream ends. Every attachment writes
//! `<dir>/<id>-<proc>-<n>.rec`: its first sequence, the incarnation of its events (from the first
//! one; every event must match `payload(inc, seq)` and follow the previous one), the last
//! sequence and checksum, and its stored cursor after each batch. On `ProducerDead` it prints
//! `END … end=dead producer_pid=…` (once per dead producer) and attaches again, until a live
//! ring appears; on `ProducerClosed` it prints `END … end=closed` and exits.

use crate::args::Args;
use disruptor_mp::{
    ConsumeError, CoordinationMode, attach_shared_consumer, build_shared_single_producer,
};
use disruptor_mp_tests::chaos::{Record, incarnation_of, payload};
use disruptor_mp_tests::event::{Checksum, PeerEvent};
use disruptor_mp_tests::report::Report;
use disruptor_mp_tests::wait::Backoff;
use std::path::Path;
use std::time::Duration;

/// The reserved gating places of the chaos ring: `c_0`, `c_1`, `c_2`.
const CONSUMERS: usize = 3;

pub fn producer(args: &Args) -> Result<(), String> {
    let name = args.str("name")?;
    let capacity: usize = args.get("capacity")?;
    let inc: u64 = args.get("inc")?;
    let events: u64 = args.get("events")?;
    let batch: u64 = args.get_or("batch", 64)?;
    let record = Record::create(Path::new(args.str("record")?))
        .map_err(|err| format!("record file: {err}"))?;
    let mut producer = build_shared_single_producer::<PeerEvent>(name, capacity)
        .with_coordination(CoordinationMode::Immediate)
        .discover_consumer_with_prefix(CONSUMERS, "c")
        .build_producer(PeerEvent::default)
        .map_err(|err| format!("build_producer({name}): {err}"))?;
    Report::new("READY")
        .with("pid", std::process::id())
        .with("inc", inc)
        .print();
    let mut next = 0u64;
    let mut backoff = Backoff::new();
    while next < events {
        let n = batch.min(events - next) as usize;
        let first = next;
        match producer.try_batch_publish(n, |slot, i| *slot = payload(inc, first + i as u64)) {
            Ok(last) => {
                if last != (first + n as u64 - 1) as i64 {
                    return Err(format!("batch from {first} of {n} returned {last}"));
                }
                next += n as u64;
                record.published(next);
                backoff.reset();
            }
            Err(_) => {
                if args.deadline.passed() {
                    return Err(format!(
                        "deadline: ring full at {first} (gating minimum {})",
                        producer.min_gating_sequence()
                    ));
                }
                backoff.step();
            }
        }
    }
    let last = events as i64 - 1;
    Report::new("PUBLISHED").with("last", last).print();
    if !producer.wait_until_consumed(last, args.deadline.remaining()) {
        return Err(format!(
            "deadline: consumed only up to {} of {last}",
            producer.min_gating_sequence()
        ));
    }
    Report::new("DONE").print();
    crate::wait_for_stdin_close(args.deadline);
    let mut backoff = Backoff::new();
    while producer.get_consumer_count() < CONSUMERS {
        if args.deadline.passed() {
            return Err(format!(
                "deadline: {} of {CONSUMERS} consumers attached at the end",
                producer.get_consumer_count()
            ));
        }
        backoff.step();
    }
    drop(producer);
    Report::new("RESULT").with("published", events).print();
    Ok(())
}

/// What one attachment has read.
struct Attachment {
    inc: Option<u64>,
    next: u64,
    count: u64,
    checksum: Checksum,
    error: Option<String>,
}

impl Attachment {
    #[inline]
    fn see(&mut self, record: &Record, seq: i64, event: &PeerEvent, min_inc: Option<u64>) {
        if self.error.is_some() {
            return;
        }
        if seq < 0 || seq as u64 != self.next {
            self.error = Some(format!("got sequence {seq}, expected {}", self.next));
            return;
        }
        let inc = match self.inc {
            Some(inc) => inc,
            None => {
                let inc = incarnation_of(event);
                if min_inc.is_some_and(|min| inc < min) {
                    self.error = Some(format!(
                        "sequence {seq} comes from incarnation {inc}, after {min_inc:?}"
                    ));
                    return;
                }
                record.set_inc(inc);
                self.inc = Some(inc);
                inc
            }
        };
        let want = payload(inc, self.next);
        if *event != want {
            self.error = Some(format!(
                "sequence {seq} of incarnation {inc}: got {event:?}, want {want:?}"
            ));
            return;
        }
        self.checksum.add(event);
        self.count += 1;
        self.next += 1;
        record.see(self.count, seq as u64, self.checksum.0);
    }

    fn check(&self) -> Result<(), String> {
        match &self.error {
            Some(err) => Err(format!("after {} good events: {err}", self.count)),
            None => Ok(()),
        }
    }
}

pub fn consumer(args: &Args) -> Result<(), String> {
    let name = args.str("name")?;
    let capacity: usize = args.get("capacity")?;
    let id = args.str("id")?;
    let dir = Path::new(args.str("dir")?);
    let proc: u64 = args.get("proc")?;
    let mut attachments = 0u64;
    let mut dead_reported: Vec<u32> = Vec::new();
    let mut min_inc: Option<u64> = None;
    loop {
        if args.deadline.passed() {
            return Err(format!(
                "deadline: no live ring after {attachments} attachments"
            ));
        }
        let built = attach_shared_consumer::<PeerEvent>(name, capacity)
            .wait_for_producer(args.deadline.remaining().min(Duration::from_secs(10)))
            .with_consumer_id(id)
            .build_consumer();
        let mut consumer = match built {
            Ok(consumer) => consumer,
            // A dead ring that is being reclaimed, or none yet: try again.
            Err(_) => {
                std::thread::sleep(Duration::from_millis(5));
                continue;
            }
        };
        if !consumer.is_gating() {
            return Err(format!("{id} attached without a gating place"));
        }
        let start = (consumer.current_sequence() + 1) as u64;
        let path = dir.join(format!("{id}-{proc}-{attachments}.rec"));
        attachments += 1;
        let record = Record::create(&path).map_err(|err| format!("record file: {err}"))?;
        record.set_start(start);
        record.set_released(consumer.consumer_sequence());
        let mut seen = Attachment {
            inc: None,
            next: start,
            count: 0,
            checksum: Checksum::default(),
            error: None,
        };
        let end = loop {
            let handled =
                consumer.try_process_available(|event, seq| seen.see(&record, seq, event, min_inc));
            let stop = match handled {
                Ok(0) => {
                    // Nothing now: sleep on the futex for the next event (the library wakes
                    // every 20 ms to see whether the producer died; the orchestrator's deadline
                    // bounds the whole process).
                    match consumer.consume_next_leased() {
                        Ok(lease) => {
                            seen.see(&record, lease.sequence(), &lease, min_inc);
                            None
                        }
                        Err(err) => Some(err),
                    }
                }
                Ok(_) => None,
                Err((_, err)) => Some(err),
            };
            seen.check()?;
            record.set_released(consumer.consumer_sequence());
            if let Some(err) = stop {
                break err;
            }
            if args.deadline.passed() {
                return Err(format!(
                    "deadline: at sequence {} of incarnation {:?}",
                    seen.next, seen.inc
                ));
            }
        };
        if seen.inc.is_some() {
            min_inc = seen.inc;
        }
        let report = Report::new("END")
            .with("id", id)
            .with("attach", attachments - 1)
            .with("inc", seen.inc.map_or(-1, |inc| inc as i64))
            .with("start", start)
            .with("next", seen.next)
            .with("count", seen.count);
        match end {
            ConsumeError::ProducerClosed => {
                report.with("end", "closed").print();
                drop(consumer);
                return Ok(());
            }
            ConsumeError::ProducerDead { pid } => {
                if seen.count > 0 || !dead_reported.contains(&pid) {
                    report.with("end", "dead").with("producer_pid", pid).print();
                    dead_reported.push(pid);
                }
                drop(consumer);
                std::thread::sleep(Duration::from_millis(5));
            }
            other => return Err(format!("{id}: stream ended with {other:?}")),
        }
    }
}
