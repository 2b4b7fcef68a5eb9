//! A ring's named object, in either namespace ([`ObjectName`]): created with
//! `O_CREAT | O_EXCL | O_NOFOLLOW`, an exact mode, `ftruncate` and `posix_fallocate` (so a full
//! file system is an error now, not a SIGBUS later), then a `MAP_SHARED` mapping through
//! memmap2. POSIX shared memory and a file in a directory differ only in how a name is opened and
//! removed; everything here is written once for both.
//!
//! Only regular files are ever mapped: an object that is anything else (a FIFO, a socket, a
//! device or a symbolic link someone put at a ring's name) is reported as such and never judged,
//! followed or removed.
//!
//! **The owner lock.** A creator takes an exclusive `flock` on its object right after
//! `O_CREAT | O_EXCL`, before the slow part (`ftruncate`, `posix_fallocate`, mapping
//! with every page faulted in), and holds it as long as it keeps the object: the kernel drops it
//! when the process exits, however it exits. So "is the owner alive?" is answered by trying the
//! lock ([`ExistingObject::try_lock_owner`]), not by a timer; and a name is removed only by a
//! holder of the lock of the object the name refers to ([`MappedObject::unlink`],
//! [`ExistingObject::remove`]). Consumers never take the lock.

use super::name::ObjectName;
use super::pages;
use super::{MapFailure, Region};
use core::ptr::NonNull;
use memmap2::{MmapOptions, MmapRaw};
use std::fs::File;
use std::io;
use std::os::fd::AsRawFd;
use std::os::unix::fs::MetadataExt;

/// A ring's mapped object. Dropping it unmaps; only [`MappedObject::unlink`] removes the name.
#[derive(Debug)]
pub(crate) struct MappedObject {
    name: ObjectName,
    file: File,
    map: MmapRaw,
    /// The object's size when it was opened or created (more than `map` covers while an
    /// attacher has mapped only the header).
    object_len: usize,
    /// Whether `file` holds the object's owner lock (only its creator's does).
    owner: bool,
    /// How the object was opened and is mapped.
    access: Access,
    /// The huge page size the object is laid out on (its length a multiple of it), 0 for base
    /// pages.
    huge_page_size: usize,
}

/// Which pages a creator asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum PageRequest {
    /// Whatever the file system gives: base pages, or huge ones on hugetlbfs (which has no other
    /// kind).
    Default,
    /// Huge pages: hugetlbfs pages, or else transparent huge pages, checked after faulting in.
    Huge,
}

/// The pages an object is created on.
#[derive(Clone, Copy, Debug)]
enum Backing {
    Base,
    /// A hugetlbfs file of huge pages this size.
    Hugetlbfs(usize),
    /// A file on another file system (tmpfs) mapped with transparent huge pages this size.
    Transparent(usize),
}

impl Backing {
    fn choose(file: &File, request: PageRequest) -> io::Result<Self> {
        Ok(match pages::hugetlbfs_page_size(file)? {
            Some(size) => Self::Hugetlbfs(size),
            None if request == PageRequest::Huge => {
                Self::Transparent(pages::transparent_page_size())
            }
            None => Self::Base,
        })
    }

    fn huge_page_size(self) -> usize {
        match self {
            Self::Base => 0,
            Self::Hugetlbfs(size) | Self::Transparent(size) => size,
        }
    }
}

/// How an attacher opens and maps an object.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Access {
    /// Read and write: a producer or a consumer.
    ReadWrite,
    /// Read only (`O_RDONLY`, `PROT_READ`): an inspector, which cannot change the ring even by
    /// mistake, and needs no write permission on it.
    ReadOnly,
}

/// What `create` found when it could not create the object.
#[derive(Debug)]
pub(crate) enum CreateFailure {
    /// An object with this name exists already.
    Exists,
    /// We created the object, but someone judging the name took its owner lock in the instant
    /// before we could (and may have removed it): it is not ours. Nothing was removed; look at
    /// the name again.
    Lost,
    /// The file system holding the object cannot reserve its bytes (`ENOSPC` or `EFBIG`); the
    /// object was removed again.
    OutOfSpace {
        /// Bytes the file system had free for us, when `fstatvfs` could tell.
        available: Option<u64>,
    },
    /// Huge pages were asked for, but the kernel mapped only `granted` of the object's `len`
    /// bytes with them (a tmpfs mounted `huge=never`, or no huge page free); the object was
    /// removed again.
    NotHuge {
        /// Bytes mapped with huge pages.
        granted: u64,
        /// The object's length.
        len: u64,
    },
    /// Any other OS error.
    Os(io::Error),
}

