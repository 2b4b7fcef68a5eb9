//! The consumer handle: policy around [`Reader`] — waiting, end of stream, producer liveness and
//! the published crate's method names. Nothing here runs while events are available except the
//! read itself.

use crate::Sequence;
use crate::backend::futex;
use crate::backend::process::{Liveness, ProcessIdentity};
use crate::error::{ConsumeError, ResumeError};
use crate::event::SharedEvent;
use crate::layout::SegmentState;
use crate::ring::consumer_table::{ConsumerTable, Role};
use crate::ring::lease::SharedConsumerLease;
use crate::ring::reader::{Lapped, Reader, ResumeAt};
use crate::ring::slots::SlotState;
use crate::views::SharedCursor;
use crate::wait::{AutoWaitStrategy, Blocker, Idle};
use core::sync::atomic::Ordering;
use std::time::{Duration, Instant};

/// How often an idle consumer asks the OS whether the producer is still alive.
const LIVENESS_INTERVAL: Duration = Duration::from_millis(20);
/// Idle polls between clock reads for the liveness check.
const IDLE_POLLS_PER_CLOCK_READ: u32 = 64;

/// Which place in the ring a consumer got when it attached.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ConsumerRole {
    /// A place the producer reserved for this id (its discovery prefix): it gates the producer,
    /// which holds every event for it from the first one, and a restart resumes where it was.
    Reserved,
    /// One of the producer's open gating places (`enable_discovery`), taken by the first
    /// consumers without a reserved id: it gates the producer.
    Open,
    /// A reader the producer does not wait for: it sees events published after it attached,
    /// and gets `ConsumeError::Lapped` if the producer overwrites one it has not read.
    Observer,
}

impl ConsumerRole {
    /// Whether the producer waits for a consumer in this role.
    ///
    /// ```
    /// use disruptor_mp::ConsumerRole;
    /// assert!(ConsumerRole::Reserved.gates());
    /// assert!(ConsumerRole::Open.gates());
    /// assert!(!ConsumerRole::Observer.gates());
    /// ```
    pub fn gates(self) -> bool {
        !matches!(self, Self::Observer)
    }

    pub(crate) fn of(role: Role) -> Self {
        match role {
            Role::Named => Self::Reserved,
            Role::Open => Self::Open,
            Role::Plain => Self::Observer,
        }
    }
}

/// Reads every event of a ring published by a producer in another process.
///
/// Built by [`crate::attach_shared_consumer`]. Dropping it releases its consumer-table entry, so
/// the producer stops waiting for it.
pub struct SharedConsumer<E: SharedEvent> {
    reader: Reader<E>,
    settings: ConsumerSettings,
    idle_polls: u32,
    last_liveness_check: Option<Instant>,
}

/// What the builder decided for a consumer, beyond the segment it attached to.
#[derive(Clone, Debug)]
pub(crate) struct ConsumerSettings {
    /// The id its table entry carries.
    pub(crate) id: String,
    /// The ring's name as errors show it (with its namespace, if any).
    pub(crate) name: String,
    /// How the blocking reads wait.
    pub(crate) wait: AutoWaitStrategy,
    /// The ring's creator, for liveness checks.
    pub(crate) producer: ProcessIdentity,
    /// The place the consumer got.
    pub(crate) role: ConsumerRole,
}

impl<E: SharedEvent> std::fmt::Debug for SharedConsumer<E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SharedConsumer")
            .field("name", &self.settings.name)
            .field("id", &self.settings.id)
            .field("role", &self.settings.role)
            .field("next", &self.reader.next())
            .finish_non_exhaustive()
    }
}

impl From<Lapped> for ConsumeError {
    fn from(lap: Lapped) -> Self {
        ConsumeError::Lapped {
            expected: lap.expected,
            found: lap.found,
        }
    }
}

impl<E: SharedEvent> SharedConsumer<E> {
    pub(crate) fn from_parts(reader: Reader<E>, settings: ConsumerSettings) -> Self {
        Self {
            reader,
            settings,
            idle_polls: 0,
            last_liveness_check: None,
        }
    }

