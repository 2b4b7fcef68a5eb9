//! Attaching to an existing segment: wait for `ready`, then validate the header as untrusted
//! input before any slot is touched.

use super::segment::Segment;
use crate::backend::Region;
use crate::error::{CorruptReason, MultiProcessError};
use crate::event::WireName;
use crate::layout::difference::{StoredLayout, first_difference};
use crate::layout::validate::{Expectation, validate};
use crate::layout::{HeaderDescription, SegmentPlan, SegmentState};
use std::time::{Duration, Instant};

/// Waits up to `ready_timeout` for `region` to be ready, validates it against `expected` and
/// returns the segment view.
pub(crate) fn attach(
    name: &str,
    region: Box<dyn Region>,
    expected: Expectation<'_>,
    ready_timeout: Duration,
) -> Result<Segment, MultiProcessError> {
    let corrupt = |reason| MultiProcessError::Corrupt {
        name: name.to_owned(),
        reason,
    };
    let started = Instant::now();
    loop {
        let state = Segment::read_state(&*region).ok_or_else(|| {
            corrupt(CorruptReason::TooShort {
                len: region.len() as u64,
                needed: crate::layout::HEADER_SIZE as u64,
            })
        })?;
        match SegmentState::from_u32(state) {
            Some(SegmentState::Ready | SegmentState::Closed) => break,
            Some(SegmentState::Initialising) => {
                if started.elapsed() >= ready_timeout {
                    // A creator writes the magic first; without it this is not a ring at all.
                    let magic = Segment::read_description(&*region).map(|d| d.magic);
                    if magic != Some(crate::layout::header::MAGIC) {
                        return Err(corrupt(CorruptReason::BadMagic));
                    }
                    return Err(MultiProcessError::NotReady {
                        name: name.to_owned(),
                        waited: started.elapsed(),
                    });
                }
                std::thread::sleep(Duration::from_micros(200));
            }
            None => return Err(corrupt(CorruptReason::BadState(state))),
        }
    }
    let desc = Segment::read_description(&*region).ok_or_else(|| {
        corrupt(CorruptReason::TooShort {
            len: region.len() as u64,
            needed: crate::layout::HEADER_SIZE as u64,
        })
    })?;
    let plan = match validate(name, &desc, region.len(), expected) {
        Ok(plan) => plan,
        Err(MultiProcessError::LayoutMismatch {
            expected: here,
            found,
            ..
        }) => {
            let difference = stored_layout(&desc, region, found.name)
                .and_then(|stored| first_difference(expected.layout, &stored))
                .map(Box::new);
            return Err(MultiProcessError::LayoutMismatch {
                expected: here,
                found,
                difference,
            });
        }
        Err(err) => return Err(err),
    };
    let len = region.len() as u64;
    Segment::new(region, plan).ok_or_else(|| {
        corrupt(CorruptReason::TooShort {
            len,
            needed: plan.total_size as u64,
        })
    })
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
