//! A leased event: read in place, released when the lease drops.

use super::reader::Reader;
use crate::Sequence;
use crate::event::SharedEvent;
use core::ops::Deref;

/// An event borrowed from the ring. Derefs to the event; dropping the lease marks it consumed.
///
/// For a gating consumer the reference points into the slot (zero copy; the producer cannot
/// overwrite it while the lease lives). For a non-gating consumer, which the producer may lap, the
/// lease holds a verified copy instead, so it never shows torn data.
pub struct SharedConsumerLease<'a, E: SharedEvent> {
    reader: &'a mut Reader<E>,
    sequence: Sequence,
    data: LeaseData<E>,
}

enum LeaseData<E> {
    InPlace(*const E),
    Copied(E),
}

impl<'a, E: SharedEvent> SharedConsumerLease<'a, E> {
    /// A lease on the slot itself: `event` points at published `sequence` of a gating reader.
    pub(crate) fn in_place(reader: &'a mut Reader<E>, sequence: Sequence, event: *const E) -> Self {
        Self {
            reader,
            sequence,
            data: LeaseData::InPlace(event),
        }
    }

    /// A lease on a verified copy.
    pub(crate) fn copied(reader: &'a mut Reader<E>, sequence: Sequence, event: E) -> Self {
        Self {
            reader,
            sequence,
            data: LeaseData::Copied(event),
        }
    }

    /// The event's sequence.
    pub fn sequence(&self) -> Sequence {
        self.sequence
    }
}

impl<E: SharedEvent> Deref for SharedConsumerLease<'_, E> {
    type Target = E;

    fn deref(&self) -> &E {
        match &self.data {
            // SAFETY: `in_place` is only built by `Reader::lease` for a published sequence of
            // a gating reader; the lease borrows that reader mutably, so the sequence stays
            // unreleased (and the mapping alive) for as long as this reference can be used.
            LeaseData::InPlace(ptr) => unsafe { &**ptr },
            LeaseData::Copied(event) => event,
        }
    }
}

impl<E: SharedEvent> Drop for SharedConsumerLease<'_, E> {
    fn drop(&mut self) {
        self.reader.advance();
    }
}

impl<E: SharedEvent + core::fmt::Debug> core::fmt::Debug for SharedConsumerLease<'_, E> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("SharedConsumerLease")
            .field("sequence", &self.sequence)
            .field("event", &**self)
            .finish()
    }
}