    /// Runs when nothing is available: publishes progress, then reports end of stream or a dead
    /// producer. Never on the path of an available event.
    #[cold]
    fn idle_check(&mut self) -> Result<(), ConsumeError> {
        self.reader.flush();
        let segment = self.reader.segment();
        if segment.load_state() == Ok(SegmentState::Closed)
            && self.reader.next_state() != SlotState::Ready
        {
            return Err(ConsumeError::ProducerClosed);
        }
        self.idle_polls = self.idle_polls.wrapping_add(1);
        if self.idle_polls % IDLE_POLLS_PER_CLOCK_READ != 1 {
            return Ok(());
        }
        let now = Instant::now();
        if self
            .last_liveness_check
            .is_some_and(|at| now.duration_since(at) < LIVENESS_INTERVAL)
        {
            return Ok(());
        }
        self.last_liveness_check = Some(now);
        if self.settings.producer.liveness() == Liveness::Dead
            && self.reader.next_state() != SlotState::Ready
        {
            // A producer that closed the ring and then exited between the state check above and
            // the liveness check ended its stream cleanly: look at the state again.
            if self.reader.segment().load_state() == Ok(SegmentState::Closed) {
                return Err(ConsumeError::ProducerClosed);
            }
            return Err(ConsumeError::ProducerDead {
                pid: self.settings.producer.pid,
            });
        }
        Ok(())
    }

    /// Reads the next event as a copy, or reports why there is none: the checked form of
    /// [`SharedConsumer::try_consume_next`].
    ///
    /// ```
    /// use disruptor_mp::ConsumeError;
    /// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
    /// # #[repr(C)]
    /// # struct Tick { price: u64 }
    /// # let ring = format!("doc-{}-poll_next", std::process::id());
    /// # let mut producer = disruptor_mp::build_shared_single_producer::<Tick>(&ring, 8)
    /// #     .build_producer(Tick::default)?;
    /// # let mut consumer = disruptor_mp::attach_shared_consumer::<Tick>(&ring, 8)
    /// #     .build_consumer()?;
    ///
    /// assert!(consumer.poll_next()?.is_none()); // nothing yet: does not wait
    /// producer.publish_value(Tick { price: 10 });
    /// assert_eq!(consumer.poll_next()?.map(|(_, tick)| tick.price), Some(10));
    /// drop(producer); // closes the ring
    /// assert!(matches!(consumer.poll_next(), Err(ConsumeError::ProducerClosed)));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[inline]
    pub fn poll_next(&mut self) -> Result<Option<(Sequence, E)>, ConsumeError> {
        match self.reader.try_read()? {
            Some(found) => Ok(Some(found)),
            None => self.idle_check().map(|()| None),
        }
    }

