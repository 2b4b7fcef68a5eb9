// An empty wire name would match nothing meaningful in the segment header.
use disruptor_mp::SharedEvent;

#[derive(Clone, Copy, SharedEvent)]
#[repr(C)]
#[shared_event(name = "")]
pub struct Tick {
    pub price: u64,
}

fn main() {}
