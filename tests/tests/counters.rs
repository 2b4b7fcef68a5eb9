//! The ring's counters, written by separate consumer processes and the producer into the
//! segment and read back through `SharedProducer::counters`: each figure is checked against what
//! the test made happen (events published and consumed, a full ring, empty polls, a lap, sleeps
//! ended by publishes).

use disruptor_mp::{CoordinationMode, SharedProducer, build_shared_single_producer};
use disruptor_mp_tests::event::PeerEvent;
use disruptor_mp_tests::names::TestNames;
use disruptor_mp_tests::peer::RunningPeer;
use disruptor_mp_tests::ring_peer;
use std::time::Duration;

const CAPACITY: usize = 16;

fn publish(producer: &mut SharedProducer<PeerEvent>, n: usize) {
    for _ in 0..n {
        let seq = producer.last_published_sequence() + 1;
        producer.publish_value(PeerEvent::for_seq(seq as u64));
    }
}

/// A producer of `ring` with one reserved place, `c_0`.
fn producer_for_c0(ring: &str) -> SharedProducer<PeerEvent> {
    build_shared_single_producer::<PeerEvent>(ring, CAPACITY)
        .discover_consumer_with_prefix(1, "c")
        .with_coordination(CoordinationMode::Immediate)
        .build_producer(PeerEvent::default)
        .expect("build producer")
}

fn lagger(ring: &str, id: Option<&str>) -> RunningPeer {
    let mut command = ring_peer!("lagger")
        .arg("name", ring)
        .arg("capacity", CAPACITY);
    if let Some(id) = id {
        command = command.arg("id", id);
    }
    let mut peer = command.spawn();
    peer.wait_for("READY");
    peer
}

/// Polls `n` times, expecting nothing.
fn poll_empty(peer: &mut RunningPeer, n: usize) {
    for _ in 0..n {
        peer.send_line("poll");
        assert_eq!(peer.wait_for("POLL").field("outcome"), "none");
    }
}

#[test]
fn a_gating_consumer_process_counts_what_it_consumed_polled_and_lagged() {
    let names = TestNames::new("counters_gating");
    let ring = names.segment("ring");
    let mut producer = producer_for_c0(&ring);
    let mut c = lagger(&ring, Some("c_0"));
    poll_empty(&mut c, 64);
    publish(&mut producer, CAPACITY);
    assert!(producer.try_publish_value(PeerEvent::default()).is_err());

    let counters = producer.counters();
    assert_eq!(counters.producer.events_published, CAPACITY as u64);
    assert_eq!(counters.producer.full_events, 1, "one failed try_publish");
    assert_eq!(counters.consumers.len(), 1);
    let c0 = &counters.consumers[0];
    assert_eq!(c0.id, "c_0");
    assert_eq!((c0.events_consumed, c0.lag), (0, CAPACITY as u64));
    assert_eq!(
        c0.lag_max, CAPACITY as u64,
        "seen at the failed claim's refresh"
    );
    assert_eq!(c0.empty_polls, 64, "written by the consumer process");

    for seq in 0..CAPACITY as i64 {
        c.send_line("poll");
        assert_eq!(c.wait_for("POLL").parsed::<i64>("seq"), seq);
    }
    poll_empty(&mut c, 1); // releases what it read
    let c0 = &producer.counters().consumers[0];
    assert_eq!((c0.events_consumed, c0.lag), (CAPACITY as u64, 0));
    assert_eq!(c0.laps, 0);
    c.send_line("quit");
    c.expect_success();
    drop(producer);
    names.assert_clean();
}

#[test]
fn an_observer_process_that_is_lapped_counts_the_lap() {
    let names = TestNames::new("counters_lapped");
    let ring = names.segment("ring");
    let mut producer = build_shared_single_producer::<PeerEvent>(&ring, CAPACITY)
        .build_producer(PeerEvent::default)
        .expect("build producer");
    let mut observer = lagger(&ring, None);
    publish(&mut producer, CAPACITY + 4); // sequence 0 is overwritten by 16
    observer.send_line("poll");
    assert_eq!(observer.wait_for("POLL").field("outcome"), "lapped");
    let counters = producer.counters();
    assert_eq!(counters.consumers.len(), 1);
    assert_eq!(counters.consumers[0].laps, 1);
    assert_eq!(
        counters.consumers[0].lag_max, 0,
        "nothing gates: no refresh records it"
    );
    assert_eq!(counters.producer.full_events, 0);
    observer.send_line("quit");
    observer.expect_success();
    drop(producer);
    names.assert_clean();
}

#[test]
fn a_blocked_consumer_process_counts_its_sleeps_and_the_publishes_that_woke_it() {
    let names = TestNames::new("counters_sleeps");
    let ring = names.segment("ring");
    let mut producer = producer_for_c0(&ring);
    let mut consumer = ring_peer!("consumer")
        .arg("name", &ring)
        .arg("capacity", CAPACITY)
        .arg("id", "c_0")
        .arg("events", 4)
        .arg("wait", "block")
        .arg("end", "closed")
        .spawn();
    consumer.wait_for("READY");
    // Each pause is longer than a blocked wait's spinning and its 50 ms sleep cap, so the
    // consumer is asleep when most of these publishes come.
    for _ in 0..4 {
        std::thread::sleep(Duration::from_millis(120));
        publish(&mut producer, 1);
    }
    let counters = producer.counters();
    drop(producer);
    consumer.expect_success();
    let c0 = &counters.consumers[0];
    assert!(counters.producer.wakeups_sent >= 1, "{counters:?}");
    assert!(c0.sleeps >= 1 && c0.wakeups >= 1, "{c0:?}");
    assert!(
        c0.wakeups <= c0.sleeps && c0.wakeups <= counters.producer.wakeups_sent,
        "{counters:?}"
    );
    names.assert_clean();
}
