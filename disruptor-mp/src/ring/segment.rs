//! A mapped region seen through a validated plan: the only place that turns offsets into
//! references.

use super::sync::{self, AtomicI64, AtomicU32, AtomicU64, SegmentAtomic};
use crate::Sequence;
use crate::backend::Region;
use crate::layout::field_table::{FIELD_RECORD_SIZE, FieldRecord};
use crate::layout::header::{atomics, flags};
use crate::layout::{HeaderDescription, SegmentPlan, SegmentState};
use core::ptr::NonNull;
use core::sync::atomic::Ordering;
use std::sync::Arc;

/// A region plus the plan that describes it. Every accessor stays inside `plan.total_size`,
/// which [`Segment::new`] checked against the region's length.
pub(crate) struct Segment {
    /// Shared so that [`Segment::share`] can keep the mapping alive for a second view.
    region: Arc<dyn Region>,
    base: NonNull<u8>,
    plan: SegmentPlan,
}

impl std::fmt::Debug for Segment {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Segment")
            .field("plan", &self.plan)
            .finish_non_exhaustive()
    }
}

impl Segment {
    /// Views `region` through `plan`; `None` if the region is shorter than the plan.
    pub(crate) fn new(region: Box<dyn Region>, plan: SegmentPlan) -> Option<Self> {
        if region.len() < plan.total_size {
            return None;
        }
        let base = region.base();
        Some(Self {
            region: Arc::from(region),
            base,
            plan,
        })
    }

    /// A second view of the same mapping, which stays mapped while either view lives: for a
    /// handle on another thread that only wakes the ring's sleepers (an `AutoConsumer`'s
    /// shutdown), never for a second reader or writer of the ring.
    pub(crate) fn share(&self) -> Segment {
        Segment {
            region: Arc::clone(&self.region),
            base: self.base,
            plan: self.plan,
        }
    }

    /// The plan this segment follows.
    pub(crate) fn plan(&self) -> &SegmentPlan {
        &self.plan
    }

    /// The underlying region (for ownership operations such as unlinking).
    pub(crate) fn region(&self) -> &dyn Region {
        &*self.region
    }

    /// Copies the header description out of `region`; `None` if the region is too short.
    ///
    /// The copy is volatile because a hostile or still-initialising peer may be writing it; the
    /// caller validates every value of the copy.
    pub(crate) fn read_description(region: &dyn Region) -> Option<HeaderDescription> {
        if region.len() < core::mem::size_of::<HeaderDescription>() {
            return None;
        }
        let ptr = region.base().as_ptr().cast::<HeaderDescription>();
        // SAFETY: the region is at least `size_of::<HeaderDescription>()` bytes (checked above)
        // and page-aligned (so aligned for the struct); `HeaderDescription` is `Pod`, so any bytes
        // are a valid value, and a volatile read never assumes the bytes are stable.
        Some(unsafe { ptr.read_volatile() })
    }

    /// Whether the producer may evict live consumers of this ring (the header's
    /// [`flags::CONSUMERS_EVICTABLE`]): then no consumer reads a slot in place. Read once per
    /// handle, when it is made.
    pub(crate) fn consumers_evictable(&self) -> bool {
        Self::read_description(&*self.region)
            .is_some_and(|desc| desc.flags & flags::CONSUMERS_EVICTABLE != 0)
    }

    /// Reads the segment state word of a region that may not be validated yet.
    pub(crate) fn read_state(region: &dyn Region) -> Option<u32> {
        if region.len() < atomics::STATE + 4 {
            return None;
        }
        // SAFETY: STATE is 4-byte aligned within a page-aligned region of sufficient length
        // (checked above); the reference lives no longer than `region`'s borrow.
        let state: &AtomicU32 =
            unsafe { sync::atomic_at(region.base().as_ptr().add(atomics::STATE)) };
        Some(state.load(Ordering::Acquire))
    }

    /// Writes the header description (creator only, before `ready`).
    pub(crate) fn write_description(&self, desc: &HeaderDescription) {
        // SAFETY: the header page lies within the segment; the creator is the only writer while
        // the state is `Initialising`, and attachers do not read the description before `Ready`.
        unsafe {
            self.base
                .as_ptr()
                .cast::<HeaderDescription>()
                .write_volatile(*desc)
        };
    }

