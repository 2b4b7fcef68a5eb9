//! The seqlock that protects non-gating readers: a copy is accepted only if the slot's stamp
//! still names the wanted sequence after the copy.

use super::harness::{Ev, HeapRing, event, publish_n};
use crate::SharedEvent;
use crate::ring::init::Reservations;
use crate::ring::reader::Lapped;
use crate::ring::slots::{SlotState, Slots};
use crate::ring::slots_of;
use core::mem::MaybeUninit;
use core::sync::atomic::{AtomicBool, AtomicI64, Ordering};
use std::time::{Duration, Instant};

/// A chunked copy of `seq`'s slot, on the stack (small events only), over a pattern the copy
/// must overwrite whole.
fn copy<E: SharedEvent>(slots: &Slots<E>, seq: i64, pattern: E) -> E {
    let mut out = MaybeUninit::new(pattern);
    slots.copy_unprotected(seq, &mut out);
    // SAFETY: `out` was initialised with `pattern` and the copy overwrote bytes of it, and any
    // bytes are a valid `E` (`SharedEvent`).
    unsafe { out.assume_init() }
}

/// Publishes `values` into a fresh ring of `E` and checks the chunked copy of each slot returns
/// exactly it, for a size that is not a multiple of 8 (a byte tail) or not 8-aligned.
fn copies_exactly<E: SharedEvent + PartialEq + core::fmt::Debug>(values: [E; 2], pattern: E) {
    let (ring, mut publisher) = HeapRing::<E>::create_with(2, 4, Reservations::None, || pattern);
    let slots = slots_of::<E>(ring.view());
    for value in values {
        publisher
            .try_publish(|slot| *slot = value)
            .expect("nothing gates");
    }
    for (seq, value) in values.into_iter().enumerate() {
        assert_eq!(copy(&slots, seq as i64, pattern), value);
        assert_eq!(slots.confirm_copy(seq as i64), SlotState::Ready);
    }
}

#[test]
fn the_chunked_copy_copies_every_byte_of_any_size() {
    copies_exactly::<[u8; 13]>([[1; 13], core::array::from_fn(|i| i as u8 + 1)], [0xee; 13]);
    copies_exactly::<[u16; 3]>([[7, 8, 9], [u16::MAX, 0, 1]], [0xeeee; 3]);
    copies_exactly::<[u32; 5]>([[1, 2, 3, 4, 5], [u32::MAX; 5]], [0xeeee_eeee; 5]);
    copies_exactly::<[u64; 33]>(
        [[3; 33], core::array::from_fn(|i| i as u64)],
        [u64::MAX; 33],
    );
}

#[test]
fn a_copy_is_rejected_when_the_slot_changed_under_it() {
    let (ring, mut publisher) = HeapRing::create(4, Reservations::None);
    let slots = slots_of::<Ev>(ring.view());
    publish_n(&mut publisher, 1);
    assert_eq!(copy(&slots, 0, [9; 4]), event(0));
    assert_eq!(slots.confirm_copy(0), SlotState::Ready);

    // The producer laps the slot between the copy and the check.
    let stale = copy(&slots, 0, [9; 4]);
    assert_eq!(stale, event(0));
    publish_n(&mut publisher, 4);
    assert_eq!(slots.confirm_copy(0), SlotState::Overwritten(4));

    // The producer is in the middle of writing a later sequence.
    let _ = copy(&slots, 4, [9; 4]);
    slots.stamp(8).store(!8, Ordering::Release);
    assert_eq!(slots.confirm_copy(4), SlotState::Overwritten(8));
}

#[test]
fn a_slot_marked_as_being_written_is_never_read() {
    let (ring, mut publisher) = HeapRing::create(4, Reservations::None);
    let mut reader = ring.join(None).unwrap();
    let slots = slots_of::<Ev>(ring.view());
    publish_n(&mut publisher, 1);
    // A writer's marker for the wanted sequence itself (a producer re-writing it): never data.
    slots.stamp(0).store(!0, Ordering::Release);
    assert_eq!(reader.try_read(), Ok(None));
    slots.stamp(0).store(0, Ordering::Release);
    assert_eq!(reader.try_read(), Ok(Some((0, event(0)))));
}

/// Equal words, many of them: a copy takes long enough for the producer to overwrite the slot
/// during it, and any mix of two sequences shows.
type Wide = [u64; 256];

/// Sets the flag when dropped, so the producer thread stops even if the reader panics.
struct StopOnDrop<'a>(&'a AtomicBool);

impl Drop for StopOnDrop<'_> {
    fn drop(&mut self) {
        self.0.store(true, Ordering::Release);
    }
}

#[test]
#[cfg_attr(
    miri,
    ignore = "the seqlock copy races the producer's write by design; Miri reports that race"
)]
fn a_racing_plain_reader_never_returns_a_torn_or_wrong_event() {
    let (ring, mut publisher) =
        HeapRing::<Wide>::create_with(2, 4, Reservations::None, || [0; 256]);
    let stop = AtomicBool::new(false);
    let reader_at = AtomicI64::new(0);
    let started = Instant::now();
    let (accepted, laps) = std::thread::scope(|scope| {
        scope.spawn(|| {
            let mut seq = 0i64;
            while !stop.load(Ordering::Acquire) && started.elapsed() < Duration::from_secs(12) {
                publisher
                    .try_publish(|slot| slot.iter_mut().for_each(|word| *word = seq as u64))
                    .expect("nothing gates");
                seq += 1;
                if seq % 64 < 16 {
                    // Lockstep half: wait (boundedly) for the reader to take each event, so it
                    // reads whatever the scheduling. The other half is a burst that laps it on
                    // a ring of two, overwriting slots while it copies them.
                    let pause = Instant::now();
                    while reader_at.load(Ordering::Acquire) < seq
                        && !stop.load(Ordering::Acquire)
                        && pause.elapsed() < Duration::from_millis(5)
                    {
                        std::thread::yield_now();
                    }
                }
            }
        });
        let _stop = StopOnDrop(&stop);
        let mut reader = ring.join(None).unwrap();
        let (mut accepted, mut laps) = (0u64, 0u64);
        let mut expected = reader.next();
        // Counts, not time, end the race: the machine may be busy. The deadline only bounds a
        // failure.
        while (accepted < 2_000 || laps < 10) && started.elapsed() < Duration::from_secs(10) {
            match reader.try_read() {
                Ok(Some((seq, value))) => {
                    assert_eq!(seq, expected, "in order");
                    assert!(
                        value.iter().all(|&word| word == seq as u64),
                        "sequence {seq} intact"
                    );
                    expected += 1;
                    accepted += 1;
                }
                Ok(None) => std::hint::spin_loop(),
                Err(Lapped {
                    expected: at,
                    found,
                    ..
                }) => {
                    assert_eq!(at, expected);
                    assert!(found > at);
                    laps += 1;
                    // Start over after the producer, as a fresh plain consumer would.
                    drop(reader);
                    reader = ring.join(None).unwrap();
                    assert!(reader.next() > at);
                    expected = reader.next();
                }
            }
            reader_at.store(expected, Ordering::Release);
        }
        (accepted, laps)
    });
    assert!(accepted > 0 && laps > 0, "{accepted} read, {laps} laps");
}
