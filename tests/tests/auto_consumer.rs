//! `AutoConsumer` against a producer in another process (the `stream` peer, which sleeps while the
//! ring is full, so no process spins): every event in order with `end_of_batch` on batch ends,
//! shutdown and drop under a producer that never stops, a panicking handler, end of stream and
//! producer death, each reported by `join`. Every wait has a deadline.

use disruptor_mp::{
    AutoConsumer, AutoConsumerError, ConsumeError, Sequence, attach_shared_consumer,
};
use disruptor_mp_tests::event::PeerEvent;
use disruptor_mp_tests::names::TestNames;
use disruptor_mp_tests::peer::RunningPeer;
use disruptor_mp_tests::ring_peer;
use disruptor_mp_tests::wait::Deadline;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc;
use std::time::Duration;

const CAPACITY: usize = 16;
const WAIT: Duration = Duration::from_secs(20);

/// A `stream` peer gating on `c_0`, with extra arguments.
fn stream(ring: &str, extra: &[(&str, &str)]) -> RunningPeer {
    let mut peer = ring_peer!("stream")
        .arg("name", ring)
        .arg("capacity", CAPACITY)
        .arg("prefix", "c")
        .arg("consumers", 1);
    for (key, value) in extra {
        peer = peer.arg(key, value);
    }
    let mut peer = peer.spawn();
    peer.wait_for("READY");
    peer
}

/// An AutoConsumer `c_0` of `ring` whose handler is `handler`.
fn auto(
    ring: &str,
    handler: impl FnMut(&PeerEvent, Sequence, bool) + Send + 'static,
) -> AutoConsumer {
    attach_shared_consumer::<PeerEvent>(ring, CAPACITY)
        .with_consumer_id("c_0")
        .wait_for_producer(WAIT)
        .handle_events_with(handler)
        .expect("start the AutoConsumer")
}

/// An AutoConsumer that counts what it handles, after checking each event is the next one.
fn counting(ring: &str) -> (AutoConsumer, Arc<AtomicU64>) {
    let count = Arc::new(AtomicU64::new(0));
    let seen = Arc::clone(&count);
    let auto = auto(ring, move |event, sequence, _| {
        let expected = seen.load(Ordering::Relaxed);
        assert_eq!(sequence as u64, expected, "out of order");
        event.verify(expected).expect("intact event");
        seen.store(expected + 1, Ordering::Release);
    });
    (auto, count)
}

fn wait_for_count(count: &AtomicU64, at_least: u64) {
    Deadline::after(WAIT).poll("the AutoConsumer to handle events", || {
        (count.load(Ordering::Acquire) >= at_least).then_some(())
    });
}

#[test]
fn every_event_arrives_in_order_with_end_of_batch_on_each_batch_end() {
    let names = TestNames::new("auto_batches");
    let ring = names.segment("ring");
    const BATCH: u64 = 6;
    const EVENTS: u64 = 60;
    let peer = stream(&ring, &[("events", "60"), ("batch", "6"), ("sync", "1")]);
    let (sender, received) = mpsc::channel();
    let mut auto = auto(&ring, move |event, sequence, end_of_batch| {
        sender
            .send((*event, sequence, end_of_batch))
            .expect("test alive");
    });
    let end = auto.join().expect_err("the stream ends");
    assert_eq!(
        end,
        AutoConsumerError::Consume(ConsumeError::ProducerClosed)
    );
    let seen: Vec<_> = received.try_iter().collect();
    assert_eq!(seen.len() as u64, EVENTS);
    for (index, (event, sequence, end_of_batch)) in seen.iter().enumerate() {
        assert_eq!(*sequence, index as Sequence);
        event.verify(index as u64).expect("intact event");
        // The producer waits for each batch to be consumed: nothing follows a batch's last
        // event when the consumer reads it, so that event ends the consumer's batch too.
        if index as u64 % BATCH == BATCH - 1 {
            assert!(end_of_batch, "sequence {sequence} ends a batch");
        }
    }
    let result = peer.expect_success().result();
    assert_eq!(result.parsed::<u64>("published"), EVENTS, "{result}");
    names.assert_clean();
}

#[test]
fn shuts_down_and_joins_under_a_producer_that_never_stops() {
    let names = TestNames::new("auto_shutdown");
    let ring = names.segment("ring");
    let mut peer = stream(&ring, &[]);
    let (mut auto, count) = counting(&ring);
    wait_for_count(&count, 5_000);
    assert!(auto.is_running());
    auto.shutdown_and_join().expect("a clean shutdown");
    assert!(!auto.is_running());
    assert_eq!(auto.join(), Err(AutoConsumerError::AlreadyJoined));
    peer.close_stdin();
    peer.expect_success();
    names.assert_clean();
}

#[test]
fn a_dropped_auto_consumer_stops_under_a_producer_that_never_stops() {
    let names = TestNames::new("auto_drop");
    let ring = names.segment("ring");
    let mut peer = stream(&ring, &[]);
    let (auto, count) = counting(&ring);
    wait_for_count(&count, 5_000);
    drop(auto); // must return: the thread sees the flag between batches
    let stopped = count.load(Ordering::Acquire);
    peer.close_stdin();
    peer.expect_success();
    assert!(stopped >= 5_000);
    names.assert_clean();
}

#[test]
fn join_reports_a_panicking_handler_with_its_message() {
    let names = TestNames::new("auto_panic");
    let ring = names.segment("ring");
    let mut peer = stream(&ring, &[]);
    let mut auto = auto(&ring, |_, sequence, _| {
        if sequence == 3 {
            panic!("handler gave up at sequence {sequence}");
        }
    });
    match auto.join() {
        Err(AutoConsumerError::Panicked { message }) => {
            assert_eq!(message, "handler gave up at sequence 3");
        }
        other => panic!("expected the handler's panic, got {other:?}"),
    }
    assert!(!auto.is_running());
    peer.close_stdin();
    peer.expect_success();
    names.assert_clean();
}

#[test]
fn join_reports_the_end_of_the_stream_after_the_last_event() {
    let names = TestNames::new("auto_closed");
    let ring = names.segment("ring");
    let peer = stream(&ring, &[("events", "40")]);
    let (mut auto, count) = counting(&ring);
    let end = auto.join().expect_err("the stream ends");
    assert!(end.is_end_of_stream(), "{end}");
    assert_eq!(count.load(Ordering::Acquire), 40);
    peer.expect_success();
    names.assert_clean();
}

#[test]
fn join_reports_a_producer_killed_mid_stream() {
    let names = TestNames::new("auto_killed");
    let ring = names.segment("ring");
    let mut peer = stream(&ring, &[]);
    let pid = peer.pid();
    let (mut auto, count) = counting(&ring);
    wait_for_count(&count, 1_000);
    peer.sigkill();
    let end = auto.join().expect_err("the producer died");
    assert_eq!(
        end,
        AutoConsumerError::Consume(ConsumeError::ProducerDead { pid })
    );
    // Nobody alive can unlink the dead producer's ring.
    disruptor_mp_tests::shm::unlink(&ring).expect("remove the stale segment");
    names.assert_clean();
}
