// `enable_discovery` decides which consumers gate the producer: it is a producer setting, so the
// consumer's builder does not have it, and the error names the builder that does.
use disruptor_mp::SharedEvent;

#[derive(Clone, Copy, Default, SharedEvent)]
#[repr(C)]
struct Tick {
    price: u64,
}

fn main() {
    let _ = disruptor_mp::attach_shared_consumer::<Tick>("ticks", 1024)
        .enable_discovery(4)
        .build_consumer();
}
