//! Who may open a ring, and what creating one may touch.
//!
//! - Another user cannot attach to an owner-only ring, nor to a read-only one (attaching writes
//!   the consumer table), nor replace it: `PermissionDenied`, and the ring is untouched. With
//!   `0o666` the same user attaches. These run a child as `nobody`, so they need root; as another
//!   user they print why they skip.
//! - Creating never truncates or removes an object that is not a dead producer's ring.
//!
//! That a ring gets exactly the permission bits asked for (default `0o600`, whatever the umask)
//! and that creating or attaching never follows a symlink are checked for both backends in
//! `both_backends.rs`.

use disruptor_mp::{CorruptReason, CreateError, build_shared_single_producer};
use disruptor_mp_tests::event::PeerEvent;
use disruptor_mp_tests::names::TestNames;
use disruptor_mp_tests::report::Report;
use disruptor_mp_tests::{procs, ring_peer, shm};
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

const CAPACITY: usize = 64;

/// The permission bits of the object for segment `name`.
fn mode(name: &str) -> u32 {
    std::fs::metadata(Path::new(shm::SHM_DIR).join(name))
        .expect("stat the object")
        .permissions()
        .mode()
        & 0o7777
}

/// Runs `ring-peer <role>` on `ring` as `nobody` and returns its `RESULT` line.
fn as_nobody(user: (u32, u32), role: &str, ring: &str) -> Report {
    ring_peer!(role)
        .user(user.0, user.1)
        .arg("name", ring)
        .arg("capacity", CAPACITY)
        .arg("ready-timeout-ms", 200)
        .run()
        .result()
}

#[test]
fn another_user_can_neither_attach_to_nor_replace_an_owner_only_ring() {
    let user = match procs::nobody(env!("CARGO_BIN_EXE_ring-peer")) {
        Ok(user) => user,
        Err(why) => {
            println!("skipped: {why}");
            return;
        }
    };
    let names = TestNames::new("other_user");
    let ring = names.segment("ring");
    let mut producer = build_shared_single_producer::<PeerEvent>(&ring, CAPACITY)
        .build_producer(PeerEvent::default)
        .expect("create");
    producer.publish(|event| *event = PeerEvent::for_seq(0));
    let before = shm::read_all(&ring).expect("read the ring");

    let attach = as_nobody(user, "attach", &ring);
    assert_eq!(attach.field("outcome"), "err", "{attach}");
    assert_eq!(attach.field("kind"), "PermissionDenied", "{attach}");
    let create = as_nobody(user, "create", &ring);
    assert_eq!(create.field("outcome"), "err", "{create}");
    assert_eq!(create.field("kind"), "PermissionDenied", "{create}");
    assert_eq!(shm::read_all(&ring).expect("read the ring"), before);
    assert_eq!(mode(&ring), 0o600);
    producer.publish(|event| *event = PeerEvent::for_seq(1));
    drop(producer);
    names.assert_clean();
}

#[test]
fn a_ring_shared_read_write_lets_another_user_attach_and_a_read_only_one_does_not() {
    let user = match procs::nobody(env!("CARGO_BIN_EXE_ring-peer")) {
        Ok(user) => user,
        Err(why) => {
            println!("skipped: {why}");
            return;
        }
    };
    let names = TestNames::new("shared_modes");
    // Attaching maps the ring read-write (it joins the consumer table), so reading is not enough.
    for (wanted, outcome) in [(0o644, "err"), (0o666, "ok")] {
        let ring = names.segment(&format!("m{wanted:o}"));
        let producer = build_shared_single_producer::<PeerEvent>(&ring, CAPACITY)
            .with_mode(wanted)
            .build_producer(PeerEvent::default)
            .expect("create");
        let attach = as_nobody(user, "attach", &ring);
        assert_eq!(
            attach.field("outcome"),
            outcome,
            "mode {wanted:#o}: {attach}"
        );
        if outcome == "err" {
            assert_eq!(attach.field("kind"), "PermissionDenied", "{attach}");
        }
        drop(producer);
    }
    names.assert_clean();
}

#[test]
fn creating_over_an_object_that_is_no_dead_ring_neither_truncates_nor_removes_it() {
    let names = TestNames::new("no_truncate");
    let pattern = |len: usize| -> Vec<u8> { (0..len).map(|i| (i % 253) as u8 + 1).collect() };
    // Someone else's data; too short to be a ring; data after eight zero bytes (no magic, but
    // not the all-zero page a creator that died before writing its header leaves).
    let mut zero_start = pattern(8192);
    zero_start[..8].fill(0);
    let cases: [(&str, Vec<u8>, CorruptReason); 3] = [
        ("foreign", pattern(10_000), CorruptReason::BadMagic),
        (
            "short",
            pattern(100),
            CorruptReason::TooShort {
                len: 100,
                needed: 512,
            },
        ),
        ("zero-magic", zero_start, CorruptReason::BadMagic),
    ];
    for (label, contents, reason) in cases {
        let name = names.segment(label);
        shm::create_raw(&name, contents.len(), &contents).expect("forge");
        match build_shared_single_producer::<PeerEvent>(&name, CAPACITY)
            .build_producer(PeerEvent::default)
        {
            Err(CreateError::NameTaken { reason: found, .. }) => {
                assert_eq!(found, reason, "{label}")
            }
            other => panic!("{label}: create over it gave {other:?}"),
        }
        assert_eq!(
            shm::read_all(&name).expect("still there"),
            contents,
            "{label}"
        );
        shm::unlink(&name).expect("remove");
    }
    // A live producer's ring: `SegmentInUse`, and the ring is exactly as it was.
    let ring = names.segment("live");
    let producer = build_shared_single_producer::<PeerEvent>(&ring, CAPACITY)
        .build_producer(PeerEvent::default)
        .expect("create");
    let before = shm::read_all(&ring).expect("read");
    let again = build_shared_single_producer::<PeerEvent>(&ring, CAPACITY)
        .build_producer(PeerEvent::default);
    assert!(
        matches!(again, Err(CreateError::SegmentInUse { pid, .. }) if pid == std::process::id()),
        "{again:?}"
    );
    assert_eq!(shm::read_all(&ring).expect("read"), before);
    drop(producer);
    names.assert_clean();
}
