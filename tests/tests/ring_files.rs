//! What only the file backend has: the directory a ring file may live in, a ring file kept after
//! its producer exits and opened read-only from another process, the published entry points
//! `MmapProducer::create` / `MmapConsumer::attach`, and a typed channel declared with
//! `backend: Mmap { dir: ... }`. (What both backends share is in `both_backends.rs`.)

use disruptor_mp::{
    AttachError, CreateError, DirectoryProblem, MmapConsumer, MmapProducer, MmapRingBuffer,
    MmapTransportLayout, SharedEvent, attach_mmap_consumer, build_mmap_single_producer,
};
use disruptor_mp_tests::backend::{Backend, Storage};
use disruptor_mp_tests::event::PeerEvent;
use disruptor_mp_tests::names::TestNames;
use disruptor_mp_tests::ring_peer;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

const CAPACITY: usize = 64;

fn chmod(path: &Path, mode: u32) {
    std::fs::set_permissions(path, PermissionsExt::from_mode(mode)).expect("chmod");
}

/// The directory problem both roles report for `dir`, after checking they agree.
fn refusal(dir: &Path) -> DirectoryProblem {
    let layout = MmapTransportLayout::new(dir, "ring").expect("layout");
    let attached = attach_mmap_consumer::<PeerEvent>(&layout, CAPACITY).build_consumer();
    let Err(AttachError::Directory { dir: named, .. }) = &attached else {
        panic!("attach in {}: {attached:?}", dir.display());
    };
    assert_eq!(named, dir);
    match build_mmap_single_producer::<PeerEvent>(&layout, CAPACITY)
        .build_producer(PeerEvent::default)
    {
        Err(CreateError::Directory {
            dir: named,
            problem,
        }) => {
            assert_eq!(named, dir);
            problem
        }
        other => panic!("create in {}: {other:?}", dir.display()),
    }
}

#[test]
fn a_directory_others_could_write_to_or_a_symlink_to_one_is_refused() {
    let names = TestNames::new("dirs");
    let storage = Storage::new(Backend::File, &names);
    let root = storage.dir().expect("a file storage has a directory");

    let shared = root.join("shared");
    std::fs::create_dir(&shared).unwrap();
    chmod(&shared, 0o770);
    assert!(matches!(
        refusal(&shared),
        DirectoryProblem::WritableByOthers { mode } if mode & 0o7777 == 0o770
    ));
    chmod(&shared, 0o777);
    assert!(matches!(
        refusal(&shared),
        DirectoryProblem::WritableByOthers { .. }
    ));
    // World-writable with the sticky bit, as /tmp: only a file's owner may remove it.
    chmod(&shared, 0o1777);
    let layout = MmapTransportLayout::new(&shared, "ring").unwrap();
    let producer = build_mmap_single_producer::<PeerEvent>(&layout, CAPACITY)
        .build_producer(PeerEvent::default)
        .expect("a sticky directory is fine");
    drop(producer);

    let link = root.join("link");
    std::os::unix::fs::symlink(&shared, &link).unwrap();
    assert!(matches!(refusal(&link), DirectoryProblem::Symlink));

    let file = root.join("plain");
    std::fs::write(&file, b"").unwrap();
    assert!(matches!(refusal(&file), DirectoryProblem::NotADirectory));

    let missing = root.join("missing");
    assert!(matches!(
        refusal(&missing),
        DirectoryProblem::Os(err) if err.kind() == std::io::ErrorKind::NotFound
    ));
    assert!(
        std::fs::read_dir(&shared).unwrap().next().is_none(),
        "nothing was created in a refused directory"
    );
    // SAFETY: `geteuid` takes no arguments and cannot fail.
    if unsafe { libc::geteuid() } == 0 {
        // Root may use its own or another user's: a directory owned by nobody is refused.
        let foreign = root.join("foreign");
        std::fs::create_dir(&foreign).unwrap();
        std::os::unix::fs::chown(&foreign, Some(65534), Some(65534)).unwrap();
        assert!(matches!(
            refusal(&foreign),
            DirectoryProblem::NotOwned { owner_uid: 65534 }
        ));
    }
}

#[test]
fn a_layout_refuses_names_outside_the_set() {
    for name in ["", ".", "..", "a/b", "../x", "x y", "é"] {
        assert!(
            MmapTransportLayout::new("/tmp", name).is_err(),
            "{name:?} must be refused"
        );
    }
    assert!(MmapTransportLayout::new("", "ring").is_err());
    let layout = MmapTransportLayout::new("/srv/rings", "/feed.v2_a-1").unwrap();
    assert_eq!(layout.segment_name(), "feed.v2_a-1");
    assert_eq!(layout.ring_path(), Path::new("/srv/rings/feed.v2_a-1.ring"));
}

