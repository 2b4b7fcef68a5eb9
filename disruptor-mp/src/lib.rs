//! # disruptor-mp
//!
//! LMAX-Disruptor rings between OS processes over shared memory: one producer, a fixed ring of
//! slots, and any number of consumers that each see every event. Event types are checked: an
//! event must be `#[derive(SharedEvent)]` (which proves at compile time that it can live in shared
//! memory), and a process whose event layout differs from the one stored in the ring is refused
//! when it attaches.
//!
//! The first program: a producer that publishes a few ticks and closes the ring, and a consumer
//! that reads the stream to its end and surfaces every error. Producer and consumer normally live
//! in different processes (the README and `examples/` show that); here they share one so the
//! example runs as a test.
//!
//! ```
//! use disruptor_mp::{
//!     ConsumeError, CoordinationMode, SharedEvent, attach_shared_consumer,
//!     build_shared_single_producer,
//! };
//! use std::time::Duration;
//!
//! #[derive(Clone, Copy, Default, SharedEvent)]
//! #[repr(C)]
//! struct Tick {
//!     sequence: u64,
//!     price: f64,
//! }
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! # let ring = format!("doc-first-{}", std::process::id());
//! // Producer process: the consumer id "reader_0" is reserved, so it gates the producer and
//! // sees every tick even if it attaches late.
//! let mut producer = build_shared_single_producer::<Tick>(&ring, 1024)
//!     .discover_consumer_with_prefix(1, "reader")
//!     .with_coordination(CoordinationMode::Immediate)
//!     .build_producer(Tick::default)?;
//!
//! // Consumer process: it may start first (it waits up to 10 s for the ring), and a typo in
//! // its id is an error rather than a silent non-gating reader.
//! let mut consumer = attach_shared_consumer::<Tick>(&ring, 1024)
//!     .with_consumer_id("reader_0")
//!     .require_gating()
//!     .wait_for_producer(Duration::from_secs(10))
//!     .build_consumer()?;
//!
//! for sequence in 0..3 {
//!     producer.publish_value(Tick { sequence, price: 100.0 + sequence as f64 });
//! }
//! drop(producer); // closes the ring: the end of the stream
//!
//! let mut received = 0;
//! loop {
//!     match consumer.consume_next() {
//!         Ok((_sequence, tick)) => {
//!             assert_eq!(tick.sequence, received);
//!             received += 1;
//!         }
//!         Err(ConsumeError::ProducerClosed) => break, // every event was read
//!         Err(err) => return Err(err.into()),         // the producer died, or a lap
//!     }
//! }
//! assert_eq!(received, 3);
//! # Ok(())
//! # }
//! ```
//!
//! Reading: [`SharedConsumer::consume_next`] and [`SharedConsumer::consume_next_leased`] wait
//! (with the consumer's [`AutoWaitStrategy`]) and return an error at the end of the stream;
//! [`SharedConsumer::poll_next`] and [`SharedConsumer::poll_next_leased`] never wait and return
//! `Ok(None)` when nothing is there yet; [`SharedConsumer::process_available`] handles a batch in
//! place and [`SharedConsumer::process_available_blocking`] waits for one first. A waiting read
//! that finds an event costs what a poll costs; each has a `*_timeout` form. An [`AutoConsumer`]
//! ([`ConsumerBuilder::handle_events_with`]) runs a handler on a thread of its own and stops
//! within one batch. The published crate's `try_consume_next*` forms remain, returning `None` both for
//! "nothing yet" and for "never again": do not end a loop on their first `None`.
//!
//! Publishing: [`SharedProducer::publish`] (waits for space), [`SharedProducer::try_publish`]
//! (never waits), [`SharedProducer::publish_value`] (a whole event),
//! [`SharedProducer::publish_batch`] and [`SharedProducer::try_batch_publish`], and
//! [`SharedProducer::try_claim`] to fill claimed slots yourself: one claim-fill-publish path
//! under all of them.
//!
//! Errors: one type per operation ([`CreateError`], [`AttachError`], [`ConsumeError`],
//! [`ResumeError`], [`HandleEventsError`], [`AutoConsumerError`], and the publish errors), all convertible into the published crate's
//! [`MultiProcessError`].
//!
//! Configuration from the environment (wait durations, CPU cores, the namespace) follows one
//! table in [`env`](mod@env): `DISRUPTOR_MP_*` variables, the published crate's `MYELON_*` names as
//! fallbacks, and an error naming the variable for a value that does not parse.
//!
//! Deployments that share a host set a namespace (`with_namespace`, or the environment variable
//! [`NAMESPACE_ENV`]) so the same ring names never collide.
//!
//! ## Model
//!
//! - **One segment per ring**: header, field table, consumer table and slots live in one POSIX
//!   shared-memory object, so creating, attaching and removing a ring are single operations.
//! - **Gating**: the producer waits for the consumers its [`DiscoveryMode`] names (strict
//!   broadcast). Other consumers only read; if the producer laps one, it gets
//!   [`ConsumeError::Lapped`] rather than overwritten data, until it skips ahead with
//!   [`SharedConsumer::resume_from_oldest`] or [`SharedConsumer::resume_from_newest`], which
//!   say how many events it missed.
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
//! the ring's is refused with [`AttachError::LayoutMismatch`], which names both layouts and
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
pub mod backend;
pub mod env;
pub mod event;
pub mod inspect;
pub mod lock_free;
pub mod observability;
pub mod shared_memory;

