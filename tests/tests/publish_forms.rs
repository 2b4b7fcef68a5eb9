//! Every publishing form delivers to a gating consumer in another process, in order and intact,
//! when that consumer is slow: `publish_batch` waits for space, a batch larger than the ring is
//! refused without publishing anything, claims publish what they claimed and nothing when
//! dropped, the `Producer` trait's `batch_publish` fills slots through its iterator, and
//! `publish_value` overwrites every field of a reused slot.
//!
//! The producer lives in the test; its consumer, `cp_0`, is a `reader` process that reads slowly
//! (a pause after each event) and, where the test needs a full ring, only once its stdin closes.
//! Publishing calls that wait run under a deadline (`within`).

use disruptor_mp::{
    BatchTooLarge, CoordinationMode, MissingFreeSlots, Producer, SharedProducer,
    build_shared_single_producer,
};
use disruptor_mp_tests::event::PeerEvent;
use disruptor_mp_tests::names::TestNames;
use disruptor_mp_tests::peer::RunningPeer;
use disruptor_mp_tests::received::{assert_read, stream};
use disruptor_mp_tests::ring_peer;
use disruptor_mp_tests::wait::within;
use std::time::Duration;

const CAPACITY: usize = 8;
/// The longest a waiting publish may take before the test fails as hung.
const LIMIT: Duration = Duration::from_secs(30);

type Ring = SharedProducer<PeerEvent>;

/// A producer of `CAPACITY` slots that reserves `cp_0`.
fn producer(ring: &str) -> Ring {
    build_shared_single_producer::<PeerEvent>(ring, CAPACITY)
        .discover_consumer_with_prefix(1, "cp")
        .with_coordination(CoordinationMode::Immediate)
        .build_producer(PeerEvent::default)
        .expect("build producer")
}

/// `cp_0` in another process, reading to the end with a pause after each event; with
/// `until_stdin_closes` it starts reading only then, so the ring can be filled first.
fn slow_consumer(ring: &str, until_stdin_closes: bool) -> RunningPeer {
    let mut command = ring_peer!("reader")
        .arg("name", ring)
        .arg("capacity", CAPACITY)
        .arg("id", "cp_0")
        .arg("pace-ms", 2);
    if until_stdin_closes {
        command = command.arg("start", "stdin");
    }
    let mut peer = command.spawn();
    let attached = peer.wait_for("ATTACH");
    assert_eq!(attached.field("gating"), "true", "{attached}");
    peer
}

/// Runs `publish` on `producer` on another thread and returns both, failing the test if it has
/// not returned within `LIMIT` (it waits for a consumer in another process).
fn waiting<T: Send + 'static>(
    what: &str,
    mut producer: Ring,
    publish: impl FnOnce(&mut Ring) -> T + Send + 'static,
) -> (Ring, T) {
    within(what, LIMIT, move || {
        let out = publish(&mut producer);
        (producer, out)
    })
}

/// Fills slot `i` of a batch starting at `first` with the event whose value is its sequence.
fn by_sequence(first: i64) -> impl FnMut(&mut PeerEvent, usize) {
    move |slot, i| *slot = PeerEvent::for_seq(first as u64 + i as u64)
}

fn next(producer: &Ring) -> i64 {
    producer.last_published_sequence() + 1
}

/// `publish_batch` on a full ring waits until the slow consumer frees enough slots (the
/// non-waiting form fails there), and every event of every batch arrives once, in order, intact.
#[test]
fn publish_batch_waits_for_space_and_delivers_in_order() {
    let names = TestNames::new("publish_batch");
    let ring = names.segment("ring");
    let mut producer = producer(&ring);
    let mut consumer = slow_consumer(&ring, true);
    assert_eq!(producer.publish_batch(CAPACITY, by_sequence(0)), Ok(7));
    let mut called = false;
    let full = producer.try_batch_publish(3, |_, _| called = true);
    assert_eq!(
        full,
        Err(MissingFreeSlots(3)),
        "the consumer has read nothing"
    );
    assert!(!called, "a refused batch fills nothing");
    consumer.close_stdin();
    let (producer, lasts) = waiting("publish_batch", producer, |producer| {
        [5, 8, 3].map(|n| producer.publish_batch(n, by_sequence(next(producer))))
    });
    assert_eq!(lasts, [Ok(12), Ok(20), Ok(23)]);
    drop(producer);
    assert_read(&consumer.finish(), &stream(0, 0..24), "closed");
    names.assert_clean();
}

