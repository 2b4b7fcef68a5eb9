//! Reading: the checked (`poll_*`), waiting (`consume_next*`) and batch (`process_available`)
//! forms, and the published crate's `try_consume_next*` spelling over the checked ones.

use super::SharedConsumer;
use crate::Sequence;
use crate::error::ConsumeError;
use crate::event::SharedEvent;
use crate::ring::lease::SharedConsumerLease;
use crate::ring::slots::SlotState;
use std::time::Duration;

impl<E: SharedEvent> SharedConsumer<E> {
    /// Reads the next event as a copy, or reports why there is none: the checked form of
    /// [`SharedConsumer::try_consume_next`].
    ///
    /// Returns the event by value, on the caller's stack: for large events (tens of KiB and up,
    /// to the 16 MiB maximum) read in place instead, with
    /// [`SharedConsumer::consume_next_leased`], [`SharedConsumer::poll_next_leased`] or
    /// [`SharedConsumer::process_available`], which never copy the whole event onto a stack.
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

    /// Copies the events published from the next one on into `out`, without reading them
    /// (see [`crate::ring::reader::Reader::copy_ahead`]); the caller hands them out in order,
    /// each with [`SharedConsumer::take_copied`]. How many it copied.
    #[cfg(feature = "tokio")]
    #[inline]
    pub(crate) fn copy_ahead(&self, out: &mut [core::mem::MaybeUninit<(Sequence, E)>]) -> usize {
        self.reader.copy_ahead(out)
    }

    /// Reads the next event, whose copy the caller took with [`SharedConsumer::copy_ahead`].
    #[cfg(feature = "tokio")]
    #[inline(always)]
    pub(crate) fn take_copied(&mut self) {
        self.reader.advance_past_copy();
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
    /// Returns the event by value, on the caller's stack: for large events (tens of KiB and up,
    /// to the 16 MiB maximum) read in place instead, with
    /// [`SharedConsumer::consume_next_leased`], [`SharedConsumer::poll_next_leased`] or
    /// [`SharedConsumer::process_available`], which never copy the whole event onto a stack.
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
        // Fast paths, for a reader in place: one stamp load (or in a packed ring one cursor
        // load), no error plumbing. Everything else (a reader that copies, nothing published)
        // goes the checked way.
        let observation = if self.reader.stamped_in_place() {
            self.reader.observe_stamp()
        } else if self.reader.in_place() {
            self.reader.observe_packed()
        } else {
            return self.poll_next_leased().ok().flatten();
        };
        if observation.state() == SlotState::Ready {
            return Some(self.reader.lease_observed_in_place(observation));
        }
        self.poll_next_leased().ok().flatten()
    }

    /// Waits (with this consumer's wait strategy) for the next event and returns a copy. Returns
    /// an error instead of waiting forever once the producer closed the ring or died.
    ///
    /// Returns the event by value, on the caller's stack: for large events (tens of KiB and up,
    /// to the 16 MiB maximum) read in place instead, with
    /// [`SharedConsumer::consume_next_leased`], [`SharedConsumer::poll_next_leased`] or
    /// [`SharedConsumer::process_available`], which never copy the whole event onto a stack.
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
    #[inline(always)]
    pub fn consume_next(&mut self) -> Result<(Sequence, E), ConsumeError> {
        let pace = self.own_pace();
        self.next_copy(pace, Duration::MAX)?
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
    #[inline]
    pub fn consume_next_timeout(
        &mut self,
        timeout: Duration,
    ) -> Result<Option<(Sequence, E)>, ConsumeError> {
        let pace = self.own_pace();
        self.next_copy(pace, timeout)
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
    #[inline(always)]
    pub fn consume_next_leased(&mut self) -> Result<SharedConsumerLease<'_, E>, ConsumeError> {
        let pace = self.own_pace();
        self.next_leased(pace, Duration::MAX)?
            .ok_or(ConsumeError::ProducerClosed)
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
        match self.reader.visit_available(bound, true, handler) {
            (count, Some(lap)) => Err((count, lap.into())),
            (0, None) => self.idle_check().map(|()| 0).map_err(|err| (0, err)),
            (count, None) => Ok(count),
        }
    }
}
