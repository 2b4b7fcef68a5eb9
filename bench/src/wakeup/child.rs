//! A wake-up child process: pin, open the ring with the strategy under test, report ready, wait
//! for go, run its role and write what it measured.

use super::spec::{WakeArgs, WakeOutput, WakeRole};
use super::{idle, latency, throughput};
use crate::affinity;
use crate::clock::TickScale;
use crate::control::Control;
use crate::payload::P64;
use disruptor_mp::{
    CoordinationMode, SharedConsumer, SharedProducer, attach_shared_consumer,
    build_shared_single_producer,
};
use std::time::{Duration, Instant};

/// What every wake-up role gets.
pub(super) struct Ctx<'a> {
    pub(super) args: &'a WakeArgs,
    pub(super) scale: TickScale,
    pub(super) deadline: Instant,
    control: Control,
}

impl Ctx<'_> {
    /// Reports ready and waits for go.
    pub(super) fn start_line(&self) -> Result<(), String> {
        self.control.report_ready();
        self.control.wait_go(self.deadline)
    }

    /// `Err` once the deadline has passed.
    pub(super) fn check_deadline(&self) -> Result<(), String> {
        if Instant::now() >= self.deadline {
            return Err(format!("{:?}: deadline passed", self.args.role));
        }
        Ok(())
    }

    /// Sleeps `secs` seconds, or until the deadline if that comes first (then `Err`).
    pub(super) fn sleep(&self, secs: f64) -> Result<(), String> {
        let until = Instant::now() + Duration::from_secs_f64(secs);
        if until > self.deadline {
            return Err(format!(
                "{:?}: a {secs} s wait exceeds the budget",
                self.args.role
            ));
        }
        std::thread::sleep(until.saturating_duration_since(Instant::now()));
        Ok(())
    }

    /// The ring's producer: one reserved gating place `c_0`, default wait strategy (`Block`).
    fn producer(&self) -> Result<SharedProducer<P64>, String> {
        build_shared_single_producer::<P64>(&self.args.ring, self.args.capacity)
            .discover_consumer_with_prefix(1, "c")
            .with_coordination(CoordinationMode::Immediate)
            .build_producer(P64::default)
            .map_err(|err| format!("create {}: {err}", self.args.ring))
    }

    /// The ring's consumer in place `c_0`, waiting with the strategy under test.
    fn consumer(&self) -> Result<SharedConsumer<P64>, String> {
        attach_shared_consumer::<P64>(&self.args.ring, self.args.capacity)
            .with_consumer_id("c_0")
            .with_wait_strategy(self.args.strategy.wait())
            .wait_for_producer(self.deadline.saturating_duration_since(Instant::now()))
            .build_consumer()
            .map_err(|err| format!("attach {} as c_0: {err}", self.args.ring))
    }
}

/// Runs the child described by `json` (the hidden `wake-role` command).
pub fn run_role(json: &str) -> Result<(), String> {
    let args: WakeArgs = serde_json::from_str(json).map_err(|e| format!("wake args: {e}"))?;
    let deadline = Instant::now() + Duration::from_secs_f64(args.budget_secs);
    if let Some(core) = args.core {
        affinity::pin_to_core(core).map_err(|err| format!("pin to core {core}: {err}"))?;
    }
    let ctx = Ctx {
        args: &args,
        scale: TickScale {
            ticks_per_ns: args.ticks_per_ns,
        },
        deadline,
        control: Control::open(&args.control, deadline)?,
    };
    let mut output: WakeOutput = match args.role {
        WakeRole::Publisher => latency::publish(&ctx, ctx.producer()?),
        WakeRole::Sleeper => latency::sleep(&ctx, ctx.consumer()?),
        WakeRole::Quiet => idle::quiet(&ctx, ctx.producer()?),
        WakeRole::IdleConsumer => idle::idle_consumer(&ctx, ctx.consumer()?),
        WakeRole::FullProducer => idle::full_producer(&ctx, ctx.producer()?),
        WakeRole::Holder => idle::holder(&ctx, ctx.consumer()?),
        WakeRole::Flood => throughput::flood(&ctx, ctx.producer()?),
        WakeRole::Drain => throughput::drain(&ctx, ctx.consumer()?),
    }
    .map_err(|err| format!("{:?} ({}): {err}", args.role, args.strategy.name()))?;
    output.core = affinity::current_core();
    let text = serde_json::to_string(&output).expect("output serialises");
    std::fs::write(&args.out, text).map_err(|e| format!("write {}: {e}", args.out))
}
