//! The runtime crate of this workspace, used the way its README shows: a producer with named
//! gating consumers `c_0 … c_{n-1}`, consumers attached by id, the non-waiting `try_*` calls and
//! `process_available` for batches — over POSIX shared memory (`ours`), over a ring file
//! (`ours-file`), on a ring built with `allow_consumer_eviction` (`ours-evictable`), or on a
//! ring whose producer chose the packed slot layout (`ours-packed`).

use super::{Engine, Receiver, RingSpec, Sender};
use crate::payload::Payload;
use disruptor_mp::{
    ConsumerBuilder, CoordinationMode, MmapTransportLayout, ProducerBuilder, SharedConsumer,
    SharedProducer, SlotLayout, attach_mmap_consumer, attach_shared_consumer,
    build_mmap_single_producer, build_shared_single_producer,
};
use std::time::Instant;

/// disruptor-mp (this workspace).
#[derive(Debug)]
pub struct Ours;

/// disruptor-mp over the file backend: the ring file `/dev/shm/<name>.ring`, on the same tmpfs
/// as `ours`'s shared-memory object, so the two differ only in how the region was obtained and
/// should match within noise. (The benchmark's `/dev/shm` cleanup by prefix covers the file.)
#[derive(Debug)]
pub struct OursFile;

/// disruptor-mp on a ring built with `allow_consumer_eviction`: consumers read verified copies
/// instead of reading in place, and the producer marks every overwrite. What evictability
/// costs.
#[derive(Debug)]
pub struct OursEvictable;

/// disruptor-mp on a ring built with `slot_layout(SlotLayout::Packed)`: events at their natural
/// stride, availability from the producer cursor. The consumers are attached exactly as for
/// `ours` (a consumer never chooses the layout).
#[derive(Debug)]
pub struct OursPacked;

/// The directory of `ours-file`'s rings: a tmpfs that is root-owned and sticky, so it passes
/// the library's directory check.
const FILE_DIR: &str = "/dev/shm";

/// The producer `builder` with the benchmark's settings: named gating consumers, no wait.
pub(super) fn create_with<E: Payload>(
    builder: ProducerBuilder<E>,
    spec: &RingSpec,
) -> Result<SharedProducer<E>, String> {
    builder
        .discover_consumer_with_prefix(spec.consumers, "c")
        .with_coordination(CoordinationMode::Immediate)
        .build_producer(E::default)
        .map_err(|err| format!("create {}: {err}", spec.name))
}

/// Consumer `index` from `builder`, waiting for the ring until the spec's deadline.
pub(super) fn attach_with<E: Payload>(
    builder: ConsumerBuilder<E>,
    spec: &RingSpec,
    index: usize,
) -> Result<SharedConsumer<E>, String> {
    let wait = spec.deadline.saturating_duration_since(Instant::now());
    builder
        .with_consumer_id(format!("c_{index}"))
        .wait_for_producer(wait)
        .build_consumer()
        .map_err(|err| format!("attach {} as c_{index}: {err}", spec.name))
}

fn file_layout(spec: &RingSpec) -> Result<MmapTransportLayout, String> {
    MmapTransportLayout::new(FILE_DIR, &spec.name).map_err(|err| err.to_string())
}

impl<E: Payload> Sender<E> for SharedProducer<E> {
    #[inline(always)]
    fn try_send(&mut self, fill: impl FnOnce(&mut E)) -> bool {
        self.try_publish(fill).is_ok()
    }

    #[inline(always)]
    fn try_send_batch(&mut self, n: usize, fill: impl Fn(&mut E, usize)) -> bool {
        self.try_batch_publish(n, fill).is_ok()
    }
}

impl<E: Payload> Receiver<E> for SharedConsumer<E> {
    #[inline(always)]
    fn try_recv<R>(&mut self, read: impl FnOnce(&E) -> R) -> Option<R> {
        self.try_consume_next_leased().map(|event| read(&event))
    }

    #[inline(always)]
    fn recv_available(&mut self, mut read: impl FnMut(&E)) -> usize {
        self.process_available(|event, _| read(event))
    }
}

impl Engine for Ours {
    const NAME: &'static str = "ours";
    type Tx<E: Payload> = SharedProducer<E>;
    type Rx<E: Payload> = SharedConsumer<E>;

    fn create<E: Payload>(spec: &RingSpec) -> Result<SharedProducer<E>, String> {
        create_with(
            build_shared_single_producer(&spec.name, spec.capacity),
            spec,
        )
        .map_err(|err| format!("ours: {err}"))
    }

    fn attach<E: Payload>(spec: &RingSpec, index: usize) -> Result<SharedConsumer<E>, String> {
        attach_with(
            attach_shared_consumer(&spec.name, spec.capacity),
            spec,
            index,
        )
        .map_err(|err| format!("ours: {err}"))
    }
}

impl Engine for OursFile {
    const NAME: &'static str = "ours-file";
    type Tx<E: Payload> = SharedProducer<E>;
    type Rx<E: Payload> = SharedConsumer<E>;

    fn create<E: Payload>(spec: &RingSpec) -> Result<SharedProducer<E>, String> {
        let layout = file_layout(spec)?;
        create_with(build_mmap_single_producer(&layout, spec.capacity), spec)
            .map_err(|err| format!("ours-file: {err}"))
    }

    fn attach<E: Payload>(spec: &RingSpec, index: usize) -> Result<SharedConsumer<E>, String> {
        let layout = file_layout(spec)?;
        attach_with(attach_mmap_consumer(&layout, spec.capacity), spec, index)
            .map_err(|err| format!("ours-file: {err}"))
    }
}

impl Engine for OursEvictable {
    const NAME: &'static str = "ours-evictable";
    type Tx<E: Payload> = SharedProducer<E>;
    type Rx<E: Payload> = SharedConsumer<E>;

    fn create<E: Payload>(spec: &RingSpec) -> Result<SharedProducer<E>, String> {
        create_with(
            build_shared_single_producer(&spec.name, spec.capacity).allow_consumer_eviction(),
            spec,
        )
        .map_err(|err| format!("ours-evictable: {err}"))
    }

    fn attach<E: Payload>(spec: &RingSpec, index: usize) -> Result<SharedConsumer<E>, String> {
        attach_with(
            attach_shared_consumer(&spec.name, spec.capacity),
            spec,
            index,
        )
        .map_err(|err| format!("ours-evictable: {err}"))
    }
}

impl Engine for OursPacked {
    const NAME: &'static str = "ours-packed";
    type Tx<E: Payload> = SharedProducer<E>;
    type Rx<E: Payload> = SharedConsumer<E>;

    fn create<E: Payload>(spec: &RingSpec) -> Result<SharedProducer<E>, String> {
        create_with(
            build_shared_single_producer(&spec.name, spec.capacity).slot_layout(SlotLayout::Packed),
            spec,
        )
        .map_err(|err| format!("ours-packed: {err}"))
    }

    fn attach<E: Payload>(spec: &RingSpec, index: usize) -> Result<SharedConsumer<E>, String> {
        attach_with(
            attach_shared_consumer(&spec.name, spec.capacity),
            spec,
            index,
        )
        .map_err(|err| format!("ours-packed: {err}"))
    }
}
