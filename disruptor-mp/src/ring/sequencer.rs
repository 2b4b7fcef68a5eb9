//! The single producer's claim logic: a local counter plus a cached gating limit, refreshed from
//! the consumer table only when it runs out.

use super::consumer_table::{ConsumerTable, EntryState};
use super::counters;
use super::segment::Segment;
use super::sync::fence;
use crate::Sequence;
use core::sync::atomic::Ordering;

/// Producer-local sequencing state. Never shared: claiming is plain arithmetic.
#[derive(Debug)]
pub(crate) struct Sequencer {
    /// Next sequence to publish.
    next: Sequence,
    /// Highest sequence that may be written without consulting the consumers again.
    limit: Sequence,
    capacity: Sequence,
    /// Table generation the cached `gating` list was built from.
    generation: u64,
    /// Entries that gate the producer, as of `generation`.
    gating: Vec<usize>,
    /// The largest lag recorded for each entry (the producer's copy of the counters' record).
    lag_seen: Vec<u64>,
    /// Whether a reader the producer does not wait for was attached at the last rescan; only
    /// then must overwrites be announced with a "being written" stamp (see `slots.rs`).
    unprotected_readers: bool,
    /// Whether every overwrite is announced whatever the table says: on a ring whose consumers
    /// the producer may evict, each gating reader reads by verified copy and becomes
    /// unprotected the moment it is evicted, before any rescan could notice.
    announce_always: bool,
    /// Whether the slots are packed (see `packed.rs`): published through the cursor, overwrites
    /// announced through the claim word.
    packed: bool,
    /// `packed` and `unprotected_readers` in one value, for the careful path to dispatch on.
    mode: WriteMode,
    /// `mode != Plain`, the one flag a publish tests first: a stamped ring with only gating
    /// readers pays one test per publish, as before the packed layout. Its own byte: testing
    /// `mode` there made the compiler keep the loaded mode in a register (an instruction more
    /// per publish, `bench/callgrind.sh`).
    careful: bool,
}

/// How a publish writes, as of the last gating refresh (see [`Sequencer::write_mode`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum WriteMode {
    /// Stamped slots, no reader to warn: fill, then stamp.
    Plain,
    /// Stamped slots, overwrites announced with a "being written" stamp first.
    Announced,
    /// Packed slots, no reader to warn: fill, then store the cursor.
    Packed,
    /// Packed slots, overwrites announced through the claim word first.
    PackedAnnounced,
}

impl Sequencer {
    /// A sequencer for a fresh ring of `capacity` slots (nothing published yet).
    pub(crate) fn new(capacity: usize) -> Self {
        Self {
            next: 0,
            // Nothing is known about consumers yet: refresh on the first claim.
            limit: -1,
            capacity: capacity as Sequence,
            generation: u64::MAX,
            gating: Vec::new(),
            lag_seen: Vec::new(),
            unprotected_readers: false,
            announce_always: false,
            packed: false,
            mode: WriteMode::Plain,
            careful: false,
        }
    }

    /// Recomputes [`Sequencer::write_mode`] after `packed` or `unprotected_readers` changed.
    fn update_mode(&mut self) {
        self.mode = match (self.packed, self.unprotected_readers) {
            (false, false) => WriteMode::Plain,
            (false, true) => WriteMode::Announced,
            (true, false) => WriteMode::Packed,
            (true, true) => WriteMode::PackedAnnounced,
        };
        self.careful = self.mode != WriteMode::Plain;
    }

    /// Publishes through the packed layout's cursor from now on (set once, before the first
    /// publish).
    pub(crate) fn set_packed(&mut self, packed: bool) {
        self.packed = packed;
        self.update_mode();
    }

    /// Whether the slots are packed.
    #[inline(always)]
    pub(crate) fn packed(&self) -> bool {
        self.packed
    }

    /// How a publish writes: whether the slots are packed, and whether writes must be
    /// announced ([`Sequencer::marks_overwrites`]).
    #[inline(always)]
    pub(crate) fn write_mode(&self) -> WriteMode {
        self.mode
    }

    /// Whether a publish must leave the plain stamped path (`write_mode() != Plain`).
    #[inline(always)]
    pub(crate) fn careful(&self) -> bool {
        self.careful
    }

