//! One function computes every offset of a segment from (event layout, capacity, consumers).
//!
//! ```text
//! | header (4 KiB) | field table | consumer table (128 B / entry) | counters | slots (capacity × stride) |
//! ```
//!
//! The counters: the producer's block (two lines), the producer's record of each consumer's
//! largest lag (8 B / entry), then one line per entry for that entry's consumer. Each part has
//! one writer, and no part shares a line with another writer's.
//!
//! Creators write the plan into the header; attachers recompute it from the header's inputs and
//! require the stored offsets to match, so a lying header cannot point anywhere the plan would
//! not.

use super::field_table::{FIELD_RECORD_SIZE, MAX_FIELD_RECORDS};
use super::header::{HEADER_SIZE, LINE, MAX_CAPACITY, MAX_CONSUMERS_LIMIT, PAGE_SIZE};
use super::slot_layout::SlotLayout;

/// Size of one consumer-table entry: one line, written only by the consumer that owns it.
pub const CONSUMER_ENTRY_SIZE: usize = LINE;
/// Size of the producer's counter block.
pub const PRODUCER_COUNTERS_SIZE: usize = 2 * LINE;
/// Size of one consumer's counter block: one line, written only by that consumer.
pub const CONSUMER_COUNTERS_SIZE: usize = LINE;
/// Size of the producer's record of one consumer's largest lag.
pub const LAG_MAX_SIZE: usize = 8;
/// Size of a slot's sequence stamp.
pub const STAMP_SIZE: usize = 8;
/// Largest event alignment a segment supports (a page).
pub const MAX_EVENT_ALIGN: usize = 4096;
/// Largest event size a segment supports (16 MiB).
pub const MAX_EVENT_SIZE: usize = 16 << 20;
/// Largest segment this crate creates or accepts (1 TiB), so offsets never overflow.
pub const MAX_TOTAL_SIZE: u64 = 1 << 40;

/// Why a set of inputs has no valid plan.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PlanError {
    /// Capacity is zero, not a power of two, or above [`MAX_CAPACITY`].
    Capacity,
    /// Consumer count is zero or above [`MAX_CONSUMERS_LIMIT`].
    Consumers,
    /// Event size is zero or above [`MAX_EVENT_SIZE`], or alignment is not a power of two up to
    /// [`MAX_EVENT_ALIGN`], or size is not a multiple of alignment.
    Event,
    /// The segment would exceed [`MAX_TOTAL_SIZE`].
    TooLarge,
}

/// Every offset of one segment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SegmentPlan {
    /// Number of slots (a power of two).
    pub capacity: usize,
    /// Entries in the consumer table.
    pub max_consumers: usize,
    /// Offset of the field table.
    pub field_table_offset: usize,
    /// Records in the field table.
    pub field_count: usize,
    /// Offset of the consumer table.
    pub consumer_table_offset: usize,
    /// Offset of the counters: the producer's block first.
    pub counters_offset: usize,
    /// Offset of slot 0.
    pub slots_offset: usize,
    /// Bytes from one slot to the next.
    pub slot_stride: usize,
    /// Offset of the event inside a slot.
    pub slot_event_offset: usize,
    /// Bytes the segment needs (a multiple of the page size).
    pub total_size: usize,
    /// How the slots are laid out (stored in the header's flags).
    pub layout: SlotLayout,
}

const fn round_up(value: u64, to: u64) -> u64 {
    value.div_ceil(to) * to
}

impl SegmentPlan {
    /// Bytes of the object that holds a segment of this plan laid out on huge pages of
    /// `huge_page_size` (0 for base pages): `total_size` rounded up to whole huge pages, whose
    /// tail is never read. `huge_page_size` is a validated header value (a power of two of at
    /// most [`super::header::MAX_HUGE_PAGE_SIZE`]), so this cannot overflow.
    pub fn object_size(&self, huge_page_size: u64) -> usize {
        round_up(self.total_size as u64, huge_page_size.max(1)) as usize
    }

