//! Starting inputs for the fuzzers, built by the library itself: real segments (whole, and
//! compact with their zero tail left to padding), operation sequences on a ring, and the real
//! field records of every layout compared with every other.

use super::events::{Nested, Tick, Wide, Words, layouts};
use super::input::Writer;
use crate::backend::heap::HeapRegion;
use crate::backend::process::ProcessIdentity;
use crate::event::SharedEvent;
use crate::layout::SegmentPlan;
use crate::layout::field_table::{FieldRecord, records_for};
use crate::ring::consumer_table::PackedId;
use crate::ring::init::Reservations;
use crate::ring::publisher::Publisher;
use crate::ring::segment::Segment;
use std::sync::Arc;

/// Seed inputs, each with the name of its target.
pub fn seeds() -> Vec<(&'static str, Vec<u8>)> {
    let mut seeds = Vec::new();
    seeds.extend(header_seeds().into_iter().map(|seed| ("header", seed)));
    seeds.extend(
        table_seeds()
            .into_iter()
            .map(|seed| ("consumer_table", seed)),
    );
    seeds.extend(field_seeds().into_iter().map(|seed| ("field_table", seed)));
    seeds
}

/// The bytes of a ring of `E` the library created: `capacity` slots, two table entries,
/// `reservations`, and `published` events.
fn segment_image<E: SharedEvent>(
    capacity: usize,
    reservations: &Reservations,
    published: usize,
    fill: fn(i64) -> E,
) -> (SegmentPlan, Vec<u8>) {
    let layout = &E::LAYOUT;
    let plan = SegmentPlan::new(
        layout.size() as u64,
        layout.align() as u64,
        layout.fields().len() as u64,
        capacity as u64,
        2,
        crate::layout::SlotLayout::Stamped,
    )
    .expect("a valid plan");
    let region = Arc::new(HeapRegion::zeroed(plan.total_size).expect("a small region"));
    let segment = Segment::new(Box::new(Arc::clone(&region)), plan).expect("fits");
    let mut publisher = Publisher::<E>::new(segment);
    publisher.initialise(ProcessIdentity::current(), reservations, false, || fill(-1));
    for seq in 0..published as i64 {
        let _ = publisher.try_publish(|slot| *slot = fill(seq));
    }
    drop(publisher);
    (plan, region.to_vec())
}

/// The header target's choice byte for type `kind`, capacity `1 << log2` and id selector `id`.
fn choice(kind: u8, log2: u8, id: u8) -> u8 {
    kind | (log2 << 2) | (id << 5)
}

fn header_seeds() -> Vec<Vec<u8>> {
    let reservations = [
        Reservations::None,
        Reservations::Named(vec![PackedId::new("cp_0").expect("valid id")]),
        Reservations::Open(1),
    ];
    let mut seeds = Vec::new();
    for (r, reservation) in reservations.iter().enumerate() {
        let id = [0, 3, 0][r];
        for log2 in [0u8, 2] {
            let capacity = 1 << log2;
            let images = [
                (0, segment_image::<Tick>(capacity, reservation, 3, tick)),
                (1, segment_image::<Nested>(capacity, reservation, 1, nested)),
                (2, segment_image::<Wide>(capacity, reservation, 2, wide)),
                (3, segment_image::<Words>(capacity, reservation, 0, words)),
            ];
            for (kind, (plan, image)) in images {
                // The whole segment, exactly.
                seeds.push(
                    Writer::default()
                        .u8(choice(kind, log2, id))
                        .u16(0)
                        .bytes(&image)
                        .bytes,
                );
                // Header and tables only; the slots are zero padding.
                let minimum = u16::try_from(plan.total_size / 64).expect("a small segment");
                seeds.push(
                    Writer::default()
                        .u8(choice(kind, log2, id))
                        .u16(minimum)
                        .bytes(&image[..plan.slots_offset])
                        .bytes,
                );
                // Attached as the next type: a layout mismatch, explained from the field table.
                seeds.push(
                    Writer::default()
                        .u8(choice((kind + 1) % 4, log2, id))
                        .u16(minimum)
                        .bytes(&image[..plan.slots_offset])
                        .bytes,
                );
            }
        }
    }
    seeds
}

fn tick(seq: i64) -> Tick {
    Tick {
        sequence: seq as u64,
        price: seq as f64 / 4.0,
    }
}

fn nested(seq: i64) -> Nested {
    Nested {
        head: seq as u32,
        tail: !(seq as u32),
        inner: tick(seq),
        tags: [seq as u8; 8],
    }
}

fn wide(seq: i64) -> Wide {
    Wide {
        words: [seq as u64; 8],
    }
}

fn words(seq: i64) -> Words {
    [seq as u64; 4]
}

/// Operation codes of the consumer-table target.
mod op {
    pub(super) const JOIN: u8 = 0;
    pub(super) const PUBLISH: u8 = 1;
    pub(super) const BATCH: u8 = 2;
    pub(super) const READ: u8 = 3;
    pub(super) const LEAVE: u8 = 4;
    pub(super) const SCRIBBLE: u8 = 5;
    pub(super) const REQUIRE: u8 = 6;
    pub(super) const INSPECT: u8 = 7;
}

