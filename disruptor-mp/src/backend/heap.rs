//! Process-local aligned memory: the backend for unit tests, Miri and loom.

use super::Region;
use core::ptr::NonNull;
use std::alloc::{Layout, alloc_zeroed, dealloc};

/// Alignment of heap regions, matching a page so offsets behave as they do in a mapping.
const HEAP_ALIGN: usize = 4096;

/// A zeroed, page-aligned heap allocation that stands in for a shared mapping.
#[derive(Debug)]
pub(crate) struct HeapRegion {
    base: NonNull<u8>,
    layout: Layout,
}

impl HeapRegion {
    /// Allocates `len` zeroed bytes; `None` when `len` is zero or too large for `Layout`.
    pub(crate) fn zeroed(len: usize) -> Option<Self> {
        if len == 0 {
            return None;
        }
        let layout = Layout::from_size_align(len, HEAP_ALIGN).ok()?;
        // SAFETY: `layout` has a non-zero size (checked above).
        let raw = unsafe { alloc_zeroed(layout) };
        NonNull::new(raw).map(|base| Self { base, layout })
    }

    /// Allocates `len` zeroed bytes and copies `bytes` to the start (as much of it as fits):
    /// a mapping whose contents another process chose. `None` as for [`HeapRegion::zeroed`].
    pub(crate) fn with_contents(len: usize, bytes: &[u8]) -> Option<Self> {
        let region = Self::zeroed(len)?;
        let count = bytes.len().min(len);
        // SAFETY: the allocation is `len >= count` bytes and was just made, so nothing else
        // refers to it; `bytes` is a separate borrow, so the ranges cannot overlap.
        unsafe {
            core::ptr::copy_nonoverlapping(bytes.as_ptr(), region.base.as_ptr(), count);
        }
        Some(region)
    }

    /// A copy of the whole region. The caller makes sure no other thread writes it meanwhile
    /// (the fuzz harness and the tests are single-threaded when they call this).
    pub(crate) fn to_vec(&self) -> Vec<u8> {
        let mut copy = vec![0u8; self.layout.size()];
        // SAFETY: the allocation is `layout.size()` bytes, initialised (zeroed at allocation);
        // `copy` is a fresh vector of the same length; the ranges are distinct allocations.
        unsafe {
            core::ptr::copy_nonoverlapping(self.base.as_ptr(), copy.as_mut_ptr(), copy.len());
        }
        copy
    }
}

impl Region for HeapRegion {
    fn base(&self) -> NonNull<u8> {
        self.base
    }

    fn len(&self) -> usize {
        self.layout.size()
    }
}

/// A shared heap region: the producer and each reader own a `Segment`, and for the heap backend
/// they all view one allocation, as processes all map one shared-memory object.
impl Region for std::sync::Arc<HeapRegion> {
    fn base(&self) -> NonNull<u8> {
        (**self).base()
    }

    fn len(&self) -> usize {
        (**self).len()
    }
}

impl Drop for HeapRegion {
    fn drop(&mut self) {
        #[cfg(loom)]
        crate::ring::sync::forget_region(self.base.as_ptr(), self.layout.size());
        // SAFETY: `base` came from `alloc_zeroed(self.layout)` and is freed exactly once, here.
        unsafe { dealloc(self.base.as_ptr(), self.layout) };
    }
}

// SAFETY: the region is plain memory owned by this value; all shared access to its contents goes
// through atomics or the ring's claim protocol, exactly as for a shared mapping.
unsafe impl Send for HeapRegion {}
// SAFETY: as above; `&HeapRegion` only hands out the base pointer and length.
unsafe impl Sync for HeapRegion {}
