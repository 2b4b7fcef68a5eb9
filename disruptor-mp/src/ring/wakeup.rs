//! Sleeping and waking, in both directions, with no lost wake-up and nothing on the hot path but
//! a load of a line only sleepers write.
//!
//! **Consumers waiting for events.** A consumer about to sleep announces itself (`waiters += 1`),
//! fences ([`asymmetric::heavy`]), reads the wake word, checks once more that its next event is
//! not published, and sleeps on the word. The producer, after storing a stamp, fences
//! ([`asymmetric::light`]) and loads `waiters`; only if it is non-zero does it bump the word and
//! wake. The fences order each side's store before its load, so either the consumer's re-check
//! sees the stamp or the producer sees the sleeper; and a bump after the consumer read the word
//! makes the futex return at once. Closing the ring bumps and wakes unconditionally.
//!
//! **The producer waiting for space.** The mirror image: the producer announces itself
//! (`producer_sleeping += 1`), fences, reads the space word, re-checks the gating cursors and
//! sleeps; a consumer, after storing its cursor (once per quarter ring or when idle), fences and
//! loads `producer_sleeping`, waking it only if set. Leaving the table wakes it too (the gating
//! set shrank).
//!
//! **One sleeper, many rings.** A wait set (or the async bridge) announces itself on every ring
//! it waits for, exactly as a single consumer does, then [`sleep_announced_many`] reads every
//! ring's wake word, re-checks every ring, and sleeps on all the words in one
//! [`futex::wait_many`]. Each ring's pair of fences works as for one ring: either the re-check
//! of that ring sees its stamp, or its producer sees the announcement and bumps a word the sleep
//! read before its re-check, which ends the sleep.
//!
//! Where `membarrier` is unavailable (or some peer could not register for it), a sleeper cannot
//! fence the other side and caps each sleep at [`FALLBACK_CAP`] instead: a wake-up may then be
//! late by that much, never lost for longer.
//!
//! `scripts/loom.sh` checks both handshakes with the sleeps uncapped (`ring::tests::loom`):
//! a lost wake-up is a deadlock there, and `--seeded-bugs` shows the models catch one.

use super::counters::{self, ProducerCounter};
use super::segment::Segment;
use super::sync::asymmetric;
use crate::backend::{futex, membarrier};
use crate::layout::SegmentState;
use core::sync::atomic::Ordering;
use std::time::Duration;

/// The longest one sleep lasts where the handshake cannot be fenced (no `membarrier`).
pub(crate) const FALLBACK_CAP: Duration = Duration::from_millis(1);

/// Registers this process for the sleepers' fence before it uses `segment`; if it cannot, marks
/// the segment so that sleepers cap their sleeps.
pub(crate) fn register(segment: &Segment) {
    if !membarrier::register() {
        segment.no_membarrier().store(1, Ordering::Release);
    }
}

/// The sleeper's fence; whether it covered every process of the ring (if not, sleeps are
/// capped at [`FALLBACK_CAP`]).
fn fence_before_sleep(segment: &Segment) -> bool {
    asymmetric::heavy() && every_process_registered(segment)
}

/// Whether every process of the ring registered for the heavy fence (see [`register`]).
fn every_process_registered(segment: &Segment) -> bool {
    segment.no_membarrier().load(Ordering::Acquire) == 0
}

/// `timeout`, capped unless the sleeper's fence covered every process.
fn sleep_bound(fenced: bool, timeout: Duration) -> Duration {
    if fenced {
        timeout
    } else {
        timeout.min(FALLBACK_CAP)
    }
}

/// Consumer: sleeps on the wake word for at most `timeout` unless `published()` already holds
/// or the ring is not open. Returns early on any publish, the ring closing, or spuriously. One
/// announced sleep: the loom models' shape of what the idle loop does over many.
#[cfg(all(loom, test))]
pub(crate) fn sleep_until_published(
    segment: &Segment,
    published: impl FnOnce() -> bool,
    timeout: Duration,
) {
    let announced = announce_consumer(segment);
    sleep_announced(segment, announced, published, timeout);
    retract_consumer(segment);
}

