//! One producer process, three consumer processes, five million events each (strict
//! broadcast): every consumer sees every sequence in order with its exact payload, and all
//! three checksums equal the producer's. The consumers read with three different methods
//! (`consume_next_timeout` blocking on the futex, `try_process_available` batches, in-place
//! leases), and the producer publishes in batches of 100, which do not divide the capacity, so
//! batches straddle the wrap of the ring. Run once per backend (POSIX shared memory and a ring
//! file).

use disruptor_mp_tests::backend::{Backend, Storage};
use disruptor_mp_tests::event::Checksum;
use disruptor_mp_tests::names::TestNames;
use disruptor_mp_tests::ring_peer;
use std::time::Duration;

const EVENTS: u64 = 5_000_000;
const CAPACITY: usize = 16_384;
const BATCH: usize = 100;

disruptor_mp_tests::on_both_backends!(three_consumers_each_see_all_five_million_events_in_order);

fn three_consumers_each_see_all_five_million_events_in_order(backend: Backend) {
    let names = TestNames::new("one_to_three");
    let storage = Storage::new(backend, &names);
    let ring = names.segment("ring");
    let deadline = Duration::from_secs(180);

    let mut producer = storage
        .peer(ring_peer!("producer"))
        .arg("name", &ring)
        .arg("capacity", CAPACITY)
        .arg("events", EVENTS)
        .arg("batch", BATCH)
        .arg("prefix", "c")
        .arg("consumers", 3)
        .arg("wait", "yield")
        .deadline(deadline)
        .spawn();
    let ready = producer.wait_for("READY");
    assert_eq!(
        ready.parsed::<usize>("gating"),
        3,
        "c_0..c_2 gate from the start"
    );

    let consumers: Vec<_> = [
        ("c_0", "next", "block"),
        ("c_1", "batch", "yield"),
        ("c_2", "lease", "yield"),
    ]
    .into_iter()
    .map(|(id, read, wait)| {
        storage
            .peer(ring_peer!("consumer"))
            .arg("name", &ring)
            .arg("capacity", CAPACITY)
            .arg("id", id)
            .arg("events", EVENTS)
            .arg("read", read)
            .arg("wait", wait)
            .arg("end", "closed")
            .deadline(deadline)
            .spawn()
    })
    .collect();

    let expected = Checksum::of_stream(EVENTS).0;
    let results: Vec<_> = consumers
        .into_iter()
        .map(|consumer| consumer.expect_success().result())
        .collect();
    let produced = producer.expect_success().result();

    assert_eq!(produced.parsed::<u64>("published"), EVENTS);
    assert_eq!(produced.parsed::<u64>("checksum"), expected);
    for (i, consumed) in results.iter().enumerate() {
        let who = format!("consumer c_{i}: {consumed}");
        assert_eq!(consumed.field("ordered"), "true", "{who}");
        assert_eq!(consumed.parsed::<u64>("consumed"), EVENTS, "{who}");
        assert_eq!(consumed.parsed::<u64>("first"), 0, "{who}");
        assert_eq!(consumed.parsed::<u64>("last"), EVENTS - 1, "{who}");
        assert_eq!(consumed.parsed::<u64>("checksum"), expected, "{who}");
        assert_eq!(consumed.field("end"), "closed", "{who}");
    }
    storage.assert_clean(&names);
}
