//! Attaching to an existing segment: wait for `ready`, then validate the header as untrusted
//! input before any slot is touched.

use super::segment::Segment;
use crate::backend::process::ProcessIdentity;
use crate::backend::{MapFailure, Region};
use crate::deadline::poll_until;
use crate::error::{AttachError, CorruptReason};
use crate::event::WireName;
use crate::layout::difference::{StoredLayout, first_difference};
use crate::layout::validate::{Expectation, validate, validate_structure};
use crate::layout::{HeaderDescription, SegmentPlan, SegmentState};
use std::time::Duration;

/// A validated segment and what its header says about its creator.
pub(crate) struct Attached {
    /// The segment, sized and validated by its plan.
    pub(crate) segment: Segment,
    /// The producer that created it (pid and start time), for liveness checks.
    pub(crate) producer: ProcessIdentity,
}

/// How often an attacher looks again at a segment that is still being written.
const READY_POLL: Duration = Duration::from_micros(200);

/// Waits up to `ready_timeout` for `region` to be ready, validates it against `expected` and
/// returns the segment view with its creator's identity. The header is read once for all of
/// it. `region` needs only its header mapped: the rest is mapped once the header is valid and
/// the object is exactly the size the header's plan gives, so attaching costs what the header
/// promises, never what a hostile object's size claims.
pub(crate) fn attach(
    name: &str,
    mut region: Box<dyn Region>,
    expected: Expectation<'_>,
    ready_timeout: Duration,
) -> Result<Attached, AttachError> {
    let desc = ready_description(name, &*region, ready_timeout)?;
    let object_len = region.object_len();
    let validated = validate(name, &desc, object_len, expected);
    if matches!(
        validated,
        Ok(_) | Err(AttachError::LayoutMismatch { .. } | AttachError::CapacityMismatch { .. })
    ) {
        // The header passed every size check, so its plan exists: the object must be exactly
        // that large before the rest of it is mapped (and before layout and capacity are
        // reported, which may need the field table).
        let total = plan_of(&desc).map_or(0, |plan| plan.object_size(desc.huge_page_size));
        map_exactly(name, &mut *region, total)?;
    }
    let plan = match validated {
        Ok(plan) => plan,
        Err(AttachError::LayoutMismatch {
            expected: here,
            found,
            ..
        }) => {
            let difference = stored_layout(&desc, region, found.name)
                .and_then(|stored| first_difference(expected.layout, &stored))
                .map(Box::new);
            return Err(AttachError::LayoutMismatch {
                expected: here,
                found,
                difference,
            });
        }
        Err(err) => return Err(err),
    };
    let producer = ProcessIdentity {
        pid: u32::try_from(desc.producer_pid).unwrap_or(0),
        start_time: desc.producer_start_time,
        pid_ns: desc.producer_pid_ns,
    };
    let segment = segment_of(name, region, plan)?;
    Ok(Attached { segment, producer })
}

/// Waits up to `ready_timeout` for the segment in `region` to be ready (or closed) and returns
/// its header description, copied once: the first step of every attach, typed or not.
fn ready_description(
    name: &str,
    region: &dyn Region,
    ready_timeout: Duration,
) -> Result<HeaderDescription, AttachError> {
    let corrupt = |reason| AttachError::Corrupt {
        name: name.to_owned(),
        reason,
    };
    let object_len = region.object_len();
    let too_short = || {
        corrupt(CorruptReason::TooShort {
            len: object_len as u64,
            needed: crate::layout::HEADER_SIZE as u64,
        })
    };
    let ready = poll_until(ready_timeout, READY_POLL, |_| {
        let Some(state) = Segment::read_state(region) else {
            return Some(Err(too_short()));
        };
        match SegmentState::from_u32(state) {
            Some(SegmentState::Ready | SegmentState::Closed) => Some(Ok(())),
            Some(SegmentState::Initialising) => None,
            None => Some(Err(corrupt(CorruptReason::BadState(state)))),
        }
    });
    let desc = Segment::read_description(region).ok_or_else(too_short)?;
    match ready {
        Ok(result) => result?,
        // A creator writes the magic first; without it this is not a ring at all.
        Err(_) if desc.magic != crate::layout::header::MAGIC => {
            return Err(corrupt(CorruptReason::BadMagic));
        }
        Err(timed_out) => {
            return Err(AttachError::NotReady {
                name: name.to_owned(),
                waited: timed_out.waited,
            });
        }
    }
    Ok(desc)
}

