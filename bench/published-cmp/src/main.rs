//! The published `disruptor-mp` 0.1.0-alpha.2 as an engine of the workspace's bench harness.
//!
//! Setup mirrors `ours`: named gating consumers `c_0 .. c_{n-1}` (prefix discovery, immediate
//! coordination), consumers attached by id. Because the published crate only discovers
//! consumers lazily (prefix scan on its gating slow path), the producer additionally creates
//! every consumer's cursor `{name}_c_{i}_seq` at -1 *before* building the ring and registers it
//! with `discover_consumer_id`, so every consumer gates from the first event on (the moral
//! equivalent of ours' reserved consumer ids), whatever order the processes attach in.

use disruptor_mp_bench::engine::{Engine, EngineEntry, EngineKind, Receiver, RingSpec, Sender};
use disruptor_mp_bench::payload::Payload;
use published::{
    CoordinationMode, SharedConsumer, SharedCursor, SharedProducer, attach_shared_consumer,
    build_shared_single_producer,
};
use std::time::{Duration, Instant};

/// Published disruptor-mp 0.1.0-alpha.2 (crates.io).
pub struct Published;

/// The producer plus the consumer cursors it pre-created (owned: unlinked on drop, after the
/// producer).
pub struct PubTx<E: Payload> {
    producer: SharedProducer<E>,
    _consumer_cursors: Vec<SharedCursor>,
}

/// A consumer.
pub struct PubRx<E: Payload> {
    consumer: SharedConsumer<E>,
}

impl<E: Payload> Sender<E> for PubTx<E> {
    #[inline(always)]
    fn try_send(&mut self, fill: impl FnOnce(&mut E)) -> bool {
        self.producer.try_publish(fill).is_ok()
    }

    #[inline(always)]
    fn try_send_batch(&mut self, n: usize, fill: impl Fn(&mut E, usize)) -> bool {
        self.producer.try_batch_publish(n, fill).is_ok()
    }
}

impl<E: Payload> Receiver<E> for PubRx<E> {
    #[inline(always)]
    fn try_recv<R>(&mut self, read: impl FnOnce(&E) -> R) -> Option<R> {
        self.consumer
            .try_consume_next_leased()
            .map(|event| read(&event))
    }

    #[inline(always)]
    fn recv_available(&mut self, mut read: impl FnMut(&E)) -> usize {
        self.consumer.process_available(|event, _| read(event))
    }
}

fn consumer_id(index: usize) -> String {
    format!("c_{index}")
}

impl Engine for Published {
    const NAME: &'static str = "published";
    type Tx<E: Payload> = PubTx<E>;
    type Rx<E: Payload> = PubRx<E>;

    fn create<E: Payload>(spec: &RingSpec) -> Result<PubTx<E>, String> {
        // Consumers cannot attach before the ring and the producer cursor exist, so these
        // cursors are created (and owned) by the producer, starting at -1 (nothing consumed).
        let mut cursors = Vec::with_capacity(spec.consumers);
        for i in 0..spec.consumers {
            let name = format!("{}_{}_seq", spec.name, consumer_id(i));
            cursors.push(
                SharedCursor::new(&name, -1)
                    .map_err(|err| format!("published: create cursor {name}: {err}"))?,
            );
        }
        let mut producer = build_shared_single_producer::<E>(&spec.name, spec.capacity)
            .discover_consumer_with_prefix(spec.consumers, "c")
            .with_coordination(CoordinationMode::Immediate)
            .build_producer(E::default)
            .map_err(|err| format!("published: create {}: {err}", spec.name))?;
        for i in 0..spec.consumers {
            if !producer.discover_consumer_id(&consumer_id(i)) {
                return Err(format!(
                    "published: cannot register consumer {}",
                    consumer_id(i)
                ));
            }
        }
        Ok(PubTx {
            producer,
            _consumer_cursors: cursors,
        })
    }

    fn attach<E: Payload>(spec: &RingSpec, index: usize) -> Result<PubRx<E>, String> {
        let id = consumer_id(index);
        loop {
            match attach_shared_consumer::<E>(&spec.name, spec.capacity)
                .with_consumer_id(&id)
                .build_consumer()
            {
                Ok(consumer) => return Ok(PubRx { consumer }),
                Err(err) => {
                    if Instant::now() >= spec.deadline {
                        return Err(format!("published: attach {} as {id}: {err}", spec.name));
                    }
                    std::thread::sleep(Duration::from_millis(1));
                }
            }
        }
    }
}

fn main() {
    let mut engines = disruptor_mp_bench::engine::builtin();
    engines.push(EngineEntry::of::<Published>(EngineKind::Other));
    disruptor_mp_bench::cli::main_with(engines)
}
