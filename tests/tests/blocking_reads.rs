//! The published blocking reads against a producer in another process: each form delivers the
//! next event, each timeout form gives up on an idle ring (`Ok(None)`, or `Ok(0)` for a count),
//! and the end of the stream is an error, not a wait. The producer peer publishes then holds
//! the ring; every wait has a deadline and nothing spins (the consumer's strategy is `Block`,
//! the `*_with_sleep` forms yield). Run once per backend (POSIX shared memory and a ring file,
//! whose futex is a word of the file's mapping).

use disruptor_mp::{ConsumeError, SharedConsumer};
use disruptor_mp_tests::backend::{Backend, Storage};
use disruptor_mp_tests::event::PeerEvent;
use disruptor_mp_tests::names::TestNames;
use disruptor_mp_tests::ring_peer;
use std::time::Duration;

disruptor_mp_tests::on_both_backends!(each_blocking_read_delivers_then_times_out_then_sees_the_end);

const CAPACITY: usize = 16;
const IDLE: Duration = Duration::from_millis(30);

fn each_blocking_read_delivers_then_times_out_then_sees_the_end(backend: Backend) {
    let names = TestNames::new("blocking_reads");
    let storage = Storage::new(backend, &names);
    let ring = names.segment("ring");
    let events = 12u64;
    let mut producer = storage
        .peer(ring_peer!("producer"))
        .arg("name", &ring)
        .arg("capacity", CAPACITY)
        .arg("events", events)
        .arg("prefix", "c")
        .arg("consumers", 1)
        .arg("then", "hang")
        .spawn();
    producer.wait_for("READY");
    let mut consumer: SharedConsumer<PeerEvent> = storage
        .consumer::<PeerEvent>(&ring, CAPACITY)
        .with_consumer_id("c_0")
        .wait_for_producer(Duration::from_secs(10))
        .build_consumer()
        .expect("attach");
    producer.wait_for("PUBLISHED");
    let mut next = 0u64;
    let mut check = |sequence: i64, event: &PeerEvent| {
        assert_eq!(sequence as u64, next);
        event.verify(next).expect("intact event");
        next += 1;
    };

    let (sequence, event) = consumer.consume_next_with_sleep().expect("with_sleep");
    check(sequence, &event);
    let (sequence, event) = consumer
        .consume_next_with_sleep_timeout(IDLE)
        .expect("with_sleep_timeout")
        .expect("published");
    check(sequence, &event);
    {
        let lease = consumer
            .consume_next_leased_with_sleep()
            .expect("leased_with_sleep");
        check(lease.sequence(), &lease);
    }
    {
        let lease = consumer
            .consume_next_leased_with_sleep_timeout(IDLE)
            .expect("leased_with_sleep_timeout")
            .expect("published");
        check(lease.sequence(), &lease);
    }
    {
        let lease = consumer
            .consume_next_leased_timeout(IDLE)
            .expect("leased_timeout")
            .expect("published");
        check(lease.sequence(), &lease);
    }
    let (sequence, end) = consumer
        .process_next_blocking(|event, sequence, _| check(sequence, event))
        .expect("process_next_blocking");
    assert_eq!((sequence, end), (5, false));
    consumer
        .process_next_blocking_timeout(IDLE, |event, sequence, _| check(sequence, event))
        .expect("process_next_blocking_timeout")
        .expect("published");
    consumer
        .process_next_blocking_with_sleep(|event, sequence, _| check(sequence, event))
        .expect("process_next_blocking_with_sleep");
    consumer
        .process_next_blocking_with_sleep_timeout(IDLE, |event, sequence, _| check(sequence, event))
        .expect("process_next_blocking_with_sleep_timeout")
        .expect("published");
    // Three left: one batch, ending on the last.
    let mut ends = Vec::new();
    let handled = consumer
        .process_available_blocking(|event, sequence, end| {
            check(sequence, event);
            ends.push(end);
        })
        .expect("process_available_blocking");
    assert_eq!(handled, 3);
    assert_eq!(ends, [false, false, true]);
    assert_eq!(next, events);

    // Nothing more: every timeout form gives up.
    assert_eq!(consumer.consume_next_timeout(IDLE), Ok(None));
    assert_eq!(consumer.consume_next_with_sleep_timeout(IDLE), Ok(None));
    assert!(matches!(
        consumer.consume_next_leased_timeout(IDLE),
        Ok(None)
    ));
    assert!(matches!(
        consumer.consume_next_leased_with_sleep_timeout(IDLE),
        Ok(None)
    ));
    assert_eq!(
        consumer.process_next_blocking_timeout(IDLE, |_, _, _| panic!("no event")),
        Ok(None)
    );
    assert_eq!(
        consumer.process_next_blocking_with_sleep_timeout(IDLE, |_, _, _| panic!("no event")),
        Ok(None)
    );
    assert_eq!(
        consumer.process_available_blocking_timeout(IDLE, |_, _, _| panic!("no event")),
        Ok(0)
    );

    // The producer closes the ring: the blocking forms end instead of waiting.
    producer.close_stdin();
    producer.expect_success();
    assert_eq!(
        consumer.consume_next_with_sleep(),
        Err(ConsumeError::ProducerClosed)
    );
    assert_eq!(
        consumer.process_available_blocking(|_, _, _| panic!("no event")),
        Err(ConsumeError::ProducerClosed)
    );
    assert_eq!(
        consumer.process_next_blocking(|_, _, _| panic!("no event")),
        Err(ConsumeError::ProducerClosed)
    );
    drop(consumer);
    storage.assert_clean(&names);
}
