//! CPU time of a side that waits with nothing to do: a consumer blocked on an idle ring, and a
//! producer blocked in `publish` on a full ring. Each measures itself with `getrusage` around the
//! one blocking call; the other side ends the window by publishing (or reading) after it.

use super::child::Ctx;
use super::spec::WakeOutput;
use super::usage::Mark;
use crate::clock;
use crate::payload::{P64, Payload};
use disruptor_mp::{ConsumeError, SharedConsumer, SharedProducer};
use std::time::Instant;

/// Publishes nothing for the window, then one event, which ends the consumer's wait.
pub(super) fn quiet(ctx: &Ctx<'_>, mut tx: SharedProducer<P64>) -> Result<WakeOutput, String> {
    ctx.start_line()?;
    ctx.sleep(ctx.args.window_secs)?;
    tx.publish(|event| event.fill(0, clock::now()));
    Ok(WakeOutput {
        events: 1,
        ..WakeOutput::default()
    })
}

/// Blocks in `consume_next_leased` on the idle ring; reports its CPU time over the wait.
pub(super) fn idle_consumer(
    ctx: &Ctx<'_>,
    mut rx: SharedConsumer<P64>,
) -> Result<WakeOutput, String> {
    ctx.start_line()?;
    let mark = Mark::now();
    let event = rx
        .consume_next_leased()
        .map_err(|err| format!("consume: {err}"))?;
    let usage = mark.since();
    let bad = u64::from(event.check(0).is_none());
    Ok(WakeOutput {
        events: 1,
        bad,
        usage,
        ..WakeOutput::default()
    })
}

/// Fills the ring, then blocks in `publish` (default `Block` strategy) until the holder frees a
/// slot; reports its CPU time over the blocked call.
pub(super) fn full_producer(
    ctx: &Ctx<'_>,
    mut tx: SharedProducer<P64>,
) -> Result<WakeOutput, String> {
    ctx.start_line()?;
    let mut seq = 0u64;
    while tx.try_publish(|event| event.fill(seq, 0)).is_ok() {
        seq += 1;
        if seq > ctx.args.capacity as u64 {
            return Err("the ring never filled: is the consumer gating?".into());
        }
    }
    let mark = Mark::now();
    tx.publish(|event| event.fill(seq, 0));
    let usage = mark.since();
    Ok(WakeOutput {
        events: seq + 1,
        usage,
        ..WakeOutput::default()
    })
}

/// Holds its gating place without reading for the window, then reads everything until the
/// producer closes the ring.
pub(super) fn holder(ctx: &Ctx<'_>, mut rx: SharedConsumer<P64>) -> Result<WakeOutput, String> {
    ctx.start_line()?;
    ctx.sleep(ctx.args.window_secs)?;
    let (mut events, mut bad) = (0u64, 0u64);
    loop {
        let left = ctx.deadline.saturating_duration_since(Instant::now());
        match rx.consume_next_timeout(left) {
            Ok(Some((_, event))) => {
                bad += u64::from(event.check(events).is_none());
                events += 1;
            }
            Ok(None) => return Err(format!("deadline passed after {events} events")),
            Err(ConsumeError::ProducerClosed) => break,
            Err(err) => return Err(format!("consume: {err}")),
        }
    }
    Ok(WakeOutput {
        events,
        bad,
        ..WakeOutput::default()
    })
}
