//! What a benchmarked ring must offer, and the engines this crate knows.
//!
//! An [`Engine`] creates the producer side of a named ring and attaches consumers to it; the
//! scenarios are written once against [`Sender`] and [`Receiver`] and monomorphised per engine
//! and payload, so every engine runs exactly the same measuring code. Other programs can add
//! engines (for example another crate's ring) with [`EngineEntry::of`] and
//! [`crate::cli::main_with`].

pub mod auto;
pub mod floor;
pub mod ours;
pub mod placed;
pub mod taught;

use crate::payload::Payload;
use std::time::Instant;

/// The producer side of a ring.
pub trait Sender<E> {
    /// Publishes one event filled by `fill` if a slot is free; `false` if the ring is full.
    fn try_send(&mut self, fill: impl FnOnce(&mut E)) -> bool;

    /// Publishes `n` events (`fill(slot, i)` for the `i`-th) if `n` slots are free.
    fn try_send_batch(&mut self, n: usize, fill: impl Fn(&mut E, usize)) -> bool;
}

/// The consumer side of a ring.
pub trait Receiver<E> {
    /// Hands the next event to `read` if one is published, and marks it consumed.
    fn try_recv<R>(&mut self, read: impl FnOnce(&E) -> R) -> Option<R>;

    /// Hands every event published now to `read`, in order; returns how many.
    fn recv_available(&mut self, read: impl FnMut(&E)) -> usize;

    /// Receives `count` events in order, checking each one's sequence and checksum, waiting
    /// with `waiter` while none is there (the throughput consumer). Engines whose consumer runs
    /// on a thread of its own override it; the rest use this loop over
    /// [`Receiver::recv_available`].
    fn drain(&mut self, count: u64, waiter: &mut crate::roles::Waiter) -> Result<Drained, String>
    where
        E: Payload,
        Self: Sized,
    {
        let (mut next, mut bad, mut first_tick) = (0u64, 0u64, 0);
        while next < count {
            let got = self.recv_available(|event| {
                bad += u64::from(event.check(next).is_none());
                next += 1;
            });
            if got == 0 {
                waiter.wait()?;
            } else if first_tick == 0 {
                first_tick = crate::clock::now();
            }
        }
        Ok(Drained {
            events: next,
            bad,
            first_tick,
            end_tick: crate::clock::now(),
        })
    }
}

/// What [`Receiver::drain`] received.
#[derive(Clone, Copy, Debug, Default)]
pub struct Drained {
    /// Events received.
    pub events: u64,
    /// Events that failed the check.
    pub bad: u64,
    /// When the first event arrived (TSC ticks).
    pub first_tick: u64,
    /// When the last one had been checked.
    pub end_tick: u64,
}

/// Where a ring lives and who reads it.
#[derive(Clone, Debug)]
pub struct RingSpec {
    /// Unique segment name (without a leading `/`).
    pub name: String,
    /// Slots in the ring (a power of two).
    pub capacity: usize,
    /// Gating consumers (strict broadcast: each sees every event).
    pub consumers: usize,
    /// Give up attaching after this.
    pub deadline: Instant,
}

/// A ring implementation under test.
pub trait Engine: 'static {
    /// Name on the command line and in reports.
    const NAME: &'static str;
    /// The producer handle.
    type Tx<E: Payload>: Sender<E>;
    /// A consumer handle.
    type Rx<E: Payload>: Receiver<E>;

    /// Creates the ring `spec.name` and returns its producer. Events published before a
    /// consumer attaches are held for it.
    fn create<E: Payload>(spec: &RingSpec) -> Result<Self::Tx<E>, String>;

    /// Attaches consumer number `index` (`0..spec.consumers`) to the ring, waiting for it to
    /// exist until `spec.deadline`.
    fn attach<E: Payload>(spec: &RingSpec, index: usize) -> Result<Self::Rx<E>, String>;
}

/// Whether an engine is the one under test, a floor variant, or something else to compare with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EngineKind {
    /// The runtime crate of this workspace.
    Ours,
    /// A minimal hand-written ring: the fastest variant is the floor.
    Floor,
    /// Any other engine (reported side by side with ours).
    Other,
}

/// A role runner for one engine, as a plain function so engines can be listed in a table.
pub type RoleFn = fn(&crate::roles::RoleArgs) -> Result<crate::roles::RoleOutput, String>;

/// One engine in the table the command line picks from.
#[derive(Clone, Copy, Debug)]
pub struct EngineEntry {
    /// [`Engine::NAME`].
    pub name: &'static str,
    /// How reports treat it.
    pub kind: EngineKind,
    /// Runs a child role with this engine.
    pub run_role: RoleFn,
}

impl EngineEntry {
    /// The entry for engine `T`.
    pub fn of<T: Engine>(kind: EngineKind) -> Self {
        Self {
            name: T::NAME,
            kind,
            run_role: crate::roles::run::<T>,
        }
    }
}

/// The engines this crate builds in: ours and the floor variants. Not part of the default set:
/// two experiments, `floor-stamp-a64` (a stamped slot rounded up to a 64-byte line) and
/// `floor-cursor-padded` (a cursor ring with the engine's slot layout, minus the stamp), and the
/// consuming paths users are taught (`ours-poll`, `ours-next`, `ours-leased`, `ours-blocking`:
/// see [`taught`]; `ours-auto`, throughput only: see [`auto`]), `ours-evictable` (a ring built
/// with `allow_consumer_eviction`: what evictability costs), `ours-packed` (a ring with the
/// packed slot layout), `ours-file`, the same engine over a ring file on `/dev/shm`'s tmpfs (the
/// file backend), and `ours-locked`, `ours-huge`, `ours-hugetlbfs`: the ring's memory locked or
/// on huge pages (see [`placed`]).
pub fn builtin() -> Vec<EngineEntry> {
    vec![
        EngineEntry::of::<ours::Ours>(EngineKind::Ours),
        EngineEntry::of::<ours::OursEvictable>(EngineKind::Other),
        EngineEntry::of::<ours::OursPacked>(EngineKind::Other),
        EngineEntry::of::<ours::OursFile>(EngineKind::Other),
        EngineEntry::of::<placed::Placed<{ placed::LOCKED }>>(EngineKind::Other),
        EngineEntry::of::<placed::Placed<{ placed::HUGE }>>(EngineKind::Other),
        EngineEntry::of::<placed::Placed<{ placed::HUGETLBFS }>>(EngineKind::Other),
        EngineEntry::of::<floor::FloorCursor>(EngineKind::Floor),
        EngineEntry::of::<floor::FloorStamp>(EngineKind::Floor),
        EngineEntry::of::<floor::FloorStampA64>(EngineKind::Other),
        EngineEntry::of::<floor::FloorCursorPadded>(EngineKind::Other),
        EngineEntry::of::<taught::Taught<{ taught::POLL }>>(EngineKind::Other),
        EngineEntry::of::<taught::Taught<{ taught::NEXT }>>(EngineKind::Other),
        EngineEntry::of::<taught::Taught<{ taught::LEASED }>>(EngineKind::Other),
        EngineEntry::of::<taught::Taught<{ taught::BLOCKING }>>(EngineKind::Other),
        EngineEntry::of::<auto::OursAuto>(EngineKind::Other),
    ]
}

/// Engines run when `--engines` is not given.
pub const DEFAULT_ENGINES: &[&str] = &["ours", "floor-cursor", "floor-stamp"];
