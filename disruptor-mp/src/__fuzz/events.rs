//! The event layouts the targets attach with and compare against: structs, a nested struct, an
//! array, an over-aligned struct, one with more fields than a field table stores, and one whose
//! field names are longer than a record keeps.

use crate::SharedEvent;
use crate::event::{EventLayout, FieldLayout};

/// Two fields, as most rings have.
#[derive(Clone, Copy, Debug, Default, PartialEq, SharedEvent)]
#[shared_event(crate = "crate")]
#[repr(C)]
pub(super) struct Tick {
    pub(super) sequence: u64,
    pub(super) price: f64,
}

/// A nested event and an array among scalars.
#[derive(Clone, Copy, Debug, Default, PartialEq, SharedEvent)]
#[shared_event(crate = "crate")]
#[repr(C)]
pub(super) struct Nested {
    pub(super) head: u32,
    pub(super) tail: u32,
    pub(super) inner: Tick,
    pub(super) tags: [u8; 8],
}

/// Aligned to 64 bytes, so slots are spaced by more than a line.
#[derive(Clone, Copy, Debug, Default, PartialEq, SharedEvent)]
#[shared_event(crate = "crate")]
#[repr(C, align(64))]
pub(super) struct Wide {
    pub(super) words: [u64; 8],
}

/// An array event: no fields, so its field table is empty.
pub(super) type Words = [u64; 4];

/// Names of [`MANY`]'s fields.
const MANY_NAMES: [&str; 70] = [
    "f00", "f01", "f02", "f03", "f04", "f05", "f06", "f07", "f08", "f09", "f10", "f11", "f12",
    "f13", "f14", "f15", "f16", "f17", "f18", "f19", "f20", "f21", "f22", "f23", "f24", "f25",
    "f26", "f27", "f28", "f29", "f30", "f31", "f32", "f33", "f34", "f35", "f36", "f37", "f38",
    "f39", "f40", "f41", "f42", "f43", "f44", "f45", "f46", "f47", "f48", "f49", "f50", "f51",
    "f52", "f53", "f54", "f55", "f56", "f57", "f58", "f59", "f60", "f61", "f62", "f63", "f64",
    "f65", "f66", "f67", "f68", "f69",
];

const fn many_fields() -> [FieldLayout; 70] {
    let byte = &<u8 as SharedEvent>::LAYOUT;
    let mut fields = [FieldLayout::new("", 0, byte); 70];
    let mut i = 0;
    while i < fields.len() {
        fields[i] = FieldLayout::new(MANY_NAMES[i], i, byte);
        i += 1;
    }
    fields
}

static MANY_FIELDS: [FieldLayout; 70] = many_fields();

/// Seventy one-byte fields: more than a field table stores.
pub(super) static MANY: EventLayout = EventLayout::structure("Many", 70, 1, &MANY_FIELDS);

static LONG_NAME_FIELDS: [FieldLayout; 2] = [
    FieldLayout::new(
        "a_field_name_well_beyond_the_forty_eight_bytes_a_record_keeps",
        0,
        &<u32 as SharedEvent>::LAYOUT,
    ),
    // 47 ASCII bytes, then a two-byte character across the 48-byte cut.
    FieldLayout::new(
        "the_next_name_is_cut_inside_a_character_here_xx\u{e9}tail",
        4,
        &<u32 as SharedEvent>::LAYOUT,
    ),
];

/// Field names a record truncates, one of them inside a UTF-8 character.
pub(super) static LONG_NAMES: EventLayout =
    EventLayout::structure("LongNames", 8, 4, &LONG_NAME_FIELDS);

/// Every layout the field-table target compares against.
pub(super) fn layouts() -> [&'static EventLayout; 7] {
    [
        &Tick::LAYOUT,
        &Nested::LAYOUT,
        &Wide::LAYOUT,
        &<Words as SharedEvent>::LAYOUT,
        &<u64 as SharedEvent>::LAYOUT,
        &MANY,
        &LONG_NAMES,
    ]
}
