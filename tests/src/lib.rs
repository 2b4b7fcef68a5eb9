//! Cross-process, fault and UI tests for `disruptor-mp`, and the harness they share.
//!
//! The integration tests in `tests/` run real OS processes: the `ring-peer` helper binary
//! (`src/bin/ring-peer/`) plays a producer, a consumer or a misbehaving peer, chosen by a role
//! argument, and reports what it saw as machine-readable lines ([`report`]). The harness gives
//! every test unique segment names and a guard that removes them ([`names`]), runs peers with
//! deadlines ([`peer`], [`wait`]), and reads or forges raw shared-memory objects ([`shm`],
//! [`image`]). [`lapping`] publishes as a producer nobody gates and races it against a lapped
//! reader. [`backend`] runs a test over POSIX shared memory or over ring files. Events carry payloads derived from their sequence ([`event`]), so every reader
//! checks every event; [`received`] reads back what a `reader` peer saw; [`successor`] is the
//! second half of every restart test; [`chaos`] holds what the
//! chaos run's processes record, in files that survive their SIGKILL.

pub mod backend;
pub mod chaos;
pub mod event;
pub mod image;
pub mod lapping;
pub mod names;
pub mod pages;
pub mod peer;
pub mod procs;
pub mod received;
pub mod report;
pub mod shm;
pub mod successor;
pub mod wait;
