// A `String` is a pointer to this process's heap; rustc proves it is not `SharedEvent`.
use disruptor_mp::SharedEvent;

#[derive(Clone, Copy, SharedEvent)]
#[repr(C)]
pub struct Log {
    pub level: u64,
    pub text: String,
}

fn main() {}
