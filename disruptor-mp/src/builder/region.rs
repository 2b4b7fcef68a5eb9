//! Creating and opening the named object behind a ring — a POSIX shared-memory object or a file
//! in a directory, the same code for both — with stale-name reclaim.

use super::Storage;
use crate::backend::Region;
use crate::backend::file::RingDir;
use crate::backend::memlock;
use crate::backend::name::ObjectName;
use crate::backend::object::{
    Access, CreateFailure, ExistingObject, MappedObject, OpenFailure, PageRequest,
};
use crate::backend::process::{Liveness, ProcessIdentity};
use crate::deadline::poll_until;
use crate::error::{AttachError, CorruptReason, CreateError, DirectoryError, MemoryLockError};
use crate::layout::header::{HEADER_SIZE, MAGIC, PAGE_SIZE};
use crate::layout::{HeaderDescription, SegmentState};
use crate::ring::segment::Segment;
use crate::ring_name::RingName;
use std::io;
use std::sync::Arc;
use std::time::Duration;

/// How often a consumer waiting for its producer looks for the ring.
const PRODUCER_POLL: Duration = Duration::from_millis(2);
/// Attempts to create a name whose previous owner was just reclaimed (or whose new object a
/// racing reclaimer took before we locked it; each such loss means another creator got ahead).
const CREATE_ATTEMPTS: usize = 8;

/// A ring's name together with its object's name in the namespace its builder chose.
pub(crate) struct Target {
    /// The ring's name, as errors and handles show it.
    pub(crate) name: RingName,
    /// Where its object is.
    pub(crate) object: ObjectName,
}

impl Target {
    /// The object of ring `name` in `storage`: `/<name>` in POSIX shared memory, or the file
    /// `<name>.ring` in the storage's directory, which is opened and vetted here (see
    /// `backend::file` for what is refused).
    pub(crate) fn locate(name: RingName, storage: &Storage) -> Result<Self, DirectoryError> {
        let object = match storage {
            Storage::Shm => ObjectName::Shm(name.os.clone()),
            Storage::Directory(dir) => {
                let ring_dir = RingDir::open(dir).map_err(|problem| DirectoryError {
                    dir: dir.clone(),
                    problem,
                })?;
                ObjectName::File {
                    dir: Arc::new(ring_dir),
                    file: name.file.clone(),
                }
            }
        };
        Ok(Self { name, object })
    }
}

/// Locks `region`, the mapping of ring `name`, in memory.
pub(crate) fn lock_in_memory(region: &dyn Region, name: &RingName) -> Result<(), MemoryLockError> {
    region.lock_in_memory().map_err(|source| MemoryLockError {
        name: name.display.clone(),
        needed: region.len() as u64,
        limit: memlock::limit(),
        source,
    })
}

/// How an OS error on a ring's object reads to a user.
enum Failure {
    NotFound,
    Denied,
    Empty,
    NotARegularFile,
    Symlink,
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
            OpenFailure::Symlink => Self::Symlink,
            OpenFailure::Os(err) => Self::of(err),
        }
    }
}

fn create_error(target: &Target, op: &'static str, failure: Failure) -> CreateError {
    let name = target.name.display.clone();
    match failure {
        Failure::Denied => {
            let (owner_uid, mode) = target.object.ownership();
            CreateError::PermissionDenied {
                name,
                owner_uid,
                mode,
            }
        }
        Failure::NotFound => CreateError::Os {
            op,
            name,
            source: io::Error::from(io::ErrorKind::NotFound),
        },
        Failure::Empty => CreateError::NameTaken {
            name,
            reason: CorruptReason::Empty,
        },
        Failure::NotARegularFile => CreateError::NameTaken {
            name,
            reason: CorruptReason::NotARegularFile,
        },
        Failure::Symlink => CreateError::NameTaken {
            name,
            reason: CorruptReason::Symlink,
        },
        Failure::Other(source) => CreateError::Os { op, name, source },
    }
}

