// `crate = "..."` must hold a path.
use disruptor_mp::SharedEvent;

#[derive(Clone, Copy, SharedEvent)]
#[repr(C)]
#[shared_event(crate = "disruptor-mp")]
pub struct Tick {
    pub price: u64,
}

fn main() {}
