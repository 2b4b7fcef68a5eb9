//! Consumer places across crashes and restarts: a dropped reserved place keeps its cursor, a dead
//! owner's place is taken by the next joiner that may have it, and the dead are not counted.

use super::harness::{DEAD, HeapRing, drain, fill, named, publish_n};
use crate::ring::consumer_table::{EntryState, JoinError, Role};
use crate::ring::init::Reservations;
use core::sync::atomic::Ordering;

#[test]
fn a_dropped_reserved_reader_keeps_its_place_and_resumes_after_its_last_event() {
    let (ring, mut publisher) = HeapRing::create(8, named(&["a"]));
    let mut reader = ring.join(Some("a")).unwrap();
    publish_n(&mut publisher, 6);
    // Five read; with flush_every = 2 the stored cursor lags at 3 until the drop stores 4.
    for seq in 0..5 {
        assert_eq!(reader.try_read().unwrap().map(|(s, _)| s), Some(seq));
    }
    let index = ring.table().find(&super::harness::packed("a")).unwrap();
    drop(reader);
    assert_eq!(ring.table().state(index), Some(EntryState::Reserved));
    assert_eq!(ring.table().cursor(index).load(Ordering::Acquire), 4);
    assert!(
        ring.table().gates(index),
        "the producer still holds its events"
    );
    assert_eq!(ring.table().awaited_ids(), ["a"]);
    assert!(ring.table().unattached_reservation_behind(5));
    // 4 + 8 = 12 is the last sequence the producer may write: 6..=12.
    assert_eq!(fill(&mut publisher), 7);

    let mut reader = ring.join(Some("a")).unwrap();
    assert_eq!(reader.next(), 5, "resumes after the last event it released");
    assert_eq!(
        drain(&mut reader, 5),
        8,
        "5..=12, nothing skipped or repeated"
    );
}

#[test]
fn an_abandoned_open_place_goes_to_the_next_joiner_from_its_cursor() {
    let (ring, mut publisher) = HeapRing::create(8, Reservations::Open(1));
    let (dead, mut dead_reader) = ring.join_as(None, DEAD).unwrap();
    assert_eq!(dead.role, Role::Open);
    publish_n(&mut publisher, 8);
    for seq in 0..7 {
        assert_eq!(dead_reader.try_read().unwrap().map(|(s, _)| s), Some(seq));
    }
    // It "died" having read 0..=6 and stored its cursor at 5 (it stores every 2 events).
    assert_eq!(ring.table().cursor(dead.index).load(Ordering::Acquire), 5);
    assert_eq!(fill(&mut publisher), 6, "it still gates: 8..=13");
    assert!(ring.table().abandoned(dead.index));

    let (joined, mut reader) = ring.join_as(None, super::harness::me()).unwrap();
    assert_eq!(
        joined.index, dead.index,
        "the dead owner's open place, not a plain one"
    );
    assert_eq!(
        (joined.role, joined.gating, joined.next),
        (Role::Open, true, 6)
    );
    assert_eq!(joined.epoch, dead.epoch + 1);
    assert_eq!(
        drain(&mut reader, 6),
        8,
        "at least once: 6 again, then 7..=13"
    );
    drop(dead_reader); // the presumed-dead handle cannot release the new owner's place
    assert_eq!(ring.table().state(joined.index), Some(EntryState::Active));
}

#[test]
fn a_dead_plain_readers_entry_is_reclaimed_when_the_table_is_full() {
    let (ring, _publisher) = HeapRing::create_with(4, 2, Reservations::None, || [0u64; 4]);
    let _dead: Vec<_> = (0..2).map(|_| ring.join_as(None, DEAD).unwrap()).collect();
    let (joined, _reader) = ring.join_as(None, super::harness::me()).unwrap();
    assert_eq!((joined.role, joined.gating), (Role::Plain, false));
    assert!(joined.index < 2);
}

#[test]
fn a_dead_named_place_waits_for_its_own_id_only() {
    let (ring, _publisher) = HeapRing::create_with(4, 1, named(&["a"]), || [0u64; 4]);
    let (dead, _dead_reader) = ring.join_as(Some("a"), DEAD).unwrap();
    assert_eq!(ring.join(None).err(), Some(JoinError::TableFull));
    assert_eq!(ring.join(Some("b")).err(), Some(JoinError::TableFull));
    let (joined, _reader) = ring.join_as(Some("a"), super::harness::me()).unwrap();
    assert_eq!((joined.index, joined.role), (dead.index, Role::Named));
}

#[test]
fn the_dead_are_not_counted_as_attached() {
    let (ring, _publisher) = HeapRing::create(4, named(&["a", "b"]));
    let _alive = ring.join(Some("a")).unwrap();
    let _dead_named = ring.join_as(Some("b"), DEAD).unwrap();
    let _dead_plain = ring.join_as(None, DEAD).unwrap();
    let table = ring.table();
    assert_eq!(table.active_count(), 1);
    assert_eq!(table.attached_gating_count(), 1);
    assert_eq!(
        table.gating_count(),
        2,
        "the dead consumer's events are still held"
    );
    assert_eq!(table.awaited_ids(), ["b"]);
    assert!(table.unattached_reservation_behind(0));
}

#[test]
fn giving_a_place_up_releases_it_and_a_later_drop_changes_nothing() {
    let (ring, mut publisher) = HeapRing::create(4, named(&["a"]));
    let (joined, reader) = ring.join_as(Some("a"), super::harness::me()).unwrap();
    reader.give_up();
    assert_eq!(ring.table().state(joined.index), Some(EntryState::Left));
    assert_eq!(ring.table().epoch(joined.index), joined.epoch + 1);
    assert!(!ring.table().gates(joined.index));
    assert_eq!(publisher.gating_count(), 0);
    publish_n(&mut publisher, 12); // three rings' worth: nothing held for "a" any more
}
