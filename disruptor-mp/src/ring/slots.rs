//! Slots: each holds a sequence stamp and one event. The only code that turns a sequence into
//! `&E` or `&mut E`.
//!
//! A slot's stamp tells readers which sequence the slot holds, from the line they must read
//! anyway:
//! - `EMPTY` (`i64::MIN`): never written;
//! - `!seq` (negative): the producer is writing `seq`;
//! - `seq` (non-negative): `seq` is published.
//!
//! Orderings: the producer stores `!seq` (Relaxed), a Release fence, the event, then `seq`
//! (Release). The `!seq` announcement is only needed while a reader the producer does not wait for
//! is attached, and is skipped otherwise (one store less per event for gating-only rings). A reader loads the stamp with Acquire, so a published stamp makes the event visible;
//! a non-gating reader copies the event, issues an Acquire fence and re-reads the stamp: if the
//! producer began overwriting the slot during the copy, the fence pair guarantees the re-read sees
//! it (a seqlock), so a torn copy is never returned.

use super::sync::{self, AtomicI64, fence};
use crate::Sequence;
use crate::event::SharedEvent;
use core::marker::PhantomData;
use core::mem::MaybeUninit;
use core::ptr::NonNull;
use core::sync::atomic::Ordering;

/// Stamp of a slot that was never written.
pub(crate) const EMPTY: i64 = i64::MIN;

/// What a stamp says about the sequence a reader wants.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum SlotState {
    /// The slot holds the wanted sequence, fully written.
    Ready,
    /// The wanted sequence has not been published yet.
    NotYet,
    /// The slot holds, or is being written with, a later sequence.
    Overwritten(Sequence),
}

/// Classifies `stamp` for a reader that wants `wanted`.
#[inline]
pub(crate) fn classify(stamp: i64, wanted: Sequence) -> SlotState {
    if stamp == wanted {
        SlotState::Ready
    } else if stamp >= 0 {
        if stamp < wanted {
            SlotState::NotYet
        } else {
            SlotState::Overwritten(stamp)
        }
    } else if stamp == EMPTY {
        SlotState::NotYet
    } else {
        let writing = !stamp;
        if writing > wanted {
            SlotState::Overwritten(writing)
        } else {
            SlotState::NotYet
        }
    }
}

/// The slot array of one segment, typed.
///
/// Holds raw pointers into the mapping: a `Slots` is created by the handle that owns the mapping
/// and stored next to it, never handed out, so it cannot outlive the memory.
pub(crate) struct Slots<E> {
    base: NonNull<u8>,
    mask: usize,
    stride: usize,
    event_offset: usize,
    /// `base + event_offset`: where the event of slot 0 starts, so a single write addresses the
    /// stamp and the event from one slot offset (one instruction fewer per publish,
    /// `bench/callgrind.sh`). Last, so the fields readers use keep their places.
    event_base: NonNull<u8>,
    _event: PhantomData<E>,
}

impl<E: SharedEvent> Slots<E> {
    /// Views `capacity` slots of `stride` bytes at `base`, each with its event at `event_offset`.
    ///
    /// # Safety
    /// `base` points to `capacity * stride` bytes that stay mapped while this value lives;
    /// `capacity` is a power of two; `base` and `stride` are multiples of 8 and of `align_of::<E>()`,
    /// `event_offset` is a multiple of 8 and of `align_of::<E>()`, and
    /// `event_offset + size_of::<E>() <= stride`. The stamp methods ([`Slots::stamp`],
    /// [`Slots::write`], ...) further need `event_offset >= 8` (a stamped layout); slots of a
    /// packed layout (`event_offset == 0`) are only filled and read ([`Slots::fill`],
    /// [`Slots::get`], ...).
    pub(crate) unsafe fn new(
        base: NonNull<u8>,
        capacity: usize,
        stride: usize,
        event_offset: usize,
    ) -> Self {
        debug_assert!(capacity.is_power_of_two());
        debug_assert!(event_offset + core::mem::size_of::<E>() <= stride);
        Self {
            base,
            mask: capacity - 1,
            stride,
            event_offset,
            // SAFETY: `event_offset < stride`, inside slot 0, which `base` points to.
            event_base: unsafe { base.add(event_offset) },
            _event: PhantomData,
        }
    }

    #[inline(always)]
    fn slot(&self, seq: Sequence) -> *mut u8 {
        self.slot_at((seq as usize) & self.mask)
    }

