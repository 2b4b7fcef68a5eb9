//! The compile-time description of an event type: what a segment records and what an attacher
//! compares.

use super::fingerprint::LayoutHasher;
use super::wire_name::WireName;

/// One field of a struct event, as the derive describes it.
///
/// Read-only: only `#[derive(SharedEvent)]` builds these, from `offset_of!` and the field type's
/// own [`EventLayout`], so a description cannot disagree with the type it describes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FieldLayout {
    name: &'static str,
    offset: usize,
    type_name: WireName,
    size: usize,
    fingerprint: u64,
}

impl FieldLayout {
    /// Describes the field `name` at `offset`, whose type has layout `ty`.
    pub(crate) const fn new(name: &'static str, offset: usize, ty: &EventLayout) -> Self {
        Self {
            name,
            offset,
            type_name: ty.name,
            size: ty.size,
            fingerprint: ty.fingerprint,
        }
    }

    /// The field's name in the Rust source (`"0"`, `"1"`, ... for a tuple struct).
    pub const fn name(&self) -> &'static str {
        self.name
    }

    /// Byte offset from the start of the event.
    pub const fn offset(&self) -> usize {
        self.offset
    }

    /// Wire name of the field's type (`u64`, `[u8; 16]`, a nested event's name).
    pub const fn type_name(&self) -> &WireName {
        &self.type_name
    }

    /// Size of the field's type in bytes.
    pub const fn size(&self) -> usize {
        self.size
    }

    /// Fingerprint of the field's type, so nested events are compared structurally.
    pub const fn fingerprint(&self) -> u64 {
        self.fingerprint
    }
}

/// An event type's layout: wire name, size, alignment, fields and the fingerprint over all of it.
///
/// Built in `const` context by the crate's own impls (primitives, arrays) and by
/// `#[derive(SharedEvent)]`, never by hand: its fields are read-only, so the fingerprint always
/// covers the values the accessors return. Two processes may share a ring only if their layouts'
/// fingerprints are equal.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EventLayout {
    name: WireName,
    size: usize,
    align: usize,
    fingerprint: u64,
    fields: &'static [FieldLayout],
}

impl EventLayout {
    /// The name both processes agree on (the Rust type name unless the derive renamed it).
    pub const fn name(&self) -> &WireName {
        &self.name
    }

    /// `size_of` the event.
    pub const fn size(&self) -> usize {
        self.size
    }

    /// `align_of` the event.
    pub const fn align(&self) -> usize {
        self.align
    }

    /// Hash of the name, size, alignment and every field; what changes it is listed in the
    /// crate's compatibility rules (`docs/compatibility.md`).
    pub const fn fingerprint(&self) -> u64 {
        self.fingerprint
    }

    /// Fields in declaration order; empty for primitives and arrays.
    pub const fn fields(&self) -> &'static [FieldLayout] {
        self.fields
    }

    /// The layout of a primitive (integer or float) type.
    pub(crate) const fn primitive(name: &str, size: usize, align: usize) -> Self {
        let fingerprint = LayoutHasher::new("prim")
            .str(name)
            .usize(size)
            .usize(align)
            .finish();
        Self {
            name: WireName::new(name),
            size,
            align,
            fingerprint,
            fields: &[],
        }
    }

    /// The layout of `[T; len]` where `element` is `T`'s layout.
    pub(crate) const fn array(
        element: &EventLayout,
        len: usize,
        size: usize,
        align: usize,
    ) -> Self {
        let fingerprint = LayoutHasher::new("array")
            .usize(len)
            .u64(element.fingerprint)
            .usize(size)
            .usize(align)
            .finish();
        Self {
            name: WireName::array(&element.name, len),
            size,
            align,
            fingerprint,
            fields: &[],
        }
    }

    /// The layout of a struct event with the given wire name and fields.
    pub(crate) const fn structure(
        name: &str,
        size: usize,
        align: usize,
        fields: &'static [FieldLayout],
    ) -> Self {
        let mut hasher = LayoutHasher::new("struct")
            .str(name)
            .usize(size)
            .usize(align)
            .usize(fields.len());
        let mut i = 0;
        while i < fields.len() {
            let field = &fields[i];
            hasher = hasher
                .str(field.name)
                .usize(field.offset)
                .u64(field.fingerprint);
            i += 1;
        }
        Self {
            name: WireName::new(name),
            size,
            align,
            fingerprint: hasher.finish(),
            fields,
        }
    }

    /// Sum of the field sizes; equals `size` exactly when the struct has no implicit padding.
    pub const fn field_size_sum(&self) -> usize {
        let mut sum = 0;
        let mut i = 0;
        while i < self.fields.len() {
            sum += self.fields[i].size;
            i += 1;
        }
        sum
    }
}

/// The layout `#[derive(SharedEvent)]` generates for a struct: not public API (reached through
/// `__private`), because a layout built by hand could describe another type than its own.
#[doc(hidden)]
pub const fn struct_layout(
    name: &str,
    size: usize,
    align: usize,
    fields: &'static [FieldLayout],
) -> EventLayout {
    EventLayout::structure(name, size, align, fields)
}

/// The field description `#[derive(SharedEvent)]` generates: not public API (reached through
/// `__private`), like [`struct_layout`].
#[doc(hidden)]
pub const fn field_layout(name: &'static str, offset: usize, ty: &EventLayout) -> FieldLayout {
    FieldLayout::new(name, offset, ty)
}
