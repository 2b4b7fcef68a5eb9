//! Filling a claimed batch slot by slot: the published `Producer` trait's batch shape.

use super::slots::Slots;
use crate::Sequence;
use crate::event::SharedEvent;

/// The slots of a claimed batch, handed out in sequence order for the caller to fill in place.
///
/// Given to the closure of [`crate::Producer::batch_publish`] and
/// [`crate::Producer::try_batch_publish`]; every slot of the batch is published when the
/// closure returns, filled or not, so fill them all. Each slot still holds the event of a lap
/// ago: overwrite every field.
pub struct MutBatchIter<'a, E: SharedEvent> {
    slots: &'a Slots<E>,
    next: Sequence,
    last: Sequence,
}

impl<'a, E: SharedEvent> MutBatchIter<'a, E> {
    /// The slots of `first..=last`, a range started with [`Slots::begin_range`].
    pub(crate) fn new(slots: &'a Slots<E>, first: Sequence, last: Sequence) -> Self {
        Self {
            slots,
            next: first,
            last,
        }
    }
}

impl<'a, E: SharedEvent> Iterator for MutBatchIter<'a, E> {
    type Item = &'a mut E;

    fn next(&mut self) -> Option<&'a mut E> {
        if self.next > self.last {
            return None;
        }
        let seq = self.next;
        self.next += 1;
        let event = self.slots.claimed_event(seq);
        // SAFETY: `seq` is in the claimed range this iterator was made for (`Publisher` begins
        // it, lends the iterator to a closure and ends the range after the closure returns, so
        // no gating reader holds the slot), each sequence is yielded once (no two references to
        // one slot), and the pointer is aligned and in bounds; any bytes are a valid `E`.
        Some(unsafe { &mut *event })
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let left = usize::try_from(self.last - self.next + 1).unwrap_or(0);
        (left, Some(left))
    }
}

impl<E: SharedEvent> ExactSizeIterator for MutBatchIter<'_, E> {}
