//! The producer's half of the core: claim, write, publish. Owns the segment so the slot pointers
//! can never outlive the mapping.

use super::segment::Segment;
use super::sequencer::Sequencer;
use super::slots::Slots;
use crate::Sequence;
use crate::event::SharedEvent;
use core::sync::atomic::Ordering;

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
        self.commit(seq);
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
        self.commit(last);
        Ok(last)
    }

    /// Whether a claim of `n` would succeed now (refreshing the gating limit if needed).
    pub(crate) fn can_claim(&mut self, n: u64) -> bool {
        self.sequencer.claim(&self.segment, n).is_ok()
    }

    #[inline(always)]
    fn commit(&mut self, last: Sequence) {
        // Stamps were published by `Slots::write`; the cursor serves `producer_sequence`, batch
        // snapshots and late joiners.
        self.segment
            .producer_cursor()
            .store(last, Ordering::Release);
        self.sequencer.commit(last);
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
