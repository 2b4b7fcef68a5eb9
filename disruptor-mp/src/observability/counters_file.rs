//! A counters region in memory the caller provides (Aeron-style): the published crate's
//! `CountersFile`, byte for byte, with its hazards fixed — `attach` validates the whole header
//! and never addresses memory through it, and registering an id twice gives the same slot.

use super::counter_handle::CounterHandle;
use super::counters_layout::{
    CACHE_LINE_BYTES, COUNTER_FLAG_IN_USE, COUNTERS_FILE_RESERVED_BYTES, COUNTERS_MAGIC,
    COUNTERS_VERSION, CounterSlot, CountersHeader, FLAG_CLAIMING, MAX_COUNTER_SLOTS, decode_label,
    encode_label,
};
use core::ptr::{NonNull, addr_of_mut};
use core::sync::atomic::{AtomicU32, Ordering};

/// Yields a registration waits for a slot another registration is writing (microseconds of
/// work) before passing it over as abandoned.
const CLAIM_PATIENCE: u32 = 100_000;

/// Why [`CountersFile::attach`] refused a region.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CountersFileError {
    /// The first word is not [`super::COUNTERS_MAGIC`]: not a counters region, or not
    /// initialised yet.
    #[error("counters file: bad magic {0:#010x}")]
    BadMagic(u32),
    /// A layout version this crate does not know.
    #[error("counters file: unsupported version {0}")]
    UnsupportedVersion(u32),
    /// The header's geometry is not the one this crate writes (62 slots of 64 bytes after a
    /// 64-byte header), or it counts more slots than it holds: a corrupt or foreign region.
    #[error(
        "counters file: unexpected geometry (slot_count {slot_count}, slot_capacity \
         {slot_capacity}, slot_stride {slot_stride}, slots_offset {slots_offset}); expected at \
         most 62 slots of 64 bytes at offset 64"
    )]
    Geometry {
        /// Slots claimed, as the header says.
        slot_count: u32,
        /// Slots held, as the header says.
        slot_capacity: u32,
        /// Bytes between slots, as the header says.
        slot_stride: u32,
        /// Where the slots start, as the header says.
        slots_offset: u32,
    },
    /// The region's address is not a multiple of 64.
    #[error("counters file: the region at {0:#x} is not 64-byte aligned")]
    Misaligned(usize),
}

/// One registered counter, read by [`CountersFile::snapshot`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CounterSnapshot {
    /// Its id ([`super::ids`] or the application's, from [`super::ids::APP_RESERVED_BASE`]).
    pub id: u32,
    /// Its flags, [`super::COUNTER_FLAG_IN_USE`] included.
    pub flags: u32,
    /// Its value when read.
    pub value: u64,
    /// Its label (decoded lossily: another process may have written it).
    pub label: String,
}

/// A view of a counters region: [`super::COUNTERS_FILE_RESERVED_BYTES`] bytes, a header and
/// up to [`super::MAX_COUNTER_SLOTS`] counters, each on its own cache line. The memory is the
/// caller's (a heap block from [`CountersFile::boxed`], or a shared mapping other processes
/// read); this crate's rings do not count into it, their counters live in their segments
/// (see [`crate::SharedProducer::attach_counters`] for the bridge).
///
/// Safe from any thread, or any process that maps the region: every slot word is read and
/// written atomically (so even a misbehaving peer causes wrong values, never a data race), and
/// a registration waits only for a slot another registration is writing.
#[derive(Debug)]
pub struct CountersFile {
    base: NonNull<u8>,
}

// SAFETY: a `CountersFile` only reaches its slots through atomics, and its header through
// atomics plus plain reads of words written once, before the Release store of the magic, and
// never again; the constructors' callers guarantee the memory outlives the view on whichever
// thread it is used.
unsafe impl Send for CountersFile {}
// SAFETY: as for `Send`: every shared access is atomic or reads write-once words.
unsafe impl Sync for CountersFile {}

