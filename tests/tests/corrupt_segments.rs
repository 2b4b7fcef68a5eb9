//! Attaching to a damaged or hostile shared-memory object yields a precise error — never a
//! panic, a crash, a hang or an access outside the mapping — and never changes or removes the
//! object. Objects are forged with raw `shm_open`/`ftruncate` from the bytes of a real ring with
//! single fields rewritten. Each attach runs on a watchdog thread ([`within`]), so a hang fails
//! the test instead of blocking CI; the random damage runs in a child process, so a crash is
//! reported with the damage that caused it.

use disruptor_mp::{
    AttachError, CorruptReason, CreateError, SharedEvent, SlotLayout, attach_shared_consumer,
    build_shared_single_producer,
};
use disruptor_mp_tests::event::PeerEvent;
use disruptor_mp_tests::image::{MAGIC, SegmentImage, offsets};
use disruptor_mp_tests::names::TestNames;
use disruptor_mp_tests::wait::within;
use disruptor_mp_tests::{procs, ring_peer, shm};
use std::time::{Duration, Instant};

const CAPACITY: usize = 64;
/// Ready timeout for attaches: long enough to matter, short enough to keep the suite fast.
const READY_TIMEOUT: Duration = Duration::from_millis(100);
/// A hang is anything slower than this.
const WATCHDOG: Duration = Duration::from_secs(15);

fn template(names: &TestNames) -> SegmentImage {
    SegmentImage::of_new_ring::<PeerEvent>(&names.segment("template"), CAPACITY)
}

/// Attaches a consumer to `name` on a watchdog thread and drops it again.
fn attach(name: &str) -> Result<(), AttachError> {
    let name = name.to_owned();
    within(&format!("attach to {name}"), WATCHDOG, move || {
        attach_shared_consumer::<PeerEvent>(&name, CAPACITY)
            .with_ready_timeout(READY_TIMEOUT)
            .build_consumer()
            .map(drop)
    })
}

/// Writes `bytes` as the object `label`, attaches, checks the error with `check`, checks that
/// the object is unchanged, and removes it.
fn refused(names: &TestNames, label: &str, bytes: &[u8], check: impl FnOnce(&AttachError)) {
    let name = names.segment(label);
    shm::create_raw(&name, bytes.len(), bytes).expect("forge object");
    match attach(&name) {
        Ok(()) => panic!("{label}: attach to a damaged object succeeded"),
        Err(err) => check(&err),
    }
    let after = shm::read_all(&name).expect("the object still exists");
    assert!(
        after == bytes,
        "{label}: a refused attach changed the object"
    );
    shm::unlink(&name).expect("unlink forged object");
}

/// [`refused`] expecting `Corrupt { name, reason: want }`.
fn corrupt(names: &TestNames, label: &str, bytes: &[u8], want: CorruptReason) {
    let name = names.segment(label);
    refused(names, label, bytes, |err| match err {
        AttachError::Corrupt { name: n, reason } => {
            assert_eq!(n, &name, "{label}");
            assert_eq!(*reason, want, "{label}: {err}");
        }
        other => panic!("{label}: expected Corrupt({want:?}), got {other:?}"),
    });
}

/// The template with `edit` applied.
fn edited(template: &SegmentImage, edit: impl FnOnce(&mut SegmentImage)) -> Vec<u8> {
    let mut image = template.clone();
    edit(&mut image);
    image.bytes
}

