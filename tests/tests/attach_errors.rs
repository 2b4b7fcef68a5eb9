//! Attaching the wrong way fails with the precise error, across processes: a ring of another
//! event type (even one of equal size, or of the same name), another capacity, a name nobody
//! created, a second producer on a live ring, and a consumer id a live process holds. Each
//! refusal leaves the ring that caused it intact and usable. Every scenario but the last (which
//! is about shared-memory names) runs once per backend (POSIX shared memory and a ring file).

use disruptor_mp::{
    AttachError, ConfigError, CreateError, SharedEvent, build_shared_single_producer,
};
use disruptor_mp_tests::backend::{Backend, Storage};
use disruptor_mp_tests::event::{PeerEvent, TypeA, TypeB, v1, v2};
use disruptor_mp_tests::names::TestNames;
use disruptor_mp_tests::peer::RunningPeer;
use disruptor_mp_tests::ring_peer;
use disruptor_mp_tests::shm as raw_shm;
use std::time::{Duration, Instant};

const CAPACITY: usize = 64;

disruptor_mp_tests::on_both_backends!(
    equal_sized_types_are_a_layout_mismatch_naming_both,
    a_peer_process_of_the_other_type_is_refused_too,
    same_name_and_size_with_other_fields_is_a_layout_mismatch,
    another_capacity_is_a_capacity_mismatch,
    a_name_nobody_created_is_segment_not_found,
    a_consumer_started_before_its_producer_attaches_when_the_ring_appears,
    a_second_producer_on_a_live_ring_is_segment_in_use_with_the_owners_pid,
    a_consumer_id_held_by_a_live_process_is_refused_and_freed_when_it_leaves,
);

/// A child process holding a ring of `type` named `ring` until its stdin closes.
fn hold_ring(
    storage: &Storage,
    ring: &str,
    event_type: &str,
    capacity: usize,
) -> (RunningPeer, u32) {
    let mut holder = storage
        .peer(ring_peer!("hold-producer"))
        .arg("name", ring)
        .arg("capacity", capacity)
        .arg("type", event_type)
        .spawn();
    let pid = holder.wait_for("READY").parsed("pid");
    assert_eq!(pid, holder.pid());
    (holder, pid)
}

/// Closes the holder's stdin and checks that it closed its ring (and so removed the name).
fn release(storage: &Storage, mut holder: RunningPeer, ring: &str) {
    holder.close_stdin();
    let result = holder.expect_success().result();
    assert_eq!(result.field("released"), "stdin");
    assert!(!storage.exists(ring), "closing the producer removes {ring}");
}

fn attach<E: SharedEvent>(storage: &Storage, ring: &str, capacity: usize) -> AttachError {
    storage
        .consumer::<E>(ring, capacity)
        .build_consumer()
        .expect_err("attach must fail")
}

fn equal_sized_types_are_a_layout_mismatch_naming_both(backend: Backend) {
    assert_eq!(size_of::<TypeA>(), size_of::<TypeB>());
    assert_eq!(align_of::<TypeA>(), align_of::<TypeB>());
    let names = TestNames::new("mismatch_ab");
    let storage = Storage::new(backend, &names);
    let ring = names.segment("ring");
    let (holder, _) = hold_ring(&storage, &ring, "a", CAPACITY);

    // `..`: the variant may carry more detail (such as the first differing field).
    let err = attach::<TypeB>(&storage, &ring, CAPACITY);
    match &err {
        AttachError::LayoutMismatch {
            expected, found, ..
        } => {
            assert_eq!(expected.name.as_str(), "TypeB");
            assert_eq!(found.name.as_str(), "TypeA");
            assert_eq!((expected.size, found.size), (16, 16));
            assert_eq!((expected.align, found.align), (8, 8));
            assert_eq!(expected.fingerprint, TypeB::LAYOUT.fingerprint());
            assert_eq!(found.fingerprint, TypeA::LAYOUT.fingerprint());
            assert_ne!(expected.fingerprint, found.fingerprint);
        }
        other => panic!("expected LayoutMismatch, got {other:?}"),
    }
    let text = err.to_string();
    assert!(
        text.contains("TypeA") && text.contains("TypeB"),
        "the message names both types: {text}"
    );
    // The refused attach changed nothing: the right type still attaches.
    storage
        .consumer::<TypeA>(&ring, CAPACITY)
        .build_consumer()
        .expect("TypeA still attaches");
    release(&storage, holder, &ring);
    storage.assert_clean(&names);
}

