//! The managed publish calls: like `publish`, but a required consumer that holds the producer
//! back is reported and, after a grace period, fails the call instead of freezing it (see
//! [`crate::RequiredConsumerLivenessConfig`]). Everything here runs only when the ring is full
//! or before the first managed publish; a managed publish that finds room costs what `publish`
//! costs, plus one branch.

use super::SharedProducer;
use crate::Sequence;
use crate::error::RequiredConsumerError;
use crate::event::SharedEvent;
use crate::liveness::monitor::{Monitor, Sighting};
use crate::liveness::{RequiredConsumerFailureAction, RequiredConsumerLivenessConfig};
use crate::ring::consumer_table::{ConsumerTable, Evict, PackedId};
use crate::ring::counters::{self, ProducerCounter};
use crate::ring::publisher::Claimed;
use crate::wait::Idle;
use core::sync::atomic::Ordering;
use std::time::Instant;

impl<E: SharedEvent> SharedProducer<E> {
    /// Watches the consumers `config` requires from now on: their places are reserved (they
    /// gate the producer, and hold every event published from here for them), the first managed
    /// publish waits for all of them to attach, and while a managed publish finds the ring full,
    /// a required consumer that holds it back without progress is reported to the hook and,
    /// after the grace period, fails the call. Replaces an earlier configuration. The unmanaged
    /// calls (`publish`, `try_publish`, ...) are not affected.
    ///
    /// ```
    /// use disruptor_mp::{RequiredConsumerError, RequiredConsumerLivenessConfig};
    /// use std::time::Duration;
    /// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
    /// # #[repr(C)]
    /// # struct Tick { price: u64 }
    /// # let ring = format!("doc-{}-enable_required_consumer_liveness", std::process::id());
    /// let mut producer = disruptor_mp::build_shared_single_producer::<Tick>(&ring, 8)
    ///     .build_producer(Tick::default)?;
    /// producer.enable_required_consumer_liveness(
    ///     RequiredConsumerLivenessConfig::new(vec!["risk".into()])
    ///         .with_startup_wait_timeout(Duration::from_millis(20)),
    /// );
    /// // "risk" never starts: the first managed publish says so, and publishes nothing.
    /// assert_eq!(
    ///     producer.publish_managed(|tick| tick.price = 1),
    ///     Err(RequiredConsumerError::StartupTimeout { missing: vec!["risk".into()] })
    /// );
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn enable_required_consumer_liveness(
        &mut self,
        config: RequiredConsumerLivenessConfig,
    ) -> &mut Self {
        for id in &config.required_consumer_ids {
            // An id that is not valid cannot attach: startup reports it missing.
            self.discover_consumer_id(id);
        }
        self.liveness = Some(Box::new(Monitor::new(config)));
        self
    }

    /// Publishes one event like [`SharedProducer::publish`], waiting while the ring is full,
    /// under required-consumer liveness: the first call waits for the required consumers to
    /// attach ([`RequiredConsumerError::StartupTimeout`]), and a wait that a required consumer
    /// prolongs past its progress timeout and grace period ends in
    /// [`RequiredConsumerError::GracefulShutdownTriggered`]. Without liveness enabled it is
    /// `publish`.
    pub fn publish_managed<F: FnOnce(&mut E)>(
        &mut self,
        update: F,
    ) -> Result<Sequence, RequiredConsumerError> {
        let claimed = self.claim_managed(1)?;
        Ok(self.finish_one(claimed, update))
    }

    /// Publishes `n` events at once like [`SharedProducer::publish_batch`], under
    /// required-consumer liveness as [`SharedProducer::publish_managed`]. `n == 0` returns the
    /// last published sequence without any check; more than the ring holds is
    /// [`RequiredConsumerError::BatchTooLarge`] (the published crate waited forever).
    pub fn publish_batch_managed<F: FnMut(&mut E, usize)>(
        &mut self,
        n: usize,
        update: F,
    ) -> Result<Sequence, RequiredConsumerError> {
        if n == 0 {
            return Ok(self.last_published_sequence());
        }
        if n > self.capacity() {
            return Err(RequiredConsumerError::BatchTooLarge {
                requested: n,
                capacity: self.capacity(),
            });
        }
        let claimed = self.claim_managed(n as u64)?;
        Ok(self.finish_each(claimed, update))
    }

    #[inline]
    fn claim_managed(&mut self, n: u64) -> Result<Claimed, RequiredConsumerError> {
        if self.liveness.as_ref().is_some_and(|m| !m.started()) {
            self.start_liveness()?;
        }
        match self.publisher.claim(n) {
            Ok(claimed) => Ok(claimed),
            Err(_) => self.wait_claim_managed(n),
        }
    }