/// `waited` is how long this attach waited for the ring to appear: zero when no wait was asked
/// for (`producer_wait`), whatever its one attempt took.
fn attach_error(target: &Target, waited: Duration, failure: Failure) -> AttachError {
    let name = target.name.display.clone();
    let corrupt = |reason| AttachError::Corrupt {
        name: name.clone(),
        reason,
    };
    match failure {
        Failure::NotFound => AttachError::SegmentNotFound { name, waited },
        Failure::Denied => {
            let (owner_uid, mode) = target.object.ownership();
            AttachError::PermissionDenied {
                name,
                owner_uid,
                mode,
            }
        }
        Failure::Empty => corrupt(CorruptReason::Empty),
        Failure::NotARegularFile => corrupt(CorruptReason::NotARegularFile),
        Failure::Symlink => corrupt(CorruptReason::Symlink),
        Failure::Other(source) => AttachError::Os {
            op: target.object.open_call(),
            name,
            source,
        },
    }
}

/// Creates the ring's object exclusively; if the name is taken by a ring whose creator is gone
/// (its producer died, or its creation never finished), removes it and tries again. A live owner
/// — a producer, or a creator still creating — is `SegmentInUse`.
///
/// # Why two producers can never both own a name
///
/// Liveness is the owner lock (see `backend::object`): a creator takes it on its object right after
/// `O_CREAT | O_EXCL` and holds it for the producer's whole life; the kernel releases
/// it when the process dies. Two rules make the reclaim race-free:
///
/// 1. A creator owns object X only if, after creating X, it took X's lock *and then* saw the
///    name still refer to X. From then on it holds X's lock until it closes (or dies).
/// 2. Whoever removes a name — a reclaimer, a creator cleaning up a failed creation, a closing
///    producer — holds the lock of the object the name refers to, checked after taking the
///    lock (same device and inode, [`ExistingObject::remove`]).
///
/// Suppose creator P owns X. To get a second owner Q, Q must create its own object at the name,
/// which `O_EXCL` allows only after X's name is removed; by rule 2 that remover held X's lock,
/// which P holds from the moment it owns X (rule 1) until it closes. So X's name goes only
/// through P itself, and a reclaimer that does get X's lock knows X's creator is gone. The one
/// instant where a live creator holds no lock — between its `O_CREAT` and its `flock` — is
/// covered by rule 1: a reclaimer may take that empty object for a dead creator's and remove it,
/// but the creator then fails to lock it or sees another object at the name, and starts over
/// ([`CreateFailure::Lost`]) without having used it. No timer is involved: a creator that takes
/// seconds to size and fault in a huge ring is as alive as a finished one.
pub(crate) fn create(
    target: &Target,
    len: usize,
    mode: u32,
    pages: PageRequest,
) -> Result<Created, CreateError> {
    let op = match target.object {
        ObjectName::Shm(_) => "shm_open(O_CREAT|O_EXCL)",
        ObjectName::File { .. } => "openat(O_CREAT|O_EXCL)",
    };
    let mut reclaimed = 0;
    for _ in 0..CREATE_ATTEMPTS {
        match MappedObject::create(&target.object, len, mode, pages) {
            Ok(object) => return Ok(Created { object, reclaimed }),
            Err(CreateFailure::OutOfSpace { available }) => {
                return Err(CreateError::OutOfSpace {
                    name: target.name.display.clone(),
                    needed: len as u64,
                    available,
                });
            }
            Err(CreateFailure::NotHuge { granted, len }) => {
                return Err(CreateError::HugePagesUnavailable {
                    name: target.name.display.clone(),
                    needed: len,
                    granted,
                });
            }
            Err(CreateFailure::Os(err)) => return Err(create_error(target, op, Failure::of(err))),
            // A reclaimer took our new object before we locked it; the name is someone
            // else's business now. Look again.
            Err(CreateFailure::Lost) => {}
            Err(CreateFailure::Exists) => {
                if reclaim(target)? {
                    reclaimed += 1;
                }
            }
        }
    }
    Err(CreateError::Os {
        op,
        name: target.name.display.clone(),
        source: io::Error::from(io::ErrorKind::AlreadyExists),
    })
}

/// A new object, and how many dead producers' objects were removed from its name first.
pub(crate) struct Created {
    pub(crate) object: MappedObject,
    pub(crate) reclaimed: u64,
}

