//! [`super::ours::Ours`] with the ring's memory placed another way, to measure what each
//! placement buys (issue 14, point 4): locked in memory on both sides (`ours-locked`), on
//! transparent huge pages in `/dev/shm` (`ours-huge`: the mount must allow them,
//! `mount -o remount,huge=advise /dev/shm`), or as a ring file in a hugetlbfs directory
//! (`ours-hugetlbfs`: `$DMP_BENCH_HUGETLBFS_DIR`, else the first hugetlbfs mount in
//! `/proc/mounts`, with a pool large enough for the ring). The engine's calls are `ours`'s.

use super::ours::{attach_with, create_with};
use super::{Engine, RingSpec};
use crate::payload::Payload;
use disruptor_mp::{
    ConsumerBuilder, MmapTransportLayout, ProducerBuilder, SharedConsumer, SharedProducer,
    attach_mmap_consumer, attach_shared_consumer, build_mmap_single_producer,
    build_shared_single_producer,
};
use std::path::PathBuf;

/// [`super::ours::Ours`] with its memory placed as `PLACE` says.
#[derive(Debug)]
pub struct Placed<const PLACE: u8>;

/// Shared memory, locked in memory (`mlock`) by the producer and every consumer.
pub const LOCKED: u8 = 0;
/// Shared memory on transparent huge pages (`huge_pages(true)`).
pub const HUGE: u8 = 1;
/// A ring file in a hugetlbfs directory.
pub const HUGETLBFS: u8 = 2;

/// Where `ours-hugetlbfs` puts its rings.
fn hugetlbfs_dir() -> Result<PathBuf, String> {
    if let Some(dir) = std::env::var_os("DMP_BENCH_HUGETLBFS_DIR") {
        return Ok(PathBuf::from(dir));
    }
    let mounts = std::fs::read_to_string("/proc/mounts").map_err(|err| err.to_string())?;
    mounts
        .lines()
        .find_map(|line| {
            let fields: Vec<&str> = line.split_whitespace().collect();
            (fields.get(2) == Some(&"hugetlbfs")).then(|| PathBuf::from(fields[1]))
        })
        .ok_or_else(|| "no hugetlbfs mount (set DMP_BENCH_HUGETLBFS_DIR)".to_owned())
}

/// Removes `ours-hugetlbfs`'s ring files whose names start with `prefix` (a run's own), which
/// hold huge pages from a small pool until removed.
pub fn remove_hugetlbfs_rings(prefix: &str) {
    let Ok(entries) =
        hugetlbfs_dir().and_then(|dir| std::fs::read_dir(dir).map_err(|e| e.to_string()))
    else {
        return;
    };
    for entry in entries.flatten() {
        if entry.file_name().to_string_lossy().starts_with(prefix) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

fn layout(spec: &RingSpec) -> Result<MmapTransportLayout, String> {
    MmapTransportLayout::new(hugetlbfs_dir()?, &spec.name).map_err(|err| err.to_string())
}

impl<const PLACE: u8> Placed<PLACE> {
    fn producer<E: Payload>(spec: &RingSpec) -> Result<ProducerBuilder<E>, String> {
        Ok(match PLACE {
            HUGETLBFS => build_mmap_single_producer(&layout(spec)?, spec.capacity),
            _ => build_shared_single_producer(&spec.name, spec.capacity)
                .lock_in_memory(PLACE == LOCKED)
                .huge_pages(PLACE == HUGE),
        })
    }

    fn consumer<E: Payload>(spec: &RingSpec) -> Result<ConsumerBuilder<E>, String> {
        Ok(match PLACE {
            HUGETLBFS => attach_mmap_consumer(&layout(spec)?, spec.capacity),
            _ => attach_shared_consumer(&spec.name, spec.capacity).lock_in_memory(PLACE == LOCKED),
        })
    }
}

impl<const PLACE: u8> Engine for Placed<PLACE> {
    const NAME: &'static str = match PLACE {
        LOCKED => "ours-locked",
        HUGE => "ours-huge",
        _ => "ours-hugetlbfs",
    };
    type Tx<E: Payload> = SharedProducer<E>;
    type Rx<E: Payload> = SharedConsumer<E>;

    fn create<E: Payload>(spec: &RingSpec) -> Result<SharedProducer<E>, String> {
        create_with(Self::producer(spec)?, spec).map_err(|err| format!("{}: {err}", Self::NAME))
    }

    fn attach<E: Payload>(spec: &RingSpec, index: usize) -> Result<SharedConsumer<E>, String> {
        attach_with(Self::consumer(spec)?, spec, index)
            .map_err(|err| format!("{}: {err}", Self::NAME))
    }
}
