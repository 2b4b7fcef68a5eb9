//! Publish and consume in one process, for instruction counts (callgrind) and the micro
//! benchmark: the producer fills half a ring, then the consumer drains it, so neither side ever
//! waits and every instruction counted is on the publish or consume path.
//!
//! `publish_phase` and `consume_phase` are never inlined, so a profiler attributes their costs
//! separately (callgrind's inclusive counts per function, divided by the events).

use crate::engine::{Engine, Receiver, RingSpec, Sender};
use crate::payload::Payload;
use crate::with_payload;
use std::time::{Duration, Instant};

/// Whether events go one at a time or in batches.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// `try_send` and `try_recv` per event.
    Single,
    /// `try_send_batch` of this many, and `recv_available`.
    Batch(usize),
}

/// A producer and a consumer of one ring, both in this process.
pub struct Loopback<T: Engine, E: Payload> {
    /// The producer.
    pub tx: T::Tx<E>,
    /// The consumer.
    pub rx: T::Rx<E>,
    next_fill: u64,
    next_check: u64,
    bad: u64,
}

impl<T: Engine, E: Payload> Loopback<T, E> {
    /// Creates ring `name` of `capacity` slots and attaches its one consumer.
    pub fn new(name: &str, capacity: usize) -> Result<Self, String> {
        let spec = RingSpec {
            name: name.to_owned(),
            capacity,
            consumers: 1,
            deadline: Instant::now() + Duration::from_secs(5),
        };
        let tx = T::create::<E>(&spec)?;
        let rx = T::attach::<E>(&spec, 0)?;
        Ok(Self {
            tx,
            rx,
            next_fill: 0,
            next_check: 0,
            bad: 0,
        })
    }

    /// Events that failed validation so far.
    pub fn bad(&self) -> u64 {
        self.bad
    }

    /// Publishes one event and consumes it.
    #[inline(always)]
    pub fn one(&mut self) {
        let seq = self.next_fill;
        assert!(self.tx.try_send(|event| event.fill(seq, 0)), "ring full");
        self.next_fill += 1;
        let check = self.next_check;
        let intact = self.rx.try_recv(|event| event.check(check).is_some());
        self.bad += u64::from(intact != Some(true));
        self.next_check += 1;
    }
}

/// Publishes `n` events.
#[inline(never)]
pub fn publish_phase<T: Engine, E: Payload>(lb: &mut Loopback<T, E>, n: u64, mode: Mode) {
    match mode {
        Mode::Single => {
            for _ in 0..n {
                let seq = lb.next_fill;
                assert!(lb.tx.try_send(|event| event.fill(seq, 0)), "ring full");
                lb.next_fill += 1;
            }
        }
        Mode::Batch(batch) => {
            let mut left = n;
            while left > 0 {
                let k = (batch as u64).min(left);
                let first = lb.next_fill;
                let sent = lb
                    .tx
                    .try_send_batch(k as usize, |event, i| event.fill(first + i as u64, 0));
                assert!(sent, "ring full");
                lb.next_fill += k;
                left -= k;
            }
        }
    }
}

/// Consumes `n` events, validating each.
#[inline(never)]
pub fn consume_phase<T: Engine, E: Payload>(lb: &mut Loopback<T, E>, n: u64, mode: Mode) {
    let end = lb.next_check + n;
    match mode {
        Mode::Single => {
            while lb.next_check < end {
                let check = lb.next_check;
                let intact = lb.rx.try_recv(|event| event.check(check).is_some());
                lb.bad += u64::from(intact != Some(true));
                lb.next_check += 1;
            }
        }
        Mode::Batch(_) => {
            while lb.next_check < end {
                let (mut next, mut bad) = (lb.next_check, 0);
                lb.rx.recv_available(|event| {
                    bad += u64::from(event.check(next).is_none());
                    next += 1;
                });
                lb.next_check = next;
                lb.bad += bad;
            }
        }
    }
}

/// Moves `events` events through a loopback ring of `capacity` slots in rounds of half a ring.
/// Returns how many failed validation.
pub fn run_loop<T: Engine>(
    name: &str,
    payload: usize,
    capacity: usize,
    events: u64,
    mode: Mode,
) -> Result<u64, String> {
    with_payload!(payload, E => {
        let mut lb = Loopback::<T, E>::new(name, capacity)?;
        let round = (capacity as u64 / 2).max(1);
        let mut left = events;
        while left > 0 {
            let n = round.min(left);
            publish_phase(&mut lb, n, mode);
            consume_phase(&mut lb, n, mode);
            left -= n;
        }
        Ok(lb.bad())
    }, else Err(format!("no payload of {payload} bytes")))
}
