// Packed structs have unaligned fields, which cannot be accessed safely in shared memory.
use disruptor_mp::SharedEvent;

#[derive(Clone, Copy, SharedEvent)]
#[repr(C, packed)]
pub struct Tick {
    pub price: u64,
    pub side: u8,
}

#[derive(Clone, Copy, SharedEvent)]
#[repr(C, packed(2))]
pub struct Quote {
    pub bid: u64,
    pub ask: u64,
}

fn main() {}
