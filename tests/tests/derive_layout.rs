//! The layouts `#[derive(SharedEvent)]` produces: sizes, offsets, names and type names match the
//! compiler's, and the fingerprint changes exactly when the shared bytes' meaning does.

use core::mem::{align_of, offset_of, size_of};
use disruptor_mp::SharedEvent;
use disruptor_mp::event::EventLayout;

#[derive(Clone, Copy, Debug, SharedEvent)]
#[repr(C)]
struct Quote {
    bid: f64,
    ask: f64,
    symbol: [u8; 16],
    venue: u32,
    flags: u16,
    side: u8,
    _pad: u8,
}

#[derive(Clone, Copy, SharedEvent)]
#[repr(C)]
struct Book {
    sequence: u64,
    best: Quote,
    levels: [Quote; 2],
}

#[derive(Clone, Copy, SharedEvent)]
#[repr(C)]
struct Pair(u32, i32);

#[derive(Clone, Copy, SharedEvent)]
#[repr(transparent)]
struct Price(u64);

#[derive(Clone, Copy, SharedEvent)]
#[repr(C, align(32))]
struct Aligned {
    value: u64,
    _pad: [u8; 24],
}

fn names(layout: &EventLayout) -> Vec<&'static str> {
    layout.fields().iter().map(|field| field.name()).collect()
}

fn type_names(layout: &EventLayout) -> Vec<String> {
    layout
        .fields()
        .iter()
        .map(|field| field.type_name().to_string())
        .collect()
}

#[test]
fn struct_layout_matches_the_compiler() {
    let layout = Quote::LAYOUT;
    assert_eq!(layout.name().as_str(), "Quote");
    assert_eq!(layout.size(), size_of::<Quote>());
    assert_eq!(layout.align(), align_of::<Quote>());
    assert_eq!(layout.size(), 40);
    assert_eq!(layout.field_size_sum(), layout.size());
    assert_eq!(
        names(&layout),
        ["bid", "ask", "symbol", "venue", "flags", "side", "_pad"]
    );
    assert_eq!(
        type_names(&layout),
        ["f64", "f64", "[u8; 16]", "u32", "u16", "u8", "u8"]
    );
    let offsets: Vec<usize> = layout.fields().iter().map(|field| field.offset()).collect();
    assert_eq!(
        offsets,
        [
            offset_of!(Quote, bid),
            offset_of!(Quote, ask),
            offset_of!(Quote, symbol),
            offset_of!(Quote, venue),
            offset_of!(Quote, flags),
            offset_of!(Quote, side),
            offset_of!(Quote, _pad),
        ]
    );
    assert_eq!(offsets, [0, 8, 16, 32, 36, 38, 39]);
    let sizes: Vec<usize> = layout.fields().iter().map(|field| field.size()).collect();
    assert_eq!(sizes, [8, 8, 16, 4, 2, 1, 1]);
    assert_eq!(
        layout.fields()[2].fingerprint(),
        <[u8; 16]>::LAYOUT.fingerprint()
    );
}

#[test]
fn nested_events_are_described_by_their_own_layout() {
    let layout = Book::LAYOUT;
    assert_eq!(layout.size(), size_of::<Book>());
    assert_eq!(layout.field_size_sum(), layout.size());
    assert_eq!(names(&layout), ["sequence", "best", "levels"]);
    assert_eq!(type_names(&layout), ["u64", "Quote", "[Quote; 2]"]);
    assert_eq!(layout.fields()[1].offset(), offset_of!(Book, best));
    assert_eq!(layout.fields()[1].size(), size_of::<Quote>());
    assert_eq!(
        layout.fields()[1].fingerprint(),
        Quote::LAYOUT.fingerprint()
    );
    assert_eq!(layout.fields()[2].offset(), offset_of!(Book, levels));
    assert_eq!(
        layout.fields()[2].fingerprint(),
        <[Quote; 2]>::LAYOUT.fingerprint()
    );
}

#[test]
fn tuple_struct_fields_are_named_by_index() {
    let layout = Pair::LAYOUT;
    assert_eq!(names(&layout), ["0", "1"]);
    assert_eq!(type_names(&layout), ["u32", "i32"]);
    assert_eq!(layout.fields()[1].offset(), offset_of!(Pair, 1));
    assert_eq!(layout.size(), 8);
}

