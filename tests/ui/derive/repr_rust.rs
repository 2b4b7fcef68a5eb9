// `repr(Rust)` spelled out is still the unspecified default layout.
use disruptor_mp::SharedEvent;

#[derive(Clone, Copy, SharedEvent)]
#[repr(Rust)]
pub struct Tick {
    pub price: u64,
    pub volume: u64,
}

fn main() {}
