//! The producer's builder: which consumers gate it, when `build_producer` returns, how the ring
//! is created and how long it lingers after the producer drops.

use super::pin::pin_building_thread;
use super::{DEFAULT_LINGER, DEFAULT_MAX_CONSUMERS, DEFAULT_SEGMENT_MODE, RingSpec, region};
use crate::backend::object::PageRequest;
use crate::backend::process::ProcessIdentity;
use crate::coordination::{CoordinationMode, DiscoveryMode};
use crate::deadline::poll_until;
use crate::env::CoreRole;
use crate::error::{ConfigError, CreateError};
use crate::event::SharedEvent;
use crate::layout::SlotLayout;
use crate::layout::header::{CONSUMER_ID_MAX_LEN, MAX_CAPACITY, MAX_CONSUMERS_LIMIT};
use crate::layout::plan::{MAX_TOTAL_SIZE, PlanError, SegmentPlan};
use crate::producer::{ProducerSettings, SharedProducer};
use crate::ring::consumer_table::PackedId;
use crate::ring::counters::{self, ProducerCounter};
use crate::ring::init::Reservations;
use crate::ring::publisher::Publisher;
use crate::ring::segment::Segment;
#[cfg(feature = "tracing")]
use crate::trace::cold_event;
use crate::wait::AutoWaitStrategy;
use std::time::Duration;

/// How often the coordination wait looks at the consumer table.
const COORDINATION_POLL: Duration = Duration::from_millis(1);

/// Builds the [`SharedProducer`] of a new ring. Made by [`crate::build_shared_single_producer`];
/// only producer settings exist here (a consumer's are on [`super::ConsumerBuilder`]).
#[derive(Clone, Debug)]
#[must_use = "a builder does nothing until `build_producer` is called"]
pub struct ProducerBuilder<E> {
    ring: RingSpec<E>,
    wait: AutoWaitStrategy,
    discovery: DiscoveryMode,
    coordination: Option<CoordinationMode>,
    coordination_timeout: Option<Duration>,
    max_consumers: usize,
    mode: u32,
    linger: Duration,
    keep_file: bool,
    huge_pages: bool,
    process_core: Option<usize>,
    consumers_evictable: bool,
    slot_layout: SlotLayout,
}

/// The wait the published crate implies when discovery is on and no coordination is set.
fn adaptive_timeout(consumers: usize) -> Duration {
    Duration::from_secs(match consumers {
        0 | 1 => 15,
        2 => 20,
        3 | 4 => 25,
        5..=8 => 30,
        _ => 45,
    })
}

impl<E: SharedEvent> ProducerBuilder<E> {
    pub(super) fn new(ring: RingSpec<E>) -> Self {
        Self {
            ring,
            wait: AutoWaitStrategy::default(),
            discovery: DiscoveryMode::Disabled,
            coordination: None,
            coordination_timeout: None,
            max_consumers: DEFAULT_MAX_CONSUMERS,
            mode: DEFAULT_SEGMENT_MODE,
            linger: DEFAULT_LINGER,
            keep_file: false,
            huge_pages: false,
            process_core: None,
            consumers_evictable: false,
            slot_layout: SlotLayout::Stamped,
        }
    }

    super::common_setters!();

    super::misplaced::misplaced_setters! { ConsumerSetting:
        with_consumer_id(_id: &str);
        wait_for_producer(_timeout: Duration);
        with_ready_timeout(_timeout: Duration);
        require_gating();
        with_consumer_core(_core: usize);
    }

    // The `AutoConsumer` builds take a closure, which the macro's stubs do not.
    #[doc(hidden)]
    #[allow(missing_docs)]
    pub fn handle_events_with<F>(self, _handler: F) -> Self
    where
        Self: super::misplaced::ConsumerSetting,
    {
        self
    }

    #[doc(hidden)]
    #[allow(missing_docs)]
    pub fn handle_events_batch<F>(self, _handler: F, _strategy: AutoWaitStrategy) -> Self
    where
        Self: super::misplaced::ConsumerSetting,
    {
        self
    }