    /// The slot at array position `index`, which must be `<= mask` (callers mask it or derive it
    /// from [`Slots::runs`]).
    #[inline(always)]
    fn slot_at(&self, index: usize) -> *mut u8 {
        debug_assert!(index <= self.mask);
        // SAFETY: `index <= mask < capacity` (the callers' contract above), so the offset stays
        // inside the slot array that `new`'s contract keeps mapped.
        unsafe { self.base.as_ptr().add(index * self.stride) }
    }

    /// Splits the `count` sequences from `first` on into runs of adjacent slots — at most two per
    /// lap, as the range wraps past the array's end — and calls `run(index, offset, len)` for
    /// each: slots `index..index + len` hold sequences `first + offset ..`. Batches walk slots
    /// by position inside a run instead of masking and multiplying per sequence.
    #[inline(always)]
    fn runs(&self, first: Sequence, count: usize, mut run: impl FnMut(usize, usize, usize)) {
        let mut offset = 0;
        while offset < count {
            let index = (first as usize).wrapping_add(offset) & self.mask;
            let len = (count - offset).min(self.mask + 1 - index);
            run(index, offset, len);
            offset += len;
        }
    }

    /// The stamp of the slot `seq` maps to.
    #[inline(always)]
    pub(crate) fn stamp(&self, seq: Sequence) -> &AtomicI64 {
        self.stamp_at(self.slot(seq))
    }

    /// The stamp of `slot`, a pointer from [`Slots::slot_at`].
    #[inline(always)]
    fn stamp_at(&self, slot: *mut u8) -> &AtomicI64 {
        // SAFETY: `slot` is a slot of this array (from `slot_at`), and every slot starts with an
        // 8-aligned `i64` stamp (see `new`), accessed only as an atomic; the reference is bound
        // to `&self`, which keeps the mapping alive.
        unsafe { sync::atomic_at(slot) }
    }

    /// The event of `slot`, a pointer from [`Slots::slot_at`].
    #[inline(always)]
    fn event_at(&self, slot: *mut u8) -> *mut E {
        // SAFETY: `slot` is a slot of this array and `event_offset + size_of::<E>() <= stride`
        // (see `new`), so the event is in bounds and aligned.
        unsafe { slot.add(self.event_offset).cast::<E>() }
    }

    #[inline(always)]
    fn event_ptr(&self, seq: Sequence) -> *mut E {
        self.event_at(self.slot(seq))
    }

    /// Stamps every slot `EMPTY` (unless the slots are `packed`: they have no stamps) and fills
    /// its event with `factory()` (creator, before ready).
    pub(crate) fn initialise(&self, capacity: usize, packed: bool, mut factory: impl FnMut() -> E) {
        for index in 0..capacity as Sequence {
            if !packed {
                self.stamp(index).store(EMPTY, Ordering::Relaxed);
            }
            let event = self.event_ptr(index);
            // SAFETY: nobody else can see the segment before it is `Ready`; the pointer is in
            // bounds and aligned (see `new`).
            unsafe { event.write(factory()) };
            self.track_write(event);
        }
    }

    /// Writes sequence `seq` with `fill` and publishes its stamp. With `announce`, the slot is
    /// first stamped "being written" so a concurrent unprotected copy is detected.
    ///
    /// # Safety
    /// The caller is the segment's single producer and has claimed `seq`: every gating consumer
    /// has released `seq - capacity`, so no gating reader holds a reference to this slot.
    /// Non-gating readers may still be copying it; `announce` must be true whenever one may be
    /// (see `Sequencer::marks_overwrites`), so they detect the overwrite through the stamp.
    #[inline(always)]
    pub(crate) unsafe fn write(&self, seq: Sequence, announce: bool, fill: impl FnOnce(&mut E)) {
        let offset = ((seq as usize) & self.mask) * self.stride;
        // SAFETY: `offset` is the start of a slot of this array (as in `slot_at`), and
        // `event_base + offset` that slot's event (`event_offset + size_of::<E>() <= stride`).
        let (slot, event) = unsafe {
            (
                self.base.as_ptr().add(offset),
                self.event_base.as_ptr().add(offset).cast::<E>(),
            )
        };
        if announce {
            self.begin_write(slot, seq);
        }
        // SAFETY: per the caller's claim no other `&E`/`&mut E` to this slot exists; the pointer
        // is aligned and in bounds; `E: SharedEvent` is valid for whatever bytes the slot holds.
        fill(unsafe { &mut *event });
        self.track_write(event);
        self.end_write(slot, seq);
    }