/// Waits for `region` to be ready and validates its structure without an expected event type
/// (`validate_structure`): the segment an inspector reads. Nothing is joined or written.
pub(crate) fn attach_untyped(
    name: &str,
    mut region: Box<dyn Region>,
    ready_timeout: Duration,
) -> Result<(Segment, HeaderDescription), AttachError> {
    // An inspector opens objects it did not create and whose names it found, so anything without
    // the magic is someone else's, not a corrupt ring — unless it is a ring still being born.
    if let Some(desc) = Segment::read_description(&*region)
        && desc.magic != crate::layout::header::MAGIC
        && (desc.magic != [0; 8] || Segment::read_state(&*region) != Some(0))
    {
        return Err(AttachError::Corrupt {
            name: name.to_owned(),
            reason: CorruptReason::BadMagic,
        });
    }
    let desc = ready_description(name, &*region, ready_timeout)?;
    let (plan, _) = validate_structure(name, &desc, region.object_len())?;
    map_exactly(name, &mut *region, plan.object_size(desc.huge_page_size))?;
    let segment = segment_of(name, region, plan)?;
    Ok((segment, desc))
}

/// The plan the header's stored inputs give.
fn plan_of(desc: &HeaderDescription) -> Option<SegmentPlan> {
    SegmentPlan::new(
        desc.event_size,
        desc.event_align,
        desc.event_field_count,
        desc.capacity,
        desc.max_consumers,
        crate::layout::SlotLayout::from_flags(desc.flags),
    )
    .ok()
}

/// Maps the whole object, `total` bytes (the segment, rounded up to whole huge pages if it lives
/// on them); an object of any other size is corrupt.
fn map_exactly(name: &str, region: &mut dyn Region, total: usize) -> Result<(), AttachError> {
    let corrupt = |reason| AttachError::Corrupt {
        name: name.to_owned(),
        reason,
    };
    region.map_exactly(total).map_err(|failure| match failure {
        MapFailure::SizeMismatch { len } if len < total as u64 => {
            corrupt(CorruptReason::TooShort {
                len,
                needed: total as u64,
            })
        }
        MapFailure::SizeMismatch { len } => corrupt(CorruptReason::SizeMismatch {
            len,
            expected: total as u64,
        }),
        MapFailure::Os(source) => AttachError::Os {
            op: "mmap",
            name: name.to_owned(),
            source,
        },
    })
}

/// The event layout recorded in a segment whose header `validate` accepted up to the layout
/// comparison (so its plan and size are checked); `None` if the field table cannot be read.
fn stored_layout(
    desc: &HeaderDescription,
    region: Box<dyn Region>,
    name: WireName,
) -> Option<StoredLayout> {
    let plan = plan_of(desc)?;
    let segment = Segment::new(region, plan)?;
    let records = (0..plan.field_count)
        .map(|index| segment.read_field_record(index))
        .collect::<Option<Vec<_>>>()?;
    Some(StoredLayout {
        name,
        size: desc.event_size,
        align: desc.event_align,
        field_count: desc.event_field_count,
        records,
    })
}

/// `region` seen through `plan`, which validation checked against the object's size; a
/// mapping shorter than the plan (the object shrank meanwhile) is `TooShort`.
fn segment_of(
    name: &str,
    region: Box<dyn Region>,
    plan: SegmentPlan,
) -> Result<Segment, AttachError> {
    let len = region.len() as u64;
    Segment::new(region, plan).ok_or_else(|| AttachError::Corrupt {
        name: name.to_owned(),
        reason: CorruptReason::TooShort {
            len,
            needed: plan.total_size as u64,
        },
    })
}
