//! The counters of a ring as plain values: read from the segment by the producer, a consumer or
//! any process that maps it, and listed by stable id for exporters and tools.

use super::ids;
use super::places::places;
use crate::Sequence;
use crate::ring::counters::{ConsumerCounter, ProducerCounter, read};
use crate::ring::segment::Segment;
use std::time::Duration;

/// One counter: its stable id ([`super::ids`]), its label, whose it is and its value.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Counter {
    /// Stable id.
    pub id: u32,
    /// Stable label, `snake_case` (exporters prefix it with `disruptor_mp_`).
    pub label: &'static str,
    /// The consumer it belongs to; `None` for the producer's.
    pub consumer: Option<String>,
    /// Value now.
    pub value: u64,
}

/// The producer's counters.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ProducerCounters {
    /// Events published (the producer cursor plus one).
    pub events_published: u64,
    /// Publishes that found the ring full: failed `try_*` calls, and blocking calls that waited.
    pub full_events: u64,
    /// Time the blocking calls spent waiting for room.
    pub blocked: Duration,
    /// Times the producer slept waiting for room.
    pub sleeps: u64,
    /// Times a publish woke sleeping consumers.
    pub wakeups_sent: u64,
    /// Required-consumer liveness alerts raised.
    pub liveness_alerts: u64,
    /// Consumers evicted.
    pub evictions: u64,
    /// Dead producers' objects removed from the ring's name to create it.
    pub reclaims: u64,
}

/// One consumer place's counters.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ConsumerCounters {
    /// The consumer's id.
    pub id: String,
    /// Events consumed since its current consumer joined (since the place was reserved, for a
    /// place that resumes across restarts).
    pub events_consumed: u64,
    /// Events published after its cursor, now.
    pub lag: u64,
    /// The largest lag the producer saw at a gating refresh (0 for a reader that does not gate).
    pub lag_max: u64,
    /// Polls that found no event, counted in steps of 64.
    pub empty_polls: u64,
    /// Times it slept waiting for events.
    pub sleeps: u64,
    /// Sleeps a publish ended.
    pub wakeups: u64,
    /// Reads that found the next event overwritten.
    pub laps: u64,
}

/// Every counter of a ring.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct RingCounters {
    /// The producer's.
    pub producer: ProducerCounters,
    /// Each consumer place's, in table order.
    pub consumers: Vec<ConsumerCounters>,
}

impl Counter {
    /// Whether the value can go down (a lag), so exporters show it as a gauge; every other
    /// counter is a running total.
    pub fn is_gauge(&self) -> bool {
        matches!(self.id, ids::CONSUMER_LAG | ids::CONSUMER_LAG_MAX)
    }
}

impl ProducerCounters {
    /// These counters by stable id.
    pub fn counters(&self) -> Vec<Counter> {
        let blocked_ns = u64::try_from(self.blocked.as_nanos()).unwrap_or(u64::MAX);
        [
            (
                ids::EVENTS_PUBLISHED,
                "events_published",
                self.events_published,
            ),
            (
                ids::PRODUCER_FULL_EVENTS,
                "producer_full_events",
                self.full_events,
            ),
            (ids::PRODUCER_BLOCKED_NS, "producer_blocked_ns", blocked_ns),
            (ids::PRODUCER_PARK_COUNT, "producer_park_count", self.sleeps),
            (
                ids::PRODUCER_WAKEUPS_SENT,
                "producer_wakeups_sent",
                self.wakeups_sent,
            ),
            (
                ids::LIVENESS_ALERTS,
                "liveness_alerts",
                self.liveness_alerts,
            ),
            (ids::EVICTIONS, "evictions", self.evictions),
            (ids::RECLAIMS, "reclaims", self.reclaims),
        ]
        .into_iter()
        .map(|(id, label, value)| Counter {
            id,
            label,
            consumer: None,
            value,
        })
        .collect()
    }
}

impl ConsumerCounters {
    /// These counters by stable id.
    pub fn counters(&self) -> Vec<Counter> {
        [
            (
                ids::EVENTS_CONSUMED,
                "events_consumed",
                self.events_consumed,
            ),
            (ids::CONSUMER_LAG, "consumer_lag", self.lag),
            (ids::CONSUMER_LAG_MAX, "consumer_lag_max", self.lag_max),
            (
                ids::CONSUMER_EMPTY_SPINS,
                "consumer_empty_spins",
                self.empty_polls,
            ),
            (ids::CONSUMER_PARK_COUNT, "consumer_park_count", self.sleeps),
            (
                ids::CONSUMER_UNPARK_COUNT,
                "consumer_unpark_count",
                self.wakeups,
            ),
            (ids::CONSUMER_LAPS, "consumer_laps", self.laps),
        ]
        .into_iter()
        .map(|(id, label, value)| Counter {
            id,
            label,
            consumer: Some(self.id.clone()),
            value,
        })
        .collect()
    }
}

impl RingCounters {
    /// Every counter by stable id: the producer's, then each consumer's.
    pub fn counters(&self) -> Vec<Counter> {
        let mut all = self.producer.counters();
        for consumer in &self.consumers {
            all.extend(consumer.counters());
        }
        all
    }
}

/// The counters of `seg`, whose last published sequence is `published`.
pub(crate) fn ring_counters(seg: &Segment, published: Sequence) -> RingCounters {
    let producer = ProducerCounters {
        events_published: (published + 1) as u64,
        full_events: read::producer(seg, ProducerCounter::FullEvents),
        blocked: Duration::from_nanos(read::producer(seg, ProducerCounter::BlockedNs)),
        sleeps: read::producer(seg, ProducerCounter::Sleeps),
        wakeups_sent: read::producer(seg, ProducerCounter::WakeupsSent),
        liveness_alerts: read::producer(seg, ProducerCounter::LivenessAlerts),
        evictions: read::producer(seg, ProducerCounter::Evictions),
        reclaims: read::producer(seg, ProducerCounter::Reclaims),
    };
    let consumers = places(seg, published)
        .into_iter()
        .map(|place| consumer_counters(seg, place.index, &place.info))
        .collect();
    RingCounters {
        producer,
        consumers,
    }
}

/// The counters of the consumer in entry `index`, which `info` describes.
pub(crate) fn consumer_counters(
    seg: &Segment,
    index: usize,
    info: &super::ConsumerInfo,
) -> ConsumerCounters {
    let joined_at = read::consumer(seg, index, ConsumerCounter::JoinedAt) as i64;
    ConsumerCounters {
        id: info.id.clone(),
        events_consumed: info
            .cursor
            .saturating_sub(joined_at)
            .saturating_add(1)
            .max(0) as u64,
        lag: info.lag,
        lag_max: read::lag_max(seg, index),
        empty_polls: read::consumer(seg, index, ConsumerCounter::EmptyPolls),
        sleeps: read::consumer(seg, index, ConsumerCounter::Sleeps),
        wakeups: read::consumer(seg, index, ConsumerCounter::Wakeups),
        laps: read::consumer(seg, index, ConsumerCounter::Laps),
    }
}