#[cfg(all(feature = "tokio", not(loom)))]
mod aio;
mod arithmetic;
mod builder;
mod channel;
mod consumer;
mod coordination;
mod deadline;
mod error;
mod layout;
mod liveness;
mod mmap;
mod naming;
mod producer;
mod ring;
mod ring_name;
mod trace;
mod views;
mod wait;

/// Sequence numbers of events in a ring: 0 for the first event, -1 for "none yet".
pub type Sequence = i64;

#[cfg(all(feature = "tokio", not(loom)))]
pub use aio::{__bridge_running, AsyncConsumer, NextEvent, NextLease, SpaceReady};
pub use arithmetic::is_multiple_of_u64;
pub use builder::{
    ConsumerBuilder, DEFAULT_LINGER, DEFAULT_MAX_CONSUMERS, DEFAULT_READY_TIMEOUT,
    DEFAULT_SEGMENT_MODE, ProducerBuilder, SharedDisruptorBuilder, SharedMemoryConfig,
    attach_mmap_consumer, attach_shared_consumer, build_mmap_single_producer,
    build_shared_single_producer,
};
pub use channel::{ChannelBackend, SharedChannel};
pub use consumer::{AutoConsumer, ConsumerRole, SharedConsumer};
pub use coordination::{CoordinationMode, DiscoveryMode};
pub use disruptor_mp_derive::SharedEvent;
pub use error::{
    AttachError, AutoConsumerError, BatchTooLarge, ConfigError, ConsumeError, CorruptReason,
    CreateError, DirectoryError, DirectoryProblem, FieldDifference, FieldPlacement,
    HandleEventsError, LayoutSummary, MemoryLockError, MissingFreeSlots, MultiProcessError,
    MultiProcessResult, PinError, PublishTimeoutError, RequiredConsumerError, ResumeError,
    RingBufferFull,
};
pub use event::SharedEvent;
pub use event::segment_name::{PORTABLE_SHM_SEGMENT_NAME_MAX_LEN, PortableSegmentName};
pub use layout::SlotLayout;
pub use liveness::{
    RequiredConsumerAlert, RequiredConsumerAlertHook, RequiredConsumerFailureAction,
    RequiredConsumerLivenessConfig, StallCause,
};
pub use mmap::{MmapConsumer, MmapProducer, MmapRingBuffer, MmapTransportLayout};
pub use naming::{SEGMENT_NAME_MAX_LEN, is_portable_segment_name, portable_shm_segment_name};
pub use observability::{
    ConsumerCounterSelection, ConsumerInfo, ConsumerStatus, ProducerCounterSelection,
};
pub use producer::{Claim, Producer, SharedProducer};
pub use ring::batch::MutBatchIter;
pub use ring::lease::SharedConsumerLease;
pub use ring_name::{NAMESPACE_ENV, NAMESPACE_MAX_LEN};
pub use views::{
    ConsumerBarrier, SharedConsumerBarrier, SharedCursor, SharedCursorTrait, SharedRingBuffer,
    ShmRingBuffer,
};
pub use wait::{
    AutoWaitStrategy, BLOCK_TIMEOUT, Readiness, Ready, WaitKey, WaitSet,
    default_block_strategy_duration, default_consume_sleep_duration,
    default_discovery_poll_duration, perform_default_block_wait,
    perform_default_consume_sleep_wait, perform_default_discovery_poll_wait, perform_sleep_wait,
};

/// Compiles the README's Rust examples as doctests, so the documentation cannot drift from the
/// API.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeDoctests;
