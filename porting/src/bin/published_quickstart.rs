//! The published crate's quick start, as its docs page shows it, with `SharedEvent` added to the
//! event's derive list and to the `use` line — nothing else. Run as `published_quickstart
//! producer` in one process and `published_quickstart consumer` in another; each prints what it
//! did so `tests/quickstart.rs` can check that the event arrives.
//!
//! The segment name is the quick start's fixed `portable_shm_segment_name("demo")`; tests keep
//! concurrent runs apart with `DISRUPTOR_MP_NAMESPACE`, without touching this code.

use disruptor_mp::SharedEvent;

/// The quick start's event (its docs page leaves the definition to the reader).
#[derive(Clone, Copy, Default, SharedEvent)]
#[repr(C)]
struct Event {
    sequence: u64,
}

fn producer_side() {
    use disruptor_mp::{CoordinationMode, build_shared_single_producer, portable_shm_segment_name};

    let segment = portable_shm_segment_name("demo");
    let mut producer = build_shared_single_producer::<Event>(&segment, 4096)
        .discover_consumer_with_prefix(1, "cp")
        .with_coordination(CoordinationMode::Immediate)
        .build_producer(Event::default)
        .expect("build producer");
    producer.publish(|slot| slot.sequence = 42);
    println!("published");
}

fn consumer_side() {
    use disruptor_mp::{attach_shared_consumer, portable_shm_segment_name};

    let segment = portable_shm_segment_name("demo");
    let mut consumer = attach_shared_consumer::<Event>(segment, 4096)
        .with_consumer_id("cp_0")
        .build_consumer()
        .expect("attach consumer");
    while let Some(event) = consumer.try_consume_next_leased() {
        // process &event
        println!("event {}", event.sequence);
    }
}

fn main() {
    match std::env::args().nth(1).as_deref() {
        Some("producer") => producer_side(),
        Some("consumer") => consumer_side(),
        _ => {
            eprintln!("usage: published_quickstart producer|consumer");
            std::process::exit(2);
        }
    }
}
