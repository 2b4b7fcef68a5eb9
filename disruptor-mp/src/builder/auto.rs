//! `handle_events_with` and `handle_events_batch`: a consumer builder's way to an
//! [`AutoConsumer`], which attaches like `build_consumer` and runs a handler on a thread.

use super::ConsumerBuilder;
use crate::Sequence;
use crate::consumer::{AutoConsumer, start_auto};
use crate::error::{AttachError, ConfigError, HandleEventsError};
use crate::event::SharedEvent;
use crate::wait::AutoWaitStrategy;

impl<E: SharedEvent> ConsumerBuilder<E> {
    /// [`Self::handle_events_batch`] with the builder's wait strategy
    /// ([`Self::with_wait_strategy`], `Block` by default: an idle thread sleeps and uses no
    /// CPU).
    ///
    /// ```
    /// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
    /// # #[repr(C)]
    /// # struct Tick { price: u64 }
    /// # let ring = format!("doc-{}-handle_events_with", std::process::id());
    /// # let producer = disruptor_mp::build_shared_single_producer::<Tick>(&ring, 8)
    /// #     .build_producer(Tick::default)?;
    /// let mut auto = disruptor_mp::attach_shared_consumer::<Tick>(&ring, 8)
    ///     .handle_events_with(|tick: &Tick, sequence, end_of_batch| {
    ///         let _ = (tick.price, sequence, end_of_batch);
    ///     })?;
    /// assert!(auto.is_running());
    /// auto.shutdown_and_join()?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn handle_events_with<F>(self, handler: F) -> Result<AutoConsumer, HandleEventsError>
    where
        F: FnMut(&E, Sequence, bool) + Send + 'static,
    {
        let strategy = self.wait_strategy();
        self.handle_events_batch(handler, strategy)
    }

    /// Attaches as [`Self::build_consumer`] does and starts a thread that calls
    /// `handler(&event, sequence, end_of_batch)` for every event, in order, in place, with
    /// `end_of_batch` true on the last event of each batch (what was published when the batch
    /// began, at most one ring). While idle the thread waits with `strategy`. The thread is
    /// pinned to [`Self::with_consumer_core`]'s core (else `DISRUPTOR_MP_AUTO_CONSUMER_CORE`'s)
    /// before it reads anything; see [`AutoConsumer`] for stopping it.
    ///
    /// Fails as `build_consumer` does ([`HandleEventsError::Attach`]), or with
    /// [`HandleEventsError::Pin`] / [`HandleEventsError::Spawn`] if the thread cannot be pinned
    /// or started (the consumer then leaves the ring).
    ///
    /// ```
    /// use disruptor_mp::AutoWaitStrategy;
    /// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
    /// # #[repr(C)]
    /// # struct Tick { price: u64 }
    /// # let ring = format!("doc-{}-handle_events_batch", std::process::id());
    /// # let producer = disruptor_mp::build_shared_single_producer::<Tick>(&ring, 8)
    /// #     .build_producer(Tick::default)?;
    /// let mut auto = disruptor_mp::attach_shared_consumer::<Tick>(&ring, 8)
    ///     .handle_events_batch(|_: &Tick, _, _| {}, AutoWaitStrategy::cpu_efficient())?;
    /// auto.shutdown_and_join()?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn handle_events_batch<F>(
        self,
        handler: F,
        strategy: AutoWaitStrategy,
    ) -> Result<AutoConsumer, HandleEventsError>
    where
        F: FnMut(&E, Sequence, bool) + Send + 'static,
    {
        let settings =
            crate::env::settings().map_err(|err| AttachError::from(ConfigError::from(err)))?;
        let core = self.auto_consumer_core(settings);
        let consumer = self.build_consumer()?;
        start_auto(consumer, handler, strategy, core, settings.shutdown_grace())
    }
}
