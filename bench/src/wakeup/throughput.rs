//! Stream throughput (issue 16, point 3): a publisher floods the ring in batches; the consumer
//! reads every event either with the blocking batch read (`process_available_blocking`) or as
//! the `AsyncConsumer`'s `Stream`, and reports the time from its first event to its last.

use super::child::Ctx;
use super::spec::{Strategy, WakeOutput};
use super::usage::Mark;
use crate::payload::{P64, Payload};
use disruptor_mp::{SharedConsumer, SharedProducer};
use futures_core::Stream;

/// Events per publish of the flood.
const BATCH: usize = 64;

/// The flood: `count` events in batches of [`BATCH`], waiting (`Block`) while the ring is full.
pub(super) fn flood(ctx: &Ctx<'_>, mut tx: SharedProducer<P64>) -> Result<WakeOutput, String> {
    let total = ctx.args.count;
    ctx.start_line()?;
    let mut next = 0u64;
    while next < total {
        let n = BATCH.min((total - next) as usize);
        let first = next;
        tx.publish_batch(n, |event, i| event.fill(first + i as u64, 0))
            .map_err(|err| format!("publish_batch: {err}"))?;
        next += n as u64;
        if next % (1 << 16) < BATCH as u64 {
            ctx.check_deadline()?;
        }
    }
    Ok(WakeOutput {
        events: total,
        ..WakeOutput::default()
    })
}

/// The reader: every event checked; `usage` spans the first event to the last.
pub(super) fn drain(ctx: &Ctx<'_>, rx: SharedConsumer<P64>) -> Result<WakeOutput, String> {
    ctx.start_line()?;
    match ctx.args.strategy {
        Strategy::Async => drain_stream(ctx, rx),
        _ => drain_batches(ctx, rx),
    }
}

fn drain_batches(ctx: &Ctx<'_>, mut rx: SharedConsumer<P64>) -> Result<WakeOutput, String> {
    let total = ctx.args.count;
    let (mut next, mut bad) = (0u64, 0u64);
    let mut mark = None;
    while next < total {
        rx.process_available_blocking(|event, _, _| {
            if event.check(next).is_none() {
                bad += 1;
            }
            next += 1;
        })
        .map_err(|err| format!("after {next} events: {err}"))?;
        mark.get_or_insert_with(Mark::now);
        ctx.check_deadline()?;
    }
    Ok(WakeOutput {
        events: next,
        bad,
        usage: mark.map(|mark| mark.since()).unwrap_or_default(),
        ..WakeOutput::default()
    })
}

fn drain_stream(ctx: &Ctx<'_>, rx: SharedConsumer<P64>) -> Result<WakeOutput, String> {
    let total = ctx.args.count;
    let mut stream = rx.into_async();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .map_err(|err| format!("tokio runtime: {err}"))?;
    runtime.block_on(async {
        let (mut next, mut bad) = (0u64, 0u64);
        let mut mark = None;
        while next < total {
            // As `while let Some(item) = stream.next().await` with `StreamExt::next`, matching
            // the item where it lands: converting it first (`ok_or_else`, `map_err`, `?`) moved
            // the 80-byte item through two more enums and cost more than the read (9 ns of 22
            // per event in an in-process loop).
            match std::future::poll_fn(|cx| std::pin::Pin::new(&mut stream).poll_next(cx)).await {
                Some(Ok((_, event))) => {
                    mark.get_or_insert_with(Mark::now);
                    if event.check(next).is_none() {
                        bad += 1;
                    }
                }
                Some(Err(err)) => return Err(format!("after {next} events: {err}")),
                None => return Err(format!("the stream ended after {next} events")),
            }
            next += 1;
            if next % (1 << 16) == 0 {
                ctx.check_deadline()?;
            }
        }
        Ok(WakeOutput {
            events: next,
            bad,
            usage: mark.map(|mark: Mark| mark.since()).unwrap_or_default(),
            ..WakeOutput::default()
        })
    })
}
