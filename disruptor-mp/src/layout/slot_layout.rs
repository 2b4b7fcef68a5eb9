//! How a ring lays out its slots: the producer's choice, stored in the header's flags
//! ([`super::header::flags::PACKED`]) and read back by every attacher.

use super::header::flags;

/// The slot layout of a ring, chosen by its producer ([`crate::ProducerBuilder::slot_layout`]);
/// consumers read whichever the ring has.
///
/// - [`SlotLayout::Stamped`] (the default): every slot starts with an 8-byte sequence stamp
///   before the event. A reader learns that an event is published from the line it reads the
///   event from, which wins latency (single hand-offs) and single publishes.
/// - [`SlotLayout::Packed`]: events at their natural stride (rounded up to 8 bytes), no word per
///   slot; readers learn what is published from the producer cursor. A 64-byte event fills one
///   64-byte line instead of straddling two, which wins throughput of bursts (batches).
///
/// Both keep every guarantee: a reader never returns an event that is not the sequence it
/// expects, and a reader the producer does not wait for detects a lap instead of reading torn
/// data.
///
/// ```
/// use disruptor_mp::SlotLayout;
/// assert_eq!(SlotLayout::default(), SlotLayout::Stamped);
/// assert_eq!(SlotLayout::Packed.to_string(), "packed");
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum SlotLayout {
    /// A sequence stamp per slot, then the event.
    #[default]
    Stamped,
    /// Events at their natural stride; availability from the producer cursor.
    Packed,
}

impl SlotLayout {
    /// The layout a header's `flags` word names (the caller has refused unknown bits).
    pub(crate) fn from_flags(bits: u64) -> Self {
        if bits & flags::PACKED != 0 {
            Self::Packed
        } else {
            Self::Stamped
        }
    }

    /// The header flag bits that record this layout.
    pub(crate) fn flag_bits(self) -> u64 {
        match self {
            Self::Stamped => 0,
            Self::Packed => flags::PACKED,
        }
    }

    /// Bytes each slot holds before its event: the stamp, or nothing.
    pub(crate) fn stamp_size(self) -> u64 {
        match self {
            Self::Stamped => super::plan::STAMP_SIZE as u64,
            Self::Packed => 0,
        }
    }
}

impl core::fmt::Display for SlotLayout {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(match self {
            Self::Stamped => "stamped",
            Self::Packed => "packed",
        })
    }
}
