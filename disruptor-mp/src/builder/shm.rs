//! Creating and opening the POSIX shared-memory object behind a ring, with stale-name reclaim.

use crate::backend::process::{Liveness, ProcessIdentity};
use crate::backend::shm::{CreateFailure, ShmSegment, shm_unlink};
use crate::error::{CorruptReason, MultiProcessError};
use crate::layout::HeaderDescription;
use crate::layout::header::{HEADER_SIZE, MAGIC};
use crate::ring::segment::Segment;
use std::ffi::CStr;
use std::io;
use std::time::{Duration, Instant};

/// How long a zero-filled object may stay without a magic before it counts as a creator that
/// died mid-creation.
const CREATION_GRACE: Duration = Duration::from_millis(500);

/// Maps an OS error to the error users match on.
pub(crate) fn os_error(name: &str, op: &'static str, err: io::Error) -> MultiProcessError {
    match err.raw_os_error() {
        Some(libc::ENOENT) => MultiProcessError::SegmentNotFound {
            name: name.to_owned(),
        },
        Some(libc::EACCES | libc::EPERM) => MultiProcessError::PermissionDenied {
            name: name.to_owned(),
        },
        _ if err.kind() == io::ErrorKind::UnexpectedEof => MultiProcessError::Corrupt {
            name: name.to_owned(),
            reason: CorruptReason::Empty,
        },
        _ => MultiProcessError::Os {
            op,
            name: name.to_owned(),
            source: err,
        },
    }
}

/// Creates `os_name` exclusively; if the name is taken by a ring whose producer is dead (or a
/// creation that never finished), removes it and tries again. A live owner is `SegmentInUse`.
pub(crate) fn create(
    name: &str,
    os_name: &CStr,
    len: usize,
    mode: u32,
) -> Result<ShmSegment, MultiProcessError> {
    for _ in 0..3 {
        match ShmSegment::create(os_name, len, mode) {
            Ok(segment) => return Ok(segment),
            Err(CreateFailure::Os(err)) => {
                return Err(os_error(name, "shm_open(O_CREAT|O_EXCL)", err));
            }
            Err(CreateFailure::Exists) => match inspect_existing(name, os_name)? {
                Existing::Stale => match shm_unlink(os_name) {
                    Ok(()) => {}
                    Err(err) if err.raw_os_error() == Some(libc::ENOENT) => {}
                    Err(err) => return Err(os_error(name, "shm_unlink", err)),
                },
                Existing::Gone => {}
            },
        }
    }
    Err(MultiProcessError::Os {
        op: "shm_open(O_CREAT|O_EXCL)",
        name: name.to_owned(),
        source: io::Error::from(io::ErrorKind::AlreadyExists),
    })
}

enum Existing {
    /// A ring whose producer is gone: safe to remove.
    Stale,
    /// The name disappeared while we looked.
    Gone,
}

fn inspect_existing(name: &str, os_name: &CStr) -> Result<Existing, MultiProcessError> {
    let started = Instant::now();
    loop {
        let region = match ShmSegment::open(os_name) {
            Ok(region) => region,
            Err(err) if err.raw_os_error() == Some(libc::ENOENT) => return Ok(Existing::Gone),
            // Empty: a creator between shm_open and ftruncate, or one that died there.
            Err(err) if err.kind() == io::ErrorKind::UnexpectedEof => {
                if started.elapsed() >= CREATION_GRACE {
                    return Ok(Existing::Stale);
                }
                std::thread::sleep(Duration::from_millis(5));
                continue;
            }
            Err(err) => return Err(os_error(name, "shm_open", err)),
        };
        let Some(desc) = Segment::read_description(&region) else {
            // Shorter than a header and not ours to judge: refuse rather than delete.
            return Err(MultiProcessError::Corrupt {
                name: name.to_owned(),
                reason: CorruptReason::TooShort {
                    len: region_len(&region),
                    needed: 512,
                },
            });
        };
        if desc.magic == [0; 8] {
            if started.elapsed() >= CREATION_GRACE {
                // A creator that died before writing its header left nothing but zeros in a
                // page-sized object; anything else without a magic is someone else's data.
                return if unwritten(&region, &desc) {
                    Ok(Existing::Stale)
                } else {
                    Err(MultiProcessError::Corrupt {
                        name: name.to_owned(),
                        reason: CorruptReason::BadMagic,
                    })
                };
            }
            std::thread::sleep(Duration::from_millis(5));
            continue;
        }
        if desc.magic != MAGIC {
            // Someone else's object: never remove it.
            return Err(MultiProcessError::Corrupt {
                name: name.to_owned(),
                reason: CorruptReason::BadMagic,
            });
        }
        let owner = ProcessIdentity {
            pid: u32::try_from(desc.producer_pid).unwrap_or(0),
            start_time: desc.producer_start_time,
        };
        return match owner.liveness() {
            Liveness::Dead => Ok(Existing::Stale),
            Liveness::Alive => Err(MultiProcessError::SegmentInUse {
                name: name.to_owned(),
                pid: owner.pid,
            }),
        };
    }
}

/// Whether `region` looks like a ring whose creator never wrote its header: a whole number of
/// pages, at least a header long, with a zero description and a zero state word.
fn unwritten(region: &ShmSegment, desc: &HeaderDescription) -> bool {
    let len = region_len(region);
    len >= HEADER_SIZE as u64
        && len.is_multiple_of(4096)
        && bytemuck::bytes_of(desc).iter().all(|&byte| byte == 0)
        && Segment::read_state(region) == Some(0)
}

fn region_len(region: &ShmSegment) -> u64 {
    crate::backend::Region::len(region) as u64
}

/// Opens `os_name`, retrying while it does not exist until `wait` has passed, and while it is
/// still empty (a creator between `shm_open` and `ftruncate`) for at least the default ready
/// timeout: an empty object is a ring being born far more often than a broken one.
pub(crate) fn open(
    name: &str,
    os_name: &CStr,
    wait: Duration,
) -> Result<ShmSegment, MultiProcessError> {
    let started = Instant::now();
    let empty_wait = wait.max(super::DEFAULT_READY_TIMEOUT);
    loop {
        match ShmSegment::open(os_name) {
            Ok(region) => return Ok(region),
            Err(err) if err.raw_os_error() == Some(libc::ENOENT) && started.elapsed() < wait => {
                std::thread::sleep(Duration::from_millis(2));
            }
            Err(err)
                if err.kind() == io::ErrorKind::UnexpectedEof && started.elapsed() < empty_wait =>
            {
                std::thread::sleep(Duration::from_millis(1));
            }
            Err(err) => return Err(os_error(name, "shm_open", err)),
        }
    }
}
