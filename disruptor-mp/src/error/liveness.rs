//! Errors of the managed publish calls (`publish_managed`, `publish_batch_managed`).

use crate::Sequence;
use std::time::Duration;

/// Why a managed publish gave up on a required consumer.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum RequiredConsumerError {
    /// Some required consumers never attached within `startup_wait_timeout`. Nothing was
    /// published; the next managed call waits a fresh timeout.
    #[error(
        "required consumers did not attach within the startup timeout: {missing:?}; start them, \
         or raise `startup_wait_timeout`"
    )]
    StartupTimeout {
        /// The ids still missing, in configuration order.
        missing: Vec<String>,
    },
    /// A required consumer held the producer back past `progress_timeout` and then past
    /// `shutdown_grace_period` without moving (or its process died and did not come back
    /// within the grace period). Latched: every later managed call that finds the ring full
    /// returns it again; calls that find room still publish.
    #[error(
        "required consumer `{consumer_id}` stopped at sequence {last_sequence} and held the \
         producer back for {stalled_for:?}; graceful shutdown triggered"
    )]
    GracefulShutdownTriggered {
        /// The consumer's id.
        consumer_id: String,
        /// The last sequence it had released.
        last_sequence: Sequence,
        /// How long it held the producer back without progress.
        stalled_for: Duration,
    },
    /// A managed batch asked for more slots than the ring has; it could never be published.
    #[error("a batch of {requested} events can never fit a ring of {capacity} slots")]
    BatchTooLarge {
        /// Events asked for.
        requested: usize,
        /// The ring's capacity.
        capacity: usize,
    },
}