impl CountersFile {
    /// Lays out a fresh region at `region`: zeroes it, writes the header, and publishes it by
    /// storing the magic last (Release), so a concurrent [`Self::attach`] never sees half a
    /// header. The published crate required pre-zeroed memory; zeroing here is harmless.
    ///
    /// # Panics
    ///
    /// If `region` is not 64-byte aligned.
    ///
    /// # Safety
    ///
    /// - `region` points to [`super::COUNTERS_FILE_RESERVED_BYTES`] writable bytes;
    /// - nothing else reads or writes them during this call;
    /// - they stay valid, and are accessed by nothing but `CountersFile`s and their handles,
    ///   for as long as the returned view or any handle from it is used.
    pub unsafe fn init(region: NonNull<u8>) -> Self {
        assert!(
            (region.as_ptr() as usize).is_multiple_of(CACHE_LINE_BYTES),
            "counters region must be 64-byte aligned"
        );
        let header = region.cast::<CountersHeader>().as_ptr();
        // SAFETY: the caller gives us the region's 4096 bytes exclusively for this call; the
        // header is in bounds and aligned (checked above).
        unsafe {
            region.as_ptr().write_bytes(0, COUNTERS_FILE_RESERVED_BYTES);
            addr_of_mut!((*header).version).write(COUNTERS_VERSION);
            addr_of_mut!((*header).slot_capacity).write(MAX_COUNTER_SLOTS as u32);
            addr_of_mut!((*header).slot_stride).write(CACHE_LINE_BYTES as u32);
            addr_of_mut!((*header).slots_offset).write(CACHE_LINE_BYTES as u32);
        }
        let file = Self { base: region };
        file.magic().store(COUNTERS_MAGIC, Ordering::Release);
        file
    }

    /// A view of a region some [`Self::init`] laid out (in this process or another), after
    /// checking its magic, version and geometry. The slots are then always addressed with this
    /// crate's constants, never with the header's words, so a corrupt header cannot send a
    /// read out of bounds (the published `attach` trusted `slots_offset`).
    ///
    /// # Safety
    ///
    /// - `region` points to [`super::COUNTERS_FILE_RESERVED_BYTES`] readable and writable bytes
    ///   that stay valid for as long as the returned view or any handle from it is used;
    /// - they are accessed by nothing but `CountersFile`s and their handles (an `init` in
    ///   progress included: the magic is checked atomically).
    pub unsafe fn attach(region: NonNull<u8>) -> Result<Self, CountersFileError> {
        let address = region.as_ptr() as usize;
        if !address.is_multiple_of(CACHE_LINE_BYTES) {
            return Err(CountersFileError::Misaligned(address));
        }
        let file = Self { base: region };
        let magic = file.magic().load(Ordering::Acquire);
        if magic != COUNTERS_MAGIC {
            return Err(CountersFileError::BadMagic(magic));
        }
        let header = file.header();
        if header.version != COUNTERS_VERSION {
            return Err(CountersFileError::UnsupportedVersion(header.version));
        }
        let slot_count = header.slot_count.load(Ordering::Acquire);
        let geometry_ok = header.slot_capacity == MAX_COUNTER_SLOTS as u32
            && header.slot_stride == CACHE_LINE_BYTES as u32
            && header.slots_offset == CACHE_LINE_BYTES as u32
            && slot_count <= header.slot_capacity;
        if !geometry_ok {
            return Err(CountersFileError::Geometry {
                slot_count,
                slot_capacity: header.slot_capacity,
                slot_stride: header.slot_stride,
                slots_offset: header.slots_offset,
            });
        }
        Ok(file)
    }

    /// A region of its own on the heap, laid out and ready, freed when the returned value
    /// drops: for counters read in this process only.
    pub fn boxed() -> super::OwnedCountersFile {
        super::OwnedCountersFile::new()
    }

    /// The header (its words other than `slot_count` never change after `init`).
    pub fn header(&self) -> &CountersHeader {
        // SAFETY: the region is valid for as long as `self` (the constructors' contract) and
        // aligned; after `init`, the header's plain words are never written again and
        // `slot_count` is atomic, so a shared reference to it is sound.
        unsafe { self.base.cast::<CountersHeader>().as_ref() }
    }

