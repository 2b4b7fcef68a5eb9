//! A claim: slots reserved for the producer to fill and publish together.

use super::SharedProducer;
use crate::Sequence;
use crate::event::SharedEvent;
use crate::ring::publisher::Claimed;

/// Free slots claimed by [`SharedProducer::try_claim`] or [`SharedProducer::claim`]: fill them
/// and publish them with [`Claim::publish`]. Dropping a claim publishes nothing and leaves no
/// trace (claiming is local arithmetic); the producer is borrowed until then.
#[must_use = "a claim publishes nothing until `publish` is called"]
pub struct Claim<'a, E: SharedEvent> {
    producer: &'a mut SharedProducer<E>,
    claimed: Claimed,
}

impl<E: SharedEvent> std::fmt::Debug for Claim<'_, E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Claim")
            .field("first_sequence", &self.first_sequence())
            .field("len", &self.len())
            .finish()
    }
}

impl<'a, E: SharedEvent> Claim<'a, E> {
    pub(super) fn new(producer: &'a mut SharedProducer<E>, claimed: Claimed) -> Self {
        Self { producer, claimed }
    }

    /// Number of slots claimed (at least 1).
    pub fn len(&self) -> usize {
        self.claimed.len()
    }

    /// Always false: a claim holds at least one slot.
    pub fn is_empty(&self) -> bool {
        false
    }

    /// The sequence the first slot will be published as.
    pub fn first_sequence(&self) -> Sequence {
        self.claimed.first()
    }

    /// The sequence the last slot will be published as.
    pub fn last_sequence(&self) -> Sequence {
        self.claimed.first() + self.len() as Sequence - 1
    }

    /// Fills every claimed slot (`fill(slot, i)` for the `i`-th; each holds the event of a lap
    /// ago, so overwrite every field) and publishes them together. Returns the last sequence.
    pub fn publish(self, fill: impl FnMut(&mut E, usize)) -> Sequence {
        self.producer.finish_each(self.claimed, fill)
    }
}
