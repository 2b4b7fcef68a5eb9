// Segment names use the POSIX portable filename set, [A-Za-z0-9._-].
use disruptor_mp::SharedEvent;

#[derive(Clone, Copy, SharedEvent)]
#[repr(C)]
pub struct Quote {
    pub id: u64,
    pub price: u64,
}

disruptor_mp::shared_channel! {
    pub channel Quotes: Quote { name: "feed/quotes", capacity: 1024, consumers: 1 }
    pub channel Trades: Quote { name: "trades µs", capacity: 1024, consumers: 1 }
}

fn main() {}
