//! A ring that does not fit in `/dev/shm` is an error at creation (`CreateError::OutOfSpace`),
//! not a SIGBUS at the first publish, and the failed creation leaves nothing behind.
//!
//! The test needs a `/dev/shm` smaller than the ring, without touching the machine's: its
//! `ring-peer` runs in a new mount namespace with a private tmpfs of [`SHM_BYTES`] over
//! `/dev/shm` (the peer's `private-shm-bytes=` argument: `unshare(CLONE_NEWNS)`, mounts made
//! private, then `mount -t tmpfs`). The kernel removes that tmpfs, with anything left in it, when
//! the peer exits, so nothing can leak into the real `/dev/shm`. Making a mount namespace and
//! mounting need root (`CAP_SYS_ADMIN`) and a kernel or container that allows them; where they
//! are refused the peer says so (`SKIP`), and the test prints why and passes without checking
//! anything.
//!
//! Run once per backend: the file backend's ring is the file `/dev/shm/<name>.ring` on the same
//! private tmpfs (root-owned and sticky, so the directory check accepts it).

use disruptor_mp_tests::backend::Backend;
use disruptor_mp_tests::names::TestNames;
use disruptor_mp_tests::peer::PeerOutput;
use disruptor_mp_tests::ring_peer;

/// Size of the private tmpfs.
const SHM_BYTES: u64 = 8 << 20;
/// The ring that cannot fit: 2^19 slots of at least 64 bytes, at least 32 MiB.
const BIG_CAPACITY: usize = 1 << 19;
const BIG_BYTES: u64 = 32 << 20;
/// A ring that fits easily.
const SMALL_CAPACITY: usize = 1024;

/// Whether the peer could not make its private `/dev/shm`; prints why.
fn skipped(output: &PeerOutput, test: &str) -> bool {
    match output.reports("SKIP").first() {
        Some(skip) => {
            eprintln!("{test}: skipped: {}", skip.field("msg"));
            true
        }
        None => false,
    }
}

disruptor_mp_tests::on_both_backends!(
    a_ring_larger_than_dev_shm_is_out_of_space_and_leaves_nothing_behind
);

fn a_ring_larger_than_dev_shm_is_out_of_space_and_leaves_nothing_behind(backend: Backend) {
    let names = TestNames::new("out_of_space");
    let mut command = ring_peer!("out-of-space");
    if backend == Backend::File {
        command = command.arg("dir", "/dev/shm");
    }
    let output = command
        .arg("private-shm-bytes", SHM_BYTES)
        .arg("name", names.segment("ring"))
        .arg("big-capacity", BIG_CAPACITY)
        .arg("small-capacity", SMALL_CAPACITY)
        .spawn()
        .finish();
    // Today's failure mode is a SIGBUS in the peer: judge the exit status first.
    output.assert_success();
    if skipped(&output, "out_of_space") {
        return;
    }
    let big = output.reports("BIG");
    let Some(big) = big.first() else {
        output.panic_with("no BIG line");
    };
    assert_eq!(big.field("outcome"), "err", "{big:?}");
    assert_eq!(big.field("kind"), "OutOfSpace", "{big:?}");
    assert!(big.parsed::<u64>("needed") >= BIG_BYTES, "{big:?}");
    assert!(big.parsed::<u64>("available") <= SHM_BYTES, "{big:?}");
    let msg = big.field("msg");
    assert!(
        msg.contains("smaller ring") && msg.contains("--shm-size"),
        "the message says what to do: {msg}"
    );
    // Nothing left behind: no object, no space held.
    assert_eq!(big.parsed::<u64>("leftovers"), 0, "{big:?}");
    assert_eq!(big.parsed::<u64>("used"), 0, "{big:?}");
    let result = output.result();
    assert_eq!(
        result.field("outcome"),
        "ok",
        "a small ring still fits: {result:?}"
    );
    names.assert_clean();
}
