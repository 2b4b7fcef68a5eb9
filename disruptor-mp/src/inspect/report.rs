//! What an inspection shows: plain values, copied out of the segment at one instant.

use super::RingLocation;
use crate::Sequence;
use crate::observability::{ConsumerInfo, ConsumerStatus, RingCounters};

/// Everything a ring's segment says about it, read without joining it: what `dmp inspect` prints.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct RingReport {
    /// Where the ring is.
    pub location: RingLocation,
    /// The event type the ring carries, as its creator compiled it.
    pub event: EventReport,
    /// Number of slots.
    pub capacity: usize,
    /// Entries in the consumer table.
    pub max_consumers: usize,
    /// The segment's byte-format version.
    pub format_version: u32,
    /// The creating crate's breaking-version number.
    pub crate_abi: u32,
    /// Bytes the segment takes.
    pub total_size: u64,
    /// The huge page size the ring lives on (its object is `total_size` rounded up to whole
    /// ones), 0 for base pages.
    pub huge_page_size: u64,
    /// Header flags (`1`: consumers may be evicted; `2`: the slots are packed).
    pub flags: u64,
    /// How the producer laid out the slots (from the flags).
    pub slot_layout: crate::SlotLayout,
    /// Creation time, nanoseconds since the Unix epoch.
    pub created_unix_ns: u64,
    /// Random id of this incarnation of the ring.
    pub incarnation: u64,
    /// Whether the producer closed the ring.
    pub closed: bool,
    /// The producer that created the ring.
    pub producer: ProducerReport,
    /// The last published sequence (-1: none).
    pub last_published: Sequence,
    /// The event's fields, as the ring's field table records them.
    pub fields: Vec<FieldReport>,
    /// Every consumer place in use.
    pub consumers: Vec<ConsumerInfo>,
    /// The ring's counters.
    pub counters: RingCounters,
}

impl RingReport {
    /// Whether nobody uses the ring any more: its producer closed it or its process is gone,
    /// and no consumer place is held by a live process (or one that cannot be judged). A
    /// closed ring is finished even while the process that kept it runs (a new producer of the
    /// name reclaims it too). A stale ring is what `gc` removes.
    pub fn is_stale(&self) -> bool {
        (self.closed || !self.producer.process_alive)
            && !self.consumers.iter().any(|consumer| {
                matches!(
                    consumer.status,
                    ConsumerStatus::Attached | ConsumerStatus::Unknown
                )
            })
    }
}

/// The event type a ring carries.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct EventReport {
    /// Its wire name.
    pub name: String,
    /// `size_of` the event.
    pub size: u64,
    /// `align_of` the event.
    pub align: u64,
    /// Its layout fingerprint.
    pub fingerprint: u64,
    /// Fields the event has (the field table records at most 64).
    pub field_count: u64,
}

/// One field of the event, from the ring's field table.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct FieldReport {
    /// Its name (`?` if the stored bytes are not UTF-8).
    pub name: String,
    /// Its type's wire name (`u64`, `[u8; 16]`, a nested event's name).
    pub type_name: String,
    /// Offset in the event.
    pub offset: u64,
    /// Size in bytes.
    pub size: u64,
    /// Fingerprint of its type.
    pub fingerprint: u64,
}

/// The ring's producer, as its header names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct ProducerReport {
    /// Its process id.
    pub pid: u32,
    /// Whether it is running.
    pub status: ProducerStatus,
    /// Whether its process still runs (or cannot be judged from here), even if it closed the
    /// ring: a ring whose creating process runs is never stale.
    pub process_alive: bool,
}

/// Whether a ring's producer is running.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ProducerStatus {
    /// Its process is running (same pid and start time) and the ring is open.
    Alive,
    /// It closed the ring (dropped its handle); consumers drain what is left.
    Closed,
    /// Its process is gone (or the pid is another process's now) and the ring was never closed.
    Dead,
    /// Its process was recorded in another PID namespace, where this one cannot judge it.
    Unknown,
}

impl ProducerStatus {
    /// Whether the producer may still publish: alive, or not judgeable from here.
    pub fn may_be_running(self) -> bool {
        matches!(self, Self::Alive | Self::Unknown)
    }

    /// A lower-case word for the status: `alive`, `closed`, `dead`, `unknown`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Alive => "alive",
            Self::Closed => "closed",
            Self::Dead => "dead",
            Self::Unknown => "unknown",
        }
    }
}
