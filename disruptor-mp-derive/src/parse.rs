//! From `syn::DeriveInput` to the derive's own model of the input.
//!
//! Nothing is rejected here except malformed helper attributes: an enum, a missing `#[repr(C)]`
//! or a `bool` field are all represented faithfully so that `validate` can report every problem,
//! each on its own span, in one pass.

use crate::attrs::{self, Options};
use crate::diagnostics::Errors;
use proc_macro2::Span;
use syn::ext::IdentExt;
use syn::spanned::Spanned;
use syn::{
    Attribute, Data, DeriveInput, Fields, Generics, Ident, Index, LitInt, Member, Token, Type,
};

/// The item the derive was applied to.
pub(crate) struct EventInput {
    /// The type's name, with its span: errors about the type as a whole point here.
    pub(crate) ident: Ident,
    /// Generic parameters and where clause, as written.
    pub(crate) generics: Generics,
    /// What kind of item it is, and its fields when it is a struct.
    pub(crate) body: Body,
    /// What the `#[repr(...)]` attributes say.
    pub(crate) repr: Repr,
    /// What the `#[shared_event(...)]` attributes say.
    pub(crate) options: Options,
}

/// The item's kind.
pub(crate) enum Body {
    /// A struct with named, tuple or no fields.
    Struct(Vec<InputField>),
    /// An enum; the keyword is kept for the error's span.
    Enum(Token![enum]),
    /// A union; the keyword is kept for the error's span.
    Union(Token![union]),
}

/// One field of a struct.
pub(crate) struct InputField {
    /// How `offset_of!` names it: an identifier, or an index for tuple structs.
    pub(crate) member: Member,
    /// The name recorded in the layout: the identifier without `r#`, or the index as a string.
    pub(crate) name: String,
    /// The field's type, as written.
    pub(crate) ty: Type,
    /// `#[shared_event]` attributes on the field, which the derive does not accept.
    pub(crate) stray_attributes: Vec<Attribute>,
}

/// The union of every `#[repr(...)]` attribute on the item.
#[derive(Default)]
pub(crate) struct Repr {
    /// `C`.
    pub(crate) c: bool,
    /// `transparent`.
    pub(crate) transparent: bool,
    /// `Rust`, which is the default and means "no defined layout".
    pub(crate) rust: bool,
    /// `packed` or `packed(N)`: the span of the `packed` token, which the error points at.
    pub(crate) packed: Option<Span>,
    /// Some `#[repr]` could not be read; rustc reports it, so the derive keeps quiet about repr.
    pub(crate) malformed: bool,
}

/// Reads `input`; malformed `#[shared_event]` attributes are recorded in `errors`.
pub(crate) fn parse(input: DeriveInput, errors: &mut Errors) -> EventInput {
    let options = attrs::parse_options(&input.attrs, errors);
    let repr = parse_repr(&input.attrs);
    let body = match input.data {
        Data::Struct(data) => Body::Struct(parse_fields(data.fields)),
        Data::Enum(data) => Body::Enum(data.enum_token),
        Data::Union(data) => Body::Union(data.union_token),
    };
    EventInput {
        ident: input.ident,
        generics: input.generics,
        body,
        repr,
        options,
    }
}

fn parse_fields(fields: Fields) -> Vec<InputField> {
    fields
        .into_iter()
        .enumerate()
        .map(|(index, field)| {
            let (member, name) = match field.ident {
                Some(ident) => {
                    let name = ident.unraw().to_string();
                    (Member::Named(ident), name)
                }
                None => {
                    let span = field.ty.span();
                    (
                        Member::Unnamed(Index {
                            index: index as u32,
                            span,
                        }),
                        index.to_string(),
                    )
                }
            };
            let stray_attributes = field
                .attrs
                .into_iter()
                .filter(attrs::is_shared_event)
                .collect();
            InputField {
                member,
                name,
                ty: field.ty,
                stray_attributes,
            }
        })
        .collect()
}

fn parse_repr(attrs: &[Attribute]) -> Repr {
    let mut repr = Repr::default();
    for attr in attrs.iter().filter(|attr| attr.path().is_ident("repr")) {
        let parsed = attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("C") {
                repr.c = true;
            } else if meta.path.is_ident("transparent") {
                repr.transparent = true;
            } else if meta.path.is_ident("Rust") {
                repr.rust = true;
            } else if meta.path.is_ident("packed") {
                repr.packed = Some(meta.path.span());
            }
            // `packed(N)`, `align(N)`; integer reprs and anything newer are left to rustc.
            if meta.input.peek(syn::token::Paren) {
                let content;
                syn::parenthesized!(content in meta.input);
                content.parse::<LitInt>()?;
            }
            Ok(())
        });
        if parsed.is_err() {
            repr.malformed = true;
        }
    }
    repr
}
