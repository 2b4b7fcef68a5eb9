//! The published crate's combined builder, kept for porting code: one type whose `create` flag
//! picks the role, forwarding each setter to that role's builder.
//!
//! New code should use [`crate::build_shared_single_producer`] and
//! [`crate::attach_shared_consumer`], whose builders only have the settings of their role. Here a
//! setter of the other role (the published crate silently ignored `enable_discovery` on a
//! consumer) is remembered and refused when the builder builds, with
//! [`ConfigError::WrongRole`] naming the setter.

use super::{ConsumerBuilder, ProducerBuilder, RingSpec};
use crate::Sequence;
use crate::consumer::{AutoConsumer, SharedConsumer};
use crate::coordination::{CoordinationMode, DiscoveryMode};
use crate::error::{AttachError, ConfigError, CreateError, HandleEventsError, MultiProcessResult};
use crate::event::SharedEvent;
use crate::producer::SharedProducer;
use crate::wait::AutoWaitStrategy;
use std::fmt;
use std::time::Duration;

/// Where a ring lives and which role a [`SharedDisruptorBuilder`] builds: the published crate's
/// configuration struct.
///
/// ```
/// let config = disruptor_mp::SharedMemoryConfig {
///     name: "ticks".into(),
///     buffer_size: 1024,
///     element_size: 8,
///     create: true,
/// };
/// assert_eq!(config.to_string(), "SharedMemory(name=ticks, size=1024, element_size=8)");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct SharedMemoryConfig {
    /// The ring's segment name.
    pub name: String,
    /// Number of slots (a power of two).
    pub buffer_size: usize,
    /// `size_of` the event type; checked against the builder's event type when it builds.
    pub element_size: usize,
    /// `true`: the builder creates the ring (a producer); `false`: it attaches (a consumer).
    pub create: bool,
}

impl fmt::Display for SharedMemoryConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "SharedMemory(name={}, size={}, element_size={})",
            self.name, self.buffer_size, self.element_size
        )
    }
}

/// The published crate's builder for both roles: `SharedMemoryConfig::create` picks whether it
/// builds a producer (`true`) or a consumer (`false`).
///
/// Kept so that porting code compiles; it forwards to [`ProducerBuilder`] or
/// [`ConsumerBuilder`]. A setter for the role the builder was not made for, or the other role's
/// `build_*`, makes the build fail with [`ConfigError::WrongRole`] instead of being ignored.
///
/// ```
/// use disruptor_mp::{SharedDisruptorBuilder, SharedMemoryConfig};
/// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
/// # #[repr(C)]
/// # struct Tick { price: u64 }
/// # let ring = format!("doc-{}-SharedDisruptorBuilder", std::process::id());
/// # let name = ring.clone();
/// # let reader = std::thread::spawn(move || {
/// #     disruptor_mp::attach_shared_consumer::<Tick>(&name, 1024)
/// #         .with_consumer_id("reader_0")
/// #         .wait_for_producer(std::time::Duration::from_secs(10))
/// #         .build_consumer()
/// # });
///
/// let config = SharedMemoryConfig {
///     name: ring.clone(),
///     buffer_size: 1024,
///     element_size: size_of::<Tick>(),
///     create: true,
/// };
/// let producer = SharedDisruptorBuilder::<Tick>::new(config)
///     .discover_consumer_with_prefix(1, "reader")
///     .build_producer(Tick::default)?; // returns once reader_0 attached
/// # drop(reader.join().unwrap()?);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug)]
#[must_use = "a builder does nothing until `build_producer` or `build_consumer` is called"]
pub struct SharedDisruptorBuilder<E> {
    element_size: usize,
    create: bool,
    producer: Option<ProducerBuilder<E>>,
    consumer: Option<ConsumerBuilder<E>>,
    /// The first setter called for the role this builder was not made for.
    misplaced: Option<(&'static str, &'static str)>,
}

const PRODUCER: &str = "producer";
const CONSUMER: &str = "consumer";

