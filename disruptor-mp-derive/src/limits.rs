//! The runtime's limits the derive and `shared_channel!` check while compiling, each written once
//! here, and the assertion every expansion carries that they still equal the runtime's own.
//!
//! This crate cannot depend on the runtime crate (the runtime depends on it), so it repeats the
//! values; the generated `const` assertion makes a change on either side a compile error in the
//! first build that uses both, instead of a silent disagreement.

use proc_macro2::{Ident, Literal, TokenStream};
use quote::quote;

/// Longest wire name a segment header stores (`disruptor_mp::event::WIRE_NAME_MAX_LEN`).
pub(crate) const WIRE_NAME_MAX_LEN: usize = 64;
/// Longest portable segment name (`disruptor_mp::PORTABLE_SHM_SEGMENT_NAME_MAX_LEN`).
pub(crate) const SEGMENT_NAME_MAX_LEN: usize = 14;
/// Every character a portable segment name may contain: the POSIX portable filename set.
pub(crate) const SEGMENT_NAME_CHARACTERS: &str =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-";
/// Largest ring capacity (the runtime's `MAX_CAPACITY`).
pub(crate) const MAX_CAPACITY: u64 = 1 << 30;
/// Most consumer places in a ring (the runtime's `MAX_CONSUMERS_LIMIT`).
pub(crate) const MAX_CONSUMERS: u64 = 4096;

/// Whether `c` may appear in a portable segment name.
pub(crate) fn is_segment_name_character(c: char) -> bool {
    SEGMENT_NAME_CHARACTERS.contains(c)
}

/// `const _: () = assert!(...)` that every limit above equals the runtime's, through `rt` (the
/// alias of the runtime's `__private` module in the generated block).
pub(crate) fn agreement(rt: &Ident) -> TokenStream {
    let wire_name = Literal::usize_suffixed(WIRE_NAME_MAX_LEN);
    let segment_name = Literal::usize_suffixed(SEGMENT_NAME_MAX_LEN);
    let characters = Literal::string(SEGMENT_NAME_CHARACTERS);
    let capacity = Literal::u64_suffixed(MAX_CAPACITY);
    let consumers = Literal::u64_suffixed(MAX_CONSUMERS);
    let message = "disruptor-mp-derive disagrees with the disruptor-mp runtime on a limit (wire \
                   name length, segment name length or characters, capacity, consumer count); \
                   disruptor-mp and disruptor-mp-derive must have the same version";
    quote! {
        const _: () = #rt::core::assert!(
            #wire_name == #rt::WIRE_NAME_MAX_LEN
                && #segment_name == #rt::PORTABLE_SHM_SEGMENT_NAME_MAX_LEN
                && #rt::is_portable_character_set(#characters)
                && #capacity == #rt::MAX_CAPACITY
                && #consumers == #rt::MAX_CONSUMERS_LIMIT,
            #message
        );
    }
}
