//! Required-consumer liveness against real processes and real signals: a required consumer
//! killed mid-stream is reported as dead at once and fails the managed publish after the grace
//! period; one killed and restarted under its id within the grace period recovers, and its
//! successor resumes right after the last event the killed one released; one stopped with
//! SIGSTOP is reported as stalled and recovers after SIGCONT. No timing assertions: the figures
//! the library reports are checked against each other and against the configuration.

use disruptor_mp::{
    ConsumerStatus, CoordinationMode, RequiredConsumerAlert, RequiredConsumerError,
    RequiredConsumerFailureAction, RequiredConsumerLivenessConfig, SharedProducer, StallCause,
    build_shared_single_producer,
};
use disruptor_mp_tests::event::PeerEvent;
use disruptor_mp_tests::names::TestNames;
use disruptor_mp_tests::peer::RunningPeer;
use disruptor_mp_tests::ring_peer;
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::Duration;

const CAPACITY: usize = 64;
const PROGRESS_TIMEOUT: Duration = Duration::from_millis(100);
/// The grace period of the test that waits it out.
const GRACE: Duration = Duration::from_millis(500);
/// The grace period of the tests that recover: long enough for a loaded machine to start a
/// process and have it read; the tests never wait it out.
const LONG_GRACE: Duration = Duration::from_secs(20);
/// How long the test waits for an alert before failing.
const ALERT_WAIT: Duration = Duration::from_secs(20);

/// Whether a producer may evict a live consumer that stalls.
#[derive(Clone, Copy, PartialEq, Eq)]
enum LiveEviction {
    Allowed,
    NotAllowed,
}

/// A producer of `ring` (nothing reserved but what `config` requires) under `config`.
fn managed_producer(
    ring: &str,
    config: RequiredConsumerLivenessConfig,
    live_eviction: LiveEviction,
) -> SharedProducer<PeerEvent> {
    let mut builder = build_shared_single_producer::<PeerEvent>(ring, CAPACITY)
        .with_coordination(CoordinationMode::Immediate);
    if live_eviction == LiveEviction::Allowed {
        builder = builder.allow_consumer_eviction();
    }
    let mut producer = builder
        .build_producer(PeerEvent::default)
        .expect("build producer");
    producer.enable_required_consumer_liveness(config);
    producer
}

/// A producer that requires `risk` with a `grace` period, its alerts sent to the returned
/// receiver (and kept).
fn producer(
    ring: &str,
    grace: Duration,
) -> (
    SharedProducer<PeerEvent>,
    mpsc::Receiver<RequiredConsumerAlert>,
    Arc<Mutex<Vec<RequiredConsumerAlert>>>,
) {
    let (tx, rx) = mpsc::channel();
    let tx = Mutex::new(tx);
    let kept = Arc::new(Mutex::new(Vec::new()));
    let keep = Arc::clone(&kept);
    let producer = managed_producer(
        ring,
        RequiredConsumerLivenessConfig::new(vec!["risk".into()])
            .with_startup_wait_timeout(Duration::from_secs(10))
            .with_progress_timeout(PROGRESS_TIMEOUT)
            .with_shutdown_grace_period(grace)
            .with_alert_hook(Arc::new(move |alert: &RequiredConsumerAlert| {
                keep.lock().unwrap().push(alert.clone());
                let _ = tx.lock().unwrap().send(alert.clone());
            })),
        LiveEviction::NotAllowed,
    );
    (producer, rx, kept)
}

/// A `lagger` peer attached as `risk`: it reads only when told to.
fn risk(ring: &str) -> RunningPeer {
    let mut peer = ring_peer!("lagger")
        .arg("name", ring)
        .arg("capacity", CAPACITY)
        .arg("id", "risk")
        .spawn();
    assert_eq!(peer.wait_for("READY").field("gating"), "true");
    peer
}

/// Has `peer` (a lagger) poll `from..to`, expecting each in order, then poll once more
/// finding nothing, which releases everything it read.
fn read_and_release(peer: &mut RunningPeer, from: i64, to: i64) {
    for seq in from..to {
        peer.send_line("poll");
        assert_eq!(peer.wait_for("POLL").parsed::<i64>("seq"), seq);
    }
    peer.send_line("poll");
    assert_eq!(peer.wait_for("POLL").field("outcome"), "none");
}

