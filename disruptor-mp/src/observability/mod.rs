//! Watching a ring from outside its hot paths: who holds a place ([`ConsumerInfo`]) and the
//! ring's counters ([`RingCounters`]), kept in the segment itself so any process can read them
//! without joining. Counting costs the hot paths nothing: what they already publish (the
//! producer cursor, each consumer's cursor) is not counted again, and every other counter
//! changes on a slow path only (a full ring, a sleep, a lap, a gating refresh).

#[cfg(feature = "metrics")]
mod export;
pub mod ids;
#[cfg(feature = "metrics-otel")]
pub mod otel;
pub(crate) mod places;
#[cfg(feature = "metrics-prometheus")]
pub mod prometheus;
mod snapshot;

#[cfg(feature = "metrics")]
pub use export::{AggregatorConfig, AggregatorHandle};

pub use places::{ConsumerInfo, ConsumerStatus};
pub use snapshot::{ConsumerCounters, Counter, ProducerCounters, RingCounters};
pub(crate) use snapshot::{consumer_counters, ring_counters};
