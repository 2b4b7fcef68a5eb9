// A portable segment name has at most 14 characters (macOS limits shm names to 31 bytes).
use disruptor_mp::SharedEvent;

#[derive(Clone, Copy, SharedEvent)]
#[repr(C)]
pub struct Quote {
    pub id: u64,
    pub price: u64,
}

disruptor_mp::shared_channel! {
    pub channel Quotes: Quote { name: "market-quotes-v2", capacity: 1024, consumers: 1 }
}

fn main() {}
