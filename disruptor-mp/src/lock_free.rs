//! The published crate's `lock_free` namespace: its cursor and barrier types, which here are
//! read-only views of one ring segment (see [`crate::SharedCursor`]).

pub use crate::coordination::DiscoveryMode;
pub use crate::views::{ConsumerBarrier, SharedConsumerBarrier, SharedCursor, SharedCursorTrait};

/// The published crate's name for the producer's cursor, which [`SharedCursor`] also views
/// ([`crate::SharedProducer::cursor`]).
pub type ProducerBarrier<'a> = SharedCursor<'a>;
