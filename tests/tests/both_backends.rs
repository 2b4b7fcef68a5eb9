//! The faults every backend must handle the same way, written once and run once per backend
//! (POSIX shared memory and ring files): a corrupt object, exact permissions, a symbolic link at
//! a ring's name, rings locked in memory, and a ring kept after its producer closed it. The other cross-process tests that run per
//! backend: order, broadcast and wrap-around (`one_to_one.rs`, `one_to_three.rs`,
//! `wrap_around.rs`), layout and capacity mismatch, a missing ring, a second producer and a
//! taken consumer id (`attach_errors.rs`), a killed producer and the reclaim of its ring
//! (`producer_death.rs`).
//!
//! Each scenario is a function of a [`Backend`]; `on_both_backends!` makes a `shm::<scenario>`
//! and a `file::<scenario>` test of it. Producers and consumers are separate `ring-peer`
//! processes, told the backend by [`Storage::peer`].

use disruptor_mp::{AttachError, CoordinationMode, CorruptReason, CreateError};
use disruptor_mp_tests::backend::{Backend, Storage};
use disruptor_mp_tests::event::{Checksum, PeerEvent};
use disruptor_mp_tests::names::TestNames;
use disruptor_mp_tests::peer::PeerCommand;
use disruptor_mp_tests::report::Report;
use disruptor_mp_tests::ring_peer;
use std::os::unix::fs::PermissionsExt;
use std::time::Duration;

const DEADLINE: Duration = Duration::from_secs(60);

disruptor_mp_tests::on_both_backends!(
    a_corrupt_object_is_refused_and_left_alone,
    a_ring_gets_exactly_the_mode_asked_for,
    a_symlink_at_the_name_is_never_followed,
    a_ring_locked_in_memory_carries_events_between_processes,
    a_kept_ring_stays_until_the_next_producer_of_its_name,
    a_build_that_fails_keeps_nothing_even_when_asked_to,
);

/// The test's names and storage.
fn setup(tag: &str, backend: Backend) -> (TestNames, Storage) {
    let names = TestNames::new(tag);
    let storage = Storage::new(backend, &names);
    (names, storage)
}

fn peer(storage: &Storage, role: &str, ring: &str, capacity: usize) -> PeerCommand {
    storage
        .peer(ring_peer!(role))
        .arg("name", ring)
        .arg("capacity", capacity)
        .deadline(DEADLINE)
}

/// Puts 10 000 bytes that are not a ring at ring `name`'s path, and returns them.
fn forge(storage: &Storage, name: &str) -> Vec<u8> {
    let bytes: Vec<u8> = (0..10_000u32).map(|i| (i % 251) as u8 + 1).collect();
    storage
        .create_raw(name, bytes.len(), &bytes)
        .expect("forge an object");
    bytes
}

/// What an `attach` peer reported.
fn attach_outcome(storage: &Storage, ring: &str, capacity: usize, kind: &str) -> Report {
    peer(storage, "attach", ring, capacity)
        .arg("type", kind)
        .run()
        .result()
}

/// What a `create` peer reported.
fn create_outcome(storage: &Storage, ring: &str, capacity: usize) -> Report {
    peer(storage, "create", ring, capacity).run().result()
}

fn a_corrupt_object_is_refused_and_left_alone(backend: Backend) {
    let (names, storage) = setup("corrupt", backend);
    let ring = names.segment("ring");
    let foreign = forge(&storage, &ring);
    let attached = attach_outcome(&storage, &ring, 64, "peer");
    assert_eq!(attached.field("kind"), "Corrupt", "{attached}");
    // The state word is read first, and these bytes hold no state a version writes.
    assert!(
        attached.field("reason").starts_with("BadState"),
        "{attached}"
    );
    let created = create_outcome(&storage, &ring, 64);
    assert_eq!(created.field("kind"), "NameTaken", "{created}");
    assert_eq!(created.field("reason"), "BadMagic", "{created}");
    assert_eq!(storage.read_all(&ring).expect("still there"), foreign);

    // A real ring whose header a peer damaged afterwards: refused on attach.
    let real = names.segment("real");
    let producer = storage
        .producer::<PeerEvent>(&real, 64)
        .build_producer(PeerEvent::default)
        .expect("create");
    storage.write_at(&real, 0, b"NOTARING").expect("scribble");
    let attached = attach_outcome(&storage, &real, 64, "peer");
    assert_eq!(attached.field("reason"), "BadMagic", "{attached}");
    drop(producer);
    storage.remove(&ring).expect("remove the forged object");
    storage.assert_clean(&names);
}

fn a_ring_gets_exactly_the_mode_asked_for(backend: Backend) {
    let (names, storage) = setup("mode", backend);
    // Bits a typical umask (0o022) would clear are set all the same.
    for (label, mode) in [
        ("default", None),
        ("m640", Some(0o640)),
        ("m660", Some(0o660)),
        ("m666", Some(0o666)),
        ("m604", Some(0o604)),
        ("m400", Some(0o400)),
    ] {
        let ring = names.segment(label);
        let mut builder = storage.producer::<PeerEvent>(&ring, 64);
        if let Some(mode) = mode {
            builder = builder.with_mode(mode);
        }
        let producer = builder.build_producer(PeerEvent::default).expect("create");
        let meta = std::fs::symlink_metadata(storage.path(&ring)).expect("stat");
        assert!(meta.file_type().is_file(), "{label}");
        assert_eq!(
            meta.permissions().mode() & 0o7777,
            mode.unwrap_or(disruptor_mp::DEFAULT_SEGMENT_MODE),
            "{label}: exactly the mode asked for, whatever the umask"
        );
        drop(producer);
    }
    storage.assert_clean(&names);
}

