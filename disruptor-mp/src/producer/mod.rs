//! The producer handle: one per ring. Every publish form is a thin shape over one path: claim `n`
//! slots (local arithmetic, or the shortfall), fill them, publish them. Claims re-read the
//! consumer table only when the cached gating limit runs out; a publish is a slot write and a
//! Release store of its stamp (the producer cursor follows once per batch or every few single
//! publishes).

mod claim;
mod close;
mod published;

pub use claim::Claim;
pub use published::Producer;

use crate::Sequence;
use crate::backend::futex;
use crate::backend::process::ProcessIdentity;
use crate::error::{BatchTooLarge, MissingFreeSlots, PublishTimeoutError, RingBufferFull};
use crate::event::SharedEvent;
use crate::ring::consumer_table::{ConsumerTable, EntryState, PackedId};
use crate::ring::publisher::{Claimed, Publisher};
use crate::ring::segment::Segment;
use crate::views::{SharedConsumerBarrier, SharedCursor, SharedRingBuffer};
use crate::wait::{AutoWaitStrategy, Idle, SleepBlocker};
use core::convert::Infallible;
use core::sync::atomic::Ordering;
use std::time::{Duration, Instant};

/// What the builder decided for a producer, beyond the segment it created.
#[derive(Clone, Debug)]
pub(crate) struct ProducerSettings {
    /// The ring's name as errors show it (with its namespace, if any).
    pub(crate) name: String,
    /// This process, as recorded in the header.
    pub(crate) identity: ProcessIdentity,
    /// How `publish` waits while the ring is full.
    pub(crate) wait: AutoWaitStrategy,
    /// How long a drop keeps the name while gating consumers still read.
    pub(crate) linger: Duration,
}

/// Publishes events into a ring that consumers in other processes read.
///
/// Built by [`crate::build_shared_single_producer`]. Dropping it closes the ring: consumers drain
/// what was published and then get `ConsumeError::ProducerClosed`. The ring's name stays until
/// every gating consumer has read everything, or the linger passes
/// ([`crate::ProducerBuilder::with_linger`]); then a new producer can reuse it.
pub struct SharedProducer<E: SharedEvent> {
    publisher: Publisher<E>,
    settings: ProducerSettings,
}

impl<E: SharedEvent> std::fmt::Debug for SharedProducer<E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SharedProducer")
            .field("name", &self.settings.name)
            .field("event", &E::LAYOUT.name())
            .field("capacity", &self.capacity())
            .field("last_published", &self.last_published_sequence())
            .finish_non_exhaustive()
    }
}

/// When a wait for free slots gives up: never, or at an instant.
trait Deadline: Copy {
    /// What giving up returns.
    type Expired;
    /// `Err` once the deadline has passed.
    fn check(self) -> Result<(), Self::Expired>;
}

/// A wait that never gives up: its expiry cannot be constructed.
#[derive(Clone, Copy)]
struct Never;

impl Deadline for Never {
    type Expired = Infallible;
    fn check(self) -> Result<(), Infallible> {
        Ok(())
    }
}

impl Deadline for Instant {
    type Expired = PublishTimeoutError;
    fn check(self) -> Result<(), PublishTimeoutError> {
        if Instant::now() >= self {
            Err(PublishTimeoutError::Timeout)
        } else {
            Ok(())
        }
    }
}

impl<E: SharedEvent> SharedProducer<E> {
    /// Wraps an initialised, ready segment this process created.
    pub(crate) fn from_parts(publisher: Publisher<E>, settings: ProducerSettings) -> Self {
        Self {
            publisher,
            settings,
        }
    }

    /// The segment published into.
    pub(crate) fn segment(&self) -> &Segment {
        self.publisher.segment()
    }

    /// Claims `n` slots, waiting with the producer's wait strategy while they are not free,
    /// until `deadline`. `n` must fit the ring (callers check).
    #[cold]
    fn wait_claim<D: Deadline>(&mut self, n: u64, deadline: D) -> Result<Claimed, D::Expired> {
        let mut idle = Idle::new();
        loop {
            if let Ok(claimed) = self.publisher.claim(n) {
                return Ok(claimed);
            }
            deadline.check()?;
            idle.step(self.settings.wait, &SleepBlocker);
        }
    }

