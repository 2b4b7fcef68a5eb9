//! What the producer and the handles ask of the table without changing it.

use super::{ConsumerTable, EntryState, Role};
use core::sync::atomic::Ordering;

impl ConsumerTable<'_> {
    /// Number of entries with a consumer attached.
    pub(crate) fn active_count(&self) -> usize {
        (0..self.len())
            .filter(|&i| self.state(i) == Some(EntryState::Active))
            .count()
    }

    /// Number of entries that gate the producer: attached gating consumers and reserved places
    /// still awaited.
    pub(crate) fn gating_count(&self) -> usize {
        (0..self.len()).filter(|&i| self.gates(i)).count()
    }

    /// Number of attached consumers in gating places.
    pub(crate) fn attached_gating_count(&self) -> usize {
        (0..self.len())
            .filter(|&i| self.gates(i) && self.state(i) == Some(EntryState::Active))
            .count()
    }

    /// The ids of the places reserved for named consumers (the producer's discovery prefix), in
    /// table order, whether or not their consumers are attached.
    pub(crate) fn reserved_ids(&self) -> Vec<String> {
        self.ids_where(|state| state != EntryState::Free)
    }

    /// The reserved ids whose consumers have not attached yet (or have left).
    pub(crate) fn awaited_ids(&self) -> Vec<String> {
        self.ids_where(|state| matches!(state, EntryState::Reserved | EntryState::Left))
    }

    fn ids_where(&self, wanted: impl Fn(EntryState) -> bool) -> Vec<String> {
        (0..self.len())
            .filter(|&i| self.role(i) == Some(Role::Named) && self.state(i).is_some_and(&wanted))
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

    /// Whether a place reserved for a consumer that has not attached yet still holds events up
    /// to `published`: such a consumer needs the ring's name to reach them.
    pub(crate) fn unattached_reservation_behind(&self, published: i64) -> bool {
        (0..self.len()).any(|i| {
            self.gates(i)
                && self.state(i) == Some(EntryState::Reserved)
                && self.cursor(i).load(Ordering::Acquire) < published
        })
    }
}
