//! A consumer the producer does not wait for (discovery disabled) may fall behind; when the
//! producer overwrites the next event it wanted, it gets `ConsumeError::Lapped` — never a stale,
//! torn or out-of-order event — on every read until it resumes from the oldest event still held
//! or the newest, which says how many it missed. The producer runs in this process, the readers
//! in children. For contrast, a gating consumer is never lapped: the producer stops at a full
//! ring instead, and the consumer cannot skip.

use disruptor_mp::{
    ConsumeError, CoordinationMode, PublishTimeoutError, RingBufferFull, SharedProducer,
    build_shared_single_producer,
};
use disruptor_mp_tests::event::PeerEvent;
use disruptor_mp_tests::lapping::{publish, race_a_lapping_producer, spawn_lagging_observer};
use disruptor_mp_tests::names::TestNames;
use disruptor_mp_tests::peer::RunningPeer;
use disruptor_mp_tests::report::Report;
use disruptor_mp_tests::ring_peer;
use std::time::Duration;

const CAPACITY: usize = 8;

fn ungated_producer(ring: &str) -> SharedProducer<PeerEvent> {
    build_shared_single_producer::<PeerEvent>(ring, CAPACITY)
        .disable_discovery()
        .build_producer(PeerEvent::default)
        .expect("build producer")
}

/// A producer that waits for consumer `c_0` (reserved from the first event).
fn gated_producer(ring: &str) -> SharedProducer<PeerEvent> {
    build_shared_single_producer::<PeerEvent>(ring, CAPACITY)
        .discover_consumer_with_prefix(1, "c")
        .with_coordination(CoordinationMode::Immediate)
        .build_producer(PeerEvent::default)
        .expect("build producer")
}

fn poll(lagger: &mut RunningPeer) -> Report {
    lagger.send_line("poll");
    lagger.wait_for("POLL")
}

fn send(lagger: &mut RunningPeer, command: &str, tag: &str) -> Report {
    lagger.send_line(command);
    lagger.wait_for(tag)
}

#[test]
fn a_lapped_reader_resumes_from_the_oldest_then_the_newest_without_reattaching() {
    let names = TestNames::new("resume");
    let ring = names.segment("ring");
    let mut producer = ungated_producer(&ring);
    publish(&mut producer, 3);
    let mut lagger = spawn_lagging_observer(ring_peer!("lagger"), &ring, CAPACITY, 3);

    // 3..=14 published: slot 3 holds 11, and the ring holds 7..=14.
    publish(&mut producer, 12);
    // Without a resume a lap is sticky: every poll reports it at the same sequence. Before
    // resuming existed, only dropping the consumer and attaching again got past it.
    for _ in 0..3 {
        let lapped = poll(&mut lagger);
        assert_eq!(lapped.field("outcome"), "lapped", "{lapped}");
        assert_eq!(lapped.parsed::<i64>("expected"), 3);
        assert_eq!(lapped.parsed::<i64>("found"), 11);
    }
    let oldest = send(&mut lagger, "resume-oldest", "RESUMED");
    assert_eq!(oldest.field("outcome"), "resumed", "{oldest}");
    assert_eq!(oldest.parsed::<u64>("missed"), 4, "3..=6 were overwritten");
    assert_eq!(oldest.parsed::<i64>("next"), 7);
    // The lagger checks every event's sequence and full payload before it reports it.
    let event = poll(&mut lagger);
    assert_eq!(event.field("outcome"), "event", "{event}");
    assert_eq!(event.parsed::<i64>("seq"), 7);

    // 15..=23 published: slot 0, where the reader wants 8, holds 16.
    publish(&mut producer, 9);
    let lapped = poll(&mut lagger);
    assert_eq!(lapped.field("outcome"), "lapped", "{lapped}");
    assert_eq!(lapped.parsed::<i64>("expected"), 8);
    assert_eq!(lapped.parsed::<i64>("found"), 16);
    let newest = send(&mut lagger, "resume-newest", "RESUMED");
    assert_eq!(newest.field("outcome"), "resumed", "{newest}");
    assert_eq!(newest.parsed::<u64>("missed"), 16, "8..=23 skipped");
    assert_eq!(newest.parsed::<i64>("next"), 24);
    let idle = poll(&mut lagger);
    assert_eq!(idle.field("outcome"), "none", "{idle}");
    publish(&mut producer, 1);
    let event = poll(&mut lagger);
    assert_eq!(event.field("outcome"), "event", "{event}");
    assert_eq!(event.parsed::<i64>("seq"), 24);

    lagger.send_line("quit");
    lagger.expect_success();
    drop(producer);
    names.assert_clean();
}

