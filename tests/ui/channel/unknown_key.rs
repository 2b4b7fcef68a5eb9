// Misspelled or unsupported keys are reported, with a suggestion when one is close.
use disruptor_mp::SharedEvent;

#[derive(Clone, Copy, SharedEvent)]
#[repr(C)]
pub struct Quote {
    pub id: u64,
    pub price: u64,
}

disruptor_mp::shared_channel! {
    pub channel Quotes: Quote { name: "quotes", capacty: 1024, consumers: 1, mode: 0o600 }
}

fn main() {}
