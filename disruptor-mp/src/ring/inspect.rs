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
        if seq < 0 || self.slots.stamp(seq).load(Ordering::Acquire) != seq {
            return None;
        }
        let mut copy = MaybeUninit::uninit();
        copy_verified(&self.slots, seq, &mut copy).ok()?;
        // SAFETY: `copy_unprotected` wrote every byte of `copy`, and any bytes are a valid `E`
        // (`SharedEvent`); the stamp check accepted it as `seq`'s event.
        Some(unsafe { copy.assume_init() })
    }
}
