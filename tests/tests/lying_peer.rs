//! A peer that lies at run time. While an honest producer (this process) publishes and an honest
//! consumer (a child) reads and verifies every event, a third process writes into the live
//! segment what no honest process would: its own cursor far ahead and behind the start, the
//! producer cursor at the end of time, garbage throughout the consumer table, header bounds
//! pointing far outside the mapping, the state word. The honest side must keep its own
//! invariants — every event it returns is the one it expected, intact; the producer never passes
//! an honest gating consumer — and end with a result or an error: no panic, crash or hang, no
//! access outside the mapping (that would kill the child with SIGSEGV or SIGBUS, failing the
//! test with the signal's name).
//!
//! Every wait has a deadline. No process spins: producers and consumers wait by blocking or
//! sleeping, and the liar sleeps between writes.

use disruptor_mp::{
    AttachError, AutoWaitStrategy, CoordinationMode, CorruptReason, CreateError, SharedProducer,
    attach_shared_consumer, build_shared_single_producer,
};
use disruptor_mp_tests::event::{Checksum, PeerEvent};
use disruptor_mp_tests::image::offsets;
use disruptor_mp_tests::names::TestNames;
use disruptor_mp_tests::peer::RunningPeer;
use disruptor_mp_tests::{ring_peer, shm};
use std::time::Duration;

const CAPACITY: usize = 64;
const EVENTS: u64 = 20_000;
/// How long one publish may wait for a slot before the test fails.
const PUBLISH_WAIT: Duration = Duration::from_secs(30);
/// Where the producer cursor lives in the header page.
const PRODUCER_CURSOR: u64 = 5 * 128;
/// The highest sequence a joiner starts after, whatever the producer cursor says
/// (`MAX_START` in the library's consumer table).
const MAX_START: i64 = i64::MAX / 2;

/// An honest producer in this process whose consumers `c_0 … c_{gating-1}` gate it.
fn producer(ring: &str, gating: usize) -> SharedProducer<PeerEvent> {
    build_shared_single_producer::<PeerEvent>(ring, CAPACITY)
        .discover_consumer_with_prefix(gating, "c")
        .with_max_consumers(8)
        .with_coordination(CoordinationMode::Immediate)
        .with_wait_strategy(AutoWaitStrategy::Sleep(Duration::from_micros(50)))
        .build_producer(PeerEvent::default)
        .expect("create the ring")
}

/// An honest consumer `c_0` in a child: reads and verifies `events` (a count or `all`),
/// expects the stream to end with `end`, then leaves its place as `leave` says. Waits by
/// sleeping, so it never spins.
fn honest_consumer(ring: &str, events: &str, end: &str, leave: &str) -> RunningPeer {
    let mut consumer = ring_peer!("consumer")
        .arg("name", ring)
        .arg("capacity", CAPACITY)
        .arg("id", "c_0")
        .arg("events", events)
        .arg("end", end)
        .arg("leave", leave)
        .arg("wait", "sleep")
        .spawn();
    let ready = consumer.wait_for("READY");
    assert_eq!(ready.field("gating"), "true");
    assert_eq!(ready.field("start"), "0");
    consumer
}

/// A liar writing into `ring` (see the `scribble` role); returns once it wrote at least once.
fn liar(ring: &str, target: &str, extra: &[(&str, &str)]) -> RunningPeer {
    let mut command = ring_peer!("scribble")
        .arg("name", ring)
        .arg("target", target)
        .arg("seed", 0x5EED);
    for (key, value) in extra {
        command = command.arg(key, value);
    }
    let mut liar = command.spawn();
    liar.wait_for("READY");
    liar
}

/// Stops a repeating liar and checks that it lied more than once.
fn stop(mut liar: RunningPeer) {
    liar.close_stdin();
    let writes: u64 = liar.expect_success().result().parsed("writes");
    assert!(writes >= 1, "the liar wrote {writes} times");
}

/// Publishes sequences `from..to`, each waiting at most [`PUBLISH_WAIT`] for a slot; checks that
/// the gating minimum stays within what was published.
fn publish(producer: &mut SharedProducer<PeerEvent>, from: u64, to: u64, checksum: &mut Checksum) {
    for seq in from..to {
        let published = producer
            .publish_with_timeout(PUBLISH_WAIT, |slot| {
                *slot = PeerEvent::for_seq(seq);
                checksum.add(slot);
            })
            .unwrap_or_else(|err| panic!("publishing {seq}: {err}"));
        assert_eq!(published, seq as i64);
        if seq % 1024 == 0 {
            let min = producer.min_gating_sequence();
            assert!((-1..=seq as i64).contains(&min), "gating minimum {min}");
        }
    }
}

