//! The counters region on the heap only (`boxed`), so Miri runs these too.

use super::*;
use core::ptr::NonNull;
use core::sync::atomic::{AtomicU32, AtomicU64, Ordering};

/// Writes `value` at byte `offset` of `file`'s header (nothing else uses the file meanwhile).
fn poke(file: &OwnedCountersFile, offset: usize, value: u32) {
    let word = file.base().as_ptr().wrapping_add(offset).cast::<u32>();
    // SAFETY: a header word of a live region, 4-byte aligned; no other access runs now, and
    // it is written atomically like the magic the crate reads atomically.
    unsafe { AtomicU32::from_ptr(word) }.store(value, Ordering::Release);
}

fn attach(file: &OwnedCountersFile) -> Result<CountersFile, CountersFileError> {
    // SAFETY: the region is live and laid out; the view is dropped before `file`.
    unsafe { CountersFile::attach(file.base()) }
}

#[test]
fn a_fresh_region_has_the_published_header() {
    let file = CountersFile::boxed();
    let header = file.header();
    assert_eq!(header.magic, 0x3043_594D);
    assert_eq!(header.version, 0);
    assert_eq!(header.slot_count.load(Ordering::Relaxed), 0);
    assert_eq!(
        (
            header.slot_capacity,
            header.slot_stride,
            header.slots_offset
        ),
        (62, 64, 64)
    );
    assert!(file.snapshot().is_empty());
    assert!(attach(&file).is_ok());
}

#[test]
fn handles_count_and_snapshot_reads_them() {
    let file = CountersFile::boxed();
    let events = file
        .register(
            ids::EVENTS_PUBLISHED,
            COUNTER_FLAG_PRODUCER,
            "events_published",
        )
        .unwrap();
    let lag = file
        .register(
            ids::CONSUMER_LAG_MAX,
            COUNTER_FLAG_CONSUMER,
            "consumer_lag_max",
        )
        .unwrap();
    events.inc();
    events.add(4);
    lag.record_max(7);
    lag.record_max(3);
    assert_eq!((events.get(), lag.get()), (5, 7));
    let snapshot = file.snapshot();
    assert_eq!(
        snapshot,
        [
            CounterSnapshot {
                id: ids::EVENTS_PUBLISHED,
                flags: COUNTER_FLAG_IN_USE | COUNTER_FLAG_PRODUCER,
                value: 5,
                label: "events_published".into(),
            },
            CounterSnapshot {
                id: ids::CONSUMER_LAG_MAX,
                flags: COUNTER_FLAG_IN_USE | COUNTER_FLAG_CONSUMER,
                value: 7,
                label: "consumer_lag_max".into(),
            },
        ]
    );
    let again = attach(&file).unwrap();
    assert_eq!(again.snapshot(), snapshot);
}

#[test]
fn an_id_registered_twice_shares_its_slot() {
    let file = CountersFile::boxed();
    let first = file.register(0x100, 0, "first").unwrap();
    let second = file
        .register(0x100, COUNTER_FLAG_PRODUCER, "second")
        .unwrap();
    first.inc();
    second.inc();
    let snapshot = file.snapshot();
    assert_eq!(snapshot.len(), 1);
    assert_eq!(
        (snapshot[0].value, snapshot[0].label.as_str()),
        (2, "first")
    );
    assert_eq!(snapshot[0].flags, COUNTER_FLAG_IN_USE);
}

#[test]
fn a_full_table_refuses_new_ids_but_finds_old_ones() {
    let file = CountersFile::boxed();
    for id in 0..MAX_COUNTER_SLOTS as u32 {
        assert!(file.register(id, 0, "n").is_some(), "slot {id}");
    }
    assert!(file.register(1000, 0, "one too many").is_none());
    assert!(file.register(61, 0, "n").is_some());
    assert_eq!(file.snapshot().len(), MAX_COUNTER_SLOTS);
    assert_eq!(file.header().slot_count.load(Ordering::Relaxed), 62);
}

#[test]
fn labels_are_cut_at_48_bytes_on_a_character_boundary() {
    let file = CountersFile::boxed();
    let long = "x".repeat(60);
    let accented = format!("{}é", "a".repeat(47)); // 'é' would span bytes 47 and 48
    file.register(1, 0, &long).unwrap();
    file.register(2, 0, &accented).unwrap();
    file.register(3, 0, "").unwrap();
    let labels: Vec<String> = file.snapshot().into_iter().map(|c| c.label).collect();
    assert_eq!(labels, ["x".repeat(48), "a".repeat(47), String::new()]);
    assert_eq!(COUNTER_LABEL_BYTES, 48);
}

