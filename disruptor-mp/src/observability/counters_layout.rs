//! The bytes of a counters region, as the published crate laid them out (Aeron-style): a 64-byte
//! header, then 64-byte slots. Tools written for the published layout read ours.

use core::sync::atomic::{AtomicU32, AtomicU64, Ordering};

/// Bytes a counters region takes: the header and [`MAX_COUNTER_SLOTS`] slots.
pub const COUNTERS_FILE_RESERVED_BYTES: usize = 4096;
/// Slots a region holds.
pub const MAX_COUNTER_SLOTS: usize = 62;
/// Bytes of a slot's label: UTF-8, NUL-padded, cut (on a character boundary) when longer.
pub const COUNTER_LABEL_BYTES: usize = 48;
/// Size and alignment of the header and of each slot: one cache line each, so two counters
/// never share a line.
pub const CACHE_LINE_BYTES: usize = 64;
/// The header's first word: "MYC0" read as a little-endian `u32`.
pub const COUNTERS_MAGIC: u32 = u32::from_le_bytes(*b"MYC0");
/// The layout version this crate writes and reads.
pub const COUNTERS_VERSION: u32 = 0;

/// Slot flag: the slot holds a registered counter (set last, with Release, so a reader that
/// sees it sees the id and label).
pub const COUNTER_FLAG_IN_USE: u32 = 1;
/// Slot flag: a producer's counter.
pub const COUNTER_FLAG_PRODUCER: u32 = 2;
/// Slot flag: a consumer's counter.
pub const COUNTER_FLAG_CONSUMER: u32 = 4;
/// Slot flag, internal: a registration is writing the slot. Readers skip slots without
/// [`COUNTER_FLAG_IN_USE`], so published readers ignore it too.
pub(super) const FLAG_CLAIMING: u32 = 1 << 31;

/// The region's first 64 bytes, from [`super::CountersFile::header`]. Written once by
/// [`super::CountersFile::init`]; only `slot_count` changes afterwards.
#[repr(C, align(64))]
#[derive(Debug)]
pub struct CountersHeader {
    /// [`COUNTERS_MAGIC`].
    pub magic: u32,
    /// [`COUNTERS_VERSION`].
    pub version: u32,
    /// One past the highest slot claimed.
    pub slot_count: AtomicU32,
    /// [`MAX_COUNTER_SLOTS`].
    pub slot_capacity: u32,
    /// [`CACHE_LINE_BYTES`].
    pub slot_stride: u32,
    /// [`CACHE_LINE_BYTES`]: the slots follow the header.
    pub slots_offset: u32,
    _reserved: [u8; 40],
}

/// One counter. Every field is atomic, so a slot can be read and written through a shared
/// reference while other threads or processes do the same; the label is six words.
#[repr(C, align(64))]
pub(super) struct CounterSlot {
    pub(super) id: AtomicU32,
    pub(super) flags: AtomicU32,
    pub(super) value: AtomicU64,
    pub(super) label: [AtomicU64; LABEL_WORDS],
}

/// Words of a slot's label.
const LABEL_WORDS: usize = COUNTER_LABEL_BYTES / 8;

impl CounterSlot {
    /// Stores `label` ([`encode_label`]'s bytes, in memory order).
    pub(super) fn store_label(&self, label: &[u8; COUNTER_LABEL_BYTES]) {
        for (word, bytes) in self.label.iter().zip(label.chunks_exact(8)) {
            let bytes: [u8; 8] = bytes.try_into().expect("chunks of 8");
            word.store(u64::from_ne_bytes(bytes), Ordering::Relaxed);
        }
    }

    /// The label's bytes, in memory order.
    pub(super) fn load_label(&self) -> [u8; COUNTER_LABEL_BYTES] {
        let mut label = [0; COUNTER_LABEL_BYTES];
        for (word, bytes) in self.label.iter().zip(label.chunks_exact_mut(8)) {
            bytes.copy_from_slice(&word.load(Ordering::Relaxed).to_ne_bytes());
        }
        label
    }
}

const _: () = {
    assert!(size_of::<CountersHeader>() == CACHE_LINE_BYTES);
    assert!(size_of::<CounterSlot>() == CACHE_LINE_BYTES);
    assert!(CACHE_LINE_BYTES * (1 + MAX_COUNTER_SLOTS) <= COUNTERS_FILE_RESERVED_BYTES);
    assert!(core::mem::offset_of!(CountersHeader, slots_offset) == 20);
    assert!(core::mem::offset_of!(CounterSlot, value) == 8);
    assert!(core::mem::offset_of!(CounterSlot, label) == 16);
};

/// `label` as stored: at most [`COUNTER_LABEL_BYTES`] bytes, cut on a character boundary,
/// NUL-padded.
pub(super) fn encode_label(label: &str) -> [u8; COUNTER_LABEL_BYTES] {
    let mut end = label.len().min(COUNTER_LABEL_BYTES);
    while !label.is_char_boundary(end) {
        end -= 1;
    }
    let mut bytes = [0; COUNTER_LABEL_BYTES];
    bytes[..end].copy_from_slice(&label.as_bytes()[..end]);
    bytes
}

/// A stored label back as text (lossy: another process may have written any bytes).
pub(super) fn decode_label(bytes: &[u8; COUNTER_LABEL_BYTES]) -> String {
    let end = bytes.iter().position(|&b| b == 0).unwrap_or(bytes.len());
    String::from_utf8_lossy(&bytes[..end]).into_owned()
}
