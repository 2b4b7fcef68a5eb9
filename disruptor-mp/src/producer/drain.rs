//! Waiting for the consumers to catch up, with a wait strategy: the published
//! `wait_until_consumed_with_strategy`.

use super::SharedProducer;
use crate::Sequence;
use crate::event::SharedEvent;
use crate::ring::wakeup;
use crate::wait::{AutoWaitStrategy, Idle};
use std::time::{Duration, Instant};

impl<E: SharedEvent> SharedProducer<E> {
    /// Waits until every gating consumer is done with `sequence`, at most `timeout`, idling with
    /// `strategy` between checks; returns whether they are. With `Block` the producer sleeps on
    /// the ring's space word and is woken when a consumer stores its progress (no polling
    /// interval); [`SharedProducer::wait_until_consumed`] polls instead.
    ///
    /// Unlike the published call, it checks at least once, so a zero timeout tells whether the
    /// sequence is consumed already.
    ///
    /// ```
    /// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
    /// # #[repr(C)]
    /// # struct Tick { price: u64 }
    /// # let ring = format!("doc-{}-wait_until_consumed_with_strategy", std::process::id());
    /// # let mut producer = disruptor_mp::build_shared_single_producer::<Tick>(&ring, 8)
    /// #     .discover_consumer_with_prefix(1, "reader")
    /// #     .with_coordination(disruptor_mp::CoordinationMode::Immediate)
    /// #     .build_producer(Tick::default)?;
    /// # let mut reader = disruptor_mp::attach_shared_consumer::<Tick>(&ring, 8)
    /// #     .with_consumer_id("reader_0")
    /// #     .build_consumer()?;
    /// use disruptor_mp::AutoWaitStrategy;
    /// use std::time::Duration;
    ///
    /// let sequence = producer.publish_value(Tick { price: 10 });
    /// assert!(!producer.wait_until_consumed_with_strategy(sequence, Duration::ZERO, AutoWaitStrategy::Block));
    /// // The reader (another process, here a thread) catches up while the producer sleeps.
    /// let reading = std::thread::spawn(move || {
    ///     reader.process_available(|_tick, _sequence| {}); // reads, then stores its progress
    ///     reader
    /// });
    /// assert!(producer.wait_until_consumed_with_strategy(
    ///     sequence,
    ///     Duration::from_secs(5),
    ///     AutoWaitStrategy::Block,
    /// ));
    /// # drop(reading.join().unwrap());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn wait_until_consumed_with_strategy(
        &self,
        sequence: Sequence,
        timeout: Duration,
        strategy: AutoWaitStrategy,
    ) -> bool {
        if self.is_consumed(sequence) {
            return true;
        }
        let deadline = Instant::now().checked_add(timeout);
        let mut idle = Idle::new();
        loop {
            if self.is_consumed(sequence) {
                return true;
            }
            let left = deadline.map_or(Duration::MAX, |deadline| {
                deadline.saturating_duration_since(Instant::now())
            });
            if left.is_zero() {
                return false;
            }
            idle.step(strategy, |cap| {
                wakeup::sleep_until_space(
                    self.segment(),
                    || self.is_consumed(sequence),
                    cap.min(left),
                );
            });
        }
    }
}
