//! A typo in a reserved consumer id is visible: the consumer process attaching as `cp0` to a
//! producer that reserved `cp_0` learns it is only an observer, and with `require_gating()` is
//! refused with the reserved ids listed, leaving no trace in the consumer table; the producer's
//! coordination wait names the reserved ids that never came.

use disruptor_mp::{
    AttachError, CoordinationMode, CreateError, SharedProducer, attach_shared_consumer,
    build_shared_single_producer,
};
use disruptor_mp_tests::event::PeerEvent;
use disruptor_mp_tests::names::TestNames;
use disruptor_mp_tests::peer::{PeerCommand, RunningPeer};
use disruptor_mp_tests::report::Report;
use disruptor_mp_tests::ring_peer;
use std::time::Duration;

const CAPACITY: usize = 64;
/// How long the coordination tests let the producer wait: generous, since the consumer process
/// that does attach must do so within it even on a loaded machine.
const COORDINATION_WAIT: Duration = Duration::from_secs(5);

/// A producer reserving `cp_0 … cp_{places-1}` that returns at once.
fn producer(ring: &str, places: usize) -> SharedProducer<PeerEvent> {
    build_shared_single_producer::<PeerEvent>(ring, CAPACITY)
        .discover_consumer_with_prefix(places, "cp")
        .with_coordination(CoordinationMode::Immediate)
        .build_producer(PeerEvent::default)
        .expect("build producer")
}

/// A consumer process attaching as `id` and holding on (or not) until its stdin closes.
fn consumer(ring: &str, id: &str) -> PeerCommand {
    ring_peer!("reader")
        .arg("name", ring)
        .arg("capacity", CAPACITY)
        .arg("id", id)
        .arg("read", "none")
}

/// Spawns `command` and returns it, still holding, with its `ATTACH` line.
fn attach(command: PeerCommand) -> (RunningPeer, Report) {
    let mut peer = command.spawn();
    let attached = peer.wait_for("ATTACH");
    (peer, attached)
}

fn release(mut peer: RunningPeer) {
    peer.close_stdin();
    peer.expect_success();
}

/// Without options, `cp0` (a typo for the reserved `cp_0`) attaches — as an observer that does
/// not gate the producer, which its role says; it is counted while attached.
#[test]
fn a_typo_in_a_reserved_id_attaches_as_an_observer() {
    let names = TestNames::new("typo_observer");
    let ring = names.segment("ring");
    let producer = producer(&ring, 1);
    let (peer, attached) = attach(consumer(&ring, "cp0"));
    assert_eq!(attached.field("outcome"), "ok", "{attached}");
    assert_eq!(attached.field("role"), "Observer", "{attached}");
    assert_eq!(attached.field("gating"), "false", "{attached}");
    assert_eq!(producer.get_consumer_count(), 1);
    assert_eq!(
        producer.awaited_consumer_ids(),
        ["cp_0"],
        "cp_0 is still awaited"
    );
    release(peer);
    drop(producer);
    names.assert_clean();
}

/// With `require_gating()`, `cp0` is refused with `NotGating`, which lists the reserved ids; the
/// refused attach leaves no consumer counted while its process lives on. The right id, `cp_0`,
/// then gets the reserved place.
#[test]
fn require_gating_refuses_the_typo_and_lists_the_reserved_ids() {
    let names = TestNames::new("typo_refused");
    let ring = names.segment("ring");
    let producer = producer(&ring, 1);
    assert_eq!(producer.get_consumer_count(), 0);
    let (refused_peer, refused) = attach(consumer(&ring, "cp0").arg("require-gating", true));
    assert_eq!(refused.field("outcome"), "err", "{refused}");
    assert_eq!(refused.field("kind"), "NotGating", "{refused}");
    assert_eq!(refused.field("reserved"), "cp_0", "{refused}");
    assert_eq!(refused.field("name"), ring, "{refused}");
    assert!(refused.field("msg").contains("\"cp0\""), "{refused}");
    assert_eq!(
        producer.get_consumer_count(),
        0,
        "the refused consumer's process is alive but holds no entry"
    );

    let (reserved_peer, reserved) = attach(consumer(&ring, "cp_0").arg("require-gating", true));
    assert_eq!(reserved.field("outcome"), "ok", "{reserved}");
    assert_eq!(reserved.field("role"), "Reserved", "{reserved}");
    assert_eq!(reserved.field("gating"), "true", "{reserved}");
    assert_eq!(producer.get_consumer_count(), 1);
    assert!(producer.awaited_consumer_ids().is_empty());
    release(refused_peer);
    release(reserved_peer);
    drop(producer);
    names.assert_clean();
}

