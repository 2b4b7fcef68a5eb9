// Another process may write any discriminant, most of which are not a valid variant.
use disruptor_mp::SharedEvent;

#[derive(Clone, Copy, SharedEvent)]
#[repr(u8)]
pub enum Side {
    Buy,
    Sell,
}

fn main() {}
