//! Golden values: the fingerprints and default segment names of a fixed set of types.
//!
//! A segment written by one build is attached by others, possibly built from another release, so
//! these values are part of the format: if a refactor of the hashing (or of what the derive feeds
//! it) changes one, every peer built before it stops matching. A failure here must be a
//! deliberate, versioned decision, never a test to update in passing.
//!
//! Every value was computed, when pinned, by an independent implementation of the scheme in
//! `disruptor_mp::event::fingerprint` (FNV-1a 64 over tagged, length-prefixed items: `prim` name
//! size align; `array` len element size align; `struct` name size align count, then per field name
//! offset fingerprint), and by this crate, and the two agreed.

use disruptor_mp::{PortableSegmentName, SharedEvent, portable_shm_segment_name};

/// The layout golden test from `derive_layout.rs`, repeated so that this file holds the full set.
#[derive(Clone, Copy, SharedEvent)]
#[repr(C)]
#[shared_event(name = "Golden")]
struct Golden {
    id: u64,
    tag: [u8; 8],
}

#[derive(Clone, Copy, SharedEvent)]
#[repr(C)]
struct Tick {
    price: u64,
    volume: u32,
    venue: u32,
    symbol: [u8; 8],
}

#[derive(Clone, Copy, SharedEvent)]
#[repr(C)]
struct Level {
    price: i64,
    quantity: u32,
    orders: u16,
    _pad: [u8; 2],
}

/// Nested events and an array of them.
#[derive(Clone, Copy, SharedEvent)]
#[repr(C)]
struct Book {
    sequence: u64,
    bid: Level,
    ask: Level,
    depth: [Level; 2],
}

