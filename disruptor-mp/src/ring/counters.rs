//! The ring's counters, in the segment itself so any process can read them without joining
//! (`layout/plan.rs` places them). Every word has one writer, and a writer's words share no
//! line with another writer's: the producer's block, the producer's record of each consumer's
//! largest lag, and one line per consumer entry.
//!
//! Nothing here runs per event. What the hot paths already publish is not counted again:
//! events published is the producer cursor plus one, a consumer's events consumed and lag
//! follow from its cursor. The words below change on slow paths only (a full ring, a sleep, a
//! lap, a gating refresh), with a plain load and store (one writer: no read-modify-write).
//! Under loom they do nothing: they are not part of the protocol, and loom atomics would only
//! multiply the interleavings the models explore.

use super::segment::Segment;
use crate::Sequence;

/// The producer's counters: word indexes in its block.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(usize)]
pub(crate) enum ProducerCounter {
    /// Publishes that found the ring full: failed `try_*` calls, and blocking calls that waited.
    FullEvents = 0,
    /// Nanoseconds the blocking calls spent waiting for room.
    BlockedNs = 1,
    /// Times the producer slept on the space word.
    Sleeps = 2,
    /// Times a publish woke sleeping consumers (one system call each).
    WakeupsSent = 3,
    /// Required-consumer liveness alerts raised.
    LivenessAlerts = 4,
    /// Consumers the producer evicted.
    Evictions = 5,
    /// Dead producers' objects removed from the ring's name to create it.
    Reclaims = 6,
}

/// A consumer's counters: word indexes in its entry's block.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(usize)]
pub(crate) enum ConsumerCounter {
    /// The first sequence of this place's current consumer (its events consumed are counted
    /// from here), stored as `i64`.
    JoinedAt = 0,
    /// Polls that found no event.
    EmptyPolls = 1,
    /// Times the consumer slept on the wake word.
    Sleeps = 2,
    /// Sleeps a publish ended (the rest timed out or were spurious).
    Wakeups = 3,
    /// Reads that found the next event overwritten.
    Laps = 4,
}

/// Adds `n` to producer counter `counter` of `seg`. Producer only.
#[inline]
pub(crate) fn add_producer(seg: &Segment, counter: ProducerCounter, n: u64) {
    #[cfg(not(loom))]
    bump(seg.producer_counter(counter as usize), n);
    #[cfg(loom)]
    let _ = (seg, counter, n);
}

/// Adds `n` to counter `counter` of entry `entry`'s consumer. That consumer only.
#[inline]
pub(crate) fn add_consumer(seg: &Segment, entry: usize, counter: ConsumerCounter, n: u64) {
    #[cfg(not(loom))]
    bump(seg.consumer_counter(entry, counter as usize), n);
    #[cfg(loom)]
    let _ = (seg, entry, counter, n);
}

/// Starts entry `entry`'s counters over for a new consumer whose first sequence is `first`.
/// Called by whoever writes the entry's place: the producer reserving it before any consumer
/// can join, or the joiner under the join lock.
pub(crate) fn restart_consumer(seg: &Segment, entry: usize, first: Sequence) {
    #[cfg(not(loom))]
    {
        use core::sync::atomic::Ordering;
        for word in 1..=ConsumerCounter::Laps as usize {
            seg.consumer_counter(entry, word)
                .store(0, Ordering::Relaxed);
        }
        seg.consumer_counter(entry, ConsumerCounter::JoinedAt as usize)
            .store(first as u64, Ordering::Relaxed);
    }
    #[cfg(loom)]
    let _ = (seg, entry, first);
}

/// Producer, at a gating refresh: records `lag` for entry `entry` if it is the largest seen.
/// `seen` is the producer's own copy of the record, so the shared word is written only when
/// it grows.
#[inline]
pub(crate) fn note_lag(seg: &Segment, entry: usize, lag: u64, seen: &mut u64) {
    if lag > *seen {
        *seen = lag;
        #[cfg(not(loom))]
        seg.lag_max(entry)
            .store(lag, core::sync::atomic::Ordering::Relaxed);
        #[cfg(loom)]
        let _ = (seg, entry);
    }
}

#[cfg(not(loom))]
fn bump(word: &core::sync::atomic::AtomicU64, n: u64) {
    use core::sync::atomic::Ordering;
    word.store(
        word.load(Ordering::Relaxed).wrapping_add(n),
        Ordering::Relaxed,
    );
}

/// What the counters of a segment say now, read by anyone (zero under loom, where nothing
/// counts).
pub(crate) mod read {
    use super::{ConsumerCounter, ProducerCounter, Segment};

    /// Producer counter `counter`.
    pub(crate) fn producer(seg: &Segment, counter: ProducerCounter) -> u64 {
        #[cfg(not(loom))]
        return seg
            .producer_counter(counter as usize)
            .load(core::sync::atomic::Ordering::Relaxed);
        #[cfg(loom)]
        {
            let _ = (seg, counter);
            0
        }
    }

    /// Counter `counter` of entry `entry`'s consumer.
    pub(crate) fn consumer(seg: &Segment, entry: usize, counter: ConsumerCounter) -> u64 {
        #[cfg(not(loom))]
        return seg
            .consumer_counter(entry, counter as usize)
            .load(core::sync::atomic::Ordering::Relaxed);
        #[cfg(loom)]
        {
            let _ = (seg, entry, counter);
            0
        }
    }

    /// The largest lag the producer recorded for entry `entry`.
    pub(crate) fn lag_max(seg: &Segment, entry: usize) -> u64 {
        #[cfg(not(loom))]
        return seg
            .lag_max(entry)
            .load(core::sync::atomic::Ordering::Relaxed);
        #[cfg(loom)]
        {
            let _ = (seg, entry);
            0
        }
    }
}
