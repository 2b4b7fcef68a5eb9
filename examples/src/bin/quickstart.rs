//! Quick start: one producer and two consumers, each its own process, moving a few million typed
//! events through one shared-memory ring — or, with `--mmap DIR`, through a ring file in `DIR`.
//!
//! ```text
//! cargo run --release -p disruptor-mp-examples --bin quickstart                   # 4,000,000 events
//! cargo run --release -p disruptor-mp-examples --bin quickstart -- 250000         # or any count
//! cargo run --release -p disruptor-mp-examples --bin quickstart -- --mmap /tmp    # ring file /tmp/<name>.ring
//! # the producer serves the ring's counters at http://127.0.0.1:9000/metrics while it runs:
//! QUICKSTART_METRICS=127.0.0.1:9000 \
//!     cargo run --release -p disruptor-mp-examples --features prometheus --bin quickstart -- 400000000
//! ```
//!
//! The program re-executes itself once per role and prints one table at the end: per consumer,
//! how many events arrived, the rate, whether they arrived in order and whether their checksum
//! matches the producer's. It exits non-zero if any event was missed, reordered or altered.
//!
//! What it shows:
//!
//! - **A typed event.** [`Tick`] derives [`SharedEvent`], which proves at compile time that it can
//!   live in shared memory (fixed size, no padding, no pointers) and records its layout in the
//!   ring, so a process built with a different `Tick` is refused when it attaches.
//! - **Strict broadcast with named consumers.** The producer reserves the consumer ids `qs_0` and
//!   `qs_1` when it creates the ring (`discover_consumer_with_prefix(2, "qs")`). It starts
//!   publishing at once (`CoordinationMode::Immediate`): events published before a consumer
//!   attaches are held for it, and the producer never overwrites an event either of them has yet
//!   to read.
//! - **Batch publishing.** `publish_batch` writes many slots and publishes them together, waiting
//!   (with the producer's wait strategy) until the slower consumer has freed room for the batch.
//! - **Zero-copy reads.** `try_process_available` (the form of `process_available` that also says
//!   why it stopped) hands each consumer a reference into the shared ring for every event
//!   available, and stores the consumer's progress once per call.
//! - **Waiting without burning a core.** Consumers use `AutoWaitStrategy::Block`: a short spin,
//!   then a futex sleep until the producer publishes — three busy-spinning processes on a small
//!   machine would mostly wait for each other.
//! - **End of stream.** Dropping the producer closes the ring; consumers drain what is left and
//!   then get `ConsumeError::ProducerClosed`.
//! - **A choice of backend.** The same builders over POSIX shared memory
//!   (`build_shared_single_producer`) or over a memory-mapped file
//!   (`build_mmap_single_producer` with an `MmapTransportLayout`): the same ring, protocol and
//!   handles, only the region differs. The directory must be yours or root's and not writable
//!   by others without the sticky bit (`/tmp` is fine).

use disruptor_mp::{
    AutoWaitStrategy, ConsumeError, ConsumerBuilder, CoordinationMode, MmapTransportLayout,
    ProducerBuilder, Sequence, SharedEvent, attach_mmap_consumer, attach_shared_consumer,
    build_mmap_single_producer, build_shared_single_producer, portable_shm_segment_name,
};
use disruptor_mp_examples::children::run_roles;
use std::process::ExitCode;
use std::time::{Duration, Instant};

/// Events sent when no count is given.
const DEFAULT_EVENTS: u64 = 4_000_000;
/// Slots in the ring (a power of two).
const CAPACITY: usize = 16_384;
/// Events per batch publish.
const BATCH: usize = 1024;
/// The consumer ids the producer waits for.
const CONSUMERS: [&str; 2] = ["qs_0", "qs_1"];
/// How long a process waits for its peers to appear, and the producer for room in the ring.
const PEER_TIMEOUT: Duration = Duration::from_secs(20);

/// One event: a market-data tick, 64 bytes. Every field is derived from the sequence number, so
/// the producer and the consumers can checksum the same values independently.
#[derive(Clone, Copy, Debug, Default, PartialEq, SharedEvent)]
#[repr(C)]
struct Tick {
    sequence: u64,
    instrument: u32,
    side: u32,
    price: f64,
    quantity: f64,
    venue_data: [u64; 4],
}

