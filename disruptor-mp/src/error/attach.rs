//! Attaching to a ring: everything `build_consumer` can meet, from a missing name to a ring of
//! another event type.

use super::{ConfigError, DirectoryError, MemoryLockError, PinError};
use crate::event::WireName;
use crate::layout::difference::FieldDifference;
use crate::layout::header::ENDIAN_TAG;
use std::fmt;
use std::io;
use std::time::Duration;

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

/// Formats a platform for [`AttachError::ForeignPlatform`]: "big-endian, 32-bit pointers".
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
#[non_exhaustive]
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
    /// The object is larger than the segment its header describes (a peer grew it, or the
    /// header lies about a huge object); it is never mapped beyond its header.
    #[error("the object is {len} bytes, but its header describes a segment of {expected}")]
    SizeMismatch {
        /// Bytes present.
        len: u64,
        /// Bytes the header's layout gives.
        expected: u64,
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
    /// A stored offset or size disagrees with the layout every offset must follow.
    #[error("offsets in the header do not follow the segment layout")]
    BadOffsets,
    /// The slots' stride or event offset is not what the slot layout the header names gives
    /// the event (a header whose layout flag was changed, or a peer's scribble).
    #[error(
        "the header says the slots are {layout} (stride {expected_stride}, event at byte \
         {expected_event_offset}) but records stride {stride} with the event at byte {event_offset}"
    )]
    BadSlotGeometry {
        /// The slot layout the header's flags name.
        layout: crate::layout::SlotLayout,
        /// Stored slot stride.
        stride: u64,
        /// Stored offset of the event in its slot.
        event_offset: u64,
        /// The stride `layout` gives the stored event.
        expected_stride: u64,
        /// The event offset `layout` gives.
        expected_event_offset: u64,
    },
    /// The stored huge page size is not 0 (base pages) or a power of two above the base page
    /// size and at most 16 GiB.
    #[error("invalid huge page size {0}")]
    BadHugePageSize(u64),
    /// The header asks readers for something this version does not know how to do (a newer
    /// producer's flag bit): reading anyway could break the ring's rules.
    #[error("the header carries flags {flags:#x} this version does not know")]
    UnknownFlags {
        /// The bits not known here.
        flags: u64,
    },
    /// The event type name is not valid UTF-8 or too long.
    #[error("event type name is invalid")]
    BadName,
    /// The state word holds a value no version writes.
    #[error("unknown segment state {0}")]
    BadState(u32),
    /// The object at the name is not a regular file (a FIFO, socket or device); it is never
    /// mapped, judged or removed.
    #[error("the object is not a regular file")]
    NotARegularFile,
    /// The name is a symbolic link (the file backend); it is never followed, judged or removed.
    #[error("the name is a symbolic link, which is never followed")]
    Symlink,
}

