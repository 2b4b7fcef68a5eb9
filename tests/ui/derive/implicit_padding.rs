// `a` ends at byte 1 but `b` needs 8-byte alignment: seven uninitialised bytes in between.
use disruptor_mp::SharedEvent;

#[derive(Clone, Copy, SharedEvent)]
#[repr(C)]
pub struct Gappy {
    pub a: u8,
    pub b: u64,
}

fn main() {}