/// What `open` found when it could not map the object.
#[derive(Debug)]
pub(crate) enum OpenFailure {
    /// The object has no bytes (a creator between `O_CREAT` and `ftruncate`, or a dead one).
    Empty,
    /// The object is not a regular file (a FIFO, socket or device); it was left alone.
    NotARegularFile,
    /// The name is a symbolic link; it was neither followed nor removed.
    Symlink,
    /// Any other OS error (including `ENOENT` and `EACCES`).
    Os(io::Error),
}

impl From<io::Error> for OpenFailure {
    fn from(err: io::Error) -> Self {
        Self::Os(err)
    }
}

impl MappedObject {
    /// Creates the object `name` exclusively with permission bits `mode`, takes its owner lock
    /// (held until this segment drops), sizes it to `len` bytes (rounded up to a whole huge page
    /// when it lives on them), reserves them in the file system (`OutOfSpace` if it cannot, with
    /// the object removed again) and maps it with every page faulted in. With
    /// [`PageRequest::Huge`] on a file system other than hugetlbfs, every byte must end up mapped
    /// with transparent huge pages, or the object is removed again (`NotHuge`).
    pub(crate) fn create(
        name: &ObjectName,
        len: usize,
        mode: u32,
        request: PageRequest,
    ) -> Result<Self, CreateFailure> {
        // O_EXCL never follows a symbolic link at the name: one there is `Exists`, then judged.
        let flags = libc::O_CREAT | libc::O_EXCL | libc::O_RDWR;
        let fd = name
            .open(flags, mode)
            .map_err(|err| match err.raw_os_error() {
                Some(libc::EEXIST) => CreateFailure::Exists,
                _ => CreateFailure::Os(err),
            })?;
        let file = File::from(fd);
        // The lock first, before anything slow: from here on, anyone judging the name sees a
        // live owner. Between the open and here a reclaimer may have found the object empty
        // and unlocked, taken it for a dead creator's and removed it; then the lock is theirs
        // or the name no longer refers to our object, and we have lost it before using it.
        if !try_lock_exclusive(&file).map_err(CreateFailure::Os)?
            || !names_this(name, &file).map_err(CreateFailure::Os)?
        {
            return Err(CreateFailure::Lost);
        }
        let setup = || -> Result<(MmapRaw, Backing), CreateFailure> {
            // The umask may have cleared bits the caller asked for; set the exact mode.
            file.set_permissions(std::os::unix::fs::PermissionsExt::from_mode(mode))
                .map_err(CreateFailure::Os)?;
            let backing = Backing::choose(&file, request).map_err(CreateFailure::Os)?;
            let len = len.next_multiple_of(backing.huge_page_size().max(1));
            file.set_len(len as u64).map_err(CreateFailure::Os)?;
            let map = match backing {
                Backing::Transparent(_) => map_transparent_huge(&file, len)?,
                Backing::Base | Backing::Hugetlbfs(_) => {
                    reserve(&file, len)?;
                    map(&file, len, Access::ReadWrite).map_err(CreateFailure::Os)?
                }
            };
            Ok((map, backing))
        };
        match setup() {
            Ok((map, backing)) => Ok(Self {
                name: name.clone(),
                file,
                object_len: map.len(),
                map,
                owner: true,
                access: Access::ReadWrite,
                huge_page_size: backing.huge_page_size(),
            }),
            Err(failure) => {
                // We created the name a moment ago and failed to finish; remove it again (we
                // hold its lock), so a full tmpfs is not kept full by an object nobody will use.
                let _ = unlink_if_current(name, &file);
                Err(failure)
            }
        }
    }

