//! Unique segment names per test, and the guard that removes them.
//!
//! Every test makes one [`TestNames`]: its prefix is `dmpt-<pid>-<counter>-<tag>-`, unique among
//! the tests of one binary (the counter) and among binaries (the pid). All segments of the test —
//! the ones it creates and the ones its child processes create — are named under that prefix, so
//! the guard can remove them all on drop (also when the test panics) and
//! [`TestNames::assert_clean`] can check that the library removed them itself.

use crate::shm;
use std::sync::atomic::{AtomicU64, Ordering};

/// Prefix of every segment name the suite creates.
pub const SUITE_PREFIX: &str = "dmpt-";

static COUNTER: AtomicU64 = AtomicU64::new(0);

/// The names of one test; removes every `/dev/shm` entry under its prefix when dropped.
#[derive(Debug)]
pub struct TestNames {
    prefix: String,
}

impl TestNames {
    /// Names for the test called `tag` (letters, digits, `_` and `-` are kept, the rest dropped).
    pub fn new(tag: &str) -> Self {
        let tag: String = tag
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-'))
            .take(60)
            .collect();
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        Self {
            prefix: format!("{}{}-{n}-{tag}-", SUITE_PREFIX, std::process::id()),
        }
    }

    /// The prefix every name of this test starts with (ends in `-`).
    pub fn prefix(&self) -> &str {
        &self.prefix
    }

    /// The segment name for `label` (a short word such as `ring`).
    pub fn segment(&self, label: &str) -> String {
        assert!(
            !label.is_empty()
                && label
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-')),
            "segment labels are [A-Za-z0-9._-]+: {label:?}"
        );
        format!("{}{label}", self.prefix)
    }

    /// The `/dev/shm` entries under this test's prefix now.
    pub fn leftovers(&self) -> Vec<String> {
        shm::entries_with_prefix(&self.prefix)
    }

    /// Panics if any `/dev/shm` entry under this test's prefix exists: everything the test made
    /// must have been removed by the library (or explicitly by the test) by now.
    pub fn assert_clean(&self) {
        let left = self.leftovers();
        assert!(
            left.is_empty(),
            "segments left in /dev/shm under {:?}: {left:?}",
            self.prefix
        );
    }
}

impl Drop for TestNames {
    fn drop(&mut self) {
        for entry in shm::entries_with_prefix(&self.prefix) {
            // Already gone is fine; anything else we can only ignore in a destructor.
            let _ = shm::unlink(&entry);
        }
    }
}