    /// Pins the thread that calls `build_producer` to CPU `core` (Linux `sched_setaffinity`),
    /// so the publishing thread keeps its cache and is not moved next to a busy neighbour.
    /// Without it, `DISRUPTOR_MP_PRODUCER_CORE`, then `DISRUPTOR_MP_PROCESS_CORE` decide (see
    /// [`crate::env`]). A core that does not exist or is not allowed fails the build with
    /// [`CreateError::Pin`], naming the core and the OS error.
    ///
    /// ```
    /// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
    /// # #[repr(C)]
    /// # struct Tick { price: u64 }
    /// # let ring = format!("doc-{}-producer-with_process_core", std::process::id());
    /// let producer = disruptor_mp::build_shared_single_producer::<Tick>(&ring, 8)
    ///     .with_process_core(0) // this thread now runs on core 0 only
    ///     .build_producer(Tick::default)?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_process_core(mut self, core: usize) -> Self {
        self.process_core = Some(core);
        self
    }

    /// When `build_producer` returns: at once ([`CoordinationMode::Immediate`], the default
    /// without discovery), or once enough consumers attached. With discovery enabled and no mode
    /// set, it waits for every gating place to be taken (15 s or more, see
    /// [`Self::with_coordination_timeout`]).
    ///
    /// ```
    /// use disruptor_mp::CoordinationMode;
    /// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
    /// # #[repr(C)]
    /// # struct Tick { price: u64 }
    /// # let ring = format!("doc-{}-with_coordination", std::process::id());
    ///
    /// let producer = disruptor_mp::build_shared_single_producer::<Tick>(&ring, 8)
    ///     .discover_consumer_with_prefix(1, "reader")
    ///     .with_coordination(CoordinationMode::Immediate) // return before reader_0 attaches
    ///     .build_producer(Tick::default)?;
    /// assert_eq!(producer.awaited_consumer_ids(), ["reader_0"]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_coordination(mut self, mode: CoordinationMode) -> Self {
        self.coordination = Some(mode);
        self
    }

    /// The timeout of the wait that discovery implies when no coordination mode is set.
    ///
    /// ```
    /// use disruptor_mp::CreateError;
    /// use std::time::Duration;
    /// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
    /// # #[repr(C)]
    /// # struct Tick { price: u64 }
    /// # let ring = format!("doc-{}-with_coordination_timeout", std::process::id());
    ///
    /// let built = disruptor_mp::build_shared_single_producer::<Tick>(&ring, 8)
    ///     .discover_consumer_with_prefix(1, "reader")
    ///     .with_coordination_timeout(Duration::from_millis(20))
    ///     .build_producer(Tick::default);
    /// // Nobody attached as reader_0 in time.
    /// assert!(matches!(built, Err(CreateError::CoordinationTimeout { .. })));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_coordination_timeout(mut self, timeout: Duration) -> Self {
        self.coordination_timeout = Some(timeout);
        self
    }

    /// Waits for `min_consumers` consumers to attach before `build_producer` returns, failing
    /// with [`CreateError::CoordinationTimeout`] after `timeout`.
    ///
    /// ```
    /// use std::time::Duration;
    /// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
    /// # #[repr(C)]
    /// # struct Tick { price: u64 }
    /// # let ring = format!("doc-{}-wait_for_consumers", std::process::id());
    ///
    /// // The consumers' processes (here threads) may start before the producer.
    /// let readers: Vec<_> = (0..2)
    ///     .map(|_| {
    ///         let ring = ring.clone();
    ///         std::thread::spawn(move || {
    ///             disruptor_mp::attach_shared_consumer::<Tick>(&ring, 8)
    ///                 .wait_for_producer(Duration::from_secs(5))
    ///                 .build_consumer()
    ///         })
    ///     })
    ///     .collect();
    /// let producer = disruptor_mp::build_shared_single_producer::<Tick>(&ring, 8)
    ///     .wait_for_consumers(2, Duration::from_secs(5))
    ///     .build_producer(Tick::default)?;
    /// assert_eq!(producer.get_consumer_count(), 2);
    /// # for reader in readers {
    /// #     drop(reader.join().unwrap()?);
    /// # }
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn wait_for_consumers(self, min_consumers: i64, timeout: Duration) -> Self {
        self.with_coordination(CoordinationMode::wait_for_consumers(min_consumers, timeout))
    }

    /// Waits for one consumer to attach before `build_producer` returns.
    ///
    /// ```
    /// use disruptor_mp::CreateError;
    /// use std::time::Duration;
    /// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
    /// # #[repr(C)]
    /// # struct Tick { price: u64 }
    /// # let ring = format!("doc-{}-wait_for_single_consumer", std::process::id());
    ///
    /// let built = disruptor_mp::build_shared_single_producer::<Tick>(&ring, 8)
    ///     .wait_for_single_consumer(Duration::from_millis(20))
    ///     .build_producer(Tick::default);
    /// assert!(matches!(
    ///     built,
    ///     Err(CreateError::CoordinationTimeout { expected: 1, attached: 0, .. })
    /// ));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn wait_for_single_consumer(self, timeout: Duration) -> Self {
        self.with_coordination(CoordinationMode::wait_for_single_consumer(timeout))
    }

    /// Which consumers gate the producer (see [`DiscoveryMode`]).
    ///
    /// ```
    /// use disruptor_mp::{CoordinationMode, DiscoveryMode};
    /// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
    /// # #[repr(C)]
    /// # struct Tick { price: u64 }
    /// # let ring = format!("doc-{}-with_discovery", std::process::id());
    ///
    /// let producer = disruptor_mp::build_shared_single_producer::<Tick>(&ring, 8)
    ///     .with_discovery(DiscoveryMode::with_consumer_prefix(2, "reader"))
    ///     .with_coordination(CoordinationMode::Immediate)
    ///     .build_producer(Tick::default)?;
    /// assert_eq!(producer.awaited_consumer_ids(), ["reader_0", "reader_1"]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_discovery(mut self, mode: DiscoveryMode) -> Self {
        self.discovery = mode;
        self
    }

    /// No consumer gates the producer (the default): every consumer only reads.
    ///
    /// ```
    /// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
    /// # #[repr(C)]
    /// # struct Tick { price: u64 }
    /// # let ring = format!("doc-{}-disable_discovery", std::process::id());
    /// let producer = disruptor_mp::build_shared_single_producer::<Tick>(&ring, 8)
    ///     .disable_discovery()
    ///     .build_producer(Tick::default)?;
    /// let consumer = disruptor_mp::attach_shared_consumer::<Tick>(&ring, 8).build_consumer()?;
    /// assert!(!consumer.is_gating());
    /// assert_eq!(producer.gating_consumer_count(), 0);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn disable_discovery(self) -> Self {
        self.with_discovery(DiscoveryMode::Disabled)
    }

    /// Reserves `max_consumers` open gating places: the first consumers to attach without a
    /// reserved id take them, and the producer holds every event for them from the first one.
    ///
    /// ```
    /// use disruptor_mp::{ConsumerRole, CoordinationMode};
    /// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
    /// # #[repr(C)]
    /// # struct Tick { price: u64 }
    /// # let ring = format!("doc-{}-enable_discovery", std::process::id());
    ///
    /// let producer = disruptor_mp::build_shared_single_producer::<Tick>(&ring, 8)
    ///     .enable_discovery(1)
    ///     .with_coordination(CoordinationMode::Immediate)
    ///     .build_producer(Tick::default)?;
    /// let consumer = disruptor_mp::attach_shared_consumer::<Tick>(&ring, 8).build_consumer()?;
    /// assert_eq!(consumer.role(), ConsumerRole::Open);
    /// assert_eq!(producer.gating_consumer_count(), 1);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn enable_discovery(self, max_consumers: usize) -> Self {
        self.with_discovery(DiscoveryMode::enabled(max_consumers))
    }

    /// Reserves the gating places `<prefix>_0 … <prefix>_{max_consumers-1}`: consumers attaching
    /// with those ids gate the producer and see every event, even if they attach late.
    ///
    /// ```
    /// use disruptor_mp::{ConsumerRole, CoordinationMode};
    /// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
    /// # #[repr(C)]
    /// # struct Tick { price: u64 }
    /// # let ring = format!("doc-{}-discover_consumer_with_prefix", std::process::id());
    ///
    /// let producer = disruptor_mp::build_shared_single_producer::<Tick>(&ring, 8)
    ///     .discover_consumer_with_prefix(2, "reader")
    ///     .with_coordination(CoordinationMode::Immediate)
    ///     .build_producer(Tick::default)?;
    /// let reader = disruptor_mp::attach_shared_consumer::<Tick>(&ring, 8)
    ///     .with_consumer_id("reader_1")
    ///     .build_consumer()?;
    /// assert_eq!(reader.role(), ConsumerRole::Reserved);
    /// assert_eq!(producer.awaited_consumer_ids(), ["reader_0"]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn discover_consumer_with_prefix(self, max_consumers: usize, prefix: &str) -> Self {
        self.with_discovery(DiscoveryMode::with_consumer_prefix(max_consumers, prefix))
    }

    /// The published crate's [`Self::enable_discovery`] with a scan interval: the consumer table
    /// needs no scans, so the interval is recorded but has no effect.
    ///
    /// ```
    /// use disruptor_mp::CoordinationMode;
    /// use std::time::Duration;
    /// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
    /// # #[repr(C)]
    /// # struct Tick { price: u64 }
    /// # let ring = format!("doc-{}-with_discovery_interval", std::process::id());
    ///
    /// let producer = disruptor_mp::build_shared_single_producer::<Tick>(&ring, 8)
    ///     .with_discovery_interval(2, Duration::from_millis(100)) // as `enable_discovery(2)`
    ///     .with_coordination(CoordinationMode::Immediate)
    ///     .build_producer(Tick::default)?;
    /// assert_eq!(producer.gating_consumer_count(), 2);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_discovery_interval(self, max_consumers: usize, interval: Duration) -> Self {
        self.with_discovery(DiscoveryMode::with_scan_interval(max_consumers, interval))
    }

    /// The published crate's [`Self::discover_consumer_with_prefix`] with a scan interval (no
    /// effect, as for [`Self::with_discovery_interval`]).
    ///
    /// ```
    /// use disruptor_mp::CoordinationMode;
    /// use std::time::Duration;
    /// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
    /// # #[repr(C)]
    /// # struct Tick { price: u64 }
    /// # let ring = format!("doc-{}-prefix_and_interval", std::process::id());
    ///
    /// let producer = disruptor_mp::build_shared_single_producer::<Tick>(&ring, 8)
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
        self.with_discovery(DiscoveryMode::with_consumer_prefix_and_interval(
            max_consumers,
            prefix,
            interval,
        ))
    }

    /// Entries in the consumer table: how many consumers, gating or not, may be attached at once
    /// (default [`DEFAULT_MAX_CONSUMERS`]; raised to the number of gating places if smaller).
    ///
    /// ```
    /// use disruptor_mp::AttachError;
    /// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
    /// # #[repr(C)]
    /// # struct Tick { price: u64 }
    /// # let ring = format!("doc-{}-with_max_consumers", std::process::id());
    ///
    /// let producer = disruptor_mp::build_shared_single_producer::<Tick>(&ring, 8)
    ///     .with_max_consumers(1)
    ///     .build_producer(Tick::default)?;
    /// let first = disruptor_mp::attach_shared_consumer::<Tick>(&ring, 8).build_consumer()?;
    /// assert!(matches!(
    ///     disruptor_mp::attach_shared_consumer::<Tick>(&ring, 8).build_consumer(),
    ///     Err(AttachError::ConsumerTableFull { capacity: 1 })
    /// ));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_max_consumers(mut self, max_consumers: usize) -> Self {
        self.max_consumers = max_consumers;
        self
    }

    /// Permission bits of the new ring (default `0o600`, owner only), set exactly, whatever the
    /// umask: `0o660` lets the owner's group attach.
    ///
    /// ```
    /// use std::os::unix::fs::PermissionsExt;
    /// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
    /// # #[repr(C)]
    /// # struct Tick { price: u64 }
    /// # let ring = format!("doc-{}-with_mode", std::process::id());
    ///
    /// let producer = disruptor_mp::build_shared_single_producer::<Tick>(&ring, 8)
    ///     .with_mode(0o660)
    ///     .build_producer(Tick::default)?;
    /// let object = std::fs::metadata(format!("/dev/shm/{ring}"))?;
    /// assert_eq!(object.permissions().mode() & 0o777, 0o660);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_mode(mut self, mode: u32) -> Self {
        self.mode = mode;
        self
    }

    /// How long a dropped producer keeps the ring's name while a gating place without a live
    /// consumer (reserved and not attached yet, kept by a consumer that dropped its handle, or
    /// held by a dead one) still holds unread events (default [`DEFAULT_LINGER`]).
    ///
    /// A producer that publishes and exits before its consumers arrive (or come back) would
    /// otherwise take its events with it: consumers that attach within the linger still find the
    /// ring, read what is left and then get `ConsumeError::ProducerClosed`. Consumers already
    /// attached need no name (they drain the ring at their pace), so with all of them attached
    /// the drop returns at once. Otherwise it blocks until they have attached or the linger
    /// passes; `Duration::ZERO` removes the name at once.
    ///
    /// ```
    /// use disruptor_mp::CoordinationMode;
    /// use std::time::{Duration, Instant};
    /// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
    /// # #[repr(C)]
    /// # struct Tick { price: u64 }
    /// # let ring = format!("doc-{}-with_linger", std::process::id());
    ///
    /// let mut producer = disruptor_mp::build_shared_single_producer::<Tick>(&ring, 8)
    ///     .discover_consumer_with_prefix(1, "reader")
    ///     .with_coordination(CoordinationMode::Immediate)
    ///     .with_linger(Duration::ZERO)
    ///     .build_producer(Tick::default)?;
    /// producer.publish_value(Tick { price: 10 });
    /// let dropped = Instant::now();
    /// drop(producer); // reader_0 never attached: with no linger, its event goes with the name
    /// assert!(dropped.elapsed() < Duration::from_secs(1));
    /// assert!(disruptor_mp::attach_shared_consumer::<Tick>(&ring, 8).build_consumer().is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_linger(mut self, linger: Duration) -> Self {
        self.linger = linger;
        self
    }

    /// Lets the producer evict a live gating consumer that stalls, not only a dead one: with
    /// [`crate::RequiredConsumerFailureAction::Evict`], a required consumer that holds the
    /// producer back past its grace period is evicted and the ring moves on; the consumer's
    /// next read (or wait) returns [`crate::ConsumeError::Evicted`] with the last sequence it
    /// read, and attaching again with its id joins as a new reader. Off by default: without
    /// it a stalled live consumer is waited for, and reported, for ever.
    ///
    /// What it costs: every consumer of this ring reads each event as a verified copy (copy,
    /// then check the slot's stamp again) instead of in place — leases show the copy — and the
    /// producer marks each slot before it overwrites it, so a consumer evicted in the middle of
    /// a read finds out instead of returning a torn event. The README's Performance section
    /// has the measured difference.
    ///
    /// ```
    /// use disruptor_mp::{ConsumeError, RequiredConsumerFailureAction};
    /// use disruptor_mp::RequiredConsumerLivenessConfig;
    /// use std::time::Duration;
    /// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
    /// # #[repr(C)]
    /// # struct Tick { price: u64 }
    /// # let ring = format!("doc-{}-allow_consumer_eviction", std::process::id());
    /// let mut producer = disruptor_mp::build_shared_single_producer::<Tick>(&ring, 4)
    ///     .allow_consumer_eviction()
    ///     .build_producer(Tick::default)?;
    /// producer.enable_required_consumer_liveness(
    ///     RequiredConsumerLivenessConfig::new(vec!["risk".into()])
    ///         .with_progress_timeout(Duration::from_millis(10))
    ///         .with_shutdown_grace_period(Duration::from_millis(10))
    ///         .with_failure_action(RequiredConsumerFailureAction::Evict),
    /// );
    /// let mut risk = disruptor_mp::attach_shared_consumer::<Tick>(&ring, 4)
    ///     .with_consumer_id("risk")
    ///     .build_consumer()?;
    /// // "risk" reads nothing: once the ring is full it holds the producer back, and is evicted.
    /// for price in 0..10 {
    ///     producer.publish_managed(|tick| tick.price = price)?;
    /// }
    /// assert!(matches!(
    ///     risk.poll_next(),
    ///     Err(ConsumeError::Evicted { last_read: -1 })
    /// ));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn allow_consumer_eviction(mut self) -> Self {
        self.consumers_evictable = true;
        self
    }

    /// How the ring lays out its slots (default [`SlotLayout::Stamped`]). The choice is the
    /// producer's: it is stored in the ring, and every consumer reads the ring the way it is
    /// laid out. [`SlotLayout::Packed`] suits bursts of small events (batches of 64-byte
    /// events run faster); the stamped layout suits single hand-offs (lower latency). The
    /// README's Performance section has the measured rows.
    ///
    /// ```
    /// use disruptor_mp::SlotLayout;
    /// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
    /// # #[repr(C)]
    /// # struct Tick { price: u64 }
    /// # let ring = format!("doc-{}-slot_layout", std::process::id());
    /// let mut producer = disruptor_mp::build_shared_single_producer::<Tick>(&ring, 8)
    ///     .slot_layout(SlotLayout::Packed)
    ///     .build_producer(Tick::default)?;
    /// let mut consumer = disruptor_mp::attach_shared_consumer::<Tick>(&ring, 8)
    ///     .build_consumer()?; // no layout to choose: the ring says
    /// producer.publish_batch(3, |tick, i| tick.price = i as u64)?;
    /// assert_eq!(consumer.process_available(|_, _| {}), 3);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn slot_layout(mut self, layout: SlotLayout) -> Self {
        self.slot_layout = layout;
        self
    }

    /// Whether the producer leaves the ring's file in place when it drops (default `false`: a
    /// clean drop removes it). A kept ring is closed: consumers still attached drain it and get
    /// `ConsumeError::ProducerClosed`, and it can be opened read-only afterwards with
    /// [`crate::MmapRingBuffer::open`] for a post-mortem. It stays until it is removed by hand or
    /// a new producer of the same name reclaims it (a closed ring is reclaimed even while the
    /// process that kept it still runs).
    ///
    /// On POSIX shared memory it keeps the object in `/dev/shm` the same way. A build that fails
    /// after creating the ring (a coordination timeout) removes it all the same.
    ///
    /// ```
    /// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
    /// # #[repr(C)]
    /// # struct Tick { price: u64 }
    /// # let dir = std::env::temp_dir().join(format!("doc-{}-keep_file", std::process::id()));
    /// # std::fs::create_dir(&dir)?;
    /// let layout = disruptor_mp::MmapTransportLayout::new(&dir, "ticks")?;
    /// let mut producer = disruptor_mp::build_mmap_single_producer::<Tick>(&layout, 8)
    ///     .keep_file(true)
    ///     .build_producer(Tick::default)?;
    /// producer.publish_value(Tick { price: 42 });
    /// drop(producer);
    /// let kept = disruptor_mp::MmapRingBuffer::<Tick>::open(&layout, 8)?;
    /// assert_eq!(kept.get(0).map(|tick| tick.price), Some(42));
    /// # std::fs::remove_file(layout.ring_path())?;
    /// # std::fs::remove_dir(&dir)?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn keep_file(mut self, keep: bool) -> Self {
        self.keep_file = keep;
        self
    }

    /// Whether the ring lives on huge pages (default `false`: base pages, or whatever the file
    /// system has). A ring spanning many 4 KiB pages costs a TLB entry per page touched; on
    /// 2 MiB pages a ring of up to 2 MiB needs one, which keeps large rings' reads and writes
    /// from missing the TLB (see the README's "Where a ring's memory lives").
    ///
    /// - **A directory on hugetlbfs** (the file backend) always gives huge pages, asked or not:
    ///   the ring file is rounded up to whole huge pages from the mount's pool
    ///   (`vm.nr_hugepages`); a pool too small is [`CreateError::OutOfSpace`].
    /// - **POSIX shared memory, or a tmpfs directory**: the ring is rounded up to whole
    ///   transparent huge pages and mapped with `MADV_HUGEPAGE`; the mount must allow it
    ///   (`huge=advise`: `mount -o remount,huge=advise /dev/shm`), or the build fails with
    ///   [`CreateError::HugePagesUnavailable`] rather than silently running on small pages.
    ///   (`MAP_HUGETLB` does not apply here: it is for anonymous mappings.)
    ///
    /// Consumers need no setting: the header records the page size, and their mappings of the
    /// same pages are huge too.
    ///
    /// ```no_run
    /// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
    /// # #[repr(C)]
    /// # struct Tick { price: u64 }
    /// let producer = disruptor_mp::build_shared_single_producer::<Tick>("ticks", 1 << 16)
    ///     .huge_pages(true)
    ///     .build_producer(Tick::default)?;
    /// # Ok::<(), disruptor_mp::CreateError>(())
    /// ```
    pub fn huge_pages(mut self, huge: bool) -> Self {
        self.huge_pages = huge;
        self
    }

    /// Creates the ring and returns its producer. Each slot starts as `factory()`.
    ///
    /// Fails with [`CreateError::SegmentInUse`] if a live producer owns the name (a dead one's
    /// ring is reclaimed), [`CreateError::Config`] for bad settings,
    /// [`CreateError::PermissionDenied`], and [`CreateError::CoordinationTimeout`] if the
    /// configured consumers do not attach in time. A bad value in the environment contract
    /// ([`crate::env`]) is [`ConfigError::Env`]; a failed pin ([`Self::with_process_core`])
    /// is [`CreateError::Pin`].
    ///
    /// ```
    /// use disruptor_mp::CreateError;
    /// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
    /// # #[repr(C)]
    /// # struct Tick { price: u64 }
    /// # let ring = format!("doc-{}-build_producer", std::process::id());
    ///
    /// let mut producer = disruptor_mp::build_shared_single_producer::<Tick>(&ring, 8)
    ///     .build_producer(|| Tick { price: 0 })?; // each slot starts as this
    /// producer.publish_value(Tick { price: 10 });
    /// // One producer per name: a second one is refused while the first lives.
    /// assert!(matches!(
    ///     disruptor_mp::build_shared_single_producer::<Tick>(&ring, 8)
    ///         .build_producer(Tick::default),
    ///     Err(CreateError::SegmentInUse { .. })
    /// ));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn build_producer(
        self,
        factory: impl FnMut() -> E,
    ) -> Result<SharedProducer<E>, CreateError> {
        #[cfg(feature = "tracing")]
        let ring = self.ring.name.clone();
        let built = self.create(factory);
        #[cfg(feature = "tracing")]
        match &built {
            Ok(producer) => cold_event!(
                info,
                ring = %ring,
                capacity = producer.capacity(),
                "ring created"
            ),
            Err(error) => cold_event!(warn, ring = %ring, %error, "ring not created"),
        }
        built
    }

    /// [`Self::build_producer`] without the trace.
    fn create(self, factory: impl FnMut() -> E) -> Result<SharedProducer<E>, CreateError> {
        let target = self.ring.target::<CreateError>()?;
        let reservations = self.reservations()?;
        let gating_places = self.discovery.max_consumers();
        let plan = self.plan(gating_places)?;
        let coordination = self.coordination_wait(gating_places)?;
        let settings = crate::env::settings().map_err(ConfigError::from)?;
        pin_building_thread(self.process_core, CoreRole::Producer, settings)?;
        let me = ProcessIdentity::current();
        let region::Created {
            object: region,
            reclaimed,
        } = region::create(&target, plan.total_size, self.mode, self.page_request())?;
        if self.ring.lock_in_memory {
            // Nobody may use a ring its creator could not set up as asked: remove it again.
            region::lock_in_memory(&region, &target.name).inspect_err(|_| {
                let _ = region.unlink();
            })?;
        }
        let name = target.name;
        let segment = Segment::new(Box::new(region), plan).ok_or_else(|| CreateError::Os {
            op: "mmap",
            name: name.display.clone(),
            source: std::io::Error::from(std::io::ErrorKind::UnexpectedEof),
        })?;
        let mut publisher = Publisher::<E>::new(segment);
        publisher.initialise(me, &reservations, self.consumers_evictable, factory);
        counters::add_producer(publisher.segment(), ProducerCounter::Reclaims, reclaimed);
        let settings = ProducerSettings {
            name: name.display,
            identity: me,
            wait: self.wait,
            linger: self.linger,
            keep_name: self.keep_file,
        };
        let producer = SharedProducer::from_parts(publisher, settings);
        if let Some((min, timeout)) = coordination
            && let Err(timed_out) = await_consumers(&producer, min, gating_places, timeout)
        {
            producer.discard();
            return Err(timed_out);
        }
        Ok(producer)
    }

    fn page_request(&self) -> PageRequest {
        if self.huge_pages {
            PageRequest::Huge
        } else {
            PageRequest::Default
        }
    }

    fn plan(&self, gating_places: usize) -> Result<SegmentPlan, ConfigError> {
        let layout = &E::LAYOUT;
        let max_consumers = self.max_consumers.max(gating_places);
        SegmentPlan::new(
            layout.size() as u64,
            layout.align() as u64,
            layout.fields().len() as u64,
            self.ring.capacity as u64,
            max_consumers as u64,
            self.slot_layout,
        )
        .map_err(|err| match err {
            PlanError::Capacity => ConfigError::InvalidCapacity {
                capacity: self.ring.capacity,
                max: MAX_CAPACITY,
            },
            PlanError::Consumers => consumers_out_of_range("max_consumers", max_consumers),
            PlanError::Event => ConfigError::UnsupportedEvent {
                event: layout.name().as_str(),
                size: layout.size(),
                align: layout.align(),
            },
            PlanError::TooLarge => ConfigError::TooLarge {
                capacity: self.ring.capacity,
                slot: layout.size(),
                limit: MAX_TOTAL_SIZE,
            },
        })
    }

    fn reservations(&self) -> Result<Reservations, ConfigError> {
        Ok(match &self.discovery {
            DiscoveryMode::Disabled => Reservations::None,
            DiscoveryMode::Enabled {
                max_consumers: 0, ..
            } => return Err(consumers_out_of_range("discovery max_consumers", 0)),
            DiscoveryMode::Enabled {
                max_consumers,
                consumer_prefix: None,
                ..
            } => Reservations::Open(*max_consumers),
            DiscoveryMode::Enabled {
                max_consumers,
                consumer_prefix: Some(prefix),
                ..
            } => {
                let ids = (0..*max_consumers)
                    .map(|i| {
                        let id = format!("{prefix}_{i}");
                        PackedId::new(&id).ok_or(ConfigError::InvalidConsumerId {
                            id,
                            max_len: CONSUMER_ID_MAX_LEN,
                        })
                    })
                    .collect::<Result<_, _>>()?;
                Reservations::Named(ids)
            }
        })
    }

    /// `(min consumers, timeout)` to wait for, if any.
    fn coordination_wait(
        &self,
        gating_places: usize,
    ) -> Result<Option<(usize, Duration)>, ConfigError> {
        let mode = match (&self.coordination, gating_places) {
            (Some(mode), _) => mode.clone(),
            (None, 0) => CoordinationMode::Immediate,
            (None, n) => CoordinationMode::WaitForConsumers {
                min_consumers: n as i64,
                timeout: self
                    .coordination_timeout
                    .unwrap_or_else(|| adaptive_timeout(n)),
            },
        };
        match mode {
            CoordinationMode::Immediate | CoordinationMode::BufferUntilConsumers { .. } => Ok(None),
            CoordinationMode::WaitForConsumers {
                min_consumers,
                timeout,
            } => {
                let min = usize::try_from(min_consumers)
                    .ok()
                    .filter(|&min| min > 0)
                    .ok_or(ConfigError::OutOfRange {
                        setting: "min_consumers",
                        value: min_consumers,
                        min: 1,
                        max: None,
                    })?;
                Ok(Some((min, timeout)))
            }
        }
    }
}

