//! The producer's half of the core: claim, write, publish. Owns the segment so the slot pointers
//! can never outlive the mapping.

use super::batch::MutBatchIter;
use super::counters::{self, ProducerCounter};
use super::packed;
use super::segment::Segment;
use super::sequencer::{Sequencer, WriteMode};
use super::slots::Slots;
use super::wakeup;
use crate::Sequence;
use crate::event::SharedEvent;
use core::sync::atomic::Ordering;

/// Single publishes per store of the producer cursor (a power of two).
///
/// Stamps tell consumers what is published; the cursor is only a lower bound that lets a reader
/// take a backlog as one run (`Reader::visit_available`) and gives late joiners a place to start.
/// Storing it on every single publish wrote a line that a reader working through a backlog keeps
/// loading, so each publish waited for that line to come back: measured here, 8-byte single
/// publishes ran at 0.3 × the stamped floor with a store per publish and 0.6–0.7 × with one per
/// 32. Batches store it once each, and every gating refresh stores it before its SeqCst fence
/// (see `Sequencer::min_gating`), which is what late joins rely on. Under loom it is larger than
/// the models' rings, as 32 is larger than small real rings, so a joiner's walk over the stamps
/// cannot make up for a refresh that forgot the cursor.
#[cfg(not(loom))]
const CURSOR_EVERY: Sequence = 32;
#[cfg(loom)]
const CURSOR_EVERY: Sequence = 4;

/// The proof that sequences `first..=last` may be written: only [`Publisher::claim`] makes one,
/// and only a `publish_*` call consumes it.
#[derive(Debug)]
#[must_use = "a claim publishes nothing until it is filled"]
pub(crate) struct Claimed {
    first: Sequence,
    last: Sequence,
}

impl Claimed {
    /// Number of sequences claimed.
    pub(crate) fn len(&self) -> usize {
        (self.last - self.first + 1) as usize
    }

    /// The first sequence claimed.
    pub(crate) fn first(&self) -> Sequence {
        self.first
    }
}

/// Single-producer publishing over one segment.
pub(crate) struct Publisher<E: SharedEvent> {
    // Field order matters for Drop: `slots` points into `segment`.
    slots: Slots<E>,
    sequencer: Sequencer,
    segment: Segment,
    /// The single publish at which the cursor is next stored: one comparison per publish (two
    /// instructions fewer than testing the sequence's low bits, `bench/callgrind.sh`).
    cursor_due: Sequence,
}

impl<E: SharedEvent> Publisher<E> {
    /// Takes over a segment this process created and initialised with [`super::init`].
    pub(crate) fn new(segment: Segment) -> Self {
        wakeup::register(&segment);
        let slots = super::slots_of(&segment);
        let mut sequencer = Sequencer::new(segment.plan().capacity);
        sequencer.set_packed(segment.packed());
        Self {
            slots,
            sequencer,
            segment,
            cursor_due: CURSOR_EVERY - 1,
        }
    }

    /// Fills the freshly created segment and marks it ready (see [`super::init::initialise`]).
    /// With `consumers_evictable`, every overwrite is marked from the first publish on: any
    /// consumer may become one the producer no longer waits for.
    pub(crate) fn initialise(
        &mut self,
        producer: crate::backend::process::ProcessIdentity,
        reservations: &super::init::Reservations,
        consumers_evictable: bool,
        factory: impl FnMut() -> E,
    ) {
        super::init::initialise(
            &self.segment,
            &self.slots,
            producer,
            reservations,
            consumers_evictable,
            factory,
        );
        self.sequencer.mark_every_overwrite(consumers_evictable);
    }

    /// The segment written to.
    pub(crate) fn segment(&self) -> &Segment {
        &self.segment
    }

    /// Claims the next `n` sequences, or returns the shortfall in free slots (`n == 0` claims
    /// the empty range after the last published sequence). Nothing is written or published until
    /// the claim is filled; a claim dropped unfilled leaves no trace (claiming is local
    /// arithmetic).
    #[inline(always)]
    pub(crate) fn claim(&mut self, n: u64) -> Result<Claimed, u64> {
        let last = self.sequencer.claim(&self.segment, n)?;
        Ok(Claimed {
            first: self.sequencer.next(),
            last,
        })
    }

    /// Fills the single sequence of `claimed` with `fill` and publishes it.
    #[inline(always)]
    pub(crate) fn publish_one(&mut self, claimed: Claimed, fill: impl FnOnce(&mut E)) -> Sequence {
        let seq = claimed.last;
        debug_assert_eq!(claimed.first, seq);
        // Marked unlikely so the plain stamped path stays straight-line code: without the
        // hint the compiler laid the careful path in the middle and merged the two tails, a
        // jump and a register move more per plain publish (`bench/callgrind.sh`).
        if unlikely(self.sequencer.careful()) {
            return self.publish_one_careful(seq, fill);
        }
        // SAFETY: `claimed` comes from `claim`, which proved every gating consumer released
        // `seq - capacity`; a `Publisher` is its segment's only writer (one producer per ring).
        unsafe { self.slots.write(seq, false, fill) };
        self.finish_single(seq);
        seq
    }

