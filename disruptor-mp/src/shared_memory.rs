//! The published crate's `shared_memory` namespace: the ring over a POSIX shared-memory object.

pub use crate::builder::SharedMemoryConfig;
pub use crate::views::{SharedRingBuffer, ShmRingBuffer};
