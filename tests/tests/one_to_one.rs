//! One producer process, one consumer process, five million events: the consumer sees every
//! sequence exactly once, in order, with the payload its sequence implies, and its checksum of
//! the stream equals the producer's (and the one computed here from first principles). Then the
//! producer closes the ring, the consumer sees end-of-stream, and the segment is gone. Run once
//! per backend (POSIX shared memory and a ring file).

use disruptor_mp_tests::backend::{Backend, Storage};
use disruptor_mp_tests::event::Checksum;
use disruptor_mp_tests::names::TestNames;
use disruptor_mp_tests::ring_peer;
use std::time::Duration;

disruptor_mp_tests::on_both_backends!(
    five_million_events_arrive_in_order_with_the_producers_checksum
);

const EVENTS: u64 = 5_000_000;
const CAPACITY: usize = 16_384;

fn five_million_events_arrive_in_order_with_the_producers_checksum(backend: Backend) {
    let names = TestNames::new("one_to_one");
    let storage = Storage::new(backend, &names);
    let ring = names.segment("ring");
    let deadline = Duration::from_secs(120);

    // Single publishes (`publish_with_timeout`) so the library's own full-ring wait is exercised.
    let mut producer = storage
        .peer(ring_peer!("producer"))
        .arg("name", &ring)
        .arg("capacity", CAPACITY)
        .arg("events", EVENTS)
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
        .arg("read", "next")
        .arg("wait", "block")
        .arg("end", "closed")
        .deadline(deadline)
        .spawn();

    let expected = Checksum::of_stream(EVENTS).0;
    let consumed = consumer.expect_success().result();
    let produced = producer.expect_success().result();

    assert_eq!(produced.parsed::<u64>("published"), EVENTS);
    assert_eq!(consumed.field("ordered"), "true");
    assert_eq!(consumed.parsed::<u64>("consumed"), EVENTS);
    assert_eq!(consumed.parsed::<u64>("first"), 0);
    assert_eq!(consumed.parsed::<u64>("last"), EVENTS - 1);
    assert_eq!(consumed.field("end"), "closed");
    assert_eq!(produced.parsed::<u64>("checksum"), expected);
    assert_eq!(consumed.parsed::<u64>("checksum"), expected);
    storage.assert_clean(&names);
}
