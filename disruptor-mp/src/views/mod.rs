//! Read-only views over a ring: the published crate's low-level types (`SharedCursor`,
//! `SharedConsumerBarrier`, `SharedRingBuffer`), which there were separate shared-memory objects
//! with their own constructors. Here a ring is one segment, so each is a borrowed view of a part
//! of it, handed out by the producer or a consumer; none can write.

mod barrier;
mod cursor;
mod ring_buffer;

pub use barrier::{ConsumerBarrier, SharedConsumerBarrier};
pub use cursor::{SharedCursor, SharedCursorTrait};
pub use ring_buffer::{SharedRingBuffer, ShmRingBuffer};
