//! `ours-auto`: the runtime crate's `AutoConsumer` (`handle_events_with`, default `Block`
//! strategy) as a throughput consumer. The handler, on the AutoConsumer's thread, checks every
//! event's sequence and checksum and publishes its progress at each batch end; the role's
//! thread sleeps in 50 µs steps until the count is reached (so it leaves the core, which the
//! AutoConsumer thread inherits, to that thread), which makes the end time late by at most about
//! one step. Throughput only: its single-event calls (`try_recv`, `recv_available`) receive
//! nothing, so ping-pong and fixed rate cannot use it.

use super::ours::Ours;
use super::{Drained, Engine, Receiver, RingSpec};
use crate::payload::Payload;
use crate::roles::Waiter;
use disruptor_mp::{AutoConsumer, SharedProducer, attach_shared_consumer};
use std::marker::PhantomData;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// How often the role's thread looks at the handler's progress.
const STEP: Duration = Duration::from_micros(50);

/// The AutoConsumer engine (producer: [`Ours`]).
#[derive(Debug)]
pub struct OursAuto;

/// What the handler has done, for the role's thread.
#[derive(Debug, Default)]
struct Progress {
    handled: AtomicU64,
    bad: AtomicU64,
    first_tick: AtomicU64,
}

/// An AutoConsumer and its handler's progress.
#[derive(Debug)]
pub struct AutoRx<E> {
    auto: AutoConsumer,
    progress: Arc<Progress>,
    _event: PhantomData<fn() -> E>,
}

impl<E: Payload> Receiver<E> for AutoRx<E> {
    fn try_recv<R>(&mut self, _read: impl FnOnce(&E) -> R) -> Option<R> {
        None
    }

    fn recv_available(&mut self, _read: impl FnMut(&E)) -> usize {
        0
    }

    fn drain(&mut self, count: u64, _waiter: &mut Waiter) -> Result<Drained, String> {
        let deadline = Instant::now() + Duration::from_secs(600);
        loop {
            let handled = self.progress.handled.load(Ordering::Acquire);
            if handled >= count {
                let end_tick = crate::clock::now();
                return Ok(Drained {
                    events: handled,
                    bad: self.progress.bad.load(Ordering::Relaxed),
                    first_tick: self.progress.first_tick.load(Ordering::Relaxed),
                    end_tick,
                });
            }
            if !self.auto.is_running() {
                return Err(format!(
                    "the AutoConsumer stopped after {handled} events: {:?}",
                    self.auto.join()
                ));
            }
            if Instant::now() >= deadline {
                return Err(format!(
                    "deadline: the AutoConsumer handled {handled} of {count}"
                ));
            }
            std::thread::sleep(STEP);
        }
    }
}

impl Engine for OursAuto {
    const NAME: &'static str = "ours-auto";
    type Tx<E: Payload> = SharedProducer<E>;
    type Rx<E: Payload> = AutoRx<E>;

    fn create<E: Payload>(spec: &RingSpec) -> Result<SharedProducer<E>, String> {
        Ours::create(spec)
    }

    fn attach<E: Payload>(spec: &RingSpec, index: usize) -> Result<AutoRx<E>, String> {
        let progress = Arc::new(Progress::default());
        let shared = Arc::clone(&progress);
        let (mut next, mut bad) = (0u64, 0u64);
        let wait = spec.deadline.saturating_duration_since(Instant::now());
        let auto = attach_shared_consumer::<E>(&spec.name, spec.capacity)
            .with_consumer_id(format!("c_{index}"))
            .wait_for_producer(wait)
            .handle_events_with(move |event: &E, _sequence, end_of_batch| {
                if next == 0 {
                    shared
                        .first_tick
                        .store(crate::clock::now(), Ordering::Relaxed);
                }
                bad += u64::from(event.check(next).is_none());
                next += 1;
                if end_of_batch {
                    shared.bad.store(bad, Ordering::Relaxed);
                    shared.handled.store(next, Ordering::Release);
                }
            })
            .map_err(|err| format!("ours-auto: attach {} as c_{index}: {err}", spec.name))?;
        Ok(AutoRx {
            auto,
            progress,
            _event: PhantomData,
        })
    }
}
