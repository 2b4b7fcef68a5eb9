//! A consumer's look at its own counters.

use super::SharedConsumer;
use crate::event::SharedEvent;
use crate::observability::places::places;
use crate::observability::{ConsumerCounters, consumer_counters};

impl<E: SharedEvent> SharedConsumer<E> {
    /// This consumer's counters now (its place's: events consumed since it joined, lag and the
    /// largest lag the producer saw, empty polls, sleeps, wake-ups, laps). The same values any
    /// process reads from the segment, plus the empty polls this handle has not added yet.
    ///
    /// ```
    /// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
    /// # #[repr(C)]
    /// # struct Tick { price: u64 }
    /// # let ring = format!("doc-{}-consumer_counters", std::process::id());
    /// # let mut producer = disruptor_mp::build_shared_single_producer::<Tick>(&ring, 8)
    /// #     .build_producer(Tick::default)?;
    /// let mut consumer = disruptor_mp::attach_shared_consumer::<Tick>(&ring, 8).build_consumer()?;
    /// producer.publish_value(Tick { price: 1 });
    /// producer.publish_value(Tick { price: 2 });
    /// consumer.poll_next()?;
    /// let counters = consumer.counters();
    /// assert_eq!((counters.events_consumed, counters.lag), (1, 1));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn counters(&mut self) -> ConsumerCounters {
        self.reader.flush();
        let segment = self.reader.segment();
        let published = segment.last_published();
        let entry = self.reader.entry();
        let mut counters = places(segment, published)
            .into_iter()
            .find(|place| place.index == entry)
            .map(|place| consumer_counters(segment, entry, &place.info))
            .unwrap_or_default();
        counters.empty_polls += u64::from(self.unreported_empty_polls);
        counters
    }
}
