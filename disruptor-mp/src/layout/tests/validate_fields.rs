//! One mutation per header field, each mapped to the error that names it.

use super::fixture::{CAPACITY, TICK, check, description, mutated, plan};
use crate::error::{AttachError, CorruptReason};
use crate::layout::HeaderDescription;
use crate::layout::header::{ENDIAN_TAG, FORMAT_VERSION, HEADER_SIZE, LINE, crate_abi};
use crate::layout::validate::{Expectation, validate};

/// The `Corrupt` reason of `result`, or a panic naming what came instead.
fn corrupt(result: Result<crate::layout::SegmentPlan, AttachError>) -> CorruptReason {
    match result {
        Err(AttachError::Corrupt { name, reason }) => {
            assert_eq!(name, "fixture");
            reason
        }
        other => panic!("expected a corrupt-segment error, got {other:?}"),
    }
}

#[test]
fn the_fixture_is_valid() {
    assert_eq!(mutated(|_| {}).unwrap(), plan());
    // A mapping longer than the segment (page rounding by the OS) is fine.
    assert_eq!(
        check(&description(), plan().total_size + 4096).unwrap(),
        plan()
    );
}

#[test]
fn fields_validation_does_not_read_accept_any_value() {
    // Identity, timing and reserved bytes are informational: no value makes a header invalid.
    assert!(
        mutated(|d| {
            d.producer_pid = u64::MAX;
            d.producer_start_time = u64::MAX;
            d.incarnation = 0;
            d.created_unix_ns = u64::MAX;
            d.producer_pid_ns = u64::MAX;
            d.reserved = [0xA5; 232];
        })
        .is_ok()
    );
}

#[test]
fn a_huge_page_size_is_zero_or_a_power_of_two_above_a_base_page() {
    for good in [0, 2 << 20, 1 << 30, 1 << 34] {
        assert!(mutated(|d| d.huge_page_size = good).is_ok(), "{good}");
    }
    for bad in [1, 4096, 3 << 20, 1 << 35, u64::MAX] {
        assert_eq!(
            corrupt(mutated(|d| d.huge_page_size = bad)),
            CorruptReason::BadHugePageSize(bad),
            "{bad}"
        );
    }
}

#[test]
fn a_mapping_shorter_than_a_header_is_too_short() {
    for len in [0, 1, 511, HEADER_SIZE - 1] {
        assert_eq!(
            corrupt(check(&description(), len)),
            CorruptReason::TooShort {
                len: len as u64,
                needed: HEADER_SIZE as u64
            }
        );
    }
}

#[test]
fn a_mapping_shorter_than_the_segment_is_too_short() {
    let total = plan().total_size;
    for len in [HEADER_SIZE, total - 4096, total - 1] {
        assert_eq!(
            corrupt(check(&description(), len)),
            CorruptReason::TooShort {
                len: len as u64,
                needed: total as u64
            }
        );
    }
}

#[test]
fn every_magic_byte_is_checked() {
    for index in 0..8 {
        let reason = corrupt(mutated(|d| d.magic[index] ^= 0x20));
        assert_eq!(reason, CorruptReason::BadMagic, "byte {index}");
    }
    assert_eq!(
        corrupt(mutated(|d| d.magic = [0; 8])),
        CorruptReason::BadMagic
    );
}

#[test]
fn a_foreign_byte_order_or_pointer_width_is_named() {
    let foreign = |result| match result {
        Err(AttachError::ForeignPlatform {
            found_endian_tag,
            found_pointer_width,
        }) => (found_endian_tag, found_pointer_width),
        other => panic!("expected ForeignPlatform, got {other:?}"),
    };
    assert_eq!(
        foreign(mutated(|d| d.endian_tag = ENDIAN_TAG.swap_bytes())),
        (ENDIAN_TAG.swap_bytes(), usize::BITS)
    );
    assert_eq!(foreign(mutated(|d| d.pointer_width = 32)), (ENDIAN_TAG, 32));
    assert_eq!(foreign(mutated(|d| d.pointer_width = 0)), (ENDIAN_TAG, 0));
}

