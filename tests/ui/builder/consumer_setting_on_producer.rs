// `with_consumer_id` names the consumer that attaches: it is a consumer setting, so the
// producer's builder does not have it, and the error names the builder that does.
use disruptor_mp::SharedEvent;

#[derive(Clone, Copy, Default, SharedEvent)]
#[repr(C)]
struct Tick {
    price: u64,
}

fn main() {
    let _ = disruptor_mp::build_shared_single_producer::<Tick>("ticks", 1024)
        .with_consumer_id("reader_0")
        .build_producer(Tick::default);
}
