//! The start line shared by the orchestrator and the processes of one run: children report ready
//! after their rings are set up, and all start together when the orchestrator says go. Nothing
//! here is on a measured path.

use crate::shm::ShmMap;
use core::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

const READY: usize = 0;
const GO: usize = 128;
const LEN: usize = 4096;

/// A mapped control block.
#[derive(Debug)]
pub struct Control {
    map: ShmMap,
}

impl Control {
    /// Creates the control block `name` (orchestrator).
    pub fn create(name: &str) -> Result<Self, String> {
        ShmMap::create(name, LEN)
            .map(|map| Self { map })
            .map_err(|err| format!("control block {name}: {err}"))
    }

    /// Opens the control block `name` (child).
    pub fn open(name: &str, deadline: Instant) -> Result<Self, String> {
        ShmMap::open(name, deadline)
            .map(|map| Self { map })
            .map_err(|err| format!("control block {name}: {err}"))
    }

    fn word(&self, offset: usize) -> &AtomicU64 {
        debug_assert!(offset + 8 <= self.map.len());
        // SAFETY: the offset is inside the 4 KiB mapping and 8-aligned; the reference is bound
        // to `self`, which keeps the mapping alive.
        unsafe { &*self.map.ptr().add(offset).cast::<AtomicU64>() }
    }

    /// Child: my rings are set up.
    pub fn report_ready(&self) {
        self.word(READY).fetch_add(1, Ordering::AcqRel);
    }

    /// Orchestrator: how many children are ready.
    pub fn ready_count(&self) -> u64 {
        self.word(READY).load(Ordering::Acquire)
    }

    /// Orchestrator: start the run.
    pub fn go(&self) {
        self.word(GO).store(1, Ordering::Release);
    }

    /// Child: waits (sleeping) for go until `deadline`.
    pub fn wait_go(&self, deadline: Instant) -> Result<(), String> {
        while self.word(GO).load(Ordering::Acquire) == 0 {
            if Instant::now() >= deadline {
                return Err("the orchestrator never said go".into());
            }
            std::thread::sleep(Duration::from_micros(50));
        }
        Ok(())
    }
}
