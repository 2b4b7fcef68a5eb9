// Code addresses differ between processes (and between builds).
use disruptor_mp::SharedEvent;

#[derive(Clone, Copy, SharedEvent)]
#[repr(C)]
pub struct Callback {
    pub id: u64,
    pub handler: fn(u64) -> u64,
}

fn main() {}
