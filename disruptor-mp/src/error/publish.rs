//! Publishing: a full ring, a batch that does not fit, a deadline that passed.

/// The ring had no free slot for a single publish: the slowest gating consumer still holds the
/// oldest slot. Retry later, or use a waiting form (`publish`, `publish_with_timeout`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("ring buffer is full: the slowest gating consumer still holds the oldest slot")]
pub struct RingBufferFull;

/// A batch publish lacked this many free slots (none were published).
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("missing {0} free slots in the ring buffer for this batch; nothing was published")]
pub struct MissingFreeSlots(pub u64);

/// `publish_with_timeout` found no free slot before its deadline.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PublishTimeoutError {
    /// The deadline passed with the ring still full.
    #[error("publish timed out: the ring stayed full (a gating consumer is slow or stalled)")]
    Timeout,
}

/// A waiting batch publish asked for more slots than the ring has, so it could never succeed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error(
    "a batch of {requested} events can never fit a ring of {capacity} slots; publish it in parts"
)]
pub struct BatchTooLarge {
    /// Events asked for.
    pub requested: usize,
    /// Slots in the ring.
    pub capacity: usize,
}
