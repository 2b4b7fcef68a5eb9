//! One thread waiting on several rings at once with a `WaitSet`: rings of producer processes and
//! of different event types, each read to its end in order; a closed ring and a producer killed
//! with SIGKILL are reported for their member while the others go on; a deadline ends a wait
//! nobody answers; and the waiting thread sleeps in the kernel (its `wchan` names a futex wait)
//! instead of spinning. Every wait has a deadline.

use disruptor_mp::{
    ConsumeError, CoordinationMode, Readiness, SharedConsumer, WaitSet, attach_shared_consumer,
    build_shared_single_producer,
};
use disruptor_mp_tests::event::PeerEvent;
use disruptor_mp_tests::names::TestNames;
use disruptor_mp_tests::peer::RunningPeer;
use disruptor_mp_tests::ring_peer;
use disruptor_mp_tests::wait::Deadline;
use std::time::Duration;

const CAPACITY: usize = 64;
/// The longest any one wait of these tests may take.
const WAIT: Duration = Duration::from_secs(20);

/// A producer process on `ring` publishing `events` events to consumer `c_0`, then `then`.
fn producer_peer(ring: &str, events: u64, then: &str) -> RunningPeer {
    let mut peer = ring_peer!("producer")
        .arg("name", ring)
        .arg("capacity", CAPACITY)
        .arg("events", events)
        .arg("prefix", "c")
        .arg("consumers", 1)
        .arg("wait", "block")
        .arg("then", then)
        .spawn();
    peer.wait_for("READY");
    peer
}

fn consumer_of(ring: &str) -> SharedConsumer<PeerEvent> {
    attach_shared_consumer::<PeerEvent>(ring, CAPACITY)
        .with_consumer_id("c_0")
        .build_consumer()
        .expect("attach")
}

#[test]
fn one_thread_reads_three_rings_of_different_types_to_their_ends() {
    let names = TestNames::new("waitset_three");
    let (ring_a, ring_b, ring_c) = (names.segment("a"), names.segment("b"), names.segment("c"));
    let (events_a, events_b, events_c) = (3_000u64, 1_000u64, 500u64);
    let peer_a = producer_peer(&ring_a, events_a, "close");
    let peer_b = producer_peer(&ring_b, events_b, "close");
    // The third ring carries another event type, from a thread of this process.
    let mut producer_c = build_shared_single_producer::<u64>(&ring_c, CAPACITY)
        .discover_consumer_with_prefix(1, "c")
        .with_coordination(CoordinationMode::Immediate)
        .build_producer(|| 0)
        .expect("build the u64 producer");
    let mut set = WaitSet::new();
    let a = set.add(consumer_of(&ring_a));
    let b = set.add(consumer_of(&ring_b));
    let c = set.add(
        attach_shared_consumer::<u64>(&ring_c, CAPACITY)
            .with_consumer_id("c_0")
            .build_consumer()
            .expect("attach c"),
    );
    let thread_c = std::thread::spawn(move || {
        for value in 0..events_c {
            producer_c
                .publish_with_timeout(WAIT, |slot| *slot = value * 3)
                .expect("the wait set keeps up");
        }
    });
    let (mut next_a, mut next_b, mut next_c) = (0u64, 0u64, 0u64);
    let mut ended = [false; 3];
    let deadline = Deadline::after(Duration::from_secs(60));
    while ended != [true; 3] {
        assert!(
            !deadline.passed(),
            "read {next_a}/{next_b}/{next_c} by the deadline"
        );
        let ready = set.wait_timeout(WAIT);
        assert!(!ready.is_empty(), "no ring answered within {WAIT:?}");
        for found in ready {
            match found.readiness {
                Readiness::Events if found.is(a) => {
                    read_in_order(set.get_mut(a).expect("a is in the set"), &mut next_a)
                }
                Readiness::Events if found.is(b) => {
                    read_in_order(set.get_mut(b).expect("b is in the set"), &mut next_b)
                }
                Readiness::Events => {
                    let consumer = set.get_mut(c).expect("c is in the set");
                    consumer.process_available(|value, seq| {
                        assert_eq!((seq as u64, *value), (next_c, next_c * 3));
                        next_c += 1;
                    });
                }
                Readiness::Ended(ConsumeError::ProducerClosed) => {
                    ended[found.index()] = true;
                    if found.is(a) {
                        set.remove(a).expect("a was in the set");
                    } else if found.is(b) {
                        set.remove(b).expect("b was in the set");
                    } else {
                        set.remove(c).expect("c was in the set");
                    }
                }
                Readiness::Ended(other) => panic!("member {} ended with {other}", found.index()),
                _ => panic!("unknown readiness"),
            }
        }
    }
    thread_c.join().expect("the u64 producer");
    assert_eq!((next_a, next_b, next_c), (events_a, events_b, events_c));
    peer_a.expect_success();
    peer_b.expect_success();
    assert!(set.is_empty());
    names.assert_clean();
}

/// Reads every event available now, checking each is the next sequence with its content.
fn read_in_order(consumer: &mut SharedConsumer<PeerEvent>, next: &mut u64) {
    consumer.process_available(|event, seq| {
        assert_eq!(seq as u64, *next, "out of order");
        event.verify(*next).expect("the event's content");
        *next += 1;
    });
}

