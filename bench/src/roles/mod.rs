//! What a child process does: set up its rings, report ready, wait for go, run its half of a
//! scenario and write what it measured to a file.
//!
//! Roles are generic over the engine and the payload, so all engines run the same code.

mod fixed_rate;
pub mod inproc;
mod pingpong;
mod throughput;

use crate::affinity::{self, Idle};
use crate::clock::TickScale;
use crate::control::Control;
use crate::engine::{Engine, RingSpec};
use crate::payload::Payload;
use crate::with_payload;
use hdrhistogram::Histogram;
use serde::{Deserialize, Serialize};
use std::time::{Duration, Instant};

/// Which half of which scenario a child runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    /// Ping-pong initiator: sends, waits for the echo, records the round trip.
    Ping,
    /// Ping-pong responder: validates each event and sends it back.
    Echo,
    /// Throughput producer.
    Producer,
    /// Throughput consumer: verifies every event.
    Consumer,
    /// Fixed-rate producer: publishes on a schedule, stamping each event's intended send time.
    RateProducer,
    /// Fixed-rate consumer: latency from the intended send time.
    RateConsumer,
}

/// Everything a child needs, passed as one JSON argument.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct RoleArgs {
    /// The role.
    pub role: Role,
    /// Engine name.
    pub engine: String,
    /// Payload size in bytes.
    pub payload: usize,
    /// Ring this child produces into (if any).
    pub tx_ring: Option<String>,
    /// Ring this child consumes from (if any).
    pub rx_ring: Option<String>,
    /// Slots per ring.
    pub capacity: usize,
    /// Consumers of the throughput ring.
    pub consumers: usize,
    /// This consumer's index.
    pub index: usize,
    /// Measured events (or round trips).
    pub count: u64,
    /// Unmeasured events (or round trips) before them.
    pub warmup: u64,
    /// Events per batch publish (0: single publish).
    pub batch: usize,
    /// Fixed-rate scenario: events per second.
    pub rate: f64,
    /// Core to pin to.
    pub core: Option<usize>,
    /// How to wait for the other side.
    pub idle: String,
    /// Control block name.
    pub control: String,
    /// Where to write the [`RoleOutput`].
    pub out: String,
    /// Tick scale shared by all processes of the run.
    pub ticks_per_ns: f64,
    /// Seconds the whole child may take.
    pub budget_secs: f64,
}

/// What a child measured.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct RoleOutput {
    /// Core the child ran on at the end (after pinning).
    pub core: Option<usize>,
    /// Events handled (measured plus warm-up).
    pub events: u64,
    /// Events that failed validation (wrong sequence or checksum).
    pub bad: u64,
    /// Times a producer found the ring full.
    pub full: u64,
    /// Tick when the measured part started.
    pub start_tick: u64,
    /// Tick when the first measured event arrived (consumers).
    pub first_tick: u64,
    /// Tick when the measured part ended.
    pub end_tick: u64,
    /// Recorded latencies in ns as (value, count), if this role records any.
    pub histogram: Vec<(u64, u64)>,
}

/// A latency histogram: 1 ns to 100 s, 3 significant digits.
pub fn new_histogram() -> Histogram<u64> {
    Histogram::new_with_bounds(1, 100_000_000_000, 3).expect("valid histogram bounds")
}

fn export(histogram: &Histogram<u64>) -> Vec<(u64, u64)> {
    histogram
        .iter_recorded()
        .map(|v| (v.value_iterated_to(), v.count_at_value()))
        .collect()
}

/// Spins with a deadline that is checked only every 2^16 rounds, so waiting costs next to
/// nothing and a lost peer cannot hang the run.
#[derive(Debug)]
pub struct Waiter {
    idle: Idle,
    rounds: u64,
    deadline: Instant,
}

impl Waiter {
    /// A waiter that gives up at `deadline`.
    pub fn new(idle: Idle, deadline: Instant) -> Self {
        Self {
            idle,
            rounds: 0,
            deadline,
        }
    }

    /// Waits once; `Err` once the deadline has passed.
    #[inline(always)]
    pub fn wait(&mut self) -> Result<(), String> {
        self.idle.wait();
        self.rounds = self.rounds.wrapping_add(1);
        if self.rounds & 0xFFFF == 0 && Instant::now() >= self.deadline {
            return Err("deadline passed while waiting for the other side".into());
        }
        Ok(())
    }
}

/// What every role function gets.
pub(crate) struct Ctx<'a> {
    pub(crate) args: &'a RoleArgs,
    pub(crate) scale: TickScale,
    pub(crate) deadline: Instant,
    pub(crate) idle: Idle,
    pub(crate) control: Control,
}

impl Ctx<'_> {
    pub(crate) fn waiter(&self) -> Waiter {
        Waiter::new(self.idle, self.deadline)
    }

    fn ring(&self, name: &Option<String>) -> Result<RingSpec, String> {
        Ok(RingSpec {
            name: name.clone().ok_or("role needs a ring name")?,
            capacity: self.args.capacity,
            consumers: self.args.consumers,
            deadline: self.deadline,
        })
    }

    /// Reports ready and waits for go.
    pub(crate) fn start_line(&self) -> Result<(), String> {
        self.control.report_ready();
        self.control.wait_go(self.deadline)
    }
}

/// Runs the role `args` describes with engine `T`.
pub fn run<T: Engine>(args: &RoleArgs) -> Result<RoleOutput, String> {
    with_payload!(args.payload, E => run_sized::<T, E>(args),
        else Err(format!("no payload of {} bytes", args.payload)))
}

fn run_sized<T: Engine, E: Payload>(args: &RoleArgs) -> Result<RoleOutput, String> {
    let started = Instant::now();
    let deadline = started + Duration::from_secs_f64(args.budget_secs);
    if let Some(core) = args.core {
        affinity::pin_to_core(core).map_err(|err| format!("pin to core {core}: {err}"))?;
    }
    let ctx = Ctx {
        args,
        scale: TickScale {
            ticks_per_ns: args.ticks_per_ns,
        },
        deadline,
        idle: Idle::parse(&args.idle).ok_or("bad idle policy")?,
        control: Control::open(&args.control, deadline)?,
    };
    let mut output = match args.role {
        Role::Ping => {
            let tx = T::create::<E>(&ctx.ring(&args.tx_ring)?)?;
            let rx = T::attach::<E>(&ctx.ring(&args.rx_ring)?, 0)?;
            pingpong::ping(&ctx, tx, rx)?
        }
        Role::Echo => {
            let tx = T::create::<E>(&ctx.ring(&args.tx_ring)?)?;
            let rx = T::attach::<E>(&ctx.ring(&args.rx_ring)?, 0)?;
            pingpong::echo(&ctx, tx, rx)?
        }
        Role::Producer => {
            let tx = T::create::<E>(&ctx.ring(&args.tx_ring)?)?;
            throughput::produce(&ctx, tx)?
        }
        Role::Consumer => {
            let rx = T::attach::<E>(&ctx.ring(&args.rx_ring)?, args.index)?;
            throughput::consume(&ctx, rx)?
        }
        Role::RateProducer => {
            let tx = T::create::<E>(&ctx.ring(&args.tx_ring)?)?;
            fixed_rate::produce(&ctx, tx)?
        }
        Role::RateConsumer => {
            let rx = T::attach::<E>(&ctx.ring(&args.rx_ring)?, args.index)?;
            fixed_rate::consume(&ctx, rx)?
        }
    };
    output.core = affinity::current_core();
    Ok(output)
}