fn publish(producer: &mut SharedProducer<PeerEvent>, n: u64) -> Result<(), RequiredConsumerError> {
    for _ in 0..n {
        let seq = producer.last_published_sequence() + 1;
        producer.publish_managed(|slot| *slot = PeerEvent::for_seq(seq as u64))?;
    }
    Ok(())
}

#[test]
fn a_killed_required_consumer_is_reported_dead_at_once_and_fails_the_producer_after_the_grace() {
    let names = TestNames::new("required_killed");
    let ring = names.segment("ring");
    let (mut producer, alerts, _) = producer(&ring, GRACE);
    let mut risk = risk(&ring);
    publish(&mut producer, CAPACITY as u64).expect("one ring's worth fits");
    let listed = producer.consumers();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].status, ConsumerStatus::Attached);
    assert_eq!(listed[0].pid, Some(risk.pid()));
    risk.sigkill();
    let listed = &producer.consumers()[0];
    assert_eq!(
        (listed.id.as_str(), listed.status),
        ("risk", ConsumerStatus::Dead)
    );
    assert_eq!(
        (listed.pid, listed.cursor, listed.lag),
        (Some(risk.pid()), -1, CAPACITY as u64)
    );
    let failed = publish(&mut producer, 1).expect_err("the dead consumer holds the ring");
    let alert = alerts.try_recv().expect("reported before the failure");
    assert_eq!(alert.consumer_id, "risk");
    assert_eq!(alert.last_sequence, -1);
    assert_eq!(alert.cause, StallCause::Dead { pid: risk.pid() });
    assert!(alerts.try_recv().is_err(), "one alert per stall");
    match failed {
        RequiredConsumerError::GracefulShutdownTriggered {
            consumer_id,
            last_sequence,
            stalled_for,
        } => {
            assert_eq!((consumer_id.as_str(), last_sequence), ("risk", -1));
            assert!(
                stalled_for >= GRACE,
                "failed after {stalled_for:?} held back"
            );
        }
        other => panic!("unexpected {other:?}"),
    }
    // Latched: the next managed publish that finds the ring full fails the same way.
    assert!(matches!(
        publish(&mut producer, 1),
        Err(RequiredConsumerError::GracefulShutdownTriggered { .. })
    ));
    drop(producer);
    names.assert_clean();
}

#[test]
fn a_required_consumer_restarted_within_the_grace_period_recovers_from_its_last_release() {
    let names = TestNames::new("required_restart");
    let ring = names.segment("ring");
    let (mut producer, alerts, kept) = producer(&ring, LONG_GRACE);
    let mut first = risk(&ring);
    publish(&mut producer, 10).unwrap();
    read_and_release(&mut first, 0, 10);
    first.sigkill();

    let total = 500u64;
    let publisher = std::thread::spawn(move || {
        let outcome = publish(&mut producer, total - 10);
        (producer, outcome)
    });
    // The producer fills the ring, blocks on the dead consumer and reports it...
    let alert = alerts.recv_timeout(ALERT_WAIT).expect("an alert");
    assert_eq!(alert.cause, StallCause::Dead { pid: first.pid() });
    assert_eq!(alert.last_sequence, 9);
    // ...and its successor, under the same id, resumes after 9 within the grace period.
    let successor = ring_peer!("consumer")
        .arg("name", &ring)
        .arg("capacity", CAPACITY)
        .arg("id", "risk")
        .arg("start", 10)
        .arg("events", total - 10)
        .arg("end", "closed")
        .spawn();
    let (producer, outcome) = publisher.join().unwrap();
    outcome.expect("recovered: every managed publish went through");
    drop(producer);
    let result = successor.expect_success().result();
    assert_eq!(result.parsed::<u64>("first"), 10, "{result}");
    assert_eq!(result.parsed::<u64>("last"), total - 1, "{result}");
    assert_eq!(result.field("ordered"), "true", "{result}");
    assert_eq!(kept.lock().unwrap().len(), 1, "one stall, one alert");
    names.assert_clean();
}

