//! Where a ring's memory comes from. Publicly, the published crate's `backend::shared_memory`
//! namespace; inside the crate, how a region of bytes is obtained from the OS and who removes
//! it.
//!
//! A ring's named object lives in one of two namespaces (`name::ObjectName`): POSIX shared
//! memory (`shm`) or a directory the caller chose (`file`). Creating, locking, sizing,
//! mapping, judging and removing it is one piece of code for both (`object`).
//!
//! Every `unsafe` block that talks to the OS lives in this module. Ownership is explicit: the
//! creator of a named object decides when to unlink it (`object::MappedObject::unlink`); `Drop`
//! only unmaps.

/// The published crate's `backend::shared_memory` namespace: the ring over a POSIX
/// shared-memory object (the same items as [`crate::shared_memory`]).
pub mod shared_memory {
    pub use crate::shared_memory::*;
}

/// The published crate's `backend::mmap` namespace: the ring over a memory-mapped file (the same
/// items as the crate root's `Mmap*`). `MmapCursor`, `MmapCursorConfig`, `MmapConsumerBarrier`
/// and `MmapFileConfig` described the published crate's separate cursor and ring files; a ring
/// here is one file, and `docs/porting.md` says what replaced each.
pub mod mmap {
    pub use crate::mmap::{MmapConsumer, MmapProducer, MmapRingBuffer, MmapTransportLayout};
}

pub(crate) mod affinity;
pub(crate) mod file;
pub(crate) mod futex;
#[cfg(any(test, feature = "fuzzing"))]
pub(crate) mod heap;
pub(crate) mod membarrier;
pub(crate) mod memlock;
pub(crate) mod name;
pub(crate) mod object;
pub(crate) mod pages;
pub(crate) mod process;
mod shm;
#[cfg(all(test, not(miri)))]
mod tests;

use core::ptr::NonNull;

/// Why [`Region::map_exactly`] could not map the size asked for.
#[derive(Debug)]
pub(crate) enum MapFailure {
    /// The object is `len` bytes, not the size asked for (a peer may have resized it).
    SizeMismatch {
        /// The object's size now.
        len: u64,
    },
    /// The OS refused the mapping.
    Os(std::io::Error),
}

/// A mapped, page-aligned, zero-initialised-at-creation region shared with other processes (or,
/// for the heap backend, with other threads).
pub(crate) trait Region: Send + Sync {
    /// Start of the region; page-aligned.
    fn base(&self) -> NonNull<u8>;
    /// Length of the mapping in bytes.
    fn len(&self) -> usize;
    /// Size of the object behind the region, which may be more than is mapped yet: an attacher
    /// maps only the header page until the header is validated. Anonymous regions are all
    /// mapped.
    fn object_len(&self) -> usize {
        self.len()
    }
    /// Makes the first `len` bytes accessible, once a validated header has said how large the
    /// segment is. A named object must be exactly `len` bytes; an anonymous region at least.
    fn map_exactly(&mut self, len: usize) -> Result<(), MapFailure> {
        if self.len() >= len {
            Ok(())
        } else {
            Err(MapFailure::SizeMismatch {
                len: self.len() as u64,
            })
        }
    }
    /// Locks the mapping in memory (`mlock`), so none of its pages is ever paged out or
    /// reclaimed; a no-op for anonymous regions. `Err` carries the OS error.
    fn lock_in_memory(&self) -> std::io::Result<()> {
        Ok(())
    }
    /// The huge page size the region's object is laid out on (its length a whole number of
    /// them), 0 for base pages.
    fn huge_page_size(&self) -> usize {
        0
    }
    /// Removes the region's name, if it has one, so no new process can attach. Called
    /// explicitly by the creator when it closes the ring; a no-op for anonymous regions.
    fn remove_name(&self) -> std::io::Result<()> {
        Ok(())
    }
}
