//! The packed slot layout over the same engine: no stamps, availability from the producer
//! cursor, laps of readers the producer does not wait for caught by the claim (`packed.rs`).

use super::harness::{Ev, HeapRing, assert_lapped_everywhere, drain, event, named, publish_n};
use crate::layout::SlotLayout;
use crate::layout::header::flags;
use crate::ring::init::Reservations;
use crate::ring::packed;
use crate::ring::publisher::Publisher;
use crate::ring::reader::ResumeAt;
use crate::ring::slots::SlotState;
use core::sync::atomic::Ordering;

fn packed_ring(capacity: usize, reservations: Reservations) -> (HeapRing, Publisher<Ev>) {
    HeapRing::create_layout(capacity, 8, reservations, false, SlotLayout::Packed)
}

#[test]
fn a_packed_plan_has_no_stamp_and_the_header_says_packed() {
    let (ring, _publisher) = packed_ring(4, Reservations::None);
    let plan = ring.view().plan();
    assert_eq!(plan.layout, SlotLayout::Packed);
    assert_eq!(plan.slot_event_offset, 0);
    assert_eq!(plan.slot_stride, core::mem::size_of::<Ev>());
    assert!(ring.view().packed());
    let desc = ring.description();
    assert_eq!(desc.flags & flags::PACKED, flags::PACKED);
    assert_eq!(desc.slot_event_offset, 0);

    let (stamped, _publisher) = HeapRing::create(4, Reservations::None);
    assert_eq!(stamped.view().plan().slot_event_offset, 8);
    assert_eq!(
        stamped.view().plan().slot_stride,
        8 + core::mem::size_of::<Ev>()
    );
    assert_eq!(stamped.description().flags & flags::PACKED, 0);
}

#[test]
fn a_gating_reader_reads_single_publishes_and_batches_in_order_across_wraps() {
    let (ring, mut publisher) = packed_ring(4, named(&["a"]));
    let mut reader = ring.join(Some("a")).unwrap();
    assert!(reader.gating() && reader.in_place());
    let mut next = 0;
    for round in 0..10 {
        if round % 2 == 0 {
            publish_n(&mut publisher, 3);
            assert_eq!(drain(&mut reader, next), 3);
        } else {
            publisher
                .try_publish_batch(3, |slot, i| *slot = event(next + i as i64))
                .expect("room for a batch");
            let mut seen = Vec::new();
            let (count, lap) = reader.visit_available(8, true, |value, seq| {
                assert_eq!(*value, event(seq), "sequence {seq} holds its own event");
                seen.push(seq);
            });
            assert_eq!((count, lap), (3, None));
            assert_eq!(seen, (next..next + 3).collect::<Vec<_>>());
        }
        next += 3;
    }
    assert_eq!(publisher.last_published(), 29);
}

#[test]
fn every_publish_stores_the_cursor_and_a_lease_shows_its_event() {
    let (ring, mut publisher) = packed_ring(8, named(&["a"]));
    let mut reader = ring.join(Some("a")).unwrap();
    publish_n(&mut publisher, 3);
    // Single publishes of a stamped ring store the cursor only now and then; a packed ring's
    // readers learn of every publish from it.
    assert_eq!(ring.view().producer_cursor().load(Ordering::Acquire), 2);
    assert_eq!(ring.view().last_published(), 2);
    for seq in 0..3 {
        let lease = reader.try_lease().expect("not lapped").expect("published");
        assert_eq!(*lease, event(seq));
        assert_eq!(lease.sequence(), seq);
    }
    assert!(reader.try_lease().expect("not lapped").is_none());
}

#[test]
fn a_gating_reader_holds_the_producer_back() {
    let (ring, mut publisher) = packed_ring(4, named(&["a"]));
    let mut reader = ring.join(Some("a")).unwrap();
    publish_n(&mut publisher, 4);
    assert_eq!(publisher.try_publish(|slot| *slot = event(4)), Err(1));
    assert_eq!(drain(&mut reader, 0), 4);
    publish_n(&mut publisher, 4);
    assert_eq!(drain(&mut reader, 4), 4);
}