#[test]
fn a_kept_file_outlives_its_producer_and_opens_read_only() {
    let names = TestNames::new("kept");
    let storage = Storage::new(Backend::File, &names);
    let ring = names.segment("ring");
    let produced = storage
        .peer(ring_peer!("producer"))
        .arg("name", &ring)
        .arg("capacity", CAPACITY)
        .arg("events", 100)
        .arg("then", "drop")
        .arg("keep-file", true)
        .run();
    produced.assert_success();
    assert!(storage.exists(&ring), "kept after a clean close");
    // Read-only, and nothing needs write permission: the file is made read-only here.
    chmod(&storage.path(&ring), 0o400);
    let layout = MmapTransportLayout::new(storage.dir().unwrap(), &ring).unwrap();
    let kept = MmapRingBuffer::<PeerEvent>::open(&layout, CAPACITY).expect("open read-only");
    assert!(kept.is_closed());
    assert_eq!(kept.size(), CAPACITY);
    assert_eq!(kept.last_published_sequence(), 99);
    assert_eq!(kept.get(99), Some(PeerEvent::for_seq(99)));
    assert_eq!(kept.get(36), Some(PeerEvent::for_seq(36)), "the last lap");
    assert_eq!(kept.get(35), None, "overwritten by sequence 99");
    assert_eq!(kept.get(100), None, "never published");
    assert_eq!(kept.producer_cursor().load(), 99);
    // Nobody was attached when it closed.
    assert!(kept.consumer_barrier().attached_ids().is_empty());
    assert_eq!(kept.consumer_barrier().consumer_sequence("c_0"), None);
    // The wrong type or capacity is refused as for an attach.
    assert!(matches!(
        MmapRingBuffer::<disruptor_mp_tests::event::TypeA>::open(&layout, CAPACITY),
        Err(AttachError::LayoutMismatch { .. })
    ));
    assert!(matches!(
        MmapRingBuffer::<PeerEvent>::open(&layout, CAPACITY * 2),
        Err(AttachError::CapacityMismatch { .. })
    ));
    drop(kept);
    assert!(storage.exists(&ring), "inspecting never removes it");
    // Its producer is gone: the next producer of the name reclaims it.
    chmod(&storage.path(&ring), 0o600);
    let next = storage
        .producer::<PeerEvent>(&ring, CAPACITY)
        .build_producer(PeerEvent::default)
        .expect("reclaim the kept file");
    drop(next);
    storage.assert_clean(&names);
}

#[test]
fn the_published_entry_points_run_the_same_engine() {
    let names = TestNames::new("published");
    let storage = Storage::new(Backend::File, &names);
    let layout = MmapTransportLayout::new(storage.dir().unwrap(), names.segment("ring")).unwrap();
    let mut producer =
        MmapProducer::<PeerEvent>::create(layout.clone(), CAPACITY, PeerEvent::default)
            .expect("create");
    let mut consumer =
        MmapConsumer::<PeerEvent>::attach(layout.clone(), CAPACITY, "c_0").expect("attach");
    for seq in 0..10 {
        producer.publish_value(PeerEvent::for_seq(seq));
    }
    for seq in 0..10 {
        assert_eq!(
            consumer.consume_next().unwrap(),
            (seq, PeerEvent::for_seq(seq as u64))
        );
    }
    assert_eq!(consumer.layout(), &layout);
    assert!(matches!(
        MmapProducer::<PeerEvent>::create(layout.clone(), CAPACITY, PeerEvent::default),
        Err(CreateError::SegmentInUse { .. })
    ));
    drop(producer);
    assert!(matches!(
        consumer.consume_next(),
        Err(disruptor_mp::ConsumeError::ProducerClosed)
    ));
    drop(consumer);
    storage.assert_clean(&names);
}

disruptor_mp::shared_channel! {
    /// A channel whose ring is a file in /tmp (a literal directory, as declarations are).
    channel InFile: PeerEvent {
        name: "dmpt-chan-file", capacity: 64, consumers: 1, backend: Mmap { dir: "/tmp" }
    }
}

#[test]
fn a_channel_declared_with_the_mmap_backend_lives_in_its_file() {
    let path = Path::new("/tmp/dmpt-chan-file.ring");
    let mut producer = InFile::producer()
        .with_coordination(disruptor_mp::CoordinationMode::Immediate)
        .build_producer(PeerEvent::default)
        .expect("create");
    assert!(path.exists());
    let mut consumer = InFile::consumer(0).build_consumer().expect("attach");
    producer.publish_value(PeerEvent::for_seq(0));
    assert_eq!(consumer.consume_next().unwrap().1, PeerEvent::for_seq(0));
    assert_eq!(
        InFile::FINGERPRINT,
        <PeerEvent as SharedEvent>::LAYOUT.fingerprint()
    );
    drop((consumer, producer));
    assert!(!path.exists(), "removed with the producer");
}
