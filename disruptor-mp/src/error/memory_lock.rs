//! Locking a ring's mapping in memory (`lock_in_memory`): what `build_producer` and
//! `build_consumer` can meet after mapping the ring.

use std::fmt;
use std::io;

/// The ring's mapping could not be locked in memory (`mlock`), as the builder's
/// `lock_in_memory(true)` asked. A producer that meets it removes the ring it just created.
///
/// The usual cause is the limit on locked memory (`ulimit -l`, `LimitMEMLOCK=` in a systemd
/// unit, `--ulimit memlock=` for Docker), which is per process and often 8 MiB; a process with
/// `CAP_IPC_LOCK` has none.
#[derive(Debug, thiserror::Error)]
#[error(
    "cannot lock ring {name:?} in memory ({needed} bytes{}): {source}; raise the limit on locked memory (ulimit -l, LimitMEMLOCK=) or grant CAP_IPC_LOCK",
    Limit(*limit)
)]
#[non_exhaustive]
pub struct MemoryLockError {
    /// Ring name (with its namespace, if any).
    pub name: String,
    /// Bytes the mapping needs locked.
    pub needed: u64,
    /// This process's limit on locked memory (`RLIMIT_MEMLOCK`), when it is finite.
    pub limit: Option<u64>,
    /// The OS error (`ENOMEM` or `EAGAIN` over the limit, `EPERM`).
    #[source]
    pub source: io::Error,
}

/// Formats a finite limit: `, the limit is 8388608`.
struct Limit(Option<u64>);

impl fmt::Display for Limit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(limit) => write!(f, "; the limit is {limit}"),
            None => Ok(()),
        }
    }
}
