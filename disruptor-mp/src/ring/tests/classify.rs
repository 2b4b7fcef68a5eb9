//! Stamp classification: what a slot's stamp says about the sequence a reader wants.

use crate::ring::slots::{EMPTY, SlotState, classify};

#[test]
fn a_never_written_slot_is_not_yet_published() {
    for wanted in [0, 1, 7, 1 << 40, i64::MAX - 1] {
        assert_eq!(classify(EMPTY, wanted), SlotState::NotYet);
    }
}

#[test]
fn published_stamps_exhaustively_over_a_window() {
    for wanted in 0..64i64 {
        for stamp in 0..64i64 {
            let expected = match stamp.cmp(&wanted) {
                core::cmp::Ordering::Equal => SlotState::Ready,
                core::cmp::Ordering::Less => SlotState::NotYet,
                core::cmp::Ordering::Greater => SlotState::Overwritten(stamp),
            };
            assert_eq!(
                classify(stamp, wanted),
                expected,
                "stamp {stamp}, wanted {wanted}"
            );
        }
    }
}

#[test]
fn writing_markers_exhaustively_over_a_window() {
    for wanted in 0..64i64 {
        for writing in 0..64i64 {
            // The producer is writing `writing`: the wanted event is not there (yet, or any
            // more). Being written counts as overwritten only for a later sequence.
            let expected = if writing > wanted {
                SlotState::Overwritten(writing)
            } else {
                SlotState::NotYet
            };
            assert_eq!(
                classify(!writing, wanted),
                expected,
                "writing {writing}, wanted {wanted}"
            );
            assert_ne!(classify(!writing, wanted), SlotState::Ready);
        }
    }
}

#[test]
fn extreme_stamps_never_read_as_ready_for_another_sequence() {
    let stamps = [i64::MAX, i64::MAX - 1, -1, -2, i64::MIN + 1, EMPTY, 0, 1];
    let wanted = [0, 1, 2, 1 << 32, i64::MAX - 1, i64::MAX];
    for &stamp in &stamps {
        for &want in &wanted {
            let state = classify(stamp, want);
            assert_eq!(
                state == SlotState::Ready,
                stamp == want,
                "{stamp} for {want}"
            );
            if let SlotState::Overwritten(found) = state {
                assert!(
                    found > want,
                    "{stamp} for {want}: overwritten by a later sequence"
                );
            }
        }
    }
}

#[test]
fn the_slot_cycle_of_one_sequence() {
    // Capacity 4, a reader waiting for 5 in slot 1: the stamps that slot goes through.
    let cycle = [
        (EMPTY, SlotState::NotYet),
        (!1, SlotState::NotYet),
        (1, SlotState::NotYet),
        (!5, SlotState::NotYet),
        (5, SlotState::Ready),
        (!9, SlotState::Overwritten(9)),
        (9, SlotState::Overwritten(9)),
    ];
    for (stamp, expected) in cycle {
        assert_eq!(classify(stamp, 5), expected, "stamp {stamp}");
    }
}
