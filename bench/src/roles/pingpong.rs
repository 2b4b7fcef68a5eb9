//! Ping-pong: two rings, A→B and B→A. The initiator sends sequence `i`, waits for the echo of
//! `i` and records the round trip; the responder validates every word of each event before it
//! sends a freshly filled event back, and the initiator validates the echo the same way.

use super::{Ctx, RoleOutput, export, new_histogram};
use crate::clock;
use crate::engine::{Receiver, Sender};
use crate::payload::Payload;

/// The initiator: `warmup + count` round trips, the last `count` recorded.
pub(super) fn ping<E: Payload>(
    ctx: &Ctx<'_>,
    mut tx: impl Sender<E>,
    mut rx: impl Receiver<E>,
) -> Result<RoleOutput, String> {
    let (warmup, count) = (ctx.args.warmup, ctx.args.count);
    let mut histogram = new_histogram();
    let mut waiter = ctx.waiter();
    let mut bad = 0;
    ctx.start_line()?;
    let start_tick = clock::now();
    for seq in 0..warmup + count {
        let sent = clock::now();
        while !tx.try_send(|event| event.fill(seq, 0)) {
            waiter.wait()?;
        }
        let intact = loop {
            if let Some(intact) = rx.try_recv(|event| event.check(seq).is_some()) {
                break intact;
            }
            waiter.wait()?;
        };
        let back = clock::now();
        bad += u64::from(!intact);
        if seq >= warmup {
            histogram.saturating_record(ctx.scale.to_ns(back - sent).max(1));
        }
    }
    Ok(RoleOutput {
        events: warmup + count,
        bad,
        start_tick,
        end_tick: clock::now(),
        histogram: export(&histogram),
        ..RoleOutput::default()
    })
}

/// The responder: validates and answers `warmup + count` events.
pub(super) fn echo<E: Payload>(
    ctx: &Ctx<'_>,
    mut tx: impl Sender<E>,
    mut rx: impl Receiver<E>,
) -> Result<RoleOutput, String> {
    let total = ctx.args.warmup + ctx.args.count;
    let mut waiter = ctx.waiter();
    let mut bad = 0;
    ctx.start_line()?;
    let start_tick = clock::now();
    for seq in 0..total {
        let intact = loop {
            if let Some(intact) = rx.try_recv(|event| event.check(seq).is_some()) {
                break intact;
            }
            waiter.wait()?;
        };
        bad += u64::from(!intact);
        while !tx.try_send(|event| event.fill(seq, 0)) {
            waiter.wait()?;
        }
    }
    Ok(RoleOutput {
        events: total,
        bad,
        start_tick,
        end_tick: clock::now(),
        ..RoleOutput::default()
    })
}