#[test]
fn another_format_or_crate_version_is_a_version_mismatch() {
    let versions = |result| match result {
        Err(AttachError::VersionMismatch {
            expected_format,
            found_format,
            expected_abi,
            found_abi,
        }) => {
            assert_eq!(
                (expected_format, expected_abi),
                (FORMAT_VERSION, crate_abi())
            );
            (found_format, found_abi)
        }
        other => panic!("expected VersionMismatch, got {other:?}"),
    };
    for format in [0, FORMAT_VERSION + 1, u32::MAX] {
        assert_eq!(
            versions(mutated(|d| d.format_version = format)),
            (format, crate_abi())
        );
    }
    for abi in [crate_abi() + 1, crate_abi().wrapping_sub(1), 1 << 16] {
        assert_eq!(
            versions(mutated(|d| d.crate_abi = abi)),
            (FORMAT_VERSION, abi)
        );
    }
}

#[test]
fn header_and_line_sizes_are_fixed() {
    for size in [0, HEADER_SIZE as u64 - 1, HEADER_SIZE as u64 + 1, 8192] {
        assert_eq!(
            corrupt(mutated(|d| d.header_size = size)),
            CorruptReason::BadHeaderSize
        );
    }
    for size in [0, 64, LINE as u64 + 1, 256] {
        assert_eq!(
            corrupt(mutated(|d| d.line_size = size)),
            CorruptReason::BadHeaderSize
        );
    }
}

#[test]
fn an_impossible_capacity_is_named() {
    for capacity in [0, 3, 96, (1 << 30) + 1, 1 << 31, 1 << 40, u64::MAX] {
        assert_eq!(
            corrupt(mutated(|d| d.capacity = capacity)),
            CorruptReason::BadCapacity(capacity),
            "capacity {capacity}"
        );
    }
    // A possible capacity other than the one the offsets were planned for (large enough that
    // the page-rounded total differs).
    assert_eq!(
        corrupt(mutated(|d| d.capacity = 4096)),
        CorruptReason::BadOffsets
    );
}

#[test]
fn an_impossible_consumer_table_is_named() {
    for consumers in [0, 4097, 1 << 32, u64::MAX] {
        assert_eq!(
            corrupt(mutated(|d| d.max_consumers = consumers)),
            CorruptReason::BadConsumerTable(consumers),
            "{consumers} consumers"
        );
    }
    assert_eq!(
        corrupt(mutated(|d| d.max_consumers = 9)),
        CorruptReason::BadOffsets
    );
}

#[test]
fn an_impossible_event_is_named() {
    let cases: [(u64, u64); 9] = [
        (0, 8),
        (16, 0),
        (16, 3),
        (16, 24),
        (12, 8),             // not a multiple of the alignment
        (16, 8192),          // alignment above a page
        ((16 << 20) + 8, 8), // above 16 MiB
        (u64::MAX, 8),
        (16, 1 << 63),
    ];
    for (size, align) in cases {
        assert_eq!(
            corrupt(mutated(|d| {
                d.event_size = size;
                d.event_align = align;
            })),
            CorruptReason::BadEvent { size, align },
            "size {size}, align {align}"
        );
    }
}

#[test]
fn a_segment_above_the_size_limit_is_an_impossible_event() {
    // 2^30 slots of 16 MiB: every input is in range, the product is not.
    let size = 16u64 << 20;
    assert_eq!(
        corrupt(mutated(|d| {
            d.capacity = 1 << 30;
            d.event_size = size;
        })),
        CorruptReason::BadEvent { size, align: 8 }
    );
}

