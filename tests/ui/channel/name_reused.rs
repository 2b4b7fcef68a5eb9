// Two channels of one invocation cannot share a segment.
use disruptor_mp::SharedEvent;

#[derive(Clone, Copy, SharedEvent)]
#[repr(C)]
pub struct Quote {
    pub id: u64,
    pub price: u64,
}

disruptor_mp::shared_channel! {
    pub channel Quotes: Quote { name: "quotes", capacity: 1024, consumers: 1 }
    pub channel Replay: Quote { name: "quotes", capacity: 1024, consumers: 1 }
}

fn main() {}
