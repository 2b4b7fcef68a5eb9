//! Procedural macros for [disruptor-mp](https://docs.rs/disruptor-mp).
//!
//! Use them through the runtime crate (`disruptor_mp::SharedEvent`), not directly: the generated
//! code refers to the runtime's hidden `__private` module, and this crate is pinned to the exact
//! runtime version it was released with.
//!
//! The derive runs in three stages, each in its own module: `parse` reads the item into the
//! derive's own model, `validate` checks every rule that syntax can decide and collects all
//! violations, and `expand` writes the impl together with the bounds and const assertions through
//! which rustc proves the rest. The hidden half of `shared_channel!` has the same three stages in
//! `channel/`.

mod attrs;
mod channel;
mod diagnostics;
mod expand;
mod limits;
mod parse;
mod validate;

use proc_macro::TokenStream;

/// Derives `SharedEvent` for a struct, so it can be placed in a ring shared between processes.
///
/// Another process, possibly built from different source, reads and writes the same bytes, so the
/// struct must be plain data with a layout fixed by the source. The derive checks at compile time
/// that it is, reporting every problem at once, each on the code that causes it:
///
/// - **A struct with fields.** Named or tuple fields; enums (most bit patterns are not a valid
///   variant), unions (the reader cannot tell which field is live) and structs without fields are
///   rejected.
/// - **`#[repr(C)]` or `#[repr(transparent)]`.** The default `repr(Rust)` may reorder fields.
///   `#[repr(C, align(N))]` is accepted; `repr(packed)` is not, because unaligned fields cannot be
///   accessed safely or atomically.
/// - **No generic parameters.** Both processes must agree on one concrete layout.
/// - **`Copy`.** `SharedEvent` requires `Copy` (and so no `Drop`); derive it alongside.
/// - **Every field is itself `SharedEvent`:** fixed-size integers, `f32`/`f64`, arrays `[T; N]`
///   of them, and other `#[derive(SharedEvent)]` structs. `bool`, `char`, references, raw and
///   function pointers, tuples, slices, `Option`, `Vec`, `String`, ... are rejected, with a
///   suggested replacement where there is an obvious one.
/// - **No implicit padding.** Padding bytes are uninitialised, so every byte must belong to a
///   field: if the compiler would insert padding before a field, or after the last one, the build
///   fails, naming the field and the number of bytes to add as explicit padding such as
///   `_pad: [u8; 4]`.
///
/// The derived `SharedEvent::LAYOUT` records the wire name, size, alignment and, per field,
/// its name (`"0"`, `"1"`, ... for tuple structs), offset and type; its fingerprint is what two
/// processes compare before sharing a ring. Doc comments, other derives and attributes do not
/// affect it; renaming, reordering or retyping a field does.
///
/// # Attributes
///
/// `#[shared_event(...)]` on the struct accepts, each at most once:
///
/// - `name = "WireName"`: the wire name recorded in the layout, at most 64 bytes. Defaults to the
///   struct's name. With it, the Rust type can be renamed or moved without changing the
///   fingerprint, and two programs can give the same event different Rust names.
/// - `crate = "path"`: the path to the disruptor-mp crate, for when it is renamed or re-exported.
///   Defaults to `::disruptor_mp`. The string is used verbatim as a path, so `"::my_dmp"` (a
///   renamed dependency), `"my_dmp"` (a name in scope) and `"crate::reexports::dmp"` all work.
///
/// # Example
///
/// ```
/// use disruptor_mp::SharedEvent;
///
/// /// One trade, exactly 32 bytes with no padding.
/// #[derive(Clone, Copy, Debug, SharedEvent)]
/// #[repr(C)]
/// #[shared_event(name = "Trade")]
/// pub struct TradeV1 {
///     pub price: f64,
///     pub quantity: u64,
///     pub symbol: [u8; 8],
///     pub side: u8,
///     pub _pad: [u8; 7],
/// }
///
/// let layout = TradeV1::LAYOUT;
/// assert_eq!(layout.name().as_str(), "Trade");
/// assert_eq!(layout.size(), 32);
/// assert_eq!(layout.fields()[2].name(), "symbol");
/// assert_eq!(layout.fields()[2].type_name().as_str(), "[u8; 8]");
/// ```
///
/// Without `_pad`, seven padding bytes would follow `side` and the build would fail with
/// "SharedEvent `TradeV1`: 7 bytes of implicit trailing padding after field `side`; add 7 bytes of
/// explicit padding after it, at the end of the struct (for example `_pad: [u8; 7]`) ...".
#[proc_macro_derive(SharedEvent, attributes(shared_event))]
pub fn derive_shared_event(input: TokenStream) -> TokenStream {
    let input = syn::parse_macro_input!(input as syn::DeriveInput);
    let mut errors = diagnostics::Errors::default();
    let input = parse::parse(input, &mut errors);
    let placeholder = expand::refused_placeholder(&input);
    match validate::validate(input, errors) {
        Ok(event) => expand::expand(&event).into(),
        Err(error) => {
            let mut output = error.into_compile_error();
            output.extend(placeholder);
            output.into()
        }
    }
}

/// The hidden half of `disruptor_mp::shared_channel!`; use that macro, which passes the path to
/// the runtime crate (`$crate`) as the first, bracketed token.
#[doc(hidden)]
#[proc_macro]
pub fn __shared_channel(input: TokenStream) -> TokenStream {
    channel::shared_channel(input.into()).into()
}
