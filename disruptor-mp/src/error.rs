//! Errors, one enum per operation; tests match them by variant.
//!
//! The published crate's names are kept where users see them: [`MultiProcessError`] for setting a
//! ring up, [`RingBufferFull`] and [`MissingFreeSlots`] for publishing. Nothing here carries a
//! pre-formatted `String` where a field fits.

use crate::event::WireName;
pub use crate::layout::difference::{FieldDifference, FieldPlacement};
use crate::layout::header::ENDIAN_TAG;
use std::fmt;
use std::io;
use std::time::Duration;

/// The ring had no free slot for a single publish.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("Ring Buffer is full.")]
pub struct RingBufferFull;

/// A batch publish lacked this many free slots.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("Missing free slots in Ring Buffer: {0}")]
pub struct MissingFreeSlots(pub u64);

/// `publish_with_timeout` found no free slot before its deadline.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PublishTimeoutError {
    /// The deadline passed with the ring still full.
    #[error("Publish operation timed out")]
    Timeout,
}

/// A summary of an event layout, for error messages: name, size, alignment, fingerprint.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct LayoutSummary {
    /// Wire name of the event type.
    pub name: WireName,
    /// `size_of` the event.
    pub size: u64,
    /// `align_of` the event.
    pub align: u64,
    /// Layout fingerprint.
    pub fingerprint: u64,
}

impl fmt::Debug for LayoutSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl fmt::Display for LayoutSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "`{}` (size {}, align {}, fingerprint {:#018x})",
            self.name, self.size, self.align, self.fingerprint
        )
    }
}

/// Formats a platform for [`MultiProcessError::ForeignPlatform`]: "big-endian, 32-bit pointers".
enum Platform {
    /// As a segment header records it.
    Stored { endian_tag: u32, pointer_width: u32 },
    /// This process.
    Native,
}

impl fmt::Display for Platform {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const NATIVE: &str = if cfg!(target_endian = "little") {
            "little-endian"
        } else {
            "big-endian"
        };
        const FOREIGN: &str = if cfg!(target_endian = "little") {
            "big-endian"
        } else {
            "little-endian"
        };
        match *self {
            Self::Native => write!(f, "{NATIVE}, {}-bit pointers", usize::BITS),
            Self::Stored {
                endian_tag,
                pointer_width,
            } => {
                if endian_tag == ENDIAN_TAG {
                    f.write_str(NATIVE)?;
                } else if endian_tag == ENDIAN_TAG.swap_bytes() {
                    f.write_str(FOREIGN)?;
                } else {
                    write!(f, "unknown byte order (tag {endian_tag:#010x})")?;
                }
                write!(f, ", {pointer_width}-bit pointers")
            }
        }
    }
}

/// Formats `; first difference: ...` after a layout mismatch, or nothing.
struct FirstDifference<'a>(Option<&'a FieldDifference>);

impl fmt::Display for FirstDifference<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(difference) => write!(f, "; first difference: {difference}"),
            None => Ok(()),
        }
    }
}

/// What is wrong with a segment that failed validation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CorruptReason {
    /// The object has no bytes at all.
    #[error("the object is empty")]
    Empty,
    /// The object is shorter than its header says it must be.
    #[error("the object is {len} bytes, but needs at least {needed}")]
    TooShort {
        /// Bytes present.
        len: u64,
        /// Bytes required.
        needed: u64,
    },
    /// The first eight bytes are not the disruptor-mp magic.
    #[error("bad magic: not a disruptor-mp segment")]
    BadMagic,
    /// The header's fixed sizes are not this format's.
    #[error("header or line size does not match the format")]
    BadHeaderSize,
    /// Capacity is zero, not a power of two or absurdly large.
    #[error("invalid capacity {0}")]
    BadCapacity(u64),
    /// Consumer table size is zero or absurdly large.
    #[error("invalid consumer table size {0}")]
    BadConsumerTable(u64),
    /// Event size or alignment is impossible.
    #[error("invalid event size {size} or alignment {align}")]
    BadEvent {
        /// Stored size.
        size: u64,
        /// Stored alignment.
        align: u64,
    },
    /// A stored offset or stride disagrees with the layout every offset must follow.
    #[error("offsets in the header do not follow the segment layout")]
    BadOffsets,
    /// The event type name is not valid UTF-8 or too long.
    #[error("event type name is invalid")]
    BadName,
    /// The state word holds a value no version writes.
    #[error("unknown segment state {0}")]
    BadState(u32),
}

