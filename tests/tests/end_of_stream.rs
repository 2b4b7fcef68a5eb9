//! How a stream ends when the producer closes cleanly: consumers drain everything that was
//! published — even events published just before the close — and then, and only then, get
//! `ConsumeError::ProducerClosed`; a consumer asleep on the futex wakes for it; the name is gone
//! the moment the producer drops, so late attachers get `SegmentNotFound` and a new producer can
//! reuse the name at once. Run once per backend (POSIX shared memory and a ring file).

use disruptor_mp::{AttachError, ConsumeError, CoordinationMode, SharedProducer};
use disruptor_mp_tests::backend::{Backend, Storage};
use disruptor_mp_tests::event::{Checksum, PeerEvent};
use disruptor_mp_tests::names::TestNames;
use disruptor_mp_tests::ring_peer;
use std::time::{Duration, Instant};

disruptor_mp_tests::on_both_backends!(
    consumers_see_producer_closed_after_draining_every_event,
    events_published_just_before_the_close_are_still_delivered,
    a_consumer_asleep_on_the_futex_wakes_when_the_producer_closes,
    after_the_close_the_name_is_free_attach_fails_and_a_new_producer_starts_at_once,
    waiting_with_a_timeout_returns_none_while_the_producer_lives,
);

const CAPACITY: usize = 1024;

fn gated_producer(storage: &Storage, ring: &str) -> SharedProducer<PeerEvent> {
    storage
        .producer::<PeerEvent>(ring, CAPACITY)
        .discover_consumer_with_prefix(1, "c")
        .with_coordination(CoordinationMode::Immediate)
        .build_producer(PeerEvent::default)
        .expect("build producer")
}

fn publish(producer: &mut SharedProducer<PeerEvent>, n: u64) {
    for _ in 0..n {
        let seq = producer.last_published_sequence() + 1;
        producer
            .publish_with_timeout(Duration::from_secs(10), |slot| {
                *slot = PeerEvent::for_seq(seq as u64)
            })
            .expect("the consumer keeps up");
    }
}

fn consumers_see_producer_closed_after_draining_every_event(backend: Backend) {
    let names = TestNames::new("closed");
    let storage = Storage::new(backend, &names);
    let ring = names.segment("ring");
    let events = 20_000u64;
    let mut producer = storage
        .peer(ring_peer!("producer"))
        .arg("name", &ring)
        .arg("capacity", CAPACITY)
        .arg("events", events)
        .arg("batch", 7)
        .arg("prefix", "c")
        .arg("consumers", 2)
        .spawn();
    producer.wait_for("READY");
    // `events=all`: the consumers do not know the count; the stream's end tells them.
    let consumers: Vec<_> = [("c_0", "batch"), ("c_1", "poll")]
        .into_iter()
        .map(|(id, read)| {
            storage
                .peer(ring_peer!("consumer"))
                .arg("name", &ring)
                .arg("capacity", CAPACITY)
                .arg("id", id)
                .arg("events", "all")
                .arg("read", read)
                .arg("wait", "yield")
                .arg("end", "closed")
                .spawn()
        })
        .collect();
    let produced = producer.expect_success().result();
    for consumer in consumers {
        let consumed = consumer.expect_success().result();
        assert_eq!(consumed.parsed::<u64>("consumed"), events, "{consumed}");
        assert_eq!(consumed.field("ordered"), "true", "{consumed}");
        assert_eq!(consumed.field("end"), "closed", "{consumed}");
        assert_eq!(consumed.field("checksum"), produced.field("checksum"));
    }
    assert_eq!(
        produced.parsed::<u64>("checksum"),
        Checksum::of_stream(events).0
    );
    storage.assert_clean(&names);
}

fn events_published_just_before_the_close_are_still_delivered(backend: Backend) {
    let names = TestNames::new("drain_after_close");
    let storage = Storage::new(backend, &names);
    let ring = names.segment("ring");
    let mut producer = gated_producer(&storage, &ring);
    // The consumer attaches, then dawdles until well after the producer is gone.
    let mut consumer = storage
        .peer(ring_peer!("consumer"))
        .arg("name", &ring)
        .arg("capacity", CAPACITY)
        .arg("id", "c_0")
        .arg("events", "all")
        .arg("start-delay-ms", 300)
        .arg("end", "closed")
        .spawn();
    consumer.wait_for("READY");
    publish(&mut producer, 500);
    drop(producer);
    assert!(!storage.exists(&ring), "the name goes with the producer");
    let consumed = consumer.expect_success().result();
    assert_eq!(consumed.parsed::<u64>("consumed"), 500, "{consumed}");
    assert_eq!(consumed.parsed::<i64>("last"), 499, "{consumed}");
    assert_eq!(consumed.field("ordered"), "true", "{consumed}");
    assert_eq!(consumed.field("end"), "closed", "{consumed}");
    storage.assert_clean(&names);
}

