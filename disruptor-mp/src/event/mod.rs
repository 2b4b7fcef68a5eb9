//! Which types may live in shared memory, and how they describe themselves.

mod fingerprint;
mod layout;
mod primitives;
mod wire_name;

pub use fingerprint::LayoutHasher;
pub use layout::{EventLayout, FieldLayout};
pub use wire_name::{WIRE_NAME_MAX_LEN, WireName};

/// A type that can be placed in a ring shared between processes.
///
/// Implemented by the crate for fixed-size integers, floats and arrays of `SharedEvent`, and by
/// `#[derive(SharedEvent)]` for user structs (see the derive's docs for the rules it enforces).
///
/// # Safety
///
/// Implementors promise `bytemuck::Pod`-like semantics, because another process (possibly built
/// from different source) writes the bytes this process reads:
/// - the type is `repr(C)` or `repr(transparent)` and contains no implicit padding;
/// - every bit pattern is a valid value (no `bool`, `char`, enums, references, pointers);
/// - it has no interior mutability and no `Drop`;
/// - [`SharedEvent::LAYOUT`] describes the type exactly (its size, alignment and fields).
///
/// Use the derive rather than implementing this by hand: it checks every one of these at compile
/// time.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be placed in shared memory: it does not implement `SharedEvent`",
    label = "not `SharedEvent`",
    note = "shared events may only contain fixed-size integers, floats, arrays of them and other `#[derive(SharedEvent)]` structs; `bool`, `char`, references, pointers, `Option`, `Vec` and `String` are not allowed"
)]
pub unsafe trait SharedEvent: Copy + Send + Sync + 'static {
    /// The type's layout and fingerprint, computed at compile time.
    const LAYOUT: EventLayout;
}
