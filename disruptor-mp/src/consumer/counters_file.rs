//! The published consumer's counters-file calls, over its place's own counters.

use super::SharedConsumer;
use crate::event::SharedEvent;
use crate::observability::{ConsumerCounterHandles, ConsumerCounterSelection, CountersFile};

impl<E: SharedEvent> SharedConsumer<E> {
    /// Registers `events_consumed`, `consumer_empty_spins` and `consumer_lag_max` in `file`:
    /// [`Self::attach_counters_selected`] with [`ConsumerCounterSelection::FULL`].
    pub fn attach_counters<'f>(&mut self, file: &'f CountersFile) -> ConsumerCounterHandles<'f> {
        self.attach_counters_selected(file, ConsumerCounterSelection::FULL)
    }

    /// Registers the selected published counters in `file` (flag `CONSUMER`) and returns their
    /// handles, already holding this consumer's values. The read paths never write a file: the
    /// slots catch up with the place's own counters on each [`Self::sync_counters`]. Consumers
    /// attached to one file share its slots (one per id): the totals add up, the lag mark is
    /// the largest.
    ///
    /// ```
    /// use disruptor_mp::observability::CountersFile;
    /// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
    /// # #[repr(C)]
    /// # struct Tick { price: u64 }
    /// # let ring = format!("doc-{}-consumer_attach_counters", std::process::id());
    /// # let mut producer = disruptor_mp::build_shared_single_producer::<Tick>(&ring, 8)
    /// #     .build_producer(Tick::default)?;
    /// let mut consumer = disruptor_mp::attach_shared_consumer::<Tick>(&ring, 8).build_consumer()?;
    /// let file = CountersFile::boxed();
    /// let counters = consumer.attach_counters(&file);
    /// producer.publish_value(Tick { price: 1 });
    /// consumer.poll_next()?;
    /// consumer.sync_counters(&counters);
    /// assert_eq!(counters.events_consumed.map(|c| c.get()), Some(1));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn attach_counters_selected<'f>(
        &mut self,
        file: &'f CountersFile,
        selection: ConsumerCounterSelection,
    ) -> ConsumerCounterHandles<'f> {
        let handles = ConsumerCounterHandles::register(file, selection);
        self.sync_counters(&handles);
        handles
    }

    /// Adds to `handles`' slots what this consumer counted since the last sync, and raises the
    /// lag mark (the cost of [`Self::counters`]: call it from a timer or between batches).
    pub fn sync_counters(&mut self, handles: &ConsumerCounterHandles<'_>) {
        let counters = self.counters();
        handles.copy(
            counters.events_consumed,
            counters.empty_polls,
            counters.lag_max,
        );
    }

    /// Records a consume latency the caller measured into the `metrics` histogram
    /// `disruptor_mp_consume_latency_ns` (a no-op without the `metrics` feature).
    pub fn record_consume_latency_ns(&self, ns: u64) {
        #[cfg(feature = "metrics")]
        metrics::histogram!("disruptor_mp_consume_latency_ns").record(ns as f64);
        #[cfg(not(feature = "metrics"))]
        let _ = ns;
    }
}
