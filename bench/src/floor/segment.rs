//! The floor's shared-memory layout: a header line, the producer's line, one line per consumer,
//! then the slots. Counters hold counts (events published / consumed), so the zero-filled object
//! is already a valid empty ring and needs no initialisation beyond the header.
//!
//! ```text
//! | header (128 B) | published (128 B) | consumed[0..n] (128 B each) | pad to 4 KiB | slots |
//! ```

use crate::shm::ShmMap;
use core::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

const MAGIC: u64 = u64::from_le_bytes(*b"DMPFLOOR");
/// Distance between counters two processes write.
pub const LINE: usize = 128;
const SLOTS_ALIGN: usize = 4096;

/// Header words.
mod word {
    pub(super) const MAGIC: usize = 0;
    pub(super) const CAPACITY: usize = 1;
    pub(super) const STRIDE: usize = 2;
    pub(super) const CONSUMERS: usize = 3;
    pub(super) const READY: usize = 4;
}

/// A mapped floor ring: counters and the slot base.
#[derive(Debug)]
pub struct FloorSegment {
    map: ShmMap,
    /// Slots in the ring.
    pub capacity: usize,
    /// Bytes from one slot to the next.
    pub stride: usize,
    /// Consumers the producer waits for.
    pub consumers: usize,
}

fn slots_offset(consumers: usize) -> usize {
    (2 * LINE + consumers * LINE).div_ceil(SLOTS_ALIGN) * SLOTS_ALIGN
}

impl FloorSegment {
    /// Creates ring `name` with `capacity` slots of `stride` bytes for `consumers` consumers.
    pub fn create(
        name: &str,
        capacity: usize,
        stride: usize,
        consumers: usize,
    ) -> Result<Self, String> {
        if !capacity.is_power_of_two() || !stride.is_multiple_of(8) || consumers == 0 {
            return Err(format!(
                "floor: bad ring shape {capacity} × {stride} B, {consumers} consumers"
            ));
        }
        let len = slots_offset(consumers) + capacity * stride;
        let map =
            ShmMap::create(name, len).map_err(|err| format!("floor: create {name}: {err}"))?;
        let segment = Self {
            map,
            capacity,
            stride,
            consumers,
        };
        segment.header(word::MAGIC).store(MAGIC, Ordering::Relaxed);
        segment
            .header(word::CAPACITY)
            .store(capacity as u64, Ordering::Relaxed);
        segment
            .header(word::STRIDE)
            .store(stride as u64, Ordering::Relaxed);
        segment
            .header(word::CONSUMERS)
            .store(consumers as u64, Ordering::Relaxed);
        segment.header(word::READY).store(1, Ordering::Release);
        Ok(segment)
    }

    /// Attaches to ring `name`, checking it has this shape; waits for it until `deadline`.
    pub fn attach(
        name: &str,
        capacity: usize,
        stride: usize,
        consumers: usize,
        deadline: Instant,
    ) -> Result<Self, String> {
        let map =
            ShmMap::open(name, deadline).map_err(|err| format!("floor: open {name}: {err}"))?;
        if map.len() < slots_offset(consumers) + capacity * stride {
            return Err(format!("floor: {name} is too short"));
        }
        let segment = Self {
            map,
            capacity,
            stride,
            consumers,
        };
        while segment.header(word::READY).load(Ordering::Acquire) != 1 {
            if Instant::now() >= deadline {
                return Err(format!("floor: {name} never became ready"));
            }
            std::thread::sleep(Duration::from_micros(200));
        }
        let shape = [
            segment.header(word::MAGIC).load(Ordering::Relaxed),
            segment.header(word::CAPACITY).load(Ordering::Relaxed),
            segment.header(word::STRIDE).load(Ordering::Relaxed),
            segment.header(word::CONSUMERS).load(Ordering::Relaxed),
        ];
        if shape != [MAGIC, capacity as u64, stride as u64, consumers as u64] {
            return Err(format!("floor: {name} has another shape: {shape:?}"));
        }
        Ok(segment)
    }

    fn atomic(&self, offset: usize) -> &AtomicU64 {
        assert!(offset + 8 <= self.map.len() && offset.is_multiple_of(8));
        // SAFETY: in bounds and 8-aligned (checked above) inside a page-aligned mapping that
        // lives as long as `self`; every bit pattern is a valid `AtomicU64`.
        unsafe { &*self.map.ptr().add(offset).cast::<AtomicU64>() }
    }

    fn header(&self, index: usize) -> &AtomicU64 {
        self.atomic(index * 8)
    }

    /// Events published so far (the producer's line).
    pub fn published(&self) -> &AtomicU64 {
        self.atomic(LINE)
    }

    /// Events consumer `index` is done with (its own line).
    pub fn consumed(&self, index: usize) -> &AtomicU64 {
        assert!(index < self.consumers);
        self.atomic(2 * LINE + index * LINE)
    }

    /// Slot 0; slot `i` starts `i * stride` bytes later.
    pub fn slots(&self) -> *mut u8 {
        // SAFETY: the offset is inside the mapping (its length was checked on create/attach).
        unsafe { self.map.ptr().add(slots_offset(self.consumers)) }
    }
}
