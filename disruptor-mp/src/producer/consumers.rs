//! The producer's list of its consumers: who holds a place, whether its process lives, and how
//! far behind it is. Read from the consumer table without changing it.

use super::SharedProducer;
use crate::Sequence;
use crate::backend::process::Liveness;
use crate::consumer::ConsumerRole;
use crate::event::SharedEvent;
use crate::ring::consumer_table::{ConsumerTable, EntryState, Evict};
use core::sync::atomic::Ordering;

/// One consumer's place in a ring, as [`SharedProducer::consumers`] sees it.
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
    /// The producer evicted it — dead ([`SharedProducer::evict_dead_consumers`]), or holding
    /// the ring back past its grace period ([`crate::RequiredConsumerFailureAction::Evict`]):
    /// no event is held for it; its handle, if alive, is told so by its next read, and
    /// otherwise the next attach with its id is.
    Evicted,
}

impl<E: SharedEvent> SharedProducer<E> {
    /// Every consumer that holds a place in the ring now, in table order: id, role, whether its
    /// process lives, its cursor and its lag. For operators and alert hooks; it reads the table
    /// (one `/proc` lookup per attached consumer), so keep it off the publish path.
    ///
    /// ```
    /// use disruptor_mp::{ConsumerRole, ConsumerStatus};
    /// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
    /// # #[repr(C)]
    /// # struct Tick { price: u64 }
    /// # let ring = format!("doc-{}-consumers", std::process::id());
    /// let mut producer = disruptor_mp::build_shared_single_producer::<Tick>(&ring, 8)
    ///     .discover_consumer_with_prefix(1, "audit")
    ///     .with_coordination(disruptor_mp::CoordinationMode::Immediate)
    ///     .build_producer(Tick::default)?;
    /// producer.publish_value(Tick { price: 10 });
    ///
    /// let audit = &producer.consumers()[0];
    /// assert_eq!((audit.id.as_str(), audit.role), ("audit_0", ConsumerRole::Reserved));
    /// assert_eq!((audit.status, audit.cursor, audit.lag), (ConsumerStatus::Away, -1, 1));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn consumers(&self) -> Vec<ConsumerInfo> {
        let table = ConsumerTable::new(self.segment());
        let published = self.last_published_sequence();
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
                Some(ConsumerInfo {
                    id: table.id(index).decode()?,
                    role: ConsumerRole::of(table.role(index)?),
                    status,
                    pid: (owner != 0).then_some(owner),
                    cursor,
                    lag: (published - cursor) as u64,
                })
            })
            .collect()
    }
}

impl<E: SharedEvent> SharedProducer<E> {
    /// Stops holding events for every gating consumer whose process is dead, so the ring moves
    /// on; returns them as they were (status `Dead`). An evicted consumer's id, attaching
    /// again, gets [`crate::AttachError::Evicted`] with the last sequence it released (it missed
    /// what came after), once; the attach after that joins as a new reader. Live consumers are
    /// never evicted by this call, however stalled (see
    /// [`crate::ProducerBuilder::allow_consumer_eviction`] for that). Without this call
    /// (or [`crate::RequiredConsumerFailureAction::EvictDead`]) a dead gating consumer holds the
    /// producer until its id comes back.
    ///
    /// ```
    /// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
    /// # #[repr(C)]
    /// # struct Tick { price: u64 }
    /// # let ring = format!("doc-{}-evict_dead_consumers", std::process::id());
    /// # let mut producer = disruptor_mp::build_shared_single_producer::<Tick>(&ring, 8)
    /// #     .build_producer(Tick::default)?;
    /// // Nobody here is dead: nothing is evicted.
    /// assert!(producer.evict_dead_consumers().is_empty());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn evict_dead_consumers(&mut self) -> Vec<ConsumerInfo> {
        let table = ConsumerTable::new(self.segment());
        let dead: Vec<ConsumerInfo> = self
            .consumers()
            .into_iter()
            .filter(|c| c.status == ConsumerStatus::Dead && c.role.gates())
            .collect();
        dead.into_iter()
            .filter(|c| {
                crate::ring::consumer_table::PackedId::new(&c.id)
                    .and_then(|id| table.find(&id))
                    .and_then(|index| table.evict(index, Evict::Dead, self.settings.identity))
                    .is_some()
            })
            .collect()
    }
}
