//! Attaching to an existing segment: wait for `ready`, then validate the header as untrusted
//! input before any slot is touched.

use super::segment::Segment;
use crate::backend::Region;
use crate::error::{CorruptReason, MultiProcessError};
use crate::layout::SegmentState;
use crate::layout::validate::{Expectation, validate};
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
    let plan = validate(name, &desc, region.len(), expected)?;
    let len = region.len() as u64;
    Segment::new(region, plan).ok_or_else(|| {
        corrupt(CorruptReason::TooShort {
            len,
            needed: plan.total_size as u64,
        })
    })
}
