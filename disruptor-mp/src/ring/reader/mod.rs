//! The consumer's half of the core: learn availability from the slot stamp (or, in a packed
//! ring, the producer cursor), read, release in batches. Owns the segment so slot references can
//! never outlive the mapping.
//!
//! One concern per file: this one holds the reader's state, single reads and releasing;
//! `visit.rs` the batch reads, `observe.rs` looking at the next slot and leasing its event,
//! `lapped.rs` what a reader the producer got ahead of does, `ahead.rs` the async stream's copies.

// Only the async stream copies ahead.
#[cfg(feature = "tokio")]
mod ahead;
mod lapped;
mod observe;
mod visit;

pub(crate) use lapped::{Lapped, ResumeAt};

use super::consumer_table::{ConsumerTable, Joined};
use super::packed;
use super::segment::Segment;
use super::slots::{SlotState, Slots, classify};
use crate::Sequence;
use crate::event::SharedEvent;
use core::mem::MaybeUninit;
use core::sync::atomic::Ordering;

/// One consumer's reading state over one segment.
pub(crate) struct Reader<E: SharedEvent> {
    // Field order matters for Drop: `slots` points into `segment`.
    slots: Slots<E>,
    segment: Segment,
    entry: usize,
    epoch: u64,
    gating: bool,
    /// Whether events are read in place: a gating reader on a ring whose producer never evicts
    /// a live consumer. Every other reader reads verified copies (the seqlock in `slots.rs`).
    in_place: bool,
    /// Whether the producer may evict this reader alive: a gating reader that does not read in
    /// place. Its own field, not `!in_place && gating`, so the flush that checks it loads it
    /// there instead of keeping the hot path's `in_place` in a register (one instruction more
    /// per event, measured with `bench/callgrind.sh`).
    evictable: bool,
    /// Next sequence to read.
    next: Sequence,
    /// Last value stored to the shared cursor.
    released: Sequence,
    /// Store the cursor after this many events.
    flush_every: Sequence,
    /// `released + 1 + flush_every`: the `next` at which the cursor is due, kept so the check
    /// per event is one comparison (two instructions less per event than recomputing it,
    /// `bench/callgrind.sh`).
    flush_at: Sequence,
    /// The verified copy a non-gating reader's lease (and batch visit) points at: on the heap,
    /// so a reader of a large event holds no event-sized value in itself or on the stack. Every
    /// byte is always initialised: zeroed when made, and only ever overwritten whole by
    /// [`Slots::copy_unprotected`].
    scratch: Box<MaybeUninit<E>>,
    /// Whether the last batch read found few events (see [`Reader::visit_available`]).
    keeping_up: bool,
    /// Whether this reader has reported its eviction to its caller (see [`Reader::evicted`]).
    told_evicted: bool,
    /// Whether the ring's slots are packed: availability from the producer cursor, laps from
    /// the claim (`packed.rs`), instead of the slots' stamps.
    packed: bool,
    /// `in_place && !packed`: the commonest reader, whose single read checks this one flag
    /// instead of two (two instructions fewer per event, `bench/callgrind.sh`).
    stamped_in_place: bool,
}

impl<E: SharedEvent> Reader<E> {
    /// Reads `segment` through the table entry `joined` describes.
    pub(crate) fn new(segment: Segment, joined: &Joined) -> Self {
        super::wakeup::register(&segment);
        let slots = super::slots_of(&segment);
        let capacity = segment.plan().capacity as Sequence;
        let in_place = joined.gating && !segment.consumers_evictable();
        let packed = segment.packed();
        // Made on the heap (never an `E` on the stack), then zeroed so every byte is
        // initialised; the content is overwritten before a lease shows it.
        let mut scratch = Box::<E>::new_uninit();
        // SAFETY: the box holds room for exactly one `E`, which this fills with zero bytes.
        unsafe { scratch.as_mut_ptr().write_bytes(0, 1) };
        Self {
            slots,
            segment,
            entry: joined.index,
            epoch: joined.epoch,
            gating: joined.gating,
            in_place,
            evictable: joined.gating && !in_place,
            next: joined.next,
            released: joined.next - 1,
            flush_every: (capacity / 4).max(1),
            flush_at: joined.next + (capacity / 4).max(1),
            scratch,
            keeping_up: true,
            told_evicted: false,
            packed,
            stamped_in_place: in_place && !packed,
        }
    }

    /// The segment read from.
    pub(crate) fn segment(&self) -> &Segment {
        &self.segment
    }

    /// Whether the producer waits for this reader.
    pub(crate) fn gating(&self) -> bool {
        self.gating
    }

    /// Whether this reader reads events in place (see the field): the condition of every
    /// in-place fast path, which then costs no second check further down.
    #[inline(always)]
    pub(crate) fn in_place(&self) -> bool {
        self.in_place
    }

    /// The consumer-table entry this reader owns.
    pub(crate) fn entry(&self) -> usize {
        self.entry
    }

    /// Next sequence to read.
    pub(crate) fn next(&self) -> Sequence {
        self.next
    }

