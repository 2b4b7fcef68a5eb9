//! The `AutoConsumer`: what starting its thread (`handle_events_*`) and joining it can meet.

use super::{AttachError, ConsumeError};
use std::io;

/// Why `handle_events_with` / `handle_events_batch` could not start an
/// [`crate::AutoConsumer`].
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum HandleEventsError {
    /// Attaching the consumer failed, as `build_consumer` would have.
    #[error(transparent)]
    Attach(#[from] AttachError),
    /// The background thread could not be pinned to the core `with_consumer_core` or
    /// `DISRUPTOR_MP_AUTO_CONSUMER_CORE` named; the thread was stopped and the consumer left
    /// the ring.
    #[error("cannot pin the AutoConsumer thread to CPU core {core} (set by {origin}): {source}")]
    Pin {
        /// The core asked for.
        core: usize,
        /// Where it was asked for: `"with_consumer_core"`, or the environment variable's name.
        origin: &'static str,
        /// The OS error (`EINVAL` for a core that does not exist or is not allowed, `EPERM`).
        #[source]
        source: io::Error,
    },
    /// The OS refused to start the background thread.
    #[error("cannot start the AutoConsumer thread: {0}")]
    Spawn(#[source] io::Error),
}

/// How an [`crate::AutoConsumer`]'s thread ended, when not by `shutdown`: what
/// [`crate::AutoConsumer::join`] reports.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum AutoConsumerError {
    /// The stream ended or broke: [`ConsumeError::ProducerClosed`] after the last event was
    /// handled, [`ConsumeError::ProducerDead`], or [`ConsumeError::Lapped`] for an observer.
    #[error("the AutoConsumer stopped: {0}")]
    Consume(#[from] ConsumeError),
    /// The handler panicked; the thread ended there and the consumer left the ring.
    #[error("the AutoConsumer handler panicked: {message}")]
    Panicked {
        /// The panic's message (`"<non-string panic payload>"` if it was not a string).
        message: String,
    },
    /// `join` was called before, and reported how the thread ended then.
    #[error("the AutoConsumer thread was already joined")]
    AlreadyJoined,
}

impl AutoConsumerError {
    /// Whether this is the end of the stream (the producer closed the ring and every event was
    /// handled): the normal end of a consumer that runs until its producer finishes.
    ///
    /// ```
    /// use disruptor_mp::{AutoConsumerError, ConsumeError};
    ///
    /// assert!(AutoConsumerError::Consume(ConsumeError::ProducerClosed).is_end_of_stream());
    /// assert!(!AutoConsumerError::AlreadyJoined.is_end_of_stream());
    /// ```
    pub fn is_end_of_stream(&self) -> bool {
        matches!(self, Self::Consume(ConsumeError::ProducerClosed))
    }
}
