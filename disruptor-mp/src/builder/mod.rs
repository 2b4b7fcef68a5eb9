//! Building a producer or a consumer: the published crate's builder, with errors instead of
//! panics and waits with deadlines.

mod consumer;
mod producer;
mod shm;

use crate::coordination::{CoordinationMode, DiscoveryMode};
use crate::event::SharedEvent;
use crate::wait::AutoWaitStrategy;
use core::marker::PhantomData;
use std::time::Duration;

/// Default number of consumer-table entries (consumers that may attach at once).
pub const DEFAULT_MAX_CONSUMERS: usize = 64;
/// Default permission bits of a new segment: owner read and write only.
pub const DEFAULT_SEGMENT_MODE: u32 = 0o600;
/// How long an attacher waits for a segment that exists but is still being written.
pub const DEFAULT_READY_TIMEOUT: Duration = Duration::from_secs(2);

/// Builds a [`crate::SharedProducer`] (with [`build_shared_single_producer`]) or a
/// [`crate::SharedConsumer`] (with [`attach_shared_consumer`]) for events of type `E`.
#[derive(Clone, Debug)]
#[must_use = "a builder does nothing until `build_producer` or `build_consumer` is called"]
pub struct SharedDisruptorBuilder<E> {
    name: String,
    capacity: usize,
    discovery: DiscoveryMode,
    coordination: Option<CoordinationMode>,
    coordination_timeout: Option<Duration>,
    consumer_id: Option<String>,
    max_consumers: usize,
    wait: AutoWaitStrategy,
    mode: u32,
    attach_timeout: Duration,
    ready_timeout: Duration,
    channel_place: Option<ChannelPlace>,
    _event: PhantomData<fn() -> E>,
}

/// The consumer place a typed channel's `consumer(index)` asked for, checked by
/// `build_consumer`.
#[derive(Clone, Copy, Debug)]
struct ChannelPlace {
    channel: &'static str,
    index: usize,
    places: usize,
}

/// Starts building the single producer of a new ring named `name` with `capacity` slots (a power
/// of two).
pub fn build_shared_single_producer<E: SharedEvent>(
    name: impl AsRef<str>,
    capacity: usize,
) -> SharedDisruptorBuilder<E> {
    SharedDisruptorBuilder::new(name.as_ref(), capacity)
}

/// Starts building a consumer of the existing ring `name`, which must have `capacity` slots.
pub fn attach_shared_consumer<E: SharedEvent>(
    name: impl AsRef<str>,
    capacity: usize,
) -> SharedDisruptorBuilder<E> {
    SharedDisruptorBuilder::new(name.as_ref(), capacity)
}

impl<E: SharedEvent> SharedDisruptorBuilder<E> {
    fn new(name: &str, capacity: usize) -> Self {
        Self {
            name: name.to_owned(),
            capacity,
            discovery: DiscoveryMode::Disabled,
            coordination: None,
            coordination_timeout: None,
            consumer_id: None,
            max_consumers: DEFAULT_MAX_CONSUMERS,
            wait: AutoWaitStrategy::default(),
            mode: DEFAULT_SEGMENT_MODE,
            attach_timeout: Duration::ZERO,
            ready_timeout: DEFAULT_READY_TIMEOUT,
            channel_place: None,
            _event: PhantomData,
        }
    }

    /// Producer: when `build_producer` returns (default: at once, or — with discovery enabled and
    /// no mode set — once every gating consumer attached).
    pub fn with_coordination(mut self, mode: CoordinationMode) -> Self {
        self.coordination = Some(mode);
        self
    }

    /// Producer: the timeout of the wait that discovery implies when no coordination mode is set.
    pub fn with_coordination_timeout(mut self, timeout: Duration) -> Self {
        self.coordination_timeout = Some(timeout);
        self
    }

    /// Producer: wait for `min_consumers` consumers, failing after `timeout`.
    pub fn wait_for_consumers(self, min_consumers: i64, timeout: Duration) -> Self {
        self.with_coordination(CoordinationMode::wait_for_consumers(min_consumers, timeout))
    }

    /// Producer: wait for one consumer, failing after `timeout`.
    pub fn wait_for_single_consumer(self, timeout: Duration) -> Self {
        self.with_coordination(CoordinationMode::wait_for_single_consumer(timeout))
    }

    /// Producer: which consumers gate it (see [`DiscoveryMode`]).
    pub fn with_discovery(mut self, mode: DiscoveryMode) -> Self {
        self.discovery = mode;
        self
    }

    /// Producer: no consumer gates it.
    pub fn disable_discovery(self) -> Self {
        self.with_discovery(DiscoveryMode::Disabled)
    }

    /// Producer: the first `max_consumers` consumers to attach gate it.
    pub fn enable_discovery(self, max_consumers: usize) -> Self {
        self.with_discovery(DiscoveryMode::enabled(max_consumers))
    }

    /// Producer: the consumers `<prefix>_0 … <prefix>_{max_consumers-1}` gate it.
    pub fn discover_consumer_with_prefix(self, max_consumers: usize, prefix: &str) -> Self {
        self.with_discovery(DiscoveryMode::with_consumer_prefix(max_consumers, prefix))
    }

    /// Producer: as [`Self::enable_discovery`] (the interval is accepted for compatibility).
    pub fn with_discovery_interval(self, max_consumers: usize, interval: Duration) -> Self {
        self.with_discovery(DiscoveryMode::with_scan_interval(max_consumers, interval))
    }

    /// Producer: as [`Self::discover_consumer_with_prefix`] (interval accepted for compatibility).
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

    /// Producer: consumer-table entries (default [`DEFAULT_MAX_CONSUMERS`]); raised to the
    /// discovery count if that is larger.
    pub fn with_max_consumers(mut self, max_consumers: usize) -> Self {
        self.max_consumers = max_consumers;
        self
    }

    /// Producer: permission bits of the new segment (default `0o600`).
    pub fn with_mode(mut self, mode: u32) -> Self {
        self.mode = mode;
        self
    }

    /// Consumer: the id to attach as (1–48 bytes). Without one, the consumer takes an open
    /// gating place (named `ad_<n>`) or a plain entry.
    pub fn with_consumer_id(mut self, id: impl Into<String>) -> Self {
        self.consumer_id = Some(id.into());
        self
    }

    /// How the handle waits: consumers in `consume_next*`, the producer in `publish` when full.
    pub fn with_wait_strategy(mut self, wait: AutoWaitStrategy) -> Self {
        self.wait = wait;
        self
    }

    /// Consumer: keep retrying for up to `timeout` while the segment does not exist yet (default:
    /// fail at once with `SegmentNotFound`).
    pub fn wait_for_producer(mut self, timeout: Duration) -> Self {
        self.attach_timeout = timeout;
        self
    }

    /// Consumer: how long to wait for a segment that exists but is still being written.
    pub fn with_ready_timeout(mut self, timeout: Duration) -> Self {
        self.ready_timeout = timeout;
        self
    }

    /// Consumer: records that this builder is consumer `index` of the typed channel `channel`,
    /// which has `places` consumer places, so `build_consumer` can refuse an index out of range.
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
}
