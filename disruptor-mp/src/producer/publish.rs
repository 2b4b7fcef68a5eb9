//! Every publish form, each a thin shape over one path: claim `n` slots (or learn the
//! shortfall), fill them, publish them (see the module docs of `producer`).

use super::{Claim, Never, SharedProducer};
use crate::Sequence;
use crate::error::{BatchTooLarge, MissingFreeSlots, PublishTimeoutError, RingBufferFull};
use crate::event::SharedEvent;
use std::time::{Duration, Instant};

impl<E: SharedEvent> SharedProducer<E> {
    /// Publishes one event if a slot is free: `update` fills the slot in place. The slot holds
    /// the event of a lap ago, so overwrite every field (or use
    /// [`SharedProducer::try_publish_value`]).
    ///
    /// ```
    /// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
    /// # #[repr(C)]
    /// # struct Tick { price: u64, volume: u64 }
    /// # let ring = format!("doc-{}-try_publish", std::process::id());
    /// # let mut producer = disruptor_mp::build_shared_single_producer::<Tick>(&ring, 8)
    /// #     .build_producer(Tick::default)?;
    /// match producer.try_publish(|tick| *tick = Tick { price: 10, volume: 3 }) {
    ///     Ok(sequence) => println!("published {sequence}"),
    ///     Err(disruptor_mp::RingBufferFull) => println!("full: try again later"),
    /// }
    /// # Ok::<(), disruptor_mp::CreateError>(())
    /// ```
    #[inline]
    pub fn try_publish<F: FnOnce(&mut E)>(
        &mut self,
        update: F,
    ) -> Result<Sequence, RingBufferFull> {
        let claimed = self
            .publisher
            .claim_or_note_full(1)
            .map_err(|_| RingBufferFull)?;
        Ok(self.finish_one(claimed, update))
    }

    /// Publishes one event, waiting (with the producer's wait strategy) while the ring is full,
    /// and returns its sequence. `update` fills the slot in place: overwrite every field.
    ///
    /// Strict broadcast: this waits for as long as the slowest gating consumer holds the slot.
    /// Use [`SharedProducer::publish_with_timeout`] to bound the wait.
    ///
    /// ```
    /// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
    /// # #[repr(C)]
    /// # struct Tick { price: u64, volume: u64 }
    /// # let ring = format!("doc-{}-publish", std::process::id());
    /// # let mut producer = disruptor_mp::build_shared_single_producer::<Tick>(&ring, 8)
    /// #     .build_producer(Tick::default)?;
    /// let sequence = producer.publish(|tick| {
    ///     tick.price = 10;
    ///     tick.volume = 3;
    /// });
    /// # Ok::<(), disruptor_mp::CreateError>(())
    /// ```
    #[inline]
    pub fn publish<F: FnOnce(&mut E)>(&mut self, update: F) -> Sequence {
        let claimed = match self.publisher.claim(1) {
            Ok(claimed) => claimed,
            Err(_) => {
                let Ok(claimed) = self.wait_claim(1, Never);
                claimed
            }
        };
        self.finish_one(claimed, update)
    }

    /// Publishes `event` as a whole, waiting while the ring is full: no field of the slot's
    /// previous event can survive.
    ///
    /// ```
    /// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
    /// # #[repr(C)]
    /// # struct Tick { price: u64, volume: u64 }
    /// # let ring = format!("doc-{}-publish_value", std::process::id());
    /// # let mut producer = disruptor_mp::build_shared_single_producer::<Tick>(&ring, 8)
    /// #     .build_producer(Tick::default)?;
    /// producer.publish_value(Tick { price: 10, volume: 3 });
    /// # Ok::<(), disruptor_mp::CreateError>(())
    /// ```
    #[inline]
    pub fn publish_value(&mut self, event: E) -> Sequence {
        self.publish(|slot| *slot = event)
    }

