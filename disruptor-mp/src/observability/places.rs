//! Who holds a place in a ring: the consumer table read without changing it, by the producer
//! (`SharedProducer::consumers`), the counters and any inspecting process.

use crate::Sequence;
use crate::backend::process::Liveness;
use crate::consumer::ConsumerRole;
use crate::ring::consumer_table::{ConsumerTable, EntryState};
use crate::ring::segment::Segment;
use core::sync::atomic::Ordering;

/// One consumer's place in a ring, as [`crate::SharedProducer::consumers`] sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct ConsumerInfo {
    /// Its id (`ad_<n>` for one that attached without an id).
    pub id: String,
    /// The place it holds: reserved, open, or an observer's.
    pub role: ConsumerRole,
    /// Whether a live process holds the place.
    pub status: ConsumerStatus,
    /// The process that holds (or last held) the place; `None` for a place never taken.
    pub pid: Option<u32>,
    /// The last sequence it released (-1: none yet).
    pub cursor: Sequence,
    /// Events published after its cursor: how far behind it is.
    pub lag: u64,
}

/// Whether a consumer's place is held by a live process.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ConsumerStatus {
    /// A live process is attached.
    Attached,
    /// Nobody is attached: a reserved place not taken yet, or kept after its consumer dropped
    /// its handle. A gating place still holds its events.
    Away,
    /// The process that held it died (pid and start time); a gating place still holds its
    /// events until the same id (or, for an open place, any consumer) takes it over.
    Dead,
    /// Its process was recorded in another PID namespace, where this one cannot judge it.
    Unknown,
    /// The producer evicted it — dead ([`crate::SharedProducer::evict_dead_consumers`]), or holding
    /// the ring back past its grace period ([`crate::RequiredConsumerFailureAction::Evict`]):
    /// no event is held for it; its handle, if alive, is told so by its next read, and
    /// otherwise the next attach with its id is.
    Evicted,
}

/// A consumer's place and the table entry it is in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Place {
    /// The entry's index in the consumer table.
    pub(crate) index: usize,
    /// What the entry says.
    pub(crate) info: ConsumerInfo,
}

/// Every entry of `seg` that holds a place now, in table order, judged against the last
/// published sequence `published`.
pub(crate) fn places(seg: &Segment, published: Sequence) -> Vec<Place> {
    let table = ConsumerTable::new(seg);
    (0..table.len())
        .filter_map(|index| {
            let status = match table.state(index)? {
                EntryState::Free | EntryState::Left => return None,
                EntryState::Reserved => ConsumerStatus::Away,
                EntryState::Evicted => ConsumerStatus::Evicted,
                EntryState::Active => match table.owner(index).liveness() {
                    Liveness::Alive => ConsumerStatus::Attached,
                    Liveness::Dead => ConsumerStatus::Dead,
                    Liveness::Unknown => ConsumerStatus::Unknown,
                },
            };
            let owner = table.owner(index).pid;
            let cursor = table
                .cursor(index)
                .load(Ordering::Acquire)
                .clamp(-1, published);
            let info = ConsumerInfo {
                id: table.id(index).decode()?,
                role: ConsumerRole::of(table.role(index)?),
                status,
                pid: (owner != 0).then_some(owner),
                cursor,
                lag: (published - cursor) as u64,
            };
            Some(Place { index, info })
        })
        .collect()
}
