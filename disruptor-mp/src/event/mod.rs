//! Which types may live in shared memory, and how they describe themselves.
//!
//! The bottom layer of the crate: everything here is `const`-evaluable and uses only `core` and
//! the files of this module, never a module above it (the derive's expansion, the segment format
//! and the run-time naming rules all build on it).

pub(crate) mod fingerprint;
pub(crate) mod inline_str;
pub(crate) mod layout;
mod primitives;
pub(crate) mod segment_name;
mod wire_name;

#[cfg(test)]
mod tests;

pub use layout::{EventLayout, FieldLayout};
pub use wire_name::{WIRE_NAME_MAX_LEN, WireName};

use segment_name::PortableSegmentName;

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
    note = "if `{Self}` is a struct you own, add `#[derive(SharedEvent)]` and `#[repr(C)]` to its definition (the derive checks at compile time that it can live in shared memory)",
    note = "shared events may only contain fixed-size integers, floats, arrays of them and other `#[derive(SharedEvent)]` structs; `bool`, `char`, references, pointers, `Option`, `Vec` and `String` are not allowed"
)]
pub unsafe trait SharedEvent: Copy + Send + Sync + 'static {
    /// The type's layout, computed at compile time: its wire name, size, alignment and, for a
    /// struct, each field's name, offset, type name and size.
    const LAYOUT: EventLayout;

    /// The layout fingerprint two processes compare before sharing a ring; the same value as
    /// `Self::LAYOUT.fingerprint()`. What changes it is listed in the crate's compatibility rules
    /// (`docs/compatibility.md`).
    ///
    /// Provided: do not override it.
    const FINGERPRINT: u64 = Self::LAYOUT.fingerprint();

    /// A portable segment name derived from the wire name (`Self::LAYOUT.name()`): what
    /// [`PortableSegmentName::for_label`] gives for it, the same as
    /// [`crate::portable_shm_segment_name`] would return at run time. Pass it to
    /// [`crate::build_shared_single_producer`] and [`crate::attach_shared_consumer`] as the
    /// segment name.
    ///
    /// Because the wire name (not the Rust type name) is hashed, renaming the Rust type while
    /// keeping `#[shared_event(name = "...")]` keeps the default segment name, and so does every
    /// change to the fields: a peer with an older layout then reaches the same ring and is told
    /// exactly what differs, instead of waiting for a ring that never appears.
    ///
    /// Provided: do not override it.
    const DEFAULT_SEGMENT_NAME: PortableSegmentName =
        PortableSegmentName::for_label(Self::LAYOUT.name().as_str());
}
