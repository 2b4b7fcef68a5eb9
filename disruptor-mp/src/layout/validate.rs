//! Header validation: every stored value is untrusted input. A corrupt or hostile header yields
//! an error, never a panic, and never an offset the plan would not produce.

use super::header::{
    ENDIAN_TAG, FORMAT_VERSION, HEADER_SIZE, HeaderDescription, LINE, MAGIC, MAX_HUGE_PAGE_SIZE,
    PAGE_SIZE, crate_abi, flags,
};
use super::plan::{PlanError, SegmentPlan};
use super::slot_layout::SlotLayout;
use crate::error::{AttachError, CorruptReason, LayoutSummary};
use crate::event::{EventLayout, WireName};

/// What the attaching process expects to find.
#[derive(Clone, Copy, Debug)]
pub struct Expectation<'a> {
    /// The attacher's event layout.
    pub layout: &'a EventLayout,
    /// The capacity the attacher asked for.
    pub capacity: usize,
}

/// The layout summary stored in a header; `None` if its name is unreadable.
pub fn stored_summary(desc: &HeaderDescription) -> Option<LayoutSummary> {
    let len = usize::try_from(desc.event_name_len).ok()?;
    let name = WireName::from_bytes(desc.event_name.get(..len)?)?;
    Some(LayoutSummary {
        name,
        size: desc.event_size,
        align: desc.event_align,
        fingerprint: desc.event_fingerprint,
    })
}

/// The summary of a local layout.
pub fn local_summary(layout: &EventLayout) -> LayoutSummary {
    LayoutSummary {
        name: *layout.name(),
        size: layout.size() as u64,
        align: layout.align() as u64,
        fingerprint: layout.fingerprint(),
    }
}

/// Checks `desc` (copied out of a mapping of `mapping_len` bytes named `name`) against the
/// format and against `expected`; returns the segment's plan when everything holds.
pub fn validate(
    name: &str,
    desc: &HeaderDescription,
    mapping_len: usize,
    expected: Expectation<'_>,
) -> Result<SegmentPlan, AttachError> {
    let (plan, found) = validate_structure(name, desc, mapping_len)?;
    let local = local_summary(expected.layout);
    if found != local {
        // The caller, which can read the field table, explains the difference.
        return Err(AttachError::LayoutMismatch {
            expected: Box::new(local),
            found: Box::new(found),
            difference: None,
        });
    }
    if plan.capacity != expected.capacity {
        return Err(AttachError::CapacityMismatch {
            name: name.to_owned(),
            expected: expected.capacity,
            found: plan.capacity,
        });
    }
    Ok(plan)
}

/// The part of [`validate`] that needs no expected event: magic, platform, version, flags, the
/// plan's offsets, the mapping's size and a readable event name. An inspector, which reads any
/// ring without knowing its event type, stops here; an attacher goes on to compare layouts.
pub fn validate_structure(
    name: &str,
    desc: &HeaderDescription,
    mapping_len: usize,
) -> Result<(SegmentPlan, LayoutSummary), AttachError> {
    let corrupt = |reason| AttachError::Corrupt {
        name: name.to_owned(),
        reason,
    };
    if mapping_len < HEADER_SIZE {
        return Err(corrupt(CorruptReason::TooShort {
            len: mapping_len as u64,
            needed: HEADER_SIZE as u64,
        }));
    }
    if desc.magic != MAGIC {
        return Err(corrupt(CorruptReason::BadMagic));
    }
    if desc.endian_tag != ENDIAN_TAG || desc.pointer_width != usize::BITS {
        return Err(AttachError::ForeignPlatform {
            found_endian_tag: desc.endian_tag,
            found_pointer_width: desc.pointer_width,
        });
    }
    if desc.format_version != FORMAT_VERSION || desc.crate_abi != crate_abi() {
        return Err(AttachError::VersionMismatch {
            expected_format: FORMAT_VERSION,
            found_format: desc.format_version,
            expected_abi: crate_abi(),
            found_abi: desc.crate_abi,
        });
    }
    if desc.header_size != HEADER_SIZE as u64 || desc.line_size != LINE as u64 {
        return Err(corrupt(CorruptReason::BadHeaderSize));
    }
    let huge = desc.huge_page_size;
    if huge != 0
        && (!huge.is_power_of_two() || huge <= PAGE_SIZE as u64 || huge > MAX_HUGE_PAGE_SIZE)
    {
        return Err(corrupt(CorruptReason::BadHugePageSize(huge)));
    }
    if desc.flags & !flags::KNOWN != 0 {
        return Err(corrupt(CorruptReason::UnknownFlags {
            flags: desc.flags & !flags::KNOWN,
        }));
    }
    let plan = SegmentPlan::new(
        desc.event_size,
        desc.event_align,
        desc.event_field_count,
        desc.capacity,
        desc.max_consumers,
        SlotLayout::from_flags(desc.flags),
    )
    .map_err(|err| {
        corrupt(match err {
            PlanError::Capacity => CorruptReason::BadCapacity(desc.capacity),
            PlanError::Consumers => CorruptReason::BadConsumerTable(desc.max_consumers),
            PlanError::Event | PlanError::TooLarge => CorruptReason::BadEvent {
                size: desc.event_size,
                align: desc.event_align,
            },
        })
    })?;
    let (expected_stride, expected_event_offset) =
        (plan.slot_stride as u64, plan.slot_event_offset as u64);
    if (desc.slot_stride, desc.slot_event_offset) != (expected_stride, expected_event_offset) {
        return Err(corrupt(CorruptReason::BadSlotGeometry {
            layout: plan.layout,
            stride: desc.slot_stride,
            event_offset: desc.slot_event_offset,
            expected_stride,
            expected_event_offset,
        }));
    }
    let stored_offsets = [
        desc.field_table_offset,
        desc.field_count,
        desc.consumer_table_offset,
        desc.counters_offset,
        desc.slots_offset,
        desc.slot_stride,
        desc.slot_event_offset,
        desc.total_size,
    ];
    let planned_offsets = [
        plan.field_table_offset,
        plan.field_count,
        plan.consumer_table_offset,
        plan.counters_offset,
        plan.slots_offset,
        plan.slot_stride,
        plan.slot_event_offset,
        plan.total_size,
    ]
    .map(|value| value as u64);
    if stored_offsets != planned_offsets {
        return Err(corrupt(CorruptReason::BadOffsets));
    }
    if (mapping_len as u64) < desc.total_size {
        return Err(corrupt(CorruptReason::TooShort {
            len: mapping_len as u64,
            needed: desc.total_size,
        }));
    }
    let found = stored_summary(desc).ok_or_else(|| corrupt(CorruptReason::BadName))?;
    Ok((plan, found))
}
