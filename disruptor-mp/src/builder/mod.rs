//! Building a producer or a consumer: one builder per role, each with only the settings that mean
//! something for it, plus the published crate's combined builder as a porting layer over both.
//!
//! - [`build_shared_single_producer`] → [`ProducerBuilder`] → [`crate::SharedProducer`]
//! - [`attach_shared_consumer`] → [`ConsumerBuilder`] → [`crate::SharedConsumer`]
//! - [`SharedDisruptorBuilder`]: the published spelling, whose `create` flag picks the role.

mod auto;
mod consumer;
pub(crate) mod misplaced;
mod pin;
mod producer;
mod published;
mod shm;

pub use consumer::ConsumerBuilder;
pub use producer::ProducerBuilder;
pub use published::{SharedDisruptorBuilder, SharedMemoryConfig};

use crate::event::SharedEvent;
use crate::ring_name::NamespaceSetting;
use core::marker::PhantomData;
use std::time::Duration;

/// Default number of consumer-table entries: how many consumers, gating or not, may be attached
/// at once. A limit, not a preallocation of processes: raise it with
/// [`ProducerBuilder::with_max_consumers`].
pub const DEFAULT_MAX_CONSUMERS: usize = 64;
/// Default permission bits of a new ring: owner read and write only.
pub const DEFAULT_SEGMENT_MODE: u32 = 0o600;
/// How long an attacher waits for a ring that exists but is still being written.
pub const DEFAULT_READY_TIMEOUT: Duration = Duration::from_secs(2);
/// How long a dropped producer keeps its ring's name while reserved gating consumers that have
/// not attached yet have events waiting (see [`ProducerBuilder::with_linger`]).
pub const DEFAULT_LINGER: Duration = Duration::from_secs(5);

/// What both roles name: the ring (segment name, namespace) and its capacity.
#[derive(Clone, Debug)]
struct RingSpec<E> {
    name: String,
    capacity: usize,
    namespace: NamespaceSetting,
    _event: PhantomData<fn() -> E>,
}

impl<E> RingSpec<E> {
    fn new(name: &str, capacity: usize) -> Self {
        Self {
            name: name.to_owned(),
            capacity,
            namespace: NamespaceSetting::default(),
            _event: PhantomData,
        }
    }
}

/// Starts building the single producer of a new ring named `name` with `capacity` slots (a power
/// of two).
///
/// ```
/// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
/// # #[repr(C)]
/// # struct Tick { price: u64 }
/// # let ring = format!("doc-{}-build_shared_single_producer", std::process::id());
/// # let name = ring.clone();
/// # let reader = std::thread::spawn(move || {
/// #     disruptor_mp::attach_shared_consumer::<Tick>(&name, 1024)
/// #         .with_consumer_id("reader_0")
/// #         .wait_for_producer(std::time::Duration::from_secs(10))
/// #         .build_consumer()
/// # });
/// let mut producer = disruptor_mp::build_shared_single_producer::<Tick>(&ring, 1024)
///     .discover_consumer_with_prefix(1, "reader") // "reader_0" gates the producer
///     .build_producer(Tick::default)?; // returns once reader_0 attached
/// producer.publish_value(Tick { price: 100 });
/// # drop(reader.join().unwrap()?);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn build_shared_single_producer<E: SharedEvent>(
    name: impl AsRef<str>,
    capacity: usize,
) -> ProducerBuilder<E> {
    ProducerBuilder::new(RingSpec::new(name.as_ref(), capacity))
}

/// Starts building a consumer of the existing ring `name`, which must have `capacity` slots.
///
/// ```
/// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
/// # #[repr(C)]
/// # struct Tick { price: u64 }
/// # let ring = format!("doc-{}-attach_shared_consumer", std::process::id());
/// # let producer = disruptor_mp::build_shared_single_producer::<Tick>(&ring, 1024)
/// #     .build_producer(Tick::default)?;
/// let mut consumer = disruptor_mp::attach_shared_consumer::<Tick>(&ring, 1024)
///     .with_consumer_id("reader_0")
///     .wait_for_producer(std::time::Duration::from_secs(10))
///     .build_consumer()?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn attach_shared_consumer<E: SharedEvent>(
    name: impl AsRef<str>,
    capacity: usize,
) -> ConsumerBuilder<E> {
    ConsumerBuilder::new(RingSpec::new(name.as_ref(), capacity))
}

