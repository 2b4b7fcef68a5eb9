//! Joining the consumer table: ids in use, takeover from a dead owner, a full table, a dead lock
//! holder, and where a joiner starts reading.

use super::harness::{DEAD, HeapRing, drain, event, fill, named, publish_n};
use crate::backend::process::ProcessIdentity;
use crate::ring::consumer_table::{EntryState, JoinError};
use crate::ring::init::Reservations;
use core::sync::atomic::Ordering;
use std::time::{Duration, Instant};

#[test]
fn an_id_owned_by_a_live_process_is_in_use() {
    let (ring, _publisher) = HeapRing::create(4, named(&["a"]));
    let _first = ring.join(Some("a")).unwrap();
    assert_eq!(
        ring.join(Some("a")).err(),
        Some(JoinError::IdInUse {
            pid: std::process::id()
        })
    );
    // An unreserved id is just as exclusive once someone holds it.
    let _b = ring.join(Some("b")).unwrap();
    assert!(matches!(
        ring.join(Some("b")),
        Err(JoinError::IdInUse { .. })
    ));
}

#[test]
fn a_dead_owners_entry_is_taken_over_from_its_cursor() {
    let (ring, mut publisher) = HeapRing::create(8, named(&["a"]));
    let (dead_join, mut dead_reader) = ring.join_as(Some("a"), DEAD).unwrap();
    assert_eq!(ring.table().owner(dead_join.index), DEAD);
    publish_n(&mut publisher, 6);
    // The owner reads five events and "dies" before storing the last batch: with
    // flush_every = 2 its stored cursor is 3.
    for seq in 0..5 {
        assert_eq!(dead_reader.try_read(), Ok(Some((seq, event(seq)))));
    }
    let stored = ring.table().cursor(dead_join.index).load(Ordering::Acquire);
    assert_eq!(stored, 3);
    // The producer keeps gating on the dead owner's entry: 3 + 8 - 5 = 6 more fit.
    assert_eq!(fill(&mut publisher), 6);

    let (joined, mut reader) = ring.join_as(Some("a"), ProcessIdentity::current()).unwrap();
    assert_eq!(joined.index, dead_join.index);
    assert_eq!(
        joined.next, 4,
        "resumes after the dead owner's stored cursor"
    );
    assert_eq!(joined.epoch, dead_join.epoch + 1);
    assert!(joined.gating);
    assert_eq!(
        drain(&mut reader, 4),
        8,
        "4..=11: nothing after the cursor was lost"
    );
    // The presumed-dead owner's handle going away later must neither release the new owner's
    // entry nor move its cursor.
    let cursor = ring.table().cursor(joined.index).load(Ordering::Acquire);
    assert_eq!(cursor, 11);
    drop(dead_reader);
    assert_eq!(
        ring.table().cursor(joined.index).load(Ordering::Acquire),
        cursor
    );
    assert_eq!(ring.table().state(joined.index), Some(EntryState::Active));
    assert!(ring.table().gates(joined.index));
    drop(reader);
    assert_eq!(
        ring.table().state(joined.index),
        Some(EntryState::Reserved),
        "a named place outlives its handle"
    );
}

#[test]
fn a_full_table_refuses_joins() {
    let (ring, _publisher) = HeapRing::create_with(4, 2, Reservations::None, || [0u64; 4]);
    let _a = ring.join(Some("a")).unwrap();
    let _b = ring.join(None).unwrap();
    assert_eq!(ring.join(Some("c")).err(), Some(JoinError::TableFull));
    assert_eq!(ring.join(None).err(), Some(JoinError::TableFull));
    drop(_b);
    // A plain entry that was left is reused.
    assert!(ring.join(None).is_ok());
}

#[test]
fn a_join_lock_held_by_a_dead_process_is_broken() {
    let (ring, _publisher) = HeapRing::create(4, named(&["a"]));
    ring.view()
        .join_lock()
        .store((u64::from(DEAD.pid) << 32) | 1, Ordering::Release);
    let started = Instant::now();
    let reader = ring.join(Some("a")).unwrap();
    assert!(started.elapsed() < Duration::from_secs(1));
    assert_eq!(ring.view().join_lock().load(Ordering::Acquire), 0);
    drop(reader);
}

