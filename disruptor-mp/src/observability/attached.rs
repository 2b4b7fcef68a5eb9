//! The published counters a producer or consumer registered in a [`CountersFile`], and how
//! the ring's own counters are copied into them. The hot paths never touch a file: its slots
//! change only when the owner copies (`sync_counters`).

use super::counter_handle::CounterHandle;
use super::counters_file::CountersFile;
use super::counters_layout::{COUNTER_FLAG_CONSUMER, COUNTER_FLAG_PRODUCER};
use super::ids;
use super::selection::{ConsumerCounterSelection, ProducerCounterSelection};
use core::sync::atomic::{AtomicU64, Ordering};

/// A producer's counters in a [`CountersFile`], from
/// [`crate::SharedProducer::attach_counters`] (the published `ProducerCounters`, whose name
/// here is the snapshot [`super::ProducerCounters`]). `None`: not selected, or the file was
/// full. Pass it to [`crate::SharedProducer::sync_counters`] to bring the slots up to date.
#[derive(Debug)]
#[must_use = "the file's slots change only when these are passed to `sync_counters`"]
pub struct ProducerCounterHandles<'f> {
    /// `events_published` (0x10).
    pub events_published: Option<CounterHandle<'f>>,
    /// `producer_full_events` (0x12).
    pub producer_full_events: Option<CounterHandle<'f>>,
    copied: [AtomicU64; 2],
}

/// A consumer's counters in a [`CountersFile`], from
/// [`crate::SharedConsumer::attach_counters`] (the published `ConsumerCounters`, whose name
/// here is the snapshot [`super::ConsumerCounters`]). Pass it to
/// [`crate::SharedConsumer::sync_counters`] to bring the slots up to date.
#[derive(Debug)]
#[must_use = "the file's slots change only when these are passed to `sync_counters`"]
pub struct ConsumerCounterHandles<'f> {
    /// `events_consumed` (0x20).
    pub events_consumed: Option<CounterHandle<'f>>,
    /// `consumer_empty_spins` (0x22).
    pub consumer_empty_spins: Option<CounterHandle<'f>>,
    /// `consumer_lag_max` (0x25), a high-water mark.
    pub consumer_lag_max: Option<CounterHandle<'f>>,
    copied: [AtomicU64; 2],
}

impl<'f> ProducerCounterHandles<'f> {
    pub(crate) fn register(file: &'f CountersFile, selection: ProducerCounterSelection) -> Self {
        let register = |wanted: bool, id, label| {
            wanted
                .then(|| file.register(id, COUNTER_FLAG_PRODUCER, label))
                .flatten()
        };
        Self {
            events_published: register(
                selection.events_published,
                ids::EVENTS_PUBLISHED,
                "events_published",
            ),
            producer_full_events: register(
                selection.producer_full_events,
                ids::PRODUCER_FULL_EVENTS,
                "producer_full_events",
            ),
            copied: Default::default(),
        }
    }

    /// Adds to the slots what the ring counted since the last copy.
    pub(crate) fn copy(&self, events_published: u64, full_events: u64) {
        add_growth(self.events_published, &self.copied[0], events_published);
        add_growth(self.producer_full_events, &self.copied[1], full_events);
    }
}

impl<'f> ConsumerCounterHandles<'f> {
    pub(crate) fn register(file: &'f CountersFile, selection: ConsumerCounterSelection) -> Self {
        let register = |wanted: bool, id, label| {
            wanted
                .then(|| file.register(id, COUNTER_FLAG_CONSUMER, label))
                .flatten()
        };
        Self {
            events_consumed: register(
                selection.events_consumed,
                ids::EVENTS_CONSUMED,
                "events_consumed",
            ),
            consumer_empty_spins: register(
                selection.consumer_empty_spins,
                ids::CONSUMER_EMPTY_SPINS,
                "consumer_empty_spins",
            ),
            consumer_lag_max: register(
                selection.consumer_lag_max,
                ids::CONSUMER_LAG_MAX,
                "consumer_lag_max",
            ),
            copied: Default::default(),
        }
    }

    /// Adds to the totals what the ring counted since the last copy; raises the lag mark.
    pub(crate) fn copy(&self, events_consumed: u64, empty_polls: u64, lag_max: u64) {
        add_growth(self.events_consumed, &self.copied[0], events_consumed);
        add_growth(self.consumer_empty_spins, &self.copied[1], empty_polls);
        if let Some(handle) = self.consumer_lag_max {
            handle.record_max(lag_max);
        }
    }
}

/// Adds to `handle` how far `total` grew past the last total copied, so a slot that several
/// handles share (one id per file) sums them. `fetch_max` keeps concurrent copies from adding
/// the same growth twice.
fn add_growth(handle: Option<CounterHandle<'_>>, copied: &AtomicU64, total: u64) {
    let Some(handle) = handle else { return };
    let before = copied.fetch_max(total, Ordering::Relaxed);
    if total > before {
        handle.add(total - before);
    }
}
