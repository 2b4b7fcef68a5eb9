//! The one idle loop every blocking read shares, and the read forms built on it.
//!
//! A blocking read first looks at the next slot exactly as a poll does; only when nothing is
//! published does it call [`SharedConsumer::await_next`], which is out of line and the only place
//! that reads the clock, computes a deadline or makes a system call. So a read that finds an
//! event costs what a poll costs.

use super::SharedConsumer;
use crate::Sequence;
use crate::error::ConsumeError;
use crate::event::SharedEvent;
use crate::ring::lease::SharedConsumerLease;
use crate::ring::slots::SlotState;
use crate::ring::wakeup;
use crate::wait::{AutoWaitStrategy, Idle};
use core::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// How a blocking read waits while nothing is published.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Pace {
    /// By this strategy: the consumer's own, or the one an `AutoConsumer` was given.
    Strategy(AutoWaitStrategy),
    /// [`crate::perform_sleep_wait`] of [`crate::default_consume_sleep_duration`]: the
    /// published `*_with_sleep` reads.
    ConsumeSleep,
}

impl<E: SharedEvent> SharedConsumer<E> {
    /// The consumer's own pace: its wait strategy.
    #[inline(always)]
    pub(super) fn own_pace(&self) -> Pace {
        Pace::Strategy(self.settings.wait)
    }

    /// Waits until the next slot holds something other than "not yet" (its event, or for an
    /// observer a later one, which the read then reports as a lap). `Ok(false)` once `timeout`
    /// has passed (`Duration::MAX`: never) or `stop` is raised; the end of the stream or a dead
    /// producer is the error. The deadline is taken here, on the first idle step, never on the
    /// path of an available event.
    #[cold]
    #[inline(never)]
    pub(crate) fn await_next(
        &mut self,
        pace: Pace,
        timeout: Duration,
        stop: Option<&AtomicBool>,
    ) -> Result<bool, ConsumeError> {
        let outcome = self.await_next_announced(pace, timeout, stop);
        // The wait is over, however it ended: the producer need not wake us any more.
        if self.announced.take().is_some() {
            wakeup::retract_consumer(self.reader.segment());
        }
        outcome
    }

    /// [`SharedConsumer::await_next`]'s loop; its sleeps announce the consumer once
    /// (`self.announced`), and the caller withdraws the announcement.
    fn await_next_announced(
        &mut self,
        pace: Pace,
        timeout: Duration,
        stop: Option<&AtomicBool>,
    ) -> Result<bool, ConsumeError> {
        let deadline = Instant::now().checked_add(timeout);
        let mut idle = Idle::new();
        loop {
            if self.reader.next_state() != SlotState::NotYet {
                return Ok(true);
            }
            // Publishes progress, then reports end of stream or a dead producer.
            self.idle_check()?;
            if self.reader.next_state() != SlotState::NotYet {
                return Ok(true);
            }
            if stop.is_some_and(|stop| stop.load(Ordering::Acquire))
                || deadline.is_some_and(|deadline| Instant::now() >= deadline)
            {
                return Ok(false);
            }
            self.wait_step(&mut idle, pace, deadline, stop);
        }
    }

    /// One idle step at `pace`: `Block` sleeps until the producer publishes, the ring closes,
    /// `stop` is raised (its raiser wakes the ring's sleepers), `deadline`, or
    /// [`crate::BLOCK_TIMEOUT`]. After any sleep the next idle check looks at the clock (and so
    /// at the producer's liveness).
    fn wait_step(
        &mut self,
        idle: &mut Idle,
        pace: Pace,
        deadline: Option<Instant>,
        stop: Option<&AtomicBool>,
    ) {
        let strategy = match pace {
            Pace::Strategy(strategy) => strategy,
            Pace::ConsumeSleep => {
                // Building the consumer checked the environment, so this cannot panic.
                crate::wait::perform_default_consume_sleep_wait();
                self.idle_polls = 0;
                return;
            }
        };
        let reader = &self.reader;
        let announced = &mut self.announced;
        let slept = idle.step(strategy, |timeout| {
            let timeout = deadline.map_or(timeout, |deadline| {
                timeout.min(deadline.saturating_duration_since(Instant::now()))
            });
            let segment = reader.segment();
            let standing = *announced.get_or_insert_with(|| wakeup::announce_consumer(segment));
            let slept = wakeup::sleep_announced(
                segment,
                standing,
                || {
                    reader.next_state() != SlotState::NotYet
                        || stop.is_some_and(|stop| stop.load(Ordering::Acquire))
                },
                timeout,
            );
            count_sleep(segment, reader.entry(), slept);
        });
        if slept {
            self.idle_polls = 0;
        }
    }

