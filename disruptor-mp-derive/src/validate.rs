//! The rules the derive can check from syntax alone.
//!
//! Everything found is reported together. What syntax cannot decide — whether a field's type
//! implements `SharedEvent`, whether the struct is `Copy`, whether rustc inserted padding — is
//! left to rustc through the bounds and const assertions `expand` generates.

use crate::diagnostics::Errors;
use crate::limits::WIRE_NAME_MAX_LEN;
use crate::parse::{Body, EventInput, InputField, Repr};
use syn::ext::IdentExt;
use syn::{Ident, LitStr, Member, Path, Type, TypePath};

/// A struct that passed every syntactic rule, ready for `expand`.
pub(crate) struct Event {
    /// The struct's name.
    pub(crate) ident: Ident,
    /// The name recorded in the layout and compared between processes.
    pub(crate) wire_name: String,
    /// Path to the runtime crate (`::disruptor_mp` unless `#[shared_event(crate = "...")]`).
    pub(crate) krate: Path,
    /// `repr(transparent)`: the layout is the single non-zero-sized field's, so it has no padding.
    pub(crate) transparent: bool,
    /// The fields, in declaration order; never empty.
    pub(crate) fields: Vec<EventField>,
}

/// One field of a validated struct.
pub(crate) struct EventField {
    /// How `offset_of!` names it.
    pub(crate) member: Member,
    /// The name recorded in the layout.
    pub(crate) name: String,
    /// The field's type.
    pub(crate) ty: Type,
}

/// Checks `input`, adding to the `errors` parsing found; `Err` carries all of them.
pub(crate) fn validate(input: EventInput, mut errors: Errors) -> syn::Result<Event> {
    let EventInput {
        ident,
        generics,
        body,
        repr,
        options,
    } = input;

    let is_struct = matches!(body, Body::Struct(_));
    let fields = match body {
        Body::Struct(fields) => fields,
        Body::Enum(keyword) => {
            errors.push(syn::Error::new_spanned(
                keyword,
                "SharedEvent cannot be derived for an enum: another process may write any \
                 discriminant, and most bit patterns are not a valid variant; use a struct with an \
                 integer tag field (for example `kind: u8`) instead",
            ));
            Vec::new()
        }
        Body::Union(keyword) => {
            errors.push(syn::Error::new_spanned(
                keyword,
                "SharedEvent cannot be derived for a union: the reader cannot know which field is \
                 initialised; use a struct with a tag field and a `[u8; N]` payload instead",
            ));
            Vec::new()
        }
    };
    // Enums and unions already have an error; a `#[repr]` rustc cannot read gets rustc's own.
    if is_struct && !repr.malformed {
        check_repr(&ident, &repr, &mut errors);
    }

    if !generics.params.is_empty() {
        errors.push(syn::Error::new_spanned(
            &generics,
            "SharedEvent cannot be derived for a generic type: the layout both processes agree on \
             must be one concrete type; remove the generic parameters and declare one struct per \
             instantiation you need",
        ));
    } else if let Some(where_clause) = &generics.where_clause {
        errors.push(syn::Error::new_spanned(
            where_clause,
            "SharedEvent cannot be derived for a type with a where clause; remove it",
        ));
    }

    if is_struct && fields.is_empty() {
        errors.push(syn::Error::new(
            ident.span(),
            format!(
                "a SharedEvent must have at least one field: `{}` has none, and a zero-sized event \
                 carries no data",
                ident.unraw()
            ),
        ));
    }

    for field in &fields {
        for attr in &field.stray_attributes {
            errors.push(syn::Error::new_spanned(
                attr,
                "#[shared_event] is only accepted on the struct itself, not on its fields",
            ));
        }
        check_field_type(&field.ty, &mut errors);
    }

    let wire_name = wire_name(&ident, options.name.as_ref(), &mut errors);
    errors.finish()?;

    let krate = options
        .krate
        .unwrap_or_else(|| syn::parse_quote!(::disruptor_mp));
    let fields = fields
        .into_iter()
        .map(
            |InputField {
                 member, name, ty, ..
             }| EventField { member, name, ty },
        )
        .collect();
    Ok(Event {
        ident,
        wire_name,
        krate,
        transparent: repr.transparent,
        fields,
    })
}

fn check_repr(ident: &Ident, repr: &Repr, errors: &mut Errors) {
    if let Some(packed) = repr.packed {
        errors.push(syn::Error::new(
            packed,
            "a SharedEvent cannot be `repr(packed)`: its fields would be unaligned, and unaligned \
             fields cannot be read or written safely or atomically in shared memory; remove \
             `packed` and lay the fields out with explicit padding fields instead",
        ));
    }
    if repr.c || repr.transparent {
        return;
    }
    let message = if repr.rust {
        format!(
            "`{}` is `#[repr(Rust)]`, whose field order and padding may differ between builds; \
             use #[repr(C)] so that every process agrees on the layout",
            ident.unraw()
        )
    } else {
        format!(
            "`{}` has no defined layout, so two builds may disagree on it: add #[repr(C)] (or \
             #[repr(transparent)] for a single-field wrapper) to derive SharedEvent",
            ident.unraw()
        )
    };
    errors.push(syn::Error::new(ident.span(), message));
}

