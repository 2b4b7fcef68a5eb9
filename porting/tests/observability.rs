//! The published observability calls run, not only compile, against a real ring.

use disruptor_mp::{CoordinationMode, attach_shared_consumer, build_shared_single_producer};
use disruptor_mp_porting::names::{self, Event};

#[test]
fn the_published_observability_calls_run() {
    let ring = format!("porting-{}-observability", std::process::id());
    let producer = build_shared_single_producer::<Event>(&ring, 8)
        .discover_consumer_with_prefix(1, "cp")
        .with_coordination(CoordinationMode::Immediate)
        .build_producer(Event::default)
        .expect("create");
    let mut consumer = attach_shared_consumer::<Event>(&ring, 8)
        .with_consumer_id("cp_0")
        .build_consumer()
        .expect("attach");
    names::observability(&producer, &mut consumer).expect("aggregator thread");
}
