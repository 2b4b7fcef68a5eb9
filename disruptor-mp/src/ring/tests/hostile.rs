//! Hostile peers: cursors and consumer-table entries written by a misbehaving process must never
//! make the producer overwrite an honest reader's unread slot, and never panic.

use super::harness::{DEAD, Ev, HeapRing, drain, event, fill, named, packed, publish_n};
use crate::backend::process::ProcessIdentity;
use crate::ring::consumer_table::EntryState;
use crate::ring::init::Reservations;
use crate::ring::reader::Reader;
use core::sync::atomic::{AtomicU64, Ordering};

/// Cursor values a peer might write.
const HOSTILE_CURSORS: [i64; 7] = [i64::MAX, i64::MAX - 1, 1 << 40, -5, -2, i64::MIN, 0];

#[test]
fn a_hostile_gating_cursor_never_exposes_an_honest_readers_unread_slot() {
    for hostile in HOSTILE_CURSORS {
        let (ring, mut publisher) = HeapRing::create(8, named(&["honest", "peer"]));
        let mut honest = ring.join(Some("honest")).unwrap();
        let _peer = ring.join(Some("peer")).unwrap();
        let peer = ring.table().find(&packed("peer")).unwrap();
        let mut read = 0i64;
        for round in 0..30 {
            ring.table().cursor(peer).store(hostile, Ordering::Release);
            fill(&mut publisher);
            // Whatever the peer claims, the producer stays within one ring of the honest reader.
            let unread = publisher.last_published() + 1 - read;
            assert!(
                (0..=8).contains(&unread),
                "cursor {hostile}, round {round}: {unread} unread"
            );
            let min = publisher.min_gating();
            assert!((-1..=publisher.last_published()).contains(&min));
            let batch = publisher.try_publish_batch(3, |slot, i| *slot = event(-1 - i as i64));
            if let Err(missing) = batch {
                assert!((1..=3).contains(&missing), "shortfall {missing} of 3");
            } else {
                panic!("cursor {hostile}: a batch fit into a full ring");
            }
            // The honest reader sees every event, in order, intact.
            let n = round % 5 + 1;
            for _ in 0..n {
                match honest.try_read().unwrap() {
                    Some((seq, value)) => {
                        assert_eq!((seq, value), (read, event(read)));
                        read += 1;
                    }
                    None => break,
                }
            }
            honest.flush();
        }
        if hostile < 0 {
            // A peer that claims to be behind the start holds the ring, no more.
            assert_eq!(publisher.last_published(), 7, "cursor {hostile}");
        } else {
            assert!(read > 8, "cursor {hostile}: the honest reader set the pace");
        }
        read += drain(&mut honest, read) as i64;
        assert_eq!(read, publisher.last_published() + 1);
    }
}

#[test]
fn a_cursor_moved_backwards_never_makes_more_slots_missing_than_asked_for() {
    let (ring, mut publisher) = HeapRing::create(8, named(&["peer"]));
    let _peer = ring.join(Some("peer")).unwrap();
    let peer = ring.table().find(&packed("peer")).unwrap();
    // The peer first claims to be done with everything, then to be behind the start.
    ring.table().cursor(peer).store(i64::MAX, Ordering::Release);
    publish_n(&mut publisher, 20);
    ring.table().cursor(peer).store(-5, Ordering::Release);
    // Up to the limit cached from the last refresh, then the refresh sees -5 (clamped to -1):
    // fewer than zero slots are free.
    fill(&mut publisher);
    let last = publisher.last_published();
    assert!(last > 7, "published up to {last}");
    let untouched = |_: &mut Ev, _: usize| panic!("a refused batch fills no slot");
    assert_eq!(publisher.try_publish_batch(3, untouched), Err(3));
    assert_eq!(publisher.try_publish(|_| {}), Err(1));
    assert_eq!(publisher.last_published(), last);
}

#[test]
fn a_scribbled_cursor_in_a_held_entry_starts_its_reader_within_what_was_published() {
    for (scribbled, next) in [(i64::MAX, 3), (1 << 40, 3), (3, 3), (-5, 0), (i64::MIN, 0)] {
        let (ring, mut publisher) = HeapRing::create(8, named(&["a"]));
        publish_n(&mut publisher, 3);
        let index = ring.table().find(&packed("a")).unwrap();
        ring.table()
            .cursor(index)
            .store(scribbled, Ordering::Release);
        let (joined, mut reader) = ring.join_as(Some("a"), ProcessIdentity::current()).unwrap();
        assert_eq!(joined.next, next, "cursor {scribbled}");
        // The entry now says what the reader will do, so the producer gates on the truth.
        assert_eq!(
            ring.table().cursor(index).load(Ordering::Acquire),
            next - 1,
            "cursor {scribbled}"
        );
        publish_n(&mut publisher, 2);
        assert_eq!(drain(&mut reader, next), 5 - next as usize);
    }
}

/// Draws shaped for consumer-table words, from a seeded (reproducible) generator.
trait Draws {
    fn small_halves(&mut self) -> u64;
}

