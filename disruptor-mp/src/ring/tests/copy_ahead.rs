//! Copying ahead (`reader/ahead.rs`): a reader copies what is published from its next event on,
//! in both layouts and for in-place and verifying readers, without moving: until the copies are
//! handed out, a read sees the same events, and a lap found mid-pass stops the copies short of
//! it, for the next read to report.

use super::harness::{Ev, HeapRing, event, named, publish_n};
use crate::Sequence;
use crate::layout::SlotLayout;
use crate::ring::init::Reservations;
use crate::ring::publisher::Publisher;
use crate::ring::reader::{Lapped, Reader};
use core::mem::MaybeUninit;

/// The rings each test runs on: both layouts, with and without eviction (which makes a gating
/// reader copy and verify instead of reading in place).
fn rings(capacity: usize, reservations: &Reservations) -> Vec<(HeapRing, Publisher<Ev>)> {
    let mut rings = Vec::new();
    for layout in [SlotLayout::Stamped, SlotLayout::Packed] {
        for evictable in [false, true] {
            rings.push(HeapRing::create_layout(
                capacity,
                8,
                reservations.clone(),
                evictable,
                layout,
            ));
        }
    }
    rings
}

/// Copies ahead into room for `room` events; the copies made.
fn copy(reader: &Reader<Ev>, room: usize) -> Vec<(Sequence, Ev)> {
    let mut out: Vec<MaybeUninit<(Sequence, Ev)>> =
        (0..room).map(|_| MaybeUninit::uninit()).collect();
    let n = reader.copy_ahead(&mut out);
    assert!(n <= room);
    // SAFETY: `copy_ahead` wrote the first `n` entries.
    out[..n]
        .iter()
        .map(|pair| unsafe { pair.assume_init_read() })
        .collect()
}

fn expected(range: core::ops::Range<Sequence>) -> Vec<(Sequence, Ev)> {
    range.map(|seq| (seq, event(seq))).collect()
}

#[test]
fn a_gating_reader_copies_what_is_published_and_stays_where_it_was() {
    for (ring, mut publisher) in rings(8, &named(&["g"])) {
        let mut reader = ring.join(Some("g")).unwrap();
        assert!(reader.gating());
        assert!(copy(&reader, 4).is_empty(), "nothing published yet");
        publish_n(&mut publisher, 6);
        assert_eq!(
            copy(&reader, 4),
            expected(0..4),
            "no more than there is room for"
        );
        assert_eq!(
            copy(&reader, 16),
            expected(0..6),
            "no more than is published"
        );
        assert_eq!(reader.next(), 0, "copying reads nothing");
        // Hand two out; the next pass starts after them.
        reader.advance_past_copy();
        reader.advance_past_copy();
        assert_eq!(copy(&reader, 16), expected(2..6));
        assert_eq!(
            reader.try_read(),
            Ok(Some((2, event(2)))),
            "the copies were unread"
        );
    }
}

#[test]
fn copies_across_the_wrap_of_the_ring_are_in_order() {
    for (ring, mut publisher) in rings(4, &named(&["g"])) {
        let mut reader = ring.join(Some("g")).unwrap();
        publish_n(&mut publisher, 3);
        for _ in 0..3 {
            reader.advance_past_copy();
        }
        reader.flush();
        publish_n(&mut publisher, 4);
        assert_eq!(copy(&reader, 8), expected(3..7));
    }
}

#[test]
fn the_producer_does_not_pass_copies_not_yet_handed_out() {
    for (ring, mut publisher) in rings(4, &named(&["g"])) {
        let reader = ring.join(Some("g")).unwrap();
        publish_n(&mut publisher, 4);
        assert_eq!(copy(&reader, 4), expected(0..4));
        if !ring.view().consumers_evictable() {
            assert!(
                publisher.try_publish(|slot| *slot = event(4)).is_err(),
                "the ring is full until the copies are handed out"
            );
        }
    }
}

#[test]
fn a_lap_stops_the_copies_short_and_the_next_read_reports_it() {
    for (ring, mut publisher) in rings(4, &Reservations::None) {
        let mut reader = ring.join(None).unwrap();
        assert!(!reader.gating());
        publish_n(&mut publisher, 2);
        assert_eq!(copy(&reader, 8), expected(0..2));
        // 2..=9 published: 0..=5 overwritten.
        publish_n(&mut publisher, 8);
        assert!(
            copy(&reader, 8).is_empty(),
            "no copy of an overwritten event"
        );
        assert!(matches!(
            reader.try_read(),
            Err(Lapped {
                expected: 0,
                evicted: false,
                ..
            })
        ));
    }
}
