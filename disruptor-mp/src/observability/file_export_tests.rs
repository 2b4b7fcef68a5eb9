//! What reaches `metrics` from a counters file and the latency calls, caught by a recorder
//! installed for this test binary (no other in-crate test records metrics).

use super::{AggregatorConfig, AggregatorHandle, CountersFile, ids};
use crate::build_shared_single_producer;
use metrics::{Counter, Gauge, Histogram, Key, KeyName, Metadata, Recorder, SharedString, Unit};
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

/// Keeps the last value of each counter and gauge, and every histogram sample, by name.
#[derive(Default)]
struct Caught {
    values: Mutex<HashMap<String, Arc<AtomicU64>>>,
    samples: Mutex<HashMap<String, Arc<Samples>>>,
}

#[derive(Default)]
struct Samples(Mutex<Vec<f64>>);

impl metrics::HistogramFn for Samples {
    fn record(&self, value: f64) {
        self.0.lock().unwrap().push(value);
    }
}

impl Caught {
    fn value(&self, name: &str) -> Arc<AtomicU64> {
        let mut values = self.values.lock().unwrap();
        Arc::clone(values.entry(name.to_owned()).or_default())
    }
}

impl Recorder for &'static Caught {
    fn describe_counter(&self, _: KeyName, _: Option<Unit>, _: SharedString) {}
    fn describe_gauge(&self, _: KeyName, _: Option<Unit>, _: SharedString) {}
    fn describe_histogram(&self, _: KeyName, _: Option<Unit>, _: SharedString) {}
    fn register_counter(&self, key: &Key, _: &Metadata<'_>) -> Counter {
        Counter::from_arc(self.value(key.name()))
    }
    fn register_gauge(&self, key: &Key, _: &Metadata<'_>) -> Gauge {
        Gauge::from_arc(self.value(key.name()))
    }
    fn register_histogram(&self, key: &Key, _: &Metadata<'_>) -> Histogram {
        let mut samples = self.samples.lock().unwrap();
        Histogram::from_arc(Arc::clone(
            samples.entry(key.name().to_owned()).or_default(),
        ))
    }
}

fn caught() -> &'static Caught {
    static CAUGHT: OnceLock<&'static Caught> = OnceLock::new();
    CAUGHT.get_or_init(|| {
        let caught: &'static Caught = Box::leak(Box::default());
        metrics::set_global_recorder(caught).expect("the only recorder of this test binary");
        caught
    })
}

#[test]
fn an_aggregator_exports_every_slot_of_a_file() {
    let caught = caught();
    let file = Arc::new(CountersFile::boxed());
    let orders = file
        .register(ids::APP_RESERVED_BASE, 0, "cfile_orders")
        .unwrap();
    let lag = file
        .register(ids::CONSUMER_LAG_MAX, 0, "cfile_lag_max")
        .unwrap();
    let config = AggregatorConfig {
        metric_suffix: Some("_t".into()),
        ..AggregatorConfig::default()
    };
    let exporter = AggregatorHandle::spawn_arc(Arc::clone(&file), config).unwrap();
    orders.add(3);
    lag.record_max(9);
    drop(exporter); // the last export runs after these
    let orders = caught.value("disruptor_mp_cfile_orders_t");
    let lag = caught.value("disruptor_mp_cfile_lag_max_t");
    assert_eq!(orders.load(Ordering::Relaxed), 3);
    assert_eq!(f64::from_bits(lag.load(Ordering::Relaxed)), 9.0, "a gauge");
}

#[test]
fn latency_calls_feed_the_histograms() {
    let caught = caught();
    let ring = format!("unit-{}-latency", std::process::id());
    let producer = build_shared_single_producer::<u64>(&ring, 4)
        .build_producer(|| 0)
        .unwrap();
    producer.record_publish_latency_ns(1_500);
    let samples = caught.samples.lock().unwrap();
    let publish = samples.get("disruptor_mp_publish_latency_ns").unwrap();
    assert_eq!(*publish.0.lock().unwrap(), [1_500.0]);
}
