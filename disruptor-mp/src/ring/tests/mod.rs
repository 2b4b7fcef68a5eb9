//! In-process tests of the sequencing core on the heap backend: a producer and its readers share
//! one allocation, each through its own `Segment`, exactly as processes share one mapping.
//! One file per topic; `harness` builds the rings.

mod classify;
mod gating;
mod harness;
mod hostile;
mod join;
mod lapped;
mod lying_peer;
mod open_reservations;
mod order;
mod producer_api;
mod seqlock;
