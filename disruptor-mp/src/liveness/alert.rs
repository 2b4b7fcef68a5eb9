//! What the alert hook is told.

use crate::Sequence;
use std::time::Duration;

/// A required consumer holds the producer back: its id, where it stopped, for how long, and
/// whether its process is gone.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct RequiredConsumerAlert {
    /// The consumer's id.
    pub consumer_id: String,
    /// The last sequence it released.
    pub last_sequence: Sequence,
    /// How long it has held the blocked producer back without progress.
    pub stalled_for: Duration,
    /// Why it is reported.
    pub cause: StallCause,
}

/// Why a required consumer was reported.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum StallCause {
    /// It is attached and alive but released nothing for `progress_timeout` while the producer
    /// waited for it (stopped, hung or too slow).
    Stalled,
    /// Its process is dead (pid and start time): reported at once. Restarting it under the same
    /// id within the grace period resumes it after its last released event.
    Dead {
        /// The dead process.
        pid: u32,
    },
}
