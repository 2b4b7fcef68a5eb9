//! `lock_in_memory(true)` over the limit on locked memory: the build fails with a
//! `MemoryLockError` naming the ring's size and the limit, and a producer removes the ring it
//! had just created. (That locked rings work is in `both_backends.rs`.)
//!
//! Root (with `CAP_IPC_LOCK`) has no limit, so as root the child runs as `nobody`, and the test
//! prints why it skips where that is not possible.

use disruptor_mp_tests::names::TestNames;
use disruptor_mp_tests::{procs, ring_peer};

/// A limit far below any ring (a header page alone is 4 KiB).
const LIMIT: u64 = 4096;

#[test]
fn a_ring_larger_than_the_locked_memory_limit_is_refused_and_removed() {
    let names = TestNames::new("memlock");
    let ring = names.segment("ring");
    let mut command = ring_peer!("create")
        .arg("name", &ring)
        .arg("capacity", 1024)
        .arg("lock", true)
        .arg("memlock-limit", LIMIT);
    // SAFETY: `geteuid` takes no arguments and cannot fail.
    if unsafe { libc::geteuid() } == 0 {
        match procs::nobody(env!("CARGO_BIN_EXE_ring-peer")) {
            Ok((uid, gid)) => command = command.user(uid, gid),
            Err(why) => {
                println!("skipped: as root, locking has no limit, and {why}");
                return;
            }
        }
    }
    let result = command.run().result();
    assert_eq!(result.field("outcome"), "err", "{result}");
    assert_eq!(result.field("kind"), "MemoryLock", "{result}");
    let msg = result.field("msg");
    assert!(msg.contains(&format!("the limit is {LIMIT}")), "{msg}");
    assert!(msg.contains("ulimit -l"), "{msg}");
    names.assert_clean();
}
