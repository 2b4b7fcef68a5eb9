//! A handle on one counter of a counters region: the value word of its slot.

use core::ptr::NonNull;
use core::sync::atomic::{AtomicU64, Ordering};

/// One counter's value in a [`super::CountersFile`], from [`super::CountersFile::register`].
/// Copy it freely: every copy updates the same word, from any thread. The lifetime ties it to
/// the file it came from, so it cannot outlive the memory (the published handle could).
///
/// Updates are Relaxed: a counter orders nothing, it only adds up.
#[derive(Clone, Copy, Debug)]
pub struct CounterHandle<'a> {
    value: &'a AtomicU64,
}

impl<'a> CounterHandle<'a> {
    /// A handle on the value word at `value`.
    ///
    /// # Safety
    ///
    /// `value` must point to an 8-byte-aligned `u64` that stays valid, and is only accessed
    /// atomically, for all of `'a` (for example the `value` field of a slot of a region that
    /// outlives `'a`).
    pub unsafe fn from_ptr(value: NonNull<AtomicU64>) -> Self {
        // SAFETY: the caller guarantees the word is aligned, valid and accessed only atomically
        // for `'a`, which is what a shared reference to an atomic requires.
        let value = unsafe { value.as_ref() };
        Self { value }
    }

    pub(super) fn new(value: &'a AtomicU64) -> Self {
        Self { value }
    }

    /// Adds one.
    #[inline]
    pub fn inc(&self) {
        self.add(1);
    }

    /// Adds `n` (wrapping).
    #[inline]
    pub fn add(&self, n: u64) {
        self.value.fetch_add(n, Ordering::Relaxed);
    }

    /// Raises the value to `v` if `v` is larger: a high-water mark.
    #[inline]
    pub fn record_max(&self, v: u64) {
        self.value.fetch_max(v, Ordering::Relaxed);
    }

    /// Replaces the value (new: mirrors of counters kept elsewhere set what they copy).
    #[inline]
    pub fn set(&self, v: u64) {
        self.value.store(v, Ordering::Relaxed);
    }

    /// The value now.
    #[inline]
    pub fn get(&self) -> u64 {
        self.value.load(Ordering::Relaxed)
    }
}