    /// Announces every overwrite from now on (`true`), or only while an unprotected reader is
    /// attached (`false`, the default).
    pub(crate) fn mark_every_overwrite(&mut self, always: bool) {
        self.announce_always = always;
        self.unprotected_readers |= always;
        self.update_mode();
    }

    /// The next sequence to be published.
    #[inline(always)]
    pub(crate) fn next(&self) -> Sequence {
        self.next
    }

    /// Claims `n >= 1` sequences, returning the last one, or the shortfall in free slots.
    #[inline(always)]
    pub(crate) fn claim(&mut self, seg: &Segment, n: u64) -> Result<Sequence, u64> {
        let Some(last) = i64::try_from(n)
            .ok()
            .and_then(|n| self.next.checked_add(n - 1))
        else {
            self.refresh(seg);
            return Err(self.shortfall(n));
        };
        if last > self.limit {
            self.refresh(seg);
            if last > self.limit {
                return Err(self.shortfall(n));
            }
        }
        Ok(last)
    }

    /// How many of `n` slots are missing: `n` minus the free slots, so never more than `n` (a
    /// cursor that a peer moved backwards can leave fewer than zero free).
    #[cold]
    fn shortfall(&self, n: u64) -> u64 {
        let free = u64::try_from(self.limit - self.next + 1).unwrap_or(0);
        n.saturating_sub(free)
    }

    /// Records that everything up to `last` has been published.
    #[inline(always)]
    pub(crate) fn commit(&mut self, last: Sequence) {
        self.next = last + 1;
    }

    /// Re-reads the gating set and recomputes the limit. Returns the minimum gating cursor
    /// (the last published sequence when nothing gates).
    pub(crate) fn refresh(&mut self, seg: &Segment) -> Sequence {
        let min = self.min_gating(seg);
        self.limit = min + self.capacity;
        min
    }

    /// The minimum cursor over gating consumers, clamped to what was published.
    ///
    /// First brings the producer cursor up to date (single publishes store it only now and
    /// then). The SeqCst fence after that store pairs with the one a late joiner issues after
    /// making its entry visible (see `ConsumerTable::activate_late`): either this refresh sees the
    /// new entry, or the joiner's load of the cursor sees this store, so it starts after every
    /// sequence this refresh could allow overwriting.
    pub(crate) fn min_gating(&mut self, seg: &Segment) -> Sequence {
        let published = self.next - 1;
        seg.producer_cursor().store(published, Ordering::Release);
        fence(Ordering::SeqCst);
        let table = ConsumerTable::new(seg);
        let generation = seg.table_generation().load(Ordering::Acquire);
        if generation != self.generation {
            self.gating.clear();
            self.gating
                .extend((0..table.len()).filter(|&i| table.gates(i)));
            self.unprotected_readers = self.announce_always
                || (0..table.len())
                    .any(|i| table.state(i) == Some(EntryState::Active) && !table.gates(i));
            self.update_mode();
            self.generation = generation;
            self.lag_seen.resize(table.len(), 0);
        }
        let lag_seen = &mut self.lag_seen;
        self.gating
            .iter()
            .map(|&i| {
                let cursor = table.cursor(i).load(Ordering::Acquire).clamp(-1, published);
                counters::note_lag(seg, i, (published - cursor) as u64, &mut lag_seen[i]);
                cursor
            })
            .min()
            .unwrap_or(published)
    }

    /// Whether writes must be announced to readers the producer does not wait for.
    ///
    /// Turning this off while no such reader is attached is safe for the same reason a late
    /// join is (see `ConsumerTable::activate_late`): a reader that joins after the last refresh
    /// starts after a sequence the producer cannot overwrite before its next refresh, and that
    /// refresh sees the reader and turns announcements back on.
    #[inline(always)]
    pub(crate) fn marks_overwrites(&self) -> bool {
        self.unprotected_readers
    }

    /// Number of entries gating the producer as of the last refresh (for the in-crate tests).
    #[cfg(all(test, not(loom)))]
    pub(crate) fn gating_count(&mut self, seg: &Segment) -> usize {
        self.min_gating(seg);
        self.gating.len()
    }
}