#[test]
fn a_late_plain_joiner_starts_after_the_last_published_event() {
    let (ring, mut publisher) = HeapRing::create(4, Reservations::None);
    publish_n(&mut publisher, 7);
    assert!(
        ring.view().producer_cursor().load(Ordering::Acquire) < 6,
        "single publishes leave the cursor behind (stored at refreshes)"
    );
    let (joined, mut reader) = ring.join_as(None, ProcessIdentity::current()).unwrap();
    assert_eq!(joined.next, 7);
    assert!(!joined.gating);
    assert_eq!(ring.table().cursor(joined.index).load(Ordering::Acquire), 6);
    assert_eq!(
        reader.try_read(),
        Ok(None),
        "nothing published since the join"
    );
    publish_n(&mut publisher, 2);
    assert_eq!(reader.try_read(), Ok(Some((7, event(7)))));
    assert_eq!(reader.try_read(), Ok(Some((8, event(8)))));
}

#[test]
fn a_reserved_named_joiner_starts_at_the_first_event_however_late() {
    let (ring, mut publisher) = HeapRing::create(4, named(&["a"]));
    publish_n(&mut publisher, 3);
    let (joined, mut reader) = ring.join_as(Some("a"), ProcessIdentity::current()).unwrap();
    assert_eq!((joined.next, joined.gating), (0, true));
    assert_eq!(drain(&mut reader, 0), 3);
}

#[test]
fn a_named_consumer_that_gave_up_its_place_rejoins_late_and_gates() {
    let (ring, mut publisher) = HeapRing::create(4, named(&["a"]));
    let reader = ring.join(Some("a")).unwrap();
    reader.give_up();
    publish_n(&mut publisher, 10);
    let (joined, mut reader) = ring.join_as(Some("a"), ProcessIdentity::current()).unwrap();
    assert_eq!((joined.next, joined.gating), (10, true));
    assert_eq!(fill(&mut publisher), 4);
    assert_eq!(drain(&mut reader, 10), 4);
}

/// A PID namespace id that is not this process's (0 if this process's is unknown).
fn other_ns() -> u64 {
    match crate::backend::process::current_pid_ns() {
        0 => 0,
        here => here ^ 1,
    }
}

#[test]
fn an_owner_in_another_pid_namespace_is_never_taken_over() {
    let foreign = ProcessIdentity {
        pid_ns: other_ns(),
        ..DEAD
    };
    if foreign.pid_ns == 0 {
        eprintln!("skipped: /proc/self/ns/pid unreadable");
        return;
    }
    let (ring, _publisher) = HeapRing::create(8, named(&["a"]));
    let (joined, _reader) = ring.join_as(Some("a"), foreign).unwrap();
    assert_eq!(ring.table().owner(joined.index), foreign);
    // Its pid names no process here, but it was recorded in another namespace: unknown, alive.
    assert_eq!(
        ring.join_as(Some("a"), ProcessIdentity::current()).err(),
        Some(JoinError::IdInUse { pid: DEAD.pid })
    );
}

#[test]
fn the_join_lock_word_carries_the_holders_pid_namespace() {
    use crate::ring::consumer_table::lock::{lock_holder, lock_word};
    let me = ProcessIdentity::current();
    let word = lock_word(me);
    assert_ne!(word, 0);
    let holder = lock_holder(word);
    assert_eq!((holder.pid, holder.pid_ns), (me.pid, me.pid_ns));
    // What older versions wrote (`pid << 32 | 1`) decodes as "namespace unknown".
    assert_eq!(lock_holder((u64::from(DEAD.pid) << 32) | 1).pid_ns, 0);
    // A namespace id that does not fit the word is recorded as unknown.
    let wide = ProcessIdentity {
        pid_ns: 1 << 40,
        ..me
    };
    assert_eq!(lock_holder(lock_word(wide)).pid_ns, 0);
}

#[test]
fn a_join_lock_held_in_another_pid_namespace_is_not_broken() {
    let ns = other_ns();
    if ns == 0 || u32::try_from(ns).is_err() {
        eprintln!("skipped: this process's PID namespace id is unknown or wider than 32 bits");
        return;
    }
    let (ring, _publisher) = HeapRing::create(4, named(&["a"]));
    let held = (u64::from(DEAD.pid) << 32) | ns;
    ring.view().join_lock().store(held, Ordering::Release);
    assert!(matches!(
        ring.join(Some("a")),
        Err(JoinError::LockTimeout { .. })
    ));
    assert_eq!(ring.view().join_lock().load(Ordering::Acquire), held);
}