/// Judges the object at a taken name and removes it if its creator is gone: `Ok` when the name
/// is free to try again (`true`: we removed a dead producer's object; `false`: it was gone
/// meanwhile), an error when it must be left alone.
fn reclaim(target: &Target) -> Result<bool, CreateError> {
    let object = match take_if_abandoned(target)? {
        Abandoned::Gone => return Ok(false),
        Abandoned::Live { pid } => {
            // Its creator or producer is alive (maybe still sizing and faulting it in), or
            // another creator is judging it this instant and will reclaim it or find it alive:
            // not ours.
            return Err(CreateError::SegmentInUse {
                name: target.name.display.clone(),
                pid,
            });
        }
        Abandoned::Locked(object) => object,
    };
    match object.remove() {
        // Removed, or another object is at the name by now (its owner removed ours): try again.
        Ok(_) => {
            crate::trace::cold_event!(
                warn,
                ring = %target.name.display,
                "a dead producer's ring was reclaimed"
            );
            Ok(true)
        }
        Err(err) => Err(create_error(
            target,
            target.object.unlink_call(),
            Failure::of(err),
        )),
    }
}

/// What [`take_if_abandoned`] found at a ring's name.
pub(crate) enum Abandoned {
    /// Nothing is there (any more).
    Gone,
    /// A live process holds the owner lock: `pid` as its header names it (0 if unknown).
    Live {
        /// The live owner's pid, or 0.
        pid: u32,
    },
    /// Its creator is gone and the object may be removed: we hold its owner lock (until the
    /// value drops), so nobody else removes or takes it meanwhile.
    Locked(ExistingObject),
}

/// Takes the owner lock of the object at the ring's name if its creator is gone, and judges it
/// (it must be a ring or a ring's unfinished creation whose header names no live process).
/// The one judgement both a creator's reclaim and `gc` (`crate::inspect`) use.
pub(crate) fn take_if_abandoned(target: &Target) -> Result<Abandoned, CreateError> {
    let mut object = match ExistingObject::open(&target.object) {
        Ok(object) => object,
        Err(failure) => {
            return match Failure::of_open(failure) {
                Failure::NotFound => Ok(Abandoned::Gone),
                failure => Err(create_error(target, target.object.open_call(), failure)),
            };
        }
    };
    let mut locked = object
        .try_lock_owner()
        .map_err(|err| create_error(target, "flock", Failure::of(err)))?;
    if !locked && closed(&object) {
        // A closed ring's lock is released when its producer drops; if it is still held, a
        // child forked by another thread of that process holds a copy of the descriptor until
        // it execs (the lock belongs to the open file description). Give that moment time.
        locked = poll_until(CLOSED_LOCK_GRACE, CLOSED_LOCK_POLL, |_| {
            object.try_lock_owner().ok().filter(|&locked| locked)
        })
        .is_ok();
    }
    if !locked {
        return Ok(Abandoned::Live {
            pid: live_owner_pid(&object),
        });
    }
    // We hold the lock, so nobody else does: the creator has exited (at whatever stage) or
    // closed without removing the name. What is left is whether the object is ours to remove.
    judge(target, &object)?;
    Ok(Abandoned::Locked(object))
}

/// How long a creator waits for the lock of a closed ring (see `reclaim`), and how often it
/// tries: a fork's descriptor copy lasts until the child execs, milliseconds at most.
const CLOSED_LOCK_GRACE: Duration = Duration::from_millis(500);
const CLOSED_LOCK_POLL: Duration = Duration::from_millis(1);

/// Whether `object`'s header says its producer closed it.
fn closed(object: &ExistingObject) -> bool {
    object
        .header(HEADER_SIZE)
        .is_ok_and(|region| Segment::read_state(&region) == Some(SegmentState::Closed as u32))
}

/// The pid a live owner's header names, or 0 while its header is not written yet.
fn live_owner_pid(object: &ExistingObject) -> u32 {
    let Ok(region) = object.header(HEADER_SIZE) else {
        return 0;
    };
    match Segment::read_description(&region) {
        Some(desc) if desc.magic == MAGIC => {
            let owner = owner_of(&desc);
            // `Unknown` (another PID namespace) counts as alive.
            if owner.liveness() != Liveness::Dead {
                owner.pid
            } else {
                // The header names a dead producer: whoever holds the lock is a creator
                // reclaiming it right now, whose pid we do not know.
                0
            }
        }
        _ => 0,
    }
}

fn owner_of(desc: &HeaderDescription) -> ProcessIdentity {
    ProcessIdentity {
        pid: u32::try_from(desc.producer_pid).unwrap_or(0),
        start_time: desc.producer_start_time,
        pid_ns: desc.producer_pid_ns,
    }
}