#[test]
fn header_mirror_matches_a_real_segment() {
    let names = TestNames::new("mirror");
    let image = template(&names);
    assert_eq!(image.bytes[..8], MAGIC);
    assert_eq!(image.u64_at(offsets::HEADER_SIZE), 4096);
    assert_eq!(image.u64_at(offsets::LINE_SIZE), 128);
    assert_eq!(image.u64_at(offsets::EVENT_SIZE), 64);
    assert_eq!(image.u64_at(offsets::EVENT_ALIGN), 8);
    assert_eq!(
        image.u64_at(offsets::EVENT_FINGERPRINT),
        PeerEvent::LAYOUT.fingerprint()
    );
    let name_len = image.u64_at(offsets::EVENT_NAME_LEN) as usize;
    assert_eq!(
        &image.bytes[offsets::EVENT_NAME..offsets::EVENT_NAME + name_len],
        b"PeerEvent"
    );
    assert_eq!(image.u64_at(offsets::CAPACITY), CAPACITY as u64);
    assert_eq!(image.total_size(), image.bytes.len() as u64);
    assert_eq!(
        image.u64_at(offsets::PRODUCER_PID),
        u64::from(std::process::id())
    );
    assert_eq!(
        Some(image.u64_at(offsets::PRODUCER_START_TIME)),
        procs::start_time(std::process::id())
    );
    assert_eq!(image.u32_at(offsets::STATE), 1, "ready");
    assert_eq!(image.u64_at(offsets::FLAGS), 0, "no flags by default");
    let table = image.u64_at(offsets::CONSUMER_TABLE_OFFSET);
    let entries = image.u64_at(offsets::MAX_CONSUMERS);
    assert_eq!(
        image.u64_at(offsets::COUNTERS_OFFSET),
        table + 128 * entries,
        "the counters follow the consumer table"
    );
    let slots = image.u64_at(offsets::SLOTS_OFFSET);
    let stride = image.u64_at(offsets::SLOT_STRIDE);
    assert_eq!(
        (slots + CAPACITY as u64 * stride).div_ceil(4096) * 4096,
        image.total_size()
    );

    // The untouched copy is a valid ring: it attaches (its producer, this process, is alive).
    let name = names.segment("copy");
    image.write_as(&name).expect("write copy");
    attach(&name).expect("an exact copy of a ring attaches");
    shm::unlink(&name).expect("unlink");
    names.assert_clean();
}

#[test]
fn an_empty_object_is_corrupt_empty() {
    let names = TestNames::new("empty");
    corrupt(&names, "empty", &[], CorruptReason::Empty);
    names.assert_clean();
}

#[test]
fn objects_shorter_than_a_header_are_too_short() {
    let names = TestNames::new("short_header");
    let image = template(&names);
    for len in [1, 8, 100, 511, 512, 515, 516, 600, 4095] {
        let bytes = &image.bytes[..len];
        corrupt(
            &names,
            &format!("len{len}"),
            bytes,
            CorruptReason::TooShort {
                len: len as u64,
                needed: 4096,
            },
        );
    }
    names.assert_clean();
}

#[test]
fn an_object_shorter_than_its_header_claims_is_too_short() {
    let names = TestNames::new("short_body");
    let image = template(&names);
    let total = image.total_size();
    for len in [4096, 4096 + 128, total - 4096, total - 1] {
        corrupt(
            &names,
            &format!("len{len}"),
            &image.bytes[..len as usize],
            CorruptReason::TooShort { len, needed: total },
        );
    }
    names.assert_clean();
}

#[test]
fn a_wrong_magic_is_bad_magic() {
    let names = TestNames::new("magic");
    let image = template(&names);
    corrupt(
        &names,
        "flipped",
        &edited(&image, |i| {
            i.bytes[3] ^= 0x20;
        }),
        CorruptReason::BadMagic,
    );
    corrupt(
        &names,
        "version-byte",
        &edited(&image, |i| {
            i.set_bytes(offsets::MAGIC, b"DMPRING\x02");
        }),
        CorruptReason::BadMagic,
    );
    // A foreign object of plausible size, all 0xAB: state is garbage too, magic is reported
    // only once the state says ready; either way a clean Corrupt error.
    let foreign = vec![0xAB; image.bytes.len()];
    refused(&names, "foreign", &foreign, |err| {
        assert!(
            matches!(err, AttachError::Corrupt { .. }),
            "foreign object: {err:?}"
        );
    });
    names.assert_clean();
}

#[test]
fn impossible_capacities_are_bad_capacity() {
    let names = TestNames::new("capacity");
    let image = template(&names);
    for capacity in [0, 3, 100, 1 << 31, 1 << 40, u64::MAX] {
        corrupt(
            &names,
            &format!("cap{capacity}"),
            &edited(&image, |i| {
                i.set_u64(offsets::CAPACITY, capacity);
            }),
            CorruptReason::BadCapacity(capacity),
        );
    }
    names.assert_clean();
}

