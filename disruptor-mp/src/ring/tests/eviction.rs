//! Evicting a live gating reader: only on a ring whose readers read by verified copy, with every
//! overwrite marked; the evicted reader's reads say so, its cursor stops moving, and its id
//! joins afresh once told.

use super::harness::{HeapRing, event, me, named, packed, publish_n};
use crate::ring::consumer_table::{EntryState, Evict, JoinError};
use crate::ring::reader::Lapped;
use core::sync::atomic::Ordering;

#[test]
fn an_evictable_ring_marks_every_overwrite_even_when_every_reader_gates() {
    for (evictable, marked) in [(false, false), (true, true)] {
        let reservations = named(&["a"]);
        let (ring, mut publisher) = if evictable {
            HeapRing::create_evictable(4, reservations)
        } else {
            HeapRing::create(4, reservations)
        };
        let mut reader = ring.join(Some("a")).unwrap();
        publish_n(&mut publisher, 4);
        while reader.try_read().unwrap().is_some() {}
        reader.flush();
        // Sequence 4 overwrites sequence 0: while it is written, what does its stamp say?
        let mut seen = 0;
        publisher
            .try_publish(|slot| {
                seen = ring.view().slot_stamp(4).load(Ordering::Acquire);
                *slot = event(4);
            })
            .unwrap();
        assert_eq!(seen == !4, marked, "evictable {evictable}: stamp {seen}");
    }
}

#[test]
fn a_live_reader_in_place_is_never_evicted_but_an_absent_one_is() {
    let (ring, _publisher) = HeapRing::create(4, named(&["here", "away"]));
    let here = ring.join(Some("here")).unwrap();
    let table = ring.table();
    let index = |id| table.find(&packed(id)).unwrap();
    assert_eq!(table.evict(index("here"), Evict::HoldingBack, me()), None);
    assert_eq!(table.evict(index("away"), Evict::Dead, me()), None);
    assert_eq!(
        table.evict(index("away"), Evict::HoldingBack, me()),
        Some(-1),
        "a reserved place nobody reads from can go"
    );
    assert!(table.gates(index("here")));
    assert_eq!(table.state(index("away")), Some(EntryState::Evicted));
    drop(here);
}

#[test]
fn an_evicted_reader_is_told_by_every_read_and_its_id_then_joins_afresh() {
    let (ring, mut publisher) = HeapRing::create_evictable(4, named(&["a"]));
    let mut reader = ring.join(Some("a")).unwrap();
    publish_n(&mut publisher, 2);
    assert_eq!(reader.try_read().unwrap().map(|(seq, _)| seq), Some(0));
    reader.flush();
    let table = ring.table();
    let index = table.find(&packed("a")).unwrap();
    assert_eq!(table.evict(index, Evict::HoldingBack, me()), Some(0));
    assert!(!table.gates(index));
    // The ring moves on past the evicted reader: sequence 1 is overwritten by 5.
    publish_n(&mut publisher, 6);
    let evicted = Lapped {
        expected: 1,
        found: 5,
        evicted: true,
    };
    assert_eq!(reader.try_read(), Err(evicted));
    assert_eq!(reader.try_lease().err(), Some(evicted));
    assert_eq!(
        reader.visit_available(10, true, |_, _| panic!("no data")),
        (0, Some(evicted))
    );
    assert_eq!(reader.evicted(), Some(0));
    // Told: dropping it releases the entry, and the id joins as a new reader, after the
    // producer, gating again.
    drop(reader);
    let (joined, _again) = ring.join_as(Some("a"), me()).unwrap();
    assert_eq!(joined.next, 8);
    assert!(joined.gating);
}

#[test]
fn an_evicted_reader_stops_moving_its_cursor_and_an_untold_id_is_told_at_its_next_join() {
    let (ring, mut publisher) = HeapRing::create_evictable(8, named(&["a"]));
    let mut reader = ring.join(Some("a")).unwrap();
    publish_n(&mut publisher, 3);
    let table = ring.table();
    let index = table.find(&packed("a")).unwrap();
    assert_eq!(table.evict(index, Evict::HoldingBack, me()), Some(-1));
    // Not lapped yet: the events are still intact, and read as such...
    assert_eq!(reader.try_read().unwrap().map(|(seq, _)| seq), Some(0));
    reader.flush();
    // ...but the entry is no longer its own: the cursor stays where the eviction left it.
    assert_eq!(table.cursor(index).load(Ordering::Acquire), -1);
    assert_eq!(reader.evicted(), Some(0));
    // A process that dies evicted (here: a handle dropped without the caller being told of
    // it) leaves the news for the next join with its id, once.
    let (ring, mut publisher) = HeapRing::create_evictable(8, named(&["b"]));
    let reader = ring.join(Some("b")).unwrap();
    publish_n(&mut publisher, 1);
    let table = ring.table();
    let index = table.find(&packed("b")).unwrap();
    assert_eq!(table.evict(index, Evict::HoldingBack, me()), Some(-1));
    drop(reader);
    assert_eq!(
        ring.join(Some("b")).err(),
        Some(JoinError::Evicted { last_sequence: -1 })
    );
    let (joined, _b) = ring.join_as(Some("b"), me()).unwrap();
    assert_eq!(joined.next, 1);
}