    /// Writes the event of `seq` with `fill` and nothing else: the whole write of a packed slot,
    /// which has no stamp (the caller publishes through the cursor, see `packed.rs`).
    ///
    /// # Safety
    /// As [`Slots::write`]; a reader the producer does not wait for must have been told of the
    /// overwrite first (in a packed ring, through `packed::announce`).
    #[inline(always)]
    pub(crate) unsafe fn fill(&self, seq: Sequence, fill: impl FnOnce(&mut E)) {
        let event = self.event_ptr(seq);
        // SAFETY: per the caller's claim no other `&E`/`&mut E` to this slot exists; the pointer
        // is aligned and in bounds; `E: SharedEvent` is valid for whatever bytes the slot holds.
        fill(unsafe { &mut *event });
        self.track_write(event);
    }

    /// Like [`Slots::write`] for a batch: writes every sequence of `first..=last` before
    /// publishing any stamp, so the stamps are stored in one sweep.
    ///
    /// # Safety
    /// As [`Slots::write`], for every sequence in the range.
    #[inline]
    pub(crate) unsafe fn write_batch(
        &self,
        first: Sequence,
        last: Sequence,
        announce: bool,
        fill: impl FnMut(&mut E, usize),
    ) {
        // SAFETY: the caller's contract, passed on.
        unsafe { self.fill_batch(first, last, announce, fill) };
        let count = (last - first + 1) as usize;
        // Stamps in sequence order, each with Release after every event of the batch.
        self.runs(first, count, |index, offset, len| {
            for k in 0..len {
                self.end_write(self.slot_at(index + k), first + (offset + k) as Sequence);
            }
        });
    }

    /// The events of [`Slots::write_batch`] without the stamps that publish them: the whole
    /// write of a packed batch (`announce` false), or the first half of a stamped one.
    ///
    /// # Safety
    /// As [`Slots::fill`], for every sequence in the range.
    #[inline(always)]
    pub(crate) unsafe fn fill_batch(
        &self,
        first: Sequence,
        last: Sequence,
        announce: bool,
        mut fill: impl FnMut(&mut E, usize),
    ) {
        let count = (last - first + 1) as usize;
        self.runs(first, count, |index, offset, len| {
            for k in 0..len {
                let slot = self.slot_at(index + k);
                if announce {
                    self.begin_write(slot, first + (offset + k) as Sequence);
                }
                let event = self.event_at(slot);
                // SAFETY: as in `write`, for each claimed sequence; `slot` holds sequence
                // `first + offset + k` (see `runs`).
                fill(unsafe { &mut *event }, offset + k);
                self.track_write(event);
            }
        });
    }

    /// Starts a batch whose slots the caller fills one by one ([`super::batch::MutBatchIter`]):
    /// announces the overwrite of every sequence of `first..=last` when `announce` is set.
    ///
    /// # Safety
    /// As [`Slots::write`], for every sequence in the range; the caller fills the slots through
    /// [`Slots::claimed_event`] and then publishes them with [`Slots::end_range`].
    pub(crate) unsafe fn begin_range(&self, first: Sequence, last: Sequence, announce: bool) {
        if announce {
            for seq in first..=last {
                self.begin_write(self.slot(seq), seq);
            }
        }
    }

    /// Where the event of claimed sequence `seq` lives, for [`super::batch::MutBatchIter`] to
    /// hand out; it tells the loom model the slot is being written.
    #[inline]
    pub(crate) fn claimed_event(&self, seq: Sequence) -> *mut E {
        let event = self.event_ptr(seq);
        self.track_write(event);
        event
    }

    /// Publishes every sequence of `first..=last`, in order, each with a Release store of its
    /// stamp after the events the caller filled.
    pub(crate) fn end_range(&self, first: Sequence, last: Sequence) {
        for seq in first..=last {
            self.end_write(self.slot(seq), seq);
        }
    }

    /// Tells the loom model the write of `event` finished (nothing for real).
    #[inline(always)]
    fn track_write(&self, event: *mut E) {
        sync::track_write(event.cast(), core::mem::size_of::<E>());
    }

    /// Stamps `slot` "being written `seq`" and orders that before the event bytes that follow,
    /// for seqlock readers. `slot` comes from [`Slots::slot`] or [`Slots::slot_at`].
    #[inline(always)]
    fn begin_write(&self, slot: *mut u8, seq: Sequence) {
        self.stamp_at(slot).store(!seq, Ordering::Relaxed);
        fence(Ordering::Release);
    }

