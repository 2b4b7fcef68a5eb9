// `#[shared_event]` configures the struct; on a field it would be silently meaningless.
use disruptor_mp::SharedEvent;

#[derive(Clone, Copy, SharedEvent)]
#[repr(C)]
pub struct Tick {
    #[shared_event(name = "px")]
    pub price: u64,
}

fn main() {}
