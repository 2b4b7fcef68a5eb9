//! A peer that writes the producer cursor: joiners trust it only within bounds, so a cursor
//! moved to the end of time costs them events, never an overflow or a panic.

use super::harness::{HeapRing, drain, named, packed, publish_n};
use crate::backend::process::ProcessIdentity;
use crate::ring::consumer_table::MAX_START;
use core::sync::atomic::Ordering;

/// Producer-cursor values that would overflow `start + 1` (or come close) if trusted.
const FAR_AHEAD: [i64; 4] = [i64::MAX, i64::MAX - 1, MAX_START + 1, 1 << 62];

#[test]
fn a_late_joiner_never_starts_beyond_the_bound_whatever_the_producer_cursor_says() {
    for scribbled in FAR_AHEAD {
        let (ring, mut publisher) = HeapRing::create(8, named(&[]));
        publish_n(&mut publisher, 3);
        ring.view()
            .producer_cursor()
            .store(scribbled, Ordering::Release);
        let (joined, mut reader) = ring
            .join_as(Some("late"), ProcessIdentity::current())
            .expect("a free entry");
        assert_eq!(joined.next, MAX_START + 1, "cursor {scribbled}");
        assert_eq!(reader.try_read(), Ok(None), "cursor {scribbled}");
        // The producer is not misled: it publishes on, and gating stays within what it published.
        publish_n(&mut publisher, 8);
        assert!((-1..=10).contains(&publisher.min_gating()));
        assert_eq!(reader.try_read(), Ok(None), "cursor {scribbled}");
        reader.flush();
    }
}

#[test]
fn a_held_entry_and_the_producer_cursor_scribbled_together_never_overflow() {
    for scribbled in FAR_AHEAD {
        let (ring, mut publisher) = HeapRing::create(8, named(&["held"]));
        publish_n(&mut publisher, 3);
        let index = ring.table().find(&packed("held")).expect("reserved");
        ring.table()
            .cursor(index)
            .store(scribbled, Ordering::Release);
        ring.view()
            .producer_cursor()
            .store(scribbled, Ordering::Release);
        let (joined, mut reader) = ring
            .join_as(Some("held"), ProcessIdentity::current())
            .expect("its reserved entry");
        assert_eq!(joined.next, MAX_START + 1, "cursor {scribbled}");
        assert_eq!(
            ring.table().cursor(index).load(Ordering::Acquire),
            MAX_START,
            "the entry says where its reader is"
        );
        // The producer clamps the entry to what it published, so it never waits on a cursor from
        // the future — and never overwrites more than a ring's worth beyond what it published.
        publish_n(&mut publisher, 8);
        assert_eq!(publisher.min_gating(), 10);
        assert_eq!(drain(&mut reader, MAX_START + 1), 0);
    }
}
