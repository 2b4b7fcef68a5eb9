//! Generates each validated channel: an uninhabited type, its `SharedChannel` impl, and inherent
//! constants and constructors with the declaration's visibility.
//!
//! Everything but the type itself is emitted inside one `const _: () = { ... };` block that starts
//! with `use <runtime>::__private as __disruptor_mp;`, where `<runtime>` is the `$crate` the
//! `macro_rules!` front passed in. Every other path goes through that alias (including `core`,
//! `str`, `usize` and `String`), so the output compiles under `#![no_implicit_prelude]`, under a
//! renamed dependency, and next to user items named `Result`, `Option`, `SharedEvent`, `usize`,
//! ... Generated docs use no intra-doc links, which would not resolve in the user's crate.

use super::validate::{Backend, Channel};
use crate::limits;
use proc_macro2::{Literal, Span, TokenStream};
use quote::{ToTokens, quote};
use syn::Ident;

/// Name the runtime's `__private` module is imported under inside each generated block.
const RUNTIME: &str = "__disruptor_mp";

/// The items for every channel, in declaration order.
pub(crate) fn expand(krate: &TokenStream, channels: &[Channel]) -> TokenStream {
    channels
        .iter()
        .map(|channel| expand_channel(krate, channel))
        .collect()
}

fn expand_channel(krate: &TokenStream, channel: &Channel) -> TokenStream {
    let Channel {
        attrs,
        vis,
        ident,
        event,
        name,
        capacity,
        consumers,
        backend,
        layout,
    } = channel;
    let rt = Ident::new(RUNTIME, Span::call_site());
    let (capacity, consumers) = (capacity.0, consumers.0);
    let capacity_literal = spanned_usize(capacity, channel.capacity.1);
    let consumers_literal = spanned_usize(consumers, channel.consumers.1);
    let event_text = event.to_token_stream().to_string();
    let name_text = name.value();
    let (backend_variant, doc_backend) = match backend {
        Backend::Shm => (
            quote!(Shm),
            "Where the ring lives: a POSIX shared-memory object.".to_owned(),
        ),
        Backend::Mmap { dir } => (
            quote!(Mmap { dir: #dir }),
            format!(
                "Where the ring lives: the memory-mapped file `{}/{name_text}.ring`.",
                dir.value().trim_end_matches('/')
            ),
        ),
    };
    let last_index = consumers - 1;
    let doc_layout = format!(
        "How the producer lays out the ring's slots: `SlotLayout::{layout}` (consumers read \
         whichever the ring has)."
    );

    let doc_name = format!("The segment name, `{name_text}`.");
    let doc_capacity = format!("Number of slots in the ring: {capacity}.");
    let doc_consumers = format!(
        "Number of gating consumer places: {consumers} (consumer indexes 0 to {last_index})."
    );
    let doc_fingerprint = format!(
        "Layout fingerprint of `{event_text}`: the ring records it, and a process whose event \
         layout has another fingerprint cannot attach."
    );
    let doc_producer = format!(
        "Starts building the producer of `{name_text}`: a ring of {capacity} `{event_text}` slots \
         whose {consumers} consumer places (ids `{name_text}_0` to `{name_text}_{last_index}`) \
         are reserved before anyone can attach, so each gating consumer sees every event."
    );
    let doc_consumer = format!(
        "Starts building consumer `index` (0 to {last_index}) of `{name_text}`, attaching with \
         the id `{name_text}_<index>`; `build_consumer` fails with `ConsumerIndexOutOfRange` for \
         any other index."
    );
    let doc_observer = format!(
        "Starts building a reader of `{name_text}` that does not gate the producer: it sees \
         events published after it attached, and gets `ConsumeError::Lapped` if it falls a whole \
         ring behind."
    );
    let doc_consumer_id = format!("The consumer id of place `index`: `{name_text}_<index>`.");
    let limits = limits::agreement(&rt);
    let in_limits = format!(
        "shared_channel! `{ident}`: the disruptor-mp runtime refuses this segment name, capacity \
         or consumer count; disruptor-mp and disruptor-mp-derive must have the same version"
    );

    quote! {
        #(#attrs)*
        #vis enum #ident {}

        const _: () = {
            use #krate::__private as #rt;

            #limits

            // The values themselves, checked by the runtime's own rules.
            const _: () = #rt::core::assert!(
                #rt::is_portable_segment_name(#name)
                    && (#capacity_literal as #rt::core::primitive::u64) <= #rt::MAX_CAPACITY
                    && (#consumers_literal as #rt::core::primitive::u64)
                        <= #rt::MAX_CONSUMERS_LIMIT,
                #in_limits
            );

            #[automatically_derived]
            impl #rt::SharedChannel for #ident {
                // Where rustc proves `Event: SharedEvent`, reporting a type that is not on the
                // type as written. No other generated item requires the bound (the builder type
                // has none, and the fingerprint is the trait's), so a wrong type is one error.
                type Event = #event;
                const NAME: &'static #rt::core::primitive::str = #name;
                const CAPACITY: #rt::core::primitive::usize = #capacity_literal;
                const MAX_CONSUMERS: #rt::core::primitive::usize = #consumers_literal;
                const BACKEND: #rt::ChannelBackend = #rt::ChannelBackend::#backend_variant;
                const SLOT_LAYOUT: #rt::SlotLayout = #rt::SlotLayout::#layout;
            }

            #[automatically_derived]
            impl #ident {
                #[doc = #doc_name]
                #vis const NAME: &'static #rt::core::primitive::str =
                    <Self as #rt::SharedChannel>::NAME;
                #[doc = #doc_capacity]
                #vis const CAPACITY: #rt::core::primitive::usize =
                    <Self as #rt::SharedChannel>::CAPACITY;
                #[doc = #doc_consumers]
                #vis const MAX_CONSUMERS: #rt::core::primitive::usize =
                    <Self as #rt::SharedChannel>::MAX_CONSUMERS;
                #[doc = #doc_backend]
                #vis const BACKEND: #rt::ChannelBackend = <Self as #rt::SharedChannel>::BACKEND;
                #[doc = #doc_layout]
                #vis const SLOT_LAYOUT: #rt::SlotLayout = <Self as #rt::SharedChannel>::SLOT_LAYOUT;
                #[doc = #doc_fingerprint]
                #vis const FINGERPRINT: #rt::core::primitive::u64 =
                    <Self as #rt::SharedChannel>::FINGERPRINT;

                #[doc = #doc_producer]
                #vis fn producer() -> #rt::ProducerBuilder<#event> {
                    <Self as #rt::SharedChannel>::producer()
                }

                #[doc = #doc_consumer]
                #vis fn consumer(
                    index: #rt::core::primitive::usize,
                ) -> #rt::ConsumerBuilder<#event> {
                    <Self as #rt::SharedChannel>::consumer(index)
                }

                #[doc = #doc_observer]
                #vis fn observer() -> #rt::ConsumerBuilder<#event> {
                    <Self as #rt::SharedChannel>::observer()
                }

                #[doc = #doc_consumer_id]
                #vis fn consumer_id(index: #rt::core::primitive::usize) -> #rt::String {
                    <Self as #rt::SharedChannel>::consumer_id(index)
                }
            }
        };
    }
}

/// `value` as an unsuffixed literal carrying `span`.
fn spanned_usize(value: u64, span: Span) -> Literal {
    let mut literal = Literal::u64_unsuffixed(value);
    literal.set_span(span);
    literal
}