#[test]
fn transparent_and_aligned_structs() {
    let price = Price::LAYOUT;
    assert_eq!((price.size(), price.align()), (8, 8));
    assert_eq!(names(&price), ["0"]);
    assert_eq!(price.fields()[0].offset(), 0);

    let aligned = Aligned::LAYOUT;
    assert_eq!((aligned.size(), aligned.align()), (32, 32));
    assert_eq!(aligned.field_size_sum(), 32);
}

/// Pins the derive's contribution to the fingerprint (wire name, size, alignment, then per field
/// name, offset and type fingerprint, in declaration order): if this changes, every segment
/// written by an older build stops matching, which must be a deliberate, versioned decision.
#[test]
fn golden_fingerprint() {
    #[derive(Clone, Copy, SharedEvent)]
    #[repr(C)]
    #[shared_event(name = "Golden")]
    struct Golden {
        id: u64,
        tag: [u8; 8],
    }
    assert_eq!(Golden::LAYOUT.fingerprint(), GOLDEN_FINGERPRINT);
}

/// Cross-checked when pinned against an independent implementation of the scheme in
/// `disruptor_mp::event::fingerprint` (FNV-1a 64 over tagged, length-prefixed items).
const GOLDEN_FINGERPRINT: u64 = 6_406_188_677_506_997_824;

/// Several versions of one event: each module declares `Tick` (wire name "Tick" unless renamed)
/// with one change relative to `base`.
mod base {
    #[derive(Clone, Copy, disruptor_mp::SharedEvent)]
    #[repr(C)]
    pub struct Tick {
        pub price: u64,
        pub volume: u32,
        pub venue: u32,
        pub symbol: [u8; 8],
    }
}

mod documented {
    /// The same event, with documentation and more derives: none of that is shared.
    #[derive(Clone, Copy, Debug, Default, PartialEq, disruptor_mp::SharedEvent)]
    #[repr(C)]
    pub struct Tick {
        /// Price in ticks.
        pub price: u64,
        /// Shares.
        pub volume: u32,
        /// Exchange id.
        pub venue: u32,
        /// ASCII, space padded.
        pub symbol: [u8; 8],
    }
}

mod renamed_type {
    /// A different Rust name, pinned to the original wire name.
    #[derive(Clone, Copy, disruptor_mp::SharedEvent)]
    #[repr(C)]
    #[shared_event(name = "Tick")]
    pub struct TickV2 {
        pub price: u64,
        pub volume: u32,
        pub venue: u32,
        pub symbol: [u8; 8],
    }
}

mod other_wire_name {
    #[derive(Clone, Copy, disruptor_mp::SharedEvent)]
    #[repr(C)]
    #[shared_event(name = "Trade")]
    pub struct Tick {
        pub price: u64,
        pub volume: u32,
        pub venue: u32,
        pub symbol: [u8; 8],
    }
}

mod reordered {
    #[derive(Clone, Copy, disruptor_mp::SharedEvent)]
    #[repr(C)]
    pub struct Tick {
        pub price: u64,
        pub venue: u32,
        pub volume: u32,
        pub symbol: [u8; 8],
    }
}

mod renamed_field {
    #[derive(Clone, Copy, disruptor_mp::SharedEvent)]
    #[repr(C)]
    pub struct Tick {
        pub price: u64,
        pub quantity: u32,
        pub venue: u32,
        pub symbol: [u8; 8],
    }
}

mod retyped_field {
    #[derive(Clone, Copy, disruptor_mp::SharedEvent)]
    #[repr(C)]
    pub struct Tick {
        pub price: u64,
        pub volume: i32,
        pub venue: u32,
        pub symbol: [u8; 8],
    }
}

mod float_field {
    #[derive(Clone, Copy, disruptor_mp::SharedEvent)]
    #[repr(C)]
    pub struct Tick {
        pub price: f64,
        pub volume: u32,
        pub venue: u32,
        pub symbol: [u8; 8],
    }
}