    /// Opens the existing object `name` with `access` and maps its first `header_len` bytes (or
    /// all of it, if shorter), without faulting anything in: its size is not vetted yet, and a
    /// huge sparse object must not cost more than its header page until its header says how large
    /// it is (then [`Region::map_exactly`]). Anything but a regular file is refused before it is
    /// judged, mapped or sized.
    pub(crate) fn open(
        name: &ObjectName,
        header_len: usize,
        access: Access,
    ) -> Result<Self, OpenFailure> {
        let (file, object_len) = open_regular(name, access)?;
        let len =
            usize::try_from(object_len).map_err(|_| io::Error::from(io::ErrorKind::InvalidData))?;
        if len == 0 {
            // An empty object cannot hold a header (and mmap of length 0 fails with EINVAL).
            return Err(OpenFailure::Empty);
        }
        let huge_page_size = pages::hugetlbfs_page_size(&file)?.unwrap_or(0);
        let header = MmapOptions::new()
            .len(header_map_len(len, header_len, huge_page_size))
            .to_owned();
        let map = match access {
            Access::ReadWrite => header.map_raw(&file)?,
            Access::ReadOnly => header.map_raw_read_only(&file)?,
        };
        Ok(Self {
            name: name.clone(),
            file,
            map,
            object_len: len,
            owner: false,
            access,
            huge_page_size,
        })
    }

    /// Removes the name, if this segment's creator holds its owner lock (an attacher's segment
    /// never removes anything) and the name still refers to this object.
    pub(crate) fn unlink(&self) -> io::Result<()> {
        if !self.owner {
            return Err(io::Error::from(io::ErrorKind::PermissionDenied));
        }
        unlink_if_current(&self.name, &self.file).map(drop)
    }
}

/// Opens the existing object `name` read-write and returns it with its length, refusing anything
/// but a regular file before it is judged, mapped or sized.
fn open_regular(name: &ObjectName, access: Access) -> Result<(File, u64), OpenFailure> {
    // O_NONBLOCK: the object is not vetted yet, and opening a FIFO or a device must never wait
    // for a peer (on regular files the flag changes nothing).
    let flags = match access {
        Access::ReadWrite => libc::O_RDWR,
        Access::ReadOnly => libc::O_RDONLY,
    } | libc::O_NONBLOCK;
    let fd = name
        .open(flags, 0)
        .map_err(|err| match err.raw_os_error() {
            // What opening a socket (or a device without a driver) gives.
            Some(libc::ENXIO) => OpenFailure::NotARegularFile,
            // O_NOFOLLOW on a symbolic link.
            Some(libc::ELOOP) => OpenFailure::Symlink,
            _ => OpenFailure::Os(err),
        })?;
    let file = File::from(fd);
    let meta = file.metadata()?;
    if !meta.file_type().is_file() {
        return Err(OpenFailure::NotARegularFile);
    }
    Ok((file, meta.len()))
}

/// An object found at a name a creator wanted, opened (never mapped beyond its header page) to
/// judge whether it may be reclaimed.
#[derive(Debug)]
pub(crate) struct ExistingObject {
    name: ObjectName,
    file: File,
    len: u64,
    locked: bool,
}

impl ExistingObject {
    /// Opens the object at `name` read-write (so another user's private ring is
    /// `PermissionDenied`, as for attaching) without taking its lock; anything but a regular file
    /// is `NotARegularFile`.
    pub(crate) fn open(name: &ObjectName) -> Result<Self, OpenFailure> {
        let (file, len) = open_regular(name, Access::ReadWrite)?;
        Ok(Self {
            name: name.clone(),
            file,
            len,
            locked: false,
        })
    }

    /// The object's size when it was opened.
    pub(crate) fn len(&self) -> u64 {
        self.len
    }

    /// Tries to take the object's owner lock without waiting: `true` if we hold it now (its
    /// creator has exited, or closed it), `false` if a live process holds it — its creator or
    /// producer, also while it is still creating, or another creator judging it right now. The
    /// lock is ours until this value drops.
    pub(crate) fn try_lock_owner(&mut self) -> io::Result<bool> {
        self.locked = try_lock_exclusive(&self.file)?;
        Ok(self.locked)
    }

