// An address means nothing in another process, raw or not.
use disruptor_mp::SharedEvent;

#[derive(Clone, Copy, SharedEvent)]
#[repr(C)]
pub struct Buffer {
    pub data: *const u8,
    pub len: u64,
}

fn main() {}
