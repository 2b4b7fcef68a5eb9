//! The runtime crate of this workspace, used the way its README shows: a producer with named
//! gating consumers `c_0 … c_{n-1}`, consumers attached by id, the non-waiting `try_*` calls and
//! `process_available` for batches.

use super::{Engine, Receiver, RingSpec, Sender};
use crate::payload::Payload;
use disruptor_mp::{
    CoordinationMode, SharedConsumer, SharedProducer, attach_shared_consumer,
    build_shared_single_producer,
};
use std::time::Instant;

/// disruptor-mp (this workspace).
#[derive(Debug)]
pub struct Ours;

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
        create(spec, false)
    }

    fn attach<E: Payload>(spec: &RingSpec, index: usize) -> Result<SharedConsumer<E>, String> {
        attach(spec, index)
    }
}

/// The same, on a ring built with `allow_consumer_eviction`: consumers read verified copies
/// instead of reading in place, and the producer marks every overwrite. What evictability
/// costs.
#[derive(Debug)]
pub struct OursEvictable;

impl Engine for OursEvictable {
    const NAME: &'static str = "ours-evictable";
    type Tx<E: Payload> = SharedProducer<E>;
    type Rx<E: Payload> = SharedConsumer<E>;

    fn create<E: Payload>(spec: &RingSpec) -> Result<SharedProducer<E>, String> {
        create(spec, true)
    }

    fn attach<E: Payload>(spec: &RingSpec, index: usize) -> Result<SharedConsumer<E>, String> {
        attach(spec, index)
    }
}

fn create<E: Payload>(spec: &RingSpec, evictable: bool) -> Result<SharedProducer<E>, String> {
    let mut builder = build_shared_single_producer::<E>(&spec.name, spec.capacity)
        .discover_consumer_with_prefix(spec.consumers, "c")
        .with_coordination(CoordinationMode::Immediate);
    if evictable {
        builder = builder.allow_consumer_eviction();
    }
    builder
        .build_producer(E::default)
        .map_err(|err| format!("ours: create {}: {err}", spec.name))
}

fn attach<E: Payload>(spec: &RingSpec, index: usize) -> Result<SharedConsumer<E>, String> {
    let wait = spec.deadline.saturating_duration_since(Instant::now());
    attach_shared_consumer::<E>(&spec.name, spec.capacity)
        .with_consumer_id(format!("c_{index}"))
        .wait_for_producer(wait)
        .build_consumer()
        .map_err(|err| format!("ours: attach {} as c_{index}: {err}", spec.name))
}
