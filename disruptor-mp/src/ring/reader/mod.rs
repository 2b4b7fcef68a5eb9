//! The consumer's half of the core: learn availability from the slot stamp, read, release in
//! batches. Owns the segment so slot references can never outlive the mapping.

// Only the async stream copies ahead.
#[cfg(feature = "tokio")]
mod ahead;

use super::consumer_table::{ConsumerTable, Joined, MAX_START};
use super::lease::SharedConsumerLease;
use super::packed;
use super::segment::Segment;
use super::slots::{SlotState, Slots, classify};
use crate::Sequence;
use crate::event::SharedEvent;
use core::mem::MaybeUninit;
use core::ptr::NonNull;
use core::sync::atomic::Ordering;

/// Events a gating batch read checks stamp by stamp before it bounds the rest with one load of
/// the producer cursor (see [`Reader::visit_available`]). Small under loom, so the models reach
/// both paths with a handful of events.
#[cfg(not(loom))]
const STAMP_WALK: usize = 8;
#[cfg(loom)]
const STAMP_WALK: usize = 1;

/// Slots an oldest-resume looks past at most (see [`Reader::first_not_overwritten`]): one for
/// a write in flight, the rest for a producer that laps the reader again meanwhile.
const RESUME_STEPS: usize = 4;

/// The next event was overwritten before it was read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Lapped {
    pub(crate) expected: Sequence,
    pub(crate) found: Sequence,
    /// Whether the producer had evicted this gating reader, which is how it came to be lapped
    /// (see [`Reader::evicted`]).
    pub(crate) evicted: bool,
}

impl Lapped {
    /// A lap of a reader that was not evicted (the reader marks evictions, see
    /// [`Reader::fault`]).
    fn at(expected: Sequence, found: Sequence) -> Self {
        Self {
            expected,
            found,
            evicted: false,
        }
    }
}

/// Where a reader that does not gate goes on from after [`Reader::resume`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ResumeAt {
    /// The oldest sequence the ring still holds: one ring behind the last published.
    Oldest,
    /// Just after the last published sequence.
    Newest,
}

/// What a reader's Acquire load of a stamp showed, for one sequence. Only [`Reader::observe`]
/// makes one, so a `Ready` observation is proof the event was published.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Observation {
    seq: Sequence,
    state: SlotState,
    /// Where `seq`'s slot starts, computed for the look, so a lease made from this observation
    /// need not compute it again after the Acquire load (the compiler would: three
    /// instructions per event, `bench/callgrind.sh`). Only a pointer: nothing reads through it
    /// without the reader, which still owns the mapping.
    slot: *const u8,
}