    /// The object's first `header_len` bytes (or all of it, if shorter) mapped read-only,
    /// without faulting anything in. `Empty` for an object
    /// without bytes.
    pub(crate) fn header(&self, header_len: usize) -> Result<MappedObject, OpenFailure> {
        let len =
            usize::try_from(self.len).map_err(|_| io::Error::from(io::ErrorKind::InvalidData))?;
        if len == 0 {
            return Err(OpenFailure::Empty);
        }
        let file = self.file.try_clone()?;
        let huge_page_size = pages::hugetlbfs_page_size(&file)?.unwrap_or(0);
        let map = MmapOptions::new()
            .len(header_map_len(len, header_len, huge_page_size))
            .map_raw_read_only(&file)?;
        Ok(MappedObject {
            name: self.name.clone(),
            file,
            map,
            object_len: len,
            owner: false,
            access: Access::ReadOnly,
            huge_page_size,
        })
    }

    /// Removes the name if it still refers to this object; only with its owner lock held (see
    /// [`ExistingObject::try_lock_owner`]). Returns whether it removed it.
    pub(crate) fn remove(&self) -> io::Result<bool> {
        if !self.locked {
            return Err(io::Error::from(io::ErrorKind::PermissionDenied));
        }
        unlink_if_current(&self.name, &self.file)
    }
}

/// How much of an object of `len` bytes to map to read its header of `header_len`: the header,
/// or on hugetlbfs (where a mapping is a whole number of huge pages) the first huge page.
fn header_map_len(len: usize, header_len: usize, huge_page_size: usize) -> usize {
    len.min(header_len.max(huge_page_size))
}

/// Takes an exclusive `flock` on `file` without waiting: `Ok(false)` if another open file
/// description holds one (in this process or another).
fn try_lock_exclusive(file: &File) -> io::Result<bool> {
    loop {
        // SAFETY: `file` owns an open descriptor for the whole call; `flock` takes plain integers
        // and touches no memory of ours.
        let rc = unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) };
        if rc == 0 {
            return Ok(true);
        }
        let err = io::Error::last_os_error();
        match err.raw_os_error() {
            Some(libc::EWOULDBLOCK) => return Ok(false),
            Some(libc::EINTR) => continue,
            _ => return Err(err),
        }
    }
}

/// Whether the name `name` refers to the object `file` has open now (same device and inode; our
/// open descriptor keeps the inode from being reused).
fn names_this(name: &ObjectName, file: &File) -> io::Result<bool> {
    let ours = file.metadata()?;
    // O_NONBLOCK: whatever is at the name now may be a FIFO, which O_RDONLY would wait on.
    let flags = libc::O_RDONLY | libc::O_NONBLOCK;
    let current = match name.open(flags, 0) {
        Ok(fd) => File::from(fd).metadata()?,
        // Nothing at the name, or a symbolic link (not our object either way).
        Err(err) if matches!(err.raw_os_error(), Some(libc::ENOENT | libc::ELOOP)) => {
            return Ok(false);
        }
        Err(err) => return Err(err),
    };
    Ok(current.dev() == ours.dev() && current.ino() == ours.ino())
}

/// Removes `name` if it refers to the object `file` has open; returns whether it did. The
/// caller must hold that object's owner lock: every remover does, so between the check and the
/// unlink nobody else can remove the object, and no other object can appear at the name while
/// this one is there (`O_EXCL`).
fn unlink_if_current(name: &ObjectName, file: &File) -> io::Result<bool> {
    if !names_this(name, file)? {
        return Ok(false);
    }
    match name.unlink() {
        Ok(()) => Ok(true),
        Err(err) if err.raw_os_error() == Some(libc::ENOENT) => Ok(false),
        Err(err) => Err(err),
    }
}

impl Region for MappedObject {
    fn base(&self) -> NonNull<u8> {
        NonNull::new(self.map.as_mut_ptr()).expect("a successful mmap never returns null")
    }

    fn len(&self) -> usize {
        self.map.len()
    }

    fn object_len(&self) -> usize {
        self.object_len
    }

    fn map_exactly(&mut self, len: usize) -> Result<(), MapFailure> {
        // The size may have changed since `open`: judge the object as it is now.
        let now = self.file.metadata().map_err(MapFailure::Os)?.len();
        if now != len as u64 {
            return Err(MapFailure::SizeMismatch { len: now });
        }
        if self.map.len() != len {
            // A new mapping replaces the header-only one (which unmaps when dropped); the
            // header's bytes are the same bytes of the same object.
            self.map = map(&self.file, len, self.access).map_err(MapFailure::Os)?;
        }
        self.object_len = len;
        Ok(())
    }