/// Errors from attaching to a ring (`build_consumer`).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum AttachError {
    /// A builder setting was refused before anything was opened.
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// The thread calling `build_consumer` could not be pinned to the core asked for
    /// (`with_process_core`, or the environment); nothing was opened.
    #[error(transparent)]
    Pin(#[from] PinError),
    /// The ring's mapping could not be locked in memory, as `lock_in_memory(true)` asked.
    #[error(transparent)]
    MemoryLock(#[from] MemoryLockError),
    /// The directory of a file-backed ring was refused before anything in it was touched.
    #[error(transparent)]
    Directory(#[from] DirectoryError),
    /// No ring with this name exists (after the wait asked for with `wait_for_producer`, if any).
    #[error(
        "no ring named {name:?} exists ({}): is its producer running, with the same name and namespace?{}",
        Waited(*waited),
        WaitHint(*waited)
    )]
    SegmentNotFound {
        /// Ring name (with its namespace, if any).
        name: String,
        /// How long this attach waited for the ring to appear (zero: no wait was asked for).
        waited: Duration,
    },
    /// The OS refused to open the ring: it belongs to another user or its mode excludes us.
    #[error(
        "permission denied for ring {name:?} ({}): run as its owner, or have the producer widen its mode with `.with_mode(..)`",
        Ownership { owner_uid: *owner_uid, mode: *mode }
    )]
    PermissionDenied {
        /// Ring name (with its namespace, if any).
        name: String,
        /// Uid owning the ring's object, when it could be read.
        owner_uid: Option<u32>,
        /// Permission bits of the ring's object, when they could be read.
        mode: Option<u32>,
    },
    /// The ring exists but its creator did not finish writing it in time.
    #[error(
        "ring {name:?} did not become ready within {waited:?}: its creator is still writing it, or is stuck; raise `.with_ready_timeout(..)` for very large rings"
    )]
    NotReady {
        /// Ring name (with its namespace, if any).
        name: String,
        /// How long we waited.
        waited: Duration,
    },
    /// The ring holds a different event type than this process expects: the layouts'
    /// fingerprints differ.
    ///
    /// The message names both layouts and, when the ring's field table allows, the first field
    /// that differs, for example ``field `price` is `f64` at offset 8 here but `u64` at offset 8
    /// in the segment``.
    #[error(
        "layout mismatch: this process expects {expected} but the segment holds {found}{}",
        FirstDifference(difference.as_deref())
    )]
    LayoutMismatch {
        /// This process's event layout.
        expected: Box<LayoutSummary>,
        /// The layout stored in the ring.
        found: Box<LayoutSummary>,
        /// The first difference between the two, when one can be named (see
        /// [`FieldDifference`] for the limits).
        difference: Option<Box<FieldDifference>>,
    },
    /// The ring was written by an incompatible format or crate version.
    #[error(
        "segment format {found_format} (crate abi {found_abi}) is not this build's format {expected_format} (crate abi {expected_abi}); recreate the ring under a new name and restart its peers"
    )]
    VersionMismatch {
        /// This build's format version.
        expected_format: u32,
        /// The ring's format version.
        found_format: u32,
        /// This build's crate ABI number.
        expected_abi: u32,
        /// The ring's crate ABI number.
        found_abi: u32,
    },
    /// The ring was created on a machine with another byte order or pointer width. Events are
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
    /// The ring's capacity differs from the one asked for.
    #[error(
        "capacity mismatch for ring {name:?}: this process expects {expected} slots, the ring has {found}; use the producer's capacity"
    )]
    CapacityMismatch {
        /// Ring name (with its namespace, if any).
        name: String,
        /// Capacity asked for.
        expected: usize,
        /// Capacity of the ring.
        found: usize,
    },
    /// The object's bytes are not a valid ring.
    #[error("segment {name:?} is corrupt: {reason}")]
    Corrupt {
        /// Ring name (with its namespace, if any).
        name: String,
        /// What is wrong.
        reason: CorruptReason,
    },
    /// Every entry of the consumer table is taken.
    #[error(
        "consumer table is full ({capacity} entries); the producer can raise it with `.with_max_consumers(..)`"
    )]
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
    #[error("consumer id {id:?} is in use by live pid {pid}; ids are exclusive, choose another")]
    ConsumerIdInUse {
        /// The id.
        id: String,
        /// Pid of the consumer holding it.
        pid: u32,
    },
    /// The producer evicted this id's consumer after it died: nothing after `last_sequence` was
    /// held for it. Reported once; attaching again with the id joins as a new reader, from the
    /// producer's next event.
    #[error(
        "consumer id {id:?} was evicted after its process died: events after sequence \
         {last_sequence} were not kept for it; attach again to read on as a new consumer"
    )]
    Evicted {
        /// The id.
        id: String,
        /// The last sequence its previous process released; it missed everything after.
        last_sequence: i64,
    },
    /// `require_gating()` was set but this consumer would not gate the producer: its id matches
    /// none of the ring's reserved places (a typo?) and no open place is free.
    #[error(
        "consumer {} would not gate the producer of {name:?}: the ring reserves {} and has no free open place",
        IdOrAnonymous(id.as_deref()),
        ReservedIds(reserved)
    )]
    NotGating {
        /// Ring name (with its namespace, if any).
        name: String,
        /// The id asked for, if any.
        id: Option<String>,
        /// The ids of the ring's reserved places.
        reserved: Vec<String>,
    },
    /// An OS call failed.
    #[error("{op} failed for ring {name:?}: {source}")]
    Os {
        /// The call that failed.
        op: &'static str,
        /// Ring name (with its namespace, if any).
        name: String,
        /// The OS error.
        #[source]
        source: io::Error,
    },
}

/// Formats how long an attach waited: "waited 2s" or "no wait was asked for".
struct Waited(Duration);

impl fmt::Display for Waited {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_zero() {
            f.write_str("no wait was asked for")
        } else {
            write!(f, "waited {:?}", self.0)
        }
    }
}

/// Suggests `wait_for_producer` to an attach that did not wait, and a longer wait to one that did.
struct WaitHint(Duration);

impl fmt::Display for WaitHint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_zero() {
            f.write_str(
                " a consumer that may start first can wait for it with `.wait_for_producer(timeout)`",
            )
        } else {
            f.write_str(" if the producer starts later than that, wait longer")
        }
    }
}

/// Formats an object's owner and mode for a permission error, as far as they are known.
pub(crate) struct Ownership {
    pub(crate) owner_uid: Option<u32>,
    pub(crate) mode: Option<u32>,
}

impl fmt::Display for Ownership {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.owner_uid {
            Some(uid) => write!(f, "owned by uid {uid}")?,
            None => f.write_str("owner unknown")?,
        }
        match self.mode {
            Some(mode) => write!(f, ", mode {:#o}", mode & 0o7777),
            None => Ok(()),
        }
    }
}

/// Formats the consumer id of a refused attach: `"cp0"` or "without an id".
struct IdOrAnonymous<'a>(Option<&'a str>);

impl fmt::Display for IdOrAnonymous<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(id) => write!(f, "{id:?}"),
            None => f.write_str("without an id"),
        }
    }
}

/// Formats reserved ids: "the ids \"cp_0\", \"cp_1\"" or "no ids".
struct ReservedIds<'a>(&'a [String]);

impl fmt::Display for ReservedIds<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            return f.write_str("no ids");
        }
        f.write_str("the ids ")?;
        for (i, id) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "{id:?}")?;
        }
        Ok(())
    }
}