/// Selects eight input bytes as a scribbled word (any selector but a multiple of 4).
const RAW: u8 = 1;
/// Selects an edge value (the next byte picks which) as a scribbled word.
const EDGE: u8 = 0;

fn table_seeds() -> Vec<Vec<u8>> {
    // Config bytes: capacity 4 (log2 in bits 0-1), two entries (count - 1 in bits 2-4), and
    // no, open or named reservations (bits 5-7).
    let configs = [0u8, 2, 4].map(|reservations| (reservations << 5) | (1 << 2) | 2);
    let mut seeds = Vec::new();
    for config in configs {
        // Join as cp_0, publish, read, flush, publish more, read, leave.
        seeds.push(
            Writer::default()
                .u8(config)
                .bytes(&[op::JOIN, 0, 1])
                .bytes(&[op::PUBLISH, 6, op::READ, 8, 1, 0, 0])
                .bytes(&[op::PUBLISH, 6, op::BATCH, 2, op::READ, 8, 0, 0, 1])
                .bytes(&[op::LEAVE, 0, op::INSPECT])
                .bytes,
        );
        // Join anonymously; a peer moves the cursor far ahead, then behind the start.
        seeds.push(
            Writer::default()
                .u8(config)
                .bytes(&[op::JOIN, 5, 1, op::PUBLISH, 4])
                .bytes(&[op::SCRIBBLE, 0, 0, 0, RAW])
                .u64(i64::MAX as u64)
                .bytes(&[op::PUBLISH, 8, op::READ, 8, 0, 0, 0])
                .bytes(&[op::SCRIBBLE, 0, 0, 0, RAW])
                .u64(-5i64 as u64)
                .bytes(&[op::PUBLISH, 8, op::READ, 8, 1, 0, 0])
                .bytes,
        );
        // The producer cursor is moved far ahead, then a consumer joins late.
        seeds.push(
            Writer::default()
                .u8(config)
                .bytes(&[op::PUBLISH, 2, op::SCRIBBLE, 0, 2, RAW])
                .u64(1 << 40)
                .bytes(&[op::JOIN, 3, 1, op::PUBLISH, 3, op::READ, 4, 0, 0, 0])
                .bytes,
        );
        // The producer cursor at i64::MAX (an edge value), then a late join: before joiners
        // clamped that cursor, `start + 1` overflowed here.
        seeds.push(
            Writer::default()
                .u8(config)
                .bytes(&[op::SCRIBBLE, 0, 2, EDGE, 0])
                .bytes(&[op::JOIN, 5, 1, op::PUBLISH, 2, op::READ, 4, 0, 0, 0])
                .bytes,
        );
        // A whole entry of garbage, a generation bump, then joins and a require.
        let mut garbage = Writer::default()
            .u8(config)
            .bytes(&[op::JOIN, 1, 1, op::SCRIBBLE, 1, 1]);
        for word in 0..16u64 {
            garbage = garbage
                .u8(RAW)
                .u64(word.wrapping_mul(0x0101_0101_0000_0003));
        }
        seeds.push(
            garbage
                .bytes(&[op::SCRIBBLE, 0, 3, RAW])
                .u64(7)
                .bytes(&[op::JOIN, 0, 1, op::JOIN, 4, 0, op::REQUIRE, 3])
                .bytes(&[op::PUBLISH, 8, op::READ, 8, 0, 1, 1, op::INSPECT])
                .bytes,
        );
    }
    seeds
}

/// A choice byte for the field-table target picking `here` and, for edited records, `source`.
fn field_choice(here: usize, source: Option<usize>, count: usize) -> u8 {
    (0..=255u8)
        .find(|&c| {
            usize::from(c) % count == here
                && match source {
                    None => c & 0x80 == 0,
                    Some(s) => c & 0x80 != 0 && usize::from(c >> 3) % count == s,
                }
        })
        .expect("every pair has a choice byte")
}

fn field_seeds() -> Vec<Vec<u8>> {
    let all = layouts();
    let mut seeds = Vec::new();
    for (h, _) in all.iter().enumerate() {
        for (s, source) in all.iter().enumerate() {
            let name = source.name().as_bytes();
            let described = |choice: u8| {
                Writer::default()
                    .u8(choice)
                    .u8(name.len() as u8)
                    .bytes(name)
                    .u64(source.size() as u64)
                    .u64(source.align() as u64)
                    .u64(source.fields().len() as u64)
            };
            // The source's records as raw bytes.
            let mut raw = described(field_choice(h, None, all.len()));
            for record in records_for(source) {
                raw = raw.bytes(bytemuck::bytes_of::<FieldRecord>(&record));
            }
            seeds.push(raw.bytes);
            // The source's records, all kept, one byte of the first name changed.
            seeds.push(
                described(field_choice(h, Some(s), all.len()))
                    .bytes(&[255, 0, 0, b'z'])
                    .bytes,
            );
        }
    }
    seeds
}
