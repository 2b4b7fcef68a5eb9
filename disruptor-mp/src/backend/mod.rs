//! Where a ring's memory comes from. Publicly, the published crate's `backend::shared_memory`
//! namespace; inside the crate, how a region of bytes is obtained from the OS and who removes
//! it.
//!
//! Every `unsafe` block that talks to the OS lives in this module. Ownership is explicit: the
//! creator of a named object decides when to unlink it (`shm::ShmSegment::unlink`); `Drop` only
//! unmaps.

/// The published crate's `backend::shared_memory` namespace: the ring over a POSIX
/// shared-memory object (the same items as [`crate::shared_memory`]).
pub mod shared_memory {
    pub use crate::shared_memory::*;
}

pub(crate) mod futex;
#[cfg(any(test, feature = "fuzzing"))]
pub(crate) mod heap;
pub(crate) mod process;
pub(crate) mod shm;

use core::ptr::NonNull;

/// A mapped, page-aligned, zero-initialised-at-creation region shared with other processes (or,
/// for the heap backend, with other threads).
pub(crate) trait Region: Send + Sync {
    /// Start of the region; page-aligned.
    fn base(&self) -> NonNull<u8>;
    /// Length of the mapping in bytes.
    fn len(&self) -> usize;
    /// Removes the region's name, if it has one, so no new process can attach. Called
    /// explicitly by the creator when it closes the ring; a no-op for anonymous regions.
    fn remove_name(&self) -> std::io::Result<()> {
        Ok(())
    }
}
