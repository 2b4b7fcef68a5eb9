// Tuples are `repr(Rust)`: their field order and padding are unspecified.
use disruptor_mp::SharedEvent;

#[derive(Clone, Copy, SharedEvent)]
#[repr(C)]
pub struct Range {
    pub bounds: (u64, u64),
    pub unit: (),
}

fn main() {}
