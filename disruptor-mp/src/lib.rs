//! # disruptor-mp
//!
//! LMAX-Disruptor rings between OS processes over shared memory: one producer, a fixed ring of
//! slots, and any number of consumers that each see every event. Event types are checked: an
//! event must be `#[derive(SharedEvent)]` (which proves at compile time that it can live in shared
//! memory), and a process whose event layout differs from the one stored in the ring is refused
//! when it attaches.
//!
//! ```no_run
//! use disruptor_mp::{
//!     attach_shared_consumer, build_shared_single_producer, portable_shm_segment_name,
//!     CoordinationMode, SharedEvent,
//! };
//!
//! #[derive(Clone, Copy, Default, SharedEvent)]
//! #[repr(C)]
//! struct Event {
//!     sequence: u64,
//!     price: f64,
//! }
//!
//! // Producer process:
//! let segment = portable_shm_segment_name("demo");
//! let mut producer = build_shared_single_producer::<Event>(&segment, 4096)
//!     .discover_consumer_with_prefix(1, "cp")
//!     .with_coordination(CoordinationMode::Immediate)
//!     .build_producer(Event::default)
//!     .expect("build producer");
//! producer.publish(|slot| slot.sequence = 42);
//!
//! // Consumer process (same label, so the same name):
//! let segment = portable_shm_segment_name("demo");
//! let mut consumer = attach_shared_consumer::<Event>(segment, 4096)
//!     .with_consumer_id("cp_0")
//!     .build_consumer()
//!     .expect("attach consumer");
//! while let Some(event) = consumer.try_consume_next_leased() {
//!     assert_eq!(event.sequence, 42);
//! }
//! ```
//!
//! ## Model
//!
//! - **One segment per ring**: header, field table, consumer table and slots live in one POSIX
//!   shared-memory object, so creating, attaching and removing a ring are single operations.
//! - **Gating**: the producer waits for the consumers its [`DiscoveryMode`] names (strict
//!   broadcast). Other consumers only read; if the producer laps one, it gets
//!   [`ConsumeError::Lapped`] rather than overwritten data.
//! - **End of stream**: dropping the producer closes the ring; consumers drain it and then get
//!   [`ConsumeError::ProducerClosed`]. A producer that died is detected from its pid and start
//!   time ([`ConsumeError::ProducerDead`]), and its segment is reclaimed by the next producer.
//!
//! ## Typed channels
//!
//! Declare a ring once with [`shared_channel!`]: each declaration is a type whose constants are
//! the ring's segment name, capacity, consumer places and event fingerprint, and whose
//! `producer()` and `consumer(index)` return the builders above, so processes that share the
//! declaration cannot disagree on a name or a number. A process whose event layout differs from
//! the ring's is refused with [`MultiProcessError::LayoutMismatch`], which names both layouts and
//! the first field that differs ([`FieldDifference`]).

// Linux only: the rings wait on futexes and read a process's start time from /proc.
#[cfg(not(target_os = "linux"))]
compile_error!(
    "disruptor-mp supports Linux only (it uses futexes and /proc); macOS and other platforms are not supported yet"
);

#[cfg(any(test, feature = "fuzzing"))]
#[doc(hidden)]
pub mod __fuzz;
#[doc(hidden)]
pub mod __private;
pub mod event;

mod backend;
mod builder;
mod channel;
mod consumer;
mod coordination;
mod error;
mod layout;
mod naming;
mod producer;
mod ring;
mod wait;

/// Sequence numbers of events in a ring: 0 for the first event, -1 for "none yet".
pub type Sequence = i64;

pub use builder::{
    DEFAULT_MAX_CONSUMERS, DEFAULT_READY_TIMEOUT, DEFAULT_SEGMENT_MODE, SharedDisruptorBuilder,
    attach_shared_consumer, build_shared_single_producer,
};
pub use channel::{ChannelBackend, SharedChannel};
pub use consumer::SharedConsumer;
pub use coordination::{CoordinationMode, DiscoveryMode};
pub use disruptor_mp_derive::SharedEvent;
pub use error::{
    ConsumeError, CorruptReason, FieldDifference, FieldPlacement, LayoutSummary, MissingFreeSlots,
    MultiProcessError, MultiProcessResult, PublishTimeoutError, RingBufferFull,
};
pub use event::SharedEvent;
pub use naming::{
    PORTABLE_SHM_SEGMENT_NAME_MAX_LEN, PortableSegmentName, SEGMENT_NAME_MAX_LEN,
    is_portable_segment_name, portable_shm_segment_name,
};
pub use producer::{Producer, SharedProducer};
pub use ring::lease::SharedConsumerLease;
pub use wait::{AutoWaitStrategy, BLOCK_TIMEOUT};

/// Compiles the README's Rust examples as doctests, so the documentation cannot drift from the
/// API.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeDoctests;
