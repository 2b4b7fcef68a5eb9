//! The ring's counters as OpenTelemetry instruments (feature `metrics-otel`): observable
//! counters for the running totals and observable gauges for the lags, registered on the
//! caller's `Meter`. Their callbacks read the counters from the segment when the caller's
//! reader collects, so nothing runs between collections and nothing on a hot path.

use super::{Counter, RingCounters, ring_counters};
use crate::SharedProducer;
use crate::event::SharedEvent;
use crate::ring::segment::Segment;
use opentelemetry::KeyValue;
use opentelemetry::metrics::{AsyncInstrument, Meter, ObservableCounter, ObservableGauge};
use std::sync::Arc;

/// The instruments [`register`] made; they report as long as the meter provider lives. Keep it
/// (or drop it: the provider keeps the callbacks) — it exists so callers can see what was made.
#[derive(Debug)]
pub struct OtelInstruments {
    /// One per running-total counter.
    pub counters: Vec<ObservableCounter<u64>>,
    /// One per lag.
    pub gauges: Vec<ObservableGauge<u64>>,
}

/// Registers every counter of `producer`'s ring on `meter`, named `disruptor_mp_<label>` with
/// the attributes `ring` and, for a consumer's, `consumer`.
///
/// ```
/// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
/// # #[repr(C)]
/// # struct Tick { price: u64 }
/// # let ring = format!("doc-{}-otel", std::process::id());
/// let producer = disruptor_mp::build_shared_single_producer::<Tick>(&ring, 8)
///     .build_producer(Tick::default)?;
/// let meter = opentelemetry::global::meter("trading");
/// let instruments = disruptor_mp::observability::otel::register(&meter, &producer);
/// assert!(!instruments.counters.is_empty());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn register<E: SharedEvent>(meter: &Meter, producer: &SharedProducer<E>) -> OtelInstruments {
    let source = Arc::new(Source {
        segment: producer.segment().share(),
        ring: producer.name().to_owned(),
    });
    // The labels by kind, from an empty snapshot's list (one consumer, so its labels appear).
    let template = RingCounters {
        consumers: vec![Default::default()],
        ..Default::default()
    };
    let mut instruments = OtelInstruments {
        counters: Vec::new(),
        gauges: Vec::new(),
    };
    for counter in template.counters() {
        let (id, name) = (counter.id, format!("disruptor_mp_{}", counter.label));
        let source = Arc::clone(&source);
        let callback = move |observer: &dyn AsyncInstrument<u64>| {
            for (value, attributes) in source.observe(id) {
                observer.observe(value, &attributes);
            }
        };
        if counter.is_gauge() {
            let gauge = meter.u64_observable_gauge(name).with_callback(callback);
            instruments.gauges.push(gauge.build());
        } else {
            let total = meter.u64_observable_counter(name).with_callback(callback);
            instruments.counters.push(total.build());
        }
    }
    instruments
}

/// What the callbacks read: the ring's segment, shared with the producer's mapping.
struct Source {
    segment: Segment,
    ring: String,
}

impl Source {
    /// Every value of counter `id` now, with its attributes.
    fn observe(&self, id: u32) -> Vec<(u64, Vec<KeyValue>)> {
        ring_counters(&self.segment, self.segment.last_published())
            .counters()
            .into_iter()
            .filter(|counter| counter.id == id)
            .map(|counter| (counter.value, self.attributes(&counter)))
            .collect()
    }

    fn attributes(&self, counter: &Counter) -> Vec<KeyValue> {
        let mut attributes = vec![KeyValue::new("ring", self.ring.clone())];
        if let Some(consumer) = &counter.consumer {
            attributes.push(KeyValue::new("consumer", consumer.clone()));
        }
        attributes
    }
}