fn a_consumer_asleep_on_the_futex_wakes_when_the_producer_closes(backend: Backend) {
    let names = TestNames::new("wake_on_close");
    let storage = Storage::new(backend, &names);
    let ring = names.segment("ring");
    let mut producer = gated_producer(&storage, &ring);
    let mut consumer = storage
        .peer(ring_peer!("consumer"))
        .arg("name", &ring)
        .arg("capacity", CAPACITY)
        .arg("id", "c_0")
        .arg("events", 5)
        .arg("wait", "block")
        .arg("end", "closed")
        .spawn();
    consumer.wait_for("READY");
    publish(&mut producer, 5);
    consumer.wait_for("DRAINED");
    // Long enough for `Block` to pass its spins and sleep on the futex word.
    std::thread::sleep(Duration::from_millis(200));
    let closed_at = Instant::now();
    drop(producer);
    let output = consumer.expect_success();
    let woke_after = closed_at.elapsed();
    let consumed = output.result();
    assert_eq!(consumed.field("end"), "closed", "{consumed}");
    assert_eq!(consumed.parsed::<u64>("consumed"), 5);
    assert!(
        woke_after < Duration::from_secs(2),
        "the consumer took {woke_after:?} to notice the close"
    );
    storage.assert_clean(&names);
}

fn after_the_close_the_name_is_free_attach_fails_and_a_new_producer_starts_at_once(
    backend: Backend,
) {
    let names = TestNames::new("reuse");
    let storage = Storage::new(backend, &names);
    let ring = names.segment("ring");
    let producer = storage
        .peer(ring_peer!("producer"))
        .arg("name", &ring)
        .arg("capacity", CAPACITY)
        .arg("events", 100)
        .arg("then", "drop")
        .run();
    assert_eq!(producer.result().parsed::<u64>("published"), 100);
    assert!(!storage.exists(&ring));
    match storage
        .consumer::<PeerEvent>(&ring, CAPACITY)
        .build_consumer()
    {
        Err(AttachError::SegmentNotFound { name, .. }) => assert_eq!(name, ring),
        other => panic!("expected SegmentNotFound, got {other:?}"),
    }
    let started = Instant::now();
    let again = gated_producer(&storage, &ring);
    assert!(
        started.elapsed() < Duration::from_millis(400),
        "a cleanly closed name needs no stale-segment grace period"
    );
    assert_eq!(again.last_published_sequence(), -1, "a fresh ring");
    drop(again);
    storage.assert_clean(&names);
}

fn waiting_with_a_timeout_returns_none_while_the_producer_lives(backend: Backend) {
    let names = TestNames::new("timeout");
    let storage = Storage::new(backend, &names);
    let ring = names.segment("ring");
    let mut producer = gated_producer(&storage, &ring);
    let mut consumer = storage
        .consumer::<PeerEvent>(&ring, CAPACITY)
        .with_consumer_id("c_0")
        .build_consumer()
        .expect("attach");
    let started = Instant::now();
    assert_eq!(
        consumer.consume_next_timeout(Duration::from_millis(100)),
        Ok(None)
    );
    assert!(started.elapsed() >= Duration::from_millis(100));
    publish(&mut producer, 1);
    let (seq, event) = consumer
        .consume_next_timeout(Duration::from_secs(5))
        .expect("no error")
        .expect("an event");
    assert_eq!((seq, event), (0, PeerEvent::for_seq(0)));
    drop(producer);
    assert_eq!(consumer.consume_next(), Err(ConsumeError::ProducerClosed));
    // End of stream is permanent.
    assert_eq!(consumer.poll_next(), Err(ConsumeError::ProducerClosed));
    drop(consumer);
    storage.assert_clean(&names);
}
