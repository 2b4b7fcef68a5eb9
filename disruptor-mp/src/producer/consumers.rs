//! The producer's view of its consumers: the list (see `observability::places`) and eviction
//! of the dead.

use super::SharedProducer;
use crate::Sequence;
use crate::event::SharedEvent;
use crate::observability::places::places;
use crate::observability::{ConsumerInfo, ConsumerStatus};
use crate::ring::consumer_table::{ConsumerTable, Evict};
use crate::ring::counters::{self, ProducerCounter};
use crate::trace::cold_event;

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
        places(self.segment(), self.last_published_sequence())
            .into_iter()
            .map(|place| place.info)
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
                    .inspect(|&last_sequence| self.evicted(&c.id, last_sequence))
                    .is_some()
            })
            .collect()
    }

    /// Counts (and traces) the eviction of `consumer` after `last_sequence`.
    #[cfg_attr(not(feature = "tracing"), allow(unused_variables))]
    pub(super) fn evicted(&self, consumer: &str, last_sequence: Sequence) {
        counters::add_producer(self.segment(), ProducerCounter::Evictions, 1);
        cold_event!(
            warn,
            ring = %self.settings.name,
            consumer,
            last_sequence,
            "consumer evicted"
        );
    }
}