/// A producer that waits for two consumers of its reserved `cp_0` and `cp_1` while only `cp_0`
/// (another process) attaches fails with `CoordinationTimeout`, whose `missing` is the id still
/// awaited, `cp_1`; nothing is left behind.
#[test]
fn a_coordination_timeout_names_the_reserved_ids_still_missing() {
    let names = TestNames::new("coordination_missing");
    let ring = names.segment("ring");
    let mut early = consumer(&ring, "cp_0")
        .arg("attach-wait-ms", 30_000)
        .spawn();
    early.wait_for("WAITING");
    let err = build_shared_single_producer::<PeerEvent>(&ring, CAPACITY)
        .discover_consumer_with_prefix(2, "cp")
        .wait_for_consumers(2, COORDINATION_WAIT)
        .build_producer(PeerEvent::default)
        .expect_err("cp_1 never attaches");
    match &err {
        CreateError::CoordinationTimeout {
            expected,
            attached,
            missing,
            ..
        } => {
            assert_eq!(missing, &["cp_1"], "{err}");
            assert_eq!((*expected, *attached), (2, 1), "{err}");
        }
        other => panic!("expected CoordinationTimeout, got {other:?}"),
    }
    assert!(err.to_string().contains("\"cp_1\""), "{err}");
    let attached = early.wait_for("ATTACH");
    assert_eq!(attached.field("role"), "Reserved", "{attached}");
    release(early);
    // The failed build removed its ring: the name is free.
    let absent = attach_shared_consumer::<PeerEvent>(&ring, CAPACITY).build_consumer();
    assert!(
        matches!(absent, Err(AttachError::SegmentNotFound { .. })),
        "{absent:?}"
    );
    names.assert_clean();
}

/// With reserved places and no coordination mode set, `build_producer` waits "for every gating
/// place to be taken" (`ProducerBuilder::with_coordination`): an observer with a typo'd id
/// (`cp1`) takes no place, so with `cp_1` never attaching the wait times out naming `cp_1`.
#[test]
fn the_default_coordination_waits_for_the_reserved_places_not_for_observers() {
    let names = TestNames::new("coordination_observer");
    let ring = names.segment("ring");
    let early: Vec<_> = ["cp_0", "cp1"]
        .into_iter()
        .map(|id| {
            let mut peer = consumer(&ring, id).arg("attach-wait-ms", 30_000).spawn();
            peer.wait_for("WAITING");
            peer
        })
        .collect();
    let built = build_shared_single_producer::<PeerEvent>(&ring, CAPACITY)
        .discover_consumer_with_prefix(2, "cp")
        .with_coordination_timeout(COORDINATION_WAIT)
        .build_producer(PeerEvent::default);
    match built {
        Err(CreateError::CoordinationTimeout { missing, .. }) => assert_eq!(missing, ["cp_1"]),
        Ok(producer) => panic!(
            "build_producer returned with {} consumers attached while {:?} was still awaited",
            producer.get_consumer_count(),
            producer.awaited_consumer_ids()
        ),
        Err(other) => panic!("expected CoordinationTimeout missing cp_1, got {other:?}"),
    }
    for peer in early {
        release(peer);
    }
    names.assert_clean();
}
