//! Who may open a ring, and what creating one may touch.
//!
//! - A ring is created with exactly the permission bits asked for (default `0o600`: its owner
//!   only), whatever the umask.
//! - Another user cannot attach to an owner-only ring, nor to a read-only one (attaching writes
//!   the consumer table), nor replace it: `PermissionDenied`, and the ring is untouched. With
//!   `0o666` the same user attaches. These run a child as `nobody`, so they need root; as another
//!   user they print why they skip.
//! - Creating never truncates or removes an object that is not a dead producer's ring. (That
//!   creating or attaching never follows a symlink is checked for both backends in
//!   `both_backends.rs`.)

use disruptor_mp::{CorruptReason, CreateError, build_shared_single_producer};
use disruptor_mp_tests::event::PeerEvent;
use disruptor_mp_tests::names::TestNames;
use disruptor_mp_tests::report::Report;
use disruptor_mp_tests::{ring_peer, shm};
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};

const CAPACITY: usize = 64;

/// The permission bits of the object for segment `name`.
fn mode(name: &str) -> u32 {
    std::fs::metadata(Path::new(shm::SHM_DIR).join(name))
        .expect("stat the object")
        .permissions()
        .mode()
        & 0o7777
}

#[test]
fn a_ring_is_created_with_exactly_the_mode_asked_for() {
    let names = TestNames::new("modes");
    let ring = names.segment("default");
    let producer = build_shared_single_producer::<PeerEvent>(&ring, CAPACITY)
        .build_producer(PeerEvent::default)
        .expect("create");
    assert_eq!(mode(&ring), 0o600, "owner only by default");
    drop(producer);
    // Bits a typical umask (0o022) would clear are set all the same.
    for wanted in [0o640, 0o660, 0o666, 0o400] {
        let ring = names.segment(&format!("m{wanted:o}"));
        let producer = build_shared_single_producer::<PeerEvent>(&ring, CAPACITY)
            .with_mode(wanted)
            .build_producer(PeerEvent::default)
            .expect("create");
        assert_eq!(mode(&ring), wanted, "with_mode({wanted:#o})");
        drop(producer);
    }
    names.assert_clean();
}

/// `nobody`'s uid and gid, when this process may switch to them and `nobody` can run the
/// `ring-peer` binary; otherwise why not.
fn nobody() -> Result<(u32, u32), String> {
    let euid = std::fs::metadata("/proc/self")
        .map_err(|err| format!("cannot stat /proc/self: {err}"))?
        .uid();
    if euid != 0 {
        return Err(format!(
            "running as uid {euid}; switching a child to `nobody` needs root"
        ));
    }
    let passwd = std::fs::read_to_string("/etc/passwd").map_err(|err| err.to_string())?;
    let ids = passwd
        .lines()
        .map(|line| line.split(':').collect::<Vec<_>>())
        .find(|fields| fields.first() == Some(&"nobody") && fields.len() > 3)
        .ok_or("no user `nobody` in /etc/passwd")?;
    let parse = |field: &str| field.parse::<u32>().map_err(|err| err.to_string());
    let (uid, gid) = (parse(ids[2])?, parse(ids[3])?);
    // `nobody` must be able to reach and run the helper binary.
    let exe = PathBuf::from(env!("CARGO_BIN_EXE_ring-peer"));
    for path in exe.ancestors().filter(|p| !p.as_os_str().is_empty()) {
        let bits = std::fs::metadata(path)
            .map_err(|err| err.to_string())?
            .mode();
        if bits & 0o001 == 0 {
            return Err(format!("`nobody` cannot reach {}", path.display()));
        }
    }
    Ok((uid, gid))
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
    let user = match nobody() {
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
    let user = match nobody() {
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