    /// `n` as a claim size, if the ring can ever hold that many.
    fn fits(&self, n: usize) -> Result<u64, BatchTooLarge> {
        if n <= self.capacity() {
            Ok(n as u64)
        } else {
            Err(BatchTooLarge {
                requested: n,
                capacity: self.capacity(),
            })
        }
    }

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
        let claimed = self.publisher.claim(1).map_err(|_| RingBufferFull)?;
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
        let claimed = self.publisher.claim(n as u64).map_err(MissingFreeSlots)?;
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
        let claimed = self.publisher.claim(n as u64).map_err(MissingFreeSlots)?;
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

    #[inline(always)]
    fn finish_one(&mut self, claimed: Claimed, update: impl FnOnce(&mut E)) -> Sequence {
        let seq = self.publisher.publish_one(claimed, update);
        self.after_publish();
        seq
    }

    #[inline(always)]
    fn finish_each(&mut self, claimed: Claimed, update: impl FnMut(&mut E, usize)) -> Sequence {
        let last = self.publisher.publish_each(claimed, update);
        self.after_publish();
        last
    }

    fn finish_iter(
        &mut self,
        claimed: Claimed,
        update: impl for<'b> FnOnce(crate::MutBatchIter<'b, E>),
    ) -> Sequence {
        let last = self.publisher.publish_iter(claimed, update);
        self.after_publish();
        last
    }

    #[inline(always)]
    fn after_publish(&self) {
        // Consumers that sleep on the futex word announce it here; the line is only written
        // when someone blocks, so this load is a cache hit in the steady state.
        if self.publisher.segment().waiters().load(Ordering::Relaxed) != 0 {
            self.wake_consumers();
        }
    }

    #[cold]
    fn wake_consumers(&self) {
        let segment = self.publisher.segment();
        segment.wake_word().fetch_add(1, Ordering::Release);
        futex::wake_all(segment.wake_word());
    }

    /// The last published sequence (-1 before the first publish).
    ///
    /// ```
    /// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
    /// # #[repr(C)]
    /// # struct Tick { price: u64 }
    /// # let ring = format!("doc-{}-last_published_sequence", std::process::id());
    /// # let mut producer = disruptor_mp::build_shared_single_producer::<Tick>(&ring, 8)
    /// #     .build_producer(Tick::default)?;
    /// assert_eq!(producer.last_published_sequence(), -1);
    /// producer.publish_value(Tick { price: 10 });
    /// assert_eq!(producer.last_published_sequence(), 0);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn last_published_sequence(&self) -> Sequence {
        self.publisher.last_published()
    }

    /// The lowest cursor among gating consumers: every event up to it has been read by all of
    /// them (the last published sequence when none gates).
    ///
    /// ```
    /// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
    /// # #[repr(C)]
    /// # struct Tick { price: u64 }
    /// # let ring = format!("doc-{}-min_gating_sequence", std::process::id());
    /// # let mut producer = disruptor_mp::build_shared_single_producer::<Tick>(&ring, 8)
    /// #     .discover_consumer_with_prefix(1, "reader")
    /// #     .with_coordination(disruptor_mp::CoordinationMode::Immediate)
    /// #     .build_producer(Tick::default)?;
    /// # let mut reader = disruptor_mp::attach_shared_consumer::<Tick>(&ring, 8)
    /// #     .with_consumer_id("reader_0")
    /// #     .build_consumer()?;
    /// producer.publish_batch(3, |tick, i| tick.price = i as u64)?;
    /// assert_eq!(producer.min_gating_sequence(), -1); // reader_0 has read nothing yet
    /// reader.process_available(|_tick, _sequence| {});
    /// assert_eq!(producer.min_gating_sequence(), 2);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn min_gating_sequence(&self) -> Sequence {
        ConsumerTable::new(self.segment()).min_gating_cursor(self.last_published_sequence())
    }

    /// Whether every gating consumer is done with `sequence`.
    ///
    /// ```
    /// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
    /// # #[repr(C)]
    /// # struct Tick { price: u64 }
    /// # let ring = format!("doc-{}-is_consumed", std::process::id());
    /// # let mut producer = disruptor_mp::build_shared_single_producer::<Tick>(&ring, 8)
    /// #     .discover_consumer_with_prefix(1, "reader")
    /// #     .with_coordination(disruptor_mp::CoordinationMode::Immediate)
    /// #     .build_producer(Tick::default)?;
    /// # let mut reader = disruptor_mp::attach_shared_consumer::<Tick>(&ring, 8)
    /// #     .with_consumer_id("reader_0")
    /// #     .build_consumer()?;
    /// let sequence = producer.publish_value(Tick { price: 10 });
    /// assert!(!producer.is_consumed(sequence));
    /// reader.process_available(|_tick, _sequence| {});
    /// assert!(producer.is_consumed(sequence));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn is_consumed(&self, sequence: Sequence) -> bool {
        self.min_gating_sequence() >= sequence
    }

    /// Waits until every gating consumer is done with `sequence`, at most `timeout`; returns
    /// whether they are.
    ///
    /// ```
    /// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
    /// # #[repr(C)]
    /// # struct Tick { price: u64 }
    /// # let ring = format!("doc-{}-wait_until_consumed", std::process::id());
    /// # let mut producer = disruptor_mp::build_shared_single_producer::<Tick>(&ring, 8)
    /// #     .discover_consumer_with_prefix(1, "reader")
    /// #     .with_coordination(disruptor_mp::CoordinationMode::Immediate)
    /// #     .build_producer(Tick::default)?;
    /// # let mut reader = disruptor_mp::attach_shared_consumer::<Tick>(&ring, 8)
    /// #     .with_consumer_id("reader_0")
    /// #     .build_consumer()?;
    /// use std::time::Duration;
    ///
    /// let sequence = producer.publish_value(Tick { price: 10 });
    /// // The reader (another process, here a thread) catches up while the producer waits.
    /// let reading = std::thread::spawn(move || {
    ///     reader.process_available(|_tick, _sequence| {});
    ///     reader
    /// });
    /// assert!(producer.wait_until_consumed(sequence, Duration::from_secs(5)));
    /// # drop(reading.join().unwrap());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn wait_until_consumed(&self, sequence: Sequence, timeout: Duration) -> bool {
        crate::deadline::poll_until(timeout, CONSUMED_POLL, |_| {
            self.is_consumed(sequence).then_some(())
        })
        .is_ok()
    }

    /// Number of consumers attached now, gating or not (the published crate counted only
    /// tracked gating consumers).
    ///
    /// ```
    /// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
    /// # #[repr(C)]
    /// # struct Tick { price: u64 }
    /// # let ring = format!("doc-{}-get_consumer_count", std::process::id());
    /// # let producer = disruptor_mp::build_shared_single_producer::<Tick>(&ring, 8)
    /// #     .build_producer(Tick::default)?;
    /// assert_eq!(producer.get_consumer_count(), 0);
    /// let consumer = disruptor_mp::attach_shared_consumer::<Tick>(&ring, 8).build_consumer()?;
    /// assert_eq!(producer.get_consumer_count(), 1);
    /// drop(consumer);
    /// assert_eq!(producer.get_consumer_count(), 0);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn get_consumer_count(&self) -> usize {
        ConsumerTable::new(self.segment()).active_count()
    }

    /// Number of table entries the producer waits for (attached, or reserved and awaited).
    ///
    /// ```
    /// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
    /// # #[repr(C)]
    /// # struct Tick { price: u64 }
    /// # let ring = format!("doc-{}-gating_consumer_count", std::process::id());
    /// # let producer = disruptor_mp::build_shared_single_producer::<Tick>(&ring, 8)
    /// #     .discover_consumer_with_prefix(2, "reader")
    /// #     .with_coordination(disruptor_mp::CoordinationMode::Immediate)
    /// #     .build_producer(Tick::default)?;
    /// assert_eq!(producer.gating_consumer_count(), 2); // both reserved places, awaited
    /// let observer = disruptor_mp::attach_shared_consumer::<Tick>(&ring, 8)
    ///     .with_consumer_id("dashboard")
    ///     .build_consumer()?;
    /// assert_eq!(producer.get_consumer_count(), 1);
    /// assert_eq!(producer.gating_consumer_count(), 2); // an observer does not gate
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn gating_consumer_count(&self) -> usize {
        ConsumerTable::new(self.segment()).gating_count()
    }

    /// Number of attached consumers that gate the producer (they took a reserved or open
    /// place); observers are not counted.
    ///
    /// ```
    /// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
    /// # #[repr(C)]
    /// # struct Tick { price: u64 }
    /// # let ring = format!("doc-{}-attached_gating_count", std::process::id());
    /// # let producer = disruptor_mp::build_shared_single_producer::<Tick>(&ring, 8)
    /// #     .discover_consumer_with_prefix(2, "reader")
    /// #     .with_coordination(disruptor_mp::CoordinationMode::Immediate)
    /// #     .build_producer(Tick::default)?;
    /// let reader = disruptor_mp::attach_shared_consumer::<Tick>(&ring, 8)
    ///     .with_consumer_id("reader_0")
    ///     .build_consumer()?;
    /// let typo = disruptor_mp::attach_shared_consumer::<Tick>(&ring, 8)
    ///     .with_consumer_id("reader0") // matches no reserved place: an observer
    ///     .build_consumer()?;
    /// assert_eq!(producer.get_consumer_count(), 2);
    /// assert_eq!(producer.attached_gating_count(), 1);
    /// # drop((reader, typo));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn attached_gating_count(&self) -> usize {
        ConsumerTable::new(self.segment()).attached_gating_count()
    }

    /// The reserved consumer ids that have not attached yet (or have left).
    ///
    /// ```
    /// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
    /// # #[repr(C)]
    /// # struct Tick { price: u64 }
    /// # let ring = format!("doc-{}-awaited_consumer_ids", std::process::id());
    /// # let producer = disruptor_mp::build_shared_single_producer::<Tick>(&ring, 8)
    /// #     .discover_consumer_with_prefix(2, "reader")
    /// #     .with_coordination(disruptor_mp::CoordinationMode::Immediate)
    /// #     .build_producer(Tick::default)?;
    /// # let reader = disruptor_mp::attach_shared_consumer::<Tick>(&ring, 8)
    /// #     .with_consumer_id("reader_0")
    /// #     .build_consumer()?;
    /// assert_eq!(producer.awaited_consumer_ids(), ["reader_1"]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn awaited_consumer_ids(&self) -> Vec<String> {
        ConsumerTable::new(self.segment()).awaited_ids()
    }

    /// The cursor of the consumer with this id: the last sequence it is done with. Reads only:
    /// asking never makes a consumer gate (the published crate's did).
    ///
    /// ```
    /// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
    /// # #[repr(C)]
    /// # struct Tick { price: u64 }
    /// # let ring = format!("doc-{}-consumer_sequence", std::process::id());
    /// # let mut producer = disruptor_mp::build_shared_single_producer::<Tick>(&ring, 8)
    /// #     .build_producer(Tick::default)?;
    /// # let mut reader = disruptor_mp::attach_shared_consumer::<Tick>(&ring, 8)
    /// #     .with_consumer_id("reader")
    /// #     .build_consumer()?;
    /// producer.publish_batch(2, |tick, i| tick.price = i as u64)?;
    /// reader.process_available(|_tick, _sequence| {});
    /// assert_eq!(producer.consumer_sequence("reader"), Some(1));
    /// assert_eq!(producer.consumer_sequence("nobody"), None);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn consumer_sequence(&self, id: &str) -> Option<Sequence> {
        let table = ConsumerTable::new(self.segment());
        let index = table.find(&PackedId::new(id)?)?;
        Some(table.cursor(index).load(Ordering::Acquire))
    }

    /// Makes `id` a gating consumer: if it has not attached yet, a place is reserved and events
    /// from the next publish on are held for it. Returns whether `id` gates (or has a reserved
    /// place) afterwards; `true` does not mean it is attached (see
    /// [`SharedProducer::wait_for_consumer_id`]).
    ///
    /// ```
    /// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
    /// # #[repr(C)]
    /// # struct Tick { price: u64 }
    /// # let ring = format!("doc-{}-discover_consumer_id", std::process::id());
    /// # let mut producer = disruptor_mp::build_shared_single_producer::<Tick>(&ring, 8)
    /// #     .build_producer(Tick::default)?;
    /// assert!(producer.discover_consumer_id("audit"));
    /// assert_eq!(producer.awaited_consumer_ids(), ["audit"]);
    /// producer.publish_value(Tick { price: 10 }); // held for "audit"
    ///
    /// let mut audit = disruptor_mp::attach_shared_consumer::<Tick>(&ring, 8)
    ///     .with_consumer_id("audit")
    ///     .build_consumer()?;
    /// assert!(audit.is_gating());
    /// assert_eq!(audit.consume_next()?.1.price, 10);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn discover_consumer_id(&mut self, id: &str) -> bool {
        let Some(id) = PackedId::new(id) else {
            return false;
        };
        let last = self.last_published_sequence();
        ConsumerTable::new(self.segment()).require(&id, last, self.settings.identity)
    }

    /// Waits up to `timeout` for a consumer with this id to be attached; returns whether it is.
    /// Only waits: unlike the published crate's, it does not make the consumer gate (use
    /// [`SharedProducer::discover_consumer_id`] for that).
    ///
    /// ```
    /// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
    /// # #[repr(C)]
    /// # struct Tick { price: u64 }
    /// # let ring = format!("doc-{}-wait_for_consumer_id", std::process::id());
    /// # let producer = disruptor_mp::build_shared_single_producer::<Tick>(&ring, 8)
    /// #     .build_producer(Tick::default)?;
    /// use std::time::Duration;
    ///
    /// // The consumer's process (here a thread) attaches while the producer waits.
    /// # let name = ring.clone();
    /// let attaching = std::thread::spawn(move || {
    ///     disruptor_mp::attach_shared_consumer::<Tick>(&name, 8)
    ///         .with_consumer_id("reader")
    ///         .build_consumer()
    /// });
    /// assert!(producer.wait_for_consumer_id("reader", Duration::from_secs(5)));
    /// assert!(!producer.wait_for_consumer_id("nobody", Duration::from_millis(10)));
    /// # drop(attaching.join().unwrap()?);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn wait_for_consumer_id(&self, id: &str, timeout: Duration) -> bool {
        let Some(packed) = PackedId::new(id) else {
            return false;
        };
        crate::deadline::poll_until(timeout, CONSUMED_POLL, |_| {
            let table = ConsumerTable::new(self.segment());
            table
                .find(&packed)
                .is_some_and(|i| table.state(i) == Some(EntryState::Active))
                .then_some(())
        })
        .is_ok()
    }

    /// The producer's cursor as a read-only view: its value is the last published sequence.
    ///
    /// ```
    /// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
    /// # #[repr(C)]
    /// # struct Tick { price: u64 }
    /// # let ring = format!("doc-{}-cursor", std::process::id());
    /// # let mut producer = disruptor_mp::build_shared_single_producer::<Tick>(&ring, 8)
    /// #     .build_producer(Tick::default)?;
    /// producer.publish_value(Tick { price: 10 });
    /// assert_eq!(producer.cursor().load(), producer.last_published_sequence());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn cursor(&self) -> SharedCursor<'_> {
        SharedCursor::producer(self.segment())
    }

    /// The cursor of the consumer with this id, as a read-only view.
    ///
    /// ```
    /// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
    /// # #[repr(C)]
    /// # struct Tick { price: u64 }
    /// # let ring = format!("doc-{}-consumer_cursor", std::process::id());
    /// # let mut producer = disruptor_mp::build_shared_single_producer::<Tick>(&ring, 8)
    /// #     .build_producer(Tick::default)?;
    /// # let mut reader = disruptor_mp::attach_shared_consumer::<Tick>(&ring, 8)
    /// #     .with_consumer_id("reader")
    /// #     .build_consumer()?;
    /// producer.publish_batch(3, |tick, i| tick.price = i as u64)?;
    /// let cursor = producer.consumer_cursor("reader").expect("attached");
    /// assert_eq!(cursor.load(), -1);
    /// reader.process_available(|_tick, _sequence| {});
    /// assert_eq!(cursor.load(), 2); // a live view
    /// assert!(producer.consumer_cursor("nobody").is_none());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn consumer_cursor(&self, id: &str) -> Option<SharedCursor<'_>> {
        self.barrier().consumer_cursor(id)
    }

    /// The consumers that gate this producer, as a read-only view.
    ///
    /// ```
    /// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
    /// # #[repr(C)]
    /// # struct Tick { price: u64 }
    /// # let ring = format!("doc-{}-barrier", std::process::id());
    /// # let mut producer = disruptor_mp::build_shared_single_producer::<Tick>(&ring, 8)
    /// #     .discover_consumer_with_prefix(1, "reader")
    /// #     .with_coordination(disruptor_mp::CoordinationMode::Immediate)
    /// #     .build_producer(Tick::default)?;
    /// # let reader = disruptor_mp::attach_shared_consumer::<Tick>(&ring, 8)
    /// #     .with_consumer_id("reader_0")
    /// #     .build_consumer()?;
    /// producer.publish_value(Tick { price: 10 });
    /// let barrier = producer.barrier();
    /// assert_eq!(barrier.attached_ids(), ["reader_0"]);
    /// assert_eq!(barrier.get_min_consumer_sequence(), -1); // reader_0 has not read it yet
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn barrier(&self) -> SharedConsumerBarrier<'_> {
        SharedConsumerBarrier::new(self.segment())
    }

    /// The ring's slots as a read-only view (the events still held, by sequence).
    ///
    /// ```
    /// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
    /// # #[repr(C)]
    /// # struct Tick { price: u64 }
    /// # let ring = format!("doc-{}-ring_buffer", std::process::id());
    /// # let mut producer = disruptor_mp::build_shared_single_producer::<Tick>(&ring, 8)
    /// #     .build_producer(Tick::default)?;
    /// let sequence = producer.publish_value(Tick { price: 7 });
    /// let slots = producer.ring_buffer();
    /// assert_eq!(slots.size(), 8);
    /// assert_eq!(slots.get(sequence).map(|tick| tick.price), Some(7));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn ring_buffer(&self) -> SharedRingBuffer<'_, E> {
        SharedRingBuffer::new(&self.publisher, &self.settings.name)
    }

    /// The ring's name, with its namespace if it has one (`namespace:name`).
    ///
    /// ```
    /// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
    /// # #[repr(C)]
    /// # struct Tick { price: u64 }
    /// # let ring = format!("doc-{}-segment_name", std::process::id());
    /// let producer = disruptor_mp::build_shared_single_producer::<Tick>(&ring, 8)
    ///     .with_namespace("staging")
    ///     .build_producer(Tick::default)?;
    /// assert_eq!(producer.segment_name(), format!("staging:{ring}"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn segment_name(&self) -> &str {
        &self.settings.name
    }

    /// Number of slots.
    ///
    /// ```
    /// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
    /// # #[repr(C)]
    /// # struct Tick { price: u64 }
    /// # let ring = format!("doc-{}-capacity", std::process::id());
    /// # let producer = disruptor_mp::build_shared_single_producer::<Tick>(&ring, 8)
    /// #     .build_producer(Tick::default)?;
    /// assert_eq!(producer.capacity(), 8);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn capacity(&self) -> usize {
        self.segment().plan().capacity
    }
}

/// How often waits on consumer progress look at the consumer table.
const CONSUMED_POLL: Duration = Duration::from_micros(100);