#[test]
fn a_stopped_required_consumer_is_reported_stalled_and_recovers_when_continued() {
    let names = TestNames::new("required_stopped");
    let ring = names.segment("ring");
    let (mut producer, alerts, kept) = producer(&ring, LONG_GRACE);
    let mut risk = risk(&ring);
    risk.pause(true);
    let publisher = std::thread::spawn(move || {
        let outcome = publish(&mut producer, CAPACITY as u64 + 1);
        (producer, outcome)
    });
    let alert = alerts.recv_timeout(ALERT_WAIT).expect("an alert");
    assert_eq!(alert.cause, StallCause::Stalled);
    assert_eq!(alert.last_sequence, -1);
    assert!(alert.stalled_for >= PROGRESS_TIMEOUT, "{alert:?}");
    risk.pause(false);
    // A quarter ring read and released frees the slot the producer waits for.
    for seq in 0..=CAPACITY as i64 / 4 {
        risk.send_line("poll");
        assert_eq!(risk.wait_for("POLL").parsed::<i64>("seq"), seq);
    }
    let (producer, outcome) = publisher.join().unwrap();
    outcome.expect("recovered within the grace period");
    assert_eq!(producer.last_published_sequence(), CAPACITY as i64);
    assert_eq!(kept.lock().unwrap().len(), 1);
    risk.send_line("quit");
    risk.expect_success();
    drop(producer);
    names.assert_clean();
}

#[test]
fn a_required_consumer_that_never_starts_is_named_by_the_startup_timeout() {
    let names = TestNames::new("required_missing");
    let ring = names.segment("ring");
    let mut producer = managed_producer(
        &ring,
        RequiredConsumerLivenessConfig::new(vec!["risk".into(), "audit".into()])
            .with_startup_wait_timeout(Duration::from_millis(300)),
        LiveEviction::NotAllowed,
    );
    let mut risk = risk(&ring);
    assert_eq!(
        publish(&mut producer, 1),
        Err(RequiredConsumerError::StartupTimeout {
            missing: vec!["audit".into()]
        })
    );
    assert_eq!(
        producer.last_published_sequence(),
        -1,
        "nothing was published"
    );
    risk.send_line("quit");
    risk.expect_success();
    drop(producer);
    names.assert_clean();
}

/// Eviction is opt-in (`EvictDead`): a dead required consumer's grace period ends in its
/// eviction, the producer goes on, and its id coming back is told, once, where it stopped.
#[test]
fn with_eviction_a_dead_required_consumer_is_evicted_and_told_so_when_it_returns() {
    let names = TestNames::new("required_evict");
    let ring = names.segment("ring");
    let mut producer = managed_producer(
        &ring,
        RequiredConsumerLivenessConfig {
            failure_action: RequiredConsumerFailureAction::EvictDead,
            ..RequiredConsumerLivenessConfig::new(vec!["risk".into()])
        }
        .with_progress_timeout(PROGRESS_TIMEOUT)
        .with_shutdown_grace_period(GRACE),
        LiveEviction::NotAllowed,
    );
    let mut risk = risk(&ring);
    publish(&mut producer, 5).unwrap();
    read_and_release(&mut risk, 0, 5);
    risk.sigkill();
    // Three rings' worth: the producer waits out the grace period once, evicts, goes on.
    publish(&mut producer, 3 * CAPACITY as u64).expect("the dead consumer is evicted");
    let listed = &producer.consumers()[0];
    assert_eq!(
        (listed.id.as_str(), listed.status),
        ("risk", ConsumerStatus::Evicted)
    );

    let attach = || {
        ring_peer!("attach")
            .arg("name", &ring)
            .arg("capacity", CAPACITY)
            .arg("id", "risk")
            .run()
            .result()
    };
    let told = attach();
    assert_eq!(told.field("outcome"), "err", "{told}");
    assert_eq!(told.field("kind"), "Evicted", "{told}");
    assert!(told.field("msg").contains("after sequence 4"), "{told}");
    let rejoined = attach();
    assert_eq!(rejoined.field("outcome"), "ok", "{rejoined}");
    assert_eq!(rejoined.field("gating"), "true", "{rejoined}");
    drop(producer);
    names.assert_clean();
}

