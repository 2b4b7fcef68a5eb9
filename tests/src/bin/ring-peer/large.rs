//! Roles for events far larger than a cache line (`large_events`): a 64 KiB and a 1 MiB event,
//! every word derived from the sequence and the last word a fold of all the others, so a reader
//! checks each event whole.
//!
//! - `large-producer name= capacity= events= size=64k|1m await=N`: a producer gated by
//!   consumers named `c_*`; waits until `N` consumers are attached, publishes `events` events in
//!   place, waits until they are consumed, closes, and prints `RESULT published= checksum=`.
//! - `large-consumer name= capacity= events= size= id=c_0 read=lease|batch`: a gating consumer
//!   that reads every event in place (`poll_next_leased` or `try_process_available`), verifies
//!   it and prints `RESULT consumed= checksum= end=`.
//! - `large-reader name= capacity= size=`: a consumer the producer does not wait for; every event
//!   it gets through a lease must be whole and in order, a lap resumes from the oldest; prints
//!   `RESULT reads= laps=` at end of stream.
//!
//! No event is ever held by value: the producer fills the slot, the readers borrow it (or, for
//! the non-gating reader, its verified heap copy).

use crate::args::Args;
use disruptor_mp::{ConsumeError, CoordinationMode, SharedEvent, SharedProducer};
use disruptor_mp::{attach_shared_consumer, build_shared_single_producer};
use disruptor_mp_tests::report::Report;
use disruptor_mp_tests::wait::Backoff;

/// An event of 64-bit words, filled and checked in place.
trait Large: SharedEvent {
    fn words(&self) -> &[u64];
    fn words_mut(&mut self) -> &mut [u64];
    /// All zeros (the producer's initial slots).
    fn zeroed() -> Self;
}

macro_rules! large_event {
    ($name:ident, $words:expr) => {
        #[derive(Clone, Copy, SharedEvent)]
        #[repr(C)]
        struct $name {
            words: [u64; $words],
        }

        impl Large for $name {
            fn words(&self) -> &[u64] {
                &self.words
            }
            fn words_mut(&mut self) -> &mut [u64] {
                &mut self.words
            }
            fn zeroed() -> Self {
                Self { words: [0; $words] }
            }
        }
    };
}

large_event!(Large64K, 8 * 1024);
large_event!(Large1M, 128 * 1024);

const _: () = assert!(size_of::<Large64K>() == 64 << 10 && size_of::<Large1M>() == 1 << 20);

/// Word `i` (between the first, the sequence, and the last, the check) of event `seq`.
fn word(seq: u64, i: usize) -> u64 {
    (seq ^ i as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15)
}

fn fold(check: u64, word: u64) -> u64 {
    check.rotate_left(7) ^ word
}

/// Writes event `seq` into `words`; returns its check word.
fn fill(words: &mut [u64], seq: u64) -> u64 {
    let last = words.len() - 1;
    words[0] = seq;
    let mut check = seq;
    for (i, slot) in words.iter_mut().enumerate().take(last).skip(1) {
        *slot = word(seq, i);
        check = fold(check, *slot);
    }
    words[last] = check;
    check
}

/// Whether `words` is exactly event `seq`; returns its check word.
fn verify(words: &[u64], seq: u64) -> Result<u64, String> {
    let last = words.len() - 1;
    if words[0] != seq {
        return Err(format!(
            "wanted sequence {seq}, the event says {}",
            words[0]
        ));
    }
    let mut check = seq;
    for (i, &value) in words.iter().enumerate().take(last).skip(1) {
        if value != word(seq, i) {
            return Err(format!(
                "event {seq}: word {i} is {value:#x}, torn or stale"
            ));
        }
        check = fold(check, value);
    }
    if words[last] != check {
        return Err(format!(
            "event {seq}: check word {:#x} != {check:#x}",
            words[last]
        ));
    }
    Ok(check)
}

/// Runs `role` for the event type `size=` names.
pub fn run(args: &Args, role: &str) -> Result<(), String> {
    match args.str("size")? {
        "64k" => run_with::<Large64K>(args, role),
        "1m" => run_with::<Large1M>(args, role),
        other => Err(format!("unknown size={other:?}")),
    }
}

fn run_with<E: Large>(args: &Args, role: &str) -> Result<(), String> {
    match role {
        "producer" => produce::<E>(args),
        "consumer" => consume::<E>(args),
        _ => read_ungated::<E>(args),
    }
}

