//! Rings on huge pages, checked in `/proc/self/smaps` of both processes: a hugetlbfs directory
//! always gives them (the ring file rounded up to whole huge pages, its pool's size the limit),
//! and `huge_pages(true)` on shared memory or a tmpfs gives transparent huge pages where the mount
//! allows them and a clear refusal, with nothing left behind, where it does not.
//!
//! These need a machine set up for them (`scripts/huge-pages.sh`, run by CI as root): where
//! something is missing, each test says so and skips, unless `DMP_TEST_HUGE_PAGES_REQUIRED=1`
//! (CI) makes that a failure.

use disruptor_mp::CreateError;
use disruptor_mp::SharedProducer;
use disruptor_mp::inspect::{RingInspector, RingLocation};
use disruptor_mp_tests::backend::{Backend, Storage};
use disruptor_mp_tests::event::{Checksum, PeerEvent};
use disruptor_mp_tests::names::TestNames;
use disruptor_mp_tests::pages::{self, mapped_pages};
use disruptor_mp_tests::report::Report;
use disruptor_mp_tests::ring_peer;
use std::time::Duration;

const DEADLINE: Duration = Duration::from_secs(60);
/// 4096 slots of 64 bytes: a ring of about 300 KiB, so one 2 MiB huge page holds it all.
const CAPACITY: usize = 4096;
const EVENTS: u64 = 3000;

/// Hands `EVENTS` events from `producer` (in this process) to a consumer process, which checks
/// every one and reports what backs its own mapping of the ring.
fn carry_events(storage: &Storage, ring: &str, mut producer: SharedProducer<PeerEvent>) -> Report {
    let mut reader = storage
        .peer(ring_peer!("consumer"))
        .arg("name", ring)
        .arg("capacity", CAPACITY)
        .arg("events", EVENTS)
        .arg("end", "closed")
        .arg("pages", true)
        .deadline(DEADLINE)
        .spawn();
    reader.wait_for("READY");
    for seq in 0..EVENTS {
        producer.publish_value(PeerEvent::for_seq(seq));
    }
    drop(producer);
    let result = reader.expect_success().result();
    assert_eq!(result.field("ordered"), "true", "{result}");
    assert_eq!(result.parsed::<u64>("consumed"), EVENTS, "{result}");
    assert_eq!(
        result.parsed::<u64>("checksum"),
        Checksum::of_stream(EVENTS).0,
        "{result}"
    );
    result
}

fn object_len(storage: &Storage, ring: &str) -> u64 {
    std::fs::metadata(storage.path(ring))
        .expect("the ring's object")
        .len()
}

fn huge_page_size_recorded(location: RingLocation) -> u64 {
    RingInspector::open(&location)
        .expect("inspect the ring")
        .report()
        .huge_page_size
}

#[test]
fn a_ring_in_a_hugetlbfs_directory_lives_on_huge_pages() {
    let Some(dir) = pages::or_skip(pages::hugetlbfs_dir(), "hugetlbfs mount") else {
        return;
    };
    let names = TestNames::new("hugetlbfs");
    let storage = Storage::files_in(&dir, &names);
    let ring = names.segment("ring");
    // No `huge_pages(true)`: on hugetlbfs there are no other pages.
    let producer = storage
        .producer::<PeerEvent>(&ring, CAPACITY)
        .build_producer(PeerEvent::default)
        .expect("create a ring on hugetlbfs");
    let path = storage.path(&ring);
    let ours = mapped_pages(&path).expect("the producer maps the ring");
    let huge = ours.kernel_page_size;
    assert!(huge > 4096, "a hugetlbfs mapping uses huge pages: {ours:?}");
    let len = object_len(&storage, &ring);
    assert!(
        len.is_multiple_of(huge),
        "the file is whole huge pages: {len}"
    );
    assert_eq!(ours.size, len, "{ours:?}");
    assert_eq!(huge_page_size_recorded(RingLocation::File(path)), huge);

    let result = carry_events(&storage, &ring, producer);
    assert_eq!(result.parsed::<u64>("kernel_page_size"), huge, "{result}");
    assert_eq!(result.parsed::<u64>("mapped"), len, "{result}");
    storage.assert_clean(&names);
}

