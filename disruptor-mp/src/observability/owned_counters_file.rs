//! A counters region on the heap that frees itself: the safe way to get a [`CountersFile`].

use super::counters_file::CountersFile;
use super::counters_layout::{CACHE_LINE_BYTES, COUNTERS_FILE_RESERVED_BYTES};
use core::ops::Deref;
use core::ptr::NonNull;
use std::alloc::{Layout, alloc_zeroed, dealloc, handle_alloc_error};

/// A [`CountersFile`] over a heap block of its own, from [`CountersFile::boxed`]. It derefs to
/// the file; handles registered through it borrow it, so they cannot outlive the block, which
/// is freed on drop. Share it across threads in an `Arc` (for example with
/// [`super::AggregatorHandle::spawn_arc`]).
#[derive(Debug)]
pub struct OwnedCountersFile {
    file: CountersFile,
}

const LAYOUT: Layout = match Layout::from_size_align(COUNTERS_FILE_RESERVED_BYTES, CACHE_LINE_BYTES)
{
    Ok(layout) => layout,
    Err(_) => panic!("counters region layout"),
};

impl OwnedCountersFile {
    pub(super) fn new() -> Self {
        // SAFETY: LAYOUT has a non-zero size.
        let block = unsafe { alloc_zeroed(LAYOUT) };
        let Some(block) = NonNull::new(block) else {
            handle_alloc_error(LAYOUT)
        };
        // SAFETY: the block is 4096 fresh bytes, 64-byte aligned, that nothing else can reach;
        // it lives until `drop`, after every borrow of `self.file` (and so every handle) ends.
        let file = unsafe { CountersFile::init(block) };
        Self { file }
    }
}

impl Deref for OwnedCountersFile {
    type Target = CountersFile;

    fn deref(&self) -> &CountersFile {
        &self.file
    }
}

impl AsRef<CountersFile> for OwnedCountersFile {
    fn as_ref(&self) -> &CountersFile {
        &self.file
    }
}

impl Drop for OwnedCountersFile {
    fn drop(&mut self) {
        let block = self.file.base().as_ptr();
        // SAFETY: `new` allocated the block with LAYOUT, and no borrow of the file (so no
        // handle) outlives `self`.
        unsafe { dealloc(block, LAYOUT) }
    }
}