#[test]
fn a_killed_producer_is_reported_dead_while_the_other_ring_goes_on() {
    let names = TestNames::new("waitset_kill");
    let (ring_live, ring_doomed) = (names.segment("live"), names.segment("doomed"));
    let mut doomed = producer_peer(&ring_doomed, 10, "hang");
    let live = producer_peer(&ring_live, 200, "close");
    let mut set = WaitSet::new();
    let doomed_key = set.add(consumer_of(&ring_doomed));
    let live_key = set.add(consumer_of(&ring_live));
    doomed.wait_for("PUBLISHED");
    let (mut live_read, mut doomed_read) = (0u64, 0u64);
    let mut killed = false;
    let mut dead_pid = None;
    let mut live_closed = false;
    let deadline = Deadline::after(Duration::from_secs(60));
    while dead_pid.is_none() || !live_closed {
        assert!(
            !deadline.passed(),
            "the deadline passed: dead {dead_pid:?}, closed {live_closed}"
        );
        if doomed_read == 10 && !killed {
            doomed.sigkill();
            killed = true;
        }
        for found in set.wait_timeout(WAIT) {
            match found.readiness {
                Readiness::Events if found.is(doomed_key) => read_in_order(
                    set.get_mut(doomed_key).expect("in the set"),
                    &mut doomed_read,
                ),
                Readiness::Events => {
                    read_in_order(set.get_mut(live_key).expect("in the set"), &mut live_read)
                }
                Readiness::Ended(ConsumeError::ProducerDead { pid }) if found.is(doomed_key) => {
                    assert!(killed, "reported dead before it was killed");
                    dead_pid = Some(pid);
                    set.remove(doomed_key);
                }
                Readiness::Ended(ConsumeError::ProducerClosed) if found.is(live_key) => {
                    live_closed = true;
                    set.remove(live_key);
                }
                Readiness::Ended(other) => panic!("member {} ended with {other}", found.index()),
                _ => panic!("unknown readiness"),
            }
        }
    }
    assert_eq!((doomed_read, live_read), (10, 200));
    assert_eq!(dead_pid, Some(doomed.pid()));
    live.expect_success();
    drop(doomed);
    // Nobody alive unlinks the dead producer's ring; the test's name guard removes it.
    assert!(std::path::Path::new("/dev/shm").join(&ring_doomed).exists());
}

#[test]
fn a_deadline_ends_a_wait_on_idle_rings_with_nothing_ready() {
    let names = TestNames::new("waitset_deadline");
    let (ring_a, ring_b) = (names.segment("a"), names.segment("b"));
    let mut peer_a = producer_peer(&ring_a, 0, "hang");
    let mut peer_b = producer_peer(&ring_b, 1, "hang");
    let mut set = WaitSet::new();
    let a = set.add(consumer_of(&ring_a));
    let b = set.add(consumer_of(&ring_b));
    peer_b.wait_for("PUBLISHED");
    let ready = set.wait_timeout(WAIT);
    assert_eq!(ready.len(), 1, "{ready:?}");
    assert!(ready[0].is(b) && matches!(ready[0].readiness, Readiness::Events));
    assert_eq!(
        set.get_mut(b)
            .and_then(|b| b.try_consume_next())
            .map(|(seq, _)| seq),
        Some(0)
    );
    // Both rings idle, both producers alive: the deadline ends the wait with nothing.
    assert!(set.wait_timeout(Duration::from_millis(120)).is_empty());
    assert!(set.get_mut(a).is_some());
    peer_a.close_stdin();
    peer_b.close_stdin();
    peer_a.expect_success();
    peer_b.expect_success();
    let ready = set.wait_timeout(WAIT);
    assert_eq!(ready.len(), 2, "both rings closed: {ready:?}");
    names.assert_clean();
}

#[test]
fn the_waiting_thread_sleeps_on_a_futex_not_a_spin() {
    let names = TestNames::new("waitset_sleeps");
    let (ring_a, ring_b) = (names.segment("a"), names.segment("b"));
    let mut peer_a = producer_peer(&ring_a, 0, "hang");
    let mut producer_b = build_shared_single_producer::<u64>(&ring_b, CAPACITY)
        .discover_consumer_with_prefix(1, "c")
        .with_coordination(CoordinationMode::Immediate)
        .build_producer(|| 0)
        .expect("build the u64 producer");
    let a = consumer_of(&ring_a);
    let b = attach_shared_consumer::<u64>(&ring_b, CAPACITY)
        .with_consumer_id("c_0")
        .build_consumer()
        .expect("attach b");
    let (tid_tx, tid_rx) = std::sync::mpsc::channel();
    let waiter = std::thread::spawn(move || {
        let mut set = WaitSet::new();
        set.add(a);
        let b = set.add(b);
        tid_tx.send(thread_id()).ok();
        let ready = set.wait_timeout(WAIT);
        ready
            .iter()
            .any(|found| found.is(b) && matches!(found.readiness, Readiness::Events))
    });
    let tid = tid_rx.recv_timeout(WAIT).expect("the waiter's thread id");
    let deadline = Deadline::after(Duration::from_secs(10));
    let mut seen = String::new();
    while !deadline.passed() && !seen.contains("futex") {
        std::thread::sleep(Duration::from_millis(5));
        seen = std::fs::read_to_string(format!("/proc/self/task/{tid}/wchan")).unwrap_or_default();
    }
    assert!(
        seen.contains("futex"),
        "the wait set's thread never slept on a futex: {seen:?}"
    );
    producer_b.publish_value(7);
    assert!(
        waiter.join().expect("the waiter"),
        "the event on b was not reported"
    );
    drop(producer_b);
    peer_a.close_stdin();
    peer_a.expect_success();
    names.assert_clean();
}

/// The calling thread's kernel id, for `/proc/self/task/<tid>`.
fn thread_id() -> u32 {
    std::fs::read_link("/proc/thread-self")
        .ok()
        .and_then(|path| path.file_name()?.to_str()?.parse().ok())
        .expect("/proc/thread-self names the thread")
}
