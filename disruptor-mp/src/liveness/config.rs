//! What required-consumer liveness watches and how patiently.

use super::RequiredConsumerAlert;
use std::sync::Arc;
use std::time::Duration;

/// Called once per stall (or death) of a required consumer, on the producer's thread, while
/// its publish waits. The library never prints: log from here.
pub type RequiredConsumerAlertHook = Arc<dyn Fn(&RequiredConsumerAlert) + Send + Sync>;

/// What a producer does when a required consumer's grace period runs out.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum RequiredConsumerFailureAction {
    /// The managed publish calls return
    /// [`crate::RequiredConsumerError::GracefulShutdownTriggered`]; the caller shuts down.
    #[default]
    GracefulShutdown,
    /// A required consumer whose process is dead is evicted when its grace period runs out:
    /// the producer stops holding events for it and goes on (its id, coming back, is told
    /// [`crate::AttachError::Evicted`] once and then joins as a new reader). A live consumer
    /// that stalls still fails the call as with `GracefulShutdown`: it may be reading a slot in
    /// place, which the producer must never overwrite under it.
    EvictDead,
    /// Any required consumer that still holds the producer back when its grace period runs
    /// out is evicted: a dead one, one whose place is reserved but which is not attached, and
    /// — on a ring built with [`crate::ProducerBuilder::allow_consumer_eviction`] — a live one
    /// that stalled, whose next read returns [`crate::ConsumeError::Evicted`]. On a ring
    /// without it, a live stalled consumer fails the call as with `GracefulShutdown`.
    Evict,
}

/// Required-consumer liveness for [`crate::SharedProducer::enable_required_consumer_liveness`]:
/// the consumers the producer must not run without, and how long each may hold it back.
///
/// Fields are public, as in the published crate; the setters check their argument and a struct
/// literal does not.
#[derive(Clone)]
pub struct RequiredConsumerLivenessConfig {
    /// Consumer ids that must attach, and whose places the producer reserves (they gate).
    pub required_consumer_ids: Vec<String>,
    /// How long the first managed publish waits for all of them to attach (default 5 s).
    pub startup_wait_timeout: Duration,
    /// How long a required consumer may hold a blocked producer back without releasing an event
    /// before it is reported (default 250 ms). Only time in which the producer was blocked on it
    /// counts; a consumer whose process died is reported at once.
    pub progress_timeout: Duration,
    /// How often a blocked producer looks at the required consumers (default 5 ms).
    pub progress_check_interval: Duration,
    /// How long after the report the producer still waits for the consumer to move (or, if it
    /// died, to come back under its id) before it fails (default 1 s; zero fails at once).
    pub shutdown_grace_period: Duration,
    /// What failing means (default: the managed calls return an error).
    pub failure_action: RequiredConsumerFailureAction,
    /// Called once per stall; `None` by default.
    pub alert_hook: Option<RequiredConsumerAlertHook>,
}

impl std::fmt::Debug for RequiredConsumerLivenessConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RequiredConsumerLivenessConfig")
            .field("required_consumer_ids", &self.required_consumer_ids)
            .field("startup_wait_timeout", &self.startup_wait_timeout)
            .field("progress_timeout", &self.progress_timeout)
            .field("progress_check_interval", &self.progress_check_interval)
            .field("shutdown_grace_period", &self.shutdown_grace_period)
            .field("failure_action", &self.failure_action)
            .field("alert_hook", &self.alert_hook.as_ref().map(|_| ".."))
            .finish()
    }
}

impl RequiredConsumerLivenessConfig {
    /// Liveness for `required_consumer_ids`, with the published defaults.
    ///
    /// # Panics
    /// If `required_consumer_ids` is empty: there would be nothing to watch.
    ///
    /// ```
    /// use disruptor_mp::RequiredConsumerLivenessConfig;
    /// use std::time::Duration;
    ///
    /// let config = RequiredConsumerLivenessConfig::new(vec!["risk".into()])
    ///     .with_progress_timeout(Duration::from_millis(100))
    ///     .with_shutdown_grace_period(Duration::from_millis(500));
    /// assert_eq!(config.startup_wait_timeout, Duration::from_secs(5));
    /// ```
    pub fn new(required_consumer_ids: Vec<String>) -> Self {
        assert!(
            !required_consumer_ids.is_empty(),
            "required-consumer liveness needs at least one consumer id"
        );
        Self {
            required_consumer_ids,
            startup_wait_timeout: Duration::from_secs(5),
            progress_timeout: Duration::from_millis(250),
            progress_check_interval: Duration::from_millis(5),
            shutdown_grace_period: Duration::from_secs(1),
            failure_action: RequiredConsumerFailureAction::GracefulShutdown,
            alert_hook: None,
        }
    }

    /// Sets [`Self::startup_wait_timeout`].
    ///
    /// # Panics
    /// If `timeout` is zero (no consumer could ever attach in time).
    pub fn with_startup_wait_timeout(mut self, timeout: Duration) -> Self {
        assert!(!timeout.is_zero(), "startup_wait_timeout must be positive");
        self.startup_wait_timeout = timeout;
        self
    }

    /// Sets [`Self::progress_timeout`].
    ///
    /// # Panics
    /// If `timeout` is zero (every wait would be a stall).
    pub fn with_progress_timeout(mut self, timeout: Duration) -> Self {
        assert!(!timeout.is_zero(), "progress_timeout must be positive");
        self.progress_timeout = timeout;
        self
    }

    /// Sets [`Self::progress_check_interval`].
    ///
    /// # Panics
    /// If `interval` is zero (the blocked producer would never sleep).
    pub fn with_progress_check_interval(mut self, interval: Duration) -> Self {
        assert!(
            !interval.is_zero(),
            "progress_check_interval must be positive"
        );
        self.progress_check_interval = interval;
        self
    }

    /// Sets [`Self::shutdown_grace_period`]; zero fails a stalled consumer as soon as it is
    /// reported.
    pub fn with_shutdown_grace_period(mut self, grace: Duration) -> Self {
        self.shutdown_grace_period = grace;
        self
    }

    /// Sets [`Self::failure_action`] (new here: the published crate had one action and no
    /// setter).
    pub fn with_failure_action(mut self, action: RequiredConsumerFailureAction) -> Self {
        self.failure_action = action;
        self
    }

    /// Sets [`Self::alert_hook`].
    pub fn with_alert_hook(mut self, hook: RequiredConsumerAlertHook) -> Self {
        self.alert_hook = Some(hook);
        self
    }
}