    /// The counter `id`, registered now if absent. An id already present gives the handle of
    /// its slot, keeping the slot's flags and label (the published crate added a duplicate slot
    /// per call, whose values then overwrote one another in exports), so every producer and
    /// consumer attached to one file adds into one slot per id. `None` when all
    /// [`super::MAX_COUNTER_SLOTS`] slots hold other ids. `label` is cut to
    /// [`super::COUNTER_LABEL_BYTES`] bytes on a character boundary.
    ///
    /// Slots are claimed in order, each with a compare-and-swap on its flags, and a
    /// registration passes every earlier slot first (waiting out one being written), so two
    /// registrations of one id cannot both claim a slot. The wait is bounded
    /// (100 000 yields): a slot whose writer died mid-registration (another process)
    /// is then passed over, at worst letting its id get a second slot.
    pub fn register(&self, id: u32, flags: u32, label: &str) -> Option<CounterHandle<'_>> {
        for index in 0..MAX_COUNTER_SLOTS {
            let slot_flags = self.flags(index);
            let mut patience = CLAIM_PATIENCE;
            loop {
                let now = slot_flags.load(Ordering::Acquire);
                if now & COUNTER_FLAG_IN_USE != 0 {
                    if self.slot(index).id.load(Ordering::Relaxed) == id {
                        return Some(self.handle(index));
                    }
                    break;
                }
                if now & FLAG_CLAIMING != 0 {
                    if patience == 0 {
                        break;
                    }
                    patience -= 1;
                    std::thread::yield_now();
                    continue;
                }
                if slot_flags
                    .compare_exchange(now, FLAG_CLAIMING, Ordering::Acquire, Ordering::Relaxed)
                    .is_err()
                {
                    continue;
                }
                self.header()
                    .slot_count
                    .fetch_max(index as u32 + 1, Ordering::AcqRel);
                // The claim makes this registration the slot's only writer; the Release store
                // of IN_USE below publishes the id and label to whoever sees it.
                let slot = self.slot(index);
                slot.id.store(id, Ordering::Relaxed);
                slot.store_label(&encode_label(label));
                slot.value.store(0, Ordering::Relaxed);
                slot_flags.store(
                    (flags | COUNTER_FLAG_IN_USE) & !FLAG_CLAIMING,
                    Ordering::Release,
                );
                return Some(self.handle(index));
            }
        }
        None
    }

    /// Every registered counter, in slot order.
    pub fn snapshot(&self) -> Vec<CounterSnapshot> {
        let claimed = self.header().slot_count.load(Ordering::Acquire) as usize;
        (0..claimed.min(MAX_COUNTER_SLOTS))
            .filter_map(|index| {
                let flags = self.flags(index).load(Ordering::Acquire);
                if flags & COUNTER_FLAG_IN_USE == 0 {
                    return None;
                }
                let slot = self.slot(index);
                Some(CounterSnapshot {
                    id: slot.id.load(Ordering::Relaxed),
                    flags,
                    value: slot.value.load(Ordering::Relaxed),
                    label: decode_label(&slot.load_label()),
                })
            })
            .collect()
    }

    /// The region's first byte.
    pub(super) fn base(&self) -> NonNull<u8> {
        self.base
    }

    fn magic(&self) -> &AtomicU32 {
        let magic = self.base.cast::<u32>().as_ptr();
        // SAFETY: the magic word is in bounds and aligned, valid for as long as `self`; it is
        // written only by `init`'s atomic store, and reads (atomic, or plain through `header`)
        // never race a write.
        unsafe { AtomicU32::from_ptr(magic) }
    }

    fn slot(&self, index: usize) -> &CounterSlot {
        assert!(index < MAX_COUNTER_SLOTS);
        // SAFETY: `index < MAX_COUNTER_SLOTS`, so the slot lies within the region's 4096 bytes,
        // 64-byte aligned like the region; the region is valid for as long as `self` (the
        // constructors' contract), and every field of a slot is atomic, so a shared reference
        // is sound while others read and write it.
        unsafe {
            &*self
                .base
                .as_ptr()
                .add(CACHE_LINE_BYTES * (1 + index))
                .cast::<CounterSlot>()
        }
    }

    fn flags(&self, index: usize) -> &AtomicU32 {
        &self.slot(index).flags
    }

    fn handle(&self, index: usize) -> CounterHandle<'_> {
        CounterHandle::new(&self.slot(index).value)
    }
}

impl AsRef<CountersFile> for CountersFile {
    fn as_ref(&self) -> &CountersFile {
        self
    }
}
