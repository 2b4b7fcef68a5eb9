//! Explaining a layout mismatch: the first place where this process's event layout differs from
//! the layout a segment records (its header and field table).
//!
//! Fingerprints only say *that* two layouts differ. To say *where*, the creator stores one
//! [`FieldRecord`] per field (at most [`MAX_FIELD_RECORDS`]), and an attacher whose fingerprint
//! differs walks both field lists in declaration order and reports the first field that does not
//! match. Both sides are compared as records, so truncated names compare the same way on both.

use super::field_table::{FieldRecord, MAX_FIELD_RECORDS, records_for};
use crate::event::{EventLayout, WireName};
use core::fmt;

/// Where a field sits in one of the two layouts: its type's wire name, its offset and its size.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FieldPlacement {
    /// Wire name of the field's type (`u64`, `[u8; 16]`, a nested event's name).
    pub type_name: WireName,
    /// Byte offset of the field in the event.
    pub offset: u64,
    /// Size of the field in bytes.
    pub size: u64,
}

/// The first difference between this process's event layout ("here") and the one stored in the
/// segment, found when their fingerprints differ; carried by
/// [`crate::AttachError::LayoutMismatch`].
///
/// Field names are compared as stored: the first 48 bytes of each name. Fields are compared in
/// declaration order, and only the first 64 fields of an event are stored, so a
/// difference after the 64th field is reported without this explanation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum FieldDifference {
    /// The events have different wire names: most likely this is another event's ring.
    EventName {
        /// Wire name here.
        here: WireName,
        /// Wire name in the segment.
        segment: WireName,
    },
    /// A field of the same name has another type, offset or size.
    FieldChanged {
        /// The field's name.
        name: WireName,
        /// The field here.
        here: FieldPlacement,
        /// The field in the segment.
        segment: FieldPlacement,
    },
    /// A field has the same name, type name and offset on both sides, but the type itself has
    /// another layout: a nested event changed (its own fields, or its size).
    NestedChanged {
        /// The field's name.
        name: WireName,
        /// The field here (the type name and offset are the same in the segment).
        here: FieldPlacement,
        /// The field in the segment.
        segment: FieldPlacement,
        /// Fingerprint of the field's type here.
        here_fingerprint: u64,
        /// Fingerprint of the field's type in the segment.
        segment_fingerprint: u64,
    },
    /// The field at the same position has another name, and neither name occurs on the other
    /// side: the field was renamed.
    FieldRenamed {
        /// Position of the field, counting from 0.
        index: usize,
        /// The field's name here.
        here_name: WireName,
        /// The field here.
        here: FieldPlacement,
        /// The field's name in the segment.
        segment_name: WireName,
        /// The field in the segment.
        segment: FieldPlacement,
    },
    /// Both sides have the field, at different positions: the fields were reordered.
    FieldMoved {
        /// The field's name.
        name: WireName,
        /// Its position here, counting from 0.
        here_index: usize,
        /// Its offset here.
        here_offset: u64,
        /// Its position in the segment, counting from 0.
        segment_index: usize,
        /// Its offset in the segment.
        segment_offset: u64,
    },
    /// This process has a field the segment does not.
    FieldAdded {
        /// The field's name.
        name: WireName,
        /// The field here.
        here: FieldPlacement,
    },
    /// The segment has a field this process does not.
    FieldRemoved {
        /// The field's name.
        name: WireName,
        /// The field in the segment.
        segment: FieldPlacement,
    },
    /// Every field agrees, but the event's size or alignment does not (for example an
    /// `align(N)` or trailing padding was changed).
    EventShape {
        /// Size here.
        here_size: u64,
        /// Alignment here.
        here_align: u64,
        /// Size in the segment.
        segment_size: u64,
        /// Alignment in the segment.
        segment_align: u64,
    },
}