    /// Publishes `seq` in `slot`: a Release store of its stamp, after the event bytes. `slot`
    /// comes from [`Slots::slot`] or [`Slots::slot_at`].
    #[inline(always)]
    fn end_write(&self, slot: *mut u8, seq: Sequence) {
        self.stamp_at(slot).store(seq, Ordering::Release);
    }

    /// The event of published sequence `seq`, in place.
    ///
    /// # Safety
    /// The caller is a gating consumer that observed `seq`'s stamp with Acquire and has not yet
    /// released `seq` (so the producer cannot overwrite it while the reference lives).
    #[inline(always)]
    pub(crate) unsafe fn get(&self, seq: Sequence) -> &E {
        let event = self.event_ptr(seq);
        sync::track_read(event.cast());
        // SAFETY: per the caller, the slot is published and protected by gating; aligned and in
        // bounds (see `new`).
        unsafe { &*event }
    }

    /// Where the slot of `seq` starts (its stamp, in a stamped layout; its event, packed).
    #[inline(always)]
    pub(crate) fn slot_of(&self, seq: Sequence) -> *const u8 {
        self.slot(seq)
    }

    /// The stamp of `slot`, a pointer from [`Slots::slot_of`] of a stamped layout.
    #[inline(always)]
    pub(crate) fn stamp_in(&self, slot: *const u8) -> &AtomicI64 {
        self.stamp_at(slot.cast_mut())
    }

    /// The event in `slot`, a pointer from [`Slots::slot_of`], for a lease to read in place
    /// later (see [`Slots::get`] for when that is sound); it tells the loom model of the read.
    #[inline(always)]
    pub(crate) fn event_in(&self, slot: *const u8) -> NonNull<E> {
        let event = self.event_at(slot.cast_mut());
        sync::track_read(event.cast());
        // SAFETY: a pointer into the mapped slot array, never null.
        unsafe { NonNull::new_unchecked(event) }
    }

    /// Where the event of `seq` lives, for a lease to read in place later (see
    /// [`Slots::get`] for when that is sound); it tells the loom model of the read.
    #[inline(always)]
    pub(crate) fn event_of(&self, seq: Sequence) -> NonNull<E> {
        let event = self.event_ptr(seq);
        sync::track_read(event.cast());
        // SAFETY: a pointer into the mapped slot array, never null.
        unsafe { NonNull::new_unchecked(event) }
    }

    /// Calls `visit(event, seq)` for every sequence of `first..=last` in order, in place.
    ///
    /// # Safety
    /// As [`Slots::get`], for every sequence in the range.
    #[inline(always)]
    pub(crate) unsafe fn visit_range(
        &self,
        first: Sequence,
        last: Sequence,
        mut visit: impl FnMut(&E, Sequence),
    ) {
        let count = (last - first + 1) as usize;
        self.runs(first, count, |index, offset, len| {
            for k in 0..len {
                let event = self.event_at(self.slot_at(index + k));
                sync::track_read(event.cast());
                // SAFETY: per the caller, as in `get`; `event` is the event of sequence
                // `first + offset + k` (see `runs`).
                visit(unsafe { &*event }, first + (offset + k) as Sequence);
            }
        });
    }

    /// Copies the event in `seq`'s slot into `out`, for a consumer that the producer does not
    /// wait for: the caller must re-check the stamp afterwards ([`Slots::confirm_copy`]) before it
    /// trusts `out`. `out` is the caller's memory (a reader's heap scratch), so no by-value `E` is
    /// made on the stack, whatever the event's size.
    #[inline(always)]
    pub(crate) fn copy_unprotected(&self, seq: Sequence, out: &mut MaybeUninit<E>) {
        // SAFETY: the event is in bounds and 8-aligned, in a slot whose stride and event offset
        // are multiples of 8 (see `new`); `out` is a distinct, writable `E`; the producer may be
        // overwriting the slot concurrently — a torn copy is detected by `confirm_copy`.
        unsafe { sync::racy_copy(self.event_ptr(seq), out.as_mut_ptr()) }
    }

    /// Whether a copy taken by [`Slots::copy_unprotected`] of `seq` is intact.
    #[inline(always)]
    pub(crate) fn confirm_copy(&self, seq: Sequence) -> SlotState {
        fence(Ordering::Acquire);
        classify(self.stamp(seq).load(Ordering::Relaxed), seq)
    }
}

// SAFETY: `Slots` is a typed view of shared memory; moving it to another thread is sound when the
// events themselves may be sent (`SharedEvent: Send`).
unsafe impl<E: SharedEvent> Send for Slots<E> {}
