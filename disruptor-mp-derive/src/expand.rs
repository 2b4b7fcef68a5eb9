//! Generates the `SharedEvent` impl for a validated struct.
//!
//! Everything is emitted inside one `const _: () = { ... };` block, so no name leaks into the
//! user's module. The block starts with `use <krate>::__private as __disruptor_mp;` and every
//! other path goes through that alias (including `core`, which the user's crate may shadow), so
//! the output compiles under `#![no_implicit_prelude]`, with a renamed runtime crate, and next to
//! user items named `SharedEvent`, `EventLayout`, `Option`, `core`, ...
//!
//! Why the generated `unsafe impl` is sound — each obligation of the trait's `# Safety` section
//! is discharged by `validate` or by rustc, never assumed:
//! - `repr(C)` / `repr(transparent)`, not packed, no generics: checked by `validate`;
//! - every bit pattern valid, no interior mutability: every field type must itself implement
//!   `SharedEvent` (a bound per field below, on the field's span), and syntactic types that never
//!   could are rejected by `validate` first;
//! - no implicit padding: const assertions below compute the gap between each field's offset and
//!   the end of the previous field, and between the struct's size and the end of the last field,
//!   and fail naming the number of bytes to add (a `repr(transparent)`
//!   struct has exactly the layout of its one non-zero-sized field, which is itself padding-free);
//! - no `Drop`: the trait's `Copy` supertrait, which rustc checks on the impl (spanned on the
//!   struct's name);
//! - `LAYOUT` describes the type: its size, alignment and offsets come from `size_of`,
//!   `align_of` and `offset_of!` on the type itself, never from the derive's own arithmetic.

use crate::limits;
use crate::parse::{Body, EventInput};
use crate::validate::{Event, EventField};
use proc_macro2::{Span, TokenStream};
use quote::{ToTokens, quote, quote_spanned};
use syn::ext::IdentExt;
use syn::spanned::Spanned;
use syn::{Ident, Member, Type};

/// Name the runtime's `__private` module is imported under inside the generated block. Every
/// other path goes through it, so a wrong `crate = "..."` is reported once, on the attribute, and
/// each assertion's `panic!` can carry the span of the field it is about (rustc reports a const
/// panic where the macro call's path starts). Items in the block are visible to the user's field
/// types, hence a name no one would pick.
const RUNTIME: &str = "__disruptor_mp";

