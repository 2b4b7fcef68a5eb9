// `SharedEvent: Copy`: an event is copied in and out of the ring, and may not have a `Drop`.
use disruptor_mp::SharedEvent;

#[derive(Clone, SharedEvent)]
#[repr(C)]
pub struct Tick {
    pub price: u64,
}

fn main() {}
