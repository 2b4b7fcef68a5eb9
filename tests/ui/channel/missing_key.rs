// `name`, `capacity` and `consumers` are required; every missing key is listed.
use disruptor_mp::SharedEvent;

#[derive(Clone, Copy, SharedEvent)]
#[repr(C)]
pub struct Quote {
    pub id: u64,
    pub price: u64,
}

disruptor_mp::shared_channel! {
    pub channel Quotes: Quote { name: "quotes", consumers: 1 }
    pub channel Trades: Quote { capacity: 64 }
}

fn main() {}
