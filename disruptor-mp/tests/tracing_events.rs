//! Feature `tracing`: the cold paths emit events a subscriber sees — a ring created, a consumer
//! joined, an attach refused with its error, a consumer evicted, a consumer left. Run by CI with
//! `cargo test -p disruptor-mp --features tracing --test tracing_events`.
#![cfg(feature = "tracing")]

use disruptor_mp::{RequiredConsumerFailureAction, RequiredConsumerLivenessConfig};
use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::Duration;

#[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
#[repr(C)]
struct Tick {
    price: u64,
}

/// Where the subscriber writes: one shared buffer.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[test]
fn the_cold_paths_are_traced() {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .finish();
    let ring = format!("traced-{}", std::process::id());
    tracing::subscriber::with_default(subscriber, || {
        let mut producer = disruptor_mp::build_shared_single_producer::<Tick>(&ring, 4)
            .allow_consumer_eviction()
            .build_producer(Tick::default)
            .expect("producer");
        producer.enable_required_consumer_liveness(
            RequiredConsumerLivenessConfig::new(vec!["risk".into()])
                .with_progress_timeout(Duration::from_millis(5))
                .with_shutdown_grace_period(Duration::from_millis(5))
                .with_failure_action(RequiredConsumerFailureAction::Evict),
        );
        let risk = disruptor_mp::attach_shared_consumer::<Tick>(&ring, 4)
            .with_consumer_id("risk")
            .build_consumer()
            .expect("risk attaches");
        let refused = disruptor_mp::attach_shared_consumer::<Tick>(&ring, 16).build_consumer();
        assert!(refused.is_err());
        for price in 0..10 {
            producer
                .publish_managed(|tick| tick.price = price)
                .expect("goes on");
        }
        drop(risk);
        let reader = disruptor_mp::attach_shared_consumer::<Tick>(&ring, 4)
            .build_consumer()
            .expect("a reader");
        drop(reader);
    });
    let log = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    for expected in [
        "ring created",
        "consumer joined",
        "attach refused",
        "capacity",
        "consumer evicted",
        "consumer left",
    ] {
        assert!(log.contains(expected), "no {expected:?} in:\n{log}");
    }
    assert!(log.contains(&ring), "events name the ring:\n{log}");
}
