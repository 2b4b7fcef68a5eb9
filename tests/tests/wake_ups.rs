//! Sleeping and waking across processes with the default `Block` strategy: a blocked consumer and
//! a producer blocked on a full ring sleep in the kernel on the ring's futex words (their main
//! thread's `/proc/<pid>/wchan` names a futex wait, not a timed sleep or a spin), and each wakes
//! for what it waits for: one event, one freed slot, the ring closing, the producer's death.
//! Every wait has a deadline; the peers fail at theirs.

use disruptor_mp::{
    CoordinationMode, SharedProducer, attach_shared_consumer, build_shared_single_producer,
};
use disruptor_mp_tests::event::PeerEvent;
use disruptor_mp_tests::names::TestNames;
use disruptor_mp_tests::ring_peer;
use disruptor_mp_tests::wait::Deadline;
use std::time::Duration;

const CAPACITY: usize = 64;

/// Waits until `pid`'s main thread sleeps in a futex wait, as `/proc/<pid>/wchan` shows (the
/// kernel function it sleeps in); panics with what it saw at the deadline. Seeing it proves the
/// process blocks on a futex word rather than spinning or polling with timed sleeps.
fn wait_until_asleep_on_futex(pid: u32, what: &str) {
    let deadline = Deadline::after(Duration::from_secs(10));
    let mut seen = String::new();
    while !deadline.passed() {
        seen = std::fs::read_to_string(format!("/proc/{pid}/wchan")).unwrap_or_default();
        if seen.contains("futex") {
            return;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    panic!("{what} (pid {pid}) never slept on a futex; its wchan read {seen:?}");
}

fn producer(ring: &str) -> SharedProducer<PeerEvent> {
    build_shared_single_producer::<PeerEvent>(ring, CAPACITY)
        .discover_consumer_with_prefix(1, "c")
        .with_coordination(CoordinationMode::Immediate)
        .build_producer(PeerEvent::default)
        .expect("build producer")
}

#[test]
fn a_consumer_asleep_on_an_idle_ring_wakes_for_one_event() {
    let names = TestNames::new("wake_event");
    let ring = names.segment("ring");
    let mut producer = producer(&ring);
    let mut consumer = ring_peer!("consumer")
        .arg("name", &ring)
        .arg("capacity", CAPACITY)
        .arg("id", "c_0")
        .arg("events", 1)
        .arg("end", "closed")
        .spawn();
    consumer.wait_for("READY");
    wait_until_asleep_on_futex(consumer.pid(), "the idle consumer");
    // Asleep for a second: some fifty of its liveness wake-ups pass before the event comes.
    std::thread::sleep(Duration::from_secs(1));
    producer.publish_value(PeerEvent::for_seq(0));
    consumer.wait_for("DRAINED");
    drop(producer);
    let result = consumer.expect_success().result();
    assert_eq!(result.parsed::<u64>("consumed"), 1, "{result}");
    assert_eq!(result.field("end"), "closed", "{result}");
    names.assert_clean();
}

#[test]
fn a_producer_asleep_on_a_full_ring_wakes_when_a_slot_is_freed() {
    let names = TestNames::new("wake_space");
    let ring = names.segment("ring");
    let events = CAPACITY as u64 + 1;
    let mut producer = ring_peer!("producer")
        .arg("name", &ring)
        .arg("capacity", CAPACITY)
        .arg("events", events)
        .arg("prefix", "c")
        .arg("consumers", 1)
        .arg("then", "drop")
        .spawn();
    let pid: u32 = producer.wait_for("READY").parsed("pid");
    let mut consumer = attach_shared_consumer::<PeerEvent>(&ring, CAPACITY)
        .with_consumer_id("c_0")
        .build_consumer()
        .expect("attach");
    // One ring's worth fits; the last event waits for a slot, asleep.
    wait_until_asleep_on_futex(pid, "the producer on a full ring");
    assert_eq!(consumer.producer_sequence(), CAPACITY as i64 - 1);
    // Read one and go idle: the cursor store frees slot 0 and must wake the producer.
    assert_eq!(
        consumer.consume_next_timeout(Duration::from_secs(5)),
        Ok(Some((0, PeerEvent::for_seq(0))))
    );
    for seq in 1..events {
        let read = consumer.consume_next_timeout(Duration::from_secs(10));
        assert_eq!(read, Ok(Some((seq as i64, PeerEvent::for_seq(seq)))));
    }
    let result = producer.expect_success().result();
    assert_eq!(result.parsed::<u64>("published"), events, "{result}");
    drop(consumer);
    names.assert_clean();
}

#[test]
fn a_consumer_asleep_wakes_when_the_ring_closes() {
    let names = TestNames::new("wake_close");
    let ring = names.segment("ring");
    let producer = producer(&ring);
    let mut consumer = ring_peer!("consumer")
        .arg("name", &ring)
        .arg("capacity", CAPACITY)
        .arg("id", "c_0")
        .arg("events", 0)
        .arg("end", "closed")
        .spawn();
    consumer.wait_for("DRAINED");
    wait_until_asleep_on_futex(consumer.pid(), "the idle consumer");
    drop(producer);
    let result = consumer.expect_success().result();
    assert_eq!(result.parsed::<u64>("consumed"), 0, "{result}");
    assert_eq!(result.field("end"), "closed", "{result}");
    names.assert_clean();
}

#[test]
fn a_consumer_asleep_wakes_when_its_producer_is_killed() {
    let names = TestNames::new("wake_death");
    let ring = names.segment("ring");
    let mut doomed = ring_peer!("producer")
        .arg("name", &ring)
        .arg("capacity", CAPACITY)
        .arg("events", 3)
        .arg("prefix", "c")
        .arg("consumers", 1)
        .arg("then", "hang")
        .spawn();
    doomed.wait_for("READY");
    let mut consumer = ring_peer!("consumer")
        .arg("name", &ring)
        .arg("capacity", CAPACITY)
        .arg("id", "c_0")
        .arg("events", 3)
        .arg("end", "dead")
        .spawn();
    consumer.wait_for("DRAINED");
    wait_until_asleep_on_futex(consumer.pid(), "the drained consumer");
    doomed.sigkill();
    let result = consumer.expect_success().result();
    assert_eq!(result.parsed::<u64>("consumed"), 3, "{result}");
    assert_eq!(result.field("end"), "dead", "{result}");
    // The dead producer's ring is left for the next producer to reclaim.
    drop(producer(&ring));
    names.assert_clean();
}
