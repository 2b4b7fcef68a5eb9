//! `shared_channel!`: a `macro_rules!` front that hands `$crate` to the hidden procedural macro,
//! so the expansion reaches this crate under whatever name the user's `Cargo.toml` gives it.

/// Declares typed channels: each a ring of one [`SharedEvent`](crate::SharedEvent) type with a
/// segment name, capacity, consumer count and backend, written once.
///
/// ```
/// use disruptor_mp::{SharedChannel, SharedEvent};
///
/// #[derive(Clone, Copy, Default, SharedEvent)]
/// #[repr(C)]
/// pub struct Quote {
///     pub id: u64,
///     pub price: f64,
/// }
///
/// #[derive(Clone, Copy, Default, SharedEvent)]
/// #[repr(C)]
/// pub struct Fill {
///     pub order: u64,
///     pub quantity: u64,
/// }
///
/// disruptor_mp::shared_channel! {
///     /// Quotes from the feed, read by the pricer and the recorder.
///     pub channel Quotes: Quote { name: "quotes", capacity: 4096, consumers: 2, backend: Shm }
///     /// Fills from the exchange.
///     pub(crate) channel Fills: Fill { name: "fills", capacity: 1024, consumers: 1 }
///     /// Fills kept in a file for post-mortem inspection.
///     pub channel FillLog: Fill {
///         name: "fill-log", capacity: 1024, consumers: 1, backend: Mmap { dir: "/var/lib/feed" }
///     }
/// }
///
/// assert_eq!(Quotes::NAME, "quotes");
/// assert_eq!(Quotes::CAPACITY, 4096);
/// assert_eq!(Quotes::MAX_CONSUMERS, 2);
/// assert_eq!(Quotes::FINGERPRINT, Quote::LAYOUT.fingerprint());
/// assert_eq!(Fills::consumer_id(0), "fills_0");
/// assert_eq!(FillLog::BACKEND, disruptor_mp::ChannelBackend::Mmap { dir: "/var/lib/feed" });
///
/// fn run() -> disruptor_mp::MultiProcessResult<()> {
///     // In the producer process:
///     let mut producer = Quotes::producer().build_producer(Quote::default)?;
///     producer.publish_value(Quote { id: 1, price: 101.5 });
///     // In each consumer process (index 0 or 1):
///     let mut consumer = Quotes::consumer(0).build_consumer()?;
///     let (_sequence, quote) = consumer.consume_next()?;
///     assert_eq!(quote.price, 101.5);
///     Ok(())
/// }
/// # let _ = run;
/// ```
///
/// # Syntax
///
/// Any number of declarations, each
/// `#[attributes] visibility channel Name: EventType { key: value, ... }`, with the keys (each
/// exactly once, in any order, separated by commas):
///
/// | key         | value                                                                      |
/// |-------------|----------------------------------------------------------------------------|
/// | `name`      | the segment name: a string literal of 1 to 14 characters from `[A-Za-z0-9._-]` (see [`is_portable_segment_name`](crate::is_portable_segment_name)), distinct among the channels of one invocation |
/// | `capacity`  | the number of slots: an integer literal, a power of two from 1 to 2^30     |
/// | `consumers` | the number of gating consumer places: an integer literal from 1 to 4096   |
/// | `backend`   | optional: `Shm` (a POSIX shared-memory object; the default) or `Mmap { dir: "/path" }` (the memory-mapped file `/path/<name>.ring`, see [`build_mmap_single_producer`](crate::build_mmap_single_producer)) |
/// | `layout`    | optional: `Stamped` (a sequence stamp per slot; the default, lowest latency for single hand-offs) or `Packed` (events at their natural stride; highest throughput for bursts), see [`SlotLayout`](crate::SlotLayout). The producer lays the ring out so; consumers read whichever it has |
///
/// # What it declares
///
/// For each declaration, an uninhabited type `Name` (it is a name for the channel, never a
/// value) carrying the attributes and doc comments written on the declaration, which implements
/// [`SharedChannel`](crate::SharedChannel) and has inherent items with the declaration's
/// visibility, so no import is needed:
///
/// - `NAME`, `CAPACITY`, `MAX_CONSUMERS`, `BACKEND`, `SLOT_LAYOUT` and `FINGERPRINT` (the
///   event's layout fingerprint);
/// - `producer()`, `consumer(index)`, `observer()` and `consumer_id(index)`, returning the same
///   [`SharedDisruptorBuilder`](crate::SharedDisruptorBuilder) as the raw API (see
///   [`SharedChannel`](crate::SharedChannel) for how consumer places work).
///
/// # Compile errors
///
/// Each on the token that causes it: a capacity that is zero, not a power of two or above 2^30;
/// a consumer count of zero or above 4096; a segment name that is empty, longer than 14
/// characters, has a character outside `[A-Za-z0-9._-]` or repeats another channel's; an event
/// type that does not implement `SharedEvent`; an unknown, missing or repeated key; an unknown
/// backend, or an `Mmap` without a non-empty `dir` string literal; a value of the wrong kind (`capacity: "4096"`, `name: quotes`).
///
/// The generated code uses absolute paths only, so it compiles under `#![no_implicit_prelude]`,
/// with the crate renamed in `Cargo.toml`, and next to user items named like the crate's own.
#[macro_export]
macro_rules! shared_channel {
    ($($declarations:tt)*) => {
        $crate::__private::__shared_channel! { [$crate] $($declarations)* }
    };
}
