//! Resuming: why a consumer cannot skip ahead after a lap.

/// Why [`crate::SharedConsumer::resume_from_oldest`] or
/// [`crate::SharedConsumer::resume_from_newest`] did not move the consumer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ResumeError {
    /// The consumer gates the producer: the producer holds every event for it, so it is never
    /// lapped, and skipping would drop events that are waiting for it. Read them instead.
    #[error(
        "this consumer gates the producer, which holds every event for it: it is never lapped and does not skip events"
    )]
    Gating,
}
