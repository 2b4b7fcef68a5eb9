// A struct used as an event without `#[derive(SharedEvent)]`: the error says to add it.
use disruptor_mp::build_shared_single_producer;

#[derive(Clone, Copy)]
pub struct Quote {
    pub price: u64,
}

fn main() {
    let _ = build_shared_single_producer::<Quote>("quotes", 1024);
}
