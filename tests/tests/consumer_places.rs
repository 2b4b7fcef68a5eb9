//! Consumer places survive crashes and restarts, across real processes: a reserved consumer that
//! drops its handle resumes exactly after the last event it released; the entries of killed
//! readers are reclaimed by later attaches; an open gating place held by a killed consumer goes
//! to the next consumer that asks for one, from the dead one's cursor; the dead are not counted.

use disruptor_mp::{
    ConsumerRole, CoordinationMode, RingBufferFull, attach_shared_consumer,
    build_shared_single_producer,
};
use disruptor_mp_tests::event::PeerEvent;
use disruptor_mp_tests::names::TestNames;
use disruptor_mp_tests::peer::RunningPeer;
use disruptor_mp_tests::ring_peer;
use disruptor_mp_tests::successor::{publish_next, reads_the_rest};

const CAPACITY: usize = 64;

/// A `lagger` peer attached to `ring` (as `id`, or anonymously), once it reports where it
/// starts.
fn lagger(ring: &str, id: Option<&str>) -> (RunningPeer, disruptor_mp_tests::report::Report) {
    let mut peer = ring_peer!("lagger")
        .arg("name", ring)
        .arg("capacity", CAPACITY);
    if let Some(id) = id {
        peer = peer.arg("id", id);
    }
    let mut peer = peer.spawn();
    let ready = peer.wait_for("READY");
    (peer, ready)
}

/// Has `peer` poll `count` events, checking they are `from, from + 1, …`.
fn poll_events(peer: &mut RunningPeer, from: i64, count: i64) {
    for seq in from..from + count {
        peer.send_line("poll");
        let polled = peer.wait_for("POLL");
        assert_eq!(polled.parsed::<i64>("seq"), seq, "{polled}");
    }
}

/// Fails on the previous version: a dropped handle released the place, the producer stopped
/// holding events for it, and the same id came back after the producer's cursor (2,343,732
/// events skipped in the review's run).
#[test]
fn a_reserved_consumer_that_dropped_its_handle_resumes_after_its_last_event() {
    let names = TestNames::new("place_clean_restart");
    let ring = names.segment("ring");
    let mut producer = build_shared_single_producer::<PeerEvent>(&ring, CAPACITY)
        .discover_consumer_with_prefix(1, "cp")
        .with_coordination(CoordinationMode::Immediate)
        .build_producer(PeerEvent::default)
        .expect("build producer");

    let (mut first, ready) = lagger(&ring, Some("cp_0"));
    assert_eq!(ready.parsed::<i64>("start"), 0);
    publish_next(&mut producer, 10);
    // Seven read, and no idle poll: the cursor stored so far lags behind; dropping the handle
    // (at `quit`) must store it.
    poll_events(&mut first, 0, 7);
    first.send_line("quit");
    first.expect_success();
    assert_eq!(producer.consumer_sequence("cp_0"), Some(6));
    assert_eq!(producer.get_consumer_count(), 0);
    assert_eq!(producer.awaited_consumer_ids(), ["cp_0"]);

    // The place is kept: the producer holds everything after sequence 6.
    publish_next(&mut producer, CAPACITY as u64 - 3);
    assert_eq!(producer.last_published_sequence(), 6 + CAPACITY as i64);
    assert_eq!(producer.try_publish(|_| {}), Err(RingBufferFull));

    reads_the_rest(
        ring_peer!("consumer")
            .arg("name", &ring)
            .arg("capacity", CAPACITY)
            .arg("id", "cp_0"),
        7,
        300,
        producer,
    );
    names.assert_clean();
}

/// Fails on the previous version: every later attach got `ConsumerTableFull` and the count
/// included the dead.
#[test]
fn the_entries_of_killed_readers_are_reclaimed_and_not_counted() {
    let names = TestNames::new("place_dead_readers");
    let ring = names.segment("ring");
    let producer = build_shared_single_producer::<PeerEvent>(&ring, CAPACITY)
        .disable_discovery()
        .with_max_consumers(3)
        .build_producer(PeerEvent::default)
        .expect("build producer");
    let mut readers: Vec<_> = (0..3).map(|_| lagger(&ring, None).0).collect();
    assert_eq!(producer.get_consumer_count(), 3);
    for reader in &mut readers {
        reader.sigkill();
    }
    assert_eq!(producer.get_consumer_count(), 0, "the dead are not counted");

    let survivors: Vec<_> = (0..3)
        .map(|_| {
            attach_shared_consumer::<PeerEvent>(&ring, CAPACITY)
                .build_consumer()
                .expect("a dead reader's entry is free to take")
        })
        .collect();
    assert!(survivors.iter().all(|c| c.role() == ConsumerRole::Observer));
    assert_eq!(producer.get_consumer_count(), 3);
    drop(survivors);
    drop(producer);
    names.assert_clean();
}

/// Fails on the previous version: the dead consumer's open place held the producer forever, and
/// the next anonymous consumer was made an observer.
#[test]
fn an_open_place_held_by_a_killed_consumer_goes_to_the_next_consumer_that_asks() {
    let names = TestNames::new("place_dead_open");
    let ring = names.segment("ring");
    let mut producer = build_shared_single_producer::<PeerEvent>(&ring, CAPACITY)
        .enable_discovery(1)
        .with_coordination(CoordinationMode::Immediate)
        .build_producer(PeerEvent::default)
        .expect("build producer");
    let (mut holder, ready) = lagger(&ring, None);
    assert_eq!(ready.field("gating"), "true");
    publish_next(&mut producer, 6);
    poll_events(&mut holder, 0, 6);
    holder.send_line("poll");
    assert_eq!(holder.wait_for("POLL").field("outcome"), "none"); // stores its cursor: 5
    holder.sigkill();
    assert_eq!(producer.min_gating_sequence(), 5);
    publish_next(&mut producer, CAPACITY as u64);
    assert_eq!(producer.try_publish(|_| {}), Err(RingBufferFull));
    assert_eq!(producer.attached_gating_count(), 0);
    assert_eq!(
        producer.gating_consumer_count(),
        1,
        "its events are still held"
    );

    // No id: the successor asks for a place, and gets the dead one's, gating.
    let output = reads_the_rest(
        ring_peer!("consumer")
            .arg("name", &ring)
            .arg("capacity", CAPACITY),
        6,
        300,
        producer,
    );
    assert_eq!(output.reports("READY")[0].field("gating"), "true");
    names.assert_clean();
}