/// A Rust name unrelated to the wire name.
#[derive(Clone, Copy, SharedEvent)]
#[repr(C)]
#[shared_event(name = "com.example.Quote")]
struct QuoteV7 {
    id: u64,
    price: f64,
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

#[derive(Clone, Copy, SharedEvent)]
#[repr(C)]
struct RawIdents {
    r#type: u32,
    r#match: u32,
}

#[test]
fn primitive_fingerprints() {
    let actual = [
        ("u8", u8::FINGERPRINT),
        ("u16", u16::FINGERPRINT),
        ("u32", u32::FINGERPRINT),
        ("u64", u64::FINGERPRINT),
        ("u128", u128::FINGERPRINT),
        ("i8", i8::FINGERPRINT),
        ("i16", i16::FINGERPRINT),
        ("i32", i32::FINGERPRINT),
        ("i64", i64::FINGERPRINT),
        ("i128", i128::FINGERPRINT),
        ("f32", f32::FINGERPRINT),
        ("f64", f64::FINGERPRINT),
    ];
    let golden = [
        ("u8", 10_028_376_615_567_452_006),
        ("u16", 4_570_155_997_778_103_942),
        ("u32", 5_308_955_934_856_155_480),
        ("u64", 5_583_551_855_389_207_727),
        ("u128", 11_292_214_364_125_777_385),
        ("i8", 10_639_250_955_625_235_834),
        ("i16", 17_565_259_782_080_211_658),
        ("i32", 8_273_811_601_537_237_636),
        ("i64", 2_671_043_083_819_350_059),
        ("i128", 17_323_175_070_480_900_341),
        ("f32", 13_177_737_843_616_741_061),
        ("f64", 1_009_397_016_733_499_014),
    ];
    assert_eq!(actual, golden);
}

/// `usize` and `isize` hash their size, so their fingerprints are per pointer width (and a
/// segment from another width is refused before fingerprints are compared).
#[cfg(target_pointer_width = "64")]
#[test]
fn pointer_sized_fingerprints_on_64_bit_targets() {
    assert_eq!(usize::FINGERPRINT, 7_848_412_869_195_045_466);
    assert_eq!(isize::FINGERPRINT, 6_730_758_624_922_046_870);
}

#[test]
fn array_fingerprints() {
    assert_eq!(<[u8; 16]>::FINGERPRINT, 17_988_377_459_898_227_957);
    assert_eq!(<[u64; 4]>::FINGERPRINT, 7_878_652_972_741_952_734);
    assert_eq!(<[[u8; 4]; 2]>::FINGERPRINT, 1_679_594_958_049_778_863);
    assert_eq!(<[f64; 0]>::FINGERPRINT, 16_628_251_572_362_846_699);
    assert_eq!(<[Level; 2]>::FINGERPRINT, 15_672_528_229_171_464_871);
}

#[test]
fn struct_fingerprints() {
    let actual = [
        ("Golden", Golden::FINGERPRINT),
        ("Tick", Tick::FINGERPRINT),
        ("Level", Level::FINGERPRINT),
        ("Book", Book::FINGERPRINT),
        ("QuoteV7", QuoteV7::FINGERPRINT),
        ("Pair", Pair::FINGERPRINT),
        ("Price", Price::FINGERPRINT),
        ("Aligned", Aligned::FINGERPRINT),
        ("RawIdents", RawIdents::FINGERPRINT),
    ];
    let golden = [
        ("Golden", 6_406_188_677_506_997_824),
        ("Tick", 2_643_566_030_091_579_932),
        ("Level", 10_255_744_494_043_999_123),
        ("Book", 2_898_445_027_425_897_573),
        ("QuoteV7", 8_569_086_925_511_402_912),
        ("Pair", 2_305_802_282_414_073_599),
        ("Price", 18_270_667_169_240_626_571),
        ("Aligned", 666_086_972_055_607_642),
        ("RawIdents", 5_433_145_417_867_556_790),
    ];
    assert_eq!(actual, golden);
}

#[test]
fn the_provided_fingerprint_is_the_layouts() {
    assert_eq!(Book::FINGERPRINT, Book::LAYOUT.fingerprint());
    assert_eq!(<[u8; 16]>::FINGERPRINT, <[u8; 16]>::LAYOUT.fingerprint());
}

/// Default segment names hash the wire name, so they are part of the format too.
#[test]
fn default_segment_names() {
    let actual = [
        Golden::DEFAULT_SEGMENT_NAME,
        Tick::DEFAULT_SEGMENT_NAME,
        Book::DEFAULT_SEGMENT_NAME,
        QuoteV7::DEFAULT_SEGMENT_NAME,
        Pair::DEFAULT_SEGMENT_NAME,
        RawIdents::DEFAULT_SEGMENT_NAME,
        u64::DEFAULT_SEGMENT_NAME,
        <[u8; 16]>::DEFAULT_SEGMENT_NAME,
    ]
    .map(|name| name.as_str().to_owned());
    let golden = [
        "golden7cneu69p",
        "tick9bm2459r",
        "bookuyt0kpsv",
        "comexac6jytqyu",
        "pair1e9gsh7u",
        "rawidegoymd9b0",
        "u64n98yw1xm",
        "u816yzjhijyt",
    ];
    assert_eq!(actual, golden);
    const NAME: PortableSegmentName = QuoteV7::DEFAULT_SEGMENT_NAME;
    assert_eq!(
        NAME.as_str(),
        portable_shm_segment_name("com.example.Quote")
    );
}

/// The `const` name and the run-time function agree, including on labels with nothing to keep,
/// with non-ASCII characters and with characters outside the portable set; the values are the
/// ones the run-time function returned before it had a `const` form.
#[test]
fn const_and_run_time_segment_names_agree() {
    let golden = [
        ("demo", "demoib4kcoel"),
        ("quotes", "quotesftmwhndp"),
        ("Quote", "quote4n6xlqh9"),
        ("", "di3p2x6b2"),
        ("ÄÖü-x", "xt990amey"),
        ("Hello World 123", "hellowkr7ji2vj"),
        ("a/b", "abdoxglb6x"),
        ("snake_case_label", "snakec0fku0kwu"),
    ];
    for (label, expected) in golden {
        assert_eq!(PortableSegmentName::for_label(label).as_str(), expected);
        assert_eq!(portable_shm_segment_name(label), expected);
        assert!(disruptor_mp::is_portable_segment_name(expected));
    }
}
