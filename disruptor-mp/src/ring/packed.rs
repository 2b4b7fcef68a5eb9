//! The packed layout's slot access ([`crate::SlotLayout::Packed`]): events at their natural
//! stride with no word per slot, so what is published is learned from the producer cursor, and
//! a reader the producer does not wait for detects a lap by re-reading a cursor after its copy
//! (the classic seqlock-by-cursor). Everything else — claiming, gating, joining, releasing — is
//! the same engine as the stamped layout's; only these few accesses differ.
//!
//! Orderings:
//! - Publishing: the producer writes the events, then stores the producer cursor with Release
//!   (on every single publish, and once per batch). A reader that loads the cursor with Acquire
//!   and sees `c` may read every event up to `c`.
//! - Overwriting, while a reader the producer does not wait for may be copying: the producer
//!   first stores the last sequence it is about to write to the claim word (Relaxed), then a
//!   Release fence, then the events. Such a reader copies the event, issues an Acquire fence and
//!   loads the claim and the cursor: if its copy saw any byte of a later lap's write, the fence
//!   pair makes that load see a claim at least one ring ahead, and the copy is discarded. As
//!   with stamps, the claim is stored only while such a reader is attached (see
//!   `Sequencer::marks_overwrites`): a reader that joins later starts after anything the
//!   producer may overwrite before its next refresh, which turns the claims on.

use super::segment::Segment;
use super::slots::SlotState;
use super::sync::fence;
use crate::Sequence;
use core::sync::atomic::Ordering;

/// What `bound` — the cursor, or the larger of cursor and claim — says about `wanted`, in a ring
/// of `capacity` slots: not yet published, published and still in its slot, or overwritten (by
/// the latest lap of `wanted`'s slot that `bound` reaches).
#[inline(always)]
pub(crate) fn classify(bound: Sequence, wanted: Sequence, capacity: Sequence) -> SlotState {
    if bound < wanted {
        SlotState::NotYet
    } else if bound - wanted < capacity {
        SlotState::Ready
    } else {
        let laps = (bound - wanted) / capacity;
        SlotState::Overwritten(wanted + laps * capacity)
    }
}

/// What the producer cursor (Acquire) says about `wanted`.
#[inline(always)]
pub(crate) fn state(segment: &Segment, wanted: Sequence) -> SlotState {
    let capacity = segment.plan().capacity as Sequence;
    classify(
        segment.producer_cursor().load(Ordering::Acquire),
        wanted,
        capacity,
    )
}

/// Whether a copy of `seq` taken after [`state`] showed it `Ready` is intact: no write of a
/// later lap of its slot began before the copy ended (see the module's orderings).
#[inline]
pub(crate) fn confirm_copy(segment: &Segment, seq: Sequence) -> SlotState {
    fence(Ordering::Acquire);
    let capacity = segment.plan().capacity as Sequence;
    let claim = segment.producer_claim().load(Ordering::Relaxed);
    let cursor = segment.producer_cursor().load(Ordering::Relaxed);
    match classify(claim.max(cursor), seq, capacity) {
        // The copy began after `seq` was seen published, so "not yet" means a scribbled word.
        SlotState::NotYet => SlotState::Overwritten(seq),
        state => state,
    }
}

/// Announces that the producer is about to write sequences up to `last`, before it writes
/// them, for readers it does not wait for (see the module's orderings).
#[inline]
pub(crate) fn announce(segment: &Segment, last: Sequence) {
    segment.producer_claim().store(last, Ordering::Relaxed);
    fence(Ordering::Release);
}

/// Publishes every sequence up to `last`, whose events are written: the cursor, with Release.
#[inline(always)]
pub(crate) fn publish(segment: &Segment, last: Sequence) {
    segment.producer_cursor().store(last, Ordering::Release);
}

/// The oldest sequence a packed ring whose last published sequence is `published` still holds,
/// for a reader that resumes at the oldest: one ring behind the cursor, or behind the claim if
/// a write of a later lap is in flight (the claim is ahead of the cursor only then).
pub(crate) fn oldest_held(segment: &Segment, published: Sequence) -> Sequence {
    let capacity = segment.plan().capacity as Sequence;
    let claim = segment.producer_claim().load(Ordering::Acquire);
    published.max(claim.min(published.saturating_add(capacity))) - capacity + 1
}
