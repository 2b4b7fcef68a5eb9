//! Consuming: why a consumer cannot return the next event.

/// Why a consumer cannot return the next event.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ConsumeError {
    /// The producer closed the ring and every event has been consumed: the end of the stream.
    #[error("the producer closed the ring and every event has been consumed")]
    ProducerClosed,
    /// The producer process died without closing the ring; events it published before dying
    /// were delivered. A new producer on the same name reclaims the ring.
    #[error("the producer (pid {pid}) died without closing the ring")]
    ProducerDead {
        /// Pid of the producer.
        pid: u32,
    },
    /// The producer overwrote the next event before this (non-gating) consumer read it. Every
    /// read reports it again until the consumer skips ahead with
    /// [`crate::SharedConsumer::resume_from_oldest`] or
    /// [`crate::SharedConsumer::resume_from_newest`], which say how many events it missed.
    /// Attach as a gating consumer (a reserved id) to be waited for instead.
    #[error(
        "lapped: sequence {expected} was overwritten (the slot now holds {found}); this consumer does not gate the producer: resume from the oldest or newest event, or attach with a reserved id to be waited for"
    )]
    Lapped {
        /// The sequence this consumer needed.
        expected: i64,
        /// The sequence the slot holds or is being written with.
        found: i64,
    },
    /// The producer evicted this gating consumer: it held the producer back past its liveness
    /// grace period (or was taken for dead), on a ring built with
    /// [`crate::ProducerBuilder::allow_consumer_eviction`]. Events after `last_read` are no
    /// longer held for it. Every read reports it again; drop the consumer and attach again
    /// with the same id to join as a new reader, from the producer's current position.
    #[error(
        "evicted by the producer after this consumer read sequence {last_read}: it stopped waiting for this consumer; attach again to join as a new reader"
    )]
    Evicted {
        /// The last sequence this consumer read (not the last it released, which
        /// [`crate::AttachError::Evicted`] and the liveness alert report): the ones after it may
        /// be lost to it.
        last_read: i64,
    },
}