#[test]
fn a_huge_legal_capacity_is_checked_against_the_objects_real_size() {
    let names = TestNames::new("huge");
    let image = template(&names);
    let capacity = 1u64 << 30;
    // The capacity alone disagrees with the stored total size...
    corrupt(
        &names,
        "cap-only",
        &edited(&image, |i| {
            i.set_u64(offsets::CAPACITY, capacity);
        }),
        CorruptReason::BadOffsets,
    );
    // ...and a header that is consistent about a 72 GiB ring is still refused, because the
    // object is 30 KiB: nothing past the real mapping is ever touched.
    let slots = image.u64_at(offsets::SLOTS_OFFSET);
    let stride = image.u64_at(offsets::SLOT_STRIDE);
    let claimed = (slots + capacity * stride).div_ceil(4096) * 4096;
    corrupt(
        &names,
        "consistent",
        &edited(&image, |i| {
            i.set_u64(offsets::CAPACITY, capacity);
            i.set_u64(offsets::TOTAL_SIZE, claimed);
        }),
        CorruptReason::TooShort {
            len: image.bytes.len() as u64,
            needed: claimed,
        },
    );
    names.assert_clean();
}

#[test]
fn offsets_that_disagree_with_the_layout_are_bad_offsets() {
    let names = TestNames::new("offsets");
    let image = template(&names);
    let slots = image.u64_at(offsets::SLOTS_OFFSET);
    let total = image.total_size();
    let counters = image.u64_at(offsets::COUNTERS_OFFSET);
    let cases: [(&str, usize, u64); 10] = [
        ("slots-plus-line", offsets::SLOTS_OFFSET, slots + 128),
        ("slots-beyond", offsets::SLOTS_OFFSET, 1 << 50),
        ("slots-zero", offsets::SLOTS_OFFSET, 0),
        ("table-zero", offsets::CONSUMER_TABLE_OFFSET, 0),
        ("table-in-slots", offsets::CONSUMER_TABLE_OFFSET, slots + 64),
        ("fields-1000", offsets::FIELD_COUNT, 1000),
        ("total-small", offsets::TOTAL_SIZE, 4096),
        ("total-larger", offsets::TOTAL_SIZE, total + 4096),
        ("counters-in-slots", offsets::COUNTERS_OFFSET, slots),
        (
            "counters-plus-line",
            offsets::COUNTERS_OFFSET,
            counters + 128,
        ),
    ];
    for (label, offset, value) in cases {
        corrupt(
            &names,
            label,
            &edited(&image, |i| {
                i.set_u64(offset, value);
            }),
            CorruptReason::BadOffsets,
        );
    }
    // The slots' geometry is checked on its own, and the error names the layout it expected.
    let stride = image.u64_at(offsets::SLOT_STRIDE);
    let event_offset = image.u64_at(offsets::SLOT_EVENT_OFFSET);
    let slot_cases: [(&str, usize, u64, (u64, u64)); 3] = [
        ("stride-8", offsets::SLOT_STRIDE, 8, (8, event_offset)),
        (
            "stride-huge",
            offsets::SLOT_STRIDE,
            u64::MAX,
            (u64::MAX, event_offset),
        ),
        ("event-offset-0", offsets::SLOT_EVENT_OFFSET, 0, (stride, 0)),
    ];
    for (label, offset, value, (found_stride, found_event_offset)) in slot_cases {
        corrupt(
            &names,
            label,
            &edited(&image, |i| {
                i.set_u64(offset, value);
            }),
            CorruptReason::BadSlotGeometry {
                layout: SlotLayout::Stamped,
                stride: found_stride,
                event_offset: found_event_offset,
                expected_stride: stride,
                expected_event_offset: event_offset,
            },
        );
    }
    names.assert_clean();
}

#[test]
fn garbage_state_words_are_bad_state() {
    let names = TestNames::new("state");
    let image = template(&names);
    for state in [3, 7, 0xdead_beef, u32::MAX] {
        corrupt(
            &names,
            &format!("state{state}"),
            &edited(&image, |i| {
                i.set_u32(offsets::STATE, state);
            }),
            CorruptReason::BadState(state),
        );
    }
    names.assert_clean();
}

