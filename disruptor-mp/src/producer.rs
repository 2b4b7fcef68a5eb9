//! The producer handle: one per ring. Claims are local arithmetic, a publish is a slot write and
//! a Release store of its stamp (the producer cursor follows once per batch or every few single
//! publishes), and the consumer table is read only when the cached gating limit runs out.

use crate::Sequence;
use crate::backend::futex;
use crate::backend::process::ProcessIdentity;
use crate::error::{MissingFreeSlots, PublishTimeoutError, RingBufferFull};
use crate::event::SharedEvent;
use crate::layout::SegmentState;
use crate::ring::consumer_table::{ConsumerTable, EntryState, PackedId};
use crate::ring::publisher::Publisher;
use crate::wait::{AutoWaitStrategy, Idle, SleepBlocker};
use core::sync::atomic::Ordering;
use std::time::{Duration, Instant};

/// Publishes events into a ring that consumers in other processes read.
///
/// Built by [`crate::build_shared_single_producer`]. Dropping it closes the ring: consumers drain
/// what was published and then get `ConsumeError::ProducerClosed`; the segment's name is removed
/// at once so a new producer can reuse it.
pub struct SharedProducer<E: SharedEvent> {
    publisher: Publisher<E>,
    name: String,
    identity: ProcessIdentity,
    wait: AutoWaitStrategy,
    owns_name: bool,
}

impl<E: SharedEvent> std::fmt::Debug for SharedProducer<E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SharedProducer")
            .field("name", &self.name)
            .field("event", &E::LAYOUT.name())
            .field("capacity", &self.capacity())
            .field("last_published", &self.last_published_sequence())
            .finish_non_exhaustive()
    }
}

impl<E: SharedEvent> SharedProducer<E> {
    /// Wraps an initialised, ready segment this process created.
    pub(crate) fn from_parts(
        publisher: Publisher<E>,
        name: String,
        identity: ProcessIdentity,
        wait: AutoWaitStrategy,
        owns_name: bool,
    ) -> Self {
        Self {
            publisher,
            name,
            identity,
            wait,
            owns_name,
        }
    }

    /// Publishes one event if a slot is free: `update` fills the slot in place (it holds whatever
    /// the slot held before, so overwrite every field).
    #[inline]
    pub fn try_publish<F: FnOnce(&mut E)>(
        &mut self,
        update: F,
    ) -> Result<Sequence, RingBufferFull> {
        let seq = self
            .publisher
            .try_publish(update)
            .map_err(|_| RingBufferFull)?;
        self.after_publish();
        Ok(seq)
    }

    /// Publishes one event, waiting (with the producer's wait strategy) while the ring is full.
    ///
    /// Strict broadcast: this waits for as long as the slowest gating consumer holds the slot.
    /// Use [`SharedProducer::publish_with_timeout`] to bound the wait.
    #[inline]
    pub fn publish<F: FnOnce(&mut E)>(&mut self, update: F) -> Sequence {
        self.wait_for_space(None);
        let seq = self
            .publisher
            .try_publish(update)
            .expect("space was just observed");
        self.after_publish();
        seq
    }

    /// Publishes one event, waiting at most `timeout` for a free slot.
    pub fn publish_with_timeout<F: FnOnce(&mut E)>(
        &mut self,
        timeout: Duration,
        update: F,
    ) -> Result<Sequence, PublishTimeoutError> {
        if !self.wait_for_space(Instant::now().checked_add(timeout)) {
            return Err(PublishTimeoutError::Timeout);
        }
        let seq = self
            .publisher
            .try_publish(update)
            .expect("space was just observed");
        self.after_publish();
        Ok(seq)
    }

    /// Publishes `n` events if `n` slots are free: `update(slot, i)` fills the `i`-th. All slots
    /// are written before any is published. `n == 0` returns the last published sequence without
    /// calling `update`. Never waits.
    #[inline]
    pub fn try_batch_publish<F: FnMut(&mut E, usize)>(
        &mut self,
        n: usize,
        update: F,
    ) -> Result<Sequence, MissingFreeSlots> {
        if n == 0 {
            return Ok(self.last_published_sequence());
        }
        let last = self
            .publisher
            .try_publish_batch(n as u64, update)
            .map_err(MissingFreeSlots)?;
        self.after_publish();
        Ok(last)
    }

    /// Same as [`SharedProducer::try_batch_publish`] (the published crate's name; it never waits).
    #[inline]
    pub fn batch_publish<F: FnMut(&mut E, usize)>(
        &mut self,
        n: usize,
        update: F,
    ) -> Result<Sequence, MissingFreeSlots> {
        self.try_batch_publish(n, update)
    }

