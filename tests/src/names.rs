//! Unique segment names per test, and the guard that removes them.
//!
//! Every test makes one [`TestNames`]: its prefix is `dmpt-<pid>-<counter>-<tag>-`, unique among
//! the tests of one binary (the counter) and among binaries (the pid). All segments of the test —
//! the ones it creates and the ones its child processes create — are named under that prefix, so
//! the guard can remove them all on drop (also when the test panics) and
//! [`TestNames::assert_clean`] can check that the library removed them itself.
//!
//! Namespaces are unique the same way: [`TestNames::namespace`] gives `dmpt-<pid>-<counter>-<label>`
//! (short enough for the library's 48-byte limit), and the guard also owns every namespaced object
//! `<namespace>:<name>` whose namespace starts with `dmpt-<pid>-<counter>-`.

use crate::shm;
use std::sync::atomic::{AtomicU64, Ordering};

/// Prefix of every segment name the suite creates.
pub const SUITE_PREFIX: &str = "dmpt-";

static COUNTER: AtomicU64 = AtomicU64::new(0);

/// The names of one test; removes every `/dev/shm` entry under its prefix when dropped.
#[derive(Debug)]
pub struct TestNames {
    /// `dmpt-<pid>-<counter>-`: what this test's names and namespaces start with.
    root: String,
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
        let root = format!("{}{}-{n}-", SUITE_PREFIX, std::process::id());
        Self {
            prefix: format!("{root}{tag}-"),
            root,
        }
    }

    /// The prefix every name of this test starts with (ends in `-`).
    pub fn prefix(&self) -> &str {
        &self.prefix
    }

    /// The segment name for `label` (a short word such as `ring`).
    pub fn segment(&self, label: &str) -> String {
        check_label(label);
        format!("{}{label}", self.prefix)
    }

    /// A namespace for `label` (a short word such as `A`) that no other test, here or in another
    /// test binary, uses: `dmpt-<pid>-<counter>-<label>`.
    pub fn namespace(&self, label: &str) -> String {
        check_label(label);
        let namespace = format!("{}{label}", self.root);
        assert!(
            namespace.len() <= disruptor_mp::NAMESPACE_MAX_LEN,
            "namespace {namespace:?} is longer than the library allows"
        );
        namespace
    }

    /// The `/dev/shm` entries of this test now: those under its prefix, and the namespaced ones
    /// (`<namespace>:<name>`) in its namespaces.
    pub fn leftovers(&self) -> Vec<String> {
        shm::snapshot()
            .into_iter()
            .filter(|entry| {
                entry.starts_with(&self.prefix)
                    || entry
                        .split_once(':')
                        .is_some_and(|(namespace, _)| namespace.starts_with(&self.root))
            })
            .collect()
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
        for entry in self.leftovers() {
            // Already gone is fine; anything else we can only ignore in a destructor.
            let _ = shm::unlink(&entry);
        }
    }
}

fn check_label(label: &str) {
    assert!(
        !label.is_empty()
            && label
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-')),
        "labels are [A-Za-z0-9._-]+: {label:?}"
    );
}
