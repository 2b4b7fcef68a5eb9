//! Placeholder: replaced by the real derive.
#![allow(missing_docs)]
use proc_macro::TokenStream;

#[proc_macro_derive(SharedEvent, attributes(shared_event))]
pub fn derive_shared_event(_input: TokenStream) -> TokenStream {
    TokenStream::new()
}