    /// Same as [`SharedProducer::try_batch_publish`].
    #[inline]
    pub fn simple_batch_publish<F: FnMut(&mut E, usize)>(
        &mut self,
        n: usize,
        update: F,
    ) -> Result<Sequence, MissingFreeSlots> {
        self.try_batch_publish(n, update)
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

    /// Waits until a slot is free or `deadline` passes (`None`: no deadline). Returns whether a
    /// slot is free.
    fn wait_for_space(&mut self, deadline: Option<Instant>) -> bool {
        let mut idle = Idle::new();
        loop {
            if self.publisher.can_claim(1) {
                return true;
            }
            if deadline.is_some_and(|deadline| Instant::now() >= deadline) {
                return false;
            }
            idle.step(self.wait, &SleepBlocker);
        }
    }

    /// The last published sequence (-1 before the first publish).
    pub fn last_published_sequence(&self) -> Sequence {
        self.publisher.last_published()
    }

    /// The lowest cursor among gating consumers (the last published sequence when none gate).
    pub fn min_gating_sequence(&mut self) -> Sequence {
        self.publisher.min_gating()
    }

    /// Whether every gating consumer is done with `sequence`.
    pub fn is_consumed(&mut self, sequence: Sequence) -> bool {
        self.min_gating_sequence() >= sequence
    }

    /// Waits until every gating consumer is done with `sequence`, at most `timeout`.
    pub fn wait_until_consumed(&mut self, sequence: Sequence, timeout: Duration) -> bool {
        let started = Instant::now();
        let mut idle = Idle::new();
        loop {
            if self.is_consumed(sequence) {
                return true;
            }
            if started.elapsed() >= timeout {
                return false;
            }
            idle.step(AutoWaitStrategy::SpinThenYield { spins: 64 }, &SleepBlocker);
        }
    }

    /// Number of consumers attached now (gating or not).
    pub fn get_consumer_count(&mut self) -> usize {
        ConsumerTable::new(self.publisher.segment()).active_count()
    }

    /// Number of table entries the producer waits for (attached, or reserved and awaited).
    pub fn gating_consumer_count(&mut self) -> usize {
        self.publisher.gating_count()
    }

    /// The cursor of the consumer with this id: the last sequence it is done with.
    pub fn consumer_sequence(&mut self, id: &str) -> Option<Sequence> {
        let table = ConsumerTable::new(self.publisher.segment());
        let index = table.find(&PackedId::new(id)?)?;
        Some(table.cursor(index).load(Ordering::Acquire))
    }

    /// Makes `id` a gating consumer: if it has not attached yet, events from the next publish on
    /// are held for it. Returns whether it gates.
    pub fn discover_consumer_id(&mut self, id: &str) -> bool {
        let Some(id) = PackedId::new(id) else {
            return false;
        };
        let last = self.last_published_sequence();
        ConsumerTable::new(self.publisher.segment()).require(&id, last, self.identity)
    }

    /// Waits up to `timeout` for a consumer with this id to be attached.
    pub fn wait_for_consumer_id(&mut self, id: &str, timeout: Duration) -> bool {
        let Some(packed) = PackedId::new(id) else {
            return false;
        };
        let started = Instant::now();
        loop {
            let table = ConsumerTable::new(self.publisher.segment());
            if table
                .find(&packed)
                .is_some_and(|i| table.state(i) == Some(EntryState::Active))
            {
                return true;
            }
            if started.elapsed() >= timeout {
                return false;
            }
            std::thread::sleep(Duration::from_millis(1));
        }
    }

    /// The segment's name.
    pub fn segment_name(&self) -> &str {
        &self.name
    }

    /// Number of slots.
    pub fn capacity(&self) -> usize {
        self.publisher.segment().plan().capacity
    }

    fn close(&mut self) {
        self.publisher.sync_cursor();
        let segment = self.publisher.segment();
        segment
            .state()
            .store(SegmentState::Closed as u32, Ordering::Release);
        self.wake_consumers();
        if self.owns_name {
            // Nothing to report to: the ring is closed either way, and a name we failed to
            // remove is reclaimed by the next producer (its creator is gone).
            let _ = segment.region().remove_name();
        }
    }
}

impl<E: SharedEvent> Drop for SharedProducer<E> {
    fn drop(&mut self) {
        self.close();
    }
}

/// Publishing into a ring: implemented by [`SharedProducer`] (and so by `MmapProducer`), for code
/// generic over the producer.
pub trait Producer<E> {
    /// See [`SharedProducer::try_publish`].
    fn try_publish<F: FnOnce(&mut E)>(&mut self, update: F) -> Result<Sequence, RingBufferFull>;
    /// See [`SharedProducer::publish`].
    fn publish<F: FnOnce(&mut E)>(&mut self, update: F) -> Sequence;
    /// See [`SharedProducer::try_batch_publish`].
    fn try_batch_publish<F: FnMut(&mut E, usize)>(
        &mut self,
        n: usize,
        update: F,
    ) -> Result<Sequence, MissingFreeSlots>;
    /// See [`SharedProducer::batch_publish`].
    fn batch_publish<F: FnMut(&mut E, usize)>(
        &mut self,
        n: usize,
        update: F,
    ) -> Result<Sequence, MissingFreeSlots>;
}

impl<E: SharedEvent> Producer<E> for SharedProducer<E> {
    fn try_publish<F: FnOnce(&mut E)>(&mut self, update: F) -> Result<Sequence, RingBufferFull> {
        SharedProducer::try_publish(self, update)
    }

    fn publish<F: FnOnce(&mut E)>(&mut self, update: F) -> Sequence {
        SharedProducer::publish(self, update)
    }

    fn try_batch_publish<F: FnMut(&mut E, usize)>(
        &mut self,
        n: usize,
        update: F,
    ) -> Result<Sequence, MissingFreeSlots> {
        SharedProducer::try_batch_publish(self, n, update)
    }

    fn batch_publish<F: FnMut(&mut E, usize)>(
        &mut self,
        n: usize,
        update: F,
    ) -> Result<Sequence, MissingFreeSlots> {
        SharedProducer::batch_publish(self, n, update)
    }
}