#[test]
fn a_hugetlbfs_pool_too_small_for_the_ring_is_out_of_space() {
    let Some(dir) = pages::or_skip(pages::hugetlbfs_dir(), "hugetlbfs mount") else {
        return;
    };
    let names = TestNames::new("hugepool");
    let storage = Storage::files_in(&dir, &names);
    let ring = names.segment("ring");
    // A ring larger than the whole pool's free pages (a slot is 64 bytes here).
    let free = free_huge_page_bytes();
    let capacity = (free / 64 + 1).next_power_of_two() as usize;
    match storage
        .producer::<PeerEvent>(&ring, capacity)
        .build_producer(PeerEvent::default)
    {
        Err(CreateError::OutOfSpace {
            needed, available, ..
        }) => {
            assert!(needed > free, "needed {needed}, free {free}");
            assert!(
                available.is_some_and(|bytes| bytes <= free),
                "{available:?}"
            );
        }
        other => panic!("a ring of {capacity} slots with {free} bytes free: {other:?}"),
    }
    assert!(!storage.exists(&ring), "nothing is left behind");
    storage.assert_clean(&names);
}

/// Free bytes in the default huge page pool (`/proc/meminfo`).
fn free_huge_page_bytes() -> u64 {
    let meminfo = std::fs::read_to_string("/proc/meminfo").expect("read /proc/meminfo");
    let value = |key: &str| {
        meminfo
            .lines()
            .find_map(|line| line.strip_prefix(key))
            .and_then(|rest| rest.split_whitespace().next()?.parse::<u64>().ok())
            .unwrap_or_else(|| panic!("{key} in /proc/meminfo"))
    };
    value("HugePages_Free:") * value("Hugepagesize:") * 1024
}

#[test]
fn huge_pages_on_shared_memory_are_granted_or_clearly_refused() {
    let names = TestNames::new("thp");
    let storage = Storage::new(Backend::Shm, &names);
    let ring = names.segment("ring");
    let built = storage
        .producer::<PeerEvent>(&ring, CAPACITY)
        .huge_pages(true)
        .build_producer(PeerEvent::default);
    let producer = match built {
        Ok(producer) => producer,
        Err(CreateError::HugePagesUnavailable {
            needed, granted, ..
        }) => {
            assert!(
                granted < needed,
                "refused only when short: {granted}/{needed}"
            );
            assert!(
                !pages::required(),
                "/dev/shm should give huge pages here (scripts/huge-pages.sh)"
            );
            assert!(!storage.exists(&ring), "a refused ring is removed");
            println!("refused as the /dev/shm mount does not allow huge pages");
            return names.assert_clean();
        }
        Err(other) => panic!("create: {other}"),
    };
    let path = storage.path(&ring);
    let len = object_len(&storage, &ring);
    let ours = mapped_pages(&path).expect("the producer maps the ring");
    assert_eq!(ours.pmd_mapped, len, "every byte on huge pages: {ours:?}");
    let recorded = huge_page_size_recorded(RingLocation::Shm(ring.clone()));
    assert!(
        recorded > 4096 && len.is_multiple_of(recorded),
        "{recorded}, {len}"
    );

    let result = carry_events(&storage, &ring, producer);
    // The consumer asked for nothing: its mapping of the same huge pages is huge too.
    assert_eq!(result.parsed::<u64>("pmd_mapped"), len, "{result}");
    names.assert_clean();
}

#[test]
fn a_tmpfs_that_allows_no_huge_pages_refuses_a_ring_that_asks() {
    let Some(dir) = pages::or_skip(pages::no_huge_tmpfs_dir(), "tmpfs mounted huge=never") else {
        return;
    };
    let names = TestNames::new("nothp");
    let storage = Storage::files_in(&dir, &names);
    let ring = names.segment("ring");
    match storage
        .producer::<PeerEvent>(&ring, CAPACITY)
        .huge_pages(true)
        .build_producer(PeerEvent::default)
    {
        Err(err @ CreateError::HugePagesUnavailable { granted: 0, .. }) => {
            assert!(err.to_string().contains("huge=advise"), "says how: {err}");
        }
        other => panic!("huge pages on a huge=never tmpfs: {other:?}"),
    }
    assert!(!storage.exists(&ring), "a refused ring is removed");
    // Without asking, the same directory takes the ring on base pages.
    let producer = storage
        .producer::<PeerEvent>(&ring, CAPACITY)
        .build_producer(PeerEvent::default)
        .expect("create on base pages");
    let path = storage.path(&ring);
    assert_eq!(huge_page_size_recorded(RingLocation::File(path)), 0);
    let result = carry_events(&storage, &ring, producer);
    assert_eq!(result.parsed::<u64>("pmd_mapped"), 0, "{result}");
    storage.assert_clean(&names);
}