    /// Publishes `event` as a whole if a slot is free.
    ///
    /// ```
    /// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
    /// # #[repr(C)]
    /// # struct Tick { price: u64 }
    /// # let ring = format!("doc-{}-try_publish_value", std::process::id());
    /// # let mut producer = disruptor_mp::build_shared_single_producer::<Tick>(&ring, 8)
    /// #     .build_producer(Tick::default)?;
    /// let published = producer.try_publish_value(Tick { price: 10 }).is_ok();
    /// # Ok::<(), disruptor_mp::CreateError>(())
    /// ```
    #[inline]
    pub fn try_publish_value(&mut self, event: E) -> Result<Sequence, RingBufferFull> {
        self.try_publish(|slot| *slot = event)
    }

    /// Publishes one event, waiting at most `timeout` for a free slot.
    ///
    /// ```
    /// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
    /// # #[repr(C)]
    /// # struct Tick { price: u64 }
    /// # let ring = format!("doc-{}-publish_with_timeout", std::process::id());
    /// # let mut producer = disruptor_mp::build_shared_single_producer::<Tick>(&ring, 8)
    /// #     .build_producer(Tick::default)?;
    /// use std::time::Duration;
    /// if producer
    ///     .publish_with_timeout(Duration::from_millis(5), |tick| tick.price = 10)
    ///     .is_err()
    /// {
    ///     println!("a gating consumer is stalled");
    /// }
    /// # Ok::<(), disruptor_mp::CreateError>(())
    /// ```
    pub fn publish_with_timeout<F: FnOnce(&mut E)>(
        &mut self,
        timeout: Duration,
        update: F,
    ) -> Result<Sequence, PublishTimeoutError> {
        let claimed = match Instant::now().checked_add(timeout) {
            Some(deadline) => self.wait_claim(1, deadline)?,
            None => {
                let Ok(claimed) = self.wait_claim(1, Never);
                claimed
            }
        };
        Ok(self.finish_one(claimed, update))
    }

    /// Publishes `n` events if `n` slots are free: `update(slot, i)` fills the `i`-th. All slots
    /// are written before any is published. `n == 0` returns the last published sequence without
    /// calling `update`. Never waits (see [`SharedProducer::publish_batch`]).
    ///
    /// ```
    /// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
    /// # #[repr(C)]
    /// # struct Tick { price: u64 }
    /// # let ring = format!("doc-{}-try_batch_publish", std::process::id());
    /// # let mut producer = disruptor_mp::build_shared_single_producer::<Tick>(&ring, 8)
    /// #     .build_producer(Tick::default)?;
    /// let prices = [10, 11, 12];
    /// match producer.try_batch_publish(prices.len(), |tick, i| tick.price = prices[i]) {
    ///     Ok(last) => println!("published up to {last}"),
    ///     Err(missing) => println!("{} slots short", missing.0),
    /// }
    /// # Ok::<(), disruptor_mp::CreateError>(())
    /// ```
    #[inline]
    pub fn try_batch_publish<F: FnMut(&mut E, usize)>(
        &mut self,
        n: usize,
        update: F,
    ) -> Result<Sequence, MissingFreeSlots> {
        if n == 0 {
            return Ok(self.last_published_sequence());
        }
        let claimed = self
            .publisher
            .claim_or_note_full(n as u64)
            .map_err(MissingFreeSlots)?;
        Ok(self.finish_each(claimed, update))
    }

