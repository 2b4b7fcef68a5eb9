//! The floor: the fastest minimal ring over the same kind of shared memory, with no features at
//! all — no header validation, no liveness, no end of stream, no waiting policy, no late joiners.
//! Whatever the engine under test costs beyond this is the price of its features (or of its
//! implementation).
//!
//! Two variants, run side by side; the faster one per scenario is reported as the floor:
//! - [`cursor`]: slots hold bare events; the producer stores a published counter after each
//!   publish (once per batch), consumers poll that counter.
//! - [`stamp`]: each slot starts with a stamp (sequence + 1); consumers poll the stamp of the slot
//!   they want, which lives on the line they must read anyway, and the producer never writes a
//!   shared counter.
//!
//! Both gate the producer on every consumer's consumed counter, re-read only when the cached
//! limit runs out; consumers store their counter every quarter ring and whenever they run dry.

pub mod cursor;
pub mod segment;
pub mod stamp;

use core::sync::atomic::{AtomicU64, Ordering};
use segment::FloorSegment;

/// The producer's cached view of its consumers.
#[derive(Debug)]
struct Gate {
    consumed: Vec<*const AtomicU64>,
    capacity: u64,
    /// Events that may be published in total before the consumers must be asked again.
    limit: u64,
}

impl Gate {
    fn new(segment: &FloorSegment) -> Self {
        Self {
            consumed: (0..segment.consumers)
                .map(|i| segment.consumed(i) as *const AtomicU64)
                .collect(),
            capacity: segment.capacity as u64,
            limit: segment.capacity as u64,
        }
    }

    /// Whether `end` events in total may be published; refreshes the cache if needed.
    #[inline(always)]
    fn allows(&mut self, end: u64) -> bool {
        if end <= self.limit {
            return true;
        }
        self.refresh();
        end <= self.limit
    }

    #[cold]
    #[inline(never)]
    fn refresh(&mut self) {
        let min = self
            .consumed
            .iter()
            // SAFETY: the pointers come from the segment the owner keeps mapped.
            .map(|&c| unsafe { &*c }.load(Ordering::Acquire))
            .min()
            .unwrap_or(0);
        self.limit = min + self.capacity;
    }
}

/// A consumer's counter and when it was last stored.
#[derive(Debug)]
struct Release {
    counter: *const AtomicU64,
    released: u64,
    every: u64,
}

impl Release {
    fn new(segment: &FloorSegment, index: usize) -> Self {
        Self {
            counter: segment.consumed(index),
            released: 0,
            every: (segment.capacity as u64 / 4).max(1),
        }
    }

    /// Stores `done` if it moved.
    #[inline(always)]
    fn store(&mut self, done: u64) {
        if done != self.released {
            // SAFETY: the counter lives in the segment the owner keeps mapped.
            unsafe { &*self.counter }.store(done, Ordering::Release);
            self.released = done;
        }
    }

    /// Stores `done` once a quarter ring has passed since the last store.
    #[inline(always)]
    fn maybe_store(&mut self, done: u64) {
        if done - self.released >= self.every {
            self.store(done);
        }
    }
}

pub use cursor::{FloorCursor, FloorCursorPadded};
pub use stamp::{FloorStamp, FloorStampA64};
