//! What an older build of the same program declared: the same channel, but version 1 of the
//! quote, whose `price` was an `f64`. A consumer built from this cannot attach to a ring that a
//! newer feed created; it is told exactly which field changed.

use disruptor_mp::SharedEvent;

/// Version 1 of [`super::channels::Quote`], with the same wire name.
#[derive(Clone, Copy, Debug, Default, SharedEvent)]
#[repr(C)]
#[shared_event(name = "Quote")]
pub struct Quote {
    /// Sequence number given by the feed.
    pub id: u64,
    /// Price in currency units.
    pub price: f64,
    /// Shares offered.
    pub quantity: u32,
    /// Exchange id.
    pub venue: u32,
}

disruptor_mp::shared_channel! {
    /// The quote channel as version 1 declared it.
    pub channel Quotes: Quote { name: "ex-quotes", capacity: 1024, consumers: 2 }
}