/// Checks that the honest consumer read exactly `events` events, in order, with `checksum`.
fn read_everything(consumer: RunningPeer, events: u64, checksum: Checksum) {
    let result = consumer.expect_success().result();
    assert_eq!(result.parsed::<u64>("consumed"), events, "{result}");
    assert_eq!(result.field("ordered"), "true", "{result}");
    assert_eq!(result.parsed::<u64>("checksum"), checksum.0, "{result}");
}

#[test]
fn a_peer_lying_about_its_own_cursor_never_costs_an_honest_consumer_an_event() {
    let names = TestNames::new("own_cursor");
    let ring = names.segment("ring");
    // Two gating places: c_0 (entry 0) is honest, c_1 (entry 1) belongs to the liar, who keeps
    // claiming to be far ahead, behind the start, or anywhere.
    let mut producer = producer(&ring, 2);
    let consumer = honest_consumer(&ring, &EVENTS.to_string(), "closed", "drop");
    let liar = liar(&ring, "entry-cursor", &[("entry", "1")]);
    let mut checksum = Checksum::default();
    publish(&mut producer, 0, EVENTS, &mut checksum);
    // The producer waited for the honest consumer, never beyond what it published itself.
    let min = producer.min_gating_sequence();
    assert!((-1..EVENTS as i64).contains(&min), "gating minimum {min}");
    drop(producer);
    read_everything(consumer, EVENTS, checksum);
    stop(liar);
    names.assert_clean();
}

#[test]
fn a_peer_moving_the_producer_cursor_misleads_no_consumer_and_overflows_no_joiner() {
    let names = TestNames::new("producer_cursor");
    let ring = names.segment("ring");
    let mut producer = producer(&ring, 1);
    let consumer = honest_consumer(&ring, "all", "closed", "drop");
    // While events flow, the producer cursor says anything: consumers read slot stamps, not it.
    let moving = liar(&ring, "producer-cursor", &[]);
    let mut checksum = Checksum::default();
    publish(&mut producer, 0, EVENTS, &mut checksum);
    stop(moving);
    // Now the cursor says one lie at a time, and a consumer joins under each. Joiners start
    // after the producer cursor, but never beyond the library's bound, so `start + 1` and every
    // later step cannot overflow; a cursor behind the start is read as "nothing published".
    for (lie, start) in [
        (i64::MAX, MAX_START + 1),
        (i64::MAX - 1, MAX_START + 1),
        (1 << 62, MAX_START + 1),
        (-5, 0),
        (i64::MIN, 0),
    ] {
        shm::write_at(&ring, PRODUCER_CURSOR, &lie.to_ne_bytes()).expect("lie");
        let joiner = ring_peer!("consumer")
            .arg("name", &ring)
            .arg("capacity", CAPACITY)
            .arg("events", 0)
            .arg("start", start)
            .arg("end", "none")
            .run();
        let result = joiner.result();
        assert_eq!(
            result.parsed::<u64>("consumed"),
            0,
            "cursor {lie}: {result}"
        );
        assert_eq!(
            result.parsed::<i64>("first"),
            start,
            "cursor {lie}: {result}"
        );
    }
    drop(producer);
    read_everything(consumer, EVENTS, checksum);
    names.assert_clean();
}

#[test]
fn header_lies_after_attaching_move_no_bound_an_attached_handle_uses() {
    let names = TestNames::new("header");
    let ring = names.segment("ring");
    let mut producer = producer(&ring, 1);
    let consumer = honest_consumer(&ring, &EVENTS.to_string(), "closed", "drop");
    // Capacity 2^30, a 16 MiB event, offsets near 2^39, total size 2^40, a foreign magic: any
    // process still trusting the header after attaching would fault far outside the mapping.
    let header = ring_peer!("scribble")
        .arg("name", &ring)
        .arg("target", "header")
        .run();
    assert_eq!(header.result().field("writes"), "1");
    let bytes = shm::read_all(&ring).expect("read the ring");
    assert_eq!(&bytes[..8], b"LIARLIAR", "the lies are in place");
    let total = u64::from_ne_bytes(bytes[offsets::TOTAL_SIZE..][..8].try_into().unwrap());
    assert_eq!(total, 1 << 40);
    // A new attacher validates the header as untrusted input and refuses it.
    match attach_shared_consumer::<PeerEvent>(&ring, CAPACITY).build_consumer() {
        Err(AttachError::Corrupt {
            reason: CorruptReason::BadMagic,
            ..
        }) => {}
        other => panic!("attach to a lying header: {other:?}"),
    }
    // A would-be producer is refused too, and leaves the object alone: the ring's producer is
    // alive and holds the creator's lock, so the name is in use whatever its header now says
    // (the lock, not the forged header, names no pid: 0).
    match build_shared_single_producer::<PeerEvent>(&ring, CAPACITY)
        .build_producer(Default::default)
    {
        Err(CreateError::SegmentInUse { pid: 0, .. }) => {}
        other => panic!("create over a lying header: {other:?}"),
    }
    let after = shm::read_all(&ring).expect("read the ring");
    assert_eq!(
        &after[..8],
        b"LIARLIAR",
        "the refused producer left the object alone"
    );
    // The attached producer and consumer use the plan they validated: every event arrives.
    assert_eq!(producer.capacity(), CAPACITY);
    let mut checksum = Checksum::default();
    publish(&mut producer, 0, EVENTS, &mut checksum);
    drop(producer);
    read_everything(consumer, EVENTS, checksum);
    names.assert_clean();
}