impl Draws for fastrand::Rng {
    /// A word whose halves are often small, so that state and role words decode.
    fn small_halves(&mut self) -> u64 {
        let mut half = || match self.u64(..6) {
            0..=3 => self.u64(..4),
            4 => u64::from(u32::MAX),
            _ => self.u64(..) & 0xFFFF_FFFF,
        };
        half() | (half() << 32)
    }
}

const IDS: [&str; 4] = ["x", "ad_0", "ad_1", "y"];

/// Fills entry `index` with garbage of some kind, sometimes on top of a legitimate record.
fn scribble(ring: &HeapRing, index: usize, rng: &mut fastrand::Rng) {
    let words = crate::layout::plan::CONSUMER_ENTRY_SIZE / 8;
    let small = rng.u64(..2) == 0;
    for word in 0..words {
        let value = if small {
            rng.small_halves()
        } else {
            rng.u64(..)
        };
        ring.view()
            .entry_atomic::<AtomicU64>(index, word * 8)
            .store(value, Ordering::Relaxed);
    }
    let table = ring.table();
    match rng.u64(..4) {
        0 => table.reserve_named(index, &packed(IDS[rng.u64(..4) as usize])),
        1 => table.reserve_open(index),
        _ => {}
    }
    if rng.u64(..2) == 0 {
        let cursor = HOSTILE_CURSORS[rng.u64(..HOSTILE_CURSORS.len() as u64) as usize];
        table.cursor(index).store(cursor, Ordering::Release);
    }
}

#[test]
fn a_garbage_consumer_table_fails_joins_cleanly_or_yields_a_valid_entry() {
    let mut rng = fastrand::Rng::with_seed(0x9E37_79B9_7F4A_7C15);
    // Miri runs each round thousands of times slower: a sample of the same stream.
    const ROUNDS: u32 = if cfg!(miri) { 12 } else { 300 };
    let (mut joins, mut failures) = (0, 0);
    for round in 0..ROUNDS {
        let reservations = match round % 3 {
            0 => Reservations::None,
            1 => Reservations::Open(2),
            _ => named(&["x", "y"]),
        };
        let (ring, mut publisher) = HeapRing::create_with(4, 4, reservations, || [0u64; 4]);
        let published = rng.u64(..6) as usize;
        for _ in 0..published {
            let seq = publisher.last_published() + 1;
            // May be refused when reservations gate; either way no panic.
            let _ = publisher.try_publish(|slot| *slot = event(seq));
        }
        for index in 0..ring.table().len() {
            if rng.u64(..3) != 0 {
                scribble(&ring, index, &mut rng);
            }
        }
        // Make the producer notice the scribbles, as it would after any join or leave.
        ring.view()
            .table_generation()
            .fetch_add(1, Ordering::AcqRel);
        let mut honest: Vec<(i64, Reader<Ev>)> = Vec::new();
        for attempt in 0..4 {
            let id = match rng.u64(..5) {
                4 => None,
                k => Some(IDS[k as usize]),
            };
            let me = if attempt == 3 {
                DEAD
            } else {
                ProcessIdentity::current()
            };
            match ring.join_as(id, me) {
                Ok((joined, reader)) => {
                    joins += 1;
                    let table = ring.table();
                    assert!(joined.index < table.len());
                    assert_eq!(table.state(joined.index), Some(EntryState::Active));
                    assert_eq!(table.epoch(joined.index), joined.epoch);
                    let cursor = publisher.last_published();
                    assert!(
                        (0..=cursor + 1).contains(&joined.next),
                        "round {round}: joined at {} with the producer at {cursor}",
                        joined.next
                    );
                    if let Some(id) = id {
                        assert_eq!(joined.id, id);
                    }
                    if joined.gating {
                        honest.push((joined.next, reader));
                    }
                }
                Err(_) => failures += 1,
            }
        }
        // The producer runs on; every honest gating reader still sees its events intact.
        for _ in 0..3 {
            for _ in 0..16 {
                let seq = publisher.last_published() + 1;
                if publisher.try_publish(|slot| *slot = event(seq)).is_err() {
                    break;
                }
            }
            let min = publisher.min_gating();
            assert!((-1..=publisher.last_published()).contains(&min));
            for (next, reader) in &mut honest {
                *next += drain_lenient(reader, *next) as i64;
            }
        }
    }
    assert!(
        joins > ROUNDS / 3 && failures >= ROUNDS / 30,
        "{joins} joins, {failures} failures"
    );
}

/// Like `drain`, but a gating reader whose entry a peer corrupted may be lapped: that is an
/// error, never a wrong event.
fn drain_lenient(reader: &mut Reader<Ev>, from: i64) -> usize {
    let mut expected = from;
    while let Ok(Some((seq, value))) = reader.try_read() {
        assert_eq!((seq, value), (expected, event(expected)));
        expected += 1;
    }
    reader.flush();
    (expected - from) as usize
}
