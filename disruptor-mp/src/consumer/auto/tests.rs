//! In-process checks of the `AutoConsumer` handle: batches and their ends over a backlog, a
//! shutdown that wakes a sleeping thread, a panic's message, a failed pin. The cross-process
//! behaviour is in `tests/tests/auto_consumer.rs`.

use crate::{
    AutoConsumerError, AutoWaitStrategy, CoordinationMode, HandleEventsError, SharedProducer,
    attach_shared_consumer, build_shared_single_producer,
};
use std::sync::mpsc;
use std::time::Duration;

const WAIT: Duration = Duration::from_secs(10);

fn ring(tag: &str) -> String {
    format!("unit-{}-auto-{tag}", std::process::id())
}

fn producer(name: &str) -> SharedProducer<u64> {
    build_shared_single_producer::<u64>(name, 8)
        .discover_consumer_with_prefix(1, "c")
        .with_coordination(CoordinationMode::Immediate)
        .build_producer(|| 0)
        .expect("create")
}

#[test]
fn a_backlog_is_one_batch_ending_on_its_last_event() {
    let name = ring("backlog");
    let mut producer = producer(&name);
    producer
        .publish_batch(5, |slot, i| *slot = 100 + i as u64)
        .expect("fits");
    let (sender, received) = mpsc::channel();
    let mut auto = attach_shared_consumer::<u64>(&name, 8)
        .with_consumer_id("c_0")
        .handle_events_with(move |value: &u64, sequence, end| {
            sender.send((*value, sequence, end)).expect("test alive");
        })
        .expect("start");
    let seen: Vec<_> = (0..5)
        .map(|_| received.recv_timeout(WAIT).expect("event"))
        .collect();
    assert_eq!(
        seen,
        [
            (100, 0, false),
            (101, 1, false),
            (102, 2, false),
            (103, 3, false),
            (104, 4, true)
        ]
    );
    drop(producer);
    assert!(auto.join().expect_err("end of stream").is_end_of_stream());
}

#[test]
fn shutdown_wakes_a_thread_asleep_on_an_idle_ring() {
    let name = ring("idle");
    let _producer = producer(&name);
    let mut auto = attach_shared_consumer::<u64>(&name, 8)
        .with_consumer_id("c_0")
        .handle_events_batch(|_: &u64, _, _| {}, AutoWaitStrategy::Block)
        .expect("start");
    // Long enough for the spins to end and the thread to sleep on the futex.
    std::thread::sleep(Duration::from_millis(30));
    assert!(auto.is_running());
    assert_eq!(auto.shutdown_and_join(), Ok(()));
    assert_eq!(auto.join(), Err(AutoConsumerError::AlreadyJoined));
}

#[test]
fn join_carries_the_message_of_a_panicking_handler() {
    let name = ring("panic");
    let mut producer = producer(&name);
    let mut auto = attach_shared_consumer::<u64>(&name, 8)
        .with_consumer_id("c_0")
        .handle_events_with(|value: &u64, _, _| panic!("bad value {value}"))
        .expect("start");
    producer.publish_value(7);
    assert_eq!(
        auto.join(),
        Err(AutoConsumerError::Panicked {
            message: "bad value 7".into()
        })
    );
}

#[test]
fn a_core_that_does_not_exist_is_an_error_from_the_start() {
    let name = ring("pin");
    let _producer = producer(&name);
    let started = attach_shared_consumer::<u64>(&name, 8)
        .with_consumer_id("c_0")
        .with_consumer_core(1 << 20)
        .handle_events_with(|_: &u64, _, _| {});
    match started {
        Err(HandleEventsError::Pin { core, origin, .. }) => {
            assert_eq!((core, origin), (1 << 20, "with_consumer_core"));
        }
        other => panic!("expected a pin error, got {other:?}"),
    }
    // The failed start left the ring: the place is free for another consumer.
    let consumer = attach_shared_consumer::<u64>(&name, 8)
        .with_consumer_id("c_0")
        .build_consumer();
    assert!(consumer.is_ok());
}