    /// [`Publisher::publish_one`] when the slots are packed or overwrites must be announced.
    /// Always inlined: its caller marks it unlikely, which would otherwise make it a call.
    #[inline(always)]
    fn publish_one_careful(&mut self, seq: Sequence, fill: impl FnOnce(&mut E)) -> Sequence {
        if !self.sequencer.packed() {
            // Careful and stamped: overwrites are announced.
            // SAFETY: as in `publish_one`.
            unsafe { self.slots.write(seq, true, fill) };
            self.finish_single(seq);
            return seq;
        }
        if self.sequencer.write_mode() == WriteMode::PackedAnnounced {
            packed::announce(&self.segment, seq);
        }
        // SAFETY: as in `publish_one`; a reader the producer does not wait for was told of the
        // overwrite through the claim just above.
        unsafe { self.slots.fill(seq, fill) };
        packed::publish(&self.segment, seq);
        self.sequencer.commit(seq);
        wakeup::wake_consumers_if_sleeping(&self.segment);
        seq
    }

    /// After a single publish: records it, stores the cursor now and then (a stamped ring needs
    /// it only as a lower bound; a packed publish has just stored it, and storing the same value
    /// again is harmless and cheaper than telling the two apart here), and wakes sleeping
    /// consumers.
    #[inline(always)]
    fn finish_single(&mut self, seq: Sequence) {
        self.sequencer.commit(seq);
        if seq >= self.cursor_due {
            self.store_cursor(seq);
            self.cursor_due = seq + CURSOR_EVERY;
        }
        wakeup::wake_consumers_if_sleeping(&self.segment);
    }

    /// Fills every sequence of `claimed` (`fill(slot, i)` for the `i`-th) and publishes them
    /// together: all slots are written before any stamp.
    #[inline]
    pub(crate) fn publish_each(
        &mut self,
        claimed: Claimed,
        fill: impl FnMut(&mut E, usize),
    ) -> Sequence {
        let Claimed { first, last } = claimed;
        if self.sequencer.careful() {
            self.write_batch_careful(first, last, fill);
        } else {
            // SAFETY: as in `publish_one`, for every sequence of `first..=last`.
            unsafe { self.slots.write_batch(first, last, false, fill) };
        }
        self.sequencer.commit(last);
        self.store_cursor(last);
        wakeup::wake_consumers_if_sleeping(&self.segment);
        last
    }

    /// The writes of [`Publisher::publish_each`] when the slots are packed (events, then the
    /// cursor store that follows publishes them) or overwrites must be announced.
    #[inline]
    fn write_batch_careful(
        &mut self,
        first: Sequence,
        last: Sequence,
        fill: impl FnMut(&mut E, usize),
    ) {
        let announce = self.sequencer.marks_overwrites();
        if self.sequencer.packed() {
            if announce {
                packed::announce(&self.segment, last);
            }
            // SAFETY: as in `publish_one`, for every sequence of `first..=last`; readers the
            // producer does not wait for were told through the claim just above.
            unsafe { self.slots.fill_batch(first, last, false, fill) };
        } else {
            // SAFETY: as in `publish_one`, for every sequence of `first..=last`.
            unsafe { self.slots.write_batch(first, last, announce, fill) };
        }
    }

