// Slots are found by masking the sequence, so the capacity must be a power of two.
use disruptor_mp::SharedEvent;

#[derive(Clone, Copy, SharedEvent)]
#[repr(C)]
pub struct Quote {
    pub id: u64,
    pub price: u64,
}

disruptor_mp::shared_channel! {
    pub channel Quotes: Quote { name: "quotes", capacity: 1000, consumers: 1 }
}

fn main() {}