/// A batch of `capacity + 1` can never fit: `publish_batch` and `claim` return `BatchTooLarge`
/// at once without filling or publishing anything (the trait's `batch_publish` panics), so the
/// consumer's first event is the next single publish, at sequence 0.
#[test]
fn a_batch_larger_than_the_ring_is_refused_and_publishes_nothing() {
    let names = TestNames::new("batch_too_large");
    let ring = names.segment("ring");
    let mut producer = producer(&ring);
    let consumer = slow_consumer(&ring, false);
    let too_large = BatchTooLarge {
        requested: CAPACITY + 1,
        capacity: CAPACITY,
    };
    let mut called = false;
    let refused = producer.publish_batch(CAPACITY + 1, |_, _| called = true);
    assert_eq!(refused, Err(too_large));
    assert!(!called, "nothing was filled");
    assert_eq!(producer.claim(CAPACITY + 1).map(|_| ()), Err(too_large));
    let panicked = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        Producer::batch_publish(&mut producer, CAPACITY + 1, |_| {});
    }));
    assert!(
        panicked.is_err(),
        "the trait's batch_publish has no error to return"
    );
    assert_eq!(
        producer.last_published_sequence(),
        -1,
        "nothing was published"
    );
    assert_eq!(producer.publish_value(PeerEvent::for_seq(5)), 0);
    drop(producer);
    assert_read(&consumer.finish(), &stream(0, [5]), "closed");
    names.assert_clean();
}

/// `try_claim` and `claim` publish the slots they claimed with `Claim::publish`; a claim dropped
/// unpublished publishes nothing, so the next publish gets its first sequence; `try_claim` on a
/// full ring fails with the shortfall and `claim` waits for space.
#[test]
fn claims_deliver_and_a_dropped_claim_publishes_nothing() {
    let names = TestNames::new("claims");
    let ring = names.segment("ring");
    let mut producer = producer(&ring);
    let mut consumer = slow_consumer(&ring, true);
    let claim = producer.try_claim(2).expect("an empty ring has room");
    assert_eq!((claim.first_sequence(), claim.len()), (0, 2));
    assert_eq!(claim.publish(by_sequence(0)), 1);
    let claim = producer.claim(3).expect("3 fit");
    assert_eq!(claim.last_sequence(), 4);
    assert_eq!(claim.publish(by_sequence(2)), 4);
    let dropped = producer.try_claim(2).expect("2 fit");
    assert_eq!(dropped.first_sequence(), 5);
    drop(dropped);
    assert_eq!(
        producer.last_published_sequence(),
        4,
        "the dropped claim published nothing"
    );
    assert_eq!(
        producer.publish_value(PeerEvent::for_seq(77)),
        5,
        "its sequence is reused"
    );
    let full = producer.try_claim(3).map(|claim| claim.len());
    assert_eq!(full, Err(MissingFreeSlots(1)), "6 of 8 slots are unread");
    consumer.close_stdin();
    let (producer, last) = waiting("claim", producer, |producer| {
        let claim = producer.claim(CAPACITY).expect("a whole ring fits");
        let first = claim.first_sequence();
        claim.publish(by_sequence(first))
    });
    assert_eq!(last, 13);
    drop(producer);
    let values = (0..5).chain([77]).chain(6..14);
    assert_read(&consumer.finish(), &stream(0, values), "closed");
    names.assert_clean();
}

/// Code generic over the `Producer` trait publishes `n` events per `batch_publish`, each slot
/// filled through the iterator it is handed.
fn send_batch<P: Producer<PeerEvent>>(producer: &mut P, first: u64, n: usize) {
    producer.batch_publish(n, |slots| {
        for (i, slot) in slots.enumerate() {
            *slot = PeerEvent::for_seq(first + i as u64);
        }
    });
}

/// The `Producer` trait's batch forms deliver: `try_batch_publish` fills an empty ring and
/// reports the shortfall on a full one; `batch_publish` waits for space; every event arrives in
/// order.
#[test]
fn the_producer_traits_batch_publish_delivers_n_events_in_order() {
    let names = TestNames::new("trait_batch");
    let ring = names.segment("ring");
    let mut producer = producer(&ring);
    let mut consumer = slow_consumer(&ring, true);
    let filled = Producer::try_batch_publish(&mut producer, CAPACITY, |slots| {
        for (i, slot) in slots.enumerate() {
            *slot = PeerEvent::for_seq(i as u64);
        }
    });
    assert_eq!(filled, Ok(7));
    let full = Producer::try_batch_publish(&mut producer, 1, |_| {});
    assert_eq!(full, Err(MissingFreeSlots(1)));
    consumer.close_stdin();
    let (producer, ()) = waiting("batch_publish", producer, |producer| {
        send_batch(producer, 8, CAPACITY);
        send_batch(producer, 16, 5);
    });
    assert_eq!(producer.last_published_sequence(), 20);
    drop(producer);
    assert_read(&consumer.finish(), &stream(0, 0..21), "closed");
    names.assert_clean();
}

/// `publish_value` replaces the whole slot: after a first lap of events with every field set,
/// two more laps of events whose every field differs reuse each slot twice, and the consumer
/// sees every event whole — never a field left from the lap before.
#[test]
fn publish_value_overwrites_every_field_of_a_reused_slot() {
    let names = TestNames::new("publish_value");
    let ring = names.segment("ring");
    let producer = producer(&ring);
    let consumer = slow_consumer(&ring, false);
    let values: Vec<u64> = (1000..1008).chain(2000..2016).collect();
    let sent = values.clone();
    let (producer, ()) = waiting("publish_value", producer, move |producer| {
        for value in sent {
            producer.publish_value(PeerEvent::for_seq(value));
        }
    });
    drop(producer);
    assert_read(&consumer.finish(), &stream(0, values), "closed");
    names.assert_clean();
}