    /// Test oracle: panics unless every region of this plan (field table, consumer table, slots
    /// holding events of `event_size`) lies in order inside `total_size`, and `total_size` inside a
    /// mapping of `len` bytes. Shared by the header fuzz target and the validation tests.
    #[cfg(any(test, feature = "fuzzing"))]
    pub(crate) fn assert_fits(&self, len: usize, event_size: usize, context: &str) {
        assert!(
            self.total_size <= len,
            "{context} {self:?}: larger than the mapping {len}"
        );
        assert!(self.capacity.is_power_of_two(), "{context} {self:?}");
        assert!(
            self.field_table_offset + self.field_count * FIELD_RECORD_SIZE
                <= self.consumer_table_offset,
            "{context} {self:?}"
        );
        assert!(
            self.consumer_table_offset + self.max_consumers * CONSUMER_ENTRY_SIZE
                <= self.counters_offset,
            "{context} {self:?}"
        );
        assert!(
            self.consumer_counters_offset() + self.max_consumers * CONSUMER_COUNTERS_SIZE
                <= self.slots_offset,
            "{context} {self:?}"
        );
        assert!(
            self.slot_event_offset + event_size <= self.slot_stride,
            "{context} {self:?}"
        );
        assert!(
            self.slots_offset + self.capacity * self.slot_stride <= self.total_size,
            "{context} {self:?}"
        );
    }

    /// Lays out a segment for events of `event_size`/`event_align` with `event_fields` fields,
    /// in slots of `layout`: a stamp then the event, or the event alone (`Packed`: the stride
    /// is the event's size rounded up to 8 bytes, so every event stays 8-aligned for the
    /// word-wise copies of `ring/sync.rs`). All arithmetic is checked in `u64`, so hostile
    /// inputs read from a header are safe to pass.
    pub fn new(
        event_size: u64,
        event_align: u64,
        event_fields: u64,
        capacity: u64,
        max_consumers: u64,
        layout: SlotLayout,
    ) -> Result<Self, PlanError> {
        if capacity == 0 || !capacity.is_power_of_two() || capacity > MAX_CAPACITY {
            return Err(PlanError::Capacity);
        }
        if max_consumers == 0 || max_consumers > MAX_CONSUMERS_LIMIT {
            return Err(PlanError::Consumers);
        }
        if event_size == 0
            || event_size > MAX_EVENT_SIZE as u64
            || event_align == 0
            || !event_align.is_power_of_two()
            || event_align > MAX_EVENT_ALIGN as u64
            || !event_size.is_multiple_of(event_align)
        {
            return Err(PlanError::Event);
        }
        let field_count = event_fields.min(MAX_FIELD_RECORDS as u64);
        let field_table_offset = HEADER_SIZE as u64;
        let table_offset = round_up(
            field_table_offset + field_count * FIELD_RECORD_SIZE as u64,
            LINE as u64,
        );
        let counters_offset = table_offset + max_consumers * CONSUMER_ENTRY_SIZE as u64;
        let counters_size = PRODUCER_COUNTERS_SIZE as u64
            + round_up(max_consumers * LAG_MAX_SIZE as u64, LINE as u64)
            + max_consumers * CONSUMER_COUNTERS_SIZE as u64;
        let slot_base_align = event_align.max(LINE as u64);
        let slots_offset = round_up(counters_offset + counters_size, slot_base_align);
        let slot_event_offset = round_up(layout.stamp_size(), event_align);
        let slot_stride = round_up(slot_event_offset + event_size, event_align.max(8));
        // capacity ≤ 2^30 and stride ≤ 2^25, so the product fits in u64.
        let total = round_up(slots_offset + capacity * slot_stride, PAGE_SIZE as u64);
        if total > MAX_TOTAL_SIZE {
            return Err(PlanError::TooLarge);
        }
        Ok(Self {
            capacity: capacity as usize,
            max_consumers: max_consumers as usize,
            field_table_offset: field_table_offset as usize,
            field_count: field_count as usize,
            consumer_table_offset: table_offset as usize,
            counters_offset: counters_offset as usize,
            slots_offset: slots_offset as usize,
            slot_stride: slot_stride as usize,
            slot_event_offset: slot_event_offset as usize,
            total_size: total as usize,
            layout,
        })
    }

    /// Offset of the producer's record of entry 0's largest lag (one word per entry follows).
    pub fn lag_max_offset(&self) -> usize {
        self.counters_offset + PRODUCER_COUNTERS_SIZE
    }

    /// Offset of entry 0's consumer counter block (one line per entry follows).
    pub fn consumer_counters_offset(&self) -> usize {
        self.lag_max_offset() + (self.max_consumers * LAG_MAX_SIZE).next_multiple_of(LINE)
    }
}
