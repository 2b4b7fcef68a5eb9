//! Exporting the ring's counters through the `metrics` façade: a background thread reads them
//! from the segment every interval and records them, so nothing on a hot path calls `metrics`.

use super::{Counter, RingCounters, ring_counters};
use crate::event::SharedEvent;
use crate::ring::segment::Segment;
use crate::{SharedConsumer, SharedProducer};
use std::sync::{Arc, Condvar, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

/// How an [`AggregatorHandle`] exports.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AggregatorConfig {
    /// Time between two exports (default 100 ms, as published).
    pub interval: Duration,
    /// Appended to every metric name (`disruptor_mp_<label><suffix>`); `None` by default.
    pub metric_suffix: Option<String>,
}

impl Default for AggregatorConfig {
    fn default() -> Self {
        Self {
            interval: Duration::from_millis(100),
            metric_suffix: None,
        }
    }
}

/// Which counters an aggregator exports.
#[derive(Clone, Debug)]
enum Scope {
    /// Every counter of the ring (the producer's view).
    Ring,
    /// The producer's counters and the place in entry `index` (a consumer's view).
    Consumer { id: String },
}

/// A thread that records a ring's counters through `metrics` every interval: counters
/// (`counter!(…).absolute`) for the running totals, gauges for the lags, each labelled with
/// `ring` and, for a consumer's, `consumer`. It stops, after one last export, when stopped or
/// dropped. Install a recorder (for example `observability::prometheus::install`, feature
/// `metrics-prometheus`) first: without one, `metrics` drops what it is given.
#[derive(Debug)]
pub struct AggregatorHandle {
    stop: Arc<(Mutex<bool>, Condvar)>,
    thread: Option<JoinHandle<()>>,
}

impl AggregatorHandle {
    /// Exports every counter of `producer`'s ring.
    ///
    /// ```
    /// use disruptor_mp::observability::{AggregatorConfig, AggregatorHandle};
    /// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
    /// # #[repr(C)]
    /// # struct Tick { price: u64 }
    /// # let ring = format!("doc-{}-aggregator", std::process::id());
    /// let producer = disruptor_mp::build_shared_single_producer::<Tick>(&ring, 8)
    ///     .build_producer(Tick::default)?;
    /// let exporter = AggregatorHandle::for_producer(&producer, AggregatorConfig::default())?;
    /// drop(exporter); // one last export, then the thread ends
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn for_producer<E: SharedEvent>(
        producer: &SharedProducer<E>,
        config: AggregatorConfig,
    ) -> std::io::Result<Self> {
        Self::spawn(
            producer.segment().share(),
            producer.name().to_owned(),
            Scope::Ring,
            config,
        )
    }

    /// Exports `consumer`'s own counters and the producer's.
    pub fn for_consumer<E: SharedEvent>(
        consumer: &SharedConsumer<E>,
        config: AggregatorConfig,
    ) -> std::io::Result<Self> {
        Self::spawn(
            consumer.segment().share(),
            consumer.ring_name().to_owned(),
            Scope::Consumer {
                id: consumer.consumer_id().to_owned(),
            },
            config,
        )
    }

    fn spawn(
        segment: Segment,
        ring: String,
        scope: Scope,
        config: AggregatorConfig,
    ) -> std::io::Result<Self> {
        let stop = Arc::new((Mutex::new(false), Condvar::new()));
        let stopped = Arc::clone(&stop);
        let thread = std::thread::Builder::new()
            .name("disruptor-mp-aggregator".into())
            .spawn(move || {
                let (lock, wake) = &*stopped;
                let mut stop = lock.lock().unwrap_or_else(|p| p.into_inner());
                loop {
                    export(&segment, &ring, &scope, &config);
                    if *stop {
                        return;
                    }
                    stop = wake
                        .wait_timeout(stop, config.interval)
                        .unwrap_or_else(|p| p.into_inner())
                        .0;
                }
            })?;
        Ok(Self {
            stop,
            thread: Some(thread),
        })
    }

    /// Stops the thread after one last export (without waiting for it; dropping waits).
    pub fn stop(&self) {
        let (lock, wake) = &*self.stop;
        *lock.lock().unwrap_or_else(|p| p.into_inner()) = true;
        wake.notify_all();
    }
}

impl Drop for AggregatorHandle {
    fn drop(&mut self) {
        self.stop();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// One export of `scope`'s counters of `segment`.
fn export(segment: &Segment, ring: &str, scope: &Scope, config: &AggregatorConfig) {
    let counters: RingCounters = ring_counters(segment, segment.last_published());
    let mut exported = counters.producer.counters();
    for consumer in &counters.consumers {
        if matches!(scope, Scope::Consumer { id } if *id != consumer.id) {
            continue;
        }
        exported.extend(consumer.counters());
    }
    let suffix = config.metric_suffix.as_deref().unwrap_or("");
    for counter in exported {
        record(ring, suffix, &counter);
    }
}

/// Records one counter: lags as gauges (they go down), everything else as running totals.
fn record(ring: &str, suffix: &str, counter: &Counter) {
    let name = format!("disruptor_mp_{}{suffix}", counter.label);
    let mut labels = vec![("ring", ring.to_owned())];
    if let Some(consumer) = &counter.consumer {
        labels.push(("consumer", consumer.clone()));
    }
    let labels: Vec<metrics::Label> = labels
        .into_iter()
        .map(|(key, value)| metrics::Label::new(key, value))
        .collect();
    if counter.is_gauge() {
        metrics::gauge!(name, labels).set(counter.value as f64);
    } else {
        metrics::counter!(name, labels).absolute(counter.value);
    }
}
