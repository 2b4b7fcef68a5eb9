//! The producer's look at the ring's counters.

use super::SharedProducer;
use crate::event::SharedEvent;
use crate::observability::{RingCounters, ring_counters};

impl<E: SharedEvent> SharedProducer<E> {
    /// The ring's counters now: the producer's (events published, full-ring events, time
    /// blocked, sleeps, wake-ups sent, liveness alerts, evictions) and every consumer place's
    /// (events consumed, lag and largest lag, empty polls, sleeps, wake-ups, laps). They live in
    /// the segment, so other processes read the same values (`dmp stat`). Reading them costs a
    /// table walk with one `/proc` lookup per attached consumer: keep it off the publish path.
    ///
    /// ```
    /// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
    /// # #[repr(C)]
    /// # struct Tick { price: u64 }
    /// # let ring = format!("doc-{}-producer_counters", std::process::id());
    /// let mut producer = disruptor_mp::build_shared_single_producer::<Tick>(&ring, 2)
    ///     .discover_consumer_with_prefix(1, "audit")
    ///     .with_coordination(disruptor_mp::CoordinationMode::Immediate)
    ///     .build_producer(Tick::default)?;
    /// producer.publish_value(Tick { price: 1 });
    /// producer.publish_value(Tick { price: 2 });
    /// assert!(producer.try_publish_value(Tick { price: 3 }).is_err()); // audit_0 holds both
    ///
    /// let counters = producer.counters();
    /// assert_eq!(counters.producer.events_published, 2);
    /// assert_eq!(counters.producer.full_events, 1);
    /// assert_eq!(counters.consumers[0].id, "audit_0");
    /// assert_eq!(counters.consumers[0].lag, 2);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn counters(&self) -> RingCounters {
        ring_counters(self.segment(), self.last_published_sequence())
    }
}
