// `Option<T>` has a niche-dependent layout and invalid bit patterns in its tag.
use disruptor_mp::SharedEvent;

#[derive(Clone, Copy, SharedEvent)]
#[repr(C)]
pub struct Fill {
    pub id: u64,
    pub price: Option<u64>,
}

fn main() {}
