//! Publish and consume: order, values, wrap-around, batches across the wrap, empty batches.

use super::harness::{Ev, HeapRing, drain, event, named, packed, publish_n};
use crate::ring::init::Reservations;
use crate::ring::slots::{EMPTY, SlotState};
use crate::ring::slots_of;
use core::sync::atomic::Ordering;

#[test]
fn events_arrive_in_publish_order_with_their_values() {
    let (ring, mut publisher) = HeapRing::create(8, named(&["r"]));
    let mut reader = ring.join(Some("r")).unwrap();
    assert_eq!(reader.next(), 0);
    let mut read = 0;
    // Uneven publish sizes so reads and writes meet at every slot offset.
    for round in 0..40 {
        let n = 1 + round % 8;
        publish_n(&mut publisher, n);
        read += drain(&mut reader, read as i64);
        assert_eq!(read as i64, publisher.last_published() + 1);
    }
    assert_eq!(
        reader.try_read(),
        Ok(None),
        "nothing beyond the last publish"
    );
}

#[test]
fn slots_wrap_at_capacity_two_four_and_eight() {
    for capacity in [2usize, 4, 8] {
        let (ring, mut publisher) = HeapRing::create(capacity, named(&["r"]));
        let mut reader = ring.join(Some("r")).unwrap();
        let slots = slots_of::<Ev>(ring.view());
        let mut next = 0i64;
        for lap in 0..5 {
            // A full ring, then everything read back: each lap reuses every slot once.
            publish_n(&mut publisher, capacity);
            assert!(
                publisher.try_publish(|slot| *slot = event(-1)).is_err(),
                "capacity {capacity}: a full ring refuses a publish"
            );
            for index in 0..capacity as i64 {
                let seq = lap * capacity as i64 + index;
                assert_eq!(
                    slots.stamp(seq).load(Ordering::Acquire),
                    seq,
                    "capacity {capacity}: slot {index} holds sequence {seq}"
                );
            }
            next += drain(&mut reader, next) as i64;
            reader.flush();
            assert_eq!(next, (lap + 1) * capacity as i64);
        }
        // One at a time across the wrap.
        for _ in 0..3 * capacity {
            publish_n(&mut publisher, 1);
            assert_eq!(drain(&mut reader, next), 1);
            next += 1;
        }
    }
}

#[test]
fn a_batch_crosses_the_wrap_in_order() {
    let (ring, mut publisher) = HeapRing::create(8, named(&["r"]));
    let mut reader = ring.join(Some("r")).unwrap();
    publish_n(&mut publisher, 5);
    assert_eq!(drain(&mut reader, 0), 5);
    reader.flush();
    // Sequences 5..=10 land in slots 5, 6, 7, 0, 1, 2.
    let mut indices = Vec::new();
    let last = publisher
        .try_publish_batch(6, |slot, i| {
            indices.push(i);
            *slot = event(5 + i as i64);
        })
        .unwrap();
    assert_eq!(last, 10);
    assert_eq!(indices, [0, 1, 2, 3, 4, 5]);
    assert_eq!(publisher.last_published(), 10);
    assert_eq!(drain(&mut reader, 5), 6);
}

#[test]
fn a_batch_publishes_no_stamp_before_every_slot_is_written() {
    let (ring, mut publisher) = HeapRing::create(8, named(&["r"]));
    let reader = ring.join(Some("r")).unwrap();
    let slots = slots_of::<Ev>(ring.view());
    publisher
        .try_publish_batch(4, |slot, i| {
            for earlier in 0..i as i64 {
                let stamp = slots.stamp(earlier).load(Ordering::Acquire);
                assert_ne!(
                    stamp, earlier,
                    "{earlier} was published before the batch ended"
                );
            }
            assert_eq!(reader.next_state(), SlotState::NotYet);
            *slot = event(i as i64);
        })
        .unwrap();
    assert_eq!(reader.next_state(), SlotState::Ready);
}

#[test]
fn an_empty_batch_publishes_nothing() {
    let (ring, mut publisher) = HeapRing::create(4, Reservations::None);
    let mut reader = ring.join(None).unwrap();
    let untouched = |_: &mut Ev, _: usize| panic!("an empty batch fills no slot");
    assert_eq!(publisher.try_publish_batch(0, untouched), Ok(-1));
    assert_eq!(publisher.last_published(), -1);
    let slots = slots_of::<Ev>(ring.view());
    assert_eq!(slots.stamp(0).load(Ordering::Acquire), EMPTY);
    publish_n(&mut publisher, 3);
    assert_eq!(publisher.try_publish_batch(0, untouched), Ok(2));
    assert_eq!(publisher.last_published(), 2);
    assert_eq!(ring.view().producer_cursor().load(Ordering::Acquire), 2);
    assert_eq!(drain(&mut reader, 0), 3);
    publish_n(&mut publisher, 1);
    assert_eq!(drain(&mut reader, 3), 1, "the next publish is sequence 3");
}

