//! A valid header description to mutate, and the expectation that accepts it.

use crate::backend::process::ProcessIdentity;
use crate::error::AttachError;
use crate::event::{EventLayout, FieldLayout, SharedEvent};
use crate::layout::validate::{Expectation, validate};
use crate::layout::{HeaderDescription, SegmentPlan};
use crate::ring::init::describe;

/// A two-field event, so the segment has a field table in front of the consumer table.
pub(super) static TICK: EventLayout = EventLayout::structure(
    "Tick",
    16,
    8,
    &[
        FieldLayout::new("sequence", 0, &<u64 as SharedEvent>::LAYOUT),
        FieldLayout::new("price", 8, &<f64 as SharedEvent>::LAYOUT),
    ],
);

/// Capacity of the fixture segment.
pub(super) const CAPACITY: usize = 64;
/// Consumer-table entries of the fixture segment.
pub(super) const CONSUMERS: usize = 8;

/// The plan of the fixture segment.
pub(super) fn plan() -> SegmentPlan {
    SegmentPlan::new(
        16,
        8,
        2,
        CAPACITY as u64,
        CONSUMERS as u64,
        crate::layout::SlotLayout::Stamped,
    )
    .expect("valid fixture plan")
}

/// The header a producer of the fixture segment writes.
pub(super) fn description() -> HeaderDescription {
    describe(&TICK, &plan(), ProcessIdentity::current(), false)
}

/// Validates `desc` against a mapping of `len` bytes, expecting [`TICK`] and [`CAPACITY`].
pub(super) fn check(desc: &HeaderDescription, len: usize) -> Result<SegmentPlan, AttachError> {
    validate(
        "fixture",
        desc,
        len,
        Expectation {
            layout: &TICK,
            capacity: CAPACITY,
        },
    )
}

/// Validates the fixture header after `mutate`, against a mapping of the planned size.
pub(super) fn mutated(
    mutate: impl FnOnce(&mut HeaderDescription),
) -> Result<SegmentPlan, AttachError> {
    let mut desc = description();
    mutate(&mut desc);
    check(&desc, plan().total_size)
}
