//! A gating consumer whose process is killed keeps its place: the producer goes on holding
//! events for it (a dead consumer is never silently dropped from the gating set), and a new
//! process attaching with the same id takes the entry over and resumes right after the dead
//! one's last released sequence — nothing lost, nothing delivered twice. Run once per backend
//! (POSIX shared memory and a ring file).

use disruptor_mp::{CoordinationMode, RingBufferFull};
use disruptor_mp_tests::backend::{Backend, Storage};
use disruptor_mp_tests::event::PeerEvent;
use disruptor_mp_tests::names::TestNames;
use disruptor_mp_tests::ring_peer;
use disruptor_mp_tests::successor::{publish_next, reads_the_rest};

const CAPACITY: usize = 64;

disruptor_mp_tests::on_both_backends!(
    a_killed_consumers_id_is_taken_over_and_resumes_after_its_cursor
);

fn a_killed_consumers_id_is_taken_over_and_resumes_after_its_cursor(backend: Backend) {
    let names = TestNames::new("consumer_killed");
    let storage = Storage::new(backend, &names);
    let ring = names.segment("ring");
    let mut producer = storage
        .producer::<PeerEvent>(&ring, CAPACITY)
        .discover_consumer_with_prefix(1, "c")
        .with_coordination(CoordinationMode::Immediate)
        .build_producer(PeerEvent::default)
        .expect("build producer");

    let mut first = storage
        .peer(ring_peer!("lagger"))
        .arg("name", &ring)
        .arg("capacity", CAPACITY)
        .arg("id", "c_0")
        .spawn();
    let ready = first.wait_for("READY");
    assert_eq!(ready.field("gating"), "true");
    assert_eq!(ready.parsed::<i64>("start"), 0);
    publish_next(&mut producer, 10);
    for seq in 0..10 {
        first.send_line("poll");
        let polled = first.wait_for("POLL");
        assert_eq!(polled.parsed::<i64>("seq"), seq, "{polled}");
    }
    // Finding nothing releases what it read: its cursor is now 9.
    first.send_line("poll");
    assert_eq!(first.wait_for("POLL").field("outcome"), "none");
    assert_eq!(producer.consumer_sequence("c_0"), Some(9));
    first.sigkill();

    // The dead consumer still gates: one ring past its cursor, the producer is held.
    publish_next(&mut producer, CAPACITY as u64);
    assert_eq!(producer.last_published_sequence(), 9 + CAPACITY as i64);
    assert_eq!(producer.try_publish(|_| {}), Err(RingBufferFull));
    assert_eq!(producer.min_gating_sequence(), 9);

    // Its successor takes over `c_0` and reads from 10 on: nothing lost, nothing repeated.
    reads_the_rest(
        storage
            .peer(ring_peer!("consumer"))
            .arg("name", &ring)
            .arg("capacity", CAPACITY)
            .arg("id", "c_0"),
        10,
        500,
        producer,
    );
    storage.assert_clean(&names);
}
