//! Gating: the producer never laps a gating reader, learns its progress once per batch or when
//! it idles, and stops waiting for it once it leaves.

use super::harness::{Ev, HeapRing, drain, event, fill, named, packed, publish_n};
use crate::ring::consumer_table::EntryState;
use crate::ring::publisher::Publisher;
use core::sync::atomic::Ordering;
use std::time::{Duration, Instant};

#[test]
fn a_named_reservation_holds_exactly_capacity_until_its_reader_consumes() {
    for capacity in [2usize, 4, 8, 16, 64] {
        let (ring, mut publisher) = HeapRing::create(capacity, named(&["g"]));
        // Reserved places gate before their consumer arrives.
        assert_eq!(fill(&mut publisher), capacity, "capacity {capacity}");
        assert_eq!(fill(&mut publisher), 0);
        let mut reader = ring.join(Some("g")).unwrap();
        assert_eq!(
            reader.next(),
            0,
            "a reserved place starts at the first event"
        );
        let batch = (capacity / 4).max(1);
        // Reading fewer than a batch is not yet visible to the producer.
        for seq in 0..batch as i64 - 1 {
            assert!(reader.try_read().unwrap().is_some(), "event {seq}");
            assert_eq!(
                fill(&mut publisher),
                0,
                "capacity {capacity}: before the batch"
            );
        }
        assert!(reader.try_read().unwrap().is_some());
        assert_eq!(
            fill(&mut publisher),
            batch,
            "capacity {capacity}: one batch freed"
        );
        assert_eq!(fill(&mut publisher), 0);
        let read = batch + drain(&mut reader, batch as i64);
        assert_eq!(read, capacity + batch);
        reader.flush();
        assert_eq!(fill(&mut publisher), capacity);
    }
}

#[test]
fn the_cursor_is_stored_once_per_batch_and_when_the_reader_idles() {
    let (ring, mut publisher) = HeapRing::create(16, named(&["g"]));
    let mut reader = ring.join(Some("g")).unwrap();
    let index = ring.table().find(&packed("g")).unwrap();
    let cursor = || ring.table().cursor(index).load(Ordering::Acquire);
    publish_n(&mut publisher, 11);
    // flush_every = 16 / 4 = 4.
    let mut stored = Vec::new();
    for _ in 0..10 {
        reader.try_read().unwrap().unwrap();
        stored.push(cursor());
    }
    assert_eq!(stored, [-1, -1, -1, 3, 3, 3, 3, 7, 7, 7]);
    reader.flush();
    assert_eq!(cursor(), 9, "an idle flush publishes partial progress");
    reader.flush();
    assert_eq!(cursor(), 9);
    reader.try_read().unwrap().unwrap();
    assert_eq!(cursor(), 9);
    assert_eq!(reader.try_read().unwrap(), None);
    reader.flush();
    assert_eq!(cursor(), 10);
}

#[test]
fn a_reader_that_gives_up_its_place_stops_gating() {
    let (ring, mut publisher) = HeapRing::create(4, named(&["g", "h"]));
    let reader_g = ring.join(Some("g")).unwrap();
    let mut reader_h = ring.join(Some("h")).unwrap();
    assert_eq!(publisher.gating_count(), 2);
    assert_eq!(fill(&mut publisher), 4);
    assert_eq!(drain(&mut reader_h, 0), 4);
    reader_h.flush();
    assert_eq!(fill(&mut publisher), 0, "g still holds the ring");
    let index = ring.table().find(&packed("g")).unwrap();
    let generation = ring.view().table_generation().load(Ordering::Acquire);
    reader_g.give_up();
    assert_eq!(ring.table().state(index), Some(EntryState::Left));
    assert!(ring.view().table_generation().load(Ordering::Acquire) > generation);
    assert!(!ring.table().gates(index));
    assert_eq!(publisher.gating_count(), 1);
    // Only h gates now: the producer refills what h released.
    assert_eq!(fill(&mut publisher), 4);
    reader_h.give_up();
    assert_eq!(publisher.gating_count(), 0);
    publish_n(&mut publisher, 12);
    assert_eq!(publisher.min_gating(), publisher.last_published());
}

#[test]
fn the_slowest_gating_reader_holds_the_producer() {
    let (ring, mut publisher) = HeapRing::create(8, named(&["fast", "slow"]));
    let mut fast = ring.join(Some("fast")).unwrap();
    let mut slow = ring.join(Some("slow")).unwrap();
    assert_eq!(fill(&mut publisher), 8);
    assert_eq!(drain(&mut fast, 0), 8);
    fast.flush();
    assert_eq!(fill(&mut publisher), 0);
    for seq in 0..3 {
        assert_eq!(slow.try_read().unwrap().unwrap().0, seq);
    }
    slow.flush();
    assert_eq!(publisher.min_gating(), 2);
    assert_eq!(fill(&mut publisher), 3);
    assert_eq!(drain(&mut fast, 8), 3);
    assert_eq!(drain(&mut slow, 3), 8);
}

#[test]
fn a_gating_reader_on_another_thread_sees_every_event_once_in_order() {
    // Miri runs this thousands of times slower; a few hundred events still cross threads.
    const EVENTS: i64 = if cfg!(miri) { 300 } else { 20_000 };
    let (ring, mut publisher) = HeapRing::create(8, named(&["g"]));
    let mut reader = ring.join(Some("g")).unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    std::thread::scope(|scope| {
        scope.spawn(move || {
            let mut next = 0;
            while next < EVENTS && Instant::now() < deadline {
                let (count, lapped) = reader.visit_available(usize::MAX, true, |value, seq| {
                    assert_eq!((seq, *value), (next, event(next)));
                    next += 1;
                });
                assert_eq!(lapped, None, "a gating reader is never lapped");
                if count == 0 {
                    std::thread::yield_now();
                }
            }
            assert_eq!(next, EVENTS);
        });
        let mut published = 0;
        while published < EVENTS && Instant::now() < deadline {
            let n = fill_up_to(&mut publisher, EVENTS - published);
            if n == 0 {
                std::thread::yield_now();
            }
            published += n;
        }
        assert_eq!(published, EVENTS);
    });
}

/// Publishes up to `max` events (fewer if the ring fills); returns how many.
fn fill_up_to(publisher: &mut Publisher<Ev>, max: i64) -> i64 {
    let mut count = 0;
    while count < max {
        let next = publisher.last_published() + 1;
        if publisher.try_publish(|slot| *slot = event(next)).is_err() {
            break;
        }
        count += 1;
    }
    count
}