#[test]
fn visit_available_reads_in_place_up_to_its_bound_and_stores_the_cursor() {
    let (ring, mut publisher) = HeapRing::create(16, named(&["r"]));
    let mut reader = ring.join(Some("r")).unwrap();
    let index = ring.table().find(&packed("r")).unwrap();
    publish_n(&mut publisher, 5);
    let slots = slots_of::<Ev>(ring.view());
    let mut seen = Vec::new();
    let (count, lapped) = reader.visit_available(3, true, |value, seq| {
        // Gating readers see the slot itself, not a copy.
        // SAFETY: `seq` is published and unreleased (we are inside the visit).
        let in_slot = unsafe { slots.get(seq) } as *const Ev;
        assert!(core::ptr::eq(value, in_slot));
        assert_eq!(*value, event(seq));
        seen.push(seq);
    });
    assert_eq!((count, lapped), (3, None));
    assert_eq!(seen, [0, 1, 2]);
    assert_eq!(ring.table().cursor(index).load(Ordering::Acquire), 2);
    let (count, lapped) = reader.visit_available(100, true, |value, seq| {
        assert_eq!(*value, event(seq));
        seen.push(seq);
    });
    assert_eq!((count, lapped), (2, None));
    assert_eq!(seen, [0, 1, 2, 3, 4]);
    assert_eq!(ring.table().cursor(index).load(Ordering::Acquire), 4);
}

#[test]
fn a_lease_releases_its_event_when_dropped() {
    let (ring, mut publisher) = HeapRing::create(4, named(&["r"]));
    let mut reader = ring.join(Some("r")).unwrap();
    assert!(reader.try_lease().unwrap().is_none());
    publish_n(&mut publisher, 2);
    {
        let lease = reader.try_lease().unwrap().unwrap();
        assert_eq!(lease.sequence(), 0);
        assert_eq!(*lease, event(0));
    }
    assert_eq!(reader.next(), 1);
    let lease = reader.try_lease().unwrap().unwrap();
    assert_eq!((lease.sequence(), *lease), (1, event(1)));
    drop(lease);
    assert!(reader.try_lease().unwrap().is_none());
}

#[test]
fn overwrites_are_announced_only_while_an_unprotected_reader_is_attached() {
    let (ring, mut publisher) = HeapRing::create(4, named(&["r"]));
    let mut gating = ring.join(Some("r")).unwrap();
    let slots = slots_of::<Ev>(ring.view());
    let stamp_while_writing = |publisher: &mut _, seq: i64| {
        let mut seen = 0;
        let publisher: &mut crate::ring::publisher::Publisher<Ev> = publisher;
        publisher
            .try_publish(|slot| {
                seen = slots.stamp(seq).load(Ordering::Acquire);
                *slot = event(seq);
            })
            .unwrap();
        seen
    };
    // Only a gating reader: the producer skips the "being written" store.
    assert_eq!(
        stamp_while_writing(&mut publisher, 0),
        crate::ring::slots::EMPTY
    );
    assert_eq!(drain(&mut gating, 0), 1);
    gating.flush();
    // A plain reader joins; the producer's next gating refresh turns announcements on.
    let _plain = ring.join(None).unwrap();
    assert!(!_plain.gating());
    for seq in 1..4 {
        stamp_while_writing(&mut publisher, seq);
    }
    assert_eq!(drain(&mut gating, 1), 3);
    gating.flush();
    assert_eq!(stamp_while_writing(&mut publisher, 4), !4);
}

#[test]
fn batches_of_every_size_at_every_offset_read_back_in_place() {
    // Batches walk slots in runs that split where the array ends: every length at every starting
    // slot, with and without "being written" announcements, read back by the in-place run path.
    for announce in [false, true] {
        let capacity = 8usize;
        let (ring, mut publisher) = HeapRing::create(capacity, named(&["r"]));
        let mut reader = ring.join(Some("r")).unwrap();
        let _plain = announce.then(|| ring.join(None).unwrap());
        let slots = slots_of::<Ev>(ring.view());
        let mut next = 0i64;
        for start in 0..capacity {
            for n in 1..=capacity {
                // Move the ring's head to slot `start`.
                while next as usize % capacity != start {
                    publish_n(&mut publisher, 1);
                    assert_eq!(drain(&mut reader, next), 1);
                    next += 1;
                }
                reader.flush();
                let first = next;
                let last = publisher
                    .try_publish_batch(n as u64, |slot, i| {
                        let seq = first + i as i64;
                        let stamp = slots.stamp(seq).load(Ordering::Acquire);
                        if announce {
                            assert_eq!(stamp, !seq, "{seq} is announced before its write");
                        } else {
                            assert_ne!(stamp, seq, "{seq} is not published before its write");
                        }
                        *slot = event(seq);
                    })
                    .unwrap();
                assert_eq!(last, first + n as i64 - 1);
                for seq in first..=last {
                    assert_eq!(slots.stamp(seq).load(Ordering::Acquire), seq);
                }
                let mut seen = Vec::new();
                let (count, lapped) = reader.visit_available(capacity, true, |value, seq| {
                    assert_eq!(*value, event(seq), "announce {announce}: value of {seq}");
                    seen.push(seq);
                });
                assert_eq!((count, lapped), (n, None));
                assert_eq!(seen, (first..=last).collect::<Vec<_>>());
                next = last + 1;
            }
        }
    }
}
