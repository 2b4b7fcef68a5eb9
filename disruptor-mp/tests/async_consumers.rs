//! Async consumers (feature `tokio`): a tokio program awaiting three rings whose producers are
//! other processes, one closing as a stream, one closing under `next()`, one killed with
//! SIGKILL; futures dropped mid-wait at random points losing nothing; the producer's async wait
//! for space; and no bridge thread left once the last async handle is gone.
//!
//! The producer processes are this test binary run again with `DMP_ASYNC_ROLE` set (the
//! `producer_role` test does the work there and nothing otherwise). Tests take one lock: the
//! bridge thread is per process, and one test checks that it ends.
#![cfg(feature = "tokio")]

use disruptor_mp::{
    AsyncConsumer, ConsumeError, CoordinationMode, SharedProducer, attach_shared_consumer,
    build_shared_single_producer,
};
use futures_core::Stream;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

const CAPACITY: usize = 64;
/// The longest any wait of these tests (or their producer processes) may take.
const DEADLINE: Duration = Duration::from_secs(60);
const ROLE: &str = "DMP_ASYNC_ROLE";

static SERIAL: Mutex<()> = Mutex::new(());
static COUNTER: AtomicU32 = AtomicU32::new(0);

fn serial() -> std::sync::MutexGuard<'static, ()> {
    SERIAL
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// A unique ring name, whose shared-memory object is removed (if still there) on drop: a killed
/// producer cannot unlink its own.
struct Ring(String);

impl Ring {
    fn new(label: &str) -> Self {
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        Ring(format!("dmp-async-{}-{n}-{label}", std::process::id()))
    }
}

impl Drop for Ring {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(format!("/dev/shm/{}", self.0));
    }
}

/// A producer process: creates `ring`, waits for consumer `c_0`, publishes `events` values
/// (`seq * 7`), then closes the ring once they are consumed (`then=close`) or hangs until
/// killed (`then=hang`). Killed on drop if still running.
struct ProducerProcess {
    child: Child,
}

impl ProducerProcess {
    fn spawn(ring: &Ring, events: u64, then: &str) -> Self {
        let mut child = Command::new(std::env::current_exe().expect("own path"))
            .args([
                "--exact",
                "producer_role",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(ROLE, format!("{} {events} {then}", ring.0))
            .stdout(Stdio::piped())
            .spawn()
            .expect("spawn the producer process");
        let stdout = child.stdout.take().expect("piped");
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if line.contains("READY") {
                    let _ = tx.send(());
                }
            }
        });
        rx.recv_timeout(DEADLINE)
            .expect("the producer process created its ring");
        Self { child }
    }

    fn pid(&self) -> u32 {
        self.child.id()
    }

    fn kill(&mut self) {
        self.child.kill().expect("SIGKILL the producer");
        self.child.wait().expect("reap the producer");
    }

    fn expect_success(mut self) {
        let deadline = Instant::now() + DEADLINE;
        loop {
            if let Some(status) = self.child.try_wait().expect("wait") {
                assert!(status.success(), "the producer process failed: {status}");
                return;
            }
            assert!(
                Instant::now() < deadline,
                "the producer process did not finish"
            );
            std::thread::sleep(Duration::from_millis(10));
        }
    }
}

