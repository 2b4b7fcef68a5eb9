//! The consuming paths the runtime crate's README teaches, each as an engine, so the same
//! scenarios measure them next to the polling path (issue 12, point 5: a blocking read that finds
//! an event must cost what a poll costs). The producer side is [`super::ours::Ours`]'s; only the
//! consumer's calls differ, all with the default wait strategy (`Block`):
//!
//! | Engine | `try_recv` (one event) | `recv_available` |
//! |---|---|---|
//! | `ours-poll` | `try_consume_next_leased` | one `try_consume_next_leased` |
//! | `ours-next` | `consume_next` | one `consume_next` |
//! | `ours-leased` | `consume_next_leased` | one `consume_next_leased` |
//! | `ours-blocking` | `consume_next_leased` | `process_available_blocking` |
//!
//! The blocking calls wait inside the library when nothing is published, so these engines never
//! return "nothing" to the harness (its idle policy does not apply to them).

use super::ours::Ours;
use super::{Engine, Receiver, RingSpec};
use crate::payload::Payload;
use disruptor_mp::{SharedConsumer, SharedProducer};

/// One consuming path over [`Ours`]; `PATH` picks it (see the module table).
#[derive(Debug)]
pub struct Taught<const PATH: u8>;

/// `try_consume_next_leased`, one event per call: the polling baseline.
pub const POLL: u8 = 0;
/// `consume_next`.
pub const NEXT: u8 = 1;
/// `consume_next_leased`.
pub const LEASED: u8 = 2;
/// `process_available_blocking`.
pub const BLOCKING: u8 = 3;

/// A consumer read through path `PATH`.
#[derive(Debug)]
pub struct TaughtRx<E: Payload, const PATH: u8>(SharedConsumer<E>);

impl<E: Payload, const PATH: u8> Receiver<E> for TaughtRx<E, PATH> {
    #[inline(always)]
    fn try_recv<R>(&mut self, read: impl FnOnce(&E) -> R) -> Option<R> {
        match PATH {
            POLL => self.0.try_consume_next_leased().map(|event| read(&event)),
            NEXT => self.0.consume_next().ok().map(|(_, event)| read(&event)),
            _ => self.0.consume_next_leased().ok().map(|event| read(&event)),
        }
    }

    #[inline(always)]
    fn recv_available(&mut self, mut read: impl FnMut(&E)) -> usize {
        if PATH == BLOCKING {
            self.0
                .process_available_blocking(|event, _, _| read(event))
                .unwrap_or(0)
        } else {
            self.try_recv(read).map_or(0, |()| 1)
        }
    }
}

impl<const PATH: u8> Engine for Taught<PATH> {
    const NAME: &'static str = match PATH {
        POLL => "ours-poll",
        NEXT => "ours-next",
        LEASED => "ours-leased",
        _ => "ours-blocking",
    };
    type Tx<E: Payload> = SharedProducer<E>;
    type Rx<E: Payload> = TaughtRx<E, PATH>;

    fn create<E: Payload>(spec: &RingSpec) -> Result<SharedProducer<E>, String> {
        Ours::create(spec)
    }

    fn attach<E: Payload>(spec: &RingSpec, index: usize) -> Result<TaughtRx<E, PATH>, String> {
        Ours::attach(spec, index).map(TaughtRx)
    }
}
