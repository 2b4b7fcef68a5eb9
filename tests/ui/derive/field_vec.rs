// A `Vec` is a pointer to this process's heap; rustc proves it is not `SharedEvent`.
use disruptor_mp::SharedEvent;

#[derive(Clone, Copy, SharedEvent)]
#[repr(C)]
pub struct Batch {
    pub count: u64,
    pub items: Vec<u64>,
}

fn main() {}