impl Drop for ProducerProcess {
    fn drop(&mut self) {
        if self.child.try_wait().ok().flatten().is_none() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// The producer processes' work; does nothing in a normal test run.
#[test]
fn producer_role() {
    let Ok(spec) = std::env::var(ROLE) else {
        return;
    };
    let mut parts = spec.split(' ');
    let (ring, events, then) = (
        parts.next().expect("ring"),
        parts.next().expect("events").parse::<u64>().expect("count"),
        parts.next().expect("then"),
    );
    let mut producer = gated_producer(ring);
    println!("READY");
    assert!(
        producer.wait_for_consumer_id("c_0", DEADLINE),
        "c_0 never came"
    );
    for seq in 0..events {
        producer
            .publish_with_timeout(DEADLINE, |slot| *slot = seq * 7)
            .expect("the consumer keeps up");
    }
    match then {
        "close" => assert!(producer.wait_until_consumed(events as i64 - 1, DEADLINE)),
        _ => {
            std::thread::sleep(DEADLINE);
            panic!("nobody killed the hanging producer");
        }
    }
}

fn gated_producer(ring: &str) -> SharedProducer<u64> {
    build_shared_single_producer::<u64>(ring, CAPACITY)
        .discover_consumer_with_prefix(1, "c")
        .with_coordination(CoordinationMode::Immediate)
        .build_producer(|| 0)
        .expect("build the producer")
}

fn async_consumer(ring: &Ring) -> AsyncConsumer<u64> {
    attach_shared_consumer::<u64>(&ring.0, CAPACITY)
        .with_consumer_id("c_0")
        .build_consumer()
        .expect("attach")
        .into_async()
}

/// The next item of `stream`.
async fn next_item<S: Stream + Unpin>(stream: &mut S) -> Option<S::Item> {
    std::future::poll_fn(|cx| std::pin::Pin::new(&mut *stream).poll_next(cx)).await
}

/// A producer nobody gates, and an async observer of its ring of `capacity` slots.
fn ungated_pair(ring: &Ring, capacity: usize) -> (SharedProducer<u64>, AsyncConsumer<u64>) {
    let producer = build_shared_single_producer::<u64>(&ring.0, capacity)
        .disable_discovery()
        .build_producer(|| 0)
        .expect("build the producer");
    let observer = attach_shared_consumer::<u64>(&ring.0, capacity)
        .build_consumer()
        .expect("attach")
        .into_async();
    (producer, observer)
}

fn current_thread() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("runtime")
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_time()
        .build()
        .expect("tokio runtime")
}

/// Threads of this process named like the bridge.
/// Asserts the bridge thread is gone from this process. It was joined already, but a joined
/// thread's `/proc/self/task` entry can outlive the join by a moment (the join returns once
/// the thread has cleared its tid, before the kernel releases it), so look until a deadline.
fn assert_no_bridge_thread() {
    let deadline = Instant::now() + Duration::from_secs(5);
    while bridge_threads() != 0 {
        assert!(
            Instant::now() < deadline,
            "a bridge thread outlived the last async handle"
        );
        std::thread::sleep(Duration::from_millis(1));
    }
}

fn bridge_threads() -> usize {
    std::fs::read_dir("/proc/self/task")
        .expect("/proc/self/task")
        .filter_map(|task| std::fs::read_to_string(task.ok()?.path().join("comm")).ok())
        .filter(|name| name.trim() == "dmp-async-bridg")
        .count()
}

#[test]
fn a_tokio_program_awaits_three_producer_processes_through_close_and_sigkill() {
    let _serial = serial();
    let (ring_a, ring_b, ring_c) = (Ring::new("a"), Ring::new("b"), Ring::new("c"));
    let (events_a, events_b, events_c) = (5_000u64, 2_000u64, 300u64);
    let producer_a = ProducerProcess::spawn(&ring_a, events_a, "close");
    let producer_b = ProducerProcess::spawn(&ring_b, events_b, "close");
    let mut producer_c = ProducerProcess::spawn(&ring_c, events_c, "hang");
    let (mut a, mut b, mut c) = (
        async_consumer(&ring_a),
        async_consumer(&ring_b),
        async_consumer(&ring_c),
    );
    let doomed = producer_c.pid();
    let (killer_tx, killer_rx) = std::sync::mpsc::channel::<()>();
    let killer = std::thread::spawn(move || {
        killer_rx.recv_timeout(DEADLINE).expect("ring c was read");
        producer_c.kill();
    });
    let runtime = runtime();
    let (read_a, read_b, end_c) = runtime.block_on(async move {
        let stream_a = tokio::spawn(async move {
            // A `Stream`: ends (None) at the end of the stream.
            let mut next = 0u64;
            while let Some(item) = next_item(&mut a).await {
                let (seq, value) = item.expect("no error before the close");
                assert_eq!((seq as u64, value), (next, next * 7));
                next += 1;
            }
            next
        });
        let next_b = tokio::spawn(async move {
            let mut next = 0u64;
            loop {
                match b.next().await {
                    Ok((seq, value)) => assert_eq!((seq as u64, value), (next, next * 7)),
                    Err(ConsumeError::ProducerClosed) => return next,
                    Err(other) => panic!("ring b: {other}"),
                }
                next += 1;
            }
        });
        let stream_c = tokio::spawn(async move {
            let mut next = 0u64;
            loop {
                match next_item(&mut c).await {
                    Some(Ok((seq, value))) => {
                        assert_eq!((seq as u64, value), (next, next * 7));
                        next += 1;
                        if next == events_c {
                            killer_tx.send(()).expect("the killer waits");
                        }
                    }
                    Some(Err(err)) => {
                        // After the error the stream ends.
                        assert!(next_item(&mut c).await.is_none());
                        return (next, err);
                    }
                    None => panic!("ring c ended cleanly; its producer was killed"),
                }
            }
        });
        (
            stream_a.await.expect("task a"),
            next_b.await.expect("task b"),
            stream_c.await.expect("task c"),
        )
    });
    killer.join().expect("the killer");
    assert_eq!((read_a, read_b), (events_a, events_b));
    assert_eq!(end_c.0, events_c);
    assert_eq!(end_c.1, ConsumeError::ProducerDead { pid: doomed });
    producer_a.expect_success();
    producer_b.expect_success();
    drop(runtime);
    // Every async consumer was dropped with its task: the bridge thread is gone.
    assert!(!disruptor_mp::__bridge_running());
    assert_no_bridge_thread();
}

#[test]
fn futures_dropped_mid_wait_lose_no_event_and_deliver_each_once_in_order() {
    let _serial = serial();
    let ring = Ring::new("cancel");
    let events = 20_000u64;
    let mut producer = gated_producer(&ring.0);
    let mut consumer = async_consumer(&ring);
    let publisher = std::thread::spawn(move || {
        let mut rng = fastrand::Rng::with_seed(16);
        for seq in 0..events {
            producer
                .publish_with_timeout(DEADLINE, |slot| *slot = seq * 7)
                .expect("the consumer keeps up");
            if rng.u8(..) < 8 {
                std::thread::sleep(Duration::from_micros(rng.u64(0..200)));
            }
        }
        // Dropping the producer closes the ring.
    });
    let runtime = runtime();
    let (read, dropped) = runtime.block_on(async {
        let mut rng = fastrand::Rng::with_seed(61);
        let (mut next, mut dropped) = (0u64, 0u64);
        let started = Instant::now();
        loop {
            assert!(started.elapsed() < DEADLINE, "read {next} of {events}");
            let outcome = match rng.u8(..4) {
                // Polled once with a waker that does nothing, then dropped: a wait handed to
                // the bridge and withdrawn.
                0 => {
                    let mut future = std::pin::pin!(consumer.next());
                    let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
                    match future.as_mut().poll(&mut cx) {
                        std::task::Poll::Ready(outcome) => Some(outcome),
                        std::task::Poll::Pending => None,
                    }
                }
                // Cut short by a timer at a random point of its wait.
                1 => tokio::time::timeout(Duration::from_micros(rng.u64(1..300)), consumer.next())
                    .await
                    .ok(),
                2 => Some(
                    consumer
                        .next_leased()
                        .await
                        .map(|lease| (lease.sequence(), *lease)),
                ),
                _ => Some(consumer.next().await),
            };
            match outcome {
                None => dropped += 1,
                Some(Ok((seq, value))) => {
                    assert_eq!(
                        (seq as u64, value),
                        (next, next * 7),
                        "out of order or twice"
                    );
                    next += 1;
                }
                Some(Err(ConsumeError::ProducerClosed)) => return (next, dropped),
                Some(Err(other)) => panic!("{other}"),
            }
        }
    });
    publisher.join().expect("the publisher");
    assert_eq!(read, events, "every event exactly once");
    assert!(
        dropped > 0,
        "no future was dropped mid-wait: the test tested nothing"
    );
    drop(consumer);
    drop(runtime);
    assert!(!disruptor_mp::__bridge_running());
}

#[test]
fn an_async_producer_waits_for_space_that_an_async_consumer_frees() {
    let _serial = serial();
    let ring = Ring::new("space");
    let events = 1_000u64;
    let mut producer = build_shared_single_producer::<u64>(&ring.0, 8)
        .discover_consumer_with_prefix(1, "c")
        .with_coordination(CoordinationMode::Immediate)
        .build_producer(|| 0)
        .expect("build the producer");
    let mut consumer = attach_shared_consumer::<u64>(&ring.0, 8)
        .with_consumer_id("c_0")
        .build_consumer()
        .expect("attach")
        .into_async();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .expect("runtime");
    let read = runtime.block_on(async {
        let produce = async {
            for seq in 0..events {
                // A ring of 8: most of these wait for the consumer task.
                assert_eq!(producer.publish_async(seq * 7).await, seq as i64);
            }
            drop(producer);
        };
        let consume = async {
            let mut next = 0u64;
            loop {
                match consumer.next_leased().await {
                    Ok(lease) => {
                        assert_eq!((lease.sequence() as u64, *lease), (next, next * 7));
                        next += 1;
                    }
                    Err(ConsumeError::ProducerClosed) => return next,
                    Err(other) => panic!("{other}"),
                }
                if next.is_multiple_of(64) {
                    tokio::time::sleep(Duration::from_millis(1)).await;
                }
            }
        };
        tokio::time::timeout(DEADLINE, async { tokio::join!(produce, consume).1 })
            .await
            .expect("within the deadline")
    });
    assert_eq!(read, events);
    drop(consumer);
    assert!(!disruptor_mp::__bridge_running());
}

#[test]
fn reads_that_find_events_never_start_the_bridge() {
    let _serial = serial();
    let ring = Ring::new("flowing");
    let mut producer = gated_producer(&ring.0);
    let mut consumer = async_consumer(&ring);
    for seq in 0..40u64 {
        producer.publish_value(seq * 7);
    }
    let runtime = current_thread();
    runtime.block_on(async {
        for seq in 0..20u64 {
            assert_eq!(consumer.next().await, Ok((seq as i64, seq * 7)));
        }
        for seq in 20..40u64 {
            let lease = consumer.next_leased().await.expect("published");
            assert_eq!((lease.sequence(), *lease), (seq as i64, seq * 7));
        }
    });
    assert!(
        !disruptor_mp::__bridge_running(),
        "a read that found its event started the bridge thread"
    );
    assert_no_bridge_thread();
    // Now one that waits: the bridge runs while the task waits, and ends with the consumer.
    let waiter = std::thread::spawn(move || {
        let read = current_thread().block_on(consumer.next());
        (read, consumer)
    });
    let deadline = Instant::now() + DEADLINE;
    while !disruptor_mp::__bridge_running() {
        assert!(
            Instant::now() < deadline,
            "the waiting read never reached the bridge"
        );
        std::thread::sleep(Duration::from_millis(1));
    }
    producer.publish_value(40 * 7);
    let (read, consumer) = waiter.join().expect("the waiter");
    assert_eq!(read, Ok((40, 280)));
    drop(consumer);
    assert!(!disruptor_mp::__bridge_running());
    assert_no_bridge_thread();
}

#[test]
fn a_lapped_observer_stream_yields_the_lap_once_then_ends() {
    let _serial = serial();
    let ring = Ring::new("lapped");
    let (mut producer, mut observer) = ungated_pair(&ring, 8);
    // Nobody gates the producer: nine events overwrite the observer's first.
    for seq in 0..9u64 {
        producer.publish_value(seq);
    }
    let runtime = current_thread();
    runtime.block_on(async {
        assert_eq!(
            next_item(&mut observer).await,
            Some(Err(ConsumeError::Lapped {
                expected: 0,
                found: 8
            }))
        );
        assert_eq!(next_item(&mut observer).await, None);
    });
    drop(observer);
    drop(producer);
}

#[test]
fn reads_of_every_form_interleaved_with_the_stream_see_each_event_once_in_order() {
    let _serial = serial();
    let ring = Ring::new("interleaved");
    let mut producer = gated_producer(&ring.0);
    let mut consumer = async_consumer(&ring);
    let runtime = current_thread();
    let (mut published, mut expected) = (0u64, 0u64);
    for round in 0..40u64 {
        // Bursts of 1 to 48 events, so the stream has copied ahead whenever another form reads.
        for _ in 0..1 + (round * 7) % 48 {
            producer.publish_value(published * 7);
            published += 1;
        }
        runtime.block_on(async {
            let mut read = 0u64;
            while expected < published {
                // Three reads of one form, then the next: each form that copies ahead (the
                // stream, `next`) is followed by one that reads the ring itself.
                let found = match (read / 3 + round) % 4 {
                    0 => next_item(&mut consumer).await.expect("not ended"),
                    1 => consumer
                        .get_mut()
                        .poll_next()
                        .map(|found| found.expect("published")),
                    2 => consumer.next().await,
                    _ => consumer
                        .next_leased()
                        .await
                        .map(|lease| (lease.sequence(), *lease)),
                };
                assert_eq!(found, Ok((expected as i64, expected * 7)));
                expected += 1;
                read += 1;
            }
        });
    }
    assert_eq!(
        consumer.get_mut().poll_next(),
        Ok(None),
        "nothing read twice"
    );
}

#[test]
fn an_observer_stream_hands_out_the_copies_it_took_then_reports_the_lap() {
    let _serial = serial();
    let ring = Ring::new("copied-then-lapped");
    let (mut producer, mut observer) = ungated_pair(&ring, CAPACITY);
    for seq in 0..10u64 {
        producer.publish_value(seq);
    }
    let runtime = current_thread();
    runtime.block_on(async {
        // The first read copies the ten ahead (each checked as it was copied).
        assert_eq!(next_item(&mut observer).await, Some(Ok((0, 0))));
        // Nobody gates the producer: a ring and one more overwrite all of them and the next.
        for seq in 10..=10 + CAPACITY as u64 {
            producer.publish_value(seq);
        }
        for seq in 1..10u64 {
            assert_eq!(next_item(&mut observer).await, Some(Ok((seq as i64, seq))));
        }
        assert!(matches!(
            next_item(&mut observer).await,
            Some(Err(ConsumeError::Lapped { expected: 10, .. }))
        ));
        assert_eq!(next_item(&mut observer).await, None);
    });
}

/// A waker that records that it was woken.
struct Flag(std::sync::atomic::AtomicBool);

impl std::task::Wake for Flag {
    fn wake(self: std::sync::Arc<Self>) {
        self.0.store(true, Ordering::Release);
    }
}

#[test]
fn a_stream_not_polled_again_after_a_publish_woke_it_costs_later_publishes_no_wake_up() {
    let _serial = serial();
    let ring = Ring::new("unpolled");
    let (mut producer, mut observer) = ungated_pair(&ring, CAPACITY);
    let woken = std::sync::Arc::new(Flag(std::sync::atomic::AtomicBool::new(false)));
    let waker = std::task::Waker::from(std::sync::Arc::clone(&woken));
    let mut cx = std::task::Context::from_waker(&waker);
    // Nothing published: the stream announces itself on the ring and hands its sleep to the
    // bridge.
    assert!(
        std::pin::Pin::new(&mut observer)
            .poll_next(&mut cx)
            .is_pending()
    );
    let wakeups = |producer: &SharedProducer<u64>| producer.counters().producer.wakeups_sent;
    producer.publish_value(0);
    let deadline = Instant::now() + DEADLINE;
    while !woken.0.load(Ordering::Acquire) {
        assert!(Instant::now() < deadline, "the publish never woke the task");
        std::thread::sleep(Duration::from_millis(1));
    }
    // The task is never polled again. Once the bridge has taken the sleep back, a publish must
    // find nobody announced: no wake-up (a futex system call) per publish from then on.
    let mut published = 1u64;
    loop {
        let before = wakeups(&producer);
        producer.publish_value(published);
        published += 1;
        if wakeups(&producer) == before {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "{published} publishes after the wake-up, each still woke the ring's sleepers"
        );
        std::thread::sleep(Duration::from_millis(1));
    }
    let settled = wakeups(&producer);
    for _ in 0..100 {
        producer.publish_value(published);
        published += 1;
    }
    assert_eq!(wakeups(&producer), settled, "a publish woke nobody's sleep");
    drop(observer);
    drop(producer);
}
