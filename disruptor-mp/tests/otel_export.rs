//! Feature `metrics-otel`: the ring's counters, registered on an OpenTelemetry meter, reach an
//! in-process exporter with the values the test produced. Run by CI with
//! `cargo test -p disruptor-mp --features metrics-otel --test otel_export`.
#![cfg(feature = "metrics-otel")]

use opentelemetry::metrics::MeterProvider;
use opentelemetry_sdk::error::OTelSdkResult;
use opentelemetry_sdk::metrics::data::{AggregatedMetrics, MetricData, ResourceMetrics};
use opentelemetry_sdk::metrics::exporter::PushMetricExporter;
use opentelemetry_sdk::metrics::{PeriodicReader, SdkMeterProvider, Temporality};
use std::sync::{Arc, Mutex};
use std::time::Duration;

#[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
#[repr(C)]
struct Tick {
    price: u64,
}

/// One exported data point: metric name, its attributes as `key=value`, and its value.
type Point = (String, Vec<String>, u64);

/// An exporter that keeps the u64 points of the last export.
#[derive(Clone, Default)]
struct Keep(Arc<Mutex<Vec<Point>>>);

impl PushMetricExporter for Keep {
    fn export(
        &self,
        metrics: &ResourceMetrics,
    ) -> impl std::future::Future<Output = OTelSdkResult> + Send {
        let mut points = Vec::new();
        for scope in metrics.scope_metrics() {
            for metric in scope.metrics() {
                let AggregatedMetrics::U64(data) = metric.data() else {
                    continue;
                };
                let attributes = |kvs: &mut dyn Iterator<Item = &opentelemetry::KeyValue>| {
                    kvs.map(|kv| format!("{}={}", kv.key, kv.value))
                        .collect::<Vec<_>>()
                };
                match data {
                    MetricData::Sum(sum) => points.extend(sum.data_points().map(|point| {
                        (
                            metric.name().to_owned(),
                            attributes(&mut point.attributes()),
                            point.value(),
                        )
                    })),
                    MetricData::Gauge(gauge) => points.extend(gauge.data_points().map(|point| {
                        (
                            metric.name().to_owned(),
                            attributes(&mut point.attributes()),
                            point.value(),
                        )
                    })),
                    _ => {}
                }
            }
        }
        *self.0.lock().unwrap() = points;
        std::future::ready(Ok(()))
    }

    fn force_flush(&self) -> OTelSdkResult {
        Ok(())
    }

    fn shutdown_with_timeout(&self, _timeout: Duration) -> OTelSdkResult {
        Ok(())
    }

    fn temporality(&self) -> Temporality {
        Temporality::Cumulative
    }
}

#[test]
fn the_rings_counters_reach_an_opentelemetry_exporter_with_their_values() {
    let kept = Keep::default();
    let provider = SdkMeterProvider::builder()
        .with_reader(PeriodicReader::builder(kept.clone()).build())
        .build();
    let meter = provider.meter("disruptor-mp-test");
    let ring = format!("otel-{}", std::process::id());
    let mut producer = disruptor_mp::build_shared_single_producer::<Tick>(&ring, 8)
        .build_producer(Tick::default)
        .expect("producer");
    let mut consumer = disruptor_mp::attach_shared_consumer::<Tick>(&ring, 8)
        .build_consumer()
        .expect("consumer");
    let _instruments = disruptor_mp::observability::otel::register(&meter, &producer);
    for price in 0..5 {
        producer.publish_value(Tick { price });
    }
    for _ in 0..3 {
        consumer.poll_next().expect("read").expect("an event");
    }
    consumer.counters(); // stores its progress
    provider.force_flush().expect("export");

    let points = kept.0.lock().unwrap().clone();
    let value = |name: &str, with: &[&str]| {
        points
            .iter()
            .find(|(n, attrs, _)| n == name && with.iter().all(|w| attrs.iter().any(|a| a == w)))
            .map(|(_, _, value)| *value)
    };
    let ring_attr = format!("ring={ring}");
    let consumer_attr = format!("consumer={}", consumer.consumer_id());
    assert_eq!(
        (
            value("disruptor_mp_events_published", &[&ring_attr]),
            value(
                "disruptor_mp_events_consumed",
                &[&ring_attr, &consumer_attr]
            ),
            value("disruptor_mp_consumer_lag", &[&ring_attr, &consumer_attr]),
        ),
        (Some(5), Some(3), Some(2)),
        "{points:?}"
    );
    provider.shutdown().expect("shutdown");
}
