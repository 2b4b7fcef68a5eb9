//! Slots and cursors over a mapped region: the sequencing core, and the only place that turns a
//! sequence into `&E` or `&mut E`.
//!
//! Orderings are documented where each atomic is used: `slots.rs` (stamps, seqlock),
//! `publisher.rs` (the producer cursor, a lower bound stored now and then), `sequencer.rs`
//! (producer gating refresh), `consumer_table.rs` (joins and leaves); every atomic
//! and fence comes from `sync.rs`, the seam that lets loom check this code (`scripts/loom.sh`).

pub(crate) mod attach;
pub(crate) mod batch;
pub(crate) mod consumer_table;
pub(crate) mod counters;
pub(crate) mod init;
pub(crate) mod inspect;
pub(crate) mod lease;
pub(crate) mod packed;
pub(crate) mod publisher;
pub(crate) mod reader;
pub(crate) mod segment;
pub(crate) mod sequencer;
pub(crate) mod slots;
pub(crate) mod sync;
#[cfg(test)]
mod tests;
pub(crate) mod wakeup;

use crate::event::SharedEvent;
use segment::Segment;
use slots::Slots;

/// The typed slot array of `segment`, whose plan was built for `E`'s layout (by the creator) or
/// validated against it (by an attacher).
pub(crate) fn slots_of<E: SharedEvent>(segment: &Segment) -> Slots<E> {
    let plan = segment.plan();
    assert!(
        plan.slot_event_offset + core::mem::size_of::<E>() <= plan.slot_stride
            && plan
                .slot_event_offset
                .is_multiple_of(core::mem::align_of::<E>().max(8))
            && plan
                .slot_stride
                .is_multiple_of(core::mem::align_of::<E>().max(8)),
        "segment plan does not fit the event type"
    );
    // SAFETY: the plan was computed for `E` (size and alignment checked just above, and the slot
    // base is aligned to max(align, 128) by `SegmentPlan::new`); `Segment::new` checked that the
    // region covers `total_size`, which includes `capacity * stride` bytes from `slots_offset`.
    // Callers store the returned view next to the segment, which outlives it.
    unsafe {
        Slots::new(
            segment.slots_base(),
            plan.capacity,
            plan.slot_stride,
            plan.slot_event_offset,
        )
    }
}