impl Tick {
    /// The tick published as event `sequence`.
    fn for_sequence(sequence: u64) -> Self {
        let mix = sequence.wrapping_mul(0x9E37_79B9_7F4A_7C15);
        Self {
            sequence,
            instrument: (sequence % 512) as u32,
            side: (mix >> 63) as u32,
            price: 100.0 + (mix >> 44) as f64 / 1024.0,
            quantity: (1 + mix % 1000) as f64,
            venue_data: [mix, mix.rotate_left(17), !mix, sequence ^ mix],
        }
    }
}

/// An order-sensitive checksum over every word of every tick.
#[derive(Clone, Copy)]
struct Checksum(u64);

impl Checksum {
    fn new() -> Self {
        Self(0xCBF2_9CE4_8422_2325)
    }

    fn add(&mut self, tick: &Tick) {
        let words = [
            tick.sequence,
            u64::from(tick.instrument) << 32 | u64::from(tick.side),
            tick.price.to_bits(),
            tick.quantity.to_bits(),
        ];
        for word in words.into_iter().chain(tick.venue_data) {
            self.0 = (self.0 ^ word).wrapping_mul(0x0000_0100_0000_01B3);
        }
    }
}

/// What a role returns: any error is printed by `main`, which then exits non-zero.
type RoleResult = Result<(), Box<dyn std::error::Error>>;

/// Where the ring lives, as the roles' first argument: `shm`, or the directory of a ring file.
const SHM: &str = "shm";

/// The producer builder of ring `segment` in `place` (`shm` or a directory).
fn producer_builder(
    place: &str,
    segment: &str,
) -> Result<ProducerBuilder<Tick>, Box<dyn std::error::Error>> {
    Ok(match place {
        SHM => build_shared_single_producer(segment, CAPACITY),
        dir => build_mmap_single_producer(&MmapTransportLayout::new(dir, segment)?, CAPACITY),
    })
}