    /// Lends the slots of `claimed` to `fill` as an iterator, then publishes them together.
    pub(crate) fn publish_iter(
        &mut self,
        claimed: Claimed,
        fill: impl for<'b> FnOnce(MutBatchIter<'b, E>),
    ) -> Sequence {
        let Claimed { first, last } = claimed;
        let announce = self.sequencer.marks_overwrites();
        let packed = self.sequencer.packed();
        if packed && announce {
            packed::announce(&self.segment, last);
        } else {
            // SAFETY: as in `publish_one`, for every sequence of `first..=last`; the range is
            // ended below, after the iterator (and every reference it handed out) is gone.
            unsafe { self.slots.begin_range(first, last, announce && !packed) };
        }
        fill(MutBatchIter::new(&self.slots, first, last));
        if !packed {
            self.slots.end_range(first, last);
        }
        self.sequencer.commit(last);
        self.store_cursor(last);
        wakeup::wake_consumers_if_sleeping(&self.segment);
        last
    }

    /// Claims, fills and publishes one event; `Err(shortfall)` when the ring is full. The
    /// in-crate tests' shape of `claim` + `publish_one`.
    #[cfg(any(test, feature = "fuzzing"))]
    pub(crate) fn try_publish(&mut self, fill: impl FnOnce(&mut E)) -> Result<Sequence, u64> {
        let claimed = self.claim(1)?;
        Ok(self.publish_one(claimed, fill))
    }

    /// Claims, fills and publishes `n` events (`n == 0` brings the producer cursor up to date
    /// and returns the last published sequence); `Err(shortfall)` when fewer slots are free. The
    /// in-crate tests' shape of `claim` + `publish_each`.
    #[cfg(any(test, feature = "fuzzing"))]
    pub(crate) fn try_publish_batch(
        &mut self,
        n: u64,
        fill: impl FnMut(&mut E, usize),
    ) -> Result<Sequence, u64> {
        if n == 0 {
            self.sync_cursor();
            return Ok(self.last_published());
        }
        let claimed = self.claim(n)?;
        Ok(self.publish_each(claimed, fill))
    }

    /// Stores `last` (whose stamp, and every earlier one, is already published) to the producer
    /// cursor with Release, so a reader that loads it with Acquire may read every event up to it.
    #[inline(always)]
    fn store_cursor(&self, last: Sequence) {
        self.segment
            .producer_cursor()
            .store(last, Ordering::Release);
    }

    /// Sleeps until a consumer may have freed room for `n` more events, or `timeout` passes (see
    /// [`wakeup::sleep_until_space`]); returns at once if there is room already.
    #[cold]
    pub(crate) fn sleep_until_space(&mut self, n: u64, timeout: std::time::Duration) {
        let Self {
            sequencer, segment, ..
        } = self;
        if wakeup::sleep_until_space(segment, || sequencer.claim(segment, n).is_ok(), timeout) {
            counters::add_producer(segment, ProducerCounter::Sleeps, 1);
        }
    }

    /// [`Publisher::claim`] for the calls that give up on a full ring, which is counted.
    #[inline(always)]
    pub(crate) fn claim_or_note_full(&mut self, n: u64) -> Result<Claimed, u64> {
        let claimed = self.claim(n);
        if claimed.is_err() {
            self.note_full();
        }
        claimed
    }

    /// Counts a publish that found the ring full (see [`ProducerCounter::FullEvents`]).
    #[cold]
    pub(crate) fn note_full(&self) {
        counters::add_producer(&self.segment, ProducerCounter::FullEvents, 1);
    }

    /// Counts `waited` spent blocked for room.
    #[cold]
    pub(crate) fn note_blocked(&self, waited: std::time::Duration) {
        let nanos = u64::try_from(waited.as_nanos()).unwrap_or(u64::MAX);
        counters::add_producer(&self.segment, ProducerCounter::BlockedNs, nanos);
    }

    /// Brings the producer cursor up to the last published sequence (when closing the ring).
    pub(crate) fn sync_cursor(&self) {
        self.store_cursor(self.last_published());
    }

    /// The event published as `seq`, if its slot still holds it. Borrowing the publisher
    /// shared means nothing is published while the reference lives.
    pub(crate) fn published_event(&self, seq: Sequence) -> Option<&E> {
        let capacity = self.segment.plan().capacity as Sequence;
        let last = self.last_published();
        if seq < 0 || seq > last || seq <= last - capacity {
            return None;
        }
        if !self.sequencer.packed() && self.slots.stamp(seq).load(Ordering::Acquire) != seq {
            return None;
        }
        // SAFETY: this process is the ring's only writer and `&self` excludes a publish while
        // the reference lives; `seq` is among the last `capacity` it published (checked above),
        // so its slot holds it (in a stamped ring the stamp confirms it too). Readers only read.
        Some(unsafe { self.slots.get(seq) })
    }

    /// The last published sequence.
    pub(crate) fn last_published(&self) -> Sequence {
        self.sequencer.next() - 1
    }

    /// See [`Sequencer::min_gating`]; the in-crate tests' view of the gating refresh.
    #[cfg(any(test, feature = "fuzzing"))]
    pub(crate) fn min_gating(&mut self) -> Sequence {
        self.sequencer.min_gating(&self.segment)
    }

    /// See [`Sequencer::gating_count`]; the in-crate tests' view of the cached gating set.
    #[cfg(all(test, not(loom)))]
    pub(crate) fn gating_count(&mut self) -> usize {
        self.sequencer.gating_count(&self.segment)
    }
}

/// `flag`, telling the compiler that it is seldom true (a call to a `#[cold]` function on the
/// true side steers block placement; stable Rust has no `cold_path` at this crate's MSRV).
#[inline(always)]
fn unlikely(flag: bool) -> bool {
    if flag {
        seldom();
    }
    flag
}

/// Marks the path that calls it as cold (see [`unlikely`]); does nothing.
#[cold]
#[inline]
fn seldom() {}
