//! A ring of 8 slots, 100,000 events: the ring wraps 12,500 times, so every slot is reused
//! constantly while a consumer in another process reads it. Batch sizes that do not divide 8
//! (3 and 5) make batches straddle the wrap point; a batch of exactly 8 fills the whole ring at
//! once. In every case the consumer sees every sequence in order with the checksum the producer
//! computed. Also: a batch larger than the ring is refused with the exact shortfall instead of
//! waiting forever. Run once per backend (POSIX shared memory and a ring file).

use disruptor_mp_tests::backend::{Backend, Storage};
use disruptor_mp_tests::event::{Checksum, PeerEvent};
use disruptor_mp_tests::names::TestNames;
use disruptor_mp_tests::ring_peer;
use std::time::Duration;

const EVENTS: u64 = 100_000;
const CAPACITY: usize = 8;

disruptor_mp_tests::on_both_backends!(
    single_publishes_wrap_a_ring_of_eight,
    batches_of_three_straddle_the_wrap,
    batches_of_five_straddle_the_wrap,
    batches_of_eight_fill_the_whole_ring,
    a_batch_larger_than_the_ring_reports_its_shortfall,
);

/// Runs a producer with batches of `batch` and one consumer reading with `read`.
fn wrap(backend: Backend, tag: &str, batch: usize, read: &str, wait: &str) {
    let names = TestNames::new(tag);
    let storage = Storage::new(backend, &names);
    let ring = names.segment("ring");
    let deadline = Duration::from_secs(60);
    let mut producer = storage
        .peer(ring_peer!("producer"))
        .arg("name", &ring)
        .arg("capacity", CAPACITY)
        .arg("events", EVENTS)
        .arg("batch", batch)
        .arg("prefix", "c")
        .arg("consumers", 1)
        .arg("wait", "yield")
        .deadline(deadline)
        .spawn();
    producer.wait_for("READY");
    let consumer = storage
        .peer(ring_peer!("consumer"))
        .arg("name", &ring)
        .arg("capacity", CAPACITY)
        .arg("id", "c_0")
        .arg("events", EVENTS)
        .arg("read", read)
        .arg("wait", wait)
        .deadline(deadline)
        .spawn();
    let consumed = consumer.expect_success().result();
    let produced = producer.expect_success().result();

    let expected = Checksum::of_stream(EVENTS).0;
    assert_eq!(consumed.field("ordered"), "true", "{consumed}");
    assert_eq!(consumed.parsed::<u64>("consumed"), EVENTS, "{consumed}");
    assert_eq!(consumed.parsed::<u64>("last"), EVENTS - 1, "{consumed}");
    assert_eq!(produced.parsed::<u64>("checksum"), expected, "{produced}");
    assert_eq!(consumed.parsed::<u64>("checksum"), expected, "{consumed}");
    assert_eq!(consumed.field("end"), "closed", "{consumed}");
    storage.assert_clean(&names);
}

fn single_publishes_wrap_a_ring_of_eight(backend: Backend) {
    wrap(backend, "wrap_single", 1, "next", "block");
}

fn batches_of_three_straddle_the_wrap(backend: Backend) {
    wrap(backend, "wrap_batch3", 3, "batch", "yield");
}

fn batches_of_five_straddle_the_wrap(backend: Backend) {
    wrap(backend, "wrap_batch5", 5, "lease", "yield");
}

fn batches_of_eight_fill_the_whole_ring(backend: Backend) {
    wrap(backend, "wrap_batch8", 8, "poll", "yield");
}

fn a_batch_larger_than_the_ring_reports_its_shortfall(backend: Backend) {
    let names = TestNames::new("wrap_oversized");
    let storage = Storage::new(backend, &names);
    let ring = names.segment("ring");
    let mut producer = storage
        .producer::<PeerEvent>(&ring, CAPACITY)
        .build_producer(PeerEvent::default)
        .expect("build producer");
    let mut called = false;
    let err = producer
        .try_batch_publish(CAPACITY + 1, |_, _| called = true)
        .expect_err("9 events cannot fit in 8 slots");
    assert_eq!(err.0, 1, "one slot short");
    assert!(!called, "nothing may be written when the batch is refused");
    assert_eq!(producer.last_published_sequence(), -1);

    // A full ring's worth fits exactly, and a zero batch publishes nothing.
    let last = producer
        .try_batch_publish(CAPACITY, |slot, i| *slot = PeerEvent::for_seq(i as u64))
        .expect("8 events fit an empty ring of 8 that nobody gates");
    assert_eq!(last, CAPACITY as i64 - 1);
    assert_eq!(
        producer.try_batch_publish(0, |_, _| unreachable!()),
        Ok(last)
    );
    drop(producer);
    storage.assert_clean(&names);
}
