//! The compile-time description of an event type: what a segment records and what an attacher
//! compares.

use super::fingerprint::LayoutHasher;
use super::wire_name::WireName;

/// One field of a struct event, as the derive describes it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FieldLayout {
    /// The field's name in the Rust source.
    pub name: &'static str,
    /// Byte offset from the start of the event.
    pub offset: usize,
    /// Wire name of the field's type (`u64`, `[u8; 16]`, a nested event's name).
    pub type_name: WireName,
    /// Size of the field's type in bytes.
    pub size: usize,
    /// Fingerprint of the field's type, so nested events are compared structurally.
    pub fingerprint: u64,
}

impl FieldLayout {
    /// Describes the field `name` at `offset`, whose type has layout `ty`.
    pub const fn new(name: &'static str, offset: usize, ty: &EventLayout) -> Self {
        Self {
            name,
            offset,
            type_name: ty.name,
            size: ty.size,
            fingerprint: ty.fingerprint,
        }
    }
}

/// An event type's layout: wire name, size, alignment, fields and the fingerprint over all of it.
///
/// Built in `const` context by the crate's own impls (primitives, arrays) and by
/// `#[derive(SharedEvent)]`; two processes may share a ring only if their layouts' fingerprints
/// are equal.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EventLayout {
    /// The name both processes agree on (the Rust type name unless the derive renamed it).
    pub name: WireName,
    /// `size_of` the event.
    pub size: usize,
    /// `align_of` the event.
    pub align: usize,
    /// Hash of everything above and of every field; see the crate docs for what it covers.
    pub fingerprint: u64,
    /// Fields in declaration order; empty for primitives and arrays.
    pub fields: &'static [FieldLayout],
}

impl EventLayout {
    /// The layout of a primitive (integer or float) type.
    pub const fn primitive(name: &str, size: usize, align: usize) -> Self {
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
    pub const fn array(element: &EventLayout, len: usize, size: usize, align: usize) -> Self {
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
    pub const fn structure(
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