fn a_symlink_at_the_name_is_never_followed(backend: Backend) {
    let (names, storage) = setup("symlink", backend);
    let precious = names.segment("precious");
    let contents = forge(&storage, &precious);
    let link = names.segment("ring");
    storage.symlink(&link, &precious);
    let created = storage
        .producer::<PeerEvent>(&link, 64)
        .build_producer(PeerEvent::default);
    assert!(
        matches!(
            &created,
            Err(CreateError::NameTaken {
                reason: CorruptReason::Symlink,
                ..
            })
        ),
        "create through a symlink: {created:?}"
    );
    let attached = storage.consumer::<PeerEvent>(&link, 64).build_consumer();
    assert!(
        matches!(
            &attached,
            Err(AttachError::Corrupt {
                reason: CorruptReason::Symlink,
                ..
            })
        ),
        "attach through a symlink: {attached:?}"
    );
    // And from another process.
    let result = attach_outcome(&storage, &link, 64, "peer");
    assert_eq!(result.field("reason"), "Symlink", "{result}");

    // Not even to a live ring: a consumer attaches to the name it was given, or to nothing.
    let real = names.segment("real");
    let producer = storage
        .producer::<PeerEvent>(&real, 64)
        .build_producer(PeerEvent::default)
        .expect("create");
    let alias = names.segment("alias");
    storage.symlink(&alias, &real);
    let attached = storage.consumer::<PeerEvent>(&alias, 64).build_consumer();
    assert!(attached.is_err(), "attach through a symlink: {attached:?}");
    drop(producer);

    assert_eq!(storage.read_all(&precious).expect("read"), contents);
    let meta = std::fs::symlink_metadata(storage.path(&link)).expect("lstat");
    assert!(meta.file_type().is_symlink(), "the link is left alone");
    for name in [&link, &alias, &precious] {
        storage.remove(name).expect("remove");
    }
    storage.assert_clean(&names);
}

fn a_ring_locked_in_memory_carries_events_between_processes(backend: Backend) {
    let (names, storage) = setup("locked", backend);
    let ring = names.segment("ring");
    let mut producer = peer(&storage, "producer", &ring, 256)
        .arg("events", 1000)
        .arg("prefix", "c")
        .arg("consumers", 1)
        .arg("lock", true)
        .spawn();
    producer.wait_for("READY");
    let reader = peer(&storage, "consumer", &ring, 256)
        .arg("id", "c_0")
        .arg("events", 1000)
        .arg("end", "closed")
        .arg("lock", true)
        .spawn();
    let result = reader.expect_success().result();
    assert_eq!(result.field("ordered"), "true", "{result}");
    assert_eq!(result.parsed::<u64>("consumed"), 1000, "{result}");
    assert_eq!(
        result.parsed::<u64>("checksum"),
        Checksum::of_stream(1000).0,
        "{result}"
    );
    producer.expect_success();
    storage.assert_clean(&names);
}

fn a_kept_ring_stays_until_the_next_producer_of_its_name(backend: Backend) {
    let (names, storage) = setup("kept", backend);
    let ring = names.segment("ring");
    let mut first = storage
        .producer::<PeerEvent>(&ring, 64)
        .keep_file(true)
        .build_producer(PeerEvent::default)
        .expect("create");
    first.publish_value(PeerEvent::for_seq(0));
    let mut reader = storage
        .consumer::<PeerEvent>(&ring, 64)
        .build_consumer()
        .expect("attach");
    drop(first);
    assert!(storage.exists(&ring), "kept after a clean close");
    // A consumer attached before the close drains it and sees the end.
    assert!(matches!(
        reader.consume_next(),
        Err(disruptor_mp::ConsumeError::ProducerClosed)
    ));
    // The header still names this process, which is alive; the ring is closed all the same,
    // so the next producer of the name reclaims it.
    let second = storage
        .producer::<PeerEvent>(&ring, 64)
        .build_producer(PeerEvent::default)
        .expect("a closed ring is reclaimed");
    drop((second, reader));
    storage.assert_clean(&names);
}

fn a_build_that_fails_keeps_nothing_even_when_asked_to(backend: Backend) {
    let (names, storage) = setup("keptfail", backend);
    let ring = names.segment("ring");
    // Nobody attaches, so the coordination wait times out after the ring was created.
    let built = storage
        .producer::<PeerEvent>(&ring, 64)
        .keep_file(true)
        .with_coordination(CoordinationMode::wait_for_consumers(
            1,
            Duration::from_millis(50),
        ))
        .build_producer(PeerEvent::default);
    assert!(
        matches!(
            built,
            Err(CreateError::CoordinationTimeout { attached: 0, .. })
        ),
        "{built:?}"
    );
    assert!(
        !storage.exists(&ring),
        "a ring whose build failed is removed"
    );
    storage.assert_clean(&names);
}
