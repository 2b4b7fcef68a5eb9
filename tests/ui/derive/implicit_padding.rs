// `a` ends at byte 1 but `b` needs 8-byte alignment: seven uninitialised bytes in between.
use disruptor_mp::SharedEvent;

#[derive(Clone, Copy, SharedEvent)]
#[repr(C)]
pub struct Gappy {
    pub a: u8,
    pub b: u64,
}

// One byte is spelled in the singular, and each gap names its own padding field.
#[derive(Clone, Copy, SharedEvent)]
#[repr(C)]
pub struct Narrow {
    pub a: u16,
    pub b: u16,
    pub c: u8,
    pub d: u16,
}

fn main() {}
