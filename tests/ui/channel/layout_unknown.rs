// The slot layouts are `Stamped` and `Packed`; anything else is named as unknown.
use disruptor_mp::SharedEvent;

#[derive(Clone, Copy, SharedEvent)]
#[repr(C)]
pub struct Quote {
    pub id: u64,
    pub price: u64,
}

disruptor_mp::shared_channel! {
    pub channel Trades: Quote { name: "trades", capacity: 1024, consumers: 1, layout: Dense }
}

fn main() {}