    /// Reads the next event in place, or reports why there is none: the checked form of
    /// [`SharedConsumer::try_consume_next_leased`].
    ///
    /// ```
    /// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
    /// # #[repr(C)]
    /// # struct Tick { price: u64 }
    /// # let ring = format!("doc-{}-poll_next_leased", std::process::id());
    /// # let mut producer = disruptor_mp::build_shared_single_producer::<Tick>(&ring, 8)
    /// #     .build_producer(Tick::default)?;
    /// # let mut consumer = disruptor_mp::attach_shared_consumer::<Tick>(&ring, 8)
    /// #     .build_consumer()?;
    /// producer.publish_value(Tick { price: 10 });
    /// if let Some(tick) = consumer.poll_next_leased()? {
    ///     assert_eq!(tick.price, 10);
    /// } // the lease releases the slot here
    /// assert!(consumer.poll_next_leased()?.is_none());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[inline]
    pub fn poll_next_leased(&mut self) -> Result<Option<SharedConsumerLease<'_, E>>, ConsumeError> {
        let mut observation = self.reader.observe();
        if observation.state() == SlotState::NotYet {
            self.idle_check()?;
            // The producer may have published between the first look and the idle check.
            observation = self.reader.observe();
        }
        Ok(self.reader.lease(observation)?)
    }

    /// The next event as a copy, or `None` if there is none now — or none ever again: use
    /// [`SharedConsumer::poll_next`] to tell end of stream, a dead producer or a lap apart.
    ///
    /// ```
    /// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
    /// # #[repr(C)]
    /// # struct Tick { price: u64 }
    /// # let ring = format!("doc-{}-try_consume_next", std::process::id());
    /// # let mut producer = disruptor_mp::build_shared_single_producer::<Tick>(&ring, 8)
    /// #     .build_producer(Tick::default)?;
    /// # let mut consumer = disruptor_mp::attach_shared_consumer::<Tick>(&ring, 8)
    /// #     .build_consumer()?;
    /// assert!(consumer.try_consume_next().is_none());
    /// producer.publish_value(Tick { price: 10 });
    /// let (sequence, tick) = consumer.try_consume_next().expect("published");
    /// assert_eq!((sequence, tick.price), (0, 10));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[inline]
    pub fn try_consume_next(&mut self) -> Option<(Sequence, E)> {
        self.poll_next().ok().flatten()
    }

    /// The next event in place: the lease derefs to the event in the slot and releases it when
    /// dropped. `None` as for [`SharedConsumer::try_consume_next`]: the published crate's
    /// spelling, which cannot tell "nothing yet" from "never again" (end of stream, a dead
    /// producer, a lap). Do not end a loop on its first `None` — the published quick start's
    /// `while let Some(event) = consumer.try_consume_next_leased()` stops at the first moment
    /// the consumer catches up and silently loses the rest of the stream. Read a stream with
    /// [`SharedConsumer::consume_next_leased`] or [`SharedConsumer::poll_next_leased`].
    ///
    /// ```
    /// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
    /// # #[repr(C)]
    /// # struct Tick { price: u64 }
    /// # let ring = format!("doc-{}-try_consume_next_leased", std::process::id());
    /// # let mut producer = disruptor_mp::build_shared_single_producer::<Tick>(&ring, 8)
    /// #     .build_producer(Tick::default)?;
    /// # let mut consumer = disruptor_mp::attach_shared_consumer::<Tick>(&ring, 8)
    /// #     .build_consumer()?;
    /// producer.publish_value(Tick { price: 10 });
    /// if let Some(tick) = consumer.try_consume_next_leased() {
    ///     assert_eq!((tick.sequence(), tick.price), (0, 10));
    /// }
    /// // `None` now: nothing yet, but a `None` can also mean the stream ended.
    /// assert!(consumer.try_consume_next_leased().is_none());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[inline(always)]
    pub fn try_consume_next_leased(&mut self) -> Option<SharedConsumerLease<'_, E>> {
        // Fast path: one stamp load, no error plumbing; everything else goes the checked way.
        let observation = self.reader.observe();
        if observation.state() == SlotState::Ready && self.reader.gating() {
            return self.reader.lease(observation).ok().flatten();
        }
        self.poll_next_leased().ok().flatten()
    }

    /// Waits (with this consumer's wait strategy) for the next event and returns a copy. Returns
    /// an error instead of waiting forever once the producer closed the ring or died.
    ///
    /// ```
    /// use disruptor_mp::ConsumeError;
    /// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
    /// # #[repr(C)]
    /// # struct Tick { price: u64 }
    /// # let ring = format!("doc-{}-consume_next", std::process::id());
    /// # let mut producer = disruptor_mp::build_shared_single_producer::<Tick>(&ring, 8)
    /// #     .build_producer(Tick::default)?;
    /// # let mut consumer = disruptor_mp::attach_shared_consumer::<Tick>(&ring, 8)
    /// #     .build_consumer()?;
    ///
    /// producer.publish_value(Tick { price: 10 });
    /// drop(producer); // closes the ring: the consumer still reads what was published
    /// let (sequence, tick) = consumer.consume_next()?;
    /// assert_eq!((sequence, tick.price), (0, 10));
    /// assert!(matches!(consumer.consume_next(), Err(ConsumeError::ProducerClosed)));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn consume_next(&mut self) -> Result<(Sequence, E), ConsumeError> {
        self.consume_next_timeout(Duration::MAX)?
            .ok_or(ConsumeError::ProducerClosed)
    }

    /// Like [`SharedConsumer::consume_next`], returning `Ok(None)` after `timeout`.
    ///
    /// ```
    /// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
    /// # #[repr(C)]
    /// # struct Tick { price: u64 }
    /// # let ring = format!("doc-{}-consume_next_timeout", std::process::id());
    /// # let mut producer = disruptor_mp::build_shared_single_producer::<Tick>(&ring, 8)
    /// #     .build_producer(Tick::default)?;
    /// # let mut consumer = disruptor_mp::attach_shared_consumer::<Tick>(&ring, 8)
    /// #     .build_consumer()?;
    /// use std::time::Duration;
    ///
    /// assert!(consumer.consume_next_timeout(Duration::from_millis(10))?.is_none());
    /// producer.publish_value(Tick { price: 10 });
    /// let next = consumer.consume_next_timeout(Duration::from_millis(10))?;
    /// assert_eq!(next.map(|(_, tick)| tick.price), Some(10));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn consume_next_timeout(
        &mut self,
        timeout: Duration,
    ) -> Result<Option<(Sequence, E)>, ConsumeError> {
        let deadline = Instant::now().checked_add(timeout);
        let mut idle = Idle::new();
        loop {
            if let Some(found) = self.poll_next()? {
                return Ok(Some(found));
            }
            if deadline.is_some_and(|deadline| Instant::now() >= deadline) {
                return Ok(None);
            }
            idle.step(
                self.settings.wait,
                &FutexBlocker {
                    reader: &self.reader,
                },
            );
        }
    }

    /// Waits for the next event and returns it in place.
    ///
    /// ```
    /// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
    /// # #[repr(C)]
    /// # struct Tick { price: u64 }
    /// # let ring = format!("doc-{}-consume_next_leased", std::process::id());
    /// # let mut producer = disruptor_mp::build_shared_single_producer::<Tick>(&ring, 8)
    /// #     .build_producer(Tick::default)?;
    /// # let mut consumer = disruptor_mp::attach_shared_consumer::<Tick>(&ring, 8)
    /// #     .build_consumer()?;
    /// producer.publish_value(Tick { price: 10 });
    /// let tick = consumer.consume_next_leased()?;
    /// assert_eq!((tick.sequence(), tick.price), (0, 10));
    /// drop(tick); // releases the slot
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn consume_next_leased(&mut self) -> Result<SharedConsumerLease<'_, E>, ConsumeError> {
        let mut idle = Idle::new();
        let mut observation = self.reader.observe();
        while observation.state() == SlotState::NotYet {
            self.idle_check()?;
            idle.step(
                self.settings.wait,
                &FutexBlocker {
                    reader: &self.reader,
                },
            );
            observation = self.reader.observe();
        }
        Ok(self
            .reader
            .lease(observation)?
            .expect("the next event was observed published"))
    }

    /// Calls `handler(&event, sequence)` for the events available now, in place, and publishes
    /// progress once at the end. Bounded: it handles at most one ring's worth of events per call,
    /// so it returns even against a producer that never stops. Returns how many it handled.
    ///
    /// Stops early at end of stream, a dead producer or a lap; the next
    /// [`SharedConsumer::poll_next`] reports which.
    ///
    /// ```
    /// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
    /// # #[repr(C)]
    /// # struct Tick { price: u64 }
    /// # let ring = format!("doc-{}-process_available", std::process::id());
    /// # let mut producer = disruptor_mp::build_shared_single_producer::<Tick>(&ring, 8)
    /// #     .build_producer(Tick::default)?;
    /// # let mut consumer = disruptor_mp::attach_shared_consumer::<Tick>(&ring, 8)
    /// #     .build_consumer()?;
    /// producer.publish_batch(3, |tick, i| tick.price = 10 * i as u64)?;
    /// let mut total = 0;
    /// let handled = consumer.process_available(|tick, _sequence| total += tick.price);
    /// assert_eq!((handled, total), (3, 30));
    /// assert_eq!(consumer.process_available(|_, _| {}), 0); // nothing left
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn process_available<F: FnMut(&E, Sequence)>(&mut self, handler: F) -> usize {
        self.try_process_available(handler)
            .unwrap_or_else(|(count, _)| count)
    }

    /// [`SharedConsumer::process_available`] that also reports why it stopped early, with the
    /// number of events it handled before that.
    ///
    /// ```
    /// use disruptor_mp::ConsumeError;
    /// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
    /// # #[repr(C)]
    /// # struct Tick { price: u64 }
    /// # let ring = format!("doc-{}-try_process_available", std::process::id());
    /// # let mut producer = disruptor_mp::build_shared_single_producer::<Tick>(&ring, 8)
    /// #     .build_producer(Tick::default)?;
    /// # let mut consumer = disruptor_mp::attach_shared_consumer::<Tick>(&ring, 8)
    /// #     .build_consumer()?;
    ///
    /// producer.publish_value(Tick { price: 10 });
    /// drop(producer);
    /// assert_eq!(consumer.try_process_available(|_, _| {}).ok(), Some(1));
    /// let end = consumer.try_process_available(|_, _| {});
    /// assert!(matches!(end, Err((0, ConsumeError::ProducerClosed))));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn try_process_available<F: FnMut(&E, Sequence)>(
        &mut self,
        handler: F,
    ) -> Result<usize, (usize, ConsumeError)> {
        let bound = self.reader.segment().plan().capacity;
        match self.reader.visit_available(bound, handler) {
            (count, Some(lap)) => Err((count, lap.into())),
            (0, None) => self.idle_check().map(|()| 0).map_err(|err| (0, err)),
            (count, None) => Ok(count),
        }
    }

    /// The last sequence this consumer is done with (-1 before the first).
    ///
    /// ```
    /// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
    /// # #[repr(C)]
    /// # struct Tick { price: u64 }
    /// # let ring = format!("doc-{}-current_sequence", std::process::id());
    /// # let mut producer = disruptor_mp::build_shared_single_producer::<Tick>(&ring, 8)
    /// #     .build_producer(Tick::default)?;
    /// # let mut consumer = disruptor_mp::attach_shared_consumer::<Tick>(&ring, 8)
    /// #     .build_consumer()?;
    /// assert_eq!(consumer.current_sequence(), -1);
    /// producer.publish_batch(2, |tick, i| tick.price = i as u64)?;
    /// consumer.consume_next()?;
    /// assert_eq!(consumer.current_sequence(), 0);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn current_sequence(&self) -> Sequence {
        self.reader.next() - 1
    }

    /// The producer's last published sequence.
    ///
    /// ```
    /// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
    /// # #[repr(C)]
    /// # struct Tick { price: u64 }
    /// # let ring = format!("doc-{}-producer_sequence", std::process::id());
    /// # let mut producer = disruptor_mp::build_shared_single_producer::<Tick>(&ring, 8)
    /// #     .build_producer(Tick::default)?;
    /// # let mut consumer = disruptor_mp::attach_shared_consumer::<Tick>(&ring, 8)
    /// #     .build_consumer()?;
    /// producer.publish_batch(3, |tick, i| tick.price = i as u64)?;
    /// consumer.consume_next()?;
    /// assert_eq!(consumer.producer_sequence(), 2);
    /// let backlog = consumer.producer_sequence() - consumer.current_sequence();
    /// assert_eq!(backlog, 2);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn producer_sequence(&self) -> Sequence {
        self.reader.segment().last_published()
    }

    /// The cursor the producer reads for this consumer: the last sequence it has released
    /// (stored once per quarter ring and whenever the consumer goes idle, so it may trail
    /// [`SharedConsumer::current_sequence`]).
    ///
    /// ```
    /// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
    /// # #[repr(C)]
    /// # struct Tick { price: u64 }
    /// # let ring = format!("doc-{}-consumer_sequence", std::process::id());
    /// # let mut producer = disruptor_mp::build_shared_single_producer::<Tick>(&ring, 8)
    /// #     .build_producer(Tick::default)?;
    /// # let mut consumer = disruptor_mp::attach_shared_consumer::<Tick>(&ring, 8)
    /// #     .build_consumer()?;
    /// producer.publish_value(Tick { price: 10 });
    /// consumer.consume_next()?;
    /// assert!(consumer.poll_next()?.is_none()); // going idle stores the cursor
    /// assert_eq!(consumer.consumer_sequence(), 0);
    /// assert_eq!(producer.consumer_sequence(consumer.consumer_id()), Some(0));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn consumer_sequence(&self) -> Sequence {
        ConsumerTable::new(self.reader.segment())
            .cursor(self.reader.entry())
            .load(Ordering::Acquire)
    }

    /// This consumer's cursor as a read-only view (its value is [`Self::consumer_sequence`]).
    ///
    /// ```
    /// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
    /// # #[repr(C)]
    /// # struct Tick { price: u64 }
    /// # let ring = format!("doc-{}-consumer_cursor_view", std::process::id());
    /// # let mut producer = disruptor_mp::build_shared_single_producer::<Tick>(&ring, 8)
    /// #     .build_producer(Tick::default)?;
    /// # let mut consumer = disruptor_mp::attach_shared_consumer::<Tick>(&ring, 8)
    /// #     .build_consumer()?;
    /// producer.publish_value(Tick { price: 10 });
    /// consumer.process_available(|_, _| {});
    /// assert_eq!(consumer.cursor().load(), 0);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn cursor(&self) -> SharedCursor<'_> {
        SharedCursor::consumer(self.reader.segment(), self.reader.entry())
    }

    /// `(current_sequence, producer_sequence, consumer_sequence)` in one call, for logs.
    ///
    /// ```
    /// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
    /// # #[repr(C)]
    /// # struct Tick { price: u64 }
    /// # let ring = format!("doc-{}-debug_sequences", std::process::id());
    /// # let mut producer = disruptor_mp::build_shared_single_producer::<Tick>(&ring, 8)
    /// #     .build_producer(Tick::default)?;
    /// # let mut consumer = disruptor_mp::attach_shared_consumer::<Tick>(&ring, 8)
    /// #     .build_consumer()?;
    /// producer.publish_batch(2, |tick, i| tick.price = i as u64)?;
    /// consumer.consume_next()?;
    /// let (current, published, released) = consumer.debug_sequences();
    /// assert_eq!((current, published), (0, 1));
    /// assert!(released <= current);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn debug_sequences(&self) -> (Sequence, Sequence, Sequence) {
        (
            self.current_sequence(),
            self.producer_sequence(),
            self.consumer_sequence(),
        )
    }

    /// This consumer's id (`ad_<n>` when it attached anonymously).
    ///
    /// ```
    /// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
    /// # #[repr(C)]
    /// # struct Tick { price: u64 }
    /// # let ring = format!("doc-{}-consumer_id", std::process::id());
    /// # let producer = disruptor_mp::build_shared_single_producer::<Tick>(&ring, 8)
    /// #     .build_producer(Tick::default)?;
    /// let anonymous = disruptor_mp::attach_shared_consumer::<Tick>(&ring, 8).build_consumer()?;
    /// assert!(anonymous.consumer_id().starts_with("ad_"));
    /// let named = disruptor_mp::attach_shared_consumer::<Tick>(&ring, 8)
    ///     .with_consumer_id("audit")
    ///     .build_consumer()?;
    /// assert_eq!(named.consumer_id(), "audit");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn consumer_id(&self) -> &str {
        &self.settings.id
    }

    /// Which place the consumer got when it attached: a reserved or open gating place, or an
    /// observer the producer does not wait for.
    ///
    /// ```
    /// use disruptor_mp::ConsumerRole;
    /// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
    /// # #[repr(C)]
    /// # struct Tick { price: u64 }
    /// # let ring = format!("doc-{}-role", std::process::id());
    /// # let producer = disruptor_mp::build_shared_single_producer::<Tick>(&ring, 8)
    /// #     .discover_consumer_with_prefix(1, "reader")
    /// #     .with_coordination(disruptor_mp::CoordinationMode::Immediate)
    /// #     .build_producer(Tick::default)?;
    ///
    /// let reader = disruptor_mp::attach_shared_consumer::<Tick>(&ring, 8)
    ///     .with_consumer_id("reader_0")
    ///     .build_consumer()?;
    /// let observer = disruptor_mp::attach_shared_consumer::<Tick>(&ring, 8).build_consumer()?;
    /// assert_eq!(reader.role(), ConsumerRole::Reserved);
    /// assert_eq!(observer.role(), ConsumerRole::Observer);
    /// assert!(!observer.role().gates());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn role(&self) -> ConsumerRole {
        self.settings.role
    }

    /// Whether the producer waits for this consumer. A non-gating consumer that falls a whole
    /// ring behind gets [`ConsumeError::Lapped`].
    ///
    /// ```
    /// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
    /// # #[repr(C)]
    /// # struct Tick { price: u64 }
    /// # let ring = format!("doc-{}-is_gating", std::process::id());
    /// # let producer = disruptor_mp::build_shared_single_producer::<Tick>(&ring, 8)
    /// #     .enable_discovery(1)
    /// #     .with_coordination(disruptor_mp::CoordinationMode::Immediate)
    /// #     .build_producer(Tick::default)?;
    /// let first = disruptor_mp::attach_shared_consumer::<Tick>(&ring, 8).build_consumer()?;
    /// let second = disruptor_mp::attach_shared_consumer::<Tick>(&ring, 8).build_consumer()?;
    /// assert!(first.is_gating()); // took the one open place
    /// assert!(!second.is_gating()); // reads only, and may be lapped
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn is_gating(&self) -> bool {
        self.reader.gating()
    }

    /// Skips a lapped consumer ahead to the oldest event the ring still holds, without
    /// re-attaching, and returns how many events it missed. The consumer stays lapped until it
    /// resumes: every read in between reports [`ConsumeError::Lapped`] again.
    ///
    /// The oldest event held is one ring behind the producer's last published sequence `p`:
    /// the next read returns sequence `p - capacity + 1` — or a later one if a write the
    /// producer has begun but not published already took that slot, so a resume gets past a
    /// lap even where a producer died mid-write — or, if the consumer is less than a ring
    /// behind, its own next sequence (it never moves backwards, and returns 0). Nothing holds
    /// that event for it, though: a producer that goes on publishing overwrites it first,
    /// and the next read may then report a fresh lap — resume again, or use
    /// [`SharedConsumer::resume_from_newest`] to skip all the backlog. Only this consumer's
    /// position moves (its cursor records the skipped events as done); the producer and other
    /// consumers are untouched.
    ///
    /// A consumer that gates the producer is never lapped and never skips: it gets
    /// [`ResumeError::Gating`] and stays where it is.
    ///
    /// ```
    /// use disruptor_mp::ConsumeError;
    /// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
    /// # #[repr(C)]
    /// # struct Tick { price: u64 }
    /// # let ring = format!("doc-{}-resume_from_oldest", std::process::id());
    /// let mut producer = disruptor_mp::build_shared_single_producer::<Tick>(&ring, 8)
    ///     .disable_discovery() // waits for nobody: it may lap its readers
    ///     .build_producer(Tick::default)?;
    /// let mut consumer = disruptor_mp::attach_shared_consumer::<Tick>(&ring, 8).build_consumer()?;
    ///
    /// for price in 0..20 {
    ///     producer.publish_value(Tick { price }); // 0..=19: the ring holds 12..=19
    /// }
    /// for _ in 0..2 {
    ///     // A lap is reported on every read until the consumer resumes.
    ///     let lap = consumer.poll_next();
    ///     assert!(matches!(lap, Err(ConsumeError::Lapped { expected: 0, .. })));
    /// }
    /// assert_eq!(consumer.resume_from_oldest()?, 12); // 0..=11 were missed
    /// let (sequence, tick) = consumer.poll_next()?.expect("12 is still held");
    /// assert_eq!((sequence, tick.price), (12, 12));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn resume_from_oldest(&mut self) -> Result<u64, ResumeError> {
        self.reader
            .resume(ResumeAt::Oldest)
            .ok_or(ResumeError::Gating)
    }

    /// Skips a consumer ahead to just after the producer's last published sequence, without
    /// re-attaching, and returns how many events it missed: the next read returns the next
    /// event the producer publishes. For a lapped consumer that wants what is live now rather
    /// than the backlog (see [`SharedConsumer::resume_from_oldest`]); a consumer that was not
    /// lapped skips its unread events the same way. Only this consumer's position moves.
    ///
    /// A consumer that gates the producer gets [`ResumeError::Gating`] and stays where it is:
    /// the producer holds every event for it, and it reads them all.
    ///
    /// ```
    /// use disruptor_mp::{CoordinationMode, ResumeError};
    /// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
    /// # #[repr(C)]
    /// # struct Tick { price: u64 }
    /// # let ring = format!("doc-{}-resume_from_newest", std::process::id());
    /// let mut producer = disruptor_mp::build_shared_single_producer::<Tick>(&ring, 8)
    ///     .enable_discovery(1) // the first consumer gates, the others only read
    ///     .with_coordination(CoordinationMode::Immediate)
    ///     .build_producer(Tick::default)?;
    /// let mut gating = disruptor_mp::attach_shared_consumer::<Tick>(&ring, 8).build_consumer()?;
    /// let mut observer = disruptor_mp::attach_shared_consumer::<Tick>(&ring, 8).build_consumer()?;
    ///
    /// for price in 0..5 {
    ///     producer.publish_value(Tick { price });
    /// }
    /// assert_eq!(observer.resume_from_newest()?, 5); // 0..=4 skipped
    /// assert!(observer.poll_next()?.is_none()); // nothing after the newest yet
    /// producer.publish_value(Tick { price: 5 });
    /// assert_eq!(observer.poll_next()?.map(|(seq, tick)| (seq, tick.price)), Some((5, 5)));
    ///
    /// assert_eq!(gating.resume_from_newest(), Err(ResumeError::Gating));
    /// assert_eq!(gating.poll_next()?.map(|(seq, _)| seq), Some(0)); // it reads them all
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn resume_from_newest(&mut self) -> Result<u64, ResumeError> {
        self.reader
            .resume(ResumeAt::Newest)
            .ok_or(ResumeError::Gating)
    }

    /// The ring's name, with its namespace if it has one (`namespace:name`).
    ///
    /// ```
    /// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
    /// # #[repr(C)]
    /// # struct Tick { price: u64 }
    /// # let ring = format!("doc-{}-consumer_segment_name", std::process::id());
    /// # let producer = disruptor_mp::build_shared_single_producer::<Tick>(&ring, 8)
    /// #     .with_namespace("staging")
    /// #     .build_producer(Tick::default)?;
    /// let consumer = disruptor_mp::attach_shared_consumer::<Tick>(&ring, 8)
    ///     .with_namespace("staging")
    ///     .build_consumer()?;
    /// assert_eq!(consumer.segment_name(), format!("staging:{ring}"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn segment_name(&self) -> &str {
        &self.settings.name
    }

    /// The published crate's readiness signal. Here a consumer is ready, and counted by the
    /// producer's coordination wait, from the moment it attached (its consumer-table entry is
    /// the signal, so no counter can be inflated by calling this twice); this stores the
    /// consumer's progress to that entry, which is what the producer reads.
    ///
    /// ```
    /// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
    /// # #[repr(C)]
    /// # struct Tick { price: u64 }
    /// # let ring = format!("doc-{}-signal_readiness", std::process::id());
    /// # let mut producer = disruptor_mp::build_shared_single_producer::<Tick>(&ring, 8)
    /// #     .build_producer(Tick::default)?;
    /// # let mut consumer = disruptor_mp::attach_shared_consumer::<Tick>(&ring, 8)
    /// #     .build_consumer()?;
    /// assert_eq!(producer.get_consumer_count(), 1); // counted since it attached
    /// consumer.signal_readiness(); // ported code may keep the call: it only stores progress
    /// assert_eq!(producer.get_consumer_count(), 1);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn signal_readiness(&mut self) {
        self.reader.flush();
    }

    /// The published crate's way to join a ring's readiness counter. Coordination lives in the
    /// ring's own consumer table, so there is nothing separate to attach: returns whether
    /// `base_name` is this consumer's ring (with or without its namespace).
    ///
    /// ```
    /// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
    /// # #[repr(C)]
    /// # struct Tick { price: u64 }
    /// # let ring = format!("doc-{}-try_attach_coordination", std::process::id());
    /// # let mut producer = disruptor_mp::build_shared_single_producer::<Tick>(&ring, 8)
    /// #     .build_producer(Tick::default)?;
    /// # let mut consumer = disruptor_mp::attach_shared_consumer::<Tick>(&ring, 8)
    /// #     .build_consumer()?;
    /// assert!(consumer.try_attach_coordination(&ring));
    /// assert!(!consumer.try_attach_coordination("another-ring"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn try_attach_coordination(&mut self, base_name: &str) -> bool {
        let name = self.settings.name.as_str();
        let bare = name.rsplit(':').next().unwrap_or(name);
        base_name.trim_start_matches('/') == bare || base_name == name
    }

    /// Always true: every ring carries the consumer table the producer's coordination wait reads.
    ///
    /// ```
    /// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
    /// # #[repr(C)]
    /// # struct Tick { price: u64 }
    /// # let ring = format!("doc-{}-has_coordination_support", std::process::id());
    /// # let producer = disruptor_mp::build_shared_single_producer::<Tick>(&ring, 8)
    /// #     .build_producer(Tick::default)?;
    /// # let consumer = disruptor_mp::attach_shared_consumer::<Tick>(&ring, 8)
    /// #     .build_consumer()?;
    /// assert!(consumer.has_coordination_support());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn has_coordination_support(&self) -> bool {
        true
    }

    /// Number of slots.
    ///
    /// ```
    /// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
    /// # #[repr(C)]
    /// # struct Tick { price: u64 }
    /// # let ring = format!("doc-{}-consumer_capacity", std::process::id());
    /// # let producer = disruptor_mp::build_shared_single_producer::<Tick>(&ring, 8)
    /// #     .build_producer(Tick::default)?;
    /// # let consumer = disruptor_mp::attach_shared_consumer::<Tick>(&ring, 8)
    /// #     .build_consumer()?;
    /// assert_eq!(consumer.capacity(), 8);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn capacity(&self) -> usize {
        self.reader.segment().plan().capacity
    }
}

/// Blocks a consumer on the segment's futex word until the producer publishes.
struct FutexBlocker<'a, E: SharedEvent> {
    reader: &'a Reader<E>,
}

impl<E: SharedEvent> Blocker for FutexBlocker<'_, E> {
    fn block(&self, timeout: Duration) {
        let segment = self.reader.segment();
        segment.waiters().fetch_add(1, Ordering::SeqCst);
        let word = segment.wake_word().load(Ordering::Acquire);
        let open = segment.load_state() == Ok(SegmentState::Ready);
        if open && self.reader.next_state() == SlotState::NotYet {
            futex::wait(segment.wake_word(), word, timeout);
        }
        segment.waiters().fetch_sub(1, Ordering::SeqCst);
    }
}
