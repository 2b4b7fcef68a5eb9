//! The segment header: a 4 KiB page at offset 0.
//!
//! The first 512 bytes ([`HeaderDescription`]) are written once by the creator before the state
//! becomes `ready` and never change afterwards; attachers copy them out and validate every value
//! as untrusted input. The rest of the page holds the few atomics that change at run time, each
//! group on its own 128-byte line so that two processes never write the same line in the steady
//! state.

use crate::event::WIRE_NAME_MAX_LEN;
use bytemuck::{Pod, Zeroable};

/// Size of the header page.
pub const HEADER_SIZE: usize = PAGE_SIZE;
/// The page size segments are sized in: every segment is a whole number of pages.
pub const PAGE_SIZE: usize = 4096;
/// Separation, in bytes, of everything two processes may write: two 64-byte lines, because
/// adjacent-line prefetchers pull lines in pairs. A fixed constant, recorded in the header, not a
/// target-dependent padding type.
pub const LINE: usize = 128;
/// `b"DMPRING\x01"`: identifies a disruptor-mp segment.
pub const MAGIC: [u8; 8] = *b"DMPRING\x01";
/// Version of the byte format described by this module.
pub const FORMAT_VERSION: u32 = 2;
/// Written natively; reads back as this value only on a machine of the same byte order.
pub const ENDIAN_TAG: u32 = 0x0102_0304;
/// Upper bound on `capacity`: 2^30 slots.
pub const MAX_CAPACITY: u64 = 1 << 30;
/// Upper bound on a huge page size (16 GiB, the largest any architecture has).
pub const MAX_HUGE_PAGE_SIZE: u64 = 1 << 34;
/// Upper bound on the consumer table.
pub const MAX_CONSUMERS_LIMIT: u64 = 4096;
/// Length of a consumer id.
pub const CONSUMER_ID_MAX_LEN: usize = 48;

/// The immutable part of the header, at offset 0.
#[repr(C)]
#[derive(Clone, Copy, Debug, Pod, Zeroable)]
pub struct HeaderDescription {
    /// [`MAGIC`].
    pub magic: [u8; 8],
    /// [`FORMAT_VERSION`].
    pub format_version: u32,
    /// The creating crate's breaking-version number (see [`crate_abi`]).
    pub crate_abi: u32,
    /// [`ENDIAN_TAG`] as the creator's byte order wrote it.
    pub endian_tag: u32,
    /// `usize::BITS` of the creator.
    pub pointer_width: u32,
    /// [`HEADER_SIZE`].
    pub header_size: u64,
    /// [`LINE`].
    pub line_size: u64,
    /// `size_of` the event.
    pub event_size: u64,
    /// `align_of` the event.
    pub event_align: u64,
    /// The event layout's fingerprint.
    pub event_fingerprint: u64,
    /// Length of `event_name` in use.
    pub event_name_len: u64,
    /// Wire name of the event type, zero padded.
    pub event_name: [u8; WIRE_NAME_MAX_LEN],
    /// Number of slots (a power of two).
    pub capacity: u64,
    /// Entries in the consumer table.
    pub max_consumers: u64,
    /// Bytes from one slot to the next.
    pub slot_stride: u64,
    /// Offset of the event within a slot (after its sequence stamp).
    pub slot_event_offset: u64,
    /// Offset of the field table.
    pub field_table_offset: u64,
    /// Number of records in the field table.
    pub field_count: u64,
    /// Number of fields the event really has (may exceed `field_count`).
    pub event_field_count: u64,
    /// Offset of the consumer table.
    pub consumer_table_offset: u64,
    /// Offset of the first slot.
    pub slots_offset: u64,
    /// Total bytes the segment needs.
    pub total_size: u64,
    /// Creating process id.
    pub producer_pid: u64,
    /// Creating process start time (clock ticks since boot), to tell a recycled pid apart.
    pub producer_start_time: u64,
    /// Random id of this incarnation of the segment.
    pub incarnation: u64,
    /// Creation time, nanoseconds since the Unix epoch.
    pub created_unix_ns: u64,
    /// Creating process's PID namespace (inode of `/proc/self/ns/pid`). Taken from `reserved`,
    /// which older segments zero: 0 means "unknown, judge the pid as before", so this needs no
    /// format version bump.
    pub producer_pid_ns: u64,
    /// Ring-wide choices of the producer that change how consumers must read ([`flags`]). Taken
    /// from `reserved`, which older segments zero: 0 is what every ring meant before.
    pub flags: u64,
    /// Offset of the counters (format 2 on).
    pub counters_offset: u64,
    /// The huge page size the object is laid out on, 0 for base pages: the object is
    /// `total_size` rounded up to a whole number of them (the rest is never read). Taken from
    /// `reserved`, which older segments zero: 0 is what every ring was before.
    pub huge_page_size: u64,
    /// Unused; zero.
    pub reserved: [u8; 232],
}

