//! A reader the producer got ahead of: the lap it reports, where it resumes, and whether the
//! producer evicted it.

use super::Reader;
use crate::Sequence;
use crate::event::SharedEvent;
use crate::ring::consumer_table::{ConsumerTable, MAX_START};
use crate::ring::packed;
use crate::ring::slots::{SlotState, classify};
use core::sync::atomic::Ordering;

/// Slots an oldest-resume looks past at most (see [`Reader::first_not_overwritten`]): one for
/// a write in flight, the rest for a producer that laps the reader again meanwhile.
const RESUME_STEPS: usize = 4;

/// The next event was overwritten before it was read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Lapped {
    pub(crate) expected: Sequence,
    pub(crate) found: Sequence,
    /// Whether the producer had evicted this gating reader, which is how it came to be lapped
    /// (see [`Reader::evicted`]).
    pub(crate) evicted: bool,
}

impl Lapped {
    /// A lap of a reader that was not evicted (the reader marks evictions, see
    /// [`Reader::fault`]).
    pub(super) fn at(expected: Sequence, found: Sequence) -> Self {
        Self {
            expected,
            found,
            evicted: false,
        }
    }
}

/// Where a reader that does not gate goes on from after [`Reader::resume`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ResumeAt {
    /// The oldest sequence the ring still holds: one ring behind the last published.
    Oldest,
    /// Just after the last published sequence.
    Newest,
}

impl<E: SharedEvent> Reader<E> {
    /// Moves a reader the producer does not wait for forward to `at` — never backwards — and
    /// returns how many sequences it skipped; `None`, with nothing changed, for a gating reader,
    /// which the producer never laps and which must read every event.
    ///
    /// Only this reader's own state moves: `next`, then a [`Reader::flush`] that records the
    /// skipped sequences as done in its table cursor (which the producer never reads for a
    /// non-gating entry, see `ConsumerTable::gates`), so `released == next - 1` as after any
    /// flush. A lap is not remembered anywhere but in `next` meeting an overwritten stamp, so
    /// it is no longer reported once `next` is past it.
    ///
    /// The last published sequence `p` is read as a joiner reads it (`Segment::last_published`,
    /// clamped to `[-1, MAX_START]` against a scribbled cursor). `Newest` starts at `p + 1`.
    /// `Oldest` starts at `p - capacity + 1`, the oldest sequence whose slot holds it now, or
    /// after it if its slot is already being overwritten (see
    /// [`Reader::first_not_overwritten`]); a producer that keeps publishing may still overwrite
    /// it before it is read, and the next read then reports a fresh lap, never data.
    #[cold]
    pub(crate) fn resume(&mut self, at: ResumeAt) -> Option<u64> {
        if self.gating {
            return None;
        }
        let published = self.segment.last_published().clamp(-1, MAX_START);
        let capacity = self.segment.plan().capacity as Sequence;
        let start = match at {
            ResumeAt::Oldest if self.packed => {
                packed::oldest_held(&self.segment, published).clamp(self.next, published + 1)
            }
            ResumeAt::Oldest => {
                let oldest = (published - capacity + 1).max(self.next);
                self.first_not_overwritten(oldest, published + 1)
            }
            ResumeAt::Newest => (published + 1).max(self.next),
        };
        let skipped = (start - self.next) as u64;
        self.next = start;
        self.flush();
        Some(skipped)
    }

    /// The first sequence from `start` on whose slot a later write has not taken, for an
    /// oldest-resume: the last published sequence does not show a write in flight — nor one a
    /// producer died in, which would otherwise leave the reader lapped at the same sequence
    /// after every resume. Each step skips to one ring behind the sequence the slot is taken
    /// by, and stops at `newest`; a few steps at most, so stamps a peer scribbled cannot keep
    /// it looping.
    fn first_not_overwritten(&self, mut start: Sequence, newest: Sequence) -> Sequence {
        let capacity = self.segment.plan().capacity as Sequence;
        for _ in 0..RESUME_STEPS {
            if start >= newest {
                break;
            }
            let stamp = self.slots.stamp(start).load(Ordering::Acquire);
            let SlotState::Overwritten(found) = classify(stamp, start) else {
                break;
            };
            start = (found.min(MAX_START) - capacity + 1)
                .max(start + 1)
                .min(newest);
        }
        start
    }

    /// Whether this reader's table entry is no longer its own: the producer evicted it (or, for
    /// a reader presumed dead, another took it over). Only a reader that does not read in place
    /// can be evicted alive.
    #[cold]
    #[inline(never)]
    pub(super) fn lost_place(&self) -> bool {
        ConsumerTable::new(&self.segment).epoch(self.entry) != self.epoch
    }

    /// The producer evicted this gating reader: it stopped holding events for it. Returns the
    /// last sequence the reader read (everything after may be overwritten at any moment), and
    /// remembers that the caller was told, so the drop releases the entry for a fresh join.
    /// Always `None` for an in-place reader, which is never evicted alive.
    #[cold]
    pub(crate) fn evicted(&mut self) -> Option<Sequence> {
        if !self.evictable || !self.lost_place() {
            return None;
        }
        self.told_evicted = true;
        Some(self.next - 1)
    }

    /// Marks `lap` as an eviction if that is how this reader came to be lapped, and counts it.
    #[cold]
    pub(super) fn fault(&mut self, lap: Lapped) -> Lapped {
        crate::ring::counters::add_consumer(
            &self.segment,
            self.entry,
            crate::ring::counters::ConsumerCounter::Laps,
            1,
        );
        Lapped {
            evicted: self.evicted().is_some(),
            ..lap
        }
    }
}
