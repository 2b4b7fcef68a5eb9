//! The producer's half of the core: claim, write, publish. Owns the segment so the slot pointers
//! can never outlive the mapping.

use super::segment::Segment;
use super::sequencer::Sequencer;
use super::slots::Slots;
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

/// Single-producer publishing over one segment.
pub(crate) struct Publisher<E: SharedEvent> {
    // Field order matters for Drop: `slots` points into `segment`.
    slots: Slots<E>,
    sequencer: Sequencer,
    segment: Segment,
}

impl<E: SharedEvent> Publisher<E> {
    /// Takes over a segment this process created and initialised with [`super::init`].
    pub(crate) fn new(segment: Segment) -> Self {
        let slots = super::slots_of(&segment);
        let sequencer = Sequencer::new(segment.plan().capacity);
        Self {
            slots,
            sequencer,
            segment,
        }
    }

    /// Fills the freshly created segment and marks it ready (see [`super::init::initialise`]).
    pub(crate) fn initialise(
        &self,
        producer: crate::backend::process::ProcessIdentity,
        reservations: &super::init::Reservations,
        factory: impl FnMut() -> E,
    ) {
        super::init::initialise(&self.segment, &self.slots, producer, reservations, factory);
    }

    /// The segment written to.
    pub(crate) fn segment(&self) -> &Segment {
        &self.segment
    }

    /// Claims, fills and publishes one event; `Err(shortfall)` when the ring is full.
    #[inline(always)]
    pub(crate) fn try_publish(&mut self, fill: impl FnOnce(&mut E)) -> Result<Sequence, u64> {
        let seq = self.sequencer.claim(&self.segment, 1)?;
        // SAFETY: `claim` proved every gating consumer released `seq - capacity`; a `Publisher`
        // is its segment's only writer (one producer per ring).
        unsafe {
            self.slots
                .write(seq, self.sequencer.marks_overwrites(), fill)
        };
        self.sequencer.commit(seq);
        if seq & (CURSOR_EVERY - 1) == CURSOR_EVERY - 1 {
            self.store_cursor(seq);
        }
        Ok(seq)
    }

    /// Claims, fills and publishes `n >= 1` events; `Err(shortfall)` when fewer slots are free.
    #[inline]
    pub(crate) fn try_publish_batch(
        &mut self,
        n: u64,
        fill: impl FnMut(&mut E, usize),
    ) -> Result<Sequence, u64> {
        let last = self.sequencer.claim(&self.segment, n)?;
        let first = self.sequencer.next();
        // SAFETY: as in `try_publish`, for every sequence of `first..=last`.
        unsafe {
            self.slots
                .write_batch(first, last, self.sequencer.marks_overwrites(), fill)
        };
        self.sequencer.commit(last);
        self.store_cursor(last);
        Ok(last)
    }

    /// Whether a claim of `n` would succeed now (refreshing the gating limit if needed).
    pub(crate) fn can_claim(&mut self, n: u64) -> bool {
        self.sequencer.claim(&self.segment, n).is_ok()
    }

    /// Stores `last` (whose stamp, and every earlier one, is already published) to the producer
    /// cursor with Release, so a reader that loads it with Acquire may read every event up to it.
    #[inline(always)]
    fn store_cursor(&self, last: Sequence) {
        self.segment
            .producer_cursor()
            .store(last, Ordering::Release);
    }

    /// Brings the producer cursor up to the last published sequence (when closing the ring).
    pub(crate) fn sync_cursor(&self) {
        self.store_cursor(self.last_published());
    }

    /// The last published sequence.
    pub(crate) fn last_published(&self) -> Sequence {
        self.sequencer.next() - 1
    }

    /// See [`Sequencer::min_gating`].
    pub(crate) fn min_gating(&mut self) -> Sequence {
        self.sequencer.min_gating(&self.segment)
    }

    /// See [`Sequencer::gating_count`].
    pub(crate) fn gating_count(&mut self) -> usize {
        self.sequencer.gating_count(&self.segment)
    }
}