fn a_peer_process_of_the_other_type_is_refused_too(backend: Backend) {
    // The reverse direction: the ring lives here, the mismatched attacher is the child.
    let names = TestNames::new("mismatch_child");
    let storage = Storage::new(backend, &names);
    let ring = names.segment("ring");
    let producer = storage
        .producer::<TypeA>(&ring, CAPACITY)
        .build_producer(TypeA::default)
        .expect("build producer");
    let result = storage
        .peer(ring_peer!("attach"))
        .arg("name", &ring)
        .arg("capacity", CAPACITY)
        .arg("type", "b")
        .run()
        .result();
    assert_eq!(result.field("outcome"), "err", "{result}");
    assert_eq!(result.field("kind"), "LayoutMismatch", "{result}");
    let msg = result.field("msg");
    assert!(msg.contains("expects `TypeB`"), "{msg}");
    assert!(msg.contains("holds `TypeA`"), "{msg}");
    drop(producer);
    storage.assert_clean(&names);
}

fn same_name_and_size_with_other_fields_is_a_layout_mismatch(backend: Backend) {
    assert_eq!(v1::Reading::LAYOUT.name(), v2::Reading::LAYOUT.name());
    assert_eq!(size_of::<v1::Reading>(), size_of::<v2::Reading>());
    let names = TestNames::new("mismatch_reading");
    let storage = Storage::new(backend, &names);
    let ring = names.segment("ring");
    let (holder, _) = hold_ring(&storage, &ring, "reading-v1", CAPACITY);
    match attach::<v2::Reading>(&storage, &ring, CAPACITY) {
        AttachError::LayoutMismatch {
            expected, found, ..
        } => {
            assert_eq!(expected.name.as_str(), "Reading");
            assert_eq!(found.name.as_str(), "Reading");
            assert_eq!(found.fingerprint, v1::Reading::LAYOUT.fingerprint());
            assert_eq!(expected.fingerprint, v2::Reading::LAYOUT.fingerprint());
            assert_ne!(expected.fingerprint, found.fingerprint);
        }
        other => panic!("expected LayoutMismatch, got {other:?}"),
    }
    release(&storage, holder, &ring);
    storage.assert_clean(&names);
}

fn another_capacity_is_a_capacity_mismatch(backend: Backend) {
    let names = TestNames::new("capacity");
    let storage = Storage::new(backend, &names);
    let ring = names.segment("ring");
    let (holder, _) = hold_ring(&storage, &ring, "peer", CAPACITY);
    for asked in [CAPACITY * 2, CAPACITY / 2] {
        match attach::<PeerEvent>(&storage, &ring, asked) {
            AttachError::CapacityMismatch {
                expected, found, ..
            } => {
                assert_eq!((expected, found), (asked, CAPACITY));
            }
            other => panic!("expected CapacityMismatch for {asked}, got {other:?}"),
        }
    }
    release(&storage, holder, &ring);
    storage.assert_clean(&names);
}

fn a_name_nobody_created_is_segment_not_found(backend: Backend) {
    let names = TestNames::new("missing");
    let storage = Storage::new(backend, &names);
    let ring = names.segment("ring");
    match attach::<PeerEvent>(&storage, &ring, CAPACITY) {
        AttachError::SegmentNotFound { name, .. } => assert_eq!(name, ring),
        other => panic!("expected SegmentNotFound, got {other:?}"),
    }
    // Waiting for the producer is bounded: still not found once the wait is over.
    let wait = Duration::from_millis(300);
    let started = Instant::now();
    let err = storage
        .consumer::<PeerEvent>(&ring, CAPACITY)
        .wait_for_producer(wait)
        .build_consumer()
        .expect_err("nobody creates it");
    let waited = started.elapsed();
    assert!(
        matches!(err, AttachError::SegmentNotFound { .. }),
        "{err:?}"
    );
    assert!(waited >= wait, "gave up after {waited:?}, before {wait:?}");
    assert!(waited < wait * 10, "waited {waited:?} for a {wait:?} wait");
    assert!(
        !storage.exists(&ring),
        "attaching must not create the segment"
    );
    storage.assert_clean(&names);
}

fn a_consumer_started_before_its_producer_attaches_when_the_ring_appears(backend: Backend) {
    let names = TestNames::new("late_producer");
    let storage = Storage::new(backend, &names);
    let ring = names.segment("ring");
    let consumer = storage
        .peer(ring_peer!("consumer"))
        .arg("name", &ring)
        .arg("capacity", CAPACITY)
        .arg("id", "c_0")
        .arg("events", 1000)
        .arg("attach-wait-ms", 20_000)
        .spawn();
    std::thread::sleep(Duration::from_millis(100));
    let producer = storage
        .peer(ring_peer!("producer"))
        .arg("name", &ring)
        .arg("capacity", CAPACITY)
        .arg("events", 1000)
        .arg("prefix", "c")
        .arg("consumers", 1)
        .spawn();
    let consumed = consumer.expect_success().result();
    producer.expect_success();
    assert_eq!(consumed.parsed::<u64>("consumed"), 1000, "{consumed}");
    assert_eq!(consumed.field("ordered"), "true", "{consumed}");
    storage.assert_clean(&names);
}

