//! Under loom: the loom objects that stand in for a heap region's atomics and slot cells, keyed by
//! address. Made on first use, dropped by [`forget_region`] when the region is freed (so a later
//! allocation at the same address starts afresh, as every loom iteration must).

use super::SegmentAtomic;
use std::any::Any;
use std::collections::BTreeMap;
use std::sync::{Mutex, MutexGuard, PoisonError};

/// Store kind of slot cells (atomics use their `SegmentAtomic::KIND`).
const SLOT_CELL: u8 = u8::MAX;
/// Store kind of the atomic words that model a racing reader's view of event bytes.
const EVENT_WORD: u8 = u8::MAX - 1;

type Objects = BTreeMap<(usize, u8), Box<dyn Any + Send + Sync>>;

/// Every live loom object, by (address, kind). A plain mutex: lookups are bookkeeping, not part
/// of the modelled program, and never block (loom runs one model thread at a time).
static OBJECTS: Mutex<Objects> = Mutex::new(BTreeMap::new());

fn objects() -> MutexGuard<'static, Objects> {
    // A failing model panics while other tests use the store; the map itself stays consistent.
    OBJECTS.lock().unwrap_or_else(PoisonError::into_inner)
}

/// The tracked stand-in for one slot's event bytes.
pub(crate) struct SlotCell(loom::cell::UnsafeCell<()>);

// SAFETY: the cell holds `()` and is only used for loom's access tracking, which loom performs
// for whichever model thread calls it; there is no data to race on.
unsafe impl Send for SlotCell {}
// SAFETY: as above.
unsafe impl Sync for SlotCell {}

impl SlotCell {
    pub(crate) fn with(&self, f: impl FnOnce(*const ())) {
        self.0.with(f);
    }

    pub(crate) fn with_mut(&self, f: impl FnOnce(*mut ())) {
        self.0.with_mut(f);
    }
}

/// Looks up (or makes with `make`) the object of `kind` at `address`.
fn object<'a, T: Send + Sync + 'static>(
    address: usize,
    kind: u8,
    make: impl FnOnce() -> T,
) -> &'a T {
    let mut objects = objects();
    let boxed = objects
        .entry((address, kind))
        .or_insert_with(|| Box::new(make()));
    let object: *const T = boxed
        .downcast_ref::<T>()
        .expect("one type per (address, kind)");
    // SAFETY: the object is boxed, so it does not move when the map changes, and it is dropped
    // only by `forget_region` when the region holding `address` is freed — after every `Segment`
    // (which bounds `'a`) viewing that region is gone.
    unsafe { &*object }
}

/// The loom atomic standing in for the `T` at `ptr`, initialised from the bytes there.
///
/// # Safety
/// As `super::atomic_at`.
pub(super) unsafe fn atomic<'a, T: SegmentAtomic>(ptr: *mut u8) -> &'a T {
    // SAFETY: the caller guarantees `ptr` is aligned and readable for `T::WIDTH` bytes.
    object(ptr as usize, T::KIND, || unsafe { T::from_memory(ptr) })
}

/// The cell tracking accesses to the event at `event`.
pub(super) fn slot_cell<'a>(event: *const u8) -> &'a SlotCell {
    object(event as usize, SLOT_CELL, || {
        SlotCell(loom::cell::UnsafeCell::new(()))
    })
}

fn event_word<'a>(word: *const u8) -> &'a super::AtomicU64 {
    // SAFETY: callers pass 8-aligned words inside a slot (see `store_words`).
    object(word as usize, EVENT_WORD, || unsafe {
        <super::AtomicU64 as SegmentAtomic>::from_memory(word)
    })
}

/// Stores (relaxed) the words covering the `size` bytes just written at `event`.
///
/// # Safety
/// `event` is 8-aligned and the `size.div_ceil(8)` words from it lie in one slot.
pub(super) unsafe fn store_words(event: *const u8, size: usize) {
    for word in 0..size.div_ceil(8) {
        // SAFETY: in bounds and aligned per the caller.
        let ptr = unsafe { event.add(word * 8) };
        // SAFETY: as above; the producer just wrote these bytes.
        let value = unsafe { ptr.cast::<u64>().read() };
        event_word(ptr).store(value, loom::sync::atomic::Ordering::Relaxed);
    }
}

/// Loads (relaxed) the words covering `size` bytes of `event` into `out`.
///
/// # Safety
/// As [`store_words`]; `out` is valid for writing `size` bytes.
pub(super) unsafe fn load_words(event: *const u8, out: *mut u8, size: usize) {
    for word in 0..size.div_ceil(8) {
        // SAFETY: in bounds and aligned per the caller.
        let ptr = unsafe { event.add(word * 8) };
        let bytes = event_word(ptr)
            .load(loom::sync::atomic::Ordering::Relaxed)
            .to_ne_bytes();
        let count = (size - word * 8).min(8);
        // SAFETY: `out` has `size` bytes; this writes bytes `word * 8 .. word * 8 + count`.
        unsafe { core::ptr::copy_nonoverlapping(bytes.as_ptr(), out.add(word * 8), count) };
    }
}

/// Drops the objects of the region `[base, base + len)`; called when it is freed.
#[cfg(any(test, feature = "fuzzing"))]
pub(crate) fn forget_region(base: *const u8, len: usize) {
    let start = base as usize;
    let mut objects = objects();
    let doomed: Vec<_> = objects
        .range((start, 0)..(start + len, 0))
        .map(|(key, _)| *key)
        .collect();
    let dropped: Vec<_> = doomed
        .iter()
        .filter_map(|key| objects.remove(key))
        .collect();
    // Drop outside the lock: a loom object's drop may call into loom.
    drop(objects);
    drop(dropped);
}
