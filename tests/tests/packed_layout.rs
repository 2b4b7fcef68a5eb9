//! Rings whose producer chose the packed slot layout (`SlotLayout::Packed`: no stamp per slot,
//! availability from the producer cursor), read by consumers that attach as always — a
//! consumer never chooses the layout. Separate processes over real shared memory: the stream
//! arrives whole and in order at every consumer across many wraps of the ring, and a consumer
//! the producer does not wait for is told of each lap (found by re-reading the producer's
//! cursors after its copy), never handed a stale or torn event.

use disruptor_mp::{ConsumeError, SharedProducer, SlotLayout, build_shared_single_producer};
use disruptor_mp_tests::event::{Checksum, PeerEvent};
use disruptor_mp_tests::lapping::{publish, race_a_lapping_producer, spawn_lagging_observer};
use disruptor_mp_tests::names::TestNames;
use disruptor_mp_tests::peer::RunningPeer;
use disruptor_mp_tests::report::Report;
use disruptor_mp_tests::ring_peer;
use std::time::Duration;

const CAPACITY: usize = 8;

/// A packed ring that nobody gates: publishing never waits.
fn ungated_packed_producer(ring: &str) -> SharedProducer<PeerEvent> {
    build_shared_single_producer::<PeerEvent>(ring, CAPACITY)
        .disable_discovery()
        .slot_layout(SlotLayout::Packed)
        .build_producer(PeerEvent::default)
        .expect("build producer")
}

fn send(peer: &mut RunningPeer, command: &str, tag: &str) -> Report {
    peer.send_line(command);
    peer.wait_for(tag)
}

#[test]
fn two_consumers_of_a_packed_ring_see_every_event_in_order_across_wraps() {
    const EVENTS: u64 = 1_000_000;
    const RING: usize = 1024;
    let names = TestNames::new("packed_broadcast");
    let ring = names.segment("ring");
    let deadline = Duration::from_secs(120);
    // Batches of 100, which do not divide the capacity, so batches straddle the wrap.
    let mut producer = ring_peer!("producer")
        .arg("name", &ring)
        .arg("capacity", RING)
        .arg("events", EVENTS)
        .arg("batch", 100)
        .arg("prefix", "c")
        .arg("consumers", 2)
        .arg("wait", "yield")
        .arg("layout", "packed")
        .deadline(deadline)
        .spawn();
    assert_eq!(producer.wait_for("READY").parsed::<usize>("gating"), 2);
    let consumers: Vec<_> = [("c_0", "batch", "yield"), ("c_1", "lease", "block")]
        .into_iter()
        .map(|(id, read, wait)| {
            ring_peer!("consumer")
                .arg("name", &ring)
                .arg("capacity", RING)
                .arg("id", id)
                .arg("events", EVENTS)
                .arg("read", read)
                .arg("wait", wait)
                .arg("end", "closed")
                .deadline(deadline)
                .spawn()
        })
        .collect();

    let expected = Checksum::of_stream(EVENTS).0;
    let results: Vec<_> = consumers
        .into_iter()
        .map(|consumer| consumer.expect_success().result())
        .collect();
    let produced = producer.expect_success().result();
    assert_eq!(produced.parsed::<u64>("published"), EVENTS);
    for consumed in &results {
        assert_eq!(consumed.field("ordered"), "true", "{consumed}");
        assert_eq!(consumed.parsed::<u64>("consumed"), EVENTS, "{consumed}");
        assert_eq!(consumed.parsed::<u64>("last"), EVENTS - 1, "{consumed}");
        assert_eq!(consumed.parsed::<u64>("checksum"), expected, "{consumed}");
        assert_eq!(consumed.field("end"), "closed", "{consumed}");
    }
    names.assert_clean();
}

#[test]
fn a_lapped_reader_of_a_packed_ring_gets_lapped_then_resumes() {
    let names = TestNames::new("packed_resume");
    let ring = names.segment("ring");
    let mut producer = ungated_packed_producer(&ring);
    publish(&mut producer, 3);
    let mut lagger = spawn_lagging_observer(ring_peer!("lagger"), &ring, CAPACITY, 3);

    // Exactly one ring ahead (3..=10): slot 3 still holds 3.
    publish(&mut producer, CAPACITY);
    let first = send(&mut lagger, "poll", "POLL");
    assert_eq!(first.field("outcome"), "event", "{first}");
    assert_eq!(first.parsed::<i64>("seq"), 3);
    // 11 and 12 published: 12 overwrote 4, which the reader wants next.
    publish(&mut producer, 2);
    for _ in 0..2 {
        let lapped = send(&mut lagger, "poll", "POLL");
        assert_eq!(lapped.field("outcome"), "lapped", "{lapped}");
        assert_eq!(lapped.parsed::<i64>("expected"), 4);
        assert_eq!(lapped.parsed::<i64>("found"), 12);
    }
    let oldest = send(&mut lagger, "resume-oldest", "RESUMED");
    assert_eq!(oldest.parsed::<u64>("missed"), 1, "4 was overwritten");
    assert_eq!(oldest.parsed::<i64>("next"), 5);
    let event = send(&mut lagger, "poll", "POLL");
    assert_eq!(event.field("outcome"), "event", "{event}");
    assert_eq!(event.parsed::<i64>("seq"), 5);
    let newest = send(&mut lagger, "resume-newest", "RESUMED");
    assert_eq!(newest.parsed::<i64>("next"), 13);
    let idle = send(&mut lagger, "poll", "POLL");
    assert_eq!(idle.field("outcome"), "none", "{idle}");

    lagger.send_line("quit");
    lagger.expect_success();
    drop(producer);
    names.assert_clean();
}

#[test]
fn a_reader_racing_a_fast_packed_producer_never_returns_a_torn_or_wrong_event() {
    let names = TestNames::new("packed_racer");
    let ring = names.segment("ring");
    let mut producer = ungated_packed_producer(&ring);
    race_a_lapping_producer(&mut producer, ring_peer!("racer"), &ring);
    drop(producer);
    names.assert_clean();
}

#[test]
fn a_lapped_consumer_of_a_packed_ring_in_this_process_sees_the_exact_lap() {
    let names = TestNames::new("packed_lapped_local");
    let ring = names.segment("ring");
    let mut producer = ungated_packed_producer(&ring);
    let mut consumer = disruptor_mp::attach_shared_consumer::<PeerEvent>(&ring, CAPACITY)
        .build_consumer()
        .expect("attach");
    publish(&mut producer, CAPACITY + 1);
    assert_eq!(
        consumer.poll_next(),
        Err(ConsumeError::Lapped {
            expected: 0,
            found: CAPACITY as i64
        })
    );
    drop(consumer);
    drop(producer);
    names.assert_clean();
}
