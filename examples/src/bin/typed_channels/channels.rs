//! The channels, declared once. Every process of the program builds its producer or consumers
//! from these declarations and nothing else: no segment name, capacity or consumer count is
//! written anywhere but here.

use disruptor_mp::SharedEvent;

/// One quote from the feed. Version 2: `price` is an integer number of ticks (version 1 had an
/// `f64`; see `older.rs`).
#[derive(Clone, Copy, Debug, Default, SharedEvent)]
#[repr(C)]
#[shared_event(name = "Quote")]
pub struct Quote {
    /// Sequence number given by the feed.
    pub id: u64,
    /// Price in ticks of 0.01.
    pub price: i64,
    /// Shares offered.
    pub quantity: u32,
    /// Exchange id.
    pub venue: u32,
}

/// A fill the pricer reports.
#[derive(Clone, Copy, Debug, Default, SharedEvent)]
#[repr(C)]
pub struct Fill {
    /// The quote that was hit.
    pub quote_id: u64,
    /// Price in ticks.
    pub price: i64,
    /// Shares filled.
    pub quantity: u32,
    /// Explicit padding, so every byte of the event is a field.
    pub _pad: [u8; 4],
}

disruptor_mp::shared_channel! {
    /// Quotes from the feed: the pricer (consumer 0) and the recorder (consumer 1) each see
    /// every quote.
    pub channel Quotes: Quote { name: "ex-quotes", capacity: 1024, consumers: 2, backend: Shm }
    /// Fills from the pricer, read by the recorder.
    pub channel Fills: Fill { name: "ex-fills", capacity: 256, consumers: 1 }
}

/// Consumer index of the pricer on [`Quotes`].
pub const PRICER: usize = 0;
/// Consumer index of the recorder on [`Quotes`].
pub const RECORDER: usize = 1;
/// Consumer index of the recorder on [`Fills`].
pub const FILLS_RECORDER: usize = 0;
