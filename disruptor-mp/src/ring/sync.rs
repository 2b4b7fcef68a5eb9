//! The seam between the sequencing core and its atomics, so the same code runs for real and under
//! the loom model checker (`scripts/loom.sh`, which builds with `RUSTFLAGS="--cfg loom"` and the
//! `__loom` feature).
//!
//! For real, an atomic is the bytes of the mapping at its offset, viewed in place, and the slot
//! hooks compile to nothing. Loom's atomics are bookkeeping objects that cannot overlay memory, so
//! under loom every (address, type) the ring touches gets its own loom atomic, made on first use
//! from the bytes already there and dropped when its heap region is freed (`loom_store`). Event
//! bytes stay plain memory either way; under loom each slot also has a loom cell whose tracked
//! accesses mirror the event's writes and in-place reads, so loom proves every in-place read
//! happens after the write it shows and every overwrite after the last in-place read.
//!
//! The one read that races a write by design — a non-gating reader's copy, checked afterwards by
//! the stamp (a seqlock) — is modelled as what C11 needs it to be: relaxed atomic loads of the
//! event's words, which the producer stores (relaxed) when it writes the event. Loom then decides
//! which write each word shows, and the stamp re-check must catch every mixed or overwritten
//! copy. For real the copy is volatile reads, word by word (as every seqlock in Rust does it).

#[cfg(all(loom, not(feature = "__loom")))]
compile_error!("`--cfg loom` needs `--features __loom` (scripts/loom.sh passes both)");

#[cfg(not(loom))]
pub(crate) use core::sync::atomic::{AtomicI64, AtomicU32, AtomicU64, fence};
#[cfg(loom)]
pub(crate) use loom::sync::atomic::{AtomicI64, AtomicU32, AtomicU64, fence};

pub(crate) mod asymmetric;
#[cfg(loom)]
mod loom_store;
#[cfg(all(loom, any(test, feature = "fuzzing")))]
pub(crate) use loom_store::forget_region;

/// The atomic types that live at an offset of a segment.
///
/// # Safety
/// `WIDTH` is the size and alignment of the integer the atomic holds, and (for real) the type is
/// that integer's atomic, which accepts every bit pattern and has no `Drop`.
pub(crate) unsafe trait SegmentAtomic: Send + Sync + 'static {
    /// Bytes the atomic occupies in the mapping (its integer's size and alignment).
    const WIDTH: usize;
    /// Distinguishes atomic types at one address in the loom store.
    #[cfg(loom)]
    const KIND: u8;
    /// A loom atomic holding the integer stored at `ptr`.
    ///
    /// # Safety
    /// `ptr` is valid for reading `WIDTH` bytes and aligned to `WIDTH`.
    #[cfg(loom)]
    unsafe fn from_memory(ptr: *const u8) -> Self;
}

macro_rules! segment_atomic {
    ($atomic:ident, $int:ty, $kind:literal) => {
        // SAFETY: `WIDTH` is the size of `$int`, which `$atomic` holds; for real `$atomic` is
        // core's atomic of that integer (any bits valid, no Drop).
        unsafe impl SegmentAtomic for $atomic {
            const WIDTH: usize = core::mem::size_of::<$int>();
            #[cfg(loom)]
            const KIND: u8 = $kind;
            #[cfg(loom)]
            unsafe fn from_memory(ptr: *const u8) -> Self {
                // SAFETY: the caller guarantees `ptr` is readable and aligned for `$int`.
                Self::new(unsafe { ptr.cast::<$int>().read() })
            }
        }
    };
}
segment_atomic!(AtomicU32, u32, 0);
segment_atomic!(AtomicU64, u64, 1);
segment_atomic!(AtomicI64, i64, 2);

