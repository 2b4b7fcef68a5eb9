// Without a repr the compiler may reorder fields, so two builds can disagree on the layout.
use disruptor_mp::SharedEvent;

#[derive(Clone, Copy, SharedEvent)]
pub struct Tick {
    pub price: u64,
    pub volume: u32,
    pub venue: u32,
}

fn main() {}
