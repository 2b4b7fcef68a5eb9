//! Writing a new segment: everything first, then `ready` with a Release store, so an attacher
//! that sees `ready` (Acquire) sees a complete header, table and slot array.

use super::consumer_table::{ConsumerTable, PackedId};
use super::segment::Segment;
use super::slots::Slots;
use crate::backend::process::{ProcessIdentity, random_u64};
use crate::event::{EventLayout, SharedEvent};
use crate::layout::field_table::records_for;
use crate::layout::header::{
    ENDIAN_TAG, FORMAT_VERSION, HEADER_SIZE, LINE, MAGIC, SegmentState, crate_abi, flags,
};
use crate::layout::{HeaderDescription, SegmentPlan};
use bytemuck::Zeroable;
use core::sync::atomic::Ordering;

/// Gating places the producer reserves before anyone can attach.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Reservations {
    /// No consumer gates.
    None,
    /// These ids gate from sequence 0.
    Named(Vec<PackedId>),
    /// This many places, open to any consumer, gate from sequence 0.
    Open(usize),
}

/// The header description of a new segment.
pub(crate) fn describe(
    layout: &EventLayout,
    plan: &SegmentPlan,
    producer: ProcessIdentity,
    consumers_evictable: bool,
) -> HeaderDescription {
    let mut desc = HeaderDescription::zeroed();
    desc.magic = MAGIC;
    desc.format_version = FORMAT_VERSION;
    desc.crate_abi = crate_abi();
    desc.endian_tag = ENDIAN_TAG;
    desc.pointer_width = usize::BITS;
    desc.header_size = HEADER_SIZE as u64;
    desc.line_size = LINE as u64;
    desc.event_size = layout.size() as u64;
    desc.event_align = layout.align() as u64;
    desc.event_fingerprint = layout.fingerprint();
    let name = layout.name().as_bytes();
    desc.event_name[..name.len()].copy_from_slice(name);
    desc.event_name_len = name.len() as u64;
    desc.capacity = plan.capacity as u64;
    desc.max_consumers = plan.max_consumers as u64;
    desc.slot_stride = plan.slot_stride as u64;
    desc.slot_event_offset = plan.slot_event_offset as u64;
    desc.field_table_offset = plan.field_table_offset as u64;
    desc.field_count = plan.field_count as u64;
    desc.event_field_count = layout.fields().len() as u64;
    desc.consumer_table_offset = plan.consumer_table_offset as u64;
    desc.counters_offset = plan.counters_offset as u64;
    desc.slots_offset = plan.slots_offset as u64;
    desc.total_size = plan.total_size as u64;
    desc.producer_pid = u64::from(producer.pid);
    desc.producer_start_time = producer.start_time;
    desc.producer_pid_ns = producer.pid_ns;
    if consumers_evictable {
        desc.flags |= flags::CONSUMERS_EVICTABLE;
    }
    desc.flags |= plan.layout.flag_bits();
    desc.incarnation = random_u64();
    desc.created_unix_ns = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(0);
    desc
}

/// Fills a freshly created (zeroed, `Initialising`) segment and marks it ready.
pub(crate) fn initialise<E: SharedEvent>(
    seg: &Segment,
    slots: &Slots<E>,
    producer: ProcessIdentity,
    reservations: &Reservations,
    consumers_evictable: bool,
    factory: impl FnMut() -> E,
) {
    let plan = *seg.plan();
    let mut desc = describe(&E::LAYOUT, &plan, producer, consumers_evictable);
    desc.huge_page_size = seg.region().huge_page_size() as u64;
    seg.write_description(&desc);
    for (index, record) in records_for(&E::LAYOUT).enumerate() {
        seg.write_field_record(index, &record);
    }
    let table = ConsumerTable::new(seg);
    match reservations {
        Reservations::None => {}
        Reservations::Named(ids) => {
            for (index, id) in ids.iter().enumerate() {
                table.reserve_named(index, id);
            }
        }
        Reservations::Open(count) => (0..*count).for_each(|index| table.reserve_open(index)),
    }
    slots.initialise(plan.capacity, seg.packed(), factory);
    seg.producer_cursor().store(-1, Ordering::Relaxed);
    seg.state()
        .store(SegmentState::Ready as u32, Ordering::Release);
}
