//! The inline string every compile-time name is built on.

use super::WireName;
use super::inline_str::InlineStr;
use super::segment_name::is_portable_character_set;

#[test]
fn pushes_fit_exactly_up_to_the_capacity() {
    let full = InlineStr::<4>::try_from_str("abcd").expect("four bytes fit in four");
    assert_eq!(full.as_str(), "abcd");
    assert_eq!(full.len(), 4);
    assert_eq!(full.try_push_str("e"), None);
    assert_eq!(full.try_push_str(""), Some(full));
    assert_eq!(InlineStr::<4>::try_from_str("abcde"), None);
}

#[test]
fn decimals_are_written_whole_or_not_at_all() {
    let name = InlineStr::<8>::new().push_ascii(b'n');
    assert_eq!(
        name.try_push_decimal(0).map(|n| n.to_string()),
        Some("n0".into())
    );
    assert_eq!(
        name.try_push_decimal(1_234_567).map(|n| n.to_string()),
        Some("n1234567".into())
    );
    assert_eq!(name.try_push_decimal(12_345_678), None);
}

#[test]
fn only_utf8_is_accepted_from_bytes() {
    assert_eq!(
        InlineStr::<8>::try_from_utf8("é".as_bytes()).map(|n| n.to_string()),
        Some("é".into())
    );
    assert_eq!(InlineStr::<8>::try_from_utf8(&[0xff]), None);
}

#[test]
fn equality_and_formatting_see_the_string_only() {
    let a = InlineStr::<16>::try_from_str("ab").expect("fits");
    let b = InlineStr::<16>::new().push_ascii(b'a').push_ascii(b'b');
    assert_eq!(a, b);
    assert_eq!(format!("{a} {a:?}"), "ab \"ab\"");
}

#[test]
fn wire_names_of_arrays_nest() {
    const INNER: WireName = WireName::array(&WireName::new("u8"), 16);
    const OUTER: WireName = WireName::array(&INNER, 2);
    assert_eq!(OUTER.as_str(), "[[u8; 16]; 2]");
    assert_eq!(WireName::from_bytes(OUTER.as_bytes()), Some(OUTER));
    assert_eq!(WireName::from_bytes(&[b'x'; 65]), None);
}

#[test]
fn counts_are_joined_between_parts() {
    const MESSAGE: InlineStr<64> = InlineStr::joined(&["add ", " bytes: [u8; ", "]"], 4);
    assert_eq!(MESSAGE.as_str(), "add 4 bytes: [u8; 4]");
    assert_eq!(InlineStr::<8>::joined(&["one"], 7).as_str(), "one");
    assert_eq!(
        InlineStr::<8>::joined(&["abc ", " defgh"], 12).as_str(),
        "abc 12"
    );
}

#[test]
fn the_portable_character_set_is_compared_exactly() {
    const SET: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-";
    assert!(is_portable_character_set(SET));
    assert!(is_portable_character_set(&format!("{SET}-")));
    assert!(!is_portable_character_set(&SET[1..]));
    assert!(!is_portable_character_set(&format!("{SET}/")));
}

#[test]
#[should_panic(expected = "SharedEvent wire name is longer than 64 bytes")]
fn a_wire_name_that_does_not_fit_panics_with_the_limit() {
    let _ = WireName::new(&"x".repeat(65));
}
