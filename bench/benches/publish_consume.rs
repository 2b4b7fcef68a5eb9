//! Micro benchmark: publish one event and consume it, in one process, for ours and the floor
//! variants, at 8, 64 and 1024 bytes; and a batch of 64 published then drained. Neither side ever
//! waits, so this is the cost of the publish and consume paths themselves (all in one core's
//! cache — cross-core costs are what `dmp-bench` measures).
//!
//! Run: `cargo bench -p disruptor-mp-bench --bench publish_consume`

use disruptor_mp_bench::engine::Engine;
use disruptor_mp_bench::engine::floor::{FloorCursor, FloorStamp};
use disruptor_mp_bench::engine::ours::Ours;
use disruptor_mp_bench::orchestrate::Names;
use disruptor_mp_bench::payload::{P8, P64, P1024, Payload};
use disruptor_mp_bench::roles::inproc::{Loopback, Mode, consume_phase, publish_phase};

fn main() {
    divan::main();
}

const CAPACITY: usize = 1024;

fn loopback<T: Engine, E: Payload>() -> (Names, Loopback<T, E>) {
    let names = Names::new(&std::env::temp_dir());
    let lb = Loopback::<T, E>::new(&names.object("divan"), CAPACITY).expect("loopback ring");
    (names, lb)
}

/// One event: publish, then consume and validate it.
#[divan::bench(types = [Ours, FloorCursor, FloorStamp])]
fn one_64b<T: Engine>(bencher: divan::Bencher) {
    let (_names, mut lb) = loopback::<T, P64>();
    bencher.bench_local(|| lb.one());
    assert_eq!(lb.bad(), 0);
}

/// One 8-byte event.
#[divan::bench(types = [Ours, FloorCursor, FloorStamp])]
fn one_8b<T: Engine>(bencher: divan::Bencher) {
    let (_names, mut lb) = loopback::<T, P8>();
    bencher.bench_local(|| lb.one());
    assert_eq!(lb.bad(), 0);
}

/// One 1 KiB event.
#[divan::bench(types = [Ours, FloorCursor, FloorStamp])]
fn one_1k<T: Engine>(bencher: divan::Bencher) {
    let (_names, mut lb) = loopback::<T, P1024>();
    bencher.bench_local(|| lb.one());
    assert_eq!(lb.bad(), 0);
}

/// 64 events of 64 B in one batch publish, then drained with one `recv_available`.
#[divan::bench(types = [Ours, FloorCursor, FloorStamp], counter = divan::counter::ItemsCount::new(64usize))]
fn batch64_64b<T: Engine>(bencher: divan::Bencher) {
    let (_names, mut lb) = loopback::<T, P64>();
    bencher.bench_local(|| {
        publish_phase(&mut lb, 64, Mode::Batch(64));
        consume_phase(&mut lb, 64, Mode::Batch(64));
    });
    assert_eq!(lb.bad(), 0);
}
