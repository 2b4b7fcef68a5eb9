//! Creating and opening the POSIX shared-memory object behind a ring, with stale-name reclaim.

use crate::backend::process::{Liveness, ProcessIdentity};
use crate::backend::shm::{CreateFailure, OpenFailure, ShmSegment, object_ownership, shm_unlink};
use crate::deadline::poll_until;
use crate::error::{AttachError, CorruptReason, CreateError};
use crate::layout::HeaderDescription;
use crate::layout::header::{HEADER_SIZE, MAGIC, PAGE_SIZE};
use crate::ring::segment::Segment;
use crate::ring_name::RingName;
use std::io;
use std::time::Duration;

/// How long a zero-filled object may stay without a magic before it counts as a creator that
/// died mid-creation.
const CREATION_GRACE: Duration = Duration::from_millis(500);
/// How often a creator looks again at an object another creator is still writing.
const CREATION_POLL: Duration = Duration::from_millis(5);
/// How often a consumer waiting for its producer looks for the ring.
const PRODUCER_POLL: Duration = Duration::from_millis(2);
/// Attempts to create a name whose previous owner was just reclaimed.
const CREATE_ATTEMPTS: usize = 3;

/// How an OS error on a ring's object reads to a user.
enum Failure {
    NotFound,
    Denied,
    Empty,
    NotARegularFile,
    Other(io::Error),
}

impl Failure {
    fn of(err: io::Error) -> Self {
        match err.raw_os_error() {
            Some(libc::ENOENT) => Self::NotFound,
            Some(libc::EACCES | libc::EPERM) => Self::Denied,
            _ => Self::Other(err),
        }
    }

    fn of_open(failure: OpenFailure) -> Self {
        match failure {
            OpenFailure::Empty => Self::Empty,
            OpenFailure::NotARegularFile => Self::NotARegularFile,
            OpenFailure::Os(err) => Self::of(err),
        }
    }
}

fn create_error(name: &RingName, op: &'static str, failure: Failure) -> CreateError {
    match failure {
        Failure::Denied => {
            let (owner_uid, mode) = object_ownership(&name.os);
            CreateError::PermissionDenied {
                name: name.display.clone(),
                owner_uid,
                mode,
            }
        }
        Failure::NotFound => CreateError::Os {
            op,
            name: name.display.clone(),
            source: io::Error::from(io::ErrorKind::NotFound),
        },
        Failure::Empty => CreateError::NameTaken {
            name: name.display.clone(),
            reason: CorruptReason::Empty,
        },
        Failure::NotARegularFile => CreateError::NameTaken {
            name: name.display.clone(),
            reason: CorruptReason::NotARegularFile,
        },
        Failure::Other(source) => CreateError::Os {
            op,
            name: name.display.clone(),
            source,
        },
    }
}

/// `waited` is how long this attach waited for the ring to appear: zero when no wait was asked
/// for (`producer_wait`), whatever its one attempt took.
fn attach_error(name: &RingName, waited: Duration, failure: Failure) -> AttachError {
    match failure {
        Failure::NotFound => AttachError::SegmentNotFound {
            name: name.display.clone(),
            waited,
        },
        Failure::Denied => {
            let (owner_uid, mode) = object_ownership(&name.os);
            AttachError::PermissionDenied {
                name: name.display.clone(),
                owner_uid,
                mode,
            }
        }
        Failure::Empty => AttachError::Corrupt {
            name: name.display.clone(),
            reason: CorruptReason::Empty,
        },
        Failure::NotARegularFile => AttachError::Corrupt {
            name: name.display.clone(),
            reason: CorruptReason::NotARegularFile,
        },
        Failure::Other(source) => AttachError::Os {
            op: "shm_open",
            name: name.display.clone(),
            source,
        },
    }
}

/// Creates the ring's object exclusively; if the name is taken by a ring whose producer is dead
/// (or a creation that never finished), removes it and tries again. A live owner is
/// `SegmentInUse`.
pub(crate) fn create(name: &RingName, len: usize, mode: u32) -> Result<ShmSegment, CreateError> {
    for _ in 0..CREATE_ATTEMPTS {
        match ShmSegment::create(&name.os, len, mode) {
            Ok(segment) => return Ok(segment),
            Err(CreateFailure::OutOfSpace { available }) => {
                return Err(CreateError::OutOfSpace {
                    name: name.display.clone(),
                    needed: len as u64,
                    available,
                });
            }
            Err(CreateFailure::Os(err)) => {
                return Err(create_error(
                    name,
                    "shm_open(O_CREAT|O_EXCL)",
                    Failure::of(err),
                ));
            }
            Err(CreateFailure::Exists) => match inspect_existing(name)? {
                Existing::Stale => match shm_unlink(&name.os) {
                    Ok(()) => {}
                    Err(err) if err.raw_os_error() == Some(libc::ENOENT) => {}
                    Err(err) => return Err(create_error(name, "shm_unlink", Failure::of(err))),
                },
                Existing::Gone => {}
            },
        }
    }
    Err(CreateError::Os {
        op: "shm_open(O_CREAT|O_EXCL)",
        name: name.display.clone(),
        source: io::Error::from(io::ErrorKind::AlreadyExists),
    })
}

