//! The published producer's counters-file calls, over the ring's own counters.

use super::SharedProducer;
use crate::event::SharedEvent;
use crate::observability::{CountersFile, ProducerCounterHandles, ProducerCounterSelection};
use crate::ring::counters::{ProducerCounter, read};

impl<E: SharedEvent> SharedProducer<E> {
    /// Registers `events_published` and `producer_full_events` in `file`:
    /// [`Self::attach_counters_selected`] with [`ProducerCounterSelection::FULL`].
    pub fn attach_counters<'f>(&self, file: &'f CountersFile) -> ProducerCounterHandles<'f> {
        self.attach_counters_selected(file, ProducerCounterSelection::FULL)
    }

    /// Registers the selected published counters in `file` (flag `PRODUCER`) and returns their
    /// handles, already holding the ring's values. The publish paths never write a file: the
    /// slots catch up with the ring's own counters on each [`Self::sync_counters`]. Attaching
    /// twice, or a second producer in the same file, shares the slots (one per id).
    ///
    /// ```
    /// use disruptor_mp::observability::CountersFile;
    /// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
    /// # #[repr(C)]
    /// # struct Tick { price: u64 }
    /// # let ring = format!("doc-{}-attach_counters", std::process::id());
    /// let mut producer = disruptor_mp::build_shared_single_producer::<Tick>(&ring, 8)
    ///     .build_producer(Tick::default)?;
    /// let file = CountersFile::boxed();
    /// let counters = producer.attach_counters(&file);
    /// producer.publish_value(Tick { price: 1 });
    /// producer.sync_counters(&counters);
    /// assert_eq!(counters.events_published.map(|c| c.get()), Some(1));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn attach_counters_selected<'f>(
        &self,
        file: &'f CountersFile,
        selection: ProducerCounterSelection,
    ) -> ProducerCounterHandles<'f> {
        let handles = ProducerCounterHandles::register(file, selection);
        self.sync_counters(&handles);
        handles
    }

    /// Adds to `handles`' slots what the ring counted since the last sync (two reads of the
    /// segment: call it from a timer or a reporting thread, not per event).
    pub fn sync_counters(&self, handles: &ProducerCounterHandles<'_>) {
        let published = (self.last_published_sequence() + 1) as u64;
        let full = read::producer(self.segment(), ProducerCounter::FullEvents);
        handles.copy(published, full);
    }

    /// Records a publish latency the caller measured into the `metrics` histogram
    /// `disruptor_mp_publish_latency_ns` (a no-op without the `metrics` feature).
    pub fn record_publish_latency_ns(&self, ns: u64) {
        #[cfg(feature = "metrics")]
        metrics::histogram!("disruptor_mp_publish_latency_ns").record(ns as f64);
        #[cfg(not(feature = "metrics"))]
        let _ = ns;
    }
}