/// Rejects field types that can never be `SharedEvent`, with a reason and a replacement. Types
/// this cannot judge (paths to other types) are left to the `SharedEvent` bound rustc checks.
fn check_field_type(ty: &Type, errors: &mut Errors) {
    let reason = match ty {
        Type::Array(array) => return check_field_type(&array.elem, errors),
        Type::Group(group) => return check_field_type(&group.elem, errors),
        Type::Paren(paren) => return check_field_type(&paren.elem, errors),
        Type::Reference(_) => {
            "references cannot be SharedEvent fields: an address means nothing in another \
             process; store an index or an offset (for example a `u32`) instead"
        }
        Type::Ptr(_) => {
            "raw pointers cannot be SharedEvent fields: an address means nothing in another \
             process; store an index or an offset (for example a `u64`) instead"
        }
        Type::FnPtr(_) => {
            "function pointers cannot be SharedEvent fields: code addresses differ between \
             processes; store a discriminant (for example a `u32`) and dispatch on it instead"
        }
        Type::TraitObject(_) => {
            "trait objects cannot be SharedEvent fields: they are unsized and carry a vtable \
             pointer; use a concrete #[derive(SharedEvent)] type instead"
        }
        Type::ImplTrait(_) => {
            "`impl Trait` cannot be a SharedEvent field type; name a concrete \
             #[derive(SharedEvent)] type instead"
        }
        Type::Slice(_) => {
            "slices cannot be SharedEvent fields: they are unsized; use a fixed-size array \
             `[T; N]` instead"
        }
        Type::Tuple(tuple) if tuple.elems.is_empty() => {
            "`()` cannot be a SharedEvent field: it is zero-sized and carries no data; remove the \
             field"
        }
        Type::Tuple(_) => {
            "tuples cannot be SharedEvent fields: their layout is unspecified (`repr(Rust)`); \
             use an array `[T; N]` or a nested #[derive(SharedEvent)] struct instead"
        }
        Type::Never(_) => "`!` cannot be a SharedEvent field: it has no values",
        Type::Path(path) if is_primitive(path, "bool") => {
            "`bool` cannot be a SharedEvent field: only the bytes 0 and 1 are valid `bool`s, and \
             another process may write any byte; use a `u8` holding 0 or 1 instead"
        }
        Type::Path(path) if is_primitive(path, "char") => {
            "`char` cannot be a SharedEvent field: not every `u32` is a valid `char`, and another \
             process may write any bits; store a `u32` and convert it with `char::from_u32` \
             instead"
        }
        _ => return,
    };
    errors.push(syn::Error::new_spanned(ty, reason));
}

/// Whether `path` names the primitive `name`: `name` alone, or `core::primitive::name` /
/// `std::primitive::name`.
fn is_primitive(path: &TypePath, name: &str) -> bool {
    if path.qself.is_some() || path.path.segments.iter().any(|s| !s.arguments.is_none()) {
        return false;
    }
    let segments: Vec<String> = path
        .path
        .segments
        .iter()
        .map(|s| s.ident.to_string())
        .collect();
    match segments.as_slice() {
        [only] => path.path.leading_colon.is_none() && only == name,
        [krate, module, last] => {
            (krate == "core" || krate == "std") && module == "primitive" && last == name
        }
        _ => false,
    }
}

/// The wire name: `name = "..."` when given, the struct's name otherwise; either must fit the
/// runtime's fixed-size name field.
fn wire_name(ident: &Ident, name: Option<&LitStr>, errors: &mut Errors) -> String {
    let (value, span, from_attribute) = match name {
        Some(literal) => (literal.value(), literal.span(), true),
        None => (ident.unraw().to_string(), ident.span(), false),
    };
    if value.is_empty() {
        errors.push(syn::Error::new(
            span,
            "the SharedEvent wire name must not be empty",
        ));
    } else if value.len() > WIRE_NAME_MAX_LEN {
        let hint = if from_attribute {
            "choose a shorter one"
        } else {
            "set a shorter one with #[shared_event(name = \"...\")]"
        };
        errors.push(syn::Error::new(
            span,
            format!(
                "the SharedEvent wire name `{value}` is {} bytes long, but at most \
                 {WIRE_NAME_MAX_LEN} bytes fit in a segment header; {hint}",
                value.len()
            ),
        ));
    }
    value
}