/// The `const _: () = { ... };` block implementing `SharedEvent` for `event`.
pub(crate) fn expand(event: &Event) -> TokenStream {
    let Event {
        ident,
        wire_name,
        krate,
        transparent,
        fields,
    } = event;
    let rt = Ident::new(RUNTIME, Span::call_site());

    let field_layouts = fields.iter().map(|EventField { member, name, ty }| {
        // The bound `FieldTy: SharedEvent` is proven by naming `<FieldTy as SharedEvent>::LAYOUT`;
        // spanning it from the type's first to its last token puts rustc's error on the type.
        let (first, last) = type_spans(ty);
        let head = quote_spanned!(first=> <#ty as #rt::SharedEvent>);
        let tail = quote_spanned!(last=> ::LAYOUT);
        quote! {
            #rt::field_layout(#name, #rt::core::mem::offset_of!(#ident, #member), &#head #tail)
        }
    });

    let display_name = ident.unraw().to_string();
    let mut assertions = vec![assertion(
        ident.span(),
        quote!(#rt::core::mem::size_of::<#ident>() == 0),
        &format!(
            "SharedEvent `{display_name}` is zero-sized: all of its fields are zero-sized, so it \
             carries no data; add a field with a non-zero size"
        ),
    )];
    if !transparent {
        for (index, pair) in fields.windows(2).enumerate() {
            let [previous, field] = pair else { continue };
            let (previous_member, previous_ty, member) =
                (&previous.member, &previous.ty, &field.member);
            let (previous_name, name) = (&previous.name, &field.name);
            assertions.push(padding_assertion(
                member_span(member),
                quote! {
                    #rt::core::mem::offset_of!(#ident, #member)
                        - (#rt::core::mem::offset_of!(#ident, #previous_member)
                            + #rt::core::mem::size_of::<#previous_ty>())
                },
                [
                    &format!("SharedEvent `{display_name}`: "),
                    &format!(
                        " of implicit padding between fields `{previous_name}` and `{name}`; add "
                    ),
                    &format!(
                        " of explicit padding after field `{previous_name}` (for example \
                         `_pad{index}: [u8; "
                    ),
                    "]`) so every byte is initialised",
                ],
            ));
        }
        if let Some(EventField { member, name, ty }) = fields.last() {
            assertions.push(padding_assertion(
                member_span(member),
                quote! {
                    #rt::core::mem::size_of::<#ident>()
                        - (#rt::core::mem::offset_of!(#ident, #member)
                            + #rt::core::mem::size_of::<#ty>())
                },
                [
                    &format!("SharedEvent `{display_name}`: "),
                    &format!(" of implicit trailing padding after field `{name}`; add "),
                    " of explicit padding after it, at the end of the struct (for example `_pad: \
                     [u8; ",
                    "]`) so every byte is initialised",
                ],
            ));
        }
    }

    let limits = limits::agreement(&rt);

    quote! {
        const _: () = {
            use #krate::__private as #rt;

            #limits

            // A `&[...]` written directly as an argument would be a temporary, not `'static`;
            // a `const` item's initialiser is.
            const __FIELDS: &[#rt::FieldLayout] = &[#(#field_layouts),*];

            #(#assertions)*

            #[automatically_derived]
            unsafe impl #rt::SharedEvent for #ident {
                const LAYOUT: #rt::EventLayout = #rt::struct_layout(
                    #wire_name,
                    #rt::core::mem::size_of::<#ident>(),
                    #rt::core::mem::align_of::<#ident>(),
                    __FIELDS,
                );
            }
        };
    }
}

/// `const _: () = if failed { panic!(message) };`, reported at `span` when `failed` is true.
fn assertion(span: Span, failed: TokenStream, message: &str) -> TokenStream {
    let rt = Ident::new(RUNTIME, span);
    quote_spanned! {span=>
        const _: () = if #failed {
            #rt::core::panic!(#message)
        };
    }
}

/// `const _: () = ...;` failing, at `span`, when the padding `bytes` computes is not zero, with
/// the message `parts[0] N byte(s) parts[1] N byte(s) parts[2] N parts[3]`, N being the number
/// of padding bytes.
///
/// The derive cannot know N (only rustc knows sizes and offsets), and a const panic prints a
/// `&str` but cannot format one, so the expansion builds the message in `const` with the
/// runtime's `InlineStr::joined` and panics with `"{}"` and that string.
fn padding_assertion(span: Span, bytes: TokenStream, parts: [&str; 4]) -> TokenStream {
    let rt = Ident::new(RUNTIME, span);
    let [start, middle, fix, end] = parts;
    let one = [
        start,
        &format!(" byte{middle}"),
        &format!(" byte{fix}"),
        end,
    ];
    let many = [
        start,
        &format!(" bytes{middle}"),
        &format!(" bytes{fix}"),
        end,
    ];
    // Names no user item has: a unit struct or constant named like a `let` binding in scope
    // would turn the binding into a pattern.
    quote_spanned! {span=>
        const _: () = {
            let __dmp_padding: #rt::core::primitive::usize = #bytes;
            if __dmp_padding != 0 {
                let __dmp_message = if __dmp_padding == 1 {
                    #rt::CountMessage::joined(&[#(#one),*], __dmp_padding)
                } else {
                    #rt::CountMessage::joined(&[#(#many),*], __dmp_padding)
                };
                #rt::core::panic!("{}", __dmp_message.as_str())
            }
        };
    }
}

/// Where errors about a field point: its name, or for a tuple field its type.
fn member_span(member: &Member) -> Span {
    match member {
        Member::Named(ident) => ident.span(),
        Member::Unnamed(index) => index.span,
    }
}

/// Spans of the first and last token of `ty`.
fn type_spans(ty: &Type) -> (Span, Span) {
    let first = ty.span();
    let last = ty
        .to_token_stream()
        .into_iter()
        .last()
        .map_or(first, |token| token.span());
    (first, last)
}

/// What follows the errors of a refused struct: a `SharedEvent` impl that is never used (the
/// build has already failed), so that every use of the type as an event does not add an error
/// saying it does not implement `SharedEvent` — and to derive it, which it does. Nothing for a
/// generic type (its impl would need the generics the derive refused), nor for one with a raw
/// pointer field (it is not `Send` or `Sync`, which the impl would add errors about).
pub(crate) fn refused_placeholder(input: &EventInput) -> TokenStream {
    let has_pointer = match &input.body {
        Body::Struct(fields) => fields.iter().any(|field| holds_pointer(&field.ty)),
        _ => false,
    };
    if !input.generics.params.is_empty() || has_pointer {
        return TokenStream::new();
    }
    let ident = &input.ident;
    let krate = match &input.options.krate {
        Some(path) => path.to_token_stream(),
        None => quote!(::disruptor_mp),
    };
    quote! {
        const _: () = {
            // SAFETY: never relied on: the derive reported errors for this type, so the program
            // does not compile; this impl only keeps them from being repeated at every use.
            unsafe impl #krate::SharedEvent for #ident {
                const LAYOUT: #krate::__private::EventLayout = #krate::__private::struct_layout(
                    ::core::stringify!(#ident),
                    ::core::mem::size_of::<#ident>(),
                    ::core::mem::align_of::<#ident>(),
                    &[],
                );
            }
        };
    }
}

/// Whether `ty` is a raw pointer or an array (of arrays) of them.
fn holds_pointer(ty: &Type) -> bool {
    match ty {
        Type::Ptr(_) => true,
        Type::Array(array) => holds_pointer(&array.elem),
        Type::Paren(inner) => holds_pointer(&inner.elem),
        Type::Group(inner) => holds_pointer(&inner.elem),
        _ => false,
    }
}
