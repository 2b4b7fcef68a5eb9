//! The `#[shared_event(...)]` helper attribute: syntax only.
//!
//! This module turns the attribute's tokens into [`Options`] and reports malformed input (unknown
//! or repeated keys, values that are not string literals, a `crate` string that is not a path).
//! Whether a well-formed value is acceptable — for example whether a wire name is short enough —
//! is decided in `validate`.

use crate::diagnostics::Errors;
use syn::punctuated::Punctuated;
use syn::{Attribute, Expr, ExprLit, Lit, LitStr, Meta, Path, Token};

/// Name of the helper attribute, as registered on the derive.
pub(crate) const ATTRIBUTE: &str = "shared_event";

/// What the container's `#[shared_event(...)]` attributes asked for.
#[derive(Default)]
pub(crate) struct Options {
    /// `name = "..."`: the wire name, when it is not the struct's own name.
    pub(crate) name: Option<LitStr>,
    /// `crate = "..."`: the path generated code uses to reach the runtime crate.
    pub(crate) krate: Option<Path>,
}

/// Whether `attr` is a `#[shared_event(...)]` attribute.
pub(crate) fn is_shared_event(attr: &Attribute) -> bool {
    attr.path().is_ident(ATTRIBUTE)
}

/// Reads every `#[shared_event(...)]` among `attrs`; keys may be spread over several attributes,
/// but each may be given only once.
pub(crate) fn parse_options(attrs: &[Attribute], errors: &mut Errors) -> Options {
    let mut options = Options::default();
    for attr in attrs.iter().filter(|attr| is_shared_event(attr)) {
        let items = attr
            .meta
            .require_list()
            .and_then(|list| list.parse_args_with(Punctuated::<Meta, Token![,]>::parse_terminated));
        match items {
            Ok(items) => {
                for item in &items {
                    parse_item(item, &mut options, errors);
                }
            }
            Err(error) => errors.push(error),
        }
    }
    options
}

/// Applies one `key = "value"` item to `options`.
fn parse_item(item: &Meta, options: &mut Options, errors: &mut Errors) {
    let key = item.path();
    let value = match item {
        Meta::NameValue(name_value) => &name_value.value,
        Meta::Path(_) | Meta::List(_) => {
            let message = if key.is_ident("name") || key.is_ident("crate") {
                format!(
                    "expected `{key} = \"...\"` in #[shared_event]",
                    key = quote::ToTokens::to_token_stream(key)
                )
            } else {
                unknown_key_message(key)
            };
            errors.push(syn::Error::new_spanned(item, message));
            return;
        }
    };
    if key.is_ident("name") {
        let Some(literal) = string_value(value, "name", "\"Trade\"", errors) else {
            return;
        };
        if options.name.is_some() {
            errors.push(duplicate_key(key, "name"));
        } else {
            options.name = Some(literal);
        }
    } else if key.is_ident("crate") {
        let Some(literal) = string_value(value, "crate", "\"::disruptor_mp\"", errors) else {
            return;
        };
        let path = match literal.parse::<Path>() {
            Ok(path) => path,
            Err(_) => {
                errors.push(syn::Error::new(
                    literal.span(),
                    format!(
                        "`crate = {:?}` is not a path; expected the path to the disruptor-mp crate, \
                         for example \"::disruptor_mp\" or \"crate::reexports::disruptor_mp\"",
                        literal.value()
                    ),
                ));
                return;
            }
        };
        if options.krate.is_some() {
            errors.push(duplicate_key(key, "crate"));
        } else {
            options.krate = Some(path);
        }
    } else {
        errors.push(syn::Error::new_spanned(key, unknown_key_message(key)));
    }
}

/// The string literal `value`, or an error on it when it is something else.
fn string_value(value: &Expr, key: &str, example: &str, errors: &mut Errors) -> Option<LitStr> {
    if let Expr::Lit(ExprLit {
        lit: Lit::Str(literal),
        ..
    }) = value
    {
        return Some(literal.clone());
    }
    errors.push(syn::Error::new_spanned(
        value,
        format!("the value of `{key}` must be a string literal, for example `{key} = {example}`"),
    ));
    None
}

fn duplicate_key(key: &Path, name: &str) -> syn::Error {
    syn::Error::new_spanned(
        key,
        format!("duplicate `{name}` key in #[shared_event]; each key may be given only once"),
    )
}

fn unknown_key_message(key: &Path) -> String {
    format!(
        "unknown #[shared_event] key `{}`; expected `name = \"...\"` or `crate = \"...\"`",
        quote::ToTokens::to_token_stream(key)
            .to_string()
            .replace(' ', "")
    )
}