    /// What the next slot's stamp says (Acquire), or in a packed ring the producer cursor.
    #[inline(always)]
    pub(crate) fn next_state(&self) -> SlotState {
        if self.packed {
            return packed::state(&self.segment, self.next);
        }
        self.stamp_state()
    }

    /// What the next slot's stamp says (Acquire), in a stamped ring.
    #[inline(always)]
    fn stamp_state(&self) -> SlotState {
        classify(
            self.slots.stamp(self.next).load(Ordering::Acquire),
            self.next,
        )
    }

    /// Reads the next event as a copy if it is published.
    #[inline(always)]
    pub(crate) fn try_read(&mut self) -> Result<Option<(Sequence, E)>, Lapped> {
        let seq = self.next;
        let event = match self.next_state() {
            SlotState::NotYet => return Ok(None),
            SlotState::Overwritten(found) => return Err(self.fault(Lapped::at(seq, found))),
            // SAFETY: the stamp showed `seq` published (Acquire) and an in-place reader gates
            // the producer, which is never allowed to evict it: it cannot be writing the slot.
            SlotState::Ready if self.in_place => unsafe { *self.slots.get(seq) },
            SlotState::Ready => {
                let mut copy = MaybeUninit::uninit();
                if let Err(lap) = copy_verified(&self.slots, &self.segment, seq, &mut copy) {
                    return Err(self.fault(lap));
                }
                // SAFETY: `copy_unprotected` wrote every byte of `copy`, and any bytes are a
                // valid `E` (`SharedEvent`); the stamp check accepted it as `seq`'s event.
                unsafe { copy.assume_init() }
            }
        };
        self.advance();
        Ok(Some((seq, event)))
    }

    /// Marks the current event done; stores the cursor once per batch.
    #[inline(always)]
    pub(crate) fn advance(&mut self) {
        self.next += 1;
        if self.next >= self.flush_at {
            self.flush();
        }
    }

    /// Stores progress to the shared cursor so the producer may reuse the slots.
    #[inline]
    pub(crate) fn flush(&mut self) {
        let done = self.next - 1;
        if done != self.released {
            if self.evictable && self.lost_place() {
                // Evicted (or taken over): the entry's cursor is no longer ours to move.
                return;
            }
            ConsumerTable::new(&self.segment)
                .cursor(self.entry)
                .store(done, Ordering::Release);
            self.released = done;
            self.flush_at = done + 1 + self.flush_every;
            super::wakeup::wake_producer_if_sleeping(&self.segment);
        }
    }
}

impl<E: SharedEvent> Reader<E> {
    /// Gives the table entry up for good ([`ConsumerTable::give_up`]); the drop that follows
    /// finds the entry no longer ours and leaves it alone.
    pub(crate) fn give_up(self) {
        ConsumerTable::new(&self.segment).give_up(self.entry, self.epoch);
    }
}

/// Copies `seq`'s event into `out` for a reader the producer does not wait for, and checks the
/// copy afterwards against the stamp (the seqlock, see `slots.rs`), or in a packed ring against
/// the claim (`packed.rs`): `Ok` only if it is intact. A free function over the fields it
/// needs, so a reader can copy into its own scratch.
#[inline(always)]
pub(super) fn copy_verified<E: SharedEvent>(
    slots: &Slots<E>,
    segment: &Segment,
    seq: Sequence,
    out: &mut MaybeUninit<E>,
) -> Result<(), Lapped> {
    if segment.packed() {
        copy_checked::<E, true>(slots, segment, seq, out)
    } else {
        copy_checked::<E, false>(slots, segment, seq, out)
    }
}

/// [`copy_verified`] for a ring whose layout the caller knows: packed if `PACKED`.
#[inline(always)]
fn copy_checked<E: SharedEvent, const PACKED: bool>(
    slots: &Slots<E>,
    segment: &Segment,
    seq: Sequence,
    out: &mut MaybeUninit<E>,
) -> Result<(), Lapped> {
    slots.copy_unprotected(seq, out);
    let state = if PACKED {
        packed::confirm_copy(segment, seq)
    } else {
        slots.confirm_copy(seq)
    };
    match state {
        SlotState::Ready => Ok(()),
        SlotState::Overwritten(found) => Err(Lapped::at(seq, found)),
        SlotState::NotYet => Err(Lapped::at(seq, seq)),
    }
}

impl<E: SharedEvent> Drop for Reader<E> {
    fn drop(&mut self) {
        if self.lost_place() {
            // Evicted, or taken over after we were presumed dead: the cursor belongs to the
            // entry's next owner, and storing ours could let the producer overwrite events it
            // has yet to read. An eviction this handle reported is acknowledged, so the id
            // joins afresh next time instead of being told twice.
            if self.told_evicted {
                ConsumerTable::new(&self.segment).acknowledge_eviction(
                    self.entry,
                    self.epoch.wrapping_add(1),
                    crate::backend::process::ProcessIdentity::current(),
                );
            }
            return;
        }
        self.flush();
        let table = ConsumerTable::new(&self.segment);
        table.leave(self.entry, self.epoch);
        crate::trace::cold_event!(
            info,
            consumer = %table.id(self.entry).decode().unwrap_or_default(),
            released = self.released,
            "consumer left"
        );
    }
}
