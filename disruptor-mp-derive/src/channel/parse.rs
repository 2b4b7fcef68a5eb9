//! From the tokens of `shared_channel!` to the macro's own model of the declarations.
//!
//! Only the shape is checked here: `[runtime path] (attributes visibility channel Name: Type {
//! key: value, ... })*`. Which keys are known, whether each is present once and whether a value is
//! acceptable is decided in `validate`, so that every such problem is reported together.

use proc_macro2::TokenStream;
use syn::ext::IdentExt;
use syn::parse::{Parse, ParseStream};
use syn::punctuated::Punctuated;
use syn::{Attribute, Expr, Ident, Token, Type, Visibility, braced, bracketed};

/// The keyword that introduces a declaration.
const KEYWORD: &str = "channel";

/// The whole invocation.
pub(crate) struct Invocation {
    /// The path to the runtime crate, as the `macro_rules!` front passed it (`$crate`).
    pub(crate) krate: TokenStream,
    /// The declarations, in order.
    pub(crate) declarations: Vec<Declaration>,
}

/// One `channel Name: Event { ... }` declaration.
pub(crate) struct Declaration {
    /// Attributes and doc comments, applied to the generated type.
    pub(crate) attrs: Vec<Attribute>,
    /// Visibility of the generated type and of its inherent items.
    pub(crate) vis: Visibility,
    /// The channel type's name.
    pub(crate) ident: Ident,
    /// The event type, as written.
    pub(crate) event: Type,
    /// The braces around the settings: errors about a missing key point here.
    pub(crate) brace: syn::token::Brace,
    /// The settings, in the order written.
    pub(crate) entries: Vec<Entry>,
}

/// One `key: value` setting.
pub(crate) struct Entry {
    /// The key, any identifier or keyword (unknown ones are reported by `validate`).
    pub(crate) key: Ident,
    /// The value, any expression (its kind is checked by `validate`).
    pub(crate) value: Expr,
}

impl Parse for Invocation {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        let krate;
        bracketed!(krate in input);
        let krate = krate.parse()?;
        let mut declarations = Vec::new();
        while !input.is_empty() {
            declarations.push(input.parse()?);
        }
        Ok(Self {
            krate,
            declarations,
        })
    }
}

impl Parse for Declaration {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        let attrs = input.call(Attribute::parse_outer)?;
        let vis = input.parse()?;
        let keyword = input.call(Ident::parse_any).map_err(|error| {
            syn::Error::new(
                error.span(),
                "expected a channel declaration: `pub channel Name: Event { name: \"...\", \
                 capacity: N, consumers: N }`",
            )
        })?;
        if keyword != KEYWORD {
            return Err(syn::Error::new(
                keyword.span(),
                format!(
                    "expected `{KEYWORD}`, found `{keyword}`; a declaration reads `pub channel \
                     Name: Event {{ name: \"...\", capacity: N, consumers: N }}`"
                ),
            ));
        }
        let ident = input.parse()?;
        input.parse::<Token![:]>()?;
        let event = input.parse()?;
        let content;
        let brace = braced!(content in input);
        let entries = Punctuated::<Entry, Token![,]>::parse_terminated(&content)?;
        Ok(Self {
            attrs,
            vis,
            ident,
            event,
            brace,
            entries: entries.into_iter().collect(),
        })
    }
}

impl Parse for Entry {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        let key = input.call(Ident::parse_any)?;
        input.parse::<Token![:]>()?;
        let value = input.parse()?;
        Ok(Self { key, value })
    }
}
