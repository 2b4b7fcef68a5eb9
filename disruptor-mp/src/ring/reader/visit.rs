//! Batch reads: every published event up to a bound, in place for a reader that gates, with
//! one store of the cursor at the end.

use super::{Lapped, Reader};
use crate::Sequence;
use crate::event::SharedEvent;
use crate::ring::packed;
use crate::ring::slots::SlotState;
use core::sync::atomic::Ordering;

/// Events a gating batch read checks stamp by stamp before it bounds the rest with one load of
/// the producer cursor (see [`Reader::visit_available`]). Small under loom, so the models reach
/// both paths with a handful of events.
#[cfg(not(loom))]
const STAMP_WALK: usize = 8;
#[cfg(loom)]
const STAMP_WALK: usize = 1;

impl<E: SharedEvent> Reader<E> {
    /// Calls `visit(&event, seq)` for up to `max` published events, in place when gating, then
    /// stores the cursor once. Returns how many were visited (and a lap, if one stopped it).
    ///
    /// A gating reader either takes what is published as one run, bounded by one load of the
    /// producer cursor, or — when its last call found no more than [`STAMP_WALK`] events, as when
    /// it keeps up with a producer publishing one at a time — first checks up to that many events
    /// by their stamps, which sit on the lines it reads anyway, and loads the cursor only if they
    /// were all ready. Keeping up then never touches the cursor line the producer writes (which
    /// made small events several times slower), and a backlog still costs one cursor load.
    ///
    /// With `flush` false the cursor is stored only once a quarter ring is done (as
    /// [`Reader::advance`] does), so a caller that visits one event per call does not write the
    /// shared line per event; it must [`Reader::flush`] before it waits.
    #[inline]
    pub(crate) fn visit_available(
        &mut self,
        max: usize,
        flush: bool,
        mut visit: impl FnMut(&E, Sequence),
    ) -> (usize, Option<Lapped>) {
        let (count, lapped) = if self.packed {
            self.visit_packed(max, &mut visit)
        } else {
            self.visit_stamped(max, &mut visit)
        };
        self.keeping_up = count <= STAMP_WALK;
        if flush || self.next >= self.flush_at {
            self.flush();
        }
        (count, lapped)
    }

    /// The reading half of [`Reader::visit_available`] in a stamped ring.
    #[inline(always)]
    fn visit_stamped(
        &mut self,
        max: usize,
        mut visit: &mut impl FnMut(&E, Sequence),
    ) -> (usize, Option<Lapped>) {
        let mut count = 0;
        let mut lapped = None;
        let walk = if self.keeping_up { STAMP_WALK } else { 0 };
        while count < max {
            if self.in_place
                && count == walk
                && let Some(run) = self.visit_published_run(max - count, &mut visit)
            {
                count += run;
                break;
            }
            let seq = self.next;
            match self.stamp_state() {
                SlotState::NotYet => break,
                SlotState::Overwritten(found) => {
                    lapped = Some(self.fault(Lapped::at(seq, found)));
                    break;
                }
                // SAFETY: as in `try_read`.
                SlotState::Ready if self.in_place => visit(unsafe { self.slots.get(seq) }, seq),
                SlotState::Ready => match self.copy_to_scratch::<false>(seq) {
                    Ok(copy) => (*visit)(copy, seq),
                    Err(lap) => {
                        lapped = Some(lap);
                        break;
                    }
                },
            }
            self.next += 1;
            count += 1;
        }
        (count, lapped)
    }