#[test]
fn a_gating_reader_cannot_resume_it_reads_every_event() {
    let names = TestNames::new("resume_gating");
    let ring = names.segment("ring");
    let mut producer = gated_producer(&ring);
    let mut reader = ring_peer!("lagger")
        .arg("name", &ring)
        .arg("capacity", CAPACITY)
        .arg("id", "c_0")
        .spawn();
    assert_eq!(reader.wait_for("READY").field("gating"), "true");
    publish(&mut producer, 3);
    for command in ["resume-oldest", "resume-newest"] {
        let refused = send(&mut reader, command, "RESUMED");
        assert_eq!(refused.field("outcome"), "gating", "{command}: {refused}");
    }
    let event = poll(&mut reader);
    assert_eq!(event.field("outcome"), "event", "{event}");
    assert_eq!(event.parsed::<i64>("seq"), 0);

    reader.send_line("quit");
    reader.expect_success();
    drop(producer);
    names.assert_clean();
}

#[test]
fn a_lagging_reader_reads_a_full_ring_behind_and_is_lapped_one_event_later() {
    let names = TestNames::new("lagger");
    let ring = names.segment("ring");
    let mut producer = ungated_producer(&ring);
    publish(&mut producer, 3);

    let mut lagger = spawn_lagging_observer(ring_peer!("lagger"), &ring, CAPACITY, 3);

    // Exactly one ring ahead: sequences 3..=10; slot 3 still holds 3.
    publish(&mut producer, CAPACITY);
    let first = poll(&mut lagger);
    assert_eq!(first.field("outcome"), "event", "{first}");
    assert_eq!(first.parsed::<i64>("seq"), 3);

    // Sequence 12 lands in slot 4, which the reader wants next as sequence 4.
    publish(&mut producer, 2);
    let lapped = poll(&mut lagger);
    assert_eq!(lapped.field("outcome"), "lapped", "{lapped}");
    assert_eq!(lapped.parsed::<i64>("expected"), 4);
    assert_eq!(lapped.parsed::<i64>("found"), 12);
    // A lap is reported again, not papered over with whatever the slot holds now.
    publish(&mut producer, 5);
    let again = poll(&mut lagger);
    assert_eq!(again.field("outcome"), "lapped", "{again}");
    assert_eq!(again.parsed::<i64>("expected"), 4);

    lagger.send_line("quit");
    lagger.expect_success();
    drop(producer);
    names.assert_clean();
}

#[test]
fn a_reader_racing_a_fast_producer_never_returns_a_torn_or_wrong_event() {
    let names = TestNames::new("racer");
    let ring = names.segment("ring");
    let mut producer = ungated_producer(&ring);
    race_a_lapping_producer(&mut producer, ring_peer!("racer"), &ring);
    drop(producer);
    names.assert_clean();
}

#[test]
fn a_gating_reader_is_never_lapped_the_producer_waits_instead() {
    let names = TestNames::new("gating");
    let ring = names.segment("ring");
    let mut producer = gated_producer(&ring);
    let mut reader = ring_peer!("hold-consumer")
        .arg("name", &ring)
        .arg("capacity", CAPACITY)
        .arg("id", "c_0")
        .arg("leave", "give-up")
        .spawn();
    assert_eq!(reader.wait_for("READY").field("gating"), "true");

    // The reader reads nothing: exactly one ring's worth fits, then the producer is held.
    publish(&mut producer, CAPACITY);
    let seq = producer.last_published_sequence();
    assert_eq!(
        producer.try_publish(|slot| *slot = PeerEvent::for_seq(seq as u64 + 1)),
        Err(RingBufferFull)
    );
    assert_eq!(
        producer.publish_with_timeout(Duration::from_millis(50), |_| unreachable!()),
        Err(PublishTimeoutError::Timeout)
    );
    assert_eq!(producer.min_gating_sequence(), -1);

    // Once the reader gives its place up, it stops gating and the producer moves on.
    reader.close_stdin();
    reader.expect_success();
    publish(&mut producer, CAPACITY * 2);
    drop(producer);
    names.assert_clean();
}

#[test]
fn a_lapped_consumer_in_this_process_sees_lapped_too() {
    // The same rule through the in-process API, with the exact error value.
    let names = TestNames::new("lapped_local");
    let ring = names.segment("ring");
    let mut producer = ungated_producer(&ring);
    let mut consumer = disruptor_mp::attach_shared_consumer::<PeerEvent>(&ring, CAPACITY)
        .build_consumer()
        .expect("attach");
    assert!(!consumer.is_gating());
    publish(&mut producer, CAPACITY + 1);
    assert_eq!(
        consumer.poll_next(),
        Err(ConsumeError::Lapped {
            expected: 0,
            found: CAPACITY as i64
        })
    );
    assert_eq!(consumer.try_consume_next(), None);
    drop(consumer);
    drop(producer);
    names.assert_clean();
}
