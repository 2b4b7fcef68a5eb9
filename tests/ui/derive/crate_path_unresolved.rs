// The `crate` path is used verbatim; when it does not resolve, rustc says so on the string.
use disruptor_mp::SharedEvent;

#[derive(Clone, Copy, SharedEvent)]
#[repr(C)]
#[shared_event(crate = "::not_disruptor_mp")]
pub struct Tick {
    pub price: u64,
}

fn main() {}