#[test]
fn without_readers_it_cannot_warn_the_producer_leaves_the_claim_alone() {
    let (ring, mut publisher) = packed_ring(8, named(&["a"]));
    let _reader = ring.join(Some("a")).unwrap();
    publish_n(&mut publisher, 5);
    assert_eq!(ring.view().producer_claim().load(Ordering::Acquire), 0);
}

#[test]
fn a_lapped_plain_reader_gets_lapped_not_data() {
    let (ring, mut publisher) = packed_ring(4, Reservations::None);
    let mut reader = ring.join(None).unwrap();
    assert!(!reader.gating() && !reader.in_place());
    publish_n(&mut publisher, 5);
    // The producer announced every write: a plain reader was attached.
    assert_eq!(ring.view().producer_claim().load(Ordering::Acquire), 4);
    assert_lapped_everywhere(&mut reader, 4);
}

#[test]
fn a_plain_reader_that_keeps_up_reads_verified_copies_in_order() {
    let (ring, mut publisher) = packed_ring(4, Reservations::None);
    let mut reader = ring.join(None).unwrap();
    let mut next = 0;
    for _ in 0..6 {
        publish_n(&mut publisher, 3);
        let (count, lap) = reader.visit_available(8, true, |value, seq| {
            assert_eq!((seq, *value), (next, event(next)));
            next += 1;
        });
        assert_eq!((count, lap), (3, None));
    }
}

#[test]
fn a_copy_is_rejected_when_a_later_lap_began_during_it() {
    let (ring, mut publisher) = packed_ring(4, Reservations::None);
    let _reader = ring.join(None).unwrap();
    publish_n(&mut publisher, 1);
    let view = ring.view();
    assert_eq!(packed::state(view, 0), SlotState::Ready);
    assert_eq!(packed::confirm_copy(view, 0), SlotState::Ready);
    // Publishing up to 3 does not touch slot 0.
    publish_n(&mut publisher, 3);
    assert_eq!(packed::confirm_copy(view, 0), SlotState::Ready);
    // The producer announces the write of 4, into slot 0, before it writes: a copy of 0 taken
    // meanwhile is torn, and the check after it says so although 4 is not published yet.
    packed::announce(view, 4);
    assert_eq!(view.producer_cursor().load(Ordering::Acquire), 3);
    assert_eq!(packed::confirm_copy(view, 0), SlotState::Overwritten(4));
    assert_eq!(packed::confirm_copy(view, 1), SlotState::Ready);
}

#[test]
fn a_lapped_plain_reader_resumes_at_the_oldest_or_the_newest() {
    let (ring, mut publisher) = packed_ring(4, Reservations::None);
    let mut reader = ring.join(None).unwrap();
    publish_n(&mut publisher, 10);
    assert!(reader.try_read().is_err());
    // 6..=9 are held.
    assert_eq!(reader.resume(ResumeAt::Oldest), Some(6));
    assert_eq!(drain(&mut reader, 6), 4);
    publish_n(&mut publisher, 7);
    assert_eq!(reader.resume(ResumeAt::Newest), Some(7));
    assert_eq!(reader.next(), 17);
    // 17..=20 published, and the write of 21 announced, not published: it is overwriting 17's
    // slot, so the oldest the ring still holds is 18.
    publish_n(&mut publisher, 4);
    packed::announce(ring.view(), 21);
    assert_eq!(reader.resume(ResumeAt::Oldest), Some(1));
    assert_eq!(reader.next(), 18);
    assert_eq!(drain(&mut reader, 18), 3);
}

#[test]
fn consumers_of_an_evictable_packed_ring_read_verified_copies() {
    let (ring, mut publisher) =
        HeapRing::create_layout(4, 8, named(&["a"]), true, SlotLayout::Packed);
    let mut reader = ring.join(Some("a")).unwrap();
    assert!(reader.gating() && !reader.in_place());
    publish_n(&mut publisher, 3);
    assert_eq!(ring.view().producer_claim().load(Ordering::Acquire), 2);
    assert_eq!(drain(&mut reader, 0), 3);
}