/// Bits of [`HeaderDescription::flags`]. An attacher refuses a ring with a bit it does not know:
/// each one changes what readers must do.
pub mod flags {
    /// The producer may evict a live gating consumer that stalls: every consumer reads events
    /// as verified copies (never in place), and the producer marks every overwrite, so an
    /// evicted consumer's next read finds out instead of reading a slot being rewritten.
    pub const CONSUMERS_EVICTABLE: u64 = 1;
    /// The slots are packed ([`crate::SlotLayout::Packed`]): no stamp per slot, events at their
    /// natural stride, availability from the producer cursor. A version that predates it
    /// refuses the ring (an unknown bit) instead of reading event bytes as stamps.
    pub const PACKED: u64 = 2;
    /// Every bit this version knows.
    pub const KNOWN: u64 = CONSUMERS_EVICTABLE | PACKED;
}

const _: () = assert!(core::mem::size_of::<HeaderDescription>() == 512);

/// Offsets of the run-time atomics inside the header page.
pub mod atomics {
    use super::LINE;

    /// `AtomicU32` segment state ([`super::SegmentState`]). Written by the producer at start and
    /// close only.
    pub const STATE: usize = 4 * LINE;
    /// `AtomicI64` producer cursor: the last published sequence. Written by the producer only.
    pub const PRODUCER_CURSOR: usize = 5 * LINE;
    /// `AtomicI64` producer claim, packed rings only: the highest sequence the producer may be
    /// writing, stored before it overwrites a slot a reader it does not wait for may be copying
    /// (the seqlock word of `ring/packed.rs`). On the cursor's line: both are the producer's,
    /// and a reader that checks one has just loaded the other. Zero (unused) in stamped rings.
    pub const PRODUCER_CLAIM: usize = 5 * LINE + 8;
    /// `AtomicU32` futex word bumped by the producer to wake blocked consumers.
    pub const WAKE_WORD: usize = 6 * LINE;
    /// `AtomicU32` count of consumers blocked (or about to block) on the wake word.
    pub const WAITERS: usize = 6 * LINE + 64;
    /// `AtomicU64` consumer-table generation: bumped on every join and leave.
    pub const TABLE_GENERATION: usize = 7 * LINE;
    /// `AtomicU64` join lock: 0 when free, otherwise `pid << 32 | ns` of the holder
    /// (`ns`: the low 32 bits of its PID namespace id, or 1 when unknown, as older versions wrote).
    pub const JOIN_LOCK: usize = 7 * LINE + 8;
    /// `AtomicU32` futex word a producer blocked on a full ring sleeps on; a consumer that frees
    /// space while the producer sleeps bumps it.
    pub const SPACE_WORD: usize = 8 * LINE;
    /// `AtomicU32` count of producer threads asleep (or about to sleep) on the space word.
    /// Written only when the producer blocks; consumers read it when they store their cursor.
    pub const PRODUCER_SLEEPING: usize = 8 * LINE + 64;
    /// `AtomicU32`, non-zero once a process that uses the ring could not register for
    /// `membarrier`: sleepers can then not fence it, and cap their sleeps instead.
    pub const NO_MEMBARRIER: usize = 9 * LINE;
}

/// Life cycle of a segment, stored in [`atomics::STATE`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u32)]
pub enum SegmentState {
    /// The creator is still writing the segment (the object's bytes start zeroed, so 0).
    Initialising = 0,
    /// Everything is written; attachers may use it.
    Ready = 1,
    /// The producer is gone cleanly; consumers drain what is left and then see end of stream.
    Closed = 2,
}

impl SegmentState {
    /// Decodes a stored state; `None` for a value no version of this crate writes.
    pub fn from_u32(value: u32) -> Option<Self> {
        match value {
            0 => Some(Self::Initialising),
            1 => Some(Self::Ready),
            2 => Some(Self::Closed),
            _ => None,
        }
    }
}

/// The breaking-version number of this crate: the major version, or for `0.x` the minor.
pub fn crate_abi() -> u32 {
    let major: u32 = env!("CARGO_PKG_VERSION_MAJOR").parse().unwrap_or(0);
    let minor: u32 = env!("CARGO_PKG_VERSION_MINOR").parse().unwrap_or(0);
    if major == 0 { minor } else { major << 16 }
}
