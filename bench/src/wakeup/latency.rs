//! Wake-up latency: the publisher waits until the consumer has taken the previous event (so the
//! ring is idle), lets a random gap pass, and publishes one event stamped with the current tick;
//! the consumer, blocked in `consume_next_leased`, records return tick − publish tick.

use super::child::Ctx;
use super::spec::{Strategy, WakeOutput};
use super::usage::Mark;
use crate::clock;
use crate::payload::{P64, Payload};
use crate::roles::new_histogram;
use disruptor_mp::{ConsumeError, SharedConsumer, SharedProducer};

/// Seeded gaps, uniform in `[min, max]` ticks (splitmix64: reproducible, no dependency).
struct Gaps {
    state: u64,
    min: u64,
    span: u64,
}

impl Gaps {
    fn new(seed: u64, min: u64, max: u64) -> Self {
        Self {
            state: seed,
            min,
            span: max.saturating_sub(min) + 1,
        }
    }

    fn next(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        self.min + (z ^ (z >> 31)) % self.span
    }
}

/// The publisher (default `Block` producer; the ring never fills here).
pub(super) fn publish(ctx: &Ctx<'_>, mut tx: SharedProducer<P64>) -> Result<WakeOutput, String> {
    let args = ctx.args;
    let mut gaps = Gaps::new(
        args.seed,
        ctx.scale.from_ns(args.min_gap_ns as f64) as u64,
        ctx.scale.from_ns(args.max_gap_ns as f64) as u64,
    );
    let total = args.warmup + args.count;
    ctx.start_line()?;
    for seq in 0..total {
        let mut rounds = 0u64;
        while seq > 0 && !tx.is_consumed(seq as i64 - 1) {
            rounds += 1;
            if rounds & 0xFFF == 0 {
                ctx.check_deadline()?;
            }
            core::hint::spin_loop();
        }
        let at = clock::now() + gaps.next();
        while clock::now() < at {
            core::hint::spin_loop();
        }
        tx.publish(|event| event.fill(seq, clock::now()));
    }
    Ok(WakeOutput {
        events: total,
        ..WakeOutput::default()
    })
}

/// The blocked consumer: one latency per event after the warm-up, and its own CPU time and
/// context switches over the measured part.
pub(super) fn sleep(ctx: &Ctx<'_>, rx: SharedConsumer<P64>) -> Result<WakeOutput, String> {
    if ctx.args.strategy == Strategy::Async {
        return sleep_async(ctx, rx);
    }
    sleep_blocking(ctx, rx)
}

fn sleep_blocking(ctx: &Ctx<'_>, mut rx: SharedConsumer<P64>) -> Result<WakeOutput, String> {
    let (warmup, total) = (ctx.args.warmup, ctx.args.warmup + ctx.args.count);
    let mut histogram = new_histogram();
    let mut bad = 0;
    ctx.start_line()?;
    let mut mark = Mark::now();
    for seq in 0..total {
        if seq == warmup {
            mark = Mark::now();
        }
        let event = match rx.consume_next_leased() {
            Ok(event) => event,
            Err(ConsumeError::ProducerClosed) => {
                return Err(format!("the stream ended after {seq} of {total} events"));
            }
            Err(err) => return Err(format!("consume: {err}")),
        };
        let returned = clock::now();
        match event.check(seq) {
            Some(stamp) if seq >= warmup => {
                let ns = ctx.scale.to_ns(returned.saturating_sub(stamp));
                histogram.saturating_record(ns.max(1));
            }
            Some(_) => {}
            None => bad += 1,
        }
    }
    Ok(WakeOutput {
        events: total,
        bad,
        histogram: histogram
            .iter_recorded()
            .map(|v| (v.value_iterated_to(), v.count_at_value()))
            .collect(),
        usage: mark.since(),
        ..WakeOutput::default()
    })
}

/// The awaiting task: as [`sleep_blocking`], with `next_leased().await` on a current-thread
/// tokio runtime; the time is taken when the task runs again after the await.
fn sleep_async(ctx: &Ctx<'_>, rx: SharedConsumer<P64>) -> Result<WakeOutput, String> {
    let (warmup, total) = (ctx.args.warmup, ctx.args.warmup + ctx.args.count);
    let mut rx = rx.into_async();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .map_err(|err| format!("tokio runtime: {err}"))?;
    let mut histogram = new_histogram();
    let mut bad = 0;
    ctx.start_line()?;
    let mut mark = Mark::now();
    runtime.block_on(async {
        for seq in 0..total {
            if seq == warmup {
                mark = Mark::now();
            }
            let event = match rx.next_leased().await {
                Ok(event) => event,
                Err(ConsumeError::ProducerClosed) => {
                    return Err(format!("the stream ended after {seq} of {total} events"));
                }
                Err(err) => return Err(format!("consume: {err}")),
            };
            let returned = clock::now();
            match event.check(seq) {
                Some(stamp) if seq >= warmup => {
                    let ns = ctx.scale.to_ns(returned.saturating_sub(stamp));
                    histogram.saturating_record(ns.max(1));
                }
                Some(_) => {}
                None => bad += 1,
            }
        }
        Ok(())
    })?;
    Ok(WakeOutput {
        events: total,
        bad,
        histogram: histogram
            .iter_recorded()
            .map(|v| (v.value_iterated_to(), v.count_at_value()))
            .collect(),
        usage: mark.since(),
        ..WakeOutput::default()
    })
}
