//! Looking at the next slot, then leasing its event: in place for a reader that gates and is
//! never evicted, a verified copy in the reader's scratch otherwise.

use super::{Lapped, Reader, copy_checked};
use crate::Sequence;
use crate::event::SharedEvent;
use crate::ring::lease::SharedConsumerLease;
use crate::ring::packed;
use crate::ring::slots::{SlotState, classify};
use core::ptr::NonNull;
use core::sync::atomic::Ordering;

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

impl<E: SharedEvent> Reader<E> {
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
    pub(super) fn copy_to_scratch<const PACKED: bool>(
        &mut self,
        seq: Sequence,
    ) -> Result<&E, Lapped> {
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
}
