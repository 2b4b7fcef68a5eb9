// Capacities above 2^30 slots are refused.
use disruptor_mp::SharedEvent;

#[derive(Clone, Copy, SharedEvent)]
#[repr(C)]
pub struct Quote {
    pub id: u64,
    pub price: u64,
}

disruptor_mp::shared_channel! {
    pub channel Quotes: Quote { name: "quotes", capacity: 2147483648, consumers: 1 }
}

fn main() {}
