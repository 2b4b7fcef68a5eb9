// A struct the derive refuses (here: no `#[repr(C)]`) is reported once, where the derive is;
// using it as an event afterwards adds no error claiming it lacks the derive it has.
use disruptor_mp::SharedEvent;

#[derive(Clone, Copy, Default, SharedEvent)]
struct Tick {
    price: u64,
}

fn main() {
    let _ = disruptor_mp::build_shared_single_producer::<Tick>("ticks", 1024)
        .discover_consumer_with_prefix(1, "reader")
        .build_producer(Tick::default);
    let _ = disruptor_mp::attach_shared_consumer::<Tick>("ticks", 1024)
        .with_consumer_id("reader_0")
        .build_consumer();
}