impl<E: SharedEvent> SharedDisruptorBuilder<E> {
    /// A builder for the ring `config` describes, in the role its `create` flag picks.
    ///
    /// ```
    /// use disruptor_mp::{SharedDisruptorBuilder, SharedMemoryConfig};
    /// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
    /// # #[repr(C)]
    /// # struct Tick { price: u64 }
    /// # let ring = format!("doc-{}-SharedDisruptorBuilder_new", std::process::id());
    ///
    /// let config = SharedMemoryConfig {
    ///     name: ring.clone(),
    ///     buffer_size: 8,
    ///     element_size: size_of::<Tick>(),
    ///     create: true, // the producer's builder
    /// };
    /// let mut producer = SharedDisruptorBuilder::<Tick>::new(config.clone())
    ///     .build_producer(Tick::default)?;
    /// let consumer_config = SharedMemoryConfig { create: false, ..config };
    /// let mut consumer = SharedDisruptorBuilder::<Tick>::new(consumer_config).build_consumer()?;
    /// producer.publish_value(Tick { price: 10 });
    /// assert_eq!(consumer.consume_next()?.1.price, 10);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(config: SharedMemoryConfig) -> Self {
        let ring = RingSpec::new(&config.name, config.buffer_size);
        let (producer, consumer) = if config.create {
            (Some(ProducerBuilder::new(ring)), None)
        } else {
            (None, Some(ConsumerBuilder::new(ring)))
        };
        Self {
            element_size: config.element_size,
            create: config.create,
            producer,
            consumer,
            misplaced: None,
        }
    }

    fn for_producer(
        mut self,
        call: &'static str,
        set: impl FnOnce(ProducerBuilder<E>) -> ProducerBuilder<E>,
    ) -> Self {
        match self.producer.take() {
            Some(builder) => self.producer = Some(set(builder)),
            None => {
                self.misplaced.get_or_insert((call, PRODUCER));
            }
        }
        self
    }

    fn for_consumer(
        mut self,
        call: &'static str,
        set: impl FnOnce(ConsumerBuilder<E>) -> ConsumerBuilder<E>,
    ) -> Self {
        match self.consumer.take() {
            Some(builder) => self.consumer = Some(set(builder)),
            None => {
                self.misplaced.get_or_insert((call, CONSUMER));
            }
        }
        self
    }

    /// The error for `call`, meant for the role `wanted`, on this builder.
    fn wrong_role(&self, call: &'static str, wanted: &'static str) -> ConfigError {
        ConfigError::WrongRole {
            call,
            wanted,
            role: if self.create { PRODUCER } else { CONSUMER },
            create: self.create,
            entry: if wanted == PRODUCER {
                "build_shared_single_producer"
            } else {
                "attach_shared_consumer"
            },
        }
    }

    /// Refuses a misplaced setter and an element size that is not the event's.
    fn check(&self) -> Result<(), ConfigError> {
        if let Some((call, wanted)) = self.misplaced {
            return Err(self.wrong_role(call, wanted));
        }
        if self.element_size != size_of::<E>() {
            return Err(ConfigError::ElementSize {
                configured: self.element_size,
                actual: size_of::<E>(),
            });
        }
        Ok(())
    }

    /// See [`ProducerBuilder::with_coordination_timeout`].
    ///
    /// ```
    /// use disruptor_mp::SharedDisruptorBuilder;
    /// use disruptor_mp::{CreateError, MultiProcessError};
    /// use std::time::Duration;
    /// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
    /// # #[repr(C)]
    /// # struct Tick { price: u64 }
    /// # let ring = format!("doc-{}-compat_with_coordination_timeout", std::process::id());
    /// # let producer_config = disruptor_mp::SharedMemoryConfig {
    /// #     name: ring.clone(),
    /// #     buffer_size: 8,
    /// #     element_size: size_of::<Tick>(),
    /// #     create: true,
    /// # };
    ///
    /// let built = SharedDisruptorBuilder::<Tick>::new(producer_config)
    ///     .discover_consumer_with_prefix(1, "reader")
    ///     .with_coordination_timeout(Duration::from_millis(20))
    ///     .build_producer(Tick::default);
    /// assert!(matches!(
    ///     built,
    ///     Err(MultiProcessError::Create(CreateError::CoordinationTimeout { .. }))
    /// ));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_coordination_timeout(self, timeout: Duration) -> Self {
        self.for_producer("with_coordination_timeout", |b| {
            b.with_coordination_timeout(timeout)
        })
    }

    /// See [`ProducerBuilder::with_coordination`].
    ///
    /// ```
    /// use disruptor_mp::SharedDisruptorBuilder;
    /// use disruptor_mp::CoordinationMode;
    /// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
    /// # #[repr(C)]
    /// # struct Tick { price: u64 }
    /// # let ring = format!("doc-{}-compat_with_coordination", std::process::id());
    /// # let producer_config = disruptor_mp::SharedMemoryConfig {
    /// #     name: ring.clone(),
    /// #     buffer_size: 8,
    /// #     element_size: size_of::<Tick>(),
    /// #     create: true,
    /// # };
    ///
    /// let producer = SharedDisruptorBuilder::<Tick>::new(producer_config)
    ///     .discover_consumer_with_prefix(1, "reader")
    ///     .with_coordination(CoordinationMode::Immediate)
    ///     .build_producer(Tick::default)?;
    /// assert_eq!(producer.awaited_consumer_ids(), ["reader_0"]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_coordination(self, mode: CoordinationMode) -> Self {
        self.for_producer("with_coordination", |b| b.with_coordination(mode))
    }

    /// See [`ProducerBuilder::wait_for_single_consumer`].
    ///
    /// ```
    /// use disruptor_mp::SharedDisruptorBuilder;
    /// use disruptor_mp::{CreateError, MultiProcessError};
    /// use std::time::Duration;
    /// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
    /// # #[repr(C)]
    /// # struct Tick { price: u64 }
    /// # let ring = format!("doc-{}-compat_wait_for_single_consumer", std::process::id());
    /// # let producer_config = disruptor_mp::SharedMemoryConfig {
    /// #     name: ring.clone(),
    /// #     buffer_size: 8,
    /// #     element_size: size_of::<Tick>(),
    /// #     create: true,
    /// # };
    ///
    /// let built = SharedDisruptorBuilder::<Tick>::new(producer_config)
    ///     .wait_for_single_consumer(Duration::from_millis(20))
    ///     .build_producer(Tick::default);
    /// assert!(matches!(
    ///     built,
    ///     Err(MultiProcessError::Create(CreateError::CoordinationTimeout { expected: 1, .. }))
    /// ));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn wait_for_single_consumer(self, timeout: Duration) -> Self {
        self.for_producer("wait_for_single_consumer", |b| {
            b.wait_for_single_consumer(timeout)
        })
    }

    /// See [`ProducerBuilder::wait_for_consumers`].
    ///
    /// ```
    /// use disruptor_mp::SharedDisruptorBuilder;
    /// use disruptor_mp::{CreateError, MultiProcessError};
    /// use std::time::Duration;
    /// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
    /// # #[repr(C)]
    /// # struct Tick { price: u64 }
    /// # let ring = format!("doc-{}-compat_wait_for_consumers", std::process::id());
    /// # let producer_config = disruptor_mp::SharedMemoryConfig {
    /// #     name: ring.clone(),
    /// #     buffer_size: 8,
    /// #     element_size: size_of::<Tick>(),
    /// #     create: true,
    /// # };
    ///
    /// let built = SharedDisruptorBuilder::<Tick>::new(producer_config)
    ///     .wait_for_consumers(2, Duration::from_millis(20))
    ///     .build_producer(Tick::default);
    /// assert!(matches!(
    ///     built,
    ///     Err(MultiProcessError::Create(CreateError::CoordinationTimeout { expected: 2, .. }))
    /// ));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn wait_for_consumers(self, min_consumers: i64, timeout: Duration) -> Self {
        self.for_producer("wait_for_consumers", |b| {
            b.wait_for_consumers(min_consumers, timeout)
        })
    }

    /// See [`ProducerBuilder::with_discovery`].
    ///
    /// ```
    /// use disruptor_mp::SharedDisruptorBuilder;
    /// use disruptor_mp::{CoordinationMode, DiscoveryMode};
    /// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
    /// # #[repr(C)]
    /// # struct Tick { price: u64 }
    /// # let ring = format!("doc-{}-compat_with_discovery", std::process::id());
    /// # let producer_config = disruptor_mp::SharedMemoryConfig {
    /// #     name: ring.clone(),
    /// #     buffer_size: 8,
    /// #     element_size: size_of::<Tick>(),
    /// #     create: true,
    /// # };
    ///
    /// let producer = SharedDisruptorBuilder::<Tick>::new(producer_config)
    ///     .with_discovery(DiscoveryMode::enabled(2))
    ///     .with_coordination(CoordinationMode::Immediate)
    ///     .build_producer(Tick::default)?;
    /// assert_eq!(producer.gating_consumer_count(), 2);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_discovery(self, mode: DiscoveryMode) -> Self {
        self.for_producer("with_discovery", |b| b.with_discovery(mode))
    }

    /// See [`ProducerBuilder::disable_discovery`].
    ///
    /// ```
    /// use disruptor_mp::SharedDisruptorBuilder;
    /// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
    /// # #[repr(C)]
    /// # struct Tick { price: u64 }
    /// # let ring = format!("doc-{}-compat_disable_discovery", std::process::id());
    /// # let producer_config = disruptor_mp::SharedMemoryConfig {
    /// #     name: ring.clone(),
    /// #     buffer_size: 8,
    /// #     element_size: size_of::<Tick>(),
    /// #     create: true,
    /// # };
    ///
    /// let producer = SharedDisruptorBuilder::<Tick>::new(producer_config)
    ///     .disable_discovery()
    ///     .build_producer(Tick::default)?;
    /// assert_eq!(producer.gating_consumer_count(), 0);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn disable_discovery(self) -> Self {
        self.for_producer("disable_discovery", ProducerBuilder::disable_discovery)
    }

    /// See [`ProducerBuilder::enable_discovery`].
    ///
    /// ```
    /// use disruptor_mp::SharedDisruptorBuilder;
    /// use disruptor_mp::CoordinationMode;
    /// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
    /// # #[repr(C)]
    /// # struct Tick { price: u64 }
    /// # let ring = format!("doc-{}-compat_enable_discovery", std::process::id());
    /// # let producer_config = disruptor_mp::SharedMemoryConfig {
    /// #     name: ring.clone(),
    /// #     buffer_size: 8,
    /// #     element_size: size_of::<Tick>(),
    /// #     create: true,
    /// # };
    ///
    /// let producer = SharedDisruptorBuilder::<Tick>::new(producer_config)
    ///     .enable_discovery(1)
    ///     .with_coordination(CoordinationMode::Immediate)
    ///     .build_producer(Tick::default)?;
    /// assert_eq!(producer.gating_consumer_count(), 1);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn enable_discovery(self, max_consumers: usize) -> Self {
        self.for_producer("enable_discovery", |b| b.enable_discovery(max_consumers))
    }

    /// See [`ProducerBuilder::discover_consumer_with_prefix`].
    ///
    /// ```
    /// use disruptor_mp::SharedDisruptorBuilder;
    /// use disruptor_mp::CoordinationMode;
    /// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
    /// # #[repr(C)]
    /// # struct Tick { price: u64 }
    /// # let ring = format!("doc-{}-compat_discover_consumer_with_prefix", std::process::id());
    /// # let producer_config = disruptor_mp::SharedMemoryConfig {
    /// #     name: ring.clone(),
    /// #     buffer_size: 8,
    /// #     element_size: size_of::<Tick>(),
    /// #     create: true,
    /// # };
    ///
    /// let producer = SharedDisruptorBuilder::<Tick>::new(producer_config)
    ///     .discover_consumer_with_prefix(2, "reader")
    ///     .with_coordination(CoordinationMode::Immediate)
    ///     .build_producer(Tick::default)?;
    /// assert_eq!(producer.awaited_consumer_ids(), ["reader_0", "reader_1"]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn discover_consumer_with_prefix(self, max_consumers: usize, prefix: &str) -> Self {
        self.for_producer("discover_consumer_with_prefix", |b| {
            b.discover_consumer_with_prefix(max_consumers, prefix)
        })
    }

    /// See [`ProducerBuilder::with_discovery_interval`].
    ///
    /// ```
    /// use disruptor_mp::SharedDisruptorBuilder;
    /// use disruptor_mp::CoordinationMode;
    /// use std::time::Duration;
    /// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
    /// # #[repr(C)]
    /// # struct Tick { price: u64 }
    /// # let ring = format!("doc-{}-compat_with_discovery_interval", std::process::id());
    /// # let producer_config = disruptor_mp::SharedMemoryConfig {
    /// #     name: ring.clone(),
    /// #     buffer_size: 8,
    /// #     element_size: size_of::<Tick>(),
    /// #     create: true,
    /// # };
    ///
    /// let producer = SharedDisruptorBuilder::<Tick>::new(producer_config)
    ///     .with_discovery_interval(1, Duration::from_millis(100))
    ///     .with_coordination(CoordinationMode::Immediate)
    ///     .build_producer(Tick::default)?;
    /// assert_eq!(producer.gating_consumer_count(), 1);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_discovery_interval(self, max_consumers: usize, interval: Duration) -> Self {
        self.for_producer("with_discovery_interval", |b| {
            b.with_discovery_interval(max_consumers, interval)
        })
    }

    /// See [`ProducerBuilder::discover_consumer_with_prefix_and_interval`].
    ///
    /// ```
    /// use disruptor_mp::SharedDisruptorBuilder;
    /// use disruptor_mp::CoordinationMode;
    /// use std::time::Duration;
    /// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
    /// # #[repr(C)]
    /// # struct Tick { price: u64 }
    /// # let ring = format!("doc-{}-compat_prefix_and_interval", std::process::id());
    /// # let producer_config = disruptor_mp::SharedMemoryConfig {
    /// #     name: ring.clone(),
    /// #     buffer_size: 8,
    /// #     element_size: size_of::<Tick>(),
    /// #     create: true,
    /// # };
    ///
    /// let producer = SharedDisruptorBuilder::<Tick>::new(producer_config)
    ///     .discover_consumer_with_prefix_and_interval(1, "reader", Duration::from_millis(100))
    ///     .with_coordination(CoordinationMode::Immediate)
    ///     .build_producer(Tick::default)?;
    /// assert_eq!(producer.awaited_consumer_ids(), ["reader_0"]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn discover_consumer_with_prefix_and_interval(
        self,
        max_consumers: usize,
        prefix: &str,
        interval: Duration,
    ) -> Self {
        self.for_producer("discover_consumer_with_prefix_and_interval", |b| {
            b.discover_consumer_with_prefix_and_interval(max_consumers, prefix, interval)
        })
    }

    /// See [`ConsumerBuilder::with_consumer_id`].
    ///
    /// ```
    /// use disruptor_mp::SharedDisruptorBuilder;
    /// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
    /// # #[repr(C)]
    /// # struct Tick { price: u64 }
    /// # let ring = format!("doc-{}-compat_with_consumer_id", std::process::id());
    /// # let producer_config = disruptor_mp::SharedMemoryConfig {
    /// #     name: ring.clone(),
    /// #     buffer_size: 8,
    /// #     element_size: size_of::<Tick>(),
    /// #     create: true,
    /// # };
    /// # let consumer_config = disruptor_mp::SharedMemoryConfig {
    /// #     create: false,
    /// #     ..producer_config.clone()
    /// # };
    /// # let producer = SharedDisruptorBuilder::<Tick>::new(producer_config)
    /// #     .discover_consumer_with_prefix(1, "reader")
    /// #     .with_coordination(disruptor_mp::CoordinationMode::Immediate)
    /// #     .build_producer(Tick::default)?;
    ///
    /// let consumer = SharedDisruptorBuilder::<Tick>::new(consumer_config)
    ///     .with_consumer_id("reader_0")
    ///     .build_consumer()?;
    /// assert!(consumer.is_gating());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_consumer_id(self, id: &str) -> Self {
        self.for_consumer("with_consumer_id", |b| b.with_consumer_id(id))
    }

    /// See [`ProducerBuilder::with_process_core`] and [`ConsumerBuilder::with_process_core`]:
    /// pins the thread that builds, in either role.
    ///
    /// ```
    /// use disruptor_mp::{SharedDisruptorBuilder, SharedMemoryConfig};
    /// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
    /// # #[repr(C)]
    /// # struct Tick { price: u64 }
    /// # let ring = format!("doc-{}-compat_with_process_core", std::process::id());
    /// let config = SharedMemoryConfig {
    ///     name: ring.clone(),
    ///     buffer_size: 8,
    ///     element_size: size_of::<Tick>(),
    ///     create: true,
    /// };
    /// let producer = SharedDisruptorBuilder::<Tick>::new(config)
    ///     .with_process_core(0)
    ///     .build_producer(Tick::default)?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_process_core(mut self, core: usize) -> Self {
        self.producer = self.producer.map(|b| b.with_process_core(core));
        self.consumer = self.consumer.map(|b| b.with_process_core(core));
        self
    }

    /// See [`ConsumerBuilder::with_consumer_core`]; a consumer setting, so a producer's builder
    /// refuses to build after it ([`ConfigError::WrongRole`]).
    ///
    /// ```
    /// use disruptor_mp::{AttachError, ConfigError, CreateError, MultiProcessError};
    /// use disruptor_mp::{SharedDisruptorBuilder, SharedMemoryConfig};
    /// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
    /// # #[repr(C)]
    /// # struct Tick { price: u64 }
    /// # let ring = format!("doc-{}-compat_with_consumer_core", std::process::id());
    /// let config = SharedMemoryConfig {
    ///     name: ring.clone(),
    ///     buffer_size: 8,
    ///     element_size: size_of::<Tick>(),
    ///     create: true,
    /// };
    /// let wrong = SharedDisruptorBuilder::<Tick>::new(config)
    ///     .with_consumer_core(1)
    ///     .build_producer(Tick::default);
    /// assert!(matches!(
    ///     wrong,
    ///     Err(MultiProcessError::Create(CreateError::Config(ConfigError::WrongRole {
    ///         call: "with_consumer_core",
    ///         ..
    ///     })))
    /// ));
    /// ```
    pub fn with_consumer_core(self, core: usize) -> Self {
        self.for_consumer("with_consumer_core", |b| b.with_consumer_core(core))
    }

    /// Creates the ring and returns its producer: [`ProducerBuilder::build_producer`]. Fails
    /// with [`ConfigError::WrongRole`] on a builder whose `create` flag is false.
    ///
    /// ```
    /// use disruptor_mp::SharedDisruptorBuilder;
    /// use disruptor_mp::{ConfigError, CreateError, MultiProcessError};
    /// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
    /// # #[repr(C)]
    /// # struct Tick { price: u64 }
    /// # let ring = format!("doc-{}-compat_build_producer", std::process::id());
    /// # let producer_config = disruptor_mp::SharedMemoryConfig {
    /// #     name: ring.clone(),
    /// #     buffer_size: 8,
    /// #     element_size: size_of::<Tick>(),
    /// #     create: true,
    /// # };
    /// # let consumer_config = disruptor_mp::SharedMemoryConfig {
    /// #     create: false,
    /// #     ..producer_config.clone()
    /// # };
    ///
    /// let producer =
    ///     SharedDisruptorBuilder::<Tick>::new(producer_config).build_producer(Tick::default)?;
    /// // A builder made for a consumer (`create: false`) refuses to build a producer.
    /// let wrong =
    ///     SharedDisruptorBuilder::<Tick>::new(consumer_config).build_producer(Tick::default);
    /// assert!(matches!(
    ///     wrong,
    ///     Err(MultiProcessError::Create(CreateError::Config(ConfigError::WrongRole { .. })))
    /// ));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn build_producer(
        self,
        factory: impl FnMut() -> E,
    ) -> MultiProcessResult<SharedProducer<E>> {
        self.check().map_err(CreateError::from)?;
        match self.producer {
            Some(builder) => Ok(builder.build_producer(factory)?),
            None => Err(CreateError::from(self.wrong_role("build_producer", PRODUCER)).into()),
        }
    }

    /// [`ConsumerBuilder::handle_events_with`]: attaches and runs `handler` on an
    /// [`AutoConsumer`] thread. Fails with [`ConfigError::WrongRole`] on a builder whose
    /// `create` flag is true.
    ///
    /// ```
    /// use disruptor_mp::{SharedDisruptorBuilder, SharedMemoryConfig};
    /// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
    /// # #[repr(C)]
    /// # struct Tick { price: u64 }
    /// # let ring = format!("doc-{}-compat_handle_events_with", std::process::id());
    /// # let producer = disruptor_mp::build_shared_single_producer::<Tick>(&ring, 8)
    /// #     .build_producer(Tick::default)?;
    /// let config = SharedMemoryConfig {
    ///     name: ring.clone(),
    ///     buffer_size: 8,
    ///     element_size: size_of::<Tick>(),
    ///     create: false,
    /// };
    /// let mut auto = SharedDisruptorBuilder::<Tick>::new(config.clone())
    ///     .handle_events_with(|_tick: &Tick, _sequence, _end_of_batch| {})?;
    /// auto.shutdown_and_join()?;
    /// // A producer's builder (`create: true`) refuses instead of attaching.
    /// let producer_config = SharedMemoryConfig { create: true, ..config };
    /// let wrong = SharedDisruptorBuilder::<Tick>::new(producer_config)
    ///     .handle_events_with(|_tick: &Tick, _sequence, _end_of_batch| {});
    /// assert!(matches!(
    ///     wrong,
    ///     Err(disruptor_mp::MultiProcessError::HandleEvents(
    ///         disruptor_mp::HandleEventsError::Attach(disruptor_mp::AttachError::Config(
    ///             disruptor_mp::ConfigError::WrongRole { call: "handle_events_with", .. }
    ///         ))
    ///     ))
    /// ));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn handle_events_with<F>(self, handler: F) -> MultiProcessResult<AutoConsumer>
    where
        F: FnMut(&E, Sequence, bool) + Send + 'static,
    {
        let builder = self.consumer_builder("handle_events_with")?;
        Ok(builder.handle_events_with(handler)?)
    }

    /// [`ConsumerBuilder::handle_events_batch`]; refused on a producer's builder as
    /// [`Self::handle_events_with`] is.
    pub fn handle_events_batch<F>(
        self,
        handler: F,
        strategy: AutoWaitStrategy,
    ) -> MultiProcessResult<AutoConsumer>
    where
        F: FnMut(&E, Sequence, bool) + Send + 'static,
    {
        let builder = self.consumer_builder("handle_events_batch")?;
        Ok(builder.handle_events_batch(handler, strategy)?)
    }

    /// The consumer builder, after the checks every consumer build makes; `call` names the
    /// build in a [`ConfigError::WrongRole`].
    fn consumer_builder(self, call: &'static str) -> Result<ConsumerBuilder<E>, HandleEventsError> {
        self.check().map_err(AttachError::from)?;
        match self.consumer {
            Some(builder) => Ok(builder),
            None => Err(AttachError::from(self.wrong_role(call, CONSUMER)).into()),
        }
    }

    /// Attaches and returns a consumer: [`ConsumerBuilder::build_consumer`]. Fails with
    /// [`ConfigError::WrongRole`] on a builder whose `create` flag is true.
    ///
    /// ```
    /// use disruptor_mp::SharedDisruptorBuilder;
    /// use disruptor_mp::{AttachError, ConfigError, MultiProcessError};
    /// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
    /// # #[repr(C)]
    /// # struct Tick { price: u64 }
    /// # let ring = format!("doc-{}-compat_build_consumer", std::process::id());
    /// # let producer_config = disruptor_mp::SharedMemoryConfig {
    /// #     name: ring.clone(),
    /// #     buffer_size: 8,
    /// #     element_size: size_of::<Tick>(),
    /// #     create: true,
    /// # };
    /// # let consumer_config = disruptor_mp::SharedMemoryConfig {
    /// #     create: false,
    /// #     ..producer_config.clone()
    /// # };
    /// # let producer = SharedDisruptorBuilder::<Tick>::new(producer_config.clone())
    /// #     .build_producer(Tick::default)?;
    ///
    /// let consumer =
    ///     SharedDisruptorBuilder::<Tick>::new(consumer_config.clone()).build_consumer()?;
    /// // A setter of the other role is refused rather than ignored.
    /// let wrong = SharedDisruptorBuilder::<Tick>::new(consumer_config)
    ///     .enable_discovery(1)
    ///     .build_consumer();
    /// assert!(matches!(
    ///     wrong,
    ///     Err(MultiProcessError::Attach(AttachError::Config(ConfigError::WrongRole {
    ///         call: "enable_discovery",
    ///         ..
    ///     })))
    /// ));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn build_consumer(self) -> MultiProcessResult<SharedConsumer<E>> {
        self.check().map_err(AttachError::from)?;
        match self.consumer {
            Some(builder) => Ok(builder.build_consumer()?),
            None => Err(AttachError::from(self.wrong_role("build_consumer", CONSUMER)).into()),
        }
    }
}
