//! Wake-up latency: the publisher waits until the consumer has taken the previous event (so the
//! ring is idle), lets a random gap pass, and publishes one event stamped with the current tick;
//! the consumer, blocked in `consume_next_leased`, records return tick − publish tick.

use super::child::Ctx;
use super::spec::{Strategy, WakeOutput};
use super::usage::Mark;
use crate::clock;
use crate::payload::{P64, Payload};
use crate::roles::new_histogram;
use disruptor_mp::{ConsumeError, SharedConsumer, SharedConsumerLease, SharedProducer};
use hdrhistogram::Histogram;

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
    let mut run = Latencies::start(ctx)?;
    for seq in 0..run.total {
        run.begin(seq);
        run.record(seq, rx.consume_next_leased())?;
    }
    Ok(run.output())
}

/// The awaiting task: as [`sleep_blocking`], with `next_leased().await` on a current-thread
/// tokio runtime; the time is taken when the task runs again after the await.
fn sleep_async(ctx: &Ctx<'_>, rx: SharedConsumer<P64>) -> Result<WakeOutput, String> {
    let mut rx = rx.into_async();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .map_err(|err| format!("tokio runtime: {err}"))?;
    let mut run = Latencies::start(ctx)?;
    runtime.block_on(async {
        for seq in 0..run.total {
            run.begin(seq);
            run.record(seq, rx.next_leased().await)?;
        }
        Ok::<(), String>(())
    })?;
    Ok(run.output())
}

/// What the consumer measures, whether it blocks or awaits, so that both wake-ups are measured
/// and validated the same way: one latency per event after the warm-up, bad events, and the
/// consumer's usage over the measured part.
struct Latencies<'c, 'a> {
    ctx: &'c Ctx<'a>,
    warmup: u64,
    total: u64,
    histogram: Histogram<u64>,
    bad: u64,
    mark: Mark,
}

impl<'c, 'a> Latencies<'c, 'a> {
    /// Allocates the histogram before the start line, so the run does not pay for it, and marks
    /// the usage after it.
    fn start(ctx: &'c Ctx<'a>) -> Result<Self, String> {
        let histogram = new_histogram();
        ctx.start_line()?;
        Ok(Self {
            ctx,
            warmup: ctx.args.warmup,
            total: ctx.args.warmup + ctx.args.count,
            histogram,
            bad: 0,
            mark: Mark::now(),
        })
    }

    /// Before reading `seq`: the measured part starts after the warm-up.
    fn begin(&mut self, seq: u64) {
        if seq == self.warmup {
            self.mark = Mark::now();
        }
    }

    /// What reading `seq` returned. Inlined so the time is taken as soon as the read returns.
    #[inline(always)]
    fn record(
        &mut self,
        seq: u64,
        consumed: Result<SharedConsumerLease<'_, P64>, ConsumeError>,
    ) -> Result<(), String> {
        let event = match consumed {
            Ok(event) => event,
            Err(ConsumeError::ProducerClosed) => {
                return Err(format!(
                    "the stream ended after {seq} of {} events",
                    self.total
                ));
            }
            Err(err) => return Err(format!("consume: {err}")),
        };
        let returned = clock::now();
        match event.check(seq) {
            Some(stamp) if seq >= self.warmup => {
                let ns = self.ctx.scale.to_ns(returned.saturating_sub(stamp));
                self.histogram.saturating_record(ns.max(1));
            }
            Some(_) => {}
            None => self.bad += 1,
        }
        Ok(())
    }

    fn output(self) -> WakeOutput {
        WakeOutput {
            events: self.total,
            bad: self.bad,
            histogram: self
                .histogram
                .iter_recorded()
                .map(|v| (v.value_iterated_to(), v.count_at_value()))
                .collect(),
            usage: self.mark.since(),
            ..WakeOutput::default()
        }
    }
}