impl fmt::Display for FieldPlacement {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}` at offset {}", self.type_name, self.offset)
    }
}

impl fmt::Display for FieldDifference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::EventName { here, segment } => write!(
                f,
                "the event is named `{here}` here but `{segment}` in the segment"
            ),
            Self::FieldChanged {
                name,
                here,
                segment,
            } => write!(
                f,
                "field `{name}` is {here} here but {segment} in the segment"
            ),
            Self::NestedChanged {
                name,
                here,
                segment,
                here_fingerprint,
                segment_fingerprint,
            } => write!(
                f,
                "field `{name}` is {here} on both sides, but `{ty}` itself differs: {} bytes with \
                 fingerprint {here_fingerprint:#018x} here, {} bytes with fingerprint \
                 {segment_fingerprint:#018x} in the segment",
                here.size,
                segment.size,
                ty = here.type_name,
            ),
            Self::FieldRenamed {
                index,
                here_name,
                here,
                segment_name,
                segment,
            } => write!(
                f,
                "field {} is `{here_name}` ({here}) here but `{segment_name}` ({segment}) in the \
                 segment",
                index + 1
            ),
            Self::FieldMoved {
                name,
                here_index,
                here_offset,
                segment_index,
                segment_offset,
            } => write!(
                f,
                "field `{name}` is field {} (offset {here_offset}) here but field {} (offset \
                 {segment_offset}) in the segment: the fields are in a different order",
                here_index + 1,
                segment_index + 1
            ),
            Self::FieldAdded { name, here } => {
                write!(f, "field `{name}` ({here}) is here but not in the segment")
            }
            Self::FieldRemoved { name, segment } => write!(
                f,
                "field `{name}` ({segment}) is in the segment but not here"
            ),
            Self::EventShape {
                here_size,
                here_align,
                segment_size,
                segment_align,
            } => write!(
                f,
                "the fields agree, but the event is {here_size} bytes aligned to {here_align} \
                 here and {segment_size} bytes aligned to {segment_align} in the segment"
            ),
        }
    }
}

/// The event layout a segment records, as read from its header and field table.
#[derive(Clone, Debug)]
pub struct StoredLayout {
    /// Wire name of the event.
    pub name: WireName,
    /// Size of the event.
    pub size: u64,
    /// Alignment of the event.
    pub align: u64,
    /// Number of fields the event has (may exceed `records.len()`).
    pub field_count: u64,
    /// The stored field records, in declaration order.
    pub records: Vec<FieldRecord>,
}

/// One field, decoded from a record.
#[derive(Clone, Copy)]
struct Field {
    name: WireName,
    placement: FieldPlacement,
    fingerprint: u64,
}

impl Field {
    /// Decodes `record`; `None` when its names are not valid (a corrupt table explains nothing).
    fn decode(record: &FieldRecord) -> Option<Self> {
        Some(Self {
            name: WireName::from_bytes(record.name()?.as_bytes())?,
            placement: FieldPlacement {
                type_name: record.type_name()?,
                offset: record.offset,
                size: record.size,
            },
            fingerprint: record.fingerprint,
        })
    }
}

/// The first difference between `here` and `stored`, or `None` when none can be named (the
/// layouts agree as far as the stored records go, or the stored records are unreadable).
pub fn first_difference(here: &EventLayout, stored: &StoredLayout) -> Option<FieldDifference> {
    if *here.name() != stored.name {
        return Some(FieldDifference::EventName {
            here: *here.name(),
            segment: stored.name,
        });
    }
    let ours: Vec<Field> = records_for(here)
        .map(|record| Field::decode(&record))
        .collect::<Option<_>>()?;
    let theirs: Vec<Field> = stored
        .records
        .iter()
        .map(Field::decode)
        .collect::<Option<_>>()?;
    let ours_complete = here.fields().len() <= MAX_FIELD_RECORDS;
    let theirs_complete = usize::try_from(stored.field_count).ok() == Some(theirs.len());
    for index in 0..ours.len().max(theirs.len()) {
        match (ours.get(index), theirs.get(index)) {
            (Some(mine), Some(other)) => {
                if let Some(difference) = compare_at(index, mine, other, &ours, &theirs) {
                    return Some(difference);
                }
            }
            (Some(mine), None) if theirs_complete => {
                return Some(FieldDifference::FieldAdded {
                    name: mine.name,
                    here: mine.placement,
                });
            }
            (None, Some(other)) if ours_complete => {
                return Some(FieldDifference::FieldRemoved {
                    name: other.name,
                    segment: other.placement,
                });
            }
            // The shorter side's record list was cut at the limit: nothing more is known.
            _ => return None,
        }
    }
    if (here.size() as u64, here.align() as u64) != (stored.size, stored.align) {
        return Some(FieldDifference::EventShape {
            here_size: here.size() as u64,
            here_align: here.align() as u64,
            segment_size: stored.size,
            segment_align: stored.align,
        });
    }
    None
}

/// The difference between the fields both sides have at `index`, if any.
fn compare_at(
    index: usize,
    mine: &Field,
    other: &Field,
    ours: &[Field],
    theirs: &[Field],
) -> Option<FieldDifference> {
    if mine.name == other.name {
        let (here, segment) = (mine.placement, other.placement);
        if here.type_name != segment.type_name || here.offset != segment.offset {
            return Some(FieldDifference::FieldChanged {
                name: mine.name,
                here,
                segment,
            });
        }
        if here.size != segment.size || mine.fingerprint != other.fingerprint {
            return Some(FieldDifference::NestedChanged {
                name: mine.name,
                here,
                segment,
                here_fingerprint: mine.fingerprint,
                segment_fingerprint: other.fingerprint,
            });
        }
        return None;
    }
    let mine_there = theirs.iter().position(|field| field.name == mine.name);
    let other_here = ours.iter().position(|field| field.name == other.name);
    Some(match (mine_there, other_here) {
        (Some(segment_index), _) if other_here.is_some() => FieldDifference::FieldMoved {
            name: mine.name,
            here_index: index,
            here_offset: mine.placement.offset,
            segment_index,
            segment_offset: theirs[segment_index].placement.offset,
        },
        // Ours is further on in the segment, theirs is nowhere here: theirs was removed.
        (Some(_), _) => FieldDifference::FieldRemoved {
            name: other.name,
            segment: other.placement,
        },
        // Ours is nowhere in the segment, theirs comes later here: ours was inserted.
        (None, Some(_)) => FieldDifference::FieldAdded {
            name: mine.name,
            here: mine.placement,
        },
        (None, None) => FieldDifference::FieldRenamed {
            index,
            here_name: mine.name,
            here: mine.placement,
            segment_name: other.name,
            segment: other.placement,
        },
    })
}