/// The consumer builder of ring `segment` in `place` (`shm` or a directory).
fn consumer_builder(
    place: &str,
    segment: &str,
) -> Result<ConsumerBuilder<Tick>, Box<dyn std::error::Error>> {
    Ok(match place {
        SHM => attach_shared_consumer(segment, CAPACITY),
        dir => attach_mmap_consumer(&MmapTransportLayout::new(dir, segment)?, CAPACITY),
    })
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let usage = || {
        eprintln!(
            "usage: quickstart [EVENTS] [--mmap DIR]   (EVENTS a positive number, e.g. 4000000; \
             DIR the directory of a ring file, e.g. /tmp)"
        );
        ExitCode::from(2)
    };
    let (role, result) = match args.as_slice() {
        ["--role", "producer", place, segment, count] => match parse_count(count) {
            Some(events) => ("producer", produce(place, segment, events)),
            None => ("producer", Err(format!("bad event count {count:?}").into())),
        },
        ["--role", "consumer", place, segment, id] => (*id, consume(place, segment, id)),
        [] => return orchestrate(DEFAULT_EVENTS, SHM),
        ["--mmap", dir] => return orchestrate(DEFAULT_EVENTS, dir),
        [count] | [count, "--mmap", _] | ["--mmap", _, count] => {
            let place = match args.as_slice() {
                [_, "--mmap", dir] | ["--mmap", dir, _] => dir,
                _ => SHM,
            };
            match parse_count(count) {
                Some(events) => return orchestrate(events, place),
                None => return usage(),
            }
        }
        _ => {
            eprintln!("unknown arguments {args:?}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("[{role}] failed: {err}");
            ExitCode::FAILURE
        }
    }
}

/// A positive count; `_` and `,` may group digits.
fn parse_count(text: &str) -> Option<u64> {
    text.replace(['_', ','], "").parse().ok().filter(|&n| n > 0)
}

/// The producer: creates the ring, publishes `events` ticks in batches, reports one line.
fn produce(place: &str, segment: &str, events: u64) -> RoleResult {
    let mut producer = producer_builder(place, segment)?
        .discover_consumer_with_prefix(CONSUMERS.len(), "qs")
        .with_coordination(CoordinationMode::Immediate)
        .build_producer(Tick::default)?;
    let _exporter = serve_metrics(&producer)?;
    let started = Instant::now();
    let mut checksum = Checksum::new();
    let mut sent = 0u64;
    while sent < events {
        let n = BATCH.min((events - sent) as usize);
        let first = sent;
        // Waits, with the producer's wait strategy, until the slower consumer frees `n` slots.
        producer.publish_batch(n, |slot, i| {
            *slot = Tick::for_sequence(first + i as u64);
            checksum.add(slot);
        })?;
        sent += n as u64;
    }
    let elapsed = started.elapsed();
    println!(
        "RESULT role=producer count={sent} seconds={:.6} checksum={:016x}",
        elapsed.as_secs_f64(),
        checksum.0
    );
    // Dropping the producer closes the ring: consumers drain it, then see the end of the stream.
    // The drop keeps the ring's name until both reserved consumers have read every tick (or the
    // linger passes), so a consumer that attaches late still gets them all.
    Ok(())
}

/// The environment variable that makes the producer serve its ring's counters to Prometheus
/// (feature `prometheus`): the address to listen on, e.g. `127.0.0.1:9000`.
const METRICS_ENV: &str = "QUICKSTART_METRICS";

/// With feature `prometheus` and [`METRICS_ENV`] set: installs the scrape endpoint and starts
/// exporting `producer`'s ring counters (every 100 ms) until the returned handle drops.
#[cfg(feature = "prometheus")]
fn serve_metrics(
    producer: &disruptor_mp::SharedProducer<Tick>,
) -> Result<Option<disruptor_mp::observability::AggregatorHandle>, Box<dyn std::error::Error>> {
    use disruptor_mp::observability::{AggregatorConfig, AggregatorHandle, prometheus};
    let Ok(addr) = std::env::var(METRICS_ENV) else {
        return Ok(None);
    };
    prometheus::install(addr.parse()?)?;
    Ok(Some(AggregatorHandle::for_producer(
        producer,
        AggregatorConfig::default(),
    )?))
}

/// Without feature `prometheus`, [`METRICS_ENV`] is refused rather than ignored.
#[cfg(not(feature = "prometheus"))]
fn serve_metrics(
    _producer: &disruptor_mp::SharedProducer<Tick>,
) -> Result<Option<()>, Box<dyn std::error::Error>> {
    match std::env::var(METRICS_ENV) {
        Ok(_) => {
            Err(format!("{METRICS_ENV} needs the example built with --features prometheus").into())
        }
        Err(_) => Ok(None),
    }
}

/// What a consumer saw.
struct Tally {
    count: u64,
    next: u64,
    in_order: bool,
    checksum: Checksum,
    first_event_at: Option<Instant>,
}

impl Tally {
    fn see(&mut self, tick: &Tick, sequence: Sequence) {
        if self.count == 0 {
            self.first_event_at = Some(Instant::now());
        }
        self.in_order &= sequence as u64 == self.next && tick.sequence == self.next;
        self.next = sequence as u64 + 1;
        self.count += 1;
        self.checksum.add(tick);
    }
}

/// A consumer: reads every tick in place until the producer closes the ring, reports one line.
fn consume(place: &str, segment: &str, id: &str) -> RoleResult {
    let mut consumer = consumer_builder(place, segment)?
        .with_consumer_id(id)
        .with_wait_strategy(AutoWaitStrategy::Block)
        .wait_for_producer(PEER_TIMEOUT)
        .build_consumer()?;
    let mut tally = Tally {
        count: 0,
        next: 0,
        in_order: true,
        checksum: Checksum::new(),
        first_event_at: None,
    };
    let mut last_event_at = Instant::now();
    loop {
        // Every event available now, in place, with one progress store at the end.
        match consumer.try_process_available(|tick, seq| tally.see(tick, seq)) {
            Ok(0) => {
                // Nothing yet: wait (spin briefly, then sleep on the futex) for the next event,
                // which is also read in place.
                match consumer.consume_next_leased() {
                    Ok(lease) => {
                        let seq = lease.sequence();
                        tally.see(&lease, seq);
                    }
                    Err(ConsumeError::ProducerClosed) => break,
                    Err(err) => return Err(err.into()),
                }
            }
            Ok(_) => {}
            Err((_, ConsumeError::ProducerClosed)) => break,
            Err((_, err)) => return Err(err.into()),
        }
        last_event_at = Instant::now();
    }
    let seconds = tally.first_event_at.map_or(0.0, |first| {
        last_event_at.duration_since(first).as_secs_f64()
    });
    println!(
        "RESULT role=consumer id={id} count={} seconds={seconds:.6} in_order={} checksum={:016x}",
        tally.count, tally.in_order, tally.checksum.0
    );
    Ok(())
}

/// Runs the producer and both consumers as child processes and prints what they report.
/// `place` is `shm` or the directory of the ring file.
fn orchestrate(events: u64, place: &str) -> ExitCode {
    // Unique per run, and short enough for every platform's shared-memory names.
    let segment = portable_shm_segment_name(&format!("quickstart-{}", std::process::id()));
    let event_size = size_of::<Tick>();
    let backend = match place {
        SHM => "POSIX shared memory".to_owned(),
        dir => format!("the file {dir}/{segment}.ring"),
    };
    println!(
        "quickstart: {events} events of {event_size} bytes through ring {segment} \
         ({CAPACITY} slots, in {backend}), 1 producer and {} consumer processes",
        CONSUMERS.len()
    );
    let count = events.to_string();
    let mut roles = vec![(
        "producer".to_owned(),
        vec!["producer", place, &segment, &count],
    )];
    for id in CONSUMERS {
        roles.push((id.to_owned(), vec!["consumer", place, &segment, id]));
    }
    // Generous: a debug build on a busy machine moves about a million events a second.
    let deadline =
        Instant::now() + Duration::from_secs(60) + Duration::from_micros(events.saturating_mul(20));
    let outcomes = match run_roles(&roles, deadline) {
        Ok(outcomes) => outcomes,
        Err(err) => {
            eprintln!("could not start the child processes: {err}");
            remove_leftover_ring(place, &segment);
            return ExitCode::FAILURE;
        }
    };
    let producer = &outcomes[0];
    if !producer.succeeded() {
        // A producer that did not finish cannot have removed the ring's name.
        remove_leftover_ring(place, &segment);
    }
    let sent_checksum = producer.field("checksum");
    if let (Some(count), Some(seconds)) = (producer.number("count"), producer.number("seconds")) {
        println!(
            "producer  published {count:.0} events in {seconds:.3} s ({})",
            rate(count, seconds, event_size)
        );
    }
    println!(
        "{:<9} {:>10} {:>9} {:>10} {:>8} {:>8} {:>9}",
        "consumer", "events", "seconds", "M evts/s", "MB/s", "in order", "checksum"
    );
    let mut all_good = producer.succeeded();
    for outcome in &outcomes[1..] {
        if outcome.report.is_empty() {
            println!("{:<9} {:>10}", outcome.role, "no result");
            all_good = false;
            continue;
        }
        let count = outcome.number("count").unwrap_or(0.0);
        let seconds = outcome.number("seconds").unwrap_or(0.0);
        let in_order = outcome.field("in_order") == Some("true");
        let checksum_ok = sent_checksum.is_some() && outcome.field("checksum") == sent_checksum;
        let per_second = if seconds > 0.0 { count / seconds } else { 0.0 };
        println!(
            "{:<9} {:>10.0} {:>9.3} {:>10.2} {:>8.1} {:>8} {:>9}",
            outcome.role,
            count,
            seconds,
            per_second / 1e6,
            per_second * event_size as f64 / 1e6,
            if in_order { "yes" } else { "NO" },
            if checksum_ok { "match" } else { "MISMATCH" },
        );
        all_good &= outcome.succeeded() && count as u64 == events && in_order && checksum_ok;
    }
    for outcome in outcomes.iter().filter(|outcome| !outcome.succeeded()) {
        eprintln!("{} {}", outcome.role, outcome.failure());
    }
    if all_good {
        println!("every consumer received all {events} events, in order and intact");
        ExitCode::SUCCESS
    } else {
        println!("FAILED: events were missed, reordered or altered (see above)");
        ExitCode::FAILURE
    }
}

/// "12.3 M events/s, 789.0 MB/s".
fn rate(count: f64, seconds: f64, event_size: usize) -> String {
    if seconds <= 0.0 {
        return "too fast to time".to_owned();
    }
    let per_second = count / seconds;
    format!(
        "{:.2} M events/s, {:.1} MB/s",
        per_second / 1e6,
        per_second * event_size as f64 / 1e6
    )
}

/// Removes a ring whose producer was killed or failed: creating a producer over the name of a
/// dead producer's ring reclaims it, and dropping that producer removes the name.
fn remove_leftover_ring(place: &str, segment: &str) {
    let reclaimed = producer_builder(place, segment).and_then(|builder| {
        Ok(builder
            .with_coordination(CoordinationMode::Immediate)
            .build_producer(Tick::default)?)
    });
    if let Err(err) = reclaimed {
        eprintln!("could not remove ring {segment}: {err}");
    }
}
