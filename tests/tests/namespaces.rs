//! Namespaces keep deployments on one host apart: the same ring name in two namespaces is two
//! rings, owned by two producer processes, each delivering only its own events; a namespace
//! nobody used has no ring, and the error names `namespace:name`; `DISRUPTOR_MP_NAMESPACE` sets
//! the namespace of a process whose builder sets none, and an invalid value is refused.

use disruptor_mp::{AttachError, NAMESPACE_ENV, attach_shared_consumer};
use disruptor_mp_tests::event::PeerEvent;
use disruptor_mp_tests::names::TestNames;
use disruptor_mp_tests::peer::{PeerCommand, RunningPeer};
use disruptor_mp_tests::received::{assert_read, stream};
use disruptor_mp_tests::{ring_peer, shm};

const CAPACITY: usize = 64;

/// A producer process that creates `ring`, publishes `events` events with values `first..` and
/// holds the ring until its stdin closes.
fn holding_writer(ring: &str, events: u64, first: u64) -> PeerCommand {
    ring_peer!("writer")
        .arg("name", ring)
        .arg("capacity", CAPACITY)
        .arg("events", events)
        .arg("first", first)
        .arg("hold", "stdin")
}

/// Lets a holding writer drop its producer, and checks that it did.
fn release(mut writer: RunningPeer) {
    writer.close_stdin();
    assert_eq!(writer.expect_success().result().field("outcome"), "ok");
}

/// Two producer processes create the same name in namespaces A and B: both succeed, as two
/// objects `A:<name>` and `B:<name>` (and none without a namespace); a consumer in A, attaching
/// to A's reserved place, receives A's events only.
#[test]
fn the_same_name_in_two_namespaces_is_two_rings() {
    let names = TestNames::new("two_namespaces");
    let ring = names.segment("ring");
    let (a, b) = (names.namespace("A"), names.namespace("B"));
    let mut writer_a = holding_writer(&ring, 3, 100)
        .arg("namespace", &a)
        .arg("prefix", "cp")
        .arg("consumers", 1)
        .spawn();
    let mut writer_b = holding_writer(&ring, 5, 200).arg("namespace", &b).spawn();
    let ready_a = writer_a.wait_for("READY");
    let ready_b = writer_b.wait_for("READY");
    assert_eq!(ready_a.field("name"), format!("{a}:{ring}"));
    assert_eq!(ready_b.field("name"), format!("{b}:{ring}"));
    assert!(shm::exists(&format!("{a}:{ring}")));
    assert!(shm::exists(&format!("{b}:{ring}")));
    assert!(!shm::exists(&ring), "no object without a namespace");
    writer_a.wait_for("PUBLISHED");
    writer_b.wait_for("PUBLISHED");

    let mut reader = ring_peer!("reader")
        .arg("name", &ring)
        .arg("capacity", CAPACITY)
        .arg("namespace", &a)
        .arg("id", "cp_0")
        .spawn();
    reader.wait_for("ATTACH");
    release(writer_a);
    assert_read(&reader.finish(), &stream(0, 100..103), "closed");
    release(writer_b);
    names.assert_clean();
}

/// A consumer in a namespace nobody created a ring in gets `SegmentNotFound` naming
/// `C:<name>`, though rings of that name exist in another namespace and in none.
#[test]
fn a_namespace_without_the_ring_is_segment_not_found_naming_it() {
    let names = TestNames::new("namespace_missing");
    let ring = names.segment("ring");
    let (a, c) = (names.namespace("A"), names.namespace("C"));
    let mut in_a = holding_writer(&ring, 1, 0).arg("namespace", &a).spawn();
    let mut plain = holding_writer(&ring, 1, 0).env(NAMESPACE_ENV, "").spawn();
    in_a.wait_for("PUBLISHED");
    plain.wait_for("PUBLISHED");
    match attach_shared_consumer::<PeerEvent>(&ring, CAPACITY)
        .with_namespace(&c)
        .build_consumer()
    {
        Err(AttachError::SegmentNotFound { name, .. }) => assert_eq!(name, format!("{c}:{ring}")),
        other => panic!("expected SegmentNotFound, got {other:?}"),
    }
    release(in_a);
    release(plain);
    names.assert_clean();
}

/// A producer process whose builder sets no namespace takes it from `DISRUPTOR_MP_NAMESPACE`:
/// its ring is `<ns>:<name>`, which a consumer process with the same variable attaches to.
#[test]
fn the_environment_variable_sets_the_namespace() {
    let names = TestNames::new("namespace_env");
    let ring = names.segment("ring");
    let ns = names.namespace("env");
    let mut writer = holding_writer(&ring, 2, 7)
        .arg("prefix", "cp")
        .arg("consumers", 1)
        .env(NAMESPACE_ENV, &ns)
        .spawn();
    assert_eq!(
        writer.wait_for("READY").field("name"),
        format!("{ns}:{ring}")
    );
    assert!(shm::exists(&format!("{ns}:{ring}")));
    assert!(!shm::exists(&ring), "no object without the namespace");
    writer.wait_for("PUBLISHED");
    let mut reader = ring_peer!("reader")
        .arg("name", &ring)
        .arg("capacity", CAPACITY)
        .arg("id", "cp_0")
        .env(NAMESPACE_ENV, &ns)
        .spawn();
    reader.wait_for("ATTACH");
    release(writer);
    assert_read(&reader.finish(), &stream(0, 7..9), "closed");
    names.assert_clean();
}

/// An invalid `DISRUPTOR_MP_NAMESPACE` (`a b`) makes the child's `build_producer` fail with
/// `ConfigError::InvalidName` naming the variable, and creates nothing.
#[test]
fn an_invalid_environment_namespace_is_refused() {
    let names = TestNames::new("namespace_env_invalid");
    let ring = names.segment("ring");
    let result = holding_writer(&ring, 1, 0)
        .env(NAMESPACE_ENV, "a b")
        .run()
        .result();
    assert_eq!(result.field("outcome"), "err", "{result}");
    assert_eq!(result.field("kind"), "Config", "{result}");
    assert_eq!(result.field("inner"), "InvalidName", "{result}");
    assert!(result.field("msg").contains(NAMESPACE_ENV), "{result}");
    let created: Vec<_> = shm::snapshot()
        .into_iter()
        .filter(|entry| entry.contains(&ring))
        .collect();
    assert!(created.is_empty(), "nothing was created: {created:?}");
    names.assert_clean();
}

/// The harness's cleanup guard owns the test's namespaced objects: it lists them as leftovers
/// (so `assert_clean` would fail on one) and removes them when dropped.
#[test]
fn the_cleanup_guard_sees_and_removes_namespaced_objects() {
    let names = TestNames::new("namespace_cleanup");
    let object = format!("{}:{}", names.namespace("A"), names.segment("ring"));
    shm::create_raw(&object, 4096, b"leftover").expect("create a raw object");
    assert_eq!(names.leftovers(), std::slice::from_ref(&object));
    drop(names);
    assert!(!shm::exists(&object), "the guard removed {object}");
}
