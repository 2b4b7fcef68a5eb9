//! The published crate's `Producer` trait (the upstream disruptor's shape), for code generic over
//! producers.

use super::SharedProducer;
use crate::Sequence;
use crate::error::{MissingFreeSlots, RingBufferFull};
use crate::event::SharedEvent;
use crate::ring::batch::MutBatchIter;

/// Publishing into a ring, in the shape of the upstream disruptor's trait that the published
/// crate re-exported (and implemented for nothing): implemented by [`SharedProducer`].
///
/// Its methods differ from the inherent ones of the same names, which take precedence in method
/// calls: `publish` returns nothing, and the batch forms hand the claimed slots to `update` as an
/// iterator ([`MutBatchIter`]) rather than calling it per slot. `update` must accept the
/// iterator for any lifetime (`for<'b> FnOnce(MutBatchIter<'b, E>)`, which any closure
/// `|slots| ...` does), so no slot can be kept and written after it was published.
///
/// ```
/// use disruptor_mp::Producer;
/// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
/// # #[repr(C)]
/// # struct Tick { price: u64 }
///
/// fn send_three<P: Producer<Tick>>(producer: &mut P) {
///     producer.batch_publish(3, |slots| {
///         for (i, tick) in slots.enumerate() {
///             tick.price = i as u64;
///         }
///     });
/// }
/// # let ring = format!("doc-{}-Producer", std::process::id());
/// # let mut producer = disruptor_mp::build_shared_single_producer::<Tick>(&ring, 8)
/// #     .build_producer(Tick::default)?;
/// send_three(&mut producer);
/// # Ok::<(), disruptor_mp::CreateError>(())
/// ```
pub trait Producer<E: SharedEvent> {
    /// Publishes one event if a slot is free; see [`SharedProducer::try_publish`].
    ///
    /// ```
    /// use disruptor_mp::Producer;
    /// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
    /// # #[repr(C)]
    /// # struct Tick { price: u64 }
    /// # let ring = format!("doc-{}-trait_try_publish", std::process::id());
    /// # let mut producer = disruptor_mp::build_shared_single_producer::<Tick>(&ring, 8)
    /// #     .build_producer(Tick::default)?;
    ///
    /// fn send<P: Producer<Tick>>(producer: &mut P) -> bool {
    ///     producer.try_publish(|tick| tick.price = 10).is_ok()
    /// }
    /// assert!(send(&mut producer));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    fn try_publish<F: FnOnce(&mut E)>(&mut self, update: F) -> Result<Sequence, RingBufferFull>;

    /// Publishes one event, waiting while the ring is full; see [`SharedProducer::publish`].
    ///
    /// ```
    /// use disruptor_mp::Producer;
    /// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
    /// # #[repr(C)]
    /// # struct Tick { price: u64 }
    /// # let ring = format!("doc-{}-trait_publish", std::process::id());
    /// # let mut producer = disruptor_mp::build_shared_single_producer::<Tick>(&ring, 8)
    /// #     .build_producer(Tick::default)?;
    ///
    /// fn send<P: Producer<Tick>>(producer: &mut P) {
    ///     producer.publish(|tick| tick.price = 10); // returns nothing
    /// }
    /// send(&mut producer);
    /// assert_eq!(producer.last_published_sequence(), 0);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    fn publish<F: FnOnce(&mut E)>(&mut self, update: F);

    /// Publishes `n` events if `n` slots are free, filled through the iterator `update` gets.
    /// `n == 0` returns the last published sequence without calling `update`.
    ///
    /// ```
    /// use disruptor_mp::Producer;
    /// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
    /// # #[repr(C)]
    /// # struct Tick { price: u64 }
    /// # let ring = format!("doc-{}-trait_try_batch_publish", std::process::id());
    /// # let mut producer = disruptor_mp::build_shared_single_producer::<Tick>(&ring, 8)
    /// #     .build_producer(Tick::default)?;
    ///
    /// let last = Producer::try_batch_publish(&mut producer, 3, |slots| {
    ///     for (i, tick) in slots.enumerate() {
    ///         tick.price = 100 + i as u64;
    ///     }
    /// })?;
    /// assert_eq!(last, 2);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    fn try_batch_publish<F>(&mut self, n: usize, update: F) -> Result<Sequence, MissingFreeSlots>
    where
        F: for<'b> FnOnce(MutBatchIter<'b, E>);

    /// Publishes `n` events, waiting until `n` slots are free.
    ///
    /// ```
    /// use disruptor_mp::Producer;
    /// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
    /// # #[repr(C)]
    /// # struct Tick { price: u64 }
    /// # let ring = format!("doc-{}-trait_batch_publish", std::process::id());
    /// # let mut producer = disruptor_mp::build_shared_single_producer::<Tick>(&ring, 8)
    /// #     .build_producer(Tick::default)?;
    ///
    /// Producer::batch_publish(&mut producer, 2, |slots| {
    ///     for tick in slots {
    ///         tick.price = 5;
    ///     }
    /// });
    /// assert_eq!(producer.last_published_sequence(), 1);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Panics
    /// If `n` exceeds the ring's capacity (it could never succeed, and this shape has no error
    /// to return; [`SharedProducer::publish_batch`] returns one instead).
    fn batch_publish<F>(&mut self, n: usize, update: F)
    where
        F: for<'b> FnOnce(MutBatchIter<'b, E>);
}

impl<E: SharedEvent> Producer<E> for SharedProducer<E> {
    fn try_publish<F: FnOnce(&mut E)>(&mut self, update: F) -> Result<Sequence, RingBufferFull> {
        SharedProducer::try_publish(self, update)
    }

    fn publish<F: FnOnce(&mut E)>(&mut self, update: F) {
        SharedProducer::publish(self, update);
    }

    fn try_batch_publish<F>(&mut self, n: usize, update: F) -> Result<Sequence, MissingFreeSlots>
    where
        F: for<'b> FnOnce(MutBatchIter<'b, E>),
    {
        if n == 0 {
            return Ok(self.last_published_sequence());
        }
        let claimed = self
            .publisher
            .claim_or_note_full(n as u64)
            .map_err(MissingFreeSlots)?;
        Ok(self.finish_iter(claimed, update))
    }

    fn batch_publish<F>(&mut self, n: usize, update: F)
    where
        F: for<'b> FnOnce(MutBatchIter<'b, E>),
    {
        if n == 0 {
            return;
        }
        let n = match self.fits(n) {
            Ok(n) => n,
            Err(too_large) => panic!("{too_large}"),
        };
        let Ok(claimed) = self.wait_claim(n, super::Never);
        self.finish_iter(claimed, update);
    }
}
