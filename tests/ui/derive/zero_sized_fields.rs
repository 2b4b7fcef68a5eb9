// Fields that are all zero-sized make a zero-sized event, which carries no data.
use disruptor_mp::SharedEvent;

#[derive(Clone, Copy, SharedEvent)]
#[repr(C)]
pub struct Nothing {
    pub none: [u64; 0],
}

fn main() {}