/// With the owner lock held (so the creator is gone): `Ok` if the object is a ring, or a ring's
/// unfinished creation, that may be removed; an error for anything we must not touch.
fn judge(target: &Target, object: &ExistingObject) -> Result<(), CreateError> {
    let name = &target.name;
    let not_ours = |reason| {
        Err(CreateError::NameTaken {
            name: name.display.clone(),
            reason,
        })
    };
    // Only the header page is mapped: judging a foreign object must not fault in its pages.
    let region = match object.header(HEADER_SIZE) {
        Ok(region) => region,
        // A creator that died between shm_open and ftruncate.
        Err(OpenFailure::Empty) => return Ok(()),
        Err(failure) => return Err(create_error(target, "mmap", Failure::of_open(failure))),
    };
    let Some(desc) = Segment::read_description(&region) else {
        // Shorter than a header and not ours to judge: refuse rather than delete.
        return not_ours(CorruptReason::TooShort {
            len: object.len(),
            needed: size_of::<HeaderDescription>() as u64,
        });
    };
    if desc.magic == [0; 8] {
        // A creator that died before writing its header left nothing but zeros in a page-sized
        // object; anything else without a magic is someone else's data.
        return if unwritten(&region, object.len(), &desc) {
            Ok(())
        } else {
            not_ours(CorruptReason::BadMagic)
        };
    }
    if desc.magic != MAGIC {
        // Someone else's object: never remove it.
        return not_ours(CorruptReason::BadMagic);
    }
    // A ring its producer closed (and kept: `keep_file`) is finished whoever wrote it, even if
    // that process still runs: attached consumers keep their mapping and drain it.
    if Segment::read_state(&region) == Some(SegmentState::Closed as u32) {
        return Ok(());
    }
    // Nobody holds the lock, yet the header may name a live process: a producer that does not
    // take the owner lock (built from an older version of this crate) or a forged header.
    // Never a silent takeover of a live owner.
    let owner = owner_of(&desc);
    //
    // A pid recorded in another PID namespace (`Unknown`) cannot be judged here. But a header
    // that records a namespace was written by a version that holds the owner lock for the ring's
    // whole life, and the kernel released that lock when its holder exited, whatever namespace
    // it was in: so the lock we hold is what proves that producer gone, and its ring is reclaimed.
    match owner.liveness() {
        Liveness::Dead | Liveness::Unknown => Ok(()),
        Liveness::Alive => Err(CreateError::SegmentInUse {
            name: name.display.clone(),
            pid: owner.pid,
        }),
    }
}

/// Whether `region` looks like a ring whose creator never wrote its header: a whole number of
/// pages, at least a header long, with a zero description and a zero state word.
fn unwritten(region: &MappedObject, len: u64, desc: &HeaderDescription) -> bool {
    len >= HEADER_SIZE as u64
        && len.is_multiple_of(PAGE_SIZE as u64)
        && bytemuck::bytes_of(desc).iter().all(|&byte| byte == 0)
        && Segment::read_state(region) == Some(0)
}

/// Opens the ring's object, retrying while it does not exist until `producer_wait` has passed,
/// and while it is still empty (a creator between `O_CREAT` and `ftruncate`) for at least
/// `ready_timeout`: an empty object is a ring being born far more often than a broken one.
pub(crate) fn open(
    target: &Target,
    access: Access,
    producer_wait: Duration,
    ready_timeout: Duration,
) -> Result<MappedObject, AttachError> {
    let empty_wait = producer_wait.max(ready_timeout);
    let opened = poll_until(
        empty_wait,
        PRODUCER_POLL,
        |waited| match MappedObject::open(&target.object, HEADER_SIZE, access) {
            Ok(region) => Some(Ok(region)),
            Err(failure) => match Failure::of_open(failure) {
                Failure::NotFound if waited < producer_wait => None,
                Failure::Empty => None,
                failure => Some(Err(attach_error(
                    target,
                    waited.min(producer_wait),
                    failure,
                ))),
            },
        },
    );
    match opened {
        Ok(result) => result,
        // Still empty when the wait ran out.
        Err(timed_out) => Err(attach_error(target, timed_out.waited, Failure::Empty)),
    }
}
