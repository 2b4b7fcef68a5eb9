// Every problem is reported in one compile, each at its own place.
use disruptor_mp::SharedEvent;

#[derive(Clone, Copy, SharedEvent)]
#[shared_event(name = "Broken", name = "AlsoBroken", version = 2)]
pub struct Broken<T> {
    pub flag: bool,
    pub next: *const T,
    pub pair: (u32, u32),
}

fn main() {}
