//! In-process tests of the sequencing core on the heap backend: a producer and its readers share
//! one allocation, each through its own `Segment`, exactly as processes share one mapping.
//! One file per topic; `harness` builds the rings. Built with `--cfg loom`, only the loom models
//! run (`scripts/loom.sh`); the other tests need real atomics.

#[cfg(not(loom))]
mod classify;
#[cfg(all(not(loom), feature = "tokio"))]
mod copy_ahead;
#[cfg(not(loom))]
mod eviction;
#[cfg(not(loom))]
mod gating;
#[cfg_attr(loom, allow(dead_code))]
mod harness;
#[cfg(not(loom))]
mod hostile;
#[cfg(not(loom))]
mod join;
#[cfg(not(loom))]
mod lapped;
#[cfg(loom)]
mod loom;
#[cfg(loom)]
mod loom_wakeup;
#[cfg(not(loom))]
mod lying_peer;
#[cfg(not(loom))]
mod open_reservations;
#[cfg(not(loom))]
mod order;
#[cfg(not(loom))]
mod packed;
#[cfg(not(loom))]
mod places;
#[cfg(not(loom))]
mod producer_api;
#[cfg(not(loom))]
mod run_end;
#[cfg(not(loom))]
mod seqlock;
#[cfg(all(not(loom), not(miri)))]
mod wakeup;