#[test]
fn threads_add_up_exactly() {
    let file = CountersFile::boxed();
    let threads = 4;
    let per_thread = if cfg!(miri) { 50 } else { 10_000 };
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                // Every thread registers the same ids: one slot each, however they race.
                let total = file.register(0x101, 0, "total").unwrap();
                let peak = file.register(0x102, 0, "peak").unwrap();
                for n in 0..per_thread {
                    total.inc();
                    peak.record_max(n);
                }
            });
        }
    });
    let snapshot = file.snapshot();
    assert_eq!(snapshot.len(), 2);
    assert_eq!(snapshot[0].value, threads * per_thread);
    assert_eq!(snapshot[1].value, per_thread - 1);
}

#[test]
fn attach_rejects_what_init_did_not_write() {
    let file = CountersFile::boxed();
    poke(&file, 0, 0xDEAD_BEEF);
    assert_eq!(
        attach(&file).unwrap_err(),
        CountersFileError::BadMagic(0xDEAD_BEEF)
    );
    assert_eq!(
        attach(&file).unwrap_err().to_string(),
        "counters file: bad magic 0xdeadbeef"
    );

    let file = CountersFile::boxed();
    poke(&file, 4, 1);
    assert_eq!(
        attach(&file).unwrap_err(),
        CountersFileError::UnsupportedVersion(1)
    );

    let file = CountersFile::boxed();
    poke(&file, 20, 4000);
    assert!(matches!(
        attach(&file).unwrap_err(),
        CountersFileError::Geometry {
            slots_offset: 4000,
            ..
        }
    ));

    let file = CountersFile::boxed();
    poke(&file, 8, 63);
    assert!(matches!(
        attach(&file).unwrap_err(),
        CountersFileError::Geometry { slot_count: 63, .. }
    ));

    let file = CountersFile::boxed();
    let inside = file.base().as_ptr().wrapping_add(8);
    // SAFETY: a misaligned region is refused before any access.
    let refused = unsafe { CountersFile::attach(NonNull::new(inside).unwrap()) };
    assert!(matches!(refused, Err(CountersFileError::Misaligned(_))));
}

#[test]
fn a_handle_from_a_raw_pointer_counts_in_place() {
    let word = AtomicU64::new(2);
    // SAFETY: `word` is aligned, lives past the handle and is only accessed atomically.
    let handle = unsafe { CounterHandle::from_ptr(NonNull::from(&word)) };
    handle.inc();
    handle.set(10);
    handle.add(1);
    assert_eq!(word.load(Ordering::Relaxed), 11);
}

#[test]
fn attached_handles_add_what_grew_and_share_slots() {
    let file = CountersFile::boxed();
    let one = ConsumerCounterHandles::register(&file, ConsumerCounterSelection::FULL);
    let two = ConsumerCounterHandles::register(&file, ConsumerCounterSelection::LITE);
    assert!(two.consumer_lag_max.is_none());
    one.copy(5, 64, 3);
    two.copy(3, 0, 9);
    one.copy(5, 64, 2); // nothing grew
    one.copy(6, 128, 2);
    let values: Vec<(u32, u64)> = file.snapshot().iter().map(|c| (c.id, c.value)).collect();
    assert_eq!(
        values,
        [
            (ids::EVENTS_CONSUMED, 9),
            (ids::CONSUMER_EMPTY_SPINS, 128),
            (ids::CONSUMER_LAG_MAX, 3),
        ]
    );

    let producer = ProducerCounterHandles::register(&file, ProducerCounterSelection::LITE);
    producer.copy(10, 4);
    assert_eq!(producer.events_published.map(|c| c.get()), Some(10));
    assert!(producer.producer_full_events.is_none());
}

#[test]
fn the_owned_file_moves_between_threads() {
    let file = std::sync::Arc::new(CountersFile::boxed());
    let writer = std::sync::Arc::clone(&file);
    std::thread::spawn(move || writer.register(7, 0, "seven").unwrap().add(7))
        .join()
        .unwrap();
    assert_eq!(file.snapshot()[0].value, 7);
}

#[test]
#[cfg_attr(miri, ignore = "100 000 yields are slow under Miri")]
fn a_slot_abandoned_mid_registration_is_passed_over() {
    let file = CountersFile::boxed();
    poke(&file, 64 + 4, 1 << 31); // slot 0's flags: claimed, never published
    let handle = file.register(5, 0, "five").unwrap();
    handle.inc();
    let snapshot = file.snapshot();
    assert_eq!(
        (snapshot.len(), snapshot[0].id, snapshot[0].value),
        (1, 5, 1)
    );
    assert_eq!(file.header().slot_count.load(Ordering::Relaxed), 2);
}
