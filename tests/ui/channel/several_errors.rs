// Every problem of a declaration is reported in one compile.
use disruptor_mp::SharedEvent;

#[derive(Clone, Copy, SharedEvent)]
#[repr(C)]
pub struct Quote {
    pub id: u64,
    pub price: u64,
}

disruptor_mp::shared_channel! {
    pub channel Quotes: Quote { name: "quotes!", capacity: 100, consumers: 0, colour: 1 }
}

fn main() {}
