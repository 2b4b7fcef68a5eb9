//! Watching a ring from outside its hot paths: who holds a place ([`ConsumerInfo`]) and the
//! ring's counters ([`RingCounters`]), kept in the segment itself so any process can read them
//! without joining. Counting costs the hot paths nothing: what they already publish (the
//! producer cursor, each consumer's cursor) is not counted again, and every other counter
//! changes on a slow path only (a full ring, a sleep, a lap, a gating refresh).
//!
//! For porting code, the published crate's counters region is here too: [`CountersFile`] over
//! memory the caller provides, [`CounterHandle`]s an application counts into, and the producer's
//! and consumer's `attach_counters`, which register the published counters in a file and copy
//! the ring's values into them when asked (`sync_counters`).

#[cfg(all(test, not(miri)))]
mod attach_tests;
mod attached;
mod counter_handle;
mod counters_file;
#[cfg(test)]
mod counters_file_tests;
mod counters_layout;
#[cfg(feature = "metrics")]
mod export;
#[cfg(feature = "metrics")]
mod file_export;
#[cfg(all(test, feature = "metrics", not(miri)))]
mod file_export_tests;
pub mod ids;
#[cfg(feature = "metrics-otel")]
pub mod otel;
mod owned_counters_file;
pub(crate) mod places;
#[cfg(feature = "metrics-prometheus")]
pub mod prometheus;
mod selection;
mod snapshot;

#[cfg(feature = "metrics")]
pub use export::{AggregatorConfig, AggregatorHandle};

pub use attached::{ConsumerCounterHandles, ProducerCounterHandles};
pub use counter_handle::CounterHandle;
pub use counters_file::{CounterSnapshot, CountersFile, CountersFileError};
pub use counters_layout::{
    CACHE_LINE_BYTES, COUNTER_FLAG_CONSUMER, COUNTER_FLAG_IN_USE, COUNTER_FLAG_PRODUCER,
    COUNTER_LABEL_BYTES, COUNTERS_FILE_RESERVED_BYTES, COUNTERS_MAGIC, COUNTERS_VERSION,
    CountersHeader, MAX_COUNTER_SLOTS,
};
pub use owned_counters_file::OwnedCountersFile;
pub use places::{ConsumerInfo, ConsumerStatus};
pub use selection::{ConsumerCounterSelection, ProducerCounterSelection};
pub use snapshot::{ConsumerCounters, Counter, ProducerCounters, RingCounters};
pub(crate) use snapshot::{consumer_counters, ring_counters};