/// Errors from creating or attaching to a ring.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum MultiProcessError {
    /// The segment name is empty, too long or has characters outside `[A-Za-z0-9._-]`.
    #[error("invalid segment name {name:?}: {reason}")]
    InvalidName {
        /// The rejected name.
        name: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// Capacity is zero, not a power of two, or too large.
    #[error("invalid capacity {capacity}: must be a power of two between 1 and 2^30")]
    InvalidCapacity {
        /// The rejected capacity.
        capacity: usize,
    },
    /// A builder setting is out of range.
    #[error("invalid configuration: {0}")]
    InvalidConfig(&'static str),
    /// A consumer id is empty, too long or not UTF-8 safe for the table.
    #[error("invalid consumer id {id:?}: {reason}")]
    InvalidConsumerId {
        /// The rejected id.
        id: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// Another live producer owns this name.
    #[error("segment {name:?} is in use by live producer pid {pid}")]
    SegmentInUse {
        /// Segment name.
        name: String,
        /// Pid of the producer that owns it.
        pid: u32,
    },
    /// The OS refused access to the segment.
    #[error("permission denied for segment {name:?}")]
    PermissionDenied {
        /// Segment name.
        name: String,
    },
    /// No segment with this name exists.
    #[error("Shared segment not found: {name}")]
    SegmentNotFound {
        /// Segment name.
        name: String,
    },
    /// The segment exists but its creator did not finish writing it in time.
    #[error("segment {name:?} did not become ready within {waited:?}")]
    NotReady {
        /// Segment name.
        name: String,
        /// How long we waited.
        waited: Duration,
    },
    /// The segment holds a different event type than this process expects: the layouts'
    /// fingerprints differ.
    ///
    /// The message names both layouts and, when the segment's field table allows, the first
    /// field that differs, for example ``field `price` is `f64` at offset 8 here but `u64` at
    /// offset 8 in the segment``.
    #[error(
        "layout mismatch: this process expects {expected} but the segment holds {found}{}",
        FirstDifference(difference.as_deref())
    )]
    LayoutMismatch {
        /// This process's event layout.
        expected: Box<LayoutSummary>,
        /// The layout stored in the segment.
        found: Box<LayoutSummary>,
        /// The first difference between the two, when one can be named (see
        /// [`FieldDifference`] for the limits).
        difference: Option<Box<FieldDifference>>,
    },
    /// The segment was written by an incompatible format or crate version.
    #[error(
        "segment format {found_format} (crate abi {found_abi}) is not this build's format {expected_format} (crate abi {expected_abi}); recreate the ring under a new name and restart its peers"
    )]
    VersionMismatch {
        /// This build's format version.
        expected_format: u32,
        /// The segment's format version.
        found_format: u32,
        /// This build's crate ABI number.
        expected_abi: u32,
        /// The segment's crate ABI number.
        found_abi: u32,
    },
    /// The segment was created on a machine with another byte order or pointer width. Events are
    /// shared as raw bytes, so such a ring cannot be read here at all; this is reported before
    /// (and instead of) any layout comparison.
    #[error(
        "segment was created on a foreign platform ({}) and this process is {}: events are shared as raw bytes, so byte order and pointer width must match",
        Platform::Stored { endian_tag: *found_endian_tag, pointer_width: *found_pointer_width },
        Platform::Native
    )]
    ForeignPlatform {
        /// The stored endianness tag as read here.
        found_endian_tag: u32,
        /// The stored pointer width.
        found_pointer_width: u32,
    },
    /// The segment's capacity differs from the one asked for.
    #[error("capacity mismatch: this process expects {expected} slots, the segment has {found}")]
    CapacityMismatch {
        /// Capacity asked for.
        expected: usize,
        /// Capacity in the segment.
        found: usize,
    },
    /// The segment's bytes are not a valid ring.
    #[error("segment {name:?} is corrupt: {reason}")]
    Corrupt {
        /// Segment name.
        name: String,
        /// What is wrong.
        reason: CorruptReason,
    },
    /// Fewer consumers than required attached before the coordination timeout.
    #[error("Coordination timeout: {attached} of {expected} consumers attached within {waited:?}")]
    CoordinationTimeout {
        /// Consumers required.
        expected: usize,
        /// Consumers attached when time ran out.
        attached: usize,
        /// How long the producer waited.
        waited: Duration,
    },
    /// Every entry of the consumer table is taken.
    #[error("consumer table is full ({capacity} entries)")]
    ConsumerTableFull {
        /// Entries in the table.
        capacity: usize,
    },
    /// A typed channel's `consumer(index)` was asked for an index beyond its consumer places.
    #[error(
        "channel {channel:?} has {places} consumer places (indexes 0 to {last}), so there is no consumer {index}; use `observer()` for a reader that does not gate the producer",
        last = places.saturating_sub(1)
    )]
    ConsumerIndexOutOfRange {
        /// The channel's segment name.
        channel: &'static str,
        /// The index asked for.
        index: usize,
        /// Consumer places the channel declares.
        places: usize,
    },
    /// A live consumer already uses this id.
    #[error("consumer id {id:?} is in use by live pid {pid}")]
    ConsumerIdInUse {
        /// The id.
        id: String,
        /// Pid of the consumer holding it.
        pid: u32,
    },
    /// An OS call failed.
    #[error("{op} failed for segment {name:?}: {source}")]
    Os {
        /// The call that failed.
        op: &'static str,
        /// Segment name.
        name: String,
        /// The OS error.
        #[source]
        source: io::Error,
    },
}

/// Result type for setting a ring up.
pub type MultiProcessResult<T> = Result<T, MultiProcessError>;

/// Why a consumer cannot return the next event.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ConsumeError {
    /// The producer closed the ring and every event has been consumed.
    #[error("the producer closed the ring and every event has been consumed")]
    ProducerClosed,
    /// The producer process died without closing the ring.
    #[error("the producer (pid {pid}) died without closing the ring")]
    ProducerDead {
        /// Pid of the producer.
        pid: u32,
    },
    /// The producer overwrote the next event before this (non-gating) consumer read it.
    #[error("lapped: sequence {expected} was overwritten (the slot now holds {found})")]
    Lapped {
        /// The sequence this consumer needed.
        expected: i64,
        /// The sequence the slot holds or is being written with.
        found: i64,
    },
}
