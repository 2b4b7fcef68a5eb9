// Each key may be given once, even across several `#[shared_event]` attributes.
use disruptor_mp::SharedEvent;

#[derive(Clone, Copy, SharedEvent)]
#[repr(C)]
#[shared_event(name = "Tick", name = "TickV2")]
pub struct Tick {
    pub price: u64,
}

#[derive(Clone, Copy, SharedEvent)]
#[repr(C)]
#[shared_event(crate = "::disruptor_mp")]
#[shared_event(crate = "::disruptor_mp")]
pub struct Quote {
    pub price: u64,
}

fn main() {}
