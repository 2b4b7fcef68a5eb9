//! The consumer's builder: which id to attach as, whether to wait for the producer, and whether
//! a place that does not gate the producer is acceptable.

use super::pin::pin_building_thread;
use super::{DEFAULT_READY_TIMEOUT, RingSpec, region};
use crate::backend::object::Access;
use crate::backend::process::ProcessIdentity;
use crate::consumer::{ConsumerRole, ConsumerSettings, SharedConsumer};
use crate::env::CoreRole;
use crate::error::{AttachError, ConfigError};
use crate::event::SharedEvent;
use crate::layout::header::CONSUMER_ID_MAX_LEN;
use crate::layout::validate::Expectation;
use crate::mmap::MmapTransportLayout;
use crate::ring::attach::attach;
use crate::ring::consumer_table::{ConsumerTable, JoinError, PackedId};
use crate::ring::reader::Reader;
use crate::ring::segment::Segment;
#[cfg(feature = "tracing")]
use crate::trace::cold_event;
use crate::wait::AutoWaitStrategy;
use std::time::Duration;

/// Builds a [`SharedConsumer`] of an existing ring. Made by [`crate::attach_shared_consumer`];
/// only consumer settings exist here (the producer's are on [`super::ProducerBuilder`]).
#[derive(Clone, Debug)]
#[must_use = "a builder does nothing until `build_consumer` is called"]
pub struct ConsumerBuilder<E> {
    ring: RingSpec<E>,
    wait: AutoWaitStrategy,
    consumer_id: Option<String>,
    producer_wait: Duration,
    ready_timeout: Duration,
    channel_place: Option<ChannelPlace>,
    require_gating: bool,
    process_core: Option<usize>,
    /// The `AutoConsumer` thread's core (`with_consumer_core`); read when that thread is built.
    consumer_core: Option<usize>,
}

/// The consumer place a typed channel's `consumer(index)` asked for, checked by
/// `build_consumer`.
#[derive(Clone, Copy, Debug)]
struct ChannelPlace {
    channel: &'static str,
    index: usize,
    places: usize,
}

impl<E: SharedEvent> ConsumerBuilder<E> {
    pub(super) fn new(ring: RingSpec<E>) -> Self {
        Self {
            ring,
            wait: AutoWaitStrategy::default(),
            consumer_id: None,
            producer_wait: Duration::ZERO,
            ready_timeout: DEFAULT_READY_TIMEOUT,
            channel_place: None,
            require_gating: false,
            process_core: None,
            consumer_core: None,
        }
    }

    super::common_setters!();

    super::misplaced::misplaced_setters! { ProducerSetting:
        with_coordination(_mode: crate::CoordinationMode);
        with_coordination_timeout(_timeout: Duration);
        wait_for_consumers(_min_consumers: i64, _timeout: Duration);
        wait_for_single_consumer(_timeout: Duration);
        with_discovery(_mode: crate::DiscoveryMode);
        disable_discovery();
        enable_discovery(_max_consumers: usize);
        discover_consumer_with_prefix(_max_consumers: usize, _prefix: &str);
        with_discovery_interval(_max_consumers: usize, _interval: Duration);
        with_max_consumers(_max_consumers: usize);
        with_mode(_mode: u32);
        with_linger(_linger: Duration);
        keep_file(_keep: bool);
    }

