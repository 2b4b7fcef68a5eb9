// Not every `u32` is a valid `char`.
use disruptor_mp::SharedEvent;

#[derive(Clone, Copy, SharedEvent)]
#[repr(C)]
pub struct Key {
    pub code: u32,
    pub symbol: char,
}

fn main() {}