/// The setters both role builders have, written once: each role's builder holds a [`RingSpec`]
/// and a wait strategy under the same field names.
macro_rules! common_setters {
    () => {
        /// Puts the ring in `namespace` (1 to 48 characters of `[A-Za-z0-9._-]`), overriding
        /// `DISRUPTOR_MP_NAMESPACE`: its OS object becomes `/<namespace>:<name>`, so two
        /// deployments on one host can use the same names without colliding.
        ///
        /// ```
        /// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
        /// # #[repr(C)]
        /// # struct Tick { price: u64 }
        /// # let ring = format!("doc-{}-with_namespace", std::process::id());
        /// let producer = disruptor_mp::build_shared_single_producer::<Tick>(&ring, 8)
        ///     .with_namespace("staging")
        ///     .build_producer(Tick::default)?;
        /// let consumer = disruptor_mp::attach_shared_consumer::<Tick>(&ring, 8)
        ///     .with_namespace("staging")
        ///     .build_consumer()?;
        /// assert_eq!(consumer.segment_name(), format!("staging:{ring}"));
        /// // The same name outside the namespace is another ring, which does not exist.
        /// let outside = disruptor_mp::attach_shared_consumer::<Tick>(&ring, 8);
        /// assert!(outside.without_namespace().build_consumer().is_err());
        /// # Ok::<(), Box<dyn std::error::Error>>(())
        /// ```
        pub fn with_namespace(mut self, namespace: impl Into<String>) -> Self {
            self.ring.namespace = $crate::ring_name::NamespaceSetting::Explicit(namespace.into());
            self
        }

        /// Uses no namespace, whatever `DISRUPTOR_MP_NAMESPACE` says.
        ///
        /// ```
        /// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
        /// # #[repr(C)]
        /// # struct Tick { price: u64 }
        /// # let ring = format!("doc-{}-without_namespace", std::process::id());
        /// let producer = disruptor_mp::build_shared_single_producer::<Tick>(&ring, 8)
        ///     .without_namespace()
        ///     .build_producer(Tick::default)?;
        /// assert_eq!(producer.segment_name(), ring);
        /// # Ok::<(), Box<dyn std::error::Error>>(())
        /// ```
        pub fn without_namespace(mut self) -> Self {
            self.ring.namespace = $crate::ring_name::NamespaceSetting::Disabled;
            self
        }

        /// How the handle waits when it cannot proceed (default [`crate::AutoWaitStrategy::Block`]).
        ///
        /// ```
        /// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
        /// # #[repr(C)]
        /// # struct Tick { price: u64 }
        /// # let ring = format!("doc-{}-with_wait_strategy", std::process::id());
        /// use disruptor_mp::AutoWaitStrategy;
        /// use std::time::Duration;
        ///
        /// let producer = disruptor_mp::build_shared_single_producer::<Tick>(&ring, 8)
        ///     .with_wait_strategy(AutoWaitStrategy::BusySpinWithSpinLoopHint)
        ///     .build_producer(Tick::default)?;
        /// let consumer = disruptor_mp::attach_shared_consumer::<Tick>(&ring, 8)
        ///     .with_wait_strategy(AutoWaitStrategy::Sleep(Duration::from_micros(50)))
        ///     .build_consumer()?;
        /// # Ok::<(), Box<dyn std::error::Error>>(())
        /// ```
        pub fn with_wait_strategy(mut self, wait: $crate::AutoWaitStrategy) -> Self {
            self.wait = wait;
            self
        }
    };
}
use common_setters;