fn a_second_producer_on_a_live_ring_is_segment_in_use_with_the_owners_pid(backend: Backend) {
    let names = TestNames::new("in_use");
    let storage = Storage::new(backend, &names);
    let ring = names.segment("ring");
    let (holder, holder_pid) = hold_ring(&storage, &ring, "peer", CAPACITY);
    match storage
        .producer::<PeerEvent>(&ring, CAPACITY)
        .build_producer(PeerEvent::default)
    {
        Err(CreateError::SegmentInUse { name, pid }) => {
            assert_eq!(name, ring);
            assert_eq!(pid, holder_pid, "the error names the live owner");
        }
        other => panic!("expected SegmentInUse, got {other:?}"),
    }
    // Also with another type or capacity: the owner is checked before anything else.
    let err = storage
        .producer::<TypeA>(&ring, 8)
        .build_producer(TypeA::default)
        .expect_err("still in use");
    assert!(
        matches!(err, CreateError::SegmentInUse { pid, .. } if pid == holder_pid),
        "{err:?}"
    );
    // The refusal left the owner's ring alone.
    assert!(storage.exists(&ring));
    storage
        .consumer::<PeerEvent>(&ring, CAPACITY)
        .build_consumer()
        .expect("the owner's ring still attaches");
    release(&storage, holder, &ring);
    storage.assert_clean(&names);
}

fn a_consumer_id_held_by_a_live_process_is_refused_and_freed_when_it_leaves(backend: Backend) {
    let names = TestNames::new("id_in_use");
    let storage = Storage::new(backend, &names);
    let ring = names.segment("ring");
    let producer = storage
        .producer::<PeerEvent>(&ring, CAPACITY)
        .discover_consumer_with_prefix(1, "c")
        .with_coordination(disruptor_mp::CoordinationMode::Immediate)
        .build_producer(PeerEvent::default)
        .expect("build producer");
    let mut holder = storage
        .peer(ring_peer!("hold-consumer"))
        .arg("name", &ring)
        .arg("capacity", CAPACITY)
        .arg("id", "c_0")
        .spawn();
    let ready = holder.wait_for("READY");
    assert_eq!(ready.field("gating"), "true", "c_0 is a reserved gating id");
    match storage
        .consumer::<PeerEvent>(&ring, CAPACITY)
        .with_consumer_id("c_0")
        .build_consumer()
    {
        Err(AttachError::ConsumerIdInUse { id, pid }) => {
            assert_eq!(id, "c_0");
            assert_eq!(pid, holder.pid());
        }
        other => panic!("expected ConsumerIdInUse, got {other:?}"),
    }
    holder.close_stdin();
    holder.expect_success();
    let consumer = storage
        .consumer::<PeerEvent>(&ring, CAPACITY)
        .with_consumer_id("c_0")
        .build_consumer()
        .expect("c_0 is free once its holder detached");
    assert_eq!(consumer.consumer_id(), "c_0");
    drop(consumer);
    drop(producer);
    storage.assert_clean(&names);
}

#[test]
fn bad_names_and_capacities_are_refused_before_touching_shm() {
    let names = TestNames::new("bad_config");
    let before = raw_shm::snapshot();
    for bad in ["", "a/b", "sp ace", ".", "..", &"x".repeat(201)] {
        let err = build_shared_single_producer::<PeerEvent>(bad, CAPACITY)
            .build_producer(PeerEvent::default)
            .expect_err("invalid name");
        assert!(
            matches!(err, CreateError::Config(ConfigError::InvalidName { .. })),
            "{bad:?}: {err:?}"
        );
    }
    let ring = names.segment("ring");
    for bad in [0, 3, 100, (1 << 30) + 1, usize::MAX] {
        let err = build_shared_single_producer::<PeerEvent>(&ring, bad)
            .build_producer(PeerEvent::default)
            .expect_err("invalid capacity");
        assert!(
            matches!(
                err,
                CreateError::Config(ConfigError::InvalidCapacity { capacity, .. }) if capacity == bad
            ),
            "{bad}: {err:?}"
        );
    }
    assert!(!raw_shm::exists(&ring));
    let created: Vec<_> = raw_shm::snapshot()
        .difference(&before)
        .filter(|name| name.starts_with(names.prefix()))
        .cloned()
        .collect();
    assert!(created.is_empty(), "{created:?}");
    names.assert_clean();
}