    /// Writes field record `index` (creator only, before `ready`).
    pub(crate) fn write_field_record(&self, index: usize, record: &FieldRecord) {
        assert!(
            index < self.plan.field_count,
            "field record index out of range"
        );
        let offset = self.plan.field_table_offset + index * FIELD_RECORD_SIZE;
        // SAFETY: the offset is inside the planned field table (index checked above), 8-aligned
        // (table offset and record size are multiples of 8); only the creator writes it, before
        // the segment is ready.
        unsafe {
            self.base
                .as_ptr()
                .add(offset)
                .cast::<FieldRecord>()
                .write_volatile(*record)
        };
    }

    /// Copies field record `index` out (a volatile copy: validated by the caller).
    pub(crate) fn read_field_record(&self, index: usize) -> Option<FieldRecord> {
        if index >= self.plan.field_count {
            return None;
        }
        let offset = self.plan.field_table_offset + index * FIELD_RECORD_SIZE;
        // SAFETY: as in `write_field_record`; `FieldRecord` is `Pod`, so any bytes are valid.
        Some(unsafe {
            self.base
                .as_ptr()
                .add(offset)
                .cast::<FieldRecord>()
                .read_volatile()
        })
    }

    fn atomic_at<T: SegmentAtomic>(&self, offset: usize) -> &T {
        debug_assert!(offset + T::WIDTH <= self.plan.total_size);
        debug_assert_eq!(offset % T::WIDTH, 0);
        // SAFETY: callers pass offsets inside the plan (header constants, table entries and
        // counters below `slots_offset`, or a slot's leading stamp: `slots_offset + index * stride` with
        // `index < capacity`), aligned for `T` (the slot base is 128-aligned, the stride a
        // multiple of 8); the reference is bound to `&self`, which keeps the mapping alive.
        unsafe { sync::atomic_at(self.base.as_ptr().add(offset)) }
    }

    /// The segment state word.
    pub(crate) fn state(&self) -> &AtomicU32 {
        self.atomic_at(atomics::STATE)
    }

    /// Decoded segment state (`Err` with the raw value if no version writes it).
    pub(crate) fn load_state(&self) -> Result<SegmentState, u32> {
        let raw = self.state().load(Ordering::Acquire);
        SegmentState::from_u32(raw).ok_or(raw)
    }

    /// The producer cursor: last published sequence.
    pub(crate) fn producer_cursor(&self) -> &AtomicI64 {
        self.atomic_at(atomics::PRODUCER_CURSOR)
    }

    /// The producer claim of a packed ring (see `packed.rs`).
    pub(crate) fn producer_claim(&self) -> &AtomicI64 {
        self.atomic_at(atomics::PRODUCER_CLAIM)
    }

    /// Whether the ring's slots are packed (no stamps; see `packed.rs`).
    #[inline(always)]
    pub(crate) fn packed(&self) -> bool {
        self.plan.layout == crate::layout::SlotLayout::Packed
    }

    /// Whether the slot of `seq` holds it published, for callers that look without reading
    /// the event: its stamp, or in a packed ring the producer cursor.
    pub(crate) fn holds_published(&self, seq: Sequence) -> bool {
        if self.packed() {
            super::packed::state(self, seq) == super::slots::SlotState::Ready
        } else {
            self.slot_stamp(seq).load(Ordering::Acquire) == seq
        }
    }

    /// The stamp of the slot `seq` maps to (every slot starts with one; see `slots.rs`), for
    /// callers that look at stamps without reading events.
    pub(crate) fn slot_stamp(&self, seq: Sequence) -> &AtomicI64 {
        let index = (seq as usize) & (self.plan.capacity - 1);
        self.atomic_at(self.plan.slots_offset + index * self.plan.slot_stride)
    }

    /// The last published sequence: the producer cursor, which single publishes store only now
    /// and then (see `publisher.rs`), carried forward over the stamps that show later events
    /// published. Looks at no more than one ring of stamps, so a scribbled segment cannot keep it
    /// looping.
    pub(crate) fn last_published(&self) -> Sequence {
        let mut last = self.producer_cursor().load(Ordering::Acquire);
        if self.packed() {
            // Every publish of a packed ring stores the cursor.
            return last;
        }
        for _ in 0..self.plan.capacity {
            match last.checked_add(1) {
                Some(next) if self.slot_stamp(next).load(Ordering::Acquire) == next => last = next,
                _ => break,
            }
        }
        last
    }