/// The atomic of type `T` whose bytes start at `ptr`.
///
/// # Safety
/// `ptr` is aligned to `T::WIDTH` and points to `T::WIDTH` bytes of a region that stays allocated
/// (or mapped) for `'a`, which every process accesses at that address only through this type.
#[inline(always)]
pub(crate) unsafe fn atomic_at<'a, T: SegmentAtomic>(ptr: *mut u8) -> &'a T {
    #[cfg(not(loom))]
    {
        // SAFETY: per the caller, `ptr` is aligned and in bounds for `T`, which (for real) is an
        // integer atomic accepting any bits; the region outlives `'a`.
        unsafe { &*ptr.cast::<T>() }
    }
    #[cfg(loom)]
    {
        // SAFETY: forwarded from the caller.
        unsafe { loom_store::atomic(ptr) }
    }
}

/// One step of a wait that cannot make progress until another party acts: for real, give the
/// core away; under loom, let the model schedule another thread.
#[inline]
pub(crate) fn yield_now() {
    #[cfg(not(loom))]
    std::thread::yield_now();
    #[cfg(loom)]
    loom::thread::yield_now();
}

/// Records an in-place read of the event at `event` (loom only; nothing for real).
#[inline(always)]
pub(crate) fn track_read(event: *const u8) {
    #[cfg(loom)]
    loom_store::slot_cell(event).with(|_| ());
    #[cfg(not(loom))]
    let _ = event;
}

/// Records a write of the `size` bytes of the event at `event`, just after it was written (loom
/// only; nothing for real).
#[inline(always)]
pub(crate) fn track_write(event: *const u8, size: usize) {
    #[cfg(loom)]
    {
        loom_store::slot_cell(event).with_mut(|_| ());
        // SAFETY: the caller passes an event it just wrote, inside a slot whose stride is a
        // multiple of 8 with the event 8-aligned, so the rounded-up words stay in the slot.
        unsafe { loom_store::store_words(event, size) };
    }
    #[cfg(not(loom))]
    let _ = (event, size);
}

/// Copies the event at `event` into `out` while the producer may be overwriting it; the caller
/// validates the copy through the slot stamp.
///
/// The copy is a loop of volatile 8-byte reads (then byte reads for a tail shorter than a word),
/// never one volatile read of a whole `E`: rustc lowers a by-value volatile read of a large type
/// into straight-line code proportional to its size (half a megabyte of machine code for a 16 KiB
/// event, and a crash for 64 KiB). The loop's code is the same few instructions for every size.
/// Each word is read exactly once, and the stamp re-check after it (an Acquire fence, then the
/// stamp) is unchanged, so the seqlock holds as before.
///
/// # Safety
/// `event` is 8-aligned and points to `size_of::<E>()` bytes of a slot that stays mapped; `out`
/// is valid for writing `size_of::<E>()` bytes (any alignment) and does not overlap the slot.
#[inline(always)]
pub(crate) unsafe fn racy_copy<E: Copy>(event: *const E, out: *mut E) {
    let size = size_of::<E>();
    let (from, to) = (event.cast::<u8>(), out.cast::<u8>());
    let words = size / 8;
    for word in 0..words {
        // SAFETY: per the caller `event` is 8-aligned with `size` readable bytes, and
        // `word * 8 + 8 <= size`; a word the producer is writing may be torn, which the stamp
        // check discards (any bytes are a valid `u64`).
        let value = unsafe { from.add(word * 8).cast::<u64>().read_volatile() };
        // SAFETY: `out` has `size` writable bytes; unaligned, as `E` may be less than 8-aligned.
        unsafe { to.add(word * 8).cast::<u64>().write_unaligned(value) };
    }
    for byte in words * 8..size {
        // SAFETY: `byte < size`, in bounds of both, as above.
        unsafe { to.add(byte).write(from.add(byte).read_volatile()) };
    }
    #[cfg(loom)]
    {
        // SAFETY: as above; the model's words overwrite the plain copy, so loom decides which
        // write each word shows.
        unsafe { loom_store::load_words(event.cast(), out.cast(), size) };
    }
}
