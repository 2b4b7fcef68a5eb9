//! The suite leaves `/dev/shm` as it found it, and so does the library: one full scenario —
//! producer and consumers in child processes, a producer killed mid-stream, its stale segment
//! reclaimed by a successor, a clean shutdown, refused attaches — after which no entry under the
//! scenario's prefix remains. While a ring is live it is exactly one object (header, consumer
//! table and slots in one segment). The cleanup guard itself is checked too: it removes its
//! test's objects when the test panics.
//!
//! This binary holds a single test, so it may also require that nothing at all is left under
//! this process's pid prefix (tests of one binary share a pid and run in parallel; other
//! binaries' tests check their own prefixes).

use disruptor_mp::{AttachError, attach_shared_consumer, build_shared_single_producer};
use disruptor_mp_tests::event::{PeerEvent, TypeA};
use disruptor_mp_tests::names::{SUITE_PREFIX, TestNames};
use disruptor_mp_tests::peer::RunningPeer;
use disruptor_mp_tests::{ring_peer, shm};

const CAPACITY: usize = 512;

fn producer(ring: &str, events: u64, then: &str) -> RunningPeer {
    ring_peer!("producer")
        .arg("name", ring)
        .arg("capacity", CAPACITY)
        .arg("events", events)
        .arg("batch", 16)
        .arg("prefix", "c")
        .arg("consumers", 2)
        .arg("then", then)
        .spawn()
}

fn consumer(ring: &str, id: &str, end: &str) -> RunningPeer {
    ring_peer!("consumer")
        .arg("name", ring)
        .arg("capacity", CAPACITY)
        .arg("id", id)
        .arg("events", "all")
        .arg("end", end)
        .spawn()
}

#[test]
fn a_full_scenario_leaves_nothing_in_dev_shm() {
    let process_prefix = format!("{SUITE_PREFIX}{}-", std::process::id());
    let before = shm::snapshot();
    let names = TestNames::new("hygiene");
    let ring = names.segment("ring");

    // 1. A clean run: one object while it is live, none after.
    let mut first = producer(&ring, 20_000, "close");
    first.wait_for("READY");
    assert_eq!(names.leftovers(), vec![ring.clone()], "one object per ring");
    let readers = [
        consumer(&ring, "c_0", "closed"),
        consumer(&ring, "c_1", "closed"),
    ];
    first.expect_success();
    for reader in readers {
        assert_eq!(
            reader.expect_success().result().parsed::<u64>("consumed"),
            20_000
        );
    }
    names.assert_clean();

    // 2. A producer killed mid-stream leaves its (now stale) object behind...
    let mut doomed = producer(&ring, 100_000_000, "hang");
    doomed.wait_for("READY");
    let mut orphans = [
        consumer(&ring, "c_0", "dead"),
        consumer(&ring, "c_1", "dead"),
    ];
    for orphan in &mut orphans {
        orphan.wait_for("READY");
    }
    std::thread::sleep(std::time::Duration::from_millis(100));
    doomed.sigkill();
    for orphan in orphans {
        assert_eq!(orphan.expect_success().result().field("end"), "dead");
    }
    assert_eq!(names.leftovers(), vec![ring.clone()], "the stale object");

    // ...which its successor reclaims (no second object, no SegmentInUse) and removes on close.
    let mut successor = producer(&ring, 5_000, "close");
    successor.wait_for("READY");
    assert_eq!(names.leftovers(), vec![ring.clone()], "reclaimed in place");
    let readers = [
        consumer(&ring, "c_0", "closed"),
        consumer(&ring, "c_1", "closed"),
    ];
    successor.expect_success();
    for reader in readers {
        assert_eq!(
            reader.expect_success().result().parsed::<u64>("consumed"),
            5_000
        );
    }
    names.assert_clean();

    // 3. Refused attaches and refused producers create nothing.
    let err = attach_shared_consumer::<PeerEvent>(&ring, CAPACITY)
        .build_consumer()
        .expect_err("nothing to attach to");
    assert!(matches!(err, AttachError::SegmentNotFound { .. }));
    let held = build_shared_single_producer::<TypeA>(&ring, 8)
        .build_producer(TypeA::default)
        .expect("build");
    let mismatched = ring_peer!("attach")
        .arg("name", &ring)
        .arg("capacity", 8)
        .arg("type", "peer")
        .run()
        .result();
    assert_eq!(mismatched.field("kind"), "LayoutMismatch");
    let err = build_shared_single_producer::<TypeA>(format!("{}bad/name", names.prefix()), 8)
        .build_producer(TypeA::default);
    assert!(err.is_err());
    assert_eq!(names.leftovers(), vec![ring.clone()]);
    drop(held);
    names.assert_clean();

    // 4. The guard removes a test's objects even when the test panics.
    let panicked_prefix = std::panic::catch_unwind(|| {
        let names = TestNames::new("guard");
        shm::create_raw(&names.segment("left"), 4096, &[1, 2, 3]).expect("forge");
        let leaked = build_shared_single_producer::<PeerEvent>(names.segment("ring"), 8)
            .build_producer(PeerEvent::default)
            .expect("build");
        std::mem::forget(leaked); // as if a producer leaked: only the guard can remove it now
        std::panic::panic_any(names.prefix().to_owned());
    })
    .expect_err("it panics")
    .downcast::<String>()
    .expect("the prefix");
    assert_eq!(
        shm::entries_with_prefix(&panicked_prefix),
        Vec::<String>::new()
    );

    drop(names);
    let left: Vec<_> = shm::snapshot()
        .into_iter()
        .filter(|name| name.starts_with(&process_prefix) && !before.contains(name))
        .collect();
    assert!(left.is_empty(), "left in /dev/shm: {left:?}");
}
