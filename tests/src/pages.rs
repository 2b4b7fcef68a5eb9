//! Which pages back this process's mapping of a ring's object, read from `/proc/self/smaps` by
//! the object's path, and where this machine offers huge pages to the tests.
//!
//! `scripts/huge-pages.sh` (run by CI as root) reserves a hugetlbfs pool, mounts a hugetlbfs
//! directory and a tmpfs that refuses huge pages, lets `/dev/shm` give transparent huge pages to
//! mappings that ask, and exports where: [`HUGETLBFS_DIR`], [`NO_HUGE_TMPFS_DIR`], and
//! [`REQUIRED`] so that a machine without them fails the tests instead of skipping them.

use std::path::{Path, PathBuf};

/// A hugetlbfs directory the tests may create rings in (searched for in `/proc/mounts` when
/// unset).
pub const HUGETLBFS_DIR: &str = "DMP_TEST_HUGETLBFS_DIR";
/// A tmpfs directory mounted `huge=never`.
pub const NO_HUGE_TMPFS_DIR: &str = "DMP_TEST_NO_HUGE_TMPFS_DIR";
/// Set to 1 where the huge page tests must run rather than skip.
pub const REQUIRED: &str = "DMP_TEST_HUGE_PAGES_REQUIRED";

/// What `/proc/self/smaps` says about the mappings of one object.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct MappedPages {
    /// Bytes mapped, over every mapping of the object.
    pub size: u64,
    /// Bytes mapped with huge page table entries (`ShmemPmdMapped` + `FilePmdMapped`).
    pub pmd_mapped: u64,
    /// The largest `KernelPageSize` among them (a hugetlbfs mapping's is its huge page size).
    pub kernel_page_size: u64,
}

/// The pages backing this process's mappings of the object at `path`; `None` if it has none.
pub fn mapped_pages(path: &Path) -> Option<MappedPages> {
    let smaps = std::fs::read_to_string("/proc/self/smaps").ok()?;
    let path = path.to_str()?;
    let mut found = None;
    let mut current: Option<MappedPages> = None;
    for line in smaps.lines() {
        let mut words = line.split_whitespace();
        let first = words.next().unwrap_or("");
        if first.contains('-') && !first.ends_with(':') {
            // A mapping's heading: "start-end perms offset dev inode path".
            if let Some(done) = current.take() {
                found = Some(add(found, done));
            }
            let mapped_path = words.nth(4).unwrap_or("");
            current = (mapped_path == path).then(MappedPages::default);
            continue;
        }
        let Some(pages) = current.as_mut() else {
            continue;
        };
        let bytes = words
            .next()
            .and_then(|kib| kib.parse::<u64>().ok())
            .unwrap_or(0)
            * 1024;
        match first {
            "Size:" => pages.size += bytes,
            "ShmemPmdMapped:" | "FilePmdMapped:" => pages.pmd_mapped += bytes,
            "KernelPageSize:" => pages.kernel_page_size = pages.kernel_page_size.max(bytes),
            _ => {}
        }
    }
    match current {
        Some(done) => Some(add(found, done)),
        None => found,
    }
}

fn add(sum: Option<MappedPages>, more: MappedPages) -> MappedPages {
    let sum = sum.unwrap_or_default();
    MappedPages {
        size: sum.size + more.size,
        pmd_mapped: sum.pmd_mapped + more.pmd_mapped,
        kernel_page_size: sum.kernel_page_size.max(more.kernel_page_size),
    }
}

/// Whether this machine must run the huge page tests ([`REQUIRED`] is 1).
pub fn required() -> bool {
    std::env::var(REQUIRED).is_ok_and(|value| value == "1")
}

/// A directory on hugetlbfs with free huge pages: [`HUGETLBFS_DIR`], or the first hugetlbfs
/// mount in `/proc/mounts`.
pub fn hugetlbfs_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os(HUGETLBFS_DIR) {
        return Some(PathBuf::from(dir));
    }
    let mounts = std::fs::read_to_string("/proc/mounts").ok()?;
    mounts.lines().find_map(|line| {
        let mut fields = line.split_whitespace();
        let (_, dir, kind) = (fields.next()?, fields.next()?, fields.next()?);
        (kind == "hugetlbfs").then(|| PathBuf::from(dir))
    })
}

/// A tmpfs directory mounted `huge=never` ([`NO_HUGE_TMPFS_DIR`]).
pub fn no_huge_tmpfs_dir() -> Option<PathBuf> {
    std::env::var_os(NO_HUGE_TMPFS_DIR).map(PathBuf::from)
}

/// `Some(thing)`, or — where the machine lacks it — a panic if [`required`], else `None` after
/// printing why the calling test skips.
pub fn or_skip<T>(thing: Option<T>, what: &str) -> Option<T> {
    if thing.is_none() {
        assert!(!required(), "{REQUIRED}=1, but this machine has no {what}");
        println!("skipped: this machine has no {what} (scripts/huge-pages.sh sets one up)");
    }
    thing
}