/// A consumer's announcement that it sleeps for events, made once per wait however many sleeps
/// the wait takes (each timed-out sleep would otherwise pay the fence again: a `membarrier`
/// every [`crate::BLOCK_TIMEOUT`] of an idle consumer). What the announcement fenced stays
/// true while it stands: a publish after it sees the sleeper and bumps the word, which every
/// sleep reads before its re-check. Withdraw it with [`retract_consumer`].
#[derive(Clone, Copy, Debug)]
pub(crate) struct Announced {
    /// Whether the fence covered every process of the ring (otherwise sleeps are capped).
    fenced: bool,
}

/// Announces a consumer about to sleep, and fences.
pub(crate) fn announce_consumer(segment: &Segment) -> Announced {
    segment.waiters().fetch_add(1, Ordering::SeqCst);
    Announced {
        fenced: fence_before_sleep(segment),
    }
}

/// Announces one sleeper on every ring of `segments` (a wait set), then fences once: the
/// heavy fence reaches every registered process at once, so one covers the producers of all
/// the rings — one `membarrier`, and one round of interrupts on the producers' CPUs, per wait
/// instead of one per ring. Each announcement's `fenced` still asks its own ring whether every
/// process there could register.
pub(crate) fn announce_consumer_on_each(segments: &[&Segment]) -> Vec<Announced> {
    for segment in segments {
        segment.waiters().fetch_add(1, Ordering::SeqCst);
    }
    let fenced = asymmetric::heavy();
    segments
        .iter()
        .map(|segment| Announced {
            fenced: fenced && every_process_registered(segment),
        })
        .collect()
}

/// How a sleep went, for the counters.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Slept {
    /// The re-check found what the sleeper waits for (or the ring not open): no sleep.
    No,
    /// It slept, and the word it slept on moved: someone woke it.
    Woken,
    /// It slept until the timeout (or a spurious return).
    TimedOut,
}

/// One sleep under a standing announcement: reads the wake word, re-checks `published()` and
/// the ring's state, and sleeps for at most `timeout`.
pub(crate) fn sleep_announced(
    segment: &Segment,
    announced: Announced,
    published: impl FnOnce() -> bool,
    timeout: Duration,
) -> Slept {
    let Some((word, timeout)) = prepare_sleep(segment, announced, published, timeout) else {
        return Slept::No;
    };
    futex::wait(segment.wake_word(), word, timeout);
    if segment.wake_word().load(Ordering::Relaxed) != word {
        Slept::Woken
    } else {
        Slept::TimedOut
    }
}

/// The first half of a consumer's sleep under a standing announcement: reads the wake word,
/// then re-checks `published()` and the ring's state. `None` if there is no need to sleep;
/// otherwise the word's value to sleep on and the longest sleep allowed. The sleep itself may
/// happen on another thread (the async bridge) as long as it waits for the word to move from
/// that value: a publish the re-check missed bumps the word after it was read.
pub(crate) fn prepare_sleep(
    segment: &Segment,
    announced: Announced,
    published: impl FnOnce() -> bool,
    timeout: Duration,
) -> Option<(u32, Duration)> {
    let timeout = sleep_bound(announced.fenced, timeout);
    let word = segment.wake_word().load(Ordering::Acquire);
    if segment.load_state() != Ok(SegmentState::Ready) || published() {
        return None;
    }
    Some((word, timeout))
}

/// One ring of a sleep on many: its segment, the standing announcement on it (see
/// [`announce_consumer`]), and whether what the sleeper waits for there already holds.
pub(crate) struct Watched<'a> {
    /// The ring.
    pub(crate) segment: &'a Segment,
    /// The sleeper's announcement on it, standing for the whole sleep.
    pub(crate) announced: Announced,
    /// Re-checked after the ring's wake word is read: true ends the sleep before it starts.
    pub(crate) ready: &'a dyn Fn() -> bool,
}