fn produce<E: Large>(args: &Args) -> Result<(), String> {
    let name = args.str("name")?;
    let events: u64 = args.get("events")?;
    let mut producer: SharedProducer<E> =
        build_shared_single_producer::<E>(name, args.get("capacity")?)
            .with_coordination(CoordinationMode::Immediate)
            .discover_consumer_with_prefix(1, "c")
            .build_producer(E::zeroed)
            .map_err(|err| format!("build_producer({name}): {err}"))?;
    Report::new("READY").with("pid", std::process::id()).print();
    let awaited: usize = args.get("await")?;
    let mut backoff = Backoff::new();
    while producer.get_consumer_count() < awaited {
        if args.deadline.passed() {
            return Err(format!("deadline: waiting for {awaited} consumers"));
        }
        backoff.step();
    }
    let mut checksum = 0u64;
    for seq in 0..events {
        let mut check = 0;
        producer
            .publish_with_timeout(args.deadline.remaining(), |slot| {
                check = fill(slot.words_mut(), seq);
            })
            .map_err(|err| format!("publish {seq}: {err}"))?;
        checksum = fold(checksum, check);
    }
    let last = events as i64 - 1;
    if !producer.wait_until_consumed(last, args.deadline.remaining()) {
        return Err(format!(
            "deadline: consumed up to {}",
            producer.min_gating_sequence()
        ));
    }
    drop(producer);
    Report::new("RESULT")
        .with("published", events)
        .with("checksum", checksum)
        .print();
    Ok(())
}

fn consume<E: Large>(args: &Args) -> Result<(), String> {
    let name = args.str("name")?;
    let events: u64 = args.get("events")?;
    let read = args.str("read")?;
    let mut consumer = attach_shared_consumer::<E>(name, args.get("capacity")?)
        .with_consumer_id(args.str("id")?)
        .build_consumer()
        .map_err(|err| format!("build_consumer({name}): {err}"))?;
    Report::new("READY")
        .with("gating", consumer.is_gating())
        .print();
    let (mut next, mut checksum) = (0u64, 0u64);
    let mut failure = None;
    let mut backoff = Backoff::new();
    let end = loop {
        let progressed = match read {
            "lease" => match consumer.poll_next_leased() {
                Ok(Some(lease)) => {
                    match verify(lease.words(), next) {
                        Ok(check) => checksum = fold(checksum, check),
                        Err(err) => failure = Some(err),
                    }
                    next += 1;
                    true
                }
                Ok(None) => false,
                Err(err) => break err,
            },
            _ => match consumer.try_process_available(|event, seq| {
                if seq as u64 != next {
                    failure.get_or_insert(format!("got sequence {seq}, wanted {next}"));
                }
                match verify(event.words(), next) {
                    Ok(check) => checksum = fold(checksum, check),
                    Err(err) => failure = Some(err),
                }
                next += 1;
            }) {
                Ok(count) => count > 0,
                Err((_, err)) => break err,
            },
        };
        if let Some(err) = failure {
            return Err(err);
        }
        if progressed {
            backoff.reset();
        } else if args.deadline.passed() {
            return Err(format!("deadline: consumed {next} of {events}"));
        } else {
            backoff.step();
        }
    };
    if end != ConsumeError::ProducerClosed {
        return Err(format!("after {next} events: {end}"));
    }
    Report::new("RESULT")
        .with("consumed", next)
        .with("checksum", checksum)
        .with("end", "closed")
        .print();
    Ok(())
}

fn read_ungated<E: Large>(args: &Args) -> Result<(), String> {
    let name = args.str("name")?;
    let mut consumer = attach_shared_consumer::<E>(name, args.get("capacity")?)
        .build_consumer()
        .map_err(|err| format!("build_consumer({name}): {err}"))?;
    Report::new("READY")
        .with("gating", consumer.is_gating())
        .print();
    let (mut reads, mut laps) = (0u64, 0u64);
    let mut last: Option<u64> = None;
    let mut backoff = Backoff::new();
    loop {
        let lapped = match consumer.poll_next_leased() {
            Ok(Some(lease)) => {
                let seq = lease.sequence() as u64;
                if last.is_some_and(|last| seq <= last) {
                    return Err(format!("sequence {seq} after {last:?}"));
                }
                verify(lease.words(), seq)?;
                last = Some(seq);
                reads += 1;
                backoff.reset();
                false
            }
            Ok(None) if args.deadline.passed() => {
                return Err(format!("deadline: {reads} read, {laps} laps"));
            }
            Ok(None) => {
                backoff.step();
                false
            }
            Err(ConsumeError::Lapped { .. }) => true,
            Err(ConsumeError::ProducerClosed) => break,
            Err(err) => return Err(format!("after {reads} reads: {err}")),
        };
        if lapped {
            laps += 1;
            consumer
                .resume_from_oldest()
                .map_err(|err| format!("resume: {err}"))?;
        }
    }
    Report::new("RESULT")
        .with("reads", reads)
        .with("laps", laps)
        .print();
    Ok(())
}
