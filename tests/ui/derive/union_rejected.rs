// The reader of a union cannot know which field the writer initialised.
use disruptor_mp::SharedEvent;

#[derive(Clone, Copy, SharedEvent)]
#[repr(C)]
pub union Payload {
    pub int: u64,
    pub float: f64,
}

fn main() {}
