//! The handles' publishing and end-of-stream semantics, driven over the heap backend: empty
//! batches, the batch shortfall, a full ring, close and drain, late discovery.

use super::harness::{Ev, HeapRing, event, named, packed};
use crate::backend::process::ProcessIdentity;
use crate::consumer::{ConsumerRole, ConsumerSettings, SharedConsumer};
use crate::error::{ConsumeError, MissingFreeSlots, RingBufferFull};
use crate::producer::{ProducerSettings, SharedProducer};
use crate::ring::init::Reservations;
use crate::ring::publisher::Publisher;
use crate::ring::reader::Reader;
use crate::wait::AutoWaitStrategy;
use std::time::Duration;

fn producer(publisher: Publisher<Ev>) -> SharedProducer<Ev> {
    let settings = ProducerSettings {
        name: "heap".to_owned(),
        identity: ProcessIdentity::current(),
        wait: AutoWaitStrategy::BusySpin,
        linger: Duration::ZERO,
        keep_name: false,
    };
    SharedProducer::from_parts(publisher, settings)
}

fn consumer(reader: Reader<Ev>) -> SharedConsumer<Ev> {
    let settings = ConsumerSettings {
        id: "r".to_owned(),
        name: "heap".to_owned(),
        wait: AutoWaitStrategy::BusySpin,
        producer: ProcessIdentity::current(),
        role: ConsumerRole::Observer,
    };
    SharedConsumer::from_parts(reader, settings)
}

fn publish(producer: &mut SharedProducer<Ev>, n: usize) {
    for _ in 0..n {
        let seq = producer.last_published_sequence() + 1;
        assert_eq!(producer.try_publish(|slot| *slot = event(seq)), Ok(seq));
    }
}

#[test]
fn an_empty_batch_returns_the_last_published_sequence_and_fills_nothing() {
    let (_ring, publisher) = HeapRing::create(4, named(&["r"]));
    let mut producer = producer(publisher);
    let untouched = |_: &mut Ev, _: usize| panic!("an empty batch fills no slot");
    assert_eq!(producer.try_batch_publish(0, untouched), Ok(-1));
    publish(&mut producer, 4);
    // Even on a full ring: nothing is asked for, so nothing is missing.
    assert_eq!(producer.try_batch_publish(0, untouched), Ok(3));
    assert_eq!(producer.batch_publish(0, untouched), Ok(3));
    assert_eq!(producer.simple_batch_publish(0, untouched), Ok(3));
    assert_eq!(producer.last_published_sequence(), 3);
}

#[test]
fn a_batch_shortfall_is_the_requested_count_minus_the_free_slots() {
    let (_ring, publisher) = HeapRing::create(8, named(&["r"]));
    let mut producer = producer(publisher);
    // "r" is reserved but has read nothing: 8 free, then 3 after five publishes.
    publish(&mut producer, 5);
    let untouched = |_: &mut Ev, _: usize| panic!("a refused batch fills no slot");
    for (n, missing) in [
        (4usize, 1u64),
        (8, 5),
        (11, 8), // more than the capacity
        (1000, 997),
        (usize::MAX, usize::MAX as u64 - 3),
    ] {
        assert_eq!(
            producer.try_batch_publish(n, untouched),
            Err(MissingFreeSlots(missing)),
            "batch of {n} with 3 free"
        );
        assert_eq!(
            producer.last_published_sequence(),
            4,
            "a refused batch publishes nothing"
        );
    }
    assert_eq!(
        producer.try_batch_publish(3, |slot, i| *slot = event(5 + i as i64)),
        Ok(7)
    );
    assert_eq!(producer.try_publish(|_| {}), Err(RingBufferFull));
}

#[test]
fn without_gating_a_batch_larger_than_the_ring_is_short_by_the_excess() {
    let (_ring, publisher) = HeapRing::create(4, Reservations::None);
    let mut producer = producer(publisher);
    let untouched = |_: &mut Ev, _: usize| panic!("a refused batch fills no slot");
    assert_eq!(
        producer.try_batch_publish(10, untouched),
        Err(MissingFreeSlots(6))
    );
    assert_eq!(
        producer.try_batch_publish(4, |slot, i| *slot = event(i as i64)),
        Ok(3)
    );
    // Nothing gates, so the whole ring is free again.
    assert_eq!(
        producer.try_batch_publish(5, untouched),
        Err(MissingFreeSlots(1))
    );
    assert_eq!(producer.gating_consumer_count(), 0);
}

#[test]
fn consumers_drain_a_closed_ring_then_see_end_of_stream() {
    let (ring, publisher) = HeapRing::create(8, named(&["r"]));
    let mut producer = producer(publisher);
    let mut consumer = consumer(ring.join(Some("r")).unwrap());
    publish(&mut producer, 6);
    assert_eq!(consumer.poll_next(), Ok(Some((0, event(0)))));
    drop(producer);
    for seq in 1..6 {
        assert_eq!(consumer.poll_next(), Ok(Some((seq, event(seq)))));
    }
    assert_eq!(consumer.poll_next(), Err(ConsumeError::ProducerClosed));
    assert_eq!(consumer.consume_next(), Err(ConsumeError::ProducerClosed));
    assert_eq!(
        consumer.try_process_available(|_, _| {}),
        Err((0, ConsumeError::ProducerClosed))
    );
}

#[test]
fn a_consumer_discovered_late_is_held_from_the_next_publish() {
    let (ring, publisher) = HeapRing::create(4, Reservations::None);
    let mut producer = producer(publisher);
    publish(&mut producer, 6);
    assert!(producer.discover_consumer_id("late"));
    assert_eq!(producer.gating_consumer_count(), 1);
    assert_eq!(producer.consumer_sequence("late"), Some(5));
    publish(&mut producer, 4);
    assert_eq!(producer.try_publish(|_| {}), Err(RingBufferFull));
    let mut consumer = consumer(ring.join(Some("late")).unwrap());
    assert!(consumer.is_gating());
    for seq in 6..10 {
        assert_eq!(consumer.poll_next(), Ok(Some((seq, event(seq)))));
    }
    assert!(ring.table().find(&packed("late")).is_some());
}

#[test]
fn producer_sequence_counts_single_publishes_the_lazy_cursor_has_not_caught_up_with() {
    let (ring, publisher) = HeapRing::create(64, named(&["r"]));
    let mut producer = producer(publisher);
    let consumer = consumer(ring.join(Some("r")).unwrap());
    let cursor = || {
        ring.view()
            .producer_cursor()
            .load(core::sync::atomic::Ordering::Acquire)
    };
    publish(&mut producer, 5);
    assert!(
        cursor() < 4,
        "single publishes do not store the cursor each time"
    );
    assert_eq!(
        consumer.producer_sequence(),
        4,
        "the stamps carry it forward"
    );
    publish(&mut producer, 40);
    assert!((31..44).contains(&cursor()), "stored every few publishes");
    assert_eq!(consumer.producer_sequence(), 44);
    drop(producer);
    assert_eq!(cursor(), 44, "closing brings the cursor up to date");
    assert_eq!(consumer.producer_sequence(), 44);
}