    /// The next event as a copy, waiting at `pace` for at most `timeout` (`Ok(None)` then).
    #[inline(always)]
    pub(super) fn next_copy(
        &mut self,
        pace: Pace,
        timeout: Duration,
    ) -> Result<Option<(Sequence, E)>, ConsumeError> {
        if let Some(found) = self.reader.try_read()? {
            return Ok(Some(found));
        }
        if !self.await_next(pace, timeout, None)? {
            return Ok(None);
        }
        Ok(self.reader.try_read()?)
    }

    /// The next event in place, waiting at `pace` for at most `timeout` (`Ok(None)` then).
    #[inline(always)]
    pub(super) fn next_leased(
        &mut self,
        pace: Pace,
        timeout: Duration,
    ) -> Result<Option<SharedConsumerLease<'_, E>>, ConsumeError> {
        let mut observation = self.reader.observe();
        if observation.state() == SlotState::NotYet {
            if !self.await_next(pace, timeout, None)? {
                return Ok(None);
            }
            observation = self.reader.observe();
        }
        Ok(self.reader.lease(observation)?)
    }

    /// Waits for the next event as a copy, then calls `handler(&event, sequence, end_of_batch)`
    /// (`end_of_batch`: nothing after it is published yet). `Ok(None)` after `timeout`.
    #[inline(always)]
    pub(super) fn next_processed<F: FnOnce(&E, Sequence, bool)>(
        &mut self,
        pace: Pace,
        timeout: Duration,
        handler: F,
    ) -> Result<Option<(Sequence, bool)>, ConsumeError> {
        let Some((sequence, event)) = self.next_copy(pace, timeout)? else {
            return Ok(None);
        };
        let end_of_batch = self.reader.next_state() != SlotState::Ready;
        handler(&event, sequence, end_of_batch);
        Ok(Some((sequence, end_of_batch)))
    }

    /// Waits at `pace` (for at most `timeout`, or until `stop`) for the next event, then calls
    /// `handler(&event, sequence, end_of_batch)` in place for the events published now — at most
    /// one ring's worth — with `end_of_batch` true on the last. Returns how many it handled (0:
    /// timed out or stopped). A lap after some events is reported by the next call.
    ///
    /// Progress is stored once a quarter ring is done and whenever the consumer goes idle, as
    /// for single reads, so a consumer that keeps up one event at a time writes no shared line
    /// per event.
    #[inline(always)]
    pub(crate) fn next_batch<F: FnMut(&E, Sequence, bool)>(
        &mut self,
        pace: Pace,
        timeout: Duration,
        stop: Option<&AtomicBool>,
        mut handler: F,
    ) -> Result<usize, ConsumeError> {
        if self.reader.next_state() == SlotState::NotYet && !self.await_next(pace, timeout, stop)? {
            return Ok(0);
        }
        let last = self.reader.published_run_end();
        let first = self.reader.next();
        let bound = (last - first + 1) as usize;
        match self
            .reader
            .visit_available(bound, false, |event, sequence| {
                handler(event, sequence, sequence == last)
            }) {
            (0, Some(lap)) => Err(lap.into()),
            (count, _) => Ok(count),
        }
    }
}

/// Adds a sleep (and whether a publish ended it) to the consumer's counters.
fn count_sleep(segment: &crate::ring::segment::Segment, entry: usize, slept: wakeup::Slept) {
    use crate::ring::counters::{ConsumerCounter, add_consumer};
    match slept {
        wakeup::Slept::No => {}
        wakeup::Slept::TimedOut => add_consumer(segment, entry, ConsumerCounter::Sleeps, 1),
        wakeup::Slept::Woken => {
            add_consumer(segment, entry, ConsumerCounter::Sleeps, 1);
            add_consumer(segment, entry, ConsumerCounter::Wakeups, 1);
        }
    }
}
