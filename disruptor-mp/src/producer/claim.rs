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

    /// Number of slots claimed.
    ///
    /// ```
    /// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
    /// # #[repr(C)]
    /// # struct Tick { price: u64 }
    /// # let ring = format!("doc-{}-claim_len", std::process::id());
    /// # let mut producer = disruptor_mp::build_shared_single_producer::<Tick>(&ring, 8)
    /// #     .build_producer(Tick::default)?;
    /// let claim = producer.try_claim(3)?;
    /// assert_eq!(claim.len(), 3);
    /// claim.publish(|tick, i| tick.price = i as u64);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn len(&self) -> usize {
        self.claimed.len()
    }

    /// Whether the claim holds no slot (`try_claim(0)`): publishing it publishes nothing, as
    /// `try_batch_publish(0, ..)` does.
    ///
    /// ```
    /// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
    /// # #[repr(C)]
    /// # struct Tick { price: u64 }
    /// # let ring = format!("doc-{}-claim_is_empty", std::process::id());
    /// # let mut producer = disruptor_mp::build_shared_single_producer::<Tick>(&ring, 8)
    /// #     .build_producer(Tick::default)?;
    /// let claim = producer.try_claim(0)?;
    /// assert!(claim.is_empty());
    /// claim.publish(|_, _| unreachable!("an empty claim fills no slot"));
    /// assert_eq!(producer.last_published_sequence(), -1);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The sequence the first slot will be published as.
    ///
    /// ```
    /// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
    /// # #[repr(C)]
    /// # struct Tick { price: u64 }
    /// # let ring = format!("doc-{}-claim_first_sequence", std::process::id());
    /// # let mut producer = disruptor_mp::build_shared_single_producer::<Tick>(&ring, 8)
    /// #     .build_producer(Tick::default)?;
    /// producer.publish_value(Tick { price: 1 }); // sequence 0
    /// let claim = producer.try_claim(3)?;
    /// assert_eq!(claim.first_sequence(), 1);
    /// claim.publish(|tick, i| tick.price = 2 + i as u64);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn first_sequence(&self) -> Sequence {
        self.claimed.first()
    }

    /// The sequence the last slot will be published as.
    ///
    /// ```
    /// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
    /// # #[repr(C)]
    /// # struct Tick { price: u64 }
    /// # let ring = format!("doc-{}-claim_last_sequence", std::process::id());
    /// # let mut producer = disruptor_mp::build_shared_single_producer::<Tick>(&ring, 8)
    /// #     .build_producer(Tick::default)?;
    /// let claim = producer.try_claim(3)?;
    /// assert_eq!((claim.first_sequence(), claim.last_sequence()), (0, 2));
    /// drop(claim); // publishes nothing
    /// assert_eq!(producer.last_published_sequence(), -1);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn last_sequence(&self) -> Sequence {
        self.claimed.first() + self.len() as Sequence - 1
    }

    /// Fills every claimed slot (`fill(slot, i)` for the `i`-th; each holds the event of a lap
    /// ago, so overwrite every field) and publishes them together. Returns the last sequence.
    ///
    /// ```
    /// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
    /// # #[repr(C)]
    /// # struct Tick { price: u64 }
    /// # let ring = format!("doc-{}-claim_publish", std::process::id());
    /// # let mut producer = disruptor_mp::build_shared_single_producer::<Tick>(&ring, 8)
    /// #     .build_producer(Tick::default)?;
    /// let claim = producer.claim(2)?;
    /// let last = claim.publish(|tick, i| tick.price = 100 + i as u64);
    /// assert_eq!(last, 1);
    /// assert_eq!(producer.ring_buffer().get(1).map(|tick| tick.price), Some(101));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn publish(self, fill: impl FnMut(&mut E, usize)) -> Sequence {
        self.producer.finish_each(self.claimed, fill)
    }
}
