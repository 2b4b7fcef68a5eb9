//! Attaching costs what the header promises, never what the object's size claims: an attacher
//! maps only the header page until the header is valid, and then only an object exactly as large
//! as the header's layout gives (`CorruptReason::SizeMismatch` otherwise, `TooShort` if
//! smaller).
//!
//! The sparse-object cases need a `/dev/shm` smaller than the object, without touching the
//! machine's: the `ring-peer` runs in a new mount namespace with a private tmpfs of
//! [`SHM_BYTES`] over `/dev/shm` (its `private-shm-bytes=` argument; see
//! `tests/out_of_space.rs`), which the kernel removes when the peer exits. That needs root
//! (`CAP_SYS_ADMIN`) and a kernel or container allowing mount namespaces; where they are refused
//! the peer prints `SKIP`, and the test prints why and passes without checking anything. The
//! grown-ring case runs in the real `/dev/shm` and needs nothing special.

use disruptor_mp_tests::names::TestNames;
use disruptor_mp_tests::report::Report;
use disruptor_mp_tests::{ring_peer, shm};
use std::time::Duration;

/// Size of the private tmpfs.
const SHM_BYTES: u64 = 8 << 20;
/// The sparse object: 64 GiB, eight thousand times the tmpfs.
const OBJECT_BYTES: u64 = 64 << 30;
/// How much the tmpfs may grow while attaching: a few pages.
const FEW_PAGES: u64 = 4 * 4096;
const CAPACITY: usize = 64;

/// Attaches (in a peer with a private small `/dev/shm`) to a sparse object whose first page is
/// `header`; `None` where the namespace cannot be made.
fn attach_to_sparse(header: &str) -> Option<Report> {
    let names = TestNames::new("sparse");
    let output = ring_peer!("sparse-attach")
        .arg("private-shm-bytes", SHM_BYTES)
        .arg("name", names.segment(header))
        .arg("object-bytes", OBJECT_BYTES)
        .arg("header", header)
        .deadline(Duration::from_secs(30))
        .spawn()
        .finish();
    output.assert_success();
    if let Some(skip) = output.reports("SKIP").first() {
        eprintln!("attach to a sparse object: skipped: {}", skip.field("msg"));
        return None;
    }
    names.assert_clean();
    Some(output.result())
}

fn assert_cheap(result: &Report) {
    let grew: u64 = result.parsed("grew");
    assert!(
        grew <= FEW_PAGES,
        "attaching faulted in {grew} bytes of the tmpfs: {result:?}"
    );
}

#[test]
fn a_huge_sparse_object_with_garbage_is_refused_without_filling_dev_shm() {
    let Some(result) = attach_to_sparse("garbage") else {
        return;
    };
    assert_eq!(result.field("outcome"), "err", "{result:?}");
    assert_eq!(result.field("kind"), "Corrupt", "{result:?}");
    assert_eq!(result.field("reason"), "BadMagic", "{result:?}");
    assert_cheap(&result);
}

#[test]
fn a_huge_sparse_object_with_a_real_header_is_a_size_mismatch_without_filling_dev_shm() {
    let Some(result) = attach_to_sparse("ring") else {
        return;
    };
    assert_eq!(result.field("outcome"), "err", "{result:?}");
    assert_eq!(result.field("kind"), "Corrupt", "{result:?}");
    let reason = result.field("reason");
    assert!(
        reason.starts_with("SizeMismatch{") && reason.contains(&format!("len:{OBJECT_BYTES}")),
        "{result:?}"
    );
    assert_cheap(&result);
}

#[test]
fn a_ring_grown_by_a_peer_is_refused_as_a_size_mismatch() {
    let names = TestNames::new("grown");
    let ring = names.segment("ring");
    let mut producer = ring_peer!("hold-producer")
        .arg("name", &ring)
        .arg("capacity", CAPACITY)
        .deadline(Duration::from_secs(30))
        .spawn();
    producer.wait_for("READY");
    let len = shm::read_all(&ring).expect("read the ring").len() as u64;
    // A peer (here: the test) makes the object one page larger than its header says.
    shm::resize(&ring, len + 4096).expect("grow the ring");
    let attach = ring_peer!("attach")
        .arg("name", &ring)
        .arg("capacity", CAPACITY)
        .deadline(Duration::from_secs(30))
        .run()
        .result();
    assert_eq!(attach.field("outcome"), "err", "{attach:?}");
    assert_eq!(attach.field("kind"), "Corrupt", "{attach:?}");
    assert_eq!(
        attach.field("reason"),
        format!("SizeMismatch{{len:{},expected:{len}}}", len + 4096),
        "{attach:?}"
    );
    producer.close_stdin();
    producer.expect_success();
    names.assert_clean();
}
