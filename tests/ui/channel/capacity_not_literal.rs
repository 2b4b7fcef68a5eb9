// Settings are literals, so that they can be checked while the macro expands.
use disruptor_mp::SharedEvent;

#[derive(Clone, Copy, SharedEvent)]
#[repr(C)]
pub struct Quote {
    pub id: u64,
    pub price: u64,
}

const CAPACITY: usize = 1024;

disruptor_mp::shared_channel! {
    pub channel Quotes: Quote { name: "quotes", capacity: CAPACITY, consumers: 1 }
}

fn main() {}