    /// Pins the thread that calls `build_consumer` to CPU `core` (Linux `sched_setaffinity`),
    /// so a spinning reader keeps its cache and does not share a core with its producer.
    /// Without it, `DISRUPTOR_MP_CONSUMER_CORE`, then `DISRUPTOR_MP_PROCESS_CORE` decide (see
    /// [`crate::env`]). A core that does not exist or is not allowed fails the build with
    /// [`AttachError::Pin`], naming the core and the OS error.
    ///
    /// ```
    /// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
    /// # #[repr(C)]
    /// # struct Tick { price: u64 }
    /// # let ring = format!("doc-{}-consumer-with_process_core", std::process::id());
    /// # let producer = disruptor_mp::build_shared_single_producer::<Tick>(&ring, 8)
    /// #     .build_producer(Tick::default)?;
    /// let consumer = disruptor_mp::attach_shared_consumer::<Tick>(&ring, 8)
    ///     .with_process_core(0) // this thread now runs on core 0 only
    ///     .build_consumer()?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_process_core(mut self, core: usize) -> Self {
        self.process_core = Some(core);
        self
    }

    /// The CPU core of the background thread an [`crate::AutoConsumer`] runs its handler on
    /// ([`Self::handle_events_with`], [`Self::handle_events_batch`]), so the handler keeps its
    /// cache. Without it, `DISRUPTOR_MP_AUTO_CONSUMER_CORE` decides. A core the thread cannot
    /// run on fails `handle_events_*` with [`crate::HandleEventsError::Pin`]. It does not pin the
    /// thread calling `build_consumer`; that is [`Self::with_process_core`].
    ///
    /// ```
    /// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
    /// # #[repr(C)]
    /// # struct Tick { price: u64 }
    /// # let ring = format!("doc-{}-with_consumer_core", std::process::id());
    /// let builder = disruptor_mp::attach_shared_consumer::<Tick>(&ring, 8).with_consumer_core(1);
    /// # drop(builder);
    /// ```
    pub fn with_consumer_core(mut self, core: usize) -> Self {
        self.consumer_core = Some(core);
        self
    }

    /// The `AutoConsumer` thread's core and what named it: the builder's, else the
    /// environment's.
    pub(super) fn auto_consumer_core(
        &self,
        settings: &crate::env::Settings,
    ) -> Option<(usize, &'static str)> {
        match self.consumer_core {
            Some(core) => Some((core, "with_consumer_core")),
            None => settings
                .auto_consumer_core_setting()
                .map(|setting| (setting.core, setting.variable)),
        }
    }

    /// The wait strategy `with_wait_strategy` set (default `Block`).
    pub(super) fn wait_strategy(&self) -> AutoWaitStrategy {
        self.wait
    }

    /// The id to attach as (1 to 48 bytes). An id the producer reserved (its discovery prefix,
    /// `<prefix>_<i>`) takes that gating place; any other id takes an open gating place if one
    /// is free, or attaches as an observer. Without an id the consumer is named `ad_<n>`.
    ///
    /// ```
    /// use disruptor_mp::ConsumerRole;
    /// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
    /// # #[repr(C)]
    /// # struct Tick { price: u64 }
    /// # let ring = format!("doc-{}-with_consumer_id", std::process::id());
    /// # let producer = disruptor_mp::build_shared_single_producer::<Tick>(&ring, 8)
    /// #     .discover_consumer_with_prefix(1, "reader")
    /// #     .with_coordination(disruptor_mp::CoordinationMode::Immediate)
    /// #     .build_producer(Tick::default)?;
    ///
    /// let consumer = disruptor_mp::attach_shared_consumer::<Tick>(&ring, 8)
    ///     .with_consumer_id("reader_0") // a place the producer reserved
    ///     .build_consumer()?;
    /// assert_eq!(consumer.consumer_id(), "reader_0");
    /// assert_eq!(consumer.role(), ConsumerRole::Reserved);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_consumer_id(mut self, id: impl Into<String>) -> Self {
        self.consumer_id = Some(id.into());
        self
    }

    /// Keeps retrying for up to `timeout` while the ring does not exist yet, so a consumer may
    /// start before its producer (default: no wait, `AttachError::SegmentNotFound` at once).
    ///
    /// ```
    /// use std::time::Duration;
    /// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
    /// # #[repr(C)]
    /// # struct Tick { price: u64 }
    /// # let ring = format!("doc-{}-wait_for_producer", std::process::id());
    ///
    /// // The producer's process (here a thread) starts after the consumer.
    /// # let name = ring.clone();
    /// let starting = std::thread::spawn(move || {
    ///     std::thread::sleep(Duration::from_millis(20));
    ///     disruptor_mp::build_shared_single_producer::<Tick>(&name, 8)
    ///         .build_producer(Tick::default)
    /// });
    /// let consumer = disruptor_mp::attach_shared_consumer::<Tick>(&ring, 8)
    ///     .wait_for_producer(Duration::from_secs(5))
    ///     .build_consumer()?;
    /// # drop(consumer);
    /// # drop(starting.join().unwrap()?);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn wait_for_producer(mut self, timeout: Duration) -> Self {
        self.producer_wait = timeout;
        self
    }

    /// How long to wait for a ring that exists but is still being written (default
    /// [`DEFAULT_READY_TIMEOUT`]).
    ///
    /// ```
    /// use std::time::Duration;
    /// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
    /// # #[repr(C)]
    /// # struct Tick { price: u64 }
    /// # let ring = format!("doc-{}-with_ready_timeout", std::process::id());
    /// # let producer = disruptor_mp::build_shared_single_producer::<Tick>(&ring, 8)
    /// #     .build_producer(Tick::default)?;
    ///
    /// let consumer = disruptor_mp::attach_shared_consumer::<Tick>(&ring, 8)
    ///     .with_ready_timeout(Duration::from_millis(500))
    ///     .build_consumer()?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_ready_timeout(mut self, timeout: Duration) -> Self {
        self.ready_timeout = timeout;
        self
    }

    /// Refuses to attach unless the consumer gates the producer: with this set, an id that
    /// matches no reserved place (a typo such as `cp0` for `cp_0`) while no open place is free is
    /// [`AttachError::NotGating`], which lists the reserved ids, instead of a silent observer.
    ///
    /// ```
    /// use disruptor_mp::AttachError;
    /// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
    /// # #[repr(C)]
    /// # struct Tick { price: u64 }
    /// # let ring = format!("doc-{}-require_gating", std::process::id());
    /// # let producer = disruptor_mp::build_shared_single_producer::<Tick>(&ring, 8)
    /// #     .discover_consumer_with_prefix(1, "cp")
    /// #     .with_coordination(disruptor_mp::CoordinationMode::Immediate)
    /// #     .build_producer(Tick::default)?;
    ///
    /// let typo = disruptor_mp::attach_shared_consumer::<Tick>(&ring, 8)
    ///     .with_consumer_id("cp0")
    ///     .require_gating()
    ///     .build_consumer();
    /// assert!(matches!(typo, Err(AttachError::NotGating { .. })));
    /// let consumer = disruptor_mp::attach_shared_consumer::<Tick>(&ring, 8)
    ///     .with_consumer_id("cp_0")
    ///     .require_gating()
    ///     .build_consumer()?;
    /// assert!(consumer.is_gating());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn require_gating(mut self) -> Self {
        self.require_gating = true;
        self
    }

    /// Records that this builder is consumer `index` of the typed channel `channel`, which has
    /// `places` consumer places, so `build_consumer` can refuse an index out of range.
    pub(crate) fn in_channel_place(
        mut self,
        channel: &'static str,
        index: usize,
        places: usize,
    ) -> Self {
        self.channel_place = Some(ChannelPlace {
            channel,
            index,
            places,
        });
        self
    }

    /// Attaches to the ring and returns a consumer; [`SharedConsumer::role`] tells which place
    /// it got.
    ///
    /// Fails with [`AttachError::SegmentNotFound`] (after [`Self::wait_for_producer`]'s wait, if
    /// set), [`AttachError::LayoutMismatch`] when the ring holds another event type (naming the
    /// first field that differs), [`AttachError::CapacityMismatch`], [`AttachError::Corrupt`]
    /// for an invalid ring, [`AttachError::ConsumerIdInUse`] when a live consumer has this id,
    /// [`AttachError::NotGating`] (with [`Self::require_gating`]), or
    /// [`AttachError::ConsumerIndexOutOfRange`] for a typed channel's index beyond its places.
    /// A bad value in the environment contract ([`crate::env`]) is [`ConfigError::Env`]; a
    /// failed pin ([`Self::with_process_core`]) is [`AttachError::Pin`].
    ///
    /// ```
    /// use disruptor_mp::AttachError;
    /// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
    /// # #[repr(C)]
    /// # struct Tick { price: u64 }
    /// # let ring = format!("doc-{}-build_consumer", std::process::id());
    /// # let producer = disruptor_mp::build_shared_single_producer::<Tick>(&ring, 8)
    /// #     .build_producer(Tick::default)?;
    ///
    /// let consumer = disruptor_mp::attach_shared_consumer::<Tick>(&ring, 8).build_consumer()?;
    /// assert_eq!(consumer.capacity(), 8);
    /// // A consumer that expects another capacity is refused.
    /// assert!(matches!(
    ///     disruptor_mp::attach_shared_consumer::<Tick>(&ring, 16).build_consumer(),
    ///     Err(AttachError::CapacityMismatch { expected: 16, found: 8, .. })
    /// ));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn build_consumer(self) -> Result<SharedConsumer<E>, AttachError> {
        #[cfg(feature = "tracing")]
        let ring = self.ring.name.clone();
        let attached = self.attach();
        #[cfg(feature = "tracing")]
        match &attached {
            Ok(consumer) => cold_event!(
                info,
                ring = %ring,
                consumer = consumer.consumer_id(),
                role = ?consumer.role(),
                "consumer joined"
            ),
            Err(error) => cold_event!(warn, ring = %ring, %error, "attach refused"),
        }
        attached
    }

    /// [`Self::build_consumer`] without the trace.
    fn attach(self) -> Result<SharedConsumer<E>, AttachError> {
        if let Some(place) = self.channel_place
            && place.index >= place.places
        {
            return Err(AttachError::ConsumerIndexOutOfRange {
                channel: place.channel,
                index: place.index,
                places: place.places,
            });
        }
        let target = self.ring.target::<AttachError>()?;
        let id = match &self.consumer_id {
            None => None,
            Some(id) => Some(
                PackedId::new(id).ok_or_else(|| ConfigError::InvalidConsumerId {
                    id: id.clone(),
                    max_len: CONSUMER_ID_MAX_LEN,
                })?,
            ),
        };
        let settings = crate::env::settings().map_err(ConfigError::from)?;
        pin_building_thread(self.process_core, CoreRole::Consumer, settings)?;
        let region = region::open(
            &target,
            Access::ReadWrite,
            self.producer_wait,
            self.ready_timeout,
        )?;
        let name = target.name;
        let expected = Expectation {
            layout: &E::LAYOUT,
            capacity: self.ring.capacity,
        };
        let attached = attach(
            &name.display,
            Box::new(region),
            expected,
            self.ready_timeout,
        )?;
        if self.ring.lock_in_memory {
            region::lock_in_memory(attached.segment.region(), &name)?;
        }
        let table = ConsumerTable::new(&attached.segment);
        let joined = table
            .join(id.as_ref(), ProcessIdentity::current())
            .map_err(|err| match err {
                JoinError::IdInUse { pid } => AttachError::ConsumerIdInUse {
                    id: self.consumer_id.clone().unwrap_or_default(),
                    pid,
                },
                JoinError::Evicted { last_sequence } => AttachError::Evicted {
                    id: self.consumer_id.clone().unwrap_or_default(),
                    last_sequence,
                },
                JoinError::TableFull => AttachError::ConsumerTableFull {
                    capacity: table.len(),
                },
                JoinError::LockTimeout { waited } => AttachError::NotReady {
                    name: name.display.clone(),
                    waited,
                },
            })?;
        if self.require_gating && !joined.gating {
            table.leave(joined.index, joined.epoch);
            return Err(AttachError::NotGating {
                name: name.display,
                id: self.consumer_id,
                reserved: table.reserved_ids(),
            });
        }
        let settings = ConsumerSettings {
            id: joined.id.clone(),
            name: name.display,
            wait: self.wait,
            producer: attached.producer,
            role: ConsumerRole::of(joined.role),
        };
        let reader = Reader::new(attached.segment, &joined);
        Ok(SharedConsumer::from_parts(reader, settings))
    }
}

/// Opens the ring file of `layout` read-only and validates it for `E` and `capacity`, as a
/// consumer's attach does but without waiting for a producer, taking a consumer place or writing
/// anything: the segment behind [`crate::MmapRingBuffer`].
pub(crate) fn open_read_only<E: SharedEvent>(
    layout: &MmapTransportLayout,
    capacity: usize,
) -> Result<Segment, AttachError> {
    let ring = RingSpec::<E>::in_file(layout.root_dir(), layout.segment_name(), capacity);
    let target = ring.target::<AttachError>()?;
    let region = region::open(
        &target,
        Access::ReadOnly,
        Duration::ZERO,
        DEFAULT_READY_TIMEOUT,
    )?;
    let expected = Expectation {
        layout: &E::LAYOUT,
        capacity,
    };
    let attached = attach(
        &target.name.display,
        Box::new(region),
        expected,
        DEFAULT_READY_TIMEOUT,
    )?;
    Ok(attached.segment)
}
