// Only `name` and `crate` are understood; a typo must not be silently ignored.
use disruptor_mp::SharedEvent;

#[derive(Clone, Copy, SharedEvent)]
#[repr(C)]
#[shared_event(nmae = "Tick")]
pub struct Tick {
    pub price: u64,
}

#[derive(Clone, Copy, SharedEvent)]
#[repr(C)]
#[shared_event(name = "Quote", skip)]
pub struct Quote {
    pub price: u64,
}

fn main() {}
