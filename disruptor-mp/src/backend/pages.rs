//! Which pages a ring's object lives on, and how to ask the kernel for huge ones.
//!
//! Two kinds of huge page can back a shared object on Linux, and they are asked for differently:
//!
//! - **hugetlbfs**: every page of a file in a hugetlbfs mount is a huge page, whatever the
//!   mapping asks; its size (`f_bsize`) is the mount's page size, and the file's length must be
//!   a multiple of it (`ftruncate` refuses anything else). Pages come from the pool the
//!   administrator reserved (`vm.nr_hugepages`); `posix_fallocate` reserves them, so a pool
//!   too small is `ENOSPC` at creation, never a SIGBUS later.
//! - **Transparent huge pages on tmpfs** (POSIX shared memory lives on the `/dev/shm` tmpfs):
//!   a mapping marked `MADV_HUGEPAGE` is served PMD-sized folios when the mount allows it
//!   (`huge=advise`, `within_size` or `always`; or `shmem_enabled=force`). `MAP_HUGETLB` does not
//!   apply to such objects: it is for anonymous mappings, and a shared file gets huge pages from
//!   its file system, not from the mapping's flags.
//!
//! The kernel may silently serve small pages instead (a mount with `huge=never`, fragmented
//! memory), so whoever asked checks what it got: [`pmd_mapped_bytes`].

use core::ptr::NonNull;
use std::fs::File;
use std::io;
use std::os::fd::AsRawFd;

/// `HUGETLBFS_MAGIC` from `linux/magic.h`: `statfs.f_type` of a hugetlbfs mount.
const HUGETLBFS_MAGIC: i64 = 0x9584_58f6;
/// The PMD size when the kernel does not say (x86_64's).
const DEFAULT_PMD_SIZE: usize = 2 << 20;
/// `MADV_POPULATE_WRITE` (Linux 5.14); libc does not name it on every target.
const MADV_POPULATE_WRITE: libc::c_int = 23;

/// The huge page size of the hugetlbfs mount holding `file`, or `None` if it is on any other
/// file system.
pub(crate) fn hugetlbfs_page_size(file: &File) -> io::Result<Option<usize>> {
    let mut stats = core::mem::MaybeUninit::<libc::statfs>::uninit();
    // SAFETY: `file` owns an open descriptor for the whole call, and `stats` points to writable
    // memory of the size `fstatfs` fills.
    let rc = unsafe { libc::fstatfs(file.as_raw_fd(), stats.as_mut_ptr()) };
    if rc != 0 {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: `fstatfs` returned 0, so it initialised the whole struct.
    let stats = unsafe { stats.assume_init() };
    // The casts widen or keep the width: `f_type` and `f_bsize` are word-sized or smaller.
    #[allow(clippy::unnecessary_cast)]
    let is_hugetlbfs = stats.f_type as i64 == HUGETLBFS_MAGIC;
    Ok(is_hugetlbfs.then_some(stats.f_bsize as usize))
}

/// The size of a transparent huge page (a PMD mapping): what a tmpfs object asking for huge
/// pages is rounded to.
pub(crate) fn transparent_page_size() -> usize {
    std::fs::read_to_string("/sys/kernel/mm/transparent_hugepage/hpage_pmd_size")
        .ok()
        .and_then(|text| text.trim().parse().ok())
        .filter(|size: &usize| size.is_power_of_two())
        .unwrap_or(DEFAULT_PMD_SIZE)
}

/// Marks `len` bytes from `base` as wanting transparent huge pages (`MADV_HUGEPAGE`), before
/// anything is faulted in: pages faulted in before the advice stay small.
pub(crate) fn advise_huge(base: NonNull<u8>, len: usize) -> io::Result<()> {
    // SAFETY: `madvise` with `MADV_HUGEPAGE` only changes how the kernel backs the caller's own
    // mapping of `len` bytes from `base`; it reads and writes no memory of ours.
    let rc = unsafe { libc::madvise(base.as_ptr().cast(), len, libc::MADV_HUGEPAGE) };
    if rc == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

/// Faults in `len` bytes from `base` for writing (`MADV_POPULATE_WRITE`). Unlike touching the
/// pages, a page that cannot be allocated is an error (`EFAULT` when the file system is full,
/// `ENOMEM` without memory), not a SIGBUS.
pub(crate) fn populate_for_write(base: NonNull<u8>, len: usize) -> io::Result<()> {
    loop {
        // SAFETY: `MADV_POPULATE_WRITE` faults in the caller's own shared mapping of `len` bytes
        // from `base`, as a write to each page would, without changing a byte of it.
        let rc = unsafe { libc::madvise(base.as_ptr().cast(), len, MADV_POPULATE_WRITE) };
        if rc == 0 {
            return Ok(());
        }
        let err = io::Error::last_os_error();
        if err.raw_os_error() != Some(libc::EINTR) {
            return Err(err);
        }
    }
}

/// Bytes of this process's mapping that starts at `base` which the kernel maps with huge page
/// table entries (`ShmemPmdMapped` plus `FilePmdMapped` in `/proc/self/smaps`), or `None` if
/// the mapping is not listed.
pub(crate) fn pmd_mapped_bytes(base: NonNull<u8>) -> io::Result<Option<u64>> {
    let smaps = std::fs::read_to_string("/proc/self/smaps")?;
    Ok(pmd_mapped_in(&smaps, base.as_ptr() as usize))
}

/// [`pmd_mapped_bytes`] over the text of an smaps file.
fn pmd_mapped_in(smaps: &str, start: usize) -> Option<u64> {
    let heading = format!("{start:x}-");
    let mut lines = smaps.lines().skip_while(|line| !line.starts_with(&heading));
    lines.next()?;
    let mut kib = 0;
    for line in lines {
        // The next mapping's heading ("start-end perms ...") ends this one's fields.
        if line
            .split_whitespace()
            .next()
            .is_some_and(|word| word.contains('-'))
        {
            break;
        }
        if let Some(value) = line
            .strip_prefix("ShmemPmdMapped:")
            .or_else(|| line.strip_prefix("FilePmdMapped:"))
        {
            kib += value
                .trim()
                .trim_end_matches("kB")
                .trim()
                .parse::<u64>()
                .ok()?;
        }
    }
    Some(kib * 1024)
}

#[cfg(all(test, not(miri)))]
mod tests {
    use super::pmd_mapped_in;

    const SMAPS: &str = "\
7f0000000000-7f0000400000 rw-s 00000000 00:1a 12 /dev/shm/a
Size:               4096 kB
ShmemPmdMapped:     2048 kB
FilePmdMapped:         0 kB
VmFlags: rd wr sh mr mw me ms hg
7f0000400000-7f0000800000 rw-s 00000000 00:1a 13 /dev/shm/b
Size:               4096 kB
ShmemPmdMapped:     4096 kB
FilePmdMapped:         0 kB
";

    #[test]
    fn counts_only_the_mapping_that_starts_at_the_address() {
        assert_eq!(pmd_mapped_in(SMAPS, 0x7f00_0000_0000), Some(2 << 20));
        assert_eq!(pmd_mapped_in(SMAPS, 0x7f00_0040_0000), Some(4 << 20));
        assert_eq!(pmd_mapped_in(SMAPS, 0x7f00_0080_0000), None);
    }
}