/// Without the opt-in, `evict_dead_consumers` does it on request; a live consumer is never
/// evicted.
#[test]
fn evict_dead_consumers_frees_the_ring_of_a_dead_consumer_only() {
    let names = TestNames::new("evict_on_request");
    let ring = names.segment("ring");
    let mut producer = build_shared_single_producer::<PeerEvent>(&ring, CAPACITY)
        .discover_consumer_with_prefix(2, "c")
        .with_coordination(CoordinationMode::Immediate)
        .build_producer(PeerEvent::default)
        .expect("build producer");
    let mut alive = ring_peer!("lagger")
        .arg("name", &ring)
        .arg("capacity", CAPACITY)
        .arg("id", "c_0")
        .spawn();
    alive.wait_for("READY");
    let mut doomed = ring_peer!("lagger")
        .arg("name", &ring)
        .arg("capacity", CAPACITY)
        .arg("id", "c_1")
        .spawn();
    doomed.wait_for("READY");
    doomed.sigkill();
    let evicted = producer.evict_dead_consumers();
    assert_eq!(evicted.len(), 1);
    assert_eq!(
        (evicted[0].id.as_str(), evicted[0].pid),
        ("c_1", Some(doomed.pid()))
    );
    assert_eq!(
        producer.gating_consumer_count(),
        1,
        "c_0, alive, still gates"
    );
    assert!(producer.evict_dead_consumers().is_empty());
    alive.send_line("quit");
    alive.expect_success();
    drop(producer);
    names.assert_clean();
}

/// A producer that evicts (`Evict`) a required consumer stopped with SIGSTOP: on a ring that
/// allows live eviction it goes on after the grace period, and the consumer, continued, is told
/// by its next read where it stopped, then attaches again as a new reader; on a ring that does
/// not, the same stall fails the producer and the consumer keeps its place.
#[test]
fn a_stopped_required_consumer_is_evicted_alive_only_where_the_ring_allows_it() {
    for live_eviction in [LiveEviction::Allowed, LiveEviction::NotAllowed] {
        let names = TestNames::new("required_evict_live");
        let ring = names.segment("ring");
        let mut producer = managed_producer(
            &ring,
            RequiredConsumerLivenessConfig::new(vec!["risk".into()])
                .with_progress_timeout(PROGRESS_TIMEOUT)
                .with_shutdown_grace_period(GRACE)
                .with_failure_action(RequiredConsumerFailureAction::Evict),
            live_eviction,
        );
        let mut risk = risk(&ring);
        publish(&mut producer, 5).unwrap();
        read_and_release(&mut risk, 0, 5);
        risk.pause(true);
        let outcome = publish(&mut producer, 3 * CAPACITY as u64);
        let listed = &producer.consumers()[0];
        if live_eviction == LiveEviction::NotAllowed {
            assert!(
                matches!(
                    &outcome,
                    Err(RequiredConsumerError::GracefulShutdownTriggered { consumer_id, last_sequence: 4, .. })
                        if consumer_id == "risk"
                ),
                "{outcome:?}"
            );
            assert_eq!(listed.status, ConsumerStatus::Attached);
            risk.pause(false);
            risk.send_line("poll");
            assert_eq!(
                risk.wait_for("POLL").parsed::<i64>("seq"),
                5,
                "kept its place"
            );
            risk.send_line("quit");
            risk.expect_success();
            drop(producer);
            names.assert_clean();
            continue;
        }
        outcome.expect("the stalled consumer is evicted and the producer goes on");
        assert_eq!(
            (listed.id.as_str(), listed.status),
            ("risk", ConsumerStatus::Evicted)
        );
        risk.pause(false);
        for _ in 0..2 {
            risk.send_line("poll");
            let polled = risk.wait_for("POLL");
            assert_eq!(
                (polled.field("outcome"), polled.parsed::<i64>("last")),
                ("evicted", 4),
                "every read says so: {polled}"
            );
        }
        // Told through its handle: attaching again joins afresh, after the producer, gating.
        risk.send_line("reattach");
        let ready = risk.wait_for("READY");
        let start = producer.last_published_sequence() + 1;
        assert_eq!(ready.parsed::<i64>("start"), start, "{ready}");
        assert_eq!(ready.field("gating"), "true", "{ready}");
        publish(&mut producer, 1).unwrap();
        risk.send_line("poll");
        assert_eq!(risk.wait_for("POLL").parsed::<i64>("seq"), start);
        risk.send_line("quit");
        risk.expect_success();
        drop(producer);
        names.assert_clean();
    }
}
