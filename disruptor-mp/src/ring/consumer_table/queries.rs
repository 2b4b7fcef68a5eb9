//! What the producer and the handles ask of the table without changing it.

use super::{ConsumerTable, EntryState, Role};
use crate::backend::process::Liveness;
use core::sync::atomic::Ordering;

impl ConsumerTable<'_> {
    /// Whether entry `index` is owned by a consumer that is still there: active, and its owner
    /// not provably dead (an owner in another PID namespace counts as there).
    pub(crate) fn attached(&self, index: usize) -> bool {
        self.state(index) == Some(EntryState::Active)
            && self.owner(index).liveness() != Liveness::Dead
    }

    /// Whether entry `index` is active but its owner died: its place can be taken (by the same
    /// id for a named place, by any joiner for an open or plain one).
    pub(crate) fn abandoned(&self, index: usize) -> bool {
        self.state(index) == Some(EntryState::Active)
            && self.owner(index).liveness() == Liveness::Dead
    }

    /// Number of entries with a live consumer attached.
    pub(crate) fn active_count(&self) -> usize {
        (0..self.len()).filter(|&i| self.attached(i)).count()
    }

    /// Number of entries that gate the producer: attached gating consumers and reserved places
    /// still awaited.
    pub(crate) fn gating_count(&self) -> usize {
        (0..self.len()).filter(|&i| self.gates(i)).count()
    }

    /// Number of live attached consumers in gating places.
    pub(crate) fn attached_gating_count(&self) -> usize {
        (0..self.len())
            .filter(|&i| self.gates(i) && self.attached(i))
            .count()
    }

    /// The ids of the places reserved for named consumers (the producer's discovery prefix), in
    /// table order, whether or not their consumers are attached.
    pub(crate) fn reserved_ids(&self) -> Vec<String> {
        self.ids_where(|i| self.state(i) != Some(EntryState::Free))
    }

    /// The reserved ids whose consumers are not attached: not yet, gone, or dead.
    pub(crate) fn awaited_ids(&self) -> Vec<String> {
        self.ids_where(|i| {
            !matches!(self.state(i), Some(EntryState::Free | EntryState::Evicted))
                && !self.attached(i)
        })
    }

    fn ids_where(&self, wanted: impl Fn(usize) -> bool) -> Vec<String> {
        (0..self.len())
            .filter(|&i| self.role(i) == Some(Role::Named) && wanted(i))
            .filter_map(|i| self.id(i).decode())
            .collect()
    }

    /// The lowest cursor among the entries that gate the producer, clamped to
    /// `[-1, published]`; `published` when none gates. Reads only: the producer's cached gating
    /// set and limit are left alone.
    pub(crate) fn min_gating_cursor(&self, published: i64) -> i64 {
        (0..self.len())
            .filter(|&i| self.gates(i))
            .map(|i| self.cursor(i).load(Ordering::Acquire).clamp(-1, published))
            .min()
            .unwrap_or(published)
    }

    /// Whether a gating place without a live consumer (reserved and not yet taken, kept by a
    /// consumer that dropped its handle, or held by a dead one) still holds events up to
    /// `published`: its consumer needs the ring's name to come back for them.
    pub(crate) fn unattached_reservation_behind(&self, published: i64) -> bool {
        (0..self.len()).any(|i| {
            self.gates(i) && !self.attached(i) && self.cursor(i).load(Ordering::Acquire) < published
        })
    }
}
