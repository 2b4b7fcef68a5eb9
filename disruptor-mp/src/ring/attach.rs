//! Attaching to an existing segment: wait for `ready`, then validate the header as untrusted
//! input before any slot is touched.

use super::segment::Segment;
use crate::backend::Region;
use crate::backend::process::ProcessIdentity;
use crate::deadline::poll_until;
use crate::error::{AttachError, CorruptReason};
use crate::event::WireName;
use crate::layout::difference::{StoredLayout, first_difference};
use crate::layout::validate::{Expectation, validate};
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
/// it.
pub(crate) fn attach(
    name: &str,
    region: Box<dyn Region>,
    expected: Expectation<'_>,
    ready_timeout: Duration,
) -> Result<Attached, AttachError> {
    let corrupt = |reason| AttachError::Corrupt {
        name: name.to_owned(),
        reason,
    };
    let too_short = || {
        corrupt(CorruptReason::TooShort {
            len: region.len() as u64,
            needed: crate::layout::HEADER_SIZE as u64,
        })
    };
    let ready = poll_until(ready_timeout, READY_POLL, |_| {
        let Some(state) = Segment::read_state(&*region) else {
            return Some(Err(too_short()));
        };
        match SegmentState::from_u32(state) {
            Some(SegmentState::Ready | SegmentState::Closed) => Some(Ok(())),
            Some(SegmentState::Initialising) => None,
            None => Some(Err(corrupt(CorruptReason::BadState(state)))),
        }
    });
    let desc = Segment::read_description(&*region).ok_or_else(too_short)?;
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
    let plan = match validate(name, &desc, region.len(), expected) {
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
    };
    let len = region.len() as u64;
    let segment = Segment::new(region, plan).ok_or_else(|| {
        corrupt(CorruptReason::TooShort {
            len,
            needed: plan.total_size as u64,
        })
    })?;
    Ok(Attached { segment, producer })
}

/// The event layout recorded in a segment whose header `validate` accepted up to the layout
/// comparison (so its plan and size are checked); `None` if the field table cannot be read.
fn stored_layout(
    desc: &HeaderDescription,
    region: Box<dyn Region>,
    name: WireName,
) -> Option<StoredLayout> {
    let plan = SegmentPlan::new(
        desc.event_size,
        desc.event_align,
        desc.event_field_count,
        desc.capacity,
        desc.max_consumers,
    )
    .ok()?;
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
