//! Byte images of segments, for building corrupt or hostile shared-memory objects.
//!
//! A test captures the bytes of a real ring ([`SegmentImage::of_new_ring`]), edits header fields
//! at the offsets in [`offsets`], and writes the result as a raw object
//! ([`SegmentImage::write_as`]) for the library to attach to.
//!
//! The offsets mirror `disruptor-mp/src/layout/header.rs`, which the library keeps private;
//! `corrupt_segments::header_mirror_matches_a_real_segment` checks them against a real segment,
//! so a format change fails loudly instead of making every corruption test vacuous.

use crate::shm;
use disruptor_mp::{SharedEvent, build_shared_single_producer};
use std::io;

/// Byte offsets of the header fields (see `HeaderDescription` in the library).
pub mod offsets {
    /// `[u8; 8]` magic, `b"DMPRING\x01"`.
    pub const MAGIC: usize = 0;
    /// `u32` format version.
    pub const FORMAT_VERSION: usize = 8;
    /// `u32` crate ABI number.
    pub const CRATE_ABI: usize = 12;
    /// `u32` endianness tag.
    pub const ENDIAN_TAG: usize = 16;
    /// `u32` pointer width.
    pub const POINTER_WIDTH: usize = 20;
    /// `u64` header size (4096).
    pub const HEADER_SIZE: usize = 24;
    /// `u64` line size (128).
    pub const LINE_SIZE: usize = 32;
    /// `u64` event size.
    pub const EVENT_SIZE: usize = 40;
    /// `u64` event alignment.
    pub const EVENT_ALIGN: usize = 48;
    /// `u64` event fingerprint.
    pub const EVENT_FINGERPRINT: usize = 56;
    /// `u64` length of the event name.
    pub const EVENT_NAME_LEN: usize = 64;
    /// `[u8; 64]` event name.
    pub const EVENT_NAME: usize = 72;
    /// `u64` capacity.
    pub const CAPACITY: usize = 136;
    /// `u64` consumer-table entries.
    pub const MAX_CONSUMERS: usize = 144;
    /// `u64` slot stride.
    pub const SLOT_STRIDE: usize = 152;
    /// `u64` offset of the event in a slot.
    pub const SLOT_EVENT_OFFSET: usize = 160;
    /// `u64` field-table offset.
    pub const FIELD_TABLE_OFFSET: usize = 168;
    /// `u64` field records stored.
    pub const FIELD_COUNT: usize = 176;
    /// `u64` fields of the event.
    pub const EVENT_FIELD_COUNT: usize = 184;
    /// `u64` consumer-table offset.
    pub const CONSUMER_TABLE_OFFSET: usize = 192;
    /// `u64` offset of slot 0.
    pub const SLOTS_OFFSET: usize = 200;
    /// `u64` total size.
    pub const TOTAL_SIZE: usize = 208;
    /// `u64` producer pid.
    pub const PRODUCER_PID: usize = 216;
    /// `u64` producer start time.
    pub const PRODUCER_START_TIME: usize = 224;
    /// `u64` flags (bit 0: consumers may be evicted alive).
    pub const FLAGS: usize = 256;
    /// `u64` offset of the counters.
    pub const COUNTERS_OFFSET: usize = 264;
    /// `u32` segment state (0 initialising, 1 ready, 2 closed).
    pub const STATE: usize = 512;
    /// `u64` join lock (`pid << 32 | 1` while held).
    pub const JOIN_LOCK: usize = 7 * 128 + 8;
    /// Size of the header page.
    pub const HEADER_PAGE: usize = 4096;
}

/// The magic a valid segment starts with.
pub const MAGIC: [u8; 8] = *b"DMPRING\x01";

/// A copy of a segment's bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SegmentImage {
    /// The bytes, from offset 0.
    pub bytes: Vec<u8>,
}

impl SegmentImage {
    /// Creates a ring of `E` with `capacity` slots named `name` in this process, copies its bytes
    /// and closes it again (which removes the name). The copy says `ready` and names this process
    /// as its (live) producer.
    pub fn of_new_ring<E: SharedEvent + Default>(name: &str, capacity: usize) -> Self {
        let producer = build_shared_single_producer::<E>(name, capacity)
            .build_producer(E::default)
            .unwrap_or_else(|err| panic!("create template ring {name}: {err}"));
        let bytes =
            shm::read_all(name).unwrap_or_else(|err| panic!("read template ring {name}: {err}"));
        drop(producer);
        Self { bytes }
    }

    /// The `u64` at `offset`.
    pub fn u64_at(&self, offset: usize) -> u64 {
        u64::from_ne_bytes(self.bytes[offset..offset + 8].try_into().expect("8 bytes"))
    }

    /// The `u32` at `offset`.
    pub fn u32_at(&self, offset: usize) -> u32 {
        u32::from_ne_bytes(self.bytes[offset..offset + 4].try_into().expect("4 bytes"))
    }

    /// Sets the `u64` at `offset`.
    pub fn set_u64(&mut self, offset: usize, value: u64) -> &mut Self {
        self.bytes[offset..offset + 8].copy_from_slice(&value.to_ne_bytes());
        self
    }

    /// Sets the `u32` at `offset`.
    pub fn set_u32(&mut self, offset: usize, value: u32) -> &mut Self {
        self.bytes[offset..offset + 4].copy_from_slice(&value.to_ne_bytes());
        self
    }

    /// Overwrites bytes at `offset`.
    pub fn set_bytes(&mut self, offset: usize, bytes: &[u8]) -> &mut Self {
        self.bytes[offset..offset + bytes.len()].copy_from_slice(bytes);
        self
    }

    /// Cuts the image to `len` bytes.
    pub fn truncate(&mut self, len: usize) -> &mut Self {
        self.bytes.truncate(len);
        self
    }

    /// The total size its header claims.
    pub fn total_size(&self) -> u64 {
        self.u64_at(offsets::TOTAL_SIZE)
    }

    /// Writes the image as a new raw object for segment `name` (exactly `bytes.len()` long).
    pub fn write_as(&self, name: &str) -> io::Result<()> {
        shm::create_raw(name, self.bytes.len(), &self.bytes)
    }
}
