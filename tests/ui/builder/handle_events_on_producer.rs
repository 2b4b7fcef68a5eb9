// `handle_events_with` starts an AutoConsumer, which attaches as a consumer: the producer's
// builder does not have it.
use disruptor_mp::SharedEvent;

#[derive(Clone, Copy, Default, SharedEvent)]
#[repr(C)]
struct Tick {
    price: u64,
}

fn main() {
    let _ = disruptor_mp::build_shared_single_producer::<Tick>("ticks", 1024)
        .handle_events_with(|_tick: &Tick, _sequence: i64, _end_of_batch: bool| {})
        .build_producer(Tick::default);
}
