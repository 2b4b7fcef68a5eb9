//! Fixed rate: the producer publishes event `i` at its intended time `t0 + i / rate` and writes
//! that time into the event; the consumer measures latency from the intended time, not from the
//! moment the producer got round to sending. A stall therefore shows up in every event it
//! delayed (no coordinated omission).

use super::{Ctx, RoleOutput, export, new_histogram};
use crate::clock;
use crate::engine::{Receiver, Sender};
use crate::payload::Payload;

/// The scheduled producer.
pub(super) fn produce<E: Payload>(
    ctx: &Ctx<'_>,
    mut tx: impl Sender<E>,
) -> Result<RoleOutput, String> {
    if E::SIZE < 16 {
        return Err("the fixed-rate scenario needs a payload of at least 16 bytes".into());
    }
    let total = ctx.args.warmup + ctx.args.count;
    let period = ctx.scale.from_ns(1e9 / ctx.args.rate);
    let mut waiter = ctx.waiter();
    let mut full = 0;
    ctx.start_line()?;
    let start_tick = clock::now();
    for seq in 0..total {
        let intended = start_tick + (seq as f64 * period) as u64;
        while clock::now() < intended {
            core::hint::spin_loop();
        }
        while !tx.try_send(|event| event.fill(seq, intended)) {
            full += 1;
            waiter.wait()?;
        }
    }
    Ok(RoleOutput {
        events: total,
        full,
        start_tick,
        end_tick: clock::now(),
        ..RoleOutput::default()
    })
}

/// The consumer: one latency per event, the first `warmup` not recorded.
pub(super) fn consume<E: Payload>(
    ctx: &Ctx<'_>,
    mut rx: impl Receiver<E>,
) -> Result<RoleOutput, String> {
    let (warmup, count) = (ctx.args.warmup, ctx.args.count);
    let mut histogram = new_histogram();
    let mut waiter = ctx.waiter();
    let mut bad = 0;
    ctx.start_line()?;
    let start_tick = clock::now();
    for seq in 0..warmup + count {
        let intended = loop {
            if let Some(intended) = rx.try_recv(|event| event.check(seq)) {
                break intended;
            }
            waiter.wait()?;
        };
        let arrived = clock::now();
        match intended {
            Some(intended) if seq >= warmup => {
                histogram
                    .saturating_record(ctx.scale.to_ns(arrived.saturating_sub(intended)).max(1));
            }
            Some(_) => {}
            None => bad += 1,
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
