// The struct is rounded up to its 8-byte alignment: seven uninitialised bytes after `c`.
use disruptor_mp::SharedEvent;

#[derive(Clone, Copy, SharedEvent)]
#[repr(C)]
pub struct Tail {
    pub a: u64,
    pub b: u64,
    pub c: u8,
}

// `align(16)` on an otherwise padding-free struct adds trailing padding too.
#[derive(Clone, Copy, SharedEvent)]
#[repr(C, align(16))]
pub struct Aligned {
    pub a: u64,
}

// Tuple structs name the field by its index.
#[derive(Clone, Copy, SharedEvent)]
#[repr(C)]
pub struct Pair(pub u32, pub u8);

fn main() {}
