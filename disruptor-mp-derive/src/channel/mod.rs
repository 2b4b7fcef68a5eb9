//! The hidden half of `shared_channel!`, in three stages like the derive: `parse` reads the
//! declarations, `validate` checks every key and value (reporting all problems, each on its
//! token; `layout` checks the slot layout's), and `expand` writes the channel types.

mod expand;
mod layout;
mod parse;
mod validate;

use proc_macro2::TokenStream;

/// Expands the tokens the runtime's `shared_channel!` passes on (`[$crate] declarations...`).
pub(crate) fn shared_channel(input: TokenStream) -> TokenStream {
    let expanded = syn::parse2::<parse::Invocation>(input)
        .and_then(validate::validate)
        .map(|(krate, channels)| expand::expand(&krate, &channels));
    match expanded {
        Ok(tokens) => tokens,
        Err(error) => error.into_compile_error(),
    }
}
