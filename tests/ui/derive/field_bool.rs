// Only 0 and 1 are valid `bool`s; another process may write any byte.
use disruptor_mp::SharedEvent;

#[derive(Clone, Copy, SharedEvent)]
#[repr(C)]
pub struct Order {
    pub id: u64,
    pub is_buy: bool,
    pub flags: [bool; 7],
}

fn main() {}
