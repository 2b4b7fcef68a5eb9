//! Reading a ring without joining it: copies of published events, each checked against its
//! slot's stamp (the seqlock of `slots.rs`), for a read-only view that takes no consumer place
//! and writes nothing.

use super::reader::copy_verified;
use super::segment::Segment;
use super::slots::Slots;
use super::slots_of;
use crate::Sequence;
use crate::event::SharedEvent;
use core::mem::MaybeUninit;
use core::sync::atomic::Ordering;

/// A ring's slots, read from outside.
pub(crate) struct Inspector<E: SharedEvent> {
    segment: Segment,
    slots: Slots<E>,
}

impl<E: SharedEvent> Inspector<E> {
    /// Views `segment`, whose plan was validated against `E`.
    pub(crate) fn new(segment: Segment) -> Self {
        let slots = slots_of(&segment);
        Self { segment, slots }
    }

    /// The segment inspected.
    pub(crate) fn segment(&self) -> &Segment {
        &self.segment
    }

    /// A copy of the event of `seq`, if its slot holds it published and it was not overwritten
    /// while being copied.
    pub(crate) fn copy(&self, seq: Sequence) -> Option<E> {
        if seq < 0 || !self.segment.holds_published(seq) {
            return None;
        }
        let mut copy = MaybeUninit::uninit();
        copy_verified(&self.slots, &self.segment, seq, &mut copy).ok()?;
        // SAFETY: `copy_unprotected` wrote every byte of `copy`, and any bytes are a valid `E`
        // (`SharedEvent`); the stamp check accepted it as `seq`'s event.
        Some(unsafe { copy.assume_init() })
    }
}

/// Copies the bytes of `seq`'s event into `out` (as many bytes as `out` holds: the event's size,
/// from the header) without knowing its type: the seqlock of `slots.rs` by hand — the stamp
/// must say `seq` before and after the copy, or the copy is discarded (`false`); in a packed
/// ring, the cursor before and the claim after (`packed.rs`). That catches an
/// overwrite only when the producer marks it (`!seq`), which it does while a non-gating reader
/// is attached; the caller adds its own distance check otherwise (`inspect::RingInspector`).
/// For an inspector that reads any ring; it writes nothing.
pub(crate) fn copy_event_bytes(segment: &Segment, seq: Sequence, out: &mut [u8]) -> bool {
    let plan = segment.plan();
    if seq < 0 || plan.slot_event_offset + out.len() > plan.slot_stride {
        return false;
    }
    if !segment.holds_published(seq) {
        return false;
    }
    let index = (seq as usize) & (plan.capacity - 1);
    let offset = index * plan.slot_stride + plan.slot_event_offset;
    let event = segment.slots_base().as_ptr().wrapping_add(offset);
    for (byte, slot) in out.iter_mut().enumerate() {
        // SAFETY: `index < capacity` and `slot_event_offset + out.len() <= slot_stride` (checked
        // above), so every byte read lies in the slot array, which `Segment::new` checked is
        // mapped for as long as `segment` lives. A byte the producer is rewriting may be torn;
        // the stamp re-check below discards such a copy (any byte is a valid `u8`).
        *slot = unsafe { event.add(byte).read_volatile() };
    }
    if segment.packed() {
        return super::packed::confirm_copy(segment, seq) == super::slots::SlotState::Ready;
    }
    core::sync::atomic::fence(Ordering::Acquire);
    segment.slot_stamp(seq).load(Ordering::Relaxed) == seq
}