impl Observation {
    /// What the stamp said.
    pub(crate) fn state(&self) -> SlotState {
        self.state
    }
}

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

    /// Calls `visit(&event, seq)` for up to `max` published events, in place when gating, then
    /// stores the cursor once. Returns how many were visited (and a lap, if one stopped it).
    ///
    /// A gating reader either takes what is published as one run, bounded by one load of the
    /// producer cursor, or — when its last call found no more than [`STAMP_WALK`] events, as when
    /// it keeps up with a producer publishing one at a time — first checks up to that many events
    /// by their stamps, which sit on the lines it reads anyway, and loads the cursor only if they
    /// were all ready. Keeping up then never touches the cursor line the producer writes (which
    /// made small events several times slower), and a backlog still costs one cursor load.
    ///
    /// With `flush` false the cursor is stored only once a quarter ring is done (as
    /// [`Reader::advance`] does), so a caller that visits one event per call does not write the
    /// shared line per event; it must [`Reader::flush`] before it waits.
    #[inline]
    pub(crate) fn visit_available(
        &mut self,
        max: usize,
        flush: bool,
        mut visit: impl FnMut(&E, Sequence),
    ) -> (usize, Option<Lapped>) {
        let (count, lapped) = if self.packed {
            self.visit_packed(max, &mut visit)
        } else {
            self.visit_stamped(max, &mut visit)
        };
        self.keeping_up = count <= STAMP_WALK;
        if flush || self.next >= self.flush_at {
            self.flush();
        }
        (count, lapped)
    }

    /// The reading half of [`Reader::visit_available`] in a stamped ring.
    #[inline(always)]
    fn visit_stamped(
        &mut self,
        max: usize,
        mut visit: &mut impl FnMut(&E, Sequence),
    ) -> (usize, Option<Lapped>) {
        let mut count = 0;
        let mut lapped = None;
        let walk = if self.keeping_up { STAMP_WALK } else { 0 };
        while count < max {
            if self.in_place
                && count == walk
                && let Some(run) = self.visit_published_run(max - count, &mut visit)
            {
                count += run;
                break;
            }
            let seq = self.next;
            match self.stamp_state() {
                SlotState::NotYet => break,
                SlotState::Overwritten(found) => {
                    lapped = Some(self.fault(Lapped::at(seq, found)));
                    break;
                }
                // SAFETY: as in `try_read`.
                SlotState::Ready if self.in_place => visit(unsafe { self.slots.get(seq) }, seq),
                SlotState::Ready => match self.copy_to_scratch::<false>(seq) {
                    Ok(copy) => (*visit)(copy, seq),
                    Err(lap) => {
                        lapped = Some(lap);
                        break;
                    }
                },
            }
            self.next += 1;
            count += 1;
        }
        (count, lapped)
    }

    /// The reading half of [`Reader::visit_available`] in a packed ring: one Acquire load of
    /// the producer cursor bounds the run; an in-place reader visits it in the slots, any other
    /// reader visits verified copies (each checked against the claim after the copy).
    ///
    /// Unlike stamps, the cursor cannot be checked against anything: a peer that scribbles
    /// over it can make a packed reader read slots the producer has not published (still
    /// never out of the slot array, and never more than one ring).
    #[inline]
    fn visit_packed(
        &mut self,
        max: usize,
        visit: &mut impl FnMut(&E, Sequence),
    ) -> (usize, Option<Lapped>) {
        let first = self.next;
        let cursor = self.segment.producer_cursor().load(Ordering::Acquire);
        let capacity = self.segment.plan().capacity as Sequence;
        match packed::classify(cursor, first, capacity) {
            SlotState::NotYet => return (0, None),
            // Only a reader the producer does not wait for — or one whose table cursor a peer
            // moved — can be a ring behind.
            SlotState::Overwritten(found) => {
                return (0, Some(self.fault(Lapped::at(first, found))));
            }
            SlotState::Ready => {}
        }
        let last = cursor.min(first - 1 + max as Sequence);
        if self.in_place {
            // SAFETY: the Acquire load of the cursor showed every sequence up to `last`
            // published; this in-place reader gates the producer, which may not evict it, and
            // has not released them.
            unsafe { self.slots.visit_range(first, last, visit) };
            self.next = last + 1;
            return ((last - first + 1) as usize, None);
        }
        let mut count = 0;
        while self.next <= last {
            let seq = self.next;
            match self.copy_to_scratch::<true>(seq) {
                Ok(copy) => visit(copy, seq),
                Err(lap) => return (count, Some(lap)),
            }
            self.next += 1;
            count += 1;
        }
        (count, None)
    }

    /// An in-place reader's batch: one producer-cursor load bounds the run, and one stamp — the
    /// run's last — proves it. An honest producer stores stamps in sequence order with Release
    /// before the cursor, so an Acquire load showing the last stamp makes every earlier event of
    /// the run visible, and gating keeps them from being overwritten. Returns `None` (so the
    /// caller checks stamp by stamp) when the next event is not published, or when the cursor
    /// and the stamp disagree, as they would if a peer scribbled over the cursor.
    #[inline]
    fn visit_published_run(
        &mut self,
        max: usize,
        visit: &mut impl FnMut(&E, Sequence),
    ) -> Option<usize> {
        let first = self.next;
        if self.stamp_state() != SlotState::Ready {
            return None;
        }
        let cursor = self.segment.producer_cursor().load(Ordering::Acquire);
        let last = cursor.min(first - 1 + max as Sequence);
        if last < first || self.slots.stamp(last).load(Ordering::Acquire) != last {
            return None;
        }
        // SAFETY: the Acquire load of `last`'s stamp showed it published, and with it every
        // earlier sequence of the run (see above); this in-place reader gates the producer,
        // which may not evict it, and has not released them.
        unsafe { self.slots.visit_range(first, last, visit) };
        self.next = last + 1;
        Some((last - first + 1) as usize)
    }

    /// Whether this reader reads a stamped ring in place (see the field).
    #[inline(always)]
    pub(crate) fn stamped_in_place(&self) -> bool {
        self.stamped_in_place
    }

    /// [`Reader::observe`] for a reader of a stamped ring, which need not ask the layout.
    #[inline(always)]
    pub(crate) fn observe_stamp(&self) -> Observation {
        debug_assert!(!self.packed);
        let seq = self.next;
        let slot = self.slots.slot_of(seq);
        let state = classify(self.slots.stamp_in(slot).load(Ordering::Acquire), seq);
        Observation { seq, state, slot }
    }

    /// [`Reader::observe`] for a reader of a packed ring, which need not ask the layout.
    #[inline(always)]
    pub(crate) fn observe_packed(&self) -> Observation {
        debug_assert!(self.packed);
        let seq = self.next;
        let slot = self.slots.slot_of(seq);
        let state = packed::state(&self.segment, seq);
        Observation { seq, state, slot }
    }

    /// Looks at the next slot's stamp (Acquire) and remembers what it said, so a caller can act
    /// on it (idle work, then [`Reader::lease`]) without loading the stamp twice.
    #[inline(always)]
    pub(crate) fn observe(&self) -> Observation {
        let seq = self.next;
        let slot = self.slots.slot_of(seq);
        let state = if self.packed {
            packed::state(&self.segment, seq)
        } else {
            classify(self.slots.stamp_in(slot).load(Ordering::Acquire), seq)
        };
        Observation { seq, state, slot }
    }

    /// Leases the next event if it is published: in place for an in-place reader, a verified
    /// copy otherwise.
    #[cfg(test)]
    pub(crate) fn try_lease(&mut self) -> Result<Option<SharedConsumerLease<'_, E>>, Lapped> {
        let observation = self.observe();
        self.lease(observation)
    }

    /// Leases the next event according to `observation` (re-observing if it is about another
    /// sequence).
    #[inline(always)]
    pub(crate) fn lease(
        &mut self,
        observation: Observation,
    ) -> Result<Option<SharedConsumerLease<'_, E>>, Lapped> {
        let seq = self.next;
        let state = if observation.seq == seq {
            observation.state
        } else {
            self.next_state()
        };
        match state {
            SlotState::NotYet => Ok(None),
            SlotState::Overwritten(found) => Err(self.fault(Lapped::at(seq, found))),
            SlotState::Ready => {
                let event = if self.in_place {
                    self.slots.event_of(seq)
                } else if self.packed {
                    NonNull::from(self.copy_to_scratch::<true>(seq)?)
                } else {
                    NonNull::from(self.copy_to_scratch::<false>(seq)?)
                };
                // SAFETY: the observation showed `seq` (this reader's next) published; an
                // in-place reader gates the producer and is never evicted, so the slot keeps
                // `seq` until the reader advances, which only the lease's drop does; a copy is
                // in the scratch, which only this reader writes, and the lease borrows it.
                Ok(Some(unsafe { SharedConsumerLease::new(self, event) }))
            }
        }
    }

    /// [`Reader::lease`] for an in-place reader and an observation just made that showed the
    /// next event published: the checked consume's fast path, without looking again at what
    /// the caller has just seen.
    #[inline(always)]
    pub(crate) fn lease_observed_in_place(
        &mut self,
        observation: Observation,
    ) -> SharedConsumerLease<'_, E> {
        debug_assert!(self.in_place && observation.seq == self.next);
        debug_assert_eq!(observation.state, SlotState::Ready);
        let event = self.slots.event_in(observation.slot);
        // SAFETY: as in `lease`, for an in-place reader: the caller observed this reader's next
        // sequence published (Acquire) just now, and `slot` is that sequence's slot.
        unsafe { SharedConsumerLease::new(self, event) }
    }

    /// The event a live lease shows: the slot of `next` for an in-place reader, the verified
    /// copy otherwise. Only under loom, whose model learns of each in-place read here.
    #[cfg(loom)]
    pub(crate) fn leased(&self) -> &E {
        if self.in_place {
            // SAFETY: only a lease calls this, and `lease` builds one only after an Acquire load
            // showed `next` published; an in-place reader is never evicted; the lease borrows this reader mutably until it drops, so
            // `next` stays unreleased (and the mapping alive) while the reference is used.
            unsafe { self.slots.get(self.next) }
        } else {
            self.scratch_event()
        }
    }

    /// A verified copy of `seq`'s event in the scratch, for a reader that does not read in
    /// place. Out of line, as is [`Reader::scratch_event`]: the in-place reads next to them are
    /// the hot path, and
    /// inlined, the box's pointer load joined their code (one instruction more per event).
    #[cold]
    #[inline(never)]
    ///
    /// `PACKED` is the ring's layout, fixed per caller: a stamped reader's loop then checks its
    /// copies without asking the segment which layout it has (two instructions per event more
    /// when it did, `bench/callgrind.sh ... ours-evictable`).
    fn copy_to_scratch<const PACKED: bool>(&mut self, seq: Sequence) -> Result<&E, Lapped> {
        debug_assert_eq!(PACKED, self.packed);
        if let Err(lap) =
            copy_checked::<E, PACKED>(&self.slots, &self.segment, seq, &mut self.scratch)
        {
            return Err(self.fault(lap));
        }
        Ok(self.scratch_event())
    }

    /// The event in the scratch.
    #[cold]
    #[inline(never)]
    fn scratch_event(&self) -> &E {
        // SAFETY: every byte of the scratch is initialised (zeroed when made, then only
        // overwritten whole by `copy_unprotected`), and any bytes are a valid `E`
        // (`SharedEvent`).
        unsafe { self.scratch.assume_init_ref() }
    }

    /// Moves a reader the producer does not wait for forward to `at` — never backwards — and
    /// returns how many sequences it skipped; `None`, with nothing changed, for a gating reader,
    /// which the producer never laps and which must read every event.
    ///
    /// Only this reader's own state moves: `next`, then a [`Reader::flush`] that records the
    /// skipped sequences as done in its table cursor (which the producer never reads for a
    /// non-gating entry, see `ConsumerTable::gates`), so `released == next - 1` as after any
    /// flush. A lap is not remembered anywhere but in `next` meeting an overwritten stamp, so
    /// it is no longer reported once `next` is past it.
    ///
    /// The last published sequence `p` is read as a joiner reads it (`Segment::last_published`,
    /// clamped to `[-1, MAX_START]` against a scribbled cursor). `Newest` starts at `p + 1`.
    /// `Oldest` starts at `p - capacity + 1`, the oldest sequence whose slot holds it now, or
    /// after it if its slot is already being overwritten (see
    /// [`Reader::first_not_overwritten`]); a producer that keeps publishing may still overwrite
    /// it before it is read, and the next read then reports a fresh lap, never data.
    #[cold]
    pub(crate) fn resume(&mut self, at: ResumeAt) -> Option<u64> {
        if self.gating {
            return None;
        }
        let published = self.segment.last_published().clamp(-1, MAX_START);
        let capacity = self.segment.plan().capacity as Sequence;
        let start = match at {
            ResumeAt::Oldest if self.packed => {
                packed::oldest_held(&self.segment, published).clamp(self.next, published + 1)
            }
            ResumeAt::Oldest => {
                let oldest = (published - capacity + 1).max(self.next);
                self.first_not_overwritten(oldest, published + 1)
            }
            ResumeAt::Newest => (published + 1).max(self.next),
        };
        let skipped = (start - self.next) as u64;
        self.next = start;
        self.flush();
        Some(skipped)
    }

    /// The first sequence from `start` on whose slot a later write has not taken, for an
    /// oldest-resume: the last published sequence does not show a write in flight — nor one a
    /// producer died in, which would otherwise leave the reader lapped at the same sequence
    /// after every resume. Each step skips to one ring behind the sequence the slot is taken
    /// by, and stops at `newest`; a few steps at most, so stamps a peer scribbled cannot keep
    /// it looping.
    fn first_not_overwritten(&self, mut start: Sequence, newest: Sequence) -> Sequence {
        let capacity = self.segment.plan().capacity as Sequence;
        for _ in 0..RESUME_STEPS {
            if start >= newest {
                break;
            }
            let stamp = self.slots.stamp(start).load(Ordering::Acquire);
            let SlotState::Overwritten(found) = classify(stamp, start) else {
                break;
            };
            start = (found.min(MAX_START) - capacity + 1)
                .max(start + 1)
                .min(newest);
        }
        start
    }

    /// Whether this reader's table entry is no longer its own: the producer evicted it (or, for
    /// a reader presumed dead, another took it over). Only a reader that does not read in place
    /// can be evicted alive.
    #[cold]
    #[inline(never)]
    fn lost_place(&self) -> bool {
        ConsumerTable::new(&self.segment).epoch(self.entry) != self.epoch
    }

    /// The producer evicted this gating reader: it stopped holding events for it. Returns the
    /// last sequence the reader read (everything after may be overwritten at any moment), and
    /// remembers that the caller was told, so the drop releases the entry for a fresh join.
    /// Always `None` for an in-place reader, which is never evicted alive.
    #[cold]
    pub(crate) fn evicted(&mut self) -> Option<Sequence> {
        if !self.evictable || !self.lost_place() {
            return None;
        }
        self.told_evicted = true;
        Some(self.next - 1)
    }

    /// Marks `lap` as an eviction if that is how this reader came to be lapped, and counts it.
    #[cold]
    fn fault(&mut self, lap: Lapped) -> Lapped {
        super::counters::add_consumer(
            &self.segment,
            self.entry,
            super::counters::ConsumerCounter::Laps,
            1,
        );
        Lapped {
            evicted: self.evicted().is_some(),
            ..lap
        }
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
