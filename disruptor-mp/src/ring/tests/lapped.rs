//! Non-gating readers: the producer may lap them, and then they get `Lapped`, never data.

use super::harness::{HeapRing, drain, event, publish_n};
use crate::ring::init::Reservations;
use crate::ring::reader::Lapped;
use crate::ring::slots::SlotState;

#[test]
fn a_lapped_plain_reader_gets_lapped_not_data() {
    let (ring, mut publisher) = HeapRing::create(4, Reservations::None);
    let mut reader = ring.join(None).unwrap();
    assert!(!reader.gating());
    assert_eq!(reader.next(), 0);
    // Sequence 4 overwrote sequence 0 in slot 0.
    publish_n(&mut publisher, 5);
    let lap = Lapped {
        expected: 0,
        found: 4,
    };
    assert_eq!(reader.next_state(), SlotState::Overwritten(4));
    assert_eq!(reader.try_read(), Err(lap));
    assert_eq!(
        reader.visit_available(10, |_, _| panic!("no data")),
        (0, Some(lap))
    );
    assert_eq!(reader.try_lease().err(), Some(lap));
    assert_eq!(reader.next(), 0, "a lap does not skip ahead silently");
}

#[test]
fn a_plain_reader_is_lapped_mid_stream_at_the_first_overwritten_event() {
    let (ring, mut publisher) = HeapRing::create(4, Reservations::None);
    let mut reader = ring.join(None).unwrap();
    publish_n(&mut publisher, 2);
    assert_eq!(drain(&mut reader, 0), 2);
    // 2..=8 published: 2, 3 and 4 were overwritten by 6, 7 and 8.
    publish_n(&mut publisher, 7);
    assert_eq!(
        reader.try_read(),
        Err(Lapped {
            expected: 2,
            found: 6
        })
    );
    let mut seen = Vec::new();
    let (count, lap) = reader.visit_available(10, |value, seq| {
        assert_eq!(*value, event(seq));
        seen.push(seq);
    });
    assert_eq!((count, lap.map(|l| l.found)), (0, Some(6)));
    assert!(seen.is_empty());
}

#[test]
fn a_plain_reader_that_keeps_up_reads_verified_copies() {
    let (ring, mut publisher) = HeapRing::create(4, Reservations::None);
    let mut reader = ring.join(None).unwrap();
    let mut next = 0;
    for round in 0..20 {
        publish_n(&mut publisher, 1 + round % 4);
        next += drain(&mut reader, next as i64);
    }
    assert_eq!(next as i64, publisher.last_published() + 1);
    // A lease on a plain reader is a copy, not the slot.
    publish_n(&mut publisher, 1);
    let lease = reader.try_lease().unwrap().unwrap();
    assert_eq!(*lease, event(next as i64));
    let slots = crate::ring::slots_of::<super::harness::Ev>(ring.view());
    // SAFETY: only compares addresses; the slot is not read through this reference.
    let in_slot = unsafe { slots.get(next as i64) } as *const _;
    assert!(!core::ptr::eq(&*lease, in_slot));
}
