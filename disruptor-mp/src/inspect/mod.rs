//! Seeing a ring from outside: a read-only inspection API that any process may use on any ring,
//! without its event type, without joining it and without writing a byte of it. The `dmp`
//! command-line tool is built on it.
//!
//! - [`RingInspector`] opens one ring (POSIX shared memory or a ring file) and reads its
//!   header, field table, consumers, counters ([`RingReport`]) and the events still in its
//!   slots, decoded field by field ([`RingInspector::last_events`]);
//! - [`list_rings`] reports every ring in `/dev/shm` or in a directory;
//! - [`collect_ring`] and [`collect_garbage`] remove rings whose producer and consumers are
//!   all gone, by the same owner-lock judgement a creator applies before it reclaims a name.
//!
//! ```
//! # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
//! # #[repr(C)]
//! # struct Tick { price: u64 }
//! use disruptor_mp::inspect::{ProducerStatus, RingInspector, RingLocation};
//!
//! # let name = format!("doc-inspect-{}", std::process::id());
//! let mut producer = disruptor_mp::build_shared_single_producer::<Tick>(&name, 8)
//!     .build_producer(Tick::default)?;
//! producer.publish_value(Tick { price: 42 });
//!
//! let ring = RingInspector::open(&RingLocation::Shm(name.clone()))?;
//! let report = ring.report();
//! assert_eq!(report.event.name, "Tick");
//! assert_eq!(report.producer.status, ProducerStatus::Alive);
//! assert!(!report.is_stale());
//! let events = ring.last_events(3);
//! assert_eq!(events.len(), 1);
//! assert_eq!(events[0].fields[0].value.to_string(), "42");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod decode;
mod error;
mod gc;
mod list;
mod location;
mod report;
mod ring;

pub use decode::{DecodedField, EventRecord, FieldValue};
pub use error::InspectError;
pub use gc::{Collected, CollectedRing, collect_garbage, collect_ring};
pub use list::{ListedRing, SHM_DIR, list_rings};
pub use location::RingLocation;
pub use report::{EventReport, FieldReport, ProducerReport, ProducerStatus, RingReport};
pub use ring::RingInspector;

/// The report of the ring at `location`, read once: [`RingInspector::open`] then
/// [`RingInspector::report`].
pub fn inspect(location: &RingLocation) -> Result<RingReport, InspectError> {
    RingInspector::open(location).map(|ring| ring.report())
}
