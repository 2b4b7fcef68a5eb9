//! Floor variant with per-slot stamps: each slot is `[stamp: u64][event]`, the stamp holds
//! sequence + 1 once the event is written (Release), and consumers poll the stamp of the slot they
//! want. The producer writes no shared counter at all.
//!
//! The slot stride is `8 + size` rounded up to `ALIGN` bytes: 8 for the plain variant (the same
//! packing as the engine under test), 64 for the experiment that keeps slots from straddling
//! cache lines.

use super::segment::FloorSegment;
use super::{Gate, Release};
use crate::engine::{Engine, Receiver, RingSpec, Sender};
use crate::payload::Payload;
use core::marker::PhantomData;
use core::sync::atomic::{AtomicU64, Ordering};

/// The stamped floor, slots packed to 8 bytes.
#[derive(Debug)]
pub struct FloorStamp;

/// The stamped floor, slots rounded up to 64 bytes (an experiment, not part of the floor).
#[derive(Debug)]
pub struct FloorStampA64;

fn stride<E>(align: usize) -> usize {
    (8 + core::mem::size_of::<E>()).div_ceil(align) * align
}

/// The slot array of a stamped ring.
#[derive(Debug)]
struct StampSlots<E> {
    base: *mut u8,
    stride: usize,
    mask: u64,
    _event: PhantomData<E>,
}

impl<E> StampSlots<E> {
    #[inline(always)]
    fn slot(&self, seq: u64) -> *mut u8 {
        // SAFETY: the index is masked into the slot array of the mapped segment.
        unsafe { self.base.add((seq & self.mask) as usize * self.stride) }
    }

    #[inline(always)]
    fn stamp(&self, seq: u64) -> &AtomicU64 {
        // SAFETY: every slot starts with an 8-aligned stamp (slots are 4096-aligned, stride a
        // multiple of 8); any bits are a valid `AtomicU64`.
        unsafe { &*self.slot(seq).cast::<AtomicU64>() }
    }

    #[inline(always)]
    fn event(&self, seq: u64) -> *mut E {
        // SAFETY: the event follows the stamp inside the slot (stride ≥ 8 + size).
        unsafe { self.slot(seq).add(8).cast::<E>() }
    }
}

/// Producer of a stamped floor.
#[derive(Debug)]
pub struct StampTx<E> {
    slots: StampSlots<E>,
    next: u64,
    gate: Gate,
    _segment: FloorSegment,
}

/// Consumer of a stamped floor.
#[derive(Debug)]
pub struct StampRx<E> {
    slots: StampSlots<E>,
    next: u64,
    release: Release,
    _segment: FloorSegment,
}

impl<E: Payload> Sender<E> for StampTx<E> {
    #[inline(always)]
    fn try_send(&mut self, fill: impl FnOnce(&mut E)) -> bool {
        if !self.gate.allows(self.next + 1) {
            return false;
        }
        let seq = self.next;
        // SAFETY: the gate proved every consumer is done with the slot's previous event; this
        // is the ring's only producer.
        fill(unsafe { &mut *self.slots.event(seq) });
        self.slots.stamp(seq).store(seq + 1, Ordering::Release);
        self.next = seq + 1;
        true
    }

    #[inline(always)]
    fn try_send_batch(&mut self, n: usize, fill: impl Fn(&mut E, usize)) -> bool {
        let first = self.next;
        if !self.gate.allows(first + n as u64) {
            return false;
        }
        for i in 0..n as u64 {
            // SAFETY: as in `try_send`, for each slot of the batch.
            fill(unsafe { &mut *self.slots.event(first + i) }, i as usize);
        }
        for seq in first..first + n as u64 {
            self.slots.stamp(seq).store(seq + 1, Ordering::Release);
        }
        self.next = first + n as u64;
        true
    }
}

impl<E: Payload> Receiver<E> for StampRx<E> {
    #[inline(always)]
    fn try_recv<R>(&mut self, read: impl FnOnce(&E) -> R) -> Option<R> {
        let seq = self.next;
        if self.slots.stamp(seq).load(Ordering::Acquire) != seq + 1 {
            self.release.store(seq);
            return None;
        }
        // SAFETY: the Acquire load of the stamp showed the event published; the producer cannot
        // overwrite it before this consumer's counter passes it.
        let result = read(unsafe { &*self.slots.event(seq) });
        self.next = seq + 1;
        self.release.maybe_store(self.next);
        Some(result)
    }

    #[inline(always)]
    fn recv_available(&mut self, mut read: impl FnMut(&E)) -> usize {
        let start = self.next;
        let bound = start + self.release.every * 4;
        let mut seq = start;
        while seq < bound && self.slots.stamp(seq).load(Ordering::Acquire) == seq + 1 {
            // SAFETY: as in `try_recv`.
            read(unsafe { &*self.slots.event(seq) });
            seq += 1;
        }
        self.next = seq;
        self.release.store(seq);
        (seq - start) as usize
    }
}

macro_rules! stamp_engine {
    ($engine:ident, $name:literal, $align:literal) => {
        impl Engine for $engine {
            const NAME: &'static str = $name;
            type Tx<E: Payload> = StampTx<E>;
            type Rx<E: Payload> = StampRx<E>;

            fn create<E: Payload>(spec: &RingSpec) -> Result<StampTx<E>, String> {
                let stride = stride::<E>($align);
                let segment =
                    FloorSegment::create(&spec.name, spec.capacity, stride, spec.consumers)?;
                Ok(StampTx {
                    slots: StampSlots {
                        base: segment.slots(),
                        stride,
                        mask: spec.capacity as u64 - 1,
                        _event: PhantomData,
                    },
                    next: 0,
                    gate: Gate::new(&segment),
                    _segment: segment,
                })
            }

            fn attach<E: Payload>(spec: &RingSpec, index: usize) -> Result<StampRx<E>, String> {
                let stride = stride::<E>($align);
                let segment = FloorSegment::attach(
                    &spec.name,
                    spec.capacity,
                    stride,
                    spec.consumers,
                    spec.deadline,
                )?;
                Ok(StampRx {
                    slots: StampSlots {
                        base: segment.slots(),
                        stride,
                        mask: spec.capacity as u64 - 1,
                        _event: PhantomData,
                    },
                    next: 0,
                    release: Release::new(&segment, index),
                    _segment: segment,
                })
            }
        }
    };
}

stamp_engine!(FloorStamp, "floor-stamp", 8);
stamp_engine!(FloorStampA64, "floor-stamp-a64", 64);