/// A consumer count outside `1..=MAX_CONSUMERS_LIMIT`.
fn consumers_out_of_range(setting: &'static str, value: usize) -> ConfigError {
    ConfigError::OutOfRange {
        setting,
        value: i64::try_from(value).unwrap_or(i64::MAX),
        min: 1,
        max: Some(MAX_CONSUMERS_LIMIT as i64),
    }
}

/// Waits up to `timeout` for `min` consumers to be attached, then names the reserved ids that
/// are still missing. With gating places, only consumers that took one count: an observer (a
/// consumer whose id matched no reserved place) holds no events for itself, so it must not let
/// the producer start as if a gating consumer were there. Without gating places, every attached
/// consumer counts.
fn await_consumers<E: SharedEvent>(
    producer: &SharedProducer<E>,
    min: usize,
    gating_places: usize,
    timeout: Duration,
) -> Result<(), CreateError> {
    let attached = || {
        if gating_places > 0 {
            producer.attached_gating_count()
        } else {
            producer.get_consumer_count()
        }
    };
    poll_until(timeout, COORDINATION_POLL, |_| {
        (attached() >= min).then_some(())
    })
    .map_err(|timed_out| CreateError::CoordinationTimeout {
        expected: min,
        attached: attached(),
        waited: timed_out.waited,
        missing: producer.awaited_consumer_ids(),
    })
}