mod longer_array {
    #[derive(Clone, Copy, disruptor_mp::SharedEvent)]
    #[repr(C)]
    pub struct Tick {
        pub price: u64,
        pub volume: u32,
        pub venue: u32,
        pub symbol: [u8; 16],
    }
}

mod reshaped_array {
    /// Same size and element type as `base`, different shape.
    #[derive(Clone, Copy, disruptor_mp::SharedEvent)]
    #[repr(C)]
    pub struct Tick {
        pub price: u64,
        pub volume: u32,
        pub venue: u32,
        pub symbol: [[u8; 4]; 2],
    }
}

mod added_field {
    #[derive(Clone, Copy, disruptor_mp::SharedEvent)]
    #[repr(C)]
    pub struct Tick {
        pub price: u64,
        pub volume: u32,
        pub venue: u32,
        pub symbol: [u8; 8],
        pub flags: u64,
    }
}

/// Two versions of an outer event that differ only inside a nested one.
mod nested {
    pub mod v1 {
        #[derive(Clone, Copy, disruptor_mp::SharedEvent)]
        #[repr(C)]
        pub struct Inner {
            pub bid: u64,
            pub ask: u64,
        }

        #[derive(Clone, Copy, disruptor_mp::SharedEvent)]
        #[repr(C)]
        pub struct Outer {
            pub sequence: u64,
            pub inner: Inner,
        }
    }

    pub mod v2 {
        #[derive(Clone, Copy, disruptor_mp::SharedEvent)]
        #[repr(C)]
        pub struct Inner {
            pub bid: u64,
            pub offer: u64,
        }

        #[derive(Clone, Copy, disruptor_mp::SharedEvent)]
        #[repr(C)]
        pub struct Outer {
            pub sequence: u64,
            pub inner: Inner,
        }
    }
}

#[test]
fn unshared_details_keep_the_fingerprint() {
    let base = base::Tick::LAYOUT;
    assert_eq!(documented::Tick::LAYOUT, base);
    assert_eq!(renamed_type::TickV2::LAYOUT, base);
    assert_eq!(renamed_type::TickV2::LAYOUT.name().as_str(), "Tick");
}

#[test]
fn every_shared_change_changes_the_fingerprint() {
    let variants = [
        ("base", base::Tick::LAYOUT),
        ("other wire name", other_wire_name::Tick::LAYOUT),
        ("reordered", reordered::Tick::LAYOUT),
        ("renamed field", renamed_field::Tick::LAYOUT),
        ("retyped field", retyped_field::Tick::LAYOUT),
        ("float field", float_field::Tick::LAYOUT),
        ("longer array", longer_array::Tick::LAYOUT),
        ("reshaped array", reshaped_array::Tick::LAYOUT),
        ("added field", added_field::Tick::LAYOUT),
    ];
    assert_eq!(other_wire_name::Tick::LAYOUT.name().as_str(), "Trade");
    for (i, (name_a, a)) in variants.iter().enumerate() {
        for (name_b, b) in &variants[i + 1..] {
            assert_ne!(
                a.fingerprint(),
                b.fingerprint(),
                "{name_a} and {name_b} share a fingerprint"
            );
        }
    }
}

#[test]
fn nested_changes_reach_the_outer_fingerprint() {
    use nested::{v1, v2};
    assert_eq!(v1::Outer::LAYOUT.size(), v2::Outer::LAYOUT.size());
    assert_ne!(
        v1::Inner::LAYOUT.fingerprint(),
        v2::Inner::LAYOUT.fingerprint()
    );
    assert_ne!(
        v1::Outer::LAYOUT.fingerprint(),
        v2::Outer::LAYOUT.fingerprint()
    );
    // The outer layouts differ only in the nested fingerprint they record.
    assert_eq!(names(&v1::Outer::LAYOUT), names(&v2::Outer::LAYOUT));
    assert_eq!(
        type_names(&v1::Outer::LAYOUT),
        type_names(&v2::Outer::LAYOUT)
    );
}

#[test]
fn layouts_are_available_in_const_context() {
    const SIZE: usize = Book::LAYOUT.size();
    const FINGERPRINT: u64 = Book::LAYOUT.fingerprint();
    assert_eq!(SIZE, size_of::<Book>());
    assert_eq!(FINGERPRINT, Book::LAYOUT.fingerprint());
}