/// The stored offsets, by name, as mutable references.
fn offsets(d: &mut HeaderDescription) -> [(&'static str, &mut u64); 9] {
    [
        ("field_table_offset", &mut d.field_table_offset),
        ("field_count", &mut d.field_count),
        ("event_field_count", &mut d.event_field_count),
        ("consumer_table_offset", &mut d.consumer_table_offset),
        ("counters_offset", &mut d.counters_offset),
        ("slots_offset", &mut d.slots_offset),
        ("slot_stride", &mut d.slot_stride),
        ("slot_event_offset", &mut d.slot_event_offset),
        ("total_size", &mut d.total_size),
    ]
}

#[test]
fn every_offset_off_by_one_either_way_is_bad() {
    for which in 0..8 {
        for delta in [1i64, -1, 4096, i64::MIN] {
            let mut name = "";
            let reason = corrupt(mutated(|d| {
                let (field, value) = offsets(d).into_iter().nth(which).unwrap();
                name = field;
                *value = value.wrapping_add_signed(delta);
            }));
            if matches!(name, "slot_stride" | "slot_event_offset") {
                assert!(
                    matches!(reason, CorruptReason::BadSlotGeometry { .. }),
                    "{name} {delta:+}: {reason:?}"
                );
            } else {
                assert_eq!(reason, CorruptReason::BadOffsets, "{name} {delta:+}");
            }
        }
    }
}

#[test]
fn a_huge_field_count_is_bad_offsets_not_an_overflow() {
    assert_eq!(
        corrupt(mutated(|d| d.event_field_count = u64::MAX)),
        CorruptReason::BadOffsets
    );
}

#[test]
fn an_unreadable_event_name_is_bad_name() {
    for len in [65, 72, 1 << 32, u64::MAX] {
        assert_eq!(
            corrupt(mutated(|d| d.event_name_len = len)),
            CorruptReason::BadName,
            "name length {len}"
        );
    }
    assert_eq!(
        corrupt(mutated(|d| d.event_name[1] = 0xFF)),
        CorruptReason::BadName
    );
    assert_eq!(
        corrupt(mutated(|d| {
            // A lone continuation byte, then a truncated two-byte sequence.
            d.event_name[..4].copy_from_slice(&[0x80, b'i', b'c', 0xC3]);
        })),
        CorruptReason::BadName
    );
}

#[test]
fn a_readable_but_different_event_is_a_layout_mismatch() {
    let mismatch = |result| match result {
        Err(AttachError::LayoutMismatch {
            expected, found, ..
        }) => {
            assert_eq!(expected.name, *TICK.name());
            assert_eq!(expected.fingerprint, TICK.fingerprint());
            *found
        }
        other => panic!("expected LayoutMismatch, got {other:?}"),
    };
    let found = mismatch(mutated(|d| d.event_fingerprint ^= 1));
    assert_eq!(found.fingerprint, TICK.fingerprint() ^ 1);
    let found = mismatch(mutated(|d| d.event_name[1] = b'o'));
    assert_eq!(found.name.as_str(), "Tock");
    let found = mismatch(mutated(|d| d.event_name_len = 2));
    assert_eq!(found.name.as_str(), "Ti");
    let found = mismatch(mutated(|d| {
        d.event_name = [b'n'; 64];
        d.event_name_len = 64;
    }));
    assert_eq!(found.name.as_str().len(), 64);
}

#[test]
fn another_capacity_than_asked_for_is_a_capacity_mismatch() {
    let result = validate(
        "fixture",
        &description(),
        plan().total_size,
        Expectation {
            layout: &TICK,
            capacity: CAPACITY * 2,
        },
    );
    match result {
        Err(AttachError::CapacityMismatch {
            expected, found, ..
        }) => {
            assert_eq!((expected, found), (CAPACITY * 2, CAPACITY));
        }
        other => panic!("expected CapacityMismatch, got {other:?}"),
    }
}

#[test]
fn a_flag_this_version_does_not_know_is_refused_and_a_known_one_accepted() {
    use crate::layout::header::flags;
    assert_eq!(
        corrupt(mutated(|d| d.flags = flags::CONSUMERS_EVICTABLE | 1 << 40)),
        CorruptReason::UnknownFlags { flags: 1 << 40 }
    );
    assert!(mutated(|d| d.flags = flags::CONSUMERS_EVICTABLE).is_ok());
}

#[test]
fn a_layout_flag_that_disagrees_with_the_slots_names_the_layout() {
    use crate::layout::SlotLayout;
    use crate::layout::header::flags;
    let stamped = plan();
    let reason = corrupt(mutated(|d| d.flags |= flags::PACKED));
    assert_eq!(
        reason,
        CorruptReason::BadSlotGeometry {
            layout: SlotLayout::Packed,
            stride: stamped.slot_stride as u64,
            event_offset: stamped.slot_event_offset as u64,
            expected_stride: (stamped.slot_stride - stamped.slot_event_offset) as u64,
            expected_event_offset: 0,
        }
    );
    let message = reason.to_string();
    assert!(
        message.contains("slots are packed") && message.contains("event at byte 8"),
        "{message}"
    );
}
