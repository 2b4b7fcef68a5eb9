//! A counters file attached to a real ring: what the ring counted reaches the file's slots on
//! `sync_counters`, once. Real shared memory, so not under Miri.

use super::{CountersFile, ids};
use crate::{CoordinationMode, attach_shared_consumer, build_shared_single_producer};

fn value(file: &CountersFile, id: u32) -> Option<u64> {
    file.snapshot()
        .into_iter()
        .find(|counter| counter.id == id)
        .map(|counter| counter.value)
}

#[test]
fn the_file_follows_the_ring_on_sync() {
    let name = format!("unit-{}-counters-file", std::process::id());
    let mut producer = build_shared_single_producer::<u64>(&name, 4)
        .discover_consumer_with_prefix(1, "c")
        .with_coordination(CoordinationMode::Immediate)
        .build_producer(|| 0)
        .expect("create");
    let mut consumer = attach_shared_consumer::<u64>(&name, 4)
        .with_consumer_id("c_0")
        .build_consumer()
        .expect("attach");
    let file = CountersFile::boxed();
    let produced = producer.attach_counters(&file);
    let consumed = consumer.attach_counters(&file);
    assert_eq!(value(&file, ids::EVENTS_PUBLISHED), Some(0));

    for n in 0..4 {
        producer.publish_value(n);
    }
    assert!(producer.try_publish_value(4).is_err(), "c_0 holds all four");
    for _ in 0..4 {
        assert!(consumer.poll_next().expect("live").is_some());
    }
    for _ in 0..3 {
        assert!(consumer.poll_next().expect("live").is_none());
    }
    // Untouched until synced: the hot paths never write the file.
    assert_eq!(value(&file, ids::EVENTS_CONSUMED), Some(0));

    for _ in 0..2 {
        producer.sync_counters(&produced);
        consumer.sync_counters(&consumed);
    }
    let ring = producer.counters();
    let place = &ring.consumers[0];
    assert_eq!(value(&file, ids::EVENTS_PUBLISHED), Some(4));
    assert_eq!(value(&file, ids::PRODUCER_FULL_EVENTS), Some(1));
    assert_eq!(value(&file, ids::EVENTS_CONSUMED), Some(4));
    assert_eq!(
        value(&file, ids::CONSUMER_EMPTY_SPINS),
        Some(consumer.counters().empty_polls)
    );
    assert!(value(&file, ids::CONSUMER_EMPTY_SPINS) >= Some(3));
    assert_eq!(value(&file, ids::CONSUMER_LAG_MAX), Some(place.lag_max));
    assert_eq!(
        (ring.producer.events_published, ring.producer.full_events),
        (4, 1)
    );
    assert_eq!(produced.events_published.map(|c| c.get()), Some(4));
}