    /// Waits (up to `startup_wait_timeout`) until every required consumer is attached, then
    /// starts their clocks from their cursors.
    #[cold]
    fn start_liveness(&mut self) -> Result<(), RequiredConsumerError> {
        let Some(monitor) = self.liveness.as_deref_mut() else {
            return Ok(());
        };
        let table = ConsumerTable::new(self.publisher.segment());
        let ids = monitor.config().required_consumer_ids.clone();
        let missing = |table: &ConsumerTable<'_>| -> Vec<String> {
            ids.iter()
                .filter(|id| !place_of(table, id).is_some_and(|i| table.attached(i)))
                .cloned()
                .collect()
        };
        let attached = crate::deadline::poll_until(
            monitor.config().startup_wait_timeout,
            crate::default_discovery_poll_duration(),
            |_| missing(&table).is_empty().then_some(()),
        );
        if attached.is_err() {
            return Err(RequiredConsumerError::StartupTimeout {
                missing: missing(&table),
            });
        }
        monitor.start(ids.iter().map(|id| {
            place_of(&table, id).map_or(-1, |i| table.cursor(i).load(Ordering::Acquire))
        }));
        Ok(())
    }

    /// Waits for `n` free slots, sleeping with the producer's strategy for at most the check
    /// interval at a time, and checking the required consumers between sleeps.
    #[cold]
    fn wait_claim_managed(&mut self, n: u64) -> Result<Claimed, RequiredConsumerError> {
        self.publisher.note_full();
        let started = Instant::now();
        let claimed = self.wait_claim_watched(n);
        self.publisher.note_blocked(started.elapsed());
        claimed
    }

    /// The loop of [`Self::wait_claim_managed`].
    fn wait_claim_watched(&mut self, n: u64) -> Result<Claimed, RequiredConsumerError> {
        if let Some(monitor) = self.liveness.as_deref_mut() {
            monitor.blocked_again();
        }
        let capacity = self.capacity() as Sequence;
        let evictable = self.publisher.segment().consumers_evictable();
        let mut idle = Idle::new();
        loop {
            if let Ok(claimed) = self.publisher.claim(n) {
                return Ok(claimed);
            }
            let claim_last = self.publisher.last_published() + n as Sequence;
            let mut interval = crate::BLOCK_TIMEOUT;
            if let Some(monitor) = self.liveness.as_deref_mut() {
                interval = monitor.config().progress_check_interval;
                let table = ConsumerTable::new(self.publisher.segment());
                let ids = &monitor.config().required_consumer_ids.clone();
                let verdict = monitor.on_blocked(Instant::now(), |i| {
                    sight(&table, &ids[i], claim_last, capacity, evictable)
                });
                let segment = self.publisher.segment();
                counters::add_producer(
                    segment,
                    ProducerCounter::LivenessAlerts,
                    monitor.take_alerts(),
                );
                verdict?;
                let which = match monitor.config().failure_action {
                    RequiredConsumerFailureAction::Evict => Evict::HoldingBack,
                    _ => Evict::Dead,
                };
                for i in monitor.take_evictions() {
                    if let Some(place) = place_of(&table, &ids[i])
                        && let Some(last_sequence) =
                            table.evict(place, which, self.settings.identity)
                    {
                        self.evicted(&ids[i], last_sequence);
                    }
                }
            }
            let publisher = &mut self.publisher;
            idle.step(self.settings.wait, |timeout| {
                publisher.sleep_until_space(n, timeout.min(interval));
            });
        }
    }
}

/// The table entry of consumer `id`, if it has one.
fn place_of(table: &ConsumerTable<'_>, id: &str) -> Option<usize> {
    table.find(&PackedId::new(id)?)
}

/// What a producer whose next claim ends at `claim_last` sees of consumer `id`'s place.
fn sight(
    table: &ConsumerTable<'_>,
    id: &str,
    claim_last: Sequence,
    capacity: Sequence,
    consumers_evictable: bool,
) -> Sighting {
    let Some(index) = place_of(table, id) else {
        return Sighting {
            cursor: -1,
            holds_back: false,
            dead: None,
            evictable: false,
        };
    };
    let cursor = table.cursor(index).load(Ordering::Acquire);
    let dead = table.abandoned(index).then(|| table.owner(index).pid);
    Sighting {
        cursor,
        holds_back: table.gates(index) && cursor.saturating_add(capacity) < claim_last,
        dead,
        evictable: dead.is_some() || !table.attached(index) || consumers_evictable,
    }
}
