//! Joining and leaving: a consumer claims an entry (its own, a reserved place, or a plain one)
//! and releases it; the producer reserves places for ids it requires.

use super::{ConsumerTable, EntryState, Evict, JoinError, Joined, MAX_START, PackedId, Role};
use crate::backend::process::{Liveness, ProcessIdentity};
use crate::ring::counters;
use crate::ring::sync::fence;
use crate::ring::wakeup;
use core::sync::atomic::Ordering;

impl ConsumerTable<'_> {
    /// Joins as `id` (or anonymously), owned by `me`. See the module docs for the rules; the
    /// producer is guaranteed not to overwrite `Joined::next` once this returns.
    pub(crate) fn join(
        &self,
        id: Option<&PackedId>,
        me: ProcessIdentity,
    ) -> Result<Joined, JoinError> {
        let _guard = self.lock(me)?;
        if let Some(id) = id
            && let Some(index) = self.find(id)
        {
            return self.join_own_entry(index, id, me);
        }
        // No entry carries this id. Gating places first: a reserved open place, then an open
        // place whose owner died (its events are still held: we resume from its cursor), then a
        // released open place; failing those, an unused entry, a released plain one or a dead
        // reader's, as a plain (non-gating) consumer.
        let pick = |want_state: EntryState, want_role: Option<Role>| {
            (0..self.len()).find(|&i| {
                self.state(i) == Some(want_state)
                    && want_role.is_none_or(|r| self.role(i) == Some(r))
            })
        };
        let abandoned = |want_role: Role| {
            (0..self.len()).find(|&i| self.role(i) == Some(want_role) && self.abandoned(i))
        };
        let (index, role) = if let Some(i) =
            pick(EntryState::Reserved, Some(Role::Open)).or_else(|| abandoned(Role::Open))
        {
            (i, Role::Open)
        } else if let Some(i) = pick(EntryState::Left, Some(Role::Open)) {
            (i, Role::Open)
        } else if let Some(i) = pick(EntryState::Free, None)
            .or_else(|| pick(EntryState::Left, Some(Role::Plain)))
            .or_else(|| abandoned(Role::Plain))
        {
            (i, Role::Plain)
        } else {
            return Err(JoinError::TableFull);
        };
        let anonymous;
        let id = match id {
            Some(id) => id,
            None => {
                anonymous = PackedId::new(&format!("ad_{index}")).expect("short ascii id");
                &anonymous
            }
        };
        self.write_id(index, id);
        self.role_word(index).store(role as u32, Ordering::Relaxed);
        // A place whose events are held (reserved, or an open place a dead owner left) resumes
        // from its cursor; anything else starts after the producer.
        let held = match self.state(index) {
            Some(EntryState::Reserved) => true,
            Some(EntryState::Active) => role == Role::Open,
            _ => false,
        };
        if held {
            Ok(self.activate_held(index, id, me))
        } else {
            Ok(self.activate_late(index, id, role, me))
        }
    }

    fn join_own_entry(
        &self,
        index: usize,
        id: &PackedId,
        me: ProcessIdentity,
    ) -> Result<Joined, JoinError> {
        match self.state(index) {
            Some(EntryState::Reserved) => Ok(self.activate_held(index, id, me)),
            Some(EntryState::Evicted) => {
                // Told once: the entry is released, and the next join starts afresh.
                let last_sequence = self.cursor(index).load(Ordering::Acquire);
                self.state_word(index)
                    .store(EntryState::Left as u32, Ordering::Release);
                self.seg.table_generation().fetch_add(1, Ordering::AcqRel);
                Err(JoinError::Evicted { last_sequence })
            }
            Some(EntryState::Active) => {
                let owner = self.owner(index);
                // Only a provably dead owner is taken over; `Unknown` (recorded in another PID
                // namespace) counts as alive.
                if owner.liveness() != Liveness::Dead {
                    return Err(JoinError::IdInUse { pid: owner.pid });
                }
                // Its owner died: resume from its cursor. The producer kept gating on it, so
                // nothing after that cursor was overwritten.
                Ok(self.activate_held(index, id, me))
            }
            _ => {
                let role = self.role(index).unwrap_or(Role::Plain);
                Ok(self.activate_late(index, id, role, me))
            }
        }
    }

    /// Claims an entry whose cursor the producer already respects; resumes after that cursor.
    ///
    /// The cursor is clamped to `[-1, producer cursor]` (and stored back) exactly as the
    /// producer clamps it when gating (`Sequencer::min_gating`): a cursor a peer scribbled on
    /// must not start the reader beyond what was published, nor overflow `cursor + 1`.
    fn activate_held(&self, index: usize, id: &PackedId, me: ProcessIdentity) -> Joined {
        self.write_owner(index, me);
        let epoch = self
            .epoch_word(index)
            .fetch_add(1, Ordering::AcqRel)
            .wrapping_add(1);
        self.state_word(index)
            .store(EntryState::Active as u32, Ordering::Release);
        self.seg.table_generation().fetch_add(1, Ordering::AcqRel);
        let published = self.published();
        let cursor = self
            .cursor(index)
            .load(Ordering::Acquire)
            .clamp(-1, published);
        self.cursor(index).store(cursor, Ordering::Release);
        Joined {
            index,
            id: id.decode().unwrap_or_default(),
            next: cursor + 1,
            gating: matches!(self.role(index), Some(Role::Named | Role::Open)),
            role: self.role(index).unwrap_or(Role::Plain),
            epoch,
        }
    }

    /// Claims an entry the producer does not yet know, starting after the producer's cursor.
    ///
    /// Dekker-style handshake with the producer's gating refresh (`Sequencer::min_gating`): we
    /// make the entry visible, then (after a SeqCst fence) read the producer cursor, carry it
    /// forward over published stamps to `p`, and start at `p + 1`. A refresh that missed our
    /// entry stored the cursor before its own fence, so our load sees at least what it had
    /// published and its limit is at most `p + capacity`: the slot of `p + 1` cannot be
    /// overwritten before a refresh that sees us.
    fn activate_late(
        &self,
        index: usize,
        id: &PackedId,
        role: Role,
        me: ProcessIdentity,
    ) -> Joined {
        let producer = self.seg.producer_cursor();
        self.cursor(index)
            .store(producer.load(Ordering::Acquire), Ordering::Relaxed);
        self.write_owner(index, me);
        let epoch = self
            .epoch_word(index)
            .fetch_add(1, Ordering::AcqRel)
            .wrapping_add(1);
        self.role_word(index).store(role as u32, Ordering::Relaxed);
        self.state_word(index)
            .store(EntryState::Active as u32, Ordering::Release);
        self.seg.table_generation().fetch_add(1, Ordering::AcqRel);
        fence(Ordering::SeqCst);
        let start_after = self.published();
        self.cursor(index).store(start_after, Ordering::Release);
        counters::restart_consumer(self.seg, index, start_after + 1);
        Joined {
            index,
            id: id.decode().unwrap_or_default(),
            next: start_after + 1,
            gating: role != Role::Plain,
            role,
            epoch,
        }
    }

    /// The last published sequence as a joiner may trust it: within `[-1, MAX_START]`, whatever
    /// a peer wrote to the cursor or the stamps.
    fn published(&self) -> i64 {
        self.seg.last_published().clamp(-1, MAX_START)
    }

    /// A consumer handle goes away, if `epoch` still owns entry `index`. A place reserved for
    /// its id (`Named`) stays reserved with its cursor, so the producer keeps holding the events
    /// after it and the same id resumes there, as after a crash; any other entry is marked left,
    /// and the producer stops waiting for it at its next gating refresh.
    pub(crate) fn leave(&self, index: usize, epoch: u64) {
        if self.epoch(index) != epoch {
            return; // taken over after we were presumed dead; not ours to release
        }
        let next = if self.role(index) == Some(Role::Named) {
            EntryState::Reserved
        } else {
            EntryState::Left
        };
        self.state_word(index).store(next as u32, Ordering::Release);
        self.seg.table_generation().fetch_add(1, Ordering::AcqRel);
        // The gating set may have shrunk: a producer asleep for space looks again.
        wakeup::wake_producer(self.seg);
    }

    /// A consumer gives its place up for good, if `epoch` still owns entry `index`: the entry
    /// is marked left whatever its role, so the producer stops holding events for it, and the
    /// same id coming back starts after the producer's cursor. The epoch moves on, so the
    /// handle's own `leave` at drop finds the entry no longer its own.
    pub(crate) fn give_up(&self, index: usize, epoch: u64) {
        if self
            .epoch_word(index)
            .compare_exchange(
                epoch,
                epoch.wrapping_add(1),
                Ordering::AcqRel,
                Ordering::Acquire,
            )
            .is_err()
        {
            return; // taken over after we were presumed dead; not ours to give up
        }
        self.state_word(index)
            .store(EntryState::Left as u32, Ordering::Release);
        self.seg.table_generation().fetch_add(1, Ordering::AcqRel);
        wakeup::wake_producer(self.seg);
    }

    /// Producer: stops holding events for the gating consumer in entry `index`, so the ring
    /// moves on; returns the last sequence it had released, if it was evicted. Checked again
    /// under the join lock, so a consumer that took the place over in between is judged as it
    /// is now. A consumer whose owner is dead is always evicted; with [`Evict::HoldingBack`],
    /// so is a place reserved for an absent consumer, and a live consumer — but only on a ring
    /// whose consumers read by verified copy ([`Segment::consumers_evictable`]): elsewhere a
    /// live consumer may be reading a slot in place, which must never be overwritten under it.
    ///
    /// The epoch moves on, so the evicted handle finds its entry no longer its own (its reads
    /// then report the eviction, and its drop leaves the entry to the next joiner of its id).
    /// Consumers asleep on the ring are woken so an evicted one finds out.
    ///
    /// [`Segment::consumers_evictable`]: crate::ring::segment::Segment::consumers_evictable
    pub(crate) fn evict(&self, index: usize, which: Evict, me: ProcessIdentity) -> Option<i64> {
        let _guard = self.lock(me).ok()?;
        if !self.gates(index) {
            return None;
        }
        let allowed = self.abandoned(index)
            || which == Evict::HoldingBack
                && (self.state(index) == Some(EntryState::Reserved)
                    || self.seg.consumers_evictable());
        if !allowed {
            return None;
        }
        self.epoch_word(index).fetch_add(1, Ordering::AcqRel);
        self.state_word(index)
            .store(EntryState::Evicted as u32, Ordering::Release);
        self.seg.table_generation().fetch_add(1, Ordering::AcqRel);
        wakeup::wake_consumers(self.seg);
        Some(self.cursor(index).load(Ordering::Acquire))
    }

    /// An evicted consumer has been told through its own handle: its entry, if still the
    /// evicted one (`epoch` is the epoch the eviction set), is released, so the next join with
    /// its id starts as a new reader instead of being told again.
    pub(crate) fn acknowledge_eviction(&self, index: usize, epoch: u64, me: ProcessIdentity) {
        let Ok(_guard) = self.lock(me) else {
            return; // the next join tells the id once more; nothing is lost
        };
        if self.state(index) == Some(EntryState::Evicted) && self.epoch(index) == epoch {
            self.state_word(index)
                .store(EntryState::Left as u32, Ordering::Release);
            self.seg.table_generation().fetch_add(1, Ordering::AcqRel);
        }
    }

    /// Producer: make sure `id` gates. Reserves a free entry holding events from after
    /// `last_published` when no entry carries `id`; turns a plain entry into a named one.
    /// Returns whether `id` gates afterwards.
    pub(crate) fn require(&self, id: &PackedId, last_published: i64, me: ProcessIdentity) -> bool {
        let Ok(_guard) = self.lock(me) else {
            return false;
        };
        if let Some(index) = self.find(id) {
            if self.role(index) == Some(Role::Plain) {
                self.role_word(index)
                    .store(Role::Named as u32, Ordering::Release);
                self.seg.table_generation().fetch_add(1, Ordering::AcqRel);
            }
            return self.gates(index) || self.state(index) == Some(EntryState::Left);
        }
        let Some(index) = (0..self.len()).find(|&i| self.state(i) == Some(EntryState::Free)) else {
            return false;
        };
        self.write_id(index, id);
        self.cursor(index).store(last_published, Ordering::Relaxed);
        counters::restart_consumer(self.seg, index, last_published + 1);
        self.role_word(index)
            .store(Role::Named as u32, Ordering::Relaxed);
        self.state_word(index)
            .store(EntryState::Reserved as u32, Ordering::Release);
        self.seg.table_generation().fetch_add(1, Ordering::AcqRel);
        true
    }
}