    fn lock_in_memory(&self) -> io::Result<()> {
        super::memlock::lock(self.base(), self.map.len())
    }

    fn huge_page_size(&self) -> usize {
        self.huge_page_size
    }

    fn remove_name(&self) -> io::Result<()> {
        self.unlink()
    }
}

/// Reserves the first `len` bytes of `file` in its file system, so writing them later cannot
/// fail (on a tmpfs or a sparse file, a write into a hole that finds no space is a SIGBUS).
fn reserve(file: &File, len: usize) -> Result<(), CreateFailure> {
    let len = libc::off_t::try_from(len)
        .map_err(|_| CreateFailure::Os(io::Error::from_raw_os_error(libc::EFBIG)))?;
    // SAFETY: `file` owns an open descriptor for the whole call; the offsets are plain integers
    // and the call touches no memory of ours.
    let rc = unsafe { libc::posix_fallocate(file.as_raw_fd(), 0, len) };
    match rc {
        0 => Ok(()),
        libc::ENOSPC | libc::EFBIG => Err(CreateFailure::OutOfSpace {
            available: available_bytes(file),
        }),
        code => Err(CreateFailure::Os(io::Error::from_raw_os_error(code))),
    }
}

/// Bytes an unprivileged writer may still use in the file system holding `file`.
fn available_bytes(file: &File) -> Option<u64> {
    let mut stats = core::mem::MaybeUninit::<libc::statvfs>::uninit();
    // SAFETY: `file` owns an open descriptor for the whole call, and `stats` points to writable
    // memory of the size `fstatvfs` fills.
    let rc = unsafe { libc::fstatvfs(file.as_raw_fd(), stats.as_mut_ptr()) };
    if rc != 0 {
        return None;
    }
    // SAFETY: `fstatvfs` returned 0, so it initialised the whole struct.
    let stats = unsafe { stats.assume_init() };
    // The casts widen on 32-bit targets, where `fsblkcnt_t` and `c_ulong` may be 32 bits.
    #[allow(clippy::unnecessary_cast)]
    let (blocks, block_size) = (stats.f_bavail as u64, stats.f_frsize as u64);
    blocks.checked_mul(block_size)
}

/// Maps a new tmpfs object of `len` bytes (a whole number of transparent huge pages) with the
/// huge-page advice given before anything is faulted in, faults it all in, and checks that the
/// kernel really used huge pages for every byte. Nothing is reserved with `posix_fallocate`
/// first: pages it allocates come without the mapping's advice, so they would be small ones;
/// faulting in through the advised mapping reserves them instead, and a full file system is an
/// error here too.
fn map_transparent_huge(file: &File, len: usize) -> Result<MmapRaw, CreateFailure> {
    let map = MmapOptions::new()
        .len(len)
        .map_raw(file)
        .map_err(CreateFailure::Os)?;
    let base = NonNull::new(map.as_mut_ptr()).expect("a successful mmap never returns null");
    pages::advise_huge(base, len).map_err(CreateFailure::Os)?;
    pages::populate_for_write(base, len).map_err(|err| match err.raw_os_error() {
        // EFAULT: a page could not be allocated in the file system (shmem's SIGBUS).
        Some(libc::EFAULT | libc::ENOSPC) => CreateFailure::OutOfSpace {
            available: available_bytes(file),
        },
        _ => CreateFailure::Os(err),
    })?;
    let granted = pages::pmd_mapped_bytes(base)
        .map_err(CreateFailure::Os)?
        .unwrap_or(0);
    if granted < len as u64 {
        return Err(CreateFailure::NotHuge {
            granted,
            len: len as u64,
        });
    }
    Ok(map)
}

fn map(file: &File, len: usize, access: Access) -> io::Result<MmapRaw> {
    debug_assert!(file.as_raw_fd() >= 0);
    // Pre-fault every page so first-touch faults never land on the publish or consume path.
    let options = MmapOptions::new().len(len).populate().to_owned();
    match access {
        Access::ReadWrite => options.map_raw(file),
        Access::ReadOnly => options.map_raw_read_only(file),
    }
}
