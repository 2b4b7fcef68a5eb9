//! Removing rings nobody uses any more, with the same judgement a creator's reclaim applies.

use super::list::locations;
use super::{InspectError, RingInspector, RingLocation};
use crate::builder::region::{Abandoned, take_if_abandoned};
use crate::error::CreateError;
use crate::observability::ConsumerStatus;
use std::path::Path;

/// What [`collect_ring`] did with one ring.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Collected {
    /// The ring was stale and is removed.
    Removed,
    /// The ring is stale and would be removed (a dry run removes nothing).
    WouldRemove,
    /// Its producer (or a creator) holds the ring: left alone.
    LiveProducer {
        /// The producer's pid, when its header names it (0 otherwise).
        pid: u32,
    },
    /// Its producer is gone but a live consumer still holds a place: left alone.
    LiveConsumer {
        /// The consumer's id.
        id: String,
        /// Its pid.
        pid: Option<u32>,
    },
    /// Nothing is at the name any more.
    Gone,
}

impl Collected {
    /// Whether the ring is (or, in a dry run, would be) removed.
    pub fn is_removal(&self) -> bool {
        matches!(self, Self::Removed | Self::WouldRemove)
    }
}

/// Removes the ring at `location` if nobody uses it: its creator's owner lock is free (the
/// kernel released it when the producer exited), its header names no live process, and no live
/// consumer holds a place. The decision and the removal happen with that lock held, as a
/// creator's reclaim does, so a producer that starts meanwhile is never removed. With `dry_run`
/// the verdict is the same and nothing is removed.
///
/// An object that is not a ring is never removed ([`InspectError::NotARing`]).
pub fn collect_ring(location: &RingLocation, dry_run: bool) -> Result<Collected, InspectError> {
    let ring = location.display_name();
    let target = location.target()?;
    let object = match take_if_abandoned(&target) {
        Ok(Abandoned::Gone) => return Ok(Collected::Gone),
        Ok(Abandoned::Live { pid }) | Err(CreateError::SegmentInUse { pid, .. }) => {
            return Ok(Collected::LiveProducer { pid });
        }
        Ok(Abandoned::Locked(object)) => object,
        Err(err) => return Err(InspectError::from_create(&ring, err)),
    };
    // The lock is held: no producer can start at this name until `object` drops. A ring whose
    // header never got written (its creator died first) has no consumer table to look at.
    if let Ok(inspector) = RingInspector::open(location) {
        let live = inspector.report().consumers.into_iter().find(|consumer| {
            matches!(
                consumer.status,
                ConsumerStatus::Attached | ConsumerStatus::Unknown
            )
        });
        if let Some(consumer) = live {
            return Ok(Collected::LiveConsumer {
                id: consumer.id,
                pid: consumer.pid,
            });
        }
    }
    if dry_run {
        return Ok(Collected::WouldRemove);
    }
    match object.remove() {
        Ok(true) => Ok(Collected::Removed),
        Ok(false) => Ok(Collected::Gone),
        Err(source) => Err(InspectError::Os { ring, source }),
    }
}

/// One ring [`collect_garbage`] looked at.
#[derive(Debug)]
#[non_exhaustive]
pub struct CollectedRing {
    /// Where it is.
    pub location: RingLocation,
    /// What became of it, or why it could not be judged.
    pub outcome: Result<Collected, InspectError>,
}

/// [`collect_ring`] for every candidate in POSIX shared memory (`dir` = `None`) or every ring
/// file in `dir`. Objects that are not rings are skipped; each ring's outcome (or error) is
/// returned with its location.
pub fn collect_garbage(
    dir: Option<&Path>,
    dry_run: bool,
) -> Result<Vec<CollectedRing>, InspectError> {
    let mut found = locations(dir)?;
    found.sort_by_key(RingLocation::display_name);
    Ok(found
        .into_iter()
        .filter_map(|location| {
            // Look before locking: an object that is not a ring is never touched further.
            match RingInspector::open(&location) {
                Err(InspectError::NotARing { .. } | InspectError::NotFound { .. }) => None,
                _ => Some(location),
            }
        })
        .map(|location| CollectedRing {
            outcome: collect_ring(&location, dry_run),
            location,
        })
        .collect())
}
