// `with_consumer_core` pins the AutoConsumer thread, which only a consumer has: it is a consumer
// setting, so the producer's builder does not have it (its own thread is `with_process_core`).
use disruptor_mp::SharedEvent;

#[derive(Clone, Copy, Default, SharedEvent)]
#[repr(C)]
struct Tick {
    price: u64,
}

fn main() {
    let _ = disruptor_mp::build_shared_single_producer::<Tick>("ticks", 1024)
        .with_consumer_core(1)
        .build_producer(Tick::default);
}