    /// Futex word bumped by the producer to wake blocked consumers.
    pub(crate) fn wake_word(&self) -> &AtomicU32 {
        self.atomic_at(atomics::WAKE_WORD)
    }

    /// Number of consumers blocked on the wake word.
    pub(crate) fn waiters(&self) -> &AtomicU32 {
        self.atomic_at(atomics::WAITERS)
    }

    /// Futex word a producer blocked on a full ring sleeps on.
    pub(crate) fn space_word(&self) -> &AtomicU32 {
        self.atomic_at(atomics::SPACE_WORD)
    }

    /// Number of producer threads asleep on the space word.
    pub(crate) fn producer_sleeping(&self) -> &AtomicU32 {
        self.atomic_at(atomics::PRODUCER_SLEEPING)
    }

    /// Non-zero once a process using the ring could not register for `membarrier`.
    pub(crate) fn no_membarrier(&self) -> &AtomicU32 {
        self.atomic_at(atomics::NO_MEMBARRIER)
    }

    /// Bumped on every consumer join and leave.
    pub(crate) fn table_generation(&self) -> &AtomicU64 {
        self.atomic_at(atomics::TABLE_GENERATION)
    }

    /// Serialises joins and leaves.
    pub(crate) fn join_lock(&self) -> &AtomicU64 {
        self.atomic_at(atomics::JOIN_LOCK)
    }

    /// Atomic of type `T` at `field` bytes into consumer-table entry `index`.
    pub(crate) fn entry_atomic<T: EntryAtomic>(&self, index: usize, field: usize) -> &T {
        assert!(
            index < self.plan.max_consumers,
            "consumer entry index out of range"
        );
        assert!(field + T::WIDTH <= crate::layout::plan::CONSUMER_ENTRY_SIZE);
        self.atomic_at(
            self.plan.consumer_table_offset
                + index * crate::layout::plan::CONSUMER_ENTRY_SIZE
                + field,
        )
    }

    /// Word `index` of the producer's counter block (see `counters.rs`).
    #[cfg(not(loom))]
    pub(crate) fn producer_counter(&self, index: usize) -> &AtomicU64 {
        assert!(8 * index < crate::layout::plan::PRODUCER_COUNTERS_SIZE);
        self.atomic_at(self.plan.counters_offset + 8 * index)
    }

    /// The producer's record of entry `index`'s largest lag.
    #[cfg(not(loom))]
    pub(crate) fn lag_max(&self, index: usize) -> &AtomicU64 {
        assert!(
            index < self.plan.max_consumers,
            "consumer entry index out of range"
        );
        self.atomic_at(self.plan.lag_max_offset() + crate::layout::plan::LAG_MAX_SIZE * index)
    }

    /// Word `word` of entry `index`'s consumer counter block.
    #[cfg(not(loom))]
    pub(crate) fn consumer_counter(&self, index: usize, word: usize) -> &AtomicU64 {
        use crate::layout::plan::CONSUMER_COUNTERS_SIZE;
        assert!(
            index < self.plan.max_consumers,
            "consumer entry index out of range"
        );
        assert!(8 * word < CONSUMER_COUNTERS_SIZE);
        self.atomic_at(
            self.plan.consumer_counters_offset() + index * CONSUMER_COUNTERS_SIZE + 8 * word,
        )
    }

    /// Pointer to slot 0 (for [`super::slots::Slots`]).
    pub(crate) fn slots_base(&self) -> NonNull<u8> {
        // SAFETY: `slots_offset < total_size <= region length`, so the pointer stays in bounds.
        unsafe { NonNull::new_unchecked(self.base.as_ptr().add(self.plan.slots_offset)) }
    }
}

/// Atomics that consumer-table entries are made of.
#[allow(private_bounds)]
pub(crate) trait EntryAtomic: SegmentAtomic {}
impl EntryAtomic for AtomicU32 {}
impl EntryAtomic for AtomicU64 {}
impl EntryAtomic for AtomicI64 {}

// SAFETY: a `Segment` is a view of shared memory whose mutable parts are atomics or are written
// under the ring's single-producer claim protocol; the region itself is `Send + Sync`.
unsafe impl Send for Segment {}
// SAFETY: as above: every `&self` accessor returns atomics or copies.
unsafe impl Sync for Segment {}