    /// The reading half of [`Reader::visit_available`] in a packed ring: one Acquire load of
    /// the producer cursor bounds the run; an in-place reader visits it in the slots, any other
    /// reader visits verified copies (each checked against the claim after the copy).
    ///
    /// Unlike stamps, the cursor cannot be checked against anything: a peer that scribbles
    /// over it can make a packed reader read slots the producer has not published (still
    /// never out of the slot array, and never more than one ring).
    #[inline]
    fn visit_packed(
        &mut self,
        max: usize,
        visit: &mut impl FnMut(&E, Sequence),
    ) -> (usize, Option<Lapped>) {
        let first = self.next;
        let cursor = self.segment.producer_cursor().load(Ordering::Acquire);
        let capacity = self.segment.plan().capacity as Sequence;
        match packed::classify(cursor, first, capacity) {
            SlotState::NotYet => return (0, None),
            // Only a reader the producer does not wait for — or one whose table cursor a peer
            // moved — can be a ring behind.
            SlotState::Overwritten(found) => {
                return (0, Some(self.fault(Lapped::at(first, found))));
            }
            SlotState::Ready => {}
        }
        let last = cursor.min(first - 1 + max as Sequence);
        if self.in_place {
            // SAFETY: the Acquire load of the cursor showed every sequence up to `last`
            // published; this in-place reader gates the producer, which may not evict it, and
            // has not released them.
            unsafe { self.slots.visit_range(first, last, visit) };
            self.next = last + 1;
            return ((last - first + 1) as usize, None);
        }
        let mut count = 0;
        while self.next <= last {
            let seq = self.next;
            match self.copy_to_scratch::<true>(seq) {
                Ok(copy) => visit(copy, seq),
                Err(lap) => return (count, Some(lap)),
            }
            self.next += 1;
            count += 1;
        }
        (count, None)
    }

    /// An in-place reader's batch: one producer-cursor load bounds the run, and one stamp — the
    /// run's last — proves it. An honest producer stores stamps in sequence order with Release
    /// before the cursor, so an Acquire load showing the last stamp makes every earlier event of
    /// the run visible, and gating keeps them from being overwritten. Returns `None` (so the
    /// caller checks stamp by stamp) when the next event is not published, or when the cursor
    /// and the stamp disagree, as they would if a peer scribbled over the cursor.
    #[inline]
    fn visit_published_run(
        &mut self,
        max: usize,
        visit: &mut impl FnMut(&E, Sequence),
    ) -> Option<usize> {
        let first = self.next;
        if self.stamp_state() != SlotState::Ready {
            return None;
        }
        let cursor = self.segment.producer_cursor().load(Ordering::Acquire);
        let last = cursor.min(first - 1 + max as Sequence);
        if last < first || self.slots.stamp(last).load(Ordering::Acquire) != last {
            return None;
        }
        // SAFETY: the Acquire load of `last`'s stamp showed it published, and with it every
        // earlier sequence of the run (see above); this in-place reader gates the producer,
        // which may not evict it, and has not released them.
        unsafe { self.slots.visit_range(first, last, visit) };
        self.next = last + 1;
        Some((last - first + 1) as usize)
    }

    /// The last sequence of the run of published events that starts at the next one (which the
    /// caller saw published), at most one ring long, for a caller that must know where a batch
    /// ends before it visits it. Walks the stamps, on the lines the batch reads anyway; after
    /// [`STAMP_WALK`] published ones (a backlog, not a reader keeping up one event at a time) it
    /// jumps to the producer's cursor if that event's stamp confirms it, so a backlog costs one
    /// load of the cursor line rather than a second pass over the ring. A packed ring has no
    /// stamps: its cursor says it all.
    #[inline(always)]
    pub(crate) fn published_run_end(&self) -> Sequence {
        let first = self.next;
        let bound = first + self.segment.plan().capacity as Sequence - 1;
        if self.packed {
            let cursor = self.segment.producer_cursor().load(Ordering::Acquire);
            return cursor.clamp(first, bound);
        }
        let published = |seq: Sequence| self.slots.stamp(seq).load(Ordering::Acquire) == seq;
        let mut last = first;
        while last < bound && published(last + 1) {
            last += 1;
            if last - first == STAMP_WALK as Sequence {
                let cursor = self
                    .segment
                    .producer_cursor()
                    .load(Ordering::Acquire)
                    .min(bound);
                if cursor > last && published(cursor) {
                    last = cursor;
                }
            }
        }
        last
    }
}
