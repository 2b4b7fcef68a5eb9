//! The published crate's blocking reads: the `*_with_sleep` forms, which wait with the
//! environment's consume sleep, and the `process_*_blocking` forms, which hand events to a
//! closure. Each has a `*_timeout` form that gives up after a while (`Ok(None)`, or `Ok(0)` for
//! a count). All are one wait loop (`idle.rs`) around the same reads as the polls, so a call that
//! finds an event costs what a poll costs.
//!
//! Every form returns an error instead of waiting forever once the producer closed the ring
//! ([`ConsumeError::ProducerClosed`], after every event was read) or died
//! ([`ConsumeError::ProducerDead`]); an observer that was overwritten gets
//! [`ConsumeError::Lapped`].

use super::SharedConsumer;
use super::idle::Pace;
use crate::Sequence;
use crate::error::ConsumeError;
use crate::event::SharedEvent;
use crate::ring::lease::SharedConsumerLease;
use std::time::Duration;

impl<E: SharedEvent> SharedConsumer<E> {
    /// [`SharedConsumer::consume_next`], waiting between polls with
    /// [`crate::perform_default_consume_sleep_wait`] (`DISRUPTOR_MP_CONSUME_SLEEP_US`, 1 µs by
    /// default, which yields the CPU) instead of the consumer's wait strategy: the published
    /// spelling for a consumer that should give the CPU away while idle.
    ///
    /// ```
    /// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
    /// # #[repr(C)]
    /// # struct Tick { price: u64 }
    /// # let ring = format!("doc-{}-consume_next_with_sleep", std::process::id());
    /// # let mut producer = disruptor_mp::build_shared_single_producer::<Tick>(&ring, 8)
    /// #     .build_producer(Tick::default)?;
    /// # let mut consumer = disruptor_mp::attach_shared_consumer::<Tick>(&ring, 8)
    /// #     .build_consumer()?;
    /// use std::time::Duration;
    ///
    /// producer.publish_value(Tick { price: 10 });
    /// assert_eq!(consumer.consume_next_with_sleep()?.1.price, 10);
    /// // The timeout form gives up with `None`.
    /// assert!(consumer.consume_next_with_sleep_timeout(Duration::from_millis(5))?.is_none());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn consume_next_with_sleep(&mut self) -> Result<(Sequence, E), ConsumeError> {
        self.next_copy(Pace::ConsumeSleep, Duration::MAX)?
            .ok_or(ConsumeError::ProducerClosed)
    }

    /// [`SharedConsumer::consume_next_with_sleep`], returning `Ok(None)` after `timeout` (late
    /// by at most one consume sleep).
    pub fn consume_next_with_sleep_timeout(
        &mut self,
        timeout: Duration,
    ) -> Result<Option<(Sequence, E)>, ConsumeError> {
        self.next_copy(Pace::ConsumeSleep, timeout)
    }

    /// [`SharedConsumer::consume_next_leased`], returning `Ok(None)` after `timeout`.
    ///
    /// ```
    /// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
    /// # #[repr(C)]
    /// # struct Tick { price: u64 }
    /// # let ring = format!("doc-{}-consume_next_leased_timeout", std::process::id());
    /// # let mut producer = disruptor_mp::build_shared_single_producer::<Tick>(&ring, 8)
    /// #     .build_producer(Tick::default)?;
    /// # let mut consumer = disruptor_mp::attach_shared_consumer::<Tick>(&ring, 8)
    /// #     .build_consumer()?;
    /// use std::time::Duration;
    ///
    /// assert!(consumer.consume_next_leased_timeout(Duration::from_millis(5))?.is_none());
    /// producer.publish_value(Tick { price: 10 });
    /// let tick = consumer.consume_next_leased_timeout(Duration::from_millis(5))?;
    /// assert_eq!(tick.map(|tick| tick.price), Some(10));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[inline]
    pub fn consume_next_leased_timeout(
        &mut self,
        timeout: Duration,
    ) -> Result<Option<SharedConsumerLease<'_, E>>, ConsumeError> {
        let pace = self.own_pace();
        self.next_leased(pace, timeout)
    }

    /// [`SharedConsumer::consume_next_leased`], waiting with the consume sleep (see
    /// [`SharedConsumer::consume_next_with_sleep`]).
    pub fn consume_next_leased_with_sleep(
        &mut self,
    ) -> Result<SharedConsumerLease<'_, E>, ConsumeError> {
        self.next_leased(Pace::ConsumeSleep, Duration::MAX)?
            .ok_or(ConsumeError::ProducerClosed)
    }

    /// [`SharedConsumer::consume_next_leased_with_sleep`], returning `Ok(None)` after
    /// `timeout` (late by at most one consume sleep).
    pub fn consume_next_leased_with_sleep_timeout(
        &mut self,
        timeout: Duration,
    ) -> Result<Option<SharedConsumerLease<'_, E>>, ConsumeError> {
        self.next_leased(Pace::ConsumeSleep, timeout)
    }

    /// Waits (with the consumer's wait strategy) for the next event and calls
    /// `handler(&event, sequence, end_of_batch)` on a copy of it; `end_of_batch` is true when
    /// no later event is published yet, so a handler can flush its own buffers there. Returns
    /// the sequence and `end_of_batch`.
    ///
    /// ```
    /// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
    /// # #[repr(C)]
    /// # struct Tick { price: u64 }
    /// # let ring = format!("doc-{}-process_next_blocking", std::process::id());
    /// # let mut producer = disruptor_mp::build_shared_single_producer::<Tick>(&ring, 8)
    /// #     .build_producer(Tick::default)?;
    /// # let mut consumer = disruptor_mp::attach_shared_consumer::<Tick>(&ring, 8)
    /// #     .build_consumer()?;
    /// producer.publish_batch(2, |tick, i| tick.price = 10 + i as u64)?;
    /// let mut prices = Vec::new();
    /// assert_eq!(consumer.process_next_blocking(|tick, _, _| prices.push(tick.price))?, (0, false));
    /// assert_eq!(consumer.process_next_blocking(|tick, _, _| prices.push(tick.price))?, (1, true));
    /// assert_eq!(prices, [10, 11]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn process_next_blocking<F: FnOnce(&E, Sequence, bool)>(
        &mut self,
        handler: F,
    ) -> Result<(Sequence, bool), ConsumeError> {
        let pace = self.own_pace();
        self.next_processed(pace, Duration::MAX, handler)?
            .ok_or(ConsumeError::ProducerClosed)
    }

    /// [`SharedConsumer::process_next_blocking`], returning `Ok(None)` (without calling
    /// `handler`) after `timeout`.
    pub fn process_next_blocking_timeout<F: FnOnce(&E, Sequence, bool)>(
        &mut self,
        timeout: Duration,
        handler: F,
    ) -> Result<Option<(Sequence, bool)>, ConsumeError> {
        let pace = self.own_pace();
        self.next_processed(pace, timeout, handler)
    }

    /// [`SharedConsumer::process_next_blocking`], waiting with the consume sleep (see
    /// [`SharedConsumer::consume_next_with_sleep`]).
    pub fn process_next_blocking_with_sleep<F: FnOnce(&E, Sequence, bool)>(
        &mut self,
        handler: F,
    ) -> Result<(Sequence, bool), ConsumeError> {
        self.next_processed(Pace::ConsumeSleep, Duration::MAX, handler)?
            .ok_or(ConsumeError::ProducerClosed)
    }

    /// [`SharedConsumer::process_next_blocking_with_sleep`], returning `Ok(None)` (without
    /// calling `handler`) after `timeout`.
    pub fn process_next_blocking_with_sleep_timeout<F: FnOnce(&E, Sequence, bool)>(
        &mut self,
        timeout: Duration,
        handler: F,
    ) -> Result<Option<(Sequence, bool)>, ConsumeError> {
        self.next_processed(Pace::ConsumeSleep, timeout, handler)
    }

    /// Waits (with the consumer's wait strategy) for the next event, then calls
    /// `handler(&event, sequence, end_of_batch)` in place for every event published now, with
    /// `end_of_batch` true on the last. Returns how many it handled (at least one).
    ///
    /// Bounded, unlike the published call: it handles at most one ring's worth of events, so it
    /// returns even against a producer that never stops. Progress is stored every quarter ring
    /// and whenever the consumer waits, not once per call, so a consumer that keeps up one event
    /// at a time writes no shared line per event.
    ///
    /// ```
    /// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
    /// # #[repr(C)]
    /// # struct Tick { price: u64 }
    /// # let ring = format!("doc-{}-process_available_blocking", std::process::id());
    /// # let mut producer = disruptor_mp::build_shared_single_producer::<Tick>(&ring, 8)
    /// #     .build_producer(Tick::default)?;
    /// # let mut consumer = disruptor_mp::attach_shared_consumer::<Tick>(&ring, 8)
    /// #     .build_consumer()?;
    /// use std::time::Duration;
    ///
    /// producer.publish_batch(3, |tick, i| tick.price = 10 * i as u64)?;
    /// let mut ends = Vec::new();
    /// let handled = consumer.process_available_blocking(|_, sequence, end| ends.push((sequence, end)))?;
    /// assert_eq!(handled, 3);
    /// assert_eq!(ends, [(0, false), (1, false), (2, true)]);
    /// // The timeout form returns 0 when nothing came in time.
    /// assert_eq!(consumer.process_available_blocking_timeout(Duration::from_millis(5), |_, _, _| {})?, 0);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[inline]
    pub fn process_available_blocking<F: FnMut(&E, Sequence, bool)>(
        &mut self,
        handler: F,
    ) -> Result<usize, ConsumeError> {
        let pace = self.own_pace();
        self.next_batch(pace, Duration::MAX, None, handler)
    }

    /// [`SharedConsumer::process_available_blocking`], returning `Ok(0)` after `timeout`.
    pub fn process_available_blocking_timeout<F: FnMut(&E, Sequence, bool)>(
        &mut self,
        timeout: Duration,
        handler: F,
    ) -> Result<usize, ConsumeError> {
        let pace = self.own_pace();
        self.next_batch(pace, timeout, None, handler)
    }
}
