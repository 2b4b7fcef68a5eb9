//! Throughput: one producer publishes `count` events as fast as the ring takes them (one per
//! publish, or in batches); every consumer checks each event's sequence and checksum.

use super::{Ctx, RoleOutput};
use crate::clock;
use crate::engine::{Receiver, Sender};
use crate::payload::Payload;

/// The producer.
pub(super) fn produce<E: Payload>(
    ctx: &Ctx<'_>,
    mut tx: impl Sender<E>,
) -> Result<RoleOutput, String> {
    let count = ctx.args.count;
    let batch = ctx.args.batch as u64;
    let mut waiter = ctx.waiter();
    let mut full = 0;
    ctx.start_line()?;
    let start_tick = clock::now();
    if batch == 0 {
        for seq in 0..count {
            while !tx.try_send(|event| event.fill(seq, 0)) {
                full += 1;
                waiter.wait()?;
            }
        }
    } else {
        let mut first = 0;
        while first < count {
            let n = batch.min(count - first);
            while !tx.try_send_batch(n as usize, |event, i| event.fill(first + i as u64, 0)) {
                full += 1;
                waiter.wait()?;
            }
            first += n;
        }
    }
    Ok(RoleOutput {
        events: count,
        full,
        start_tick,
        end_tick: clock::now(),
        ..RoleOutput::default()
    })
}

/// A consumer: reads everything available at once, verifying every event.
pub(super) fn consume<E: Payload>(
    ctx: &Ctx<'_>,
    mut rx: impl Receiver<E>,
) -> Result<RoleOutput, String> {
    let mut waiter = ctx.waiter();
    ctx.start_line()?;
    let start_tick = clock::now();
    let drained = rx.drain(ctx.args.count, &mut waiter)?;
    Ok(RoleOutput {
        events: drained.events,
        bad: drained.bad,
        start_tick,
        first_tick: drained.first_tick,
        end_tick: drained.end_tick,
        ..RoleOutput::default()
    })
}
