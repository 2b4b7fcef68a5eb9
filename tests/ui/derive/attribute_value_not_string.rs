// Values are string literals, so `name = Tick` or `name = 5` is a mistake, not an identifier.
use disruptor_mp::SharedEvent;

#[derive(Clone, Copy, SharedEvent)]
#[repr(C)]
#[shared_event(name = Tick)]
pub struct Tick {
    pub price: u64,
}

#[derive(Clone, Copy, SharedEvent)]
#[repr(C)]
#[shared_event(name = 5, crate = b"::disruptor_mp")]
pub struct Quote {
    pub price: u64,
}

fn main() {}