    /// Publishes `n` events, waiting (with the producer's wait strategy) until `n` slots are
    /// free: the waiting form of [`SharedProducer::try_batch_publish`]. Fails at once, publishing
    /// nothing, if `n` exceeds the ring's capacity.
    ///
    /// ```
    /// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
    /// # #[repr(C)]
    /// # struct Tick { price: u64 }
    /// # let ring = format!("doc-{}-publish_batch", std::process::id());
    /// # let mut producer = disruptor_mp::build_shared_single_producer::<Tick>(&ring, 8)
    /// #     .build_producer(Tick::default)?;
    /// let last = producer.publish_batch(4, |tick, i| tick.price = 100 + i as u64)?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn publish_batch<F: FnMut(&mut E, usize)>(
        &mut self,
        n: usize,
        update: F,
    ) -> Result<Sequence, BatchTooLarge> {
        if n == 0 {
            return Ok(self.last_published_sequence());
        }
        let n = self.fits(n)?;
        let claimed = match self.publisher.claim(n) {
            Ok(claimed) => claimed,
            Err(_) => {
                let Ok(claimed) = self.wait_claim(n, Never);
                claimed
            }
        };
        Ok(self.finish_each(claimed, update))
    }

    /// The published crate's name for [`SharedProducer::try_batch_publish`]: it never waits.
    ///
    /// ```
    /// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
    /// # #[repr(C)]
    /// # struct Tick { price: u64 }
    /// # let ring = format!("doc-{}-batch_publish", std::process::id());
    /// # let mut producer = disruptor_mp::build_shared_single_producer::<Tick>(&ring, 8)
    /// #     .build_producer(Tick::default)?;
    /// let last = producer.batch_publish(3, |tick, i| tick.price = 100 + i as u64)?;
    /// assert_eq!(last, 2);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[inline]
    pub fn batch_publish<F: FnMut(&mut E, usize)>(
        &mut self,
        n: usize,
        update: F,
    ) -> Result<Sequence, MissingFreeSlots> {
        self.try_batch_publish(n, update)
    }

    /// The published crate's other name for [`SharedProducer::try_batch_publish`].
    ///
    /// ```
    /// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
    /// # #[repr(C)]
    /// # struct Tick { price: u64 }
    /// # let ring = format!("doc-{}-simple_batch_publish", std::process::id());
    /// # let mut producer = disruptor_mp::build_shared_single_producer::<Tick>(&ring, 8)
    /// #     .build_producer(Tick::default)?;
    /// let last = producer.simple_batch_publish(2, |tick, i| tick.price = 100 + i as u64)?;
    /// assert_eq!(last, 1);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[inline]
    pub fn simple_batch_publish<F: FnMut(&mut E, usize)>(
        &mut self,
        n: usize,
        update: F,
    ) -> Result<Sequence, MissingFreeSlots> {
        self.try_batch_publish(n, update)
    }

    /// Claims `n` slots if they are free, to fill and publish with [`Claim::publish`]; a claim
    /// dropped unfilled publishes nothing.
    ///
    /// ```
    /// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
    /// # #[repr(C)]
    /// # struct Tick { price: u64 }
    /// # let ring = format!("doc-{}-try_claim", std::process::id());
    /// # let mut producer = disruptor_mp::build_shared_single_producer::<Tick>(&ring, 8)
    /// #     .build_producer(Tick::default)?;
    /// if let Ok(claim) = producer.try_claim(2) {
    ///     let first = claim.first_sequence();
    ///     claim.publish(|tick, i| tick.price = (first + i as i64) as u64);
    /// }
    /// # Ok::<(), disruptor_mp::CreateError>(())
    /// ```
    pub fn try_claim(&mut self, n: usize) -> Result<Claim<'_, E>, MissingFreeSlots> {
        let claimed = self
            .publisher
            .claim_or_note_full(n as u64)
            .map_err(MissingFreeSlots)?;
        Ok(Claim::new(self, claimed))
    }

    /// Claims `n` slots, waiting until they are free (fails at once if `n` exceeds the
    /// capacity).
    ///
    /// ```
    /// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
    /// # #[repr(C)]
    /// # struct Tick { price: u64 }
    /// # let ring = format!("doc-{}-claim", std::process::id());
    /// # let mut producer = disruptor_mp::build_shared_single_producer::<Tick>(&ring, 8)
    /// #     .build_producer(Tick::default)?;
    /// producer.claim(3)?.publish(|tick, i| tick.price = i as u64);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn claim(&mut self, n: usize) -> Result<Claim<'_, E>, BatchTooLarge> {
        let n = self.fits(n)?;
        let Ok(claimed) = self.wait_claim(n, Never);
        Ok(Claim::new(self, claimed))
    }
}
