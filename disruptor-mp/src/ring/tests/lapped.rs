//! Non-gating readers: the producer may lap them, and then they get `Lapped`, never data, until
//! they resume from the oldest event still held or the newest.

use super::harness::{HeapRing, assert_lapped_everywhere, drain, event, named, publish_n};
use crate::ring::consumer_table::MAX_START;
use crate::ring::init::Reservations;
use crate::ring::reader::{Lapped, ResumeAt};
use crate::ring::slots::SlotState;
use core::sync::atomic::Ordering;

#[test]
fn a_lapped_plain_reader_gets_lapped_not_data() {
    let (ring, mut publisher) = HeapRing::create(4, Reservations::None);
    let mut reader = ring.join(None).unwrap();
    assert!(!reader.gating());
    assert_eq!(reader.next(), 0);
    // Sequence 4 overwrote sequence 0 in slot 0.
    publish_n(&mut publisher, 5);
    assert_lapped_everywhere(&mut reader, 4);
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
            found: 6,
            evicted: false
        })
    );
    let mut seen = Vec::new();
    let (count, lap) = reader.visit_available(10, true, |value, seq| {
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

#[test]
fn a_lap_is_sticky_until_the_reader_resumes() {
    let (ring, mut publisher) = HeapRing::create(4, Reservations::None);
    let mut reader = ring.join(None).unwrap();
    publish_n(&mut publisher, 5);
    let lap = Lapped {
        expected: 0,
        found: 4,
        evicted: false,
    };
    for _ in 0..3 {
        assert_eq!(reader.try_read(), Err(lap), "polling again is lapped again");
    }
    // 1..=4 are still held: the oldest is 1, so only 0 was missed.
    assert_eq!(reader.resume(ResumeAt::Oldest), Some(1));
    assert_eq!(reader.try_read(), Ok(Some((1, event(1)))));
}

#[test]
fn resuming_from_the_oldest_skips_to_one_ring_behind_the_last_published() {
    let (ring, mut publisher) = HeapRing::create(4, Reservations::None);
    let mut reader = ring.join(None).unwrap();
    publish_n(&mut publisher, 2);
    assert_eq!(drain(&mut reader, 0), 2);
    // 2..=11 published: the ring holds 8..=11, so 2..=7 were missed.
    publish_n(&mut publisher, 10);
    assert_eq!(
        reader.try_read(),
        Err(Lapped {
            expected: 2,
            found: 10,
            evicted: false
        })
    );
    assert_eq!(reader.resume(ResumeAt::Oldest), Some(6));
    assert_eq!(reader.next(), 8);
    // The skipped sequences count as done: the cursor says so at once.
    let cursor = ring.table().cursor(reader.entry()).load(Ordering::Acquire);
    assert_eq!(cursor, 7);
    assert_eq!(drain(&mut reader, 8), 4);
    // Reading on is plain reading: the batch form sees the next events with their content.
    publish_n(&mut publisher, 2);
    let mut seen = Vec::new();
    let (count, lap) = reader.visit_available(10, true, |value, seq| {
        assert_eq!(*value, event(seq));
        seen.push(seq);
    });
    assert_eq!((count, lap, seen), (2, None, vec![12, 13]));
}

#[test]
fn resuming_from_the_newest_reads_the_next_published_event_exactly() {
    let (ring, mut publisher) = HeapRing::create(4, Reservations::None);
    let mut reader = ring.join(None).unwrap();
    publish_n(&mut publisher, 10);
    assert!(reader.try_read().is_err());
    assert_eq!(reader.resume(ResumeAt::Newest), Some(10));
    assert_eq!(reader.next(), 10);
    assert_eq!(reader.try_read(), Ok(None), "nothing after the newest yet");
    publish_n(&mut publisher, 1);
    let lease = reader.try_lease().unwrap().unwrap();
    assert_eq!((lease.sequence(), *lease), (10, event(10)));
}

#[test]
fn a_producer_that_laps_again_after_a_resume_gives_a_fresh_lap_then_a_fresh_resume() {
    let (ring, mut publisher) = HeapRing::create(4, Reservations::None);
    let mut reader = ring.join(None).unwrap();
    publish_n(&mut publisher, 10);
    assert_eq!(reader.resume(ResumeAt::Oldest), Some(6));
    // Sequence 10 overwrites 6, the oldest the resume chose, before it was read.
    publish_n(&mut publisher, 1);
    assert_eq!(
        reader.try_read(),
        Err(Lapped {
            expected: 6,
            found: 10,
            evicted: false
        })
    );
    assert_eq!(reader.resume(ResumeAt::Oldest), Some(1));
    assert_eq!(reader.try_read(), Ok(Some((7, event(7)))));
    // Lapped again by more than a ring (11..=20): the newest resume skips 8..=20.
    publish_n(&mut publisher, 10);
    assert!(reader.try_read().is_err());
    assert_eq!(reader.resume(ResumeAt::Newest), Some(13));
    publish_n(&mut publisher, 1);
    assert_eq!(reader.try_read(), Ok(Some((21, event(21)))));
}

#[test]
fn an_oldest_resume_steps_past_a_write_the_last_published_does_not_show() {
    let (ring, mut publisher) = HeapRing::create(4, Reservations::None);
    let mut reader = ring.join(None).unwrap();
    publish_n(&mut publisher, 4);
    // The producer claimed sequence 4 (its gating refresh stored the cursor, 3) and announced
    // it over slot 0, but has not published it: it is writing, or it died there.
    let _claim = publisher.claim(1).expect("nobody gates");
    ring.view().slot_stamp(4).store(!4, Ordering::Release);
    assert_eq!(ring.view().last_published(), 3);
    let lap = Lapped {
        expected: 0,
        found: 4,
        evicted: false,
    };
    assert_eq!(reader.try_read(), Err(lap));
    // 0 is lost to that write: the resume starts at 1, not at 0 (which would be lapped again,
    // resume after resume, if the producer died there).
    assert_eq!(reader.resume(ResumeAt::Oldest), Some(1));
    assert_eq!(drain(&mut reader, 1), 3);
    assert_eq!(reader.next_state(), SlotState::NotYet, "4 is not published");
}

#[test]
fn a_reader_that_was_not_lapped_resumes_in_place_and_never_backwards() {
    let (ring, mut publisher) = HeapRing::create(4, Reservations::None);
    let mut reader = ring.join(None).unwrap();
    assert_eq!(
        reader.resume(ResumeAt::Oldest),
        Some(0),
        "nothing published"
    );
    assert_eq!(reader.resume(ResumeAt::Newest), Some(0));
    assert_eq!(reader.next(), 0);
    publish_n(&mut publisher, 3);
    // 0..=2 are all still held: the oldest this reader has not read is its own next.
    assert_eq!(reader.resume(ResumeAt::Oldest), Some(0));
    assert_eq!(reader.try_read(), Ok(Some((0, event(0)))));
    assert_eq!(reader.resume(ResumeAt::Newest), Some(2));
    assert_eq!(reader.try_read(), Ok(None));
    assert_eq!(reader.resume(ResumeAt::Oldest), Some(0), "not back to 0");
    assert_eq!(reader.next(), 3);
}

#[test]
fn a_gating_reader_is_never_moved() {
    let (ring, mut publisher) = HeapRing::create(4, named(&["g"]));
    let mut reader = ring.join(Some("g")).unwrap();
    assert!(reader.gating());
    publish_n(&mut publisher, 4);
    assert_eq!(reader.resume(ResumeAt::Oldest), None);
    assert_eq!(reader.resume(ResumeAt::Newest), None);
    assert_eq!(reader.next(), 0);
    assert_eq!(drain(&mut reader, 0), 4);
}

#[test]
fn a_scribbled_producer_cursor_cannot_overflow_a_resume() {
    let (ring, _publisher) = HeapRing::create(4, Reservations::None);
    let mut reader = ring.join(None).unwrap();
    ring.view()
        .producer_cursor()
        .store(i64::MAX, Ordering::Release);
    assert_eq!(reader.resume(ResumeAt::Newest), Some(MAX_START as u64 + 1));
    assert_eq!(reader.resume(ResumeAt::Oldest), Some(0));
    assert_eq!(reader.try_read(), Ok(None));
}