#[test]
fn a_segment_stuck_initialising_is_not_ready_after_the_ready_timeout() {
    let names = TestNames::new("initialising");
    let image = template(&names);
    let stuck = edited(&image, |i| {
        i.set_u32(offsets::STATE, 0);
    });
    let name = names.segment("stuck");
    let started = Instant::now();
    refused(&names, "stuck", &stuck, |err| match err {
        AttachError::NotReady { name: n, waited } => {
            assert_eq!(n, &name);
            assert!(*waited >= READY_TIMEOUT, "gave up after {waited:?}");
        }
        other => panic!("expected NotReady, got {other:?}"),
    });
    assert!(started.elapsed() >= READY_TIMEOUT);
    // All zeros (a creator that died before writing anything): no magic, so not a ring at all.
    corrupt(
        &names,
        "zeros",
        &vec![0; image.bytes.len()],
        CorruptReason::BadMagic,
    );
    names.assert_clean();
}

#[test]
fn header_and_line_sizes_are_checked() {
    let names = TestNames::new("sizes");
    let image = template(&names);
    for (label, offset, value) in [
        ("header-8192", offsets::HEADER_SIZE, 8192),
        ("header-0", offsets::HEADER_SIZE, 0),
        ("line-64", offsets::LINE_SIZE, 64),
    ] {
        corrupt(
            &names,
            label,
            &edited(&image, |i| {
                i.set_u64(offset, value);
            }),
            CorruptReason::BadHeaderSize,
        );
    }
    names.assert_clean();
}

#[test]
fn impossible_event_descriptions_are_refused() {
    let names = TestNames::new("event");
    let image = template(&names);
    for (label, size, align) in [
        ("size0", 0, 8),
        ("align0", 64, 0),
        ("align3", 64, 3),
        ("size-not-multiple", 60, 8),
        ("align-8192", 8192, 8192),
        ("size-huge", 1 << 40, 8),
    ] {
        corrupt(
            &names,
            label,
            &edited(&image, |i| {
                i.set_u64(offsets::EVENT_SIZE, size);
                i.set_u64(offsets::EVENT_ALIGN, align);
            }),
            CorruptReason::BadEvent { size, align },
        );
    }
    for consumers in [0, 4097, u64::MAX] {
        corrupt(
            &names,
            &format!("consumers{consumers}"),
            &edited(&image, |i| {
                i.set_u64(offsets::MAX_CONSUMERS, consumers);
            }),
            CorruptReason::BadConsumerTable(consumers),
        );
    }
    corrupt(
        &names,
        "name-len-65",
        &edited(&image, |i| {
            i.set_u64(offsets::EVENT_NAME_LEN, 65);
        }),
        CorruptReason::BadName,
    );
    corrupt(
        &names,
        "name-len-max",
        &edited(&image, |i| {
            i.set_u64(offsets::EVENT_NAME_LEN, u64::MAX);
        }),
        CorruptReason::BadName,
    );
    corrupt(
        &names,
        "name-not-utf8",
        &edited(&image, |i| {
            i.set_bytes(offsets::EVENT_NAME, &[0xff, 0xfe]);
        }),
        CorruptReason::BadName,
    );
    names.assert_clean();
}

#[test]
fn other_versions_and_platforms_are_refused() {
    let names = TestNames::new("version");
    let image = template(&names);
    let abi = image.u32_at(offsets::CRATE_ABI);
    refused(
        &names,
        "format3",
        &edited(&image, |i| {
            i.set_u32(offsets::FORMAT_VERSION, 3);
        }),
        |err| {
            assert!(
                matches!(
                    err,
                    AttachError::VersionMismatch {
                        expected_format: 2,
                        found_format: 3,
                        ..
                    }
                ),
                "{err:?}"
            );
        },
    );
    refused(
        &names,
        "abi",
        &edited(&image, |i| {
            i.set_u32(offsets::CRATE_ABI, abi + 1);
        }),
        |err| {
            assert!(
                matches!(err, AttachError::VersionMismatch { found_abi, expected_abi, .. }
                    if *found_abi == abi + 1 && *expected_abi == abi),
                "{err:?}"
            );
        },
    );
    let swapped = 0x0102_0304u32.swap_bytes();
    refused(
        &names,
        "endian",
        &edited(&image, |i| {
            i.set_u32(offsets::ENDIAN_TAG, swapped);
        }),
        |err| {
            assert!(
                matches!(err, AttachError::ForeignPlatform { found_endian_tag, .. }
                    if *found_endian_tag == swapped),
                "{err:?}"
            );
        },
    );
    refused(
        &names,
        "ptr32",
        &edited(&image, |i| {
            i.set_u32(offsets::POINTER_WIDTH, 32);
        }),
        |err| {
            assert!(
                matches!(
                    err,
                    AttachError::ForeignPlatform {
                        found_pointer_width: 32,
                        ..
                    }
                ),
                "{err:?}"
            );
        },
    );
    names.assert_clean();
}