/// One sleep on many rings under standing announcements: reads every ring's wake word, then
/// re-checks every ring's state and `ready()`, and sleeps on all the words at once for at most
/// `timeout` (capped if any announcement could not fence its ring). `extra` are words outside
/// any ring that also end the sleep when bumped (the async bridge's own doorbell), with the
/// values the caller read before its own re-checks.
pub(crate) fn sleep_announced_many(
    watched: &[Watched<'_>],
    extra: &[(&super::sync::AtomicU32, u32)],
    timeout: Duration,
) -> Slept {
    let fenced = watched.iter().all(|ring| ring.announced.fenced);
    let timeout = sleep_bound(fenced, timeout);
    let mut words: Vec<(&super::sync::AtomicU32, u32)> = watched
        .iter()
        .map(|ring| {
            let word = ring.segment.wake_word();
            (word, word.load(Ordering::Acquire))
        })
        .collect();
    let ready = watched
        .iter()
        .any(|ring| ring.segment.load_state() != Ok(SegmentState::Ready) || (ring.ready)());
    if ready {
        return Slept::No;
    }
    words.extend_from_slice(extra);
    futex::wait_many(&words, timeout);
    if words
        .iter()
        .any(|&(word, seen)| word.load(Ordering::Relaxed) != seen)
    {
        Slept::Woken
    } else {
        Slept::TimedOut
    }
}

/// Withdraws a consumer's announcement when its wait ends.
pub(crate) fn retract_consumer(segment: &Segment) {
    segment.waiters().fetch_sub(1, Ordering::SeqCst);
}

/// Producer, after publishing: wakes sleeping consumers, if any. A compiler fence and a load of
/// a line only sleepers write (a cache hit in the steady state); no system call without a
/// sleeper.
#[inline(always)]
pub(crate) fn wake_consumers_if_sleeping(segment: &Segment) {
    asymmetric::light();
    #[cfg(not(dmp_seeded_bug = "no_sleeper_check"))]
    if segment.waiters().load(Ordering::Relaxed) != 0 {
        wake_consumers_for_publish(segment);
    }
}

/// [`wake_consumers`] for a publish, counted in the producer's counters.
#[cold]
fn wake_consumers_for_publish(segment: &Segment) {
    wake_consumers(segment);
    counters::add_producer(segment, ProducerCounter::WakeupsSent, 1);
}

/// Wakes every consumer sleeping on the ring (after a publish they may be waiting for, or when
/// the ring closes).
#[cold]
pub(crate) fn wake_consumers(segment: &Segment) {
    segment.wake_word().fetch_add(1, Ordering::Release);
    futex::wake_all(segment.wake_word());
}

/// Producer: sleeps on the space word for at most `timeout` unless `space()` already holds.
/// `space` re-reads the gating cursors after the fence. Returns whether it slept.
pub(crate) fn sleep_until_space(
    segment: &Segment,
    space: impl FnOnce() -> bool,
    timeout: Duration,
) -> bool {
    let announced = announce_producer(segment);
    let prepared = prepare_space_sleep(segment, announced, space, timeout);
    if let Some((word, timeout)) = prepared {
        futex::wait(segment.space_word(), word, timeout);
    }
    retract_producer(segment);
    prepared.is_some()
}

/// Announces the producer about to sleep for space, and fences.
pub(crate) fn announce_producer(segment: &Segment) -> Announced {
    segment.producer_sleeping().fetch_add(1, Ordering::SeqCst);
    Announced {
        fenced: fence_before_sleep(segment),
    }
}

/// The first half of the producer's sleep for space under its announcement: reads the space
/// word, then re-checks `space()`. `None` if there is room; otherwise the word's value to sleep
/// on and the longest sleep allowed (see [`prepare_sleep`]).
pub(crate) fn prepare_space_sleep(
    segment: &Segment,
    announced: Announced,
    space: impl FnOnce() -> bool,
    timeout: Duration,
) -> Option<(u32, Duration)> {
    let timeout = sleep_bound(announced.fenced, timeout);
    let word = segment.space_word().load(Ordering::Acquire);
    (!space()).then_some((word, timeout))
}

/// Withdraws the producer's announcement when its wait for space ends.
pub(crate) fn retract_producer(segment: &Segment) {
    segment.producer_sleeping().fetch_sub(1, Ordering::SeqCst);
}

/// Consumer, after storing its cursor (once per quarter ring, or going idle): wakes the
/// producer if it sleeps for space.
#[inline(always)]
pub(crate) fn wake_producer_if_sleeping(segment: &Segment) {
    asymmetric::light();
    #[cfg(not(dmp_seeded_bug = "no_sleeper_check"))]
    if segment.producer_sleeping().load(Ordering::Relaxed) != 0 {
        wake_producer(segment);
    }
}

/// Wakes the producer if it sleeps for space (after a cursor store, or when the gating set
/// shrank).
#[cold]
pub(crate) fn wake_producer(segment: &Segment) {
    segment.space_word().fetch_add(1, Ordering::Release);
    futex::wake_all(segment.space_word());
}