enum Existing {
    /// A ring whose producer is gone: safe to remove.
    Stale,
    /// The name disappeared while we looked.
    Gone,
}

/// Decides what the object at a taken name is, waiting up to [`CREATION_GRACE`] for a creator
/// that may still be writing it.
fn inspect_existing(name: &RingName) -> Result<Existing, CreateError> {
    let verdict = poll_until(CREATION_GRACE, CREATION_POLL, |waited| {
        look_at_existing(name, waited >= CREATION_GRACE)
    });
    // The last attempt runs after the grace period and always decides.
    verdict.unwrap_or(Ok(Existing::Stale))
}

/// One look at the object at `name`; `None` while it may be a creation still under way and
/// `grace_over` is false.
fn look_at_existing(name: &RingName, grace_over: bool) -> Option<Result<Existing, CreateError>> {
    let not_ours = |reason| {
        Some(Err(CreateError::NameTaken {
            name: name.display.clone(),
            reason,
        }))
    };
    // Only the header page is mapped: judging a foreign object must not fault in its pages.
    let region = match ShmSegment::open(&name.os, HEADER_SIZE) {
        Ok(region) => region,
        Err(failure) => {
            return match Failure::of_open(failure) {
                Failure::NotFound => Some(Ok(Existing::Gone)),
                // Empty: a creator between shm_open and ftruncate, or one that died there.
                Failure::Empty => grace_over.then_some(Ok(Existing::Stale)),
                failure => Some(Err(create_error(name, "shm_open", failure))),
            };
        }
    };
    let Some(desc) = Segment::read_description(&region) else {
        // Shorter than a header and not ours to judge: refuse rather than delete.
        return not_ours(CorruptReason::TooShort {
            len: region_len(&region),
            needed: size_of::<HeaderDescription>() as u64,
        });
    };
    if desc.magic == [0; 8] {
        if !grace_over {
            return None;
        }
        // A creator that died before writing its header left nothing but zeros in a page-sized
        // object; anything else without a magic is someone else's data.
        return if unwritten(&region, &desc) {
            Some(Ok(Existing::Stale))
        } else {
            not_ours(CorruptReason::BadMagic)
        };
    }
    if desc.magic != MAGIC {
        // Someone else's object: never remove it.
        return not_ours(CorruptReason::BadMagic);
    }
    let owner = ProcessIdentity {
        pid: u32::try_from(desc.producer_pid).unwrap_or(0),
        start_time: desc.producer_start_time,
    };
    Some(match owner.liveness() {
        Liveness::Dead => Ok(Existing::Stale),
        Liveness::Alive => Err(CreateError::SegmentInUse {
            name: name.display.clone(),
            pid: owner.pid,
        }),
    })
}

/// Whether `region` looks like a ring whose creator never wrote its header: a whole number of
/// pages, at least a header long, with a zero description and a zero state word.
fn unwritten(region: &ShmSegment, desc: &HeaderDescription) -> bool {
    let len = region_len(region);
    len >= HEADER_SIZE as u64
        && len.is_multiple_of(PAGE_SIZE as u64)
        && bytemuck::bytes_of(desc).iter().all(|&byte| byte == 0)
        && Segment::read_state(region) == Some(0)
}

/// The size of the object (not of its mapped header page).
fn region_len(region: &ShmSegment) -> u64 {
    crate::backend::Region::object_len(region) as u64
}

/// Opens the ring's object, retrying while it does not exist until `producer_wait` has passed,
/// and while it is still empty (a creator between `shm_open` and `ftruncate`) for at least
/// `ready_timeout`: an empty object is a ring being born far more often than a broken one.
pub(crate) fn open(
    name: &RingName,
    producer_wait: Duration,
    ready_timeout: Duration,
) -> Result<ShmSegment, AttachError> {
    let empty_wait = producer_wait.max(ready_timeout);
    let opened = poll_until(empty_wait, PRODUCER_POLL, |waited| {
        match ShmSegment::open(&name.os, HEADER_SIZE) {
            Ok(region) => Some(Ok(region)),
            Err(failure) => match Failure::of_open(failure) {
                Failure::NotFound if waited < producer_wait => None,
                Failure::Empty => None,
                failure => Some(Err(attach_error(name, waited.min(producer_wait), failure))),
            },
        }
    });
    match opened {
        Ok(result) => result,
        // Still empty when the wait ran out.
        Err(timed_out) => Err(attach_error(name, timed_out.waited, Failure::Empty)),
    }
}