#[test]
fn a_join_lock_held_by_a_dead_process_is_broken() {
    let names = TestNames::new("lock_dead");
    let image = template(&names);
    let dead = procs::dead_pid();
    let bytes = edited(&image, |i| {
        i.set_u64(offsets::JOIN_LOCK, (u64::from(dead) << 32) | 1);
    });
    let name = names.segment("locked");
    shm::create_raw(&name, bytes.len(), &bytes).expect("forge");
    attach(&name).expect("a dead holder's join lock is broken");
    shm::unlink(&name).expect("unlink");
    names.assert_clean();
}

#[test]
fn a_join_lock_held_by_a_live_process_times_out_cleanly() {
    let names = TestNames::new("lock_live");
    let image = template(&names);
    // A live process that is not us: a peer holding some other ring.
    let mut holder = ring_peer!("hold-producer")
        .arg("name", names.segment("other"))
        .arg("capacity", 8)
        .spawn();
    let live: u32 = holder.wait_for("READY").parsed("pid");
    let bytes = edited(&image, |i| {
        i.set_u64(offsets::JOIN_LOCK, (u64::from(live) << 32) | 1);
    });
    let started = Instant::now();
    refused(&names, "locked", &bytes, |err| {
        assert!(
            matches!(err, AttachError::NotReady { .. }),
            "expected NotReady while a live process holds the join lock, got {err:?}"
        );
    });
    assert!(started.elapsed() < WATCHDOG);
    holder.close_stdin();
    holder.expect_success();
    names.assert_clean();
}

#[test]
fn a_producer_never_removes_an_object_that_is_not_a_ring() {
    let names = TestNames::new("foreign");
    for (label, bytes) in [
        ("junk", vec![0xAB; 8192]),
        ("short", vec![0x11; 100]),
        ("text", b"not a ring, somebody else's data".repeat(200)),
    ] {
        let name = names.segment(label);
        shm::create_raw(&name, bytes.len(), &bytes).expect("forge");
        let err = build_shared_single_producer::<PeerEvent>(&name, CAPACITY)
            .build_producer(PeerEvent::default)
            .expect_err("a producer must not take over a foreign object");
        assert!(
            matches!(err, CreateError::NameTaken { .. }),
            "{label}: {err:?}"
        );
        assert_eq!(
            shm::read_all(&name).expect("still there"),
            bytes,
            "{label}: the foreign object is untouched"
        );
        shm::unlink(&name).expect("unlink");
    }
    names.assert_clean();
}

#[test]
fn randomly_damaged_headers_never_crash_or_hang_an_attacher() {
    let names = TestNames::new("fuzz");
    let result = ring_peer!("fuzz-attach")
        .arg("prefix", names.prefix())
        .arg("seed", 0x5eed_2024_u64)
        .arg("rounds", 400)
        .deadline(Duration::from_secs(60))
        .run()
        .result();
    assert_eq!(result.parsed::<u64>("rounds"), 400, "{result}");
    let kinds = result.field("kinds");
    assert!(
        kinds.contains("Corrupt"),
        "the damage produced errors: {result}"
    );
    names.assert_clean();
}

#[test]
fn a_flag_this_version_does_not_know_is_refused() {
    let names = TestNames::new("flags");
    let image = template(&names);
    corrupt(
        &names,
        "flag40",
        &edited(&image, |i| {
            i.set_u64(offsets::FLAGS, 1 | 1 << 40);
        }),
        CorruptReason::UnknownFlags { flags: 1 << 40 },
    );
    names.assert_clean();
}
