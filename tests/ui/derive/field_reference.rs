// An address means nothing in another process.
use disruptor_mp::SharedEvent;

#[derive(Clone, Copy, SharedEvent)]
#[repr(C)]
pub struct Message {
    pub len: u64,
    pub text: &'static str,
}

fn main() {}