#[test]
fn a_garbage_state_word_neither_stops_nor_hangs_an_honest_consumer() {
    let names = TestNames::new("state_garbage");
    let ring = names.segment("ring");
    let mut producer = producer(&ring, 1);
    let consumer = honest_consumer(&ring, "all", "closed", "drop");
    let mut checksum = Checksum::default();
    publish(&mut producer, 0, EVENTS / 2, &mut checksum);
    // No version writes state 7. The consumer goes on reading (it polls instead of blocking
    // while the word is garbage); the producer's close writes a real state again.
    ring_peer!("scribble")
        .arg("name", &ring)
        .arg("target", "state")
        .arg("value", 7)
        .run();
    publish(&mut producer, EVENTS / 2, EVENTS, &mut checksum);
    drop(producer);
    read_everything(consumer, EVENTS, checksum);
    names.assert_clean();
}

#[test]
fn a_peer_claiming_the_ring_closed_costs_events_but_every_event_read_is_right() {
    let names = TestNames::new("state_closed");
    let ring = names.segment("ring");
    let mut producer = producer(&ring, 1);
    let consumer = honest_consumer(&ring, "all", "closed", "give-up");
    let mut checksum = Checksum::default();
    publish(&mut producer, 0, EVENTS / 2, &mut checksum);
    ring_peer!("scribble")
        .arg("name", &ring)
        .arg("target", "state")
        .arg("value", 2)
        .run();
    // The consumer believes the lie: it drains what it sees and reports ProducerClosed, then
    // gives its place up, so it no longer gates and the producer publishes the rest unhindered.
    // (Had it only dropped its handle, its reserved place would hold the producer until c_0
    // came back: see consumer_places.rs.)
    let result = consumer.expect_success().result();
    assert_eq!(result.field("end"), "closed", "{result}");
    assert_eq!(result.field("ordered"), "true", "{result}");
    let consumed: u64 = result.parsed("consumed");
    assert!(consumed <= EVENTS / 2, "{result}");
    publish(&mut producer, EVENTS / 2, EVENTS, &mut checksum);
    drop(producer);
    names.assert_clean();
}

#[test]
fn a_garbage_consumer_table_stops_neither_the_producer_nor_an_honest_consumer() {
    let names = TestNames::new("table_garbage");
    let ring = names.segment("ring");
    let mut producer = producer(&ring, 1);
    let consumer = honest_consumer(&ring, &EVENTS.to_string(), "closed", "drop");
    // Every entry but the honest consumer's (entry 0) alternates between garbage — states and
    // roles that decode, owners, ids and cursors anywhere — and free.
    let garbage = liar(&ring, "table", &[("skip", "0"), ("interval-us", "100")]);
    let mut checksum = Checksum::default();
    publish(&mut producer, 0, EVENTS / 2, &mut checksum);
    // Consumers joining a garbage table get an entry or a clean error, never a crash.
    for id in [None, Some("c_0"), Some("late"), Some("ad_1")] {
        let mut attach = ring_peer!("attach")
            .arg("name", &ring)
            .arg("capacity", CAPACITY);
        if let Some(id) = id {
            attach = attach.arg("id", id);
        }
        let result = attach.run().result();
        if id == Some("c_0") {
            assert_eq!(result.field("kind"), "ConsumerIdInUse", "{result}");
        }
        assert!(
            matches!(result.field("outcome"), "ok" | "err"),
            "{id:?}: {result}"
        );
    }
    publish(&mut producer, EVENTS / 2, EVENTS, &mut checksum);
    drop(producer);
    read_everything(consumer, EVENTS, checksum);
    stop(garbage);
    names.assert_clean();
}
