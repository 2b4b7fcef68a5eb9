//! # disruptor-mp-bench
//!
//! The measuring instrument for disruptor-mp: every scenario runs between separate OS processes
//! (this program re-executes itself with a role argument), pinned to distinct cores, and every
//! engine — the runtime crate ("ours") and two hand-written floor rings over the same kind of
//! shared memory — runs the very same measuring code, monomorphised per engine and payload.
//!
//! - [`payload`]: the events, 8 to 4096 bytes, filled and checksummed word by word.
//! - [`engine`]: what a ring must offer, and the engines built in; [`floor`]: the floor rings.
//! - [`roles`]: what each child process does; [`orchestrate`]: spawning, deadlines, cleanup;
//!   [`plan`]: which groups run; [`deathsig`]: children die with the orchestrator.
//! - [`wakeup`]: wake-up latency and idle CPU of the library's blocking calls.
//! - [`results`], [`report`]: medians, ratios, the tables (text or Markdown, optionally against a
//!   saved baseline), results.json and latency.svg; [`cli`]: the command line.
//!
//! Run `cargo run --release -p disruptor-mp-bench -- all` (see bench/README.md).

pub mod affinity;
pub mod cli;
pub mod clock;
pub mod config;
pub mod control;
pub mod deathsig;
pub mod engine;
pub mod floor;
pub mod orchestrate;
pub mod payload;
pub mod plan;
pub mod report;
pub mod results;
pub mod roles;
pub mod session;
pub mod shm;
pub mod wakeup;
