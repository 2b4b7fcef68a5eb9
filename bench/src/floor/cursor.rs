//! Floor variant with a published counter: bare events in the slots, one Release store of the
//! counter per publish (per batch), consumers poll the counter and cache what it allows.
//!
//! `floor-cursor-padded` is the same ring with each event behind an unused 8-byte word — the
//! slot layout of the engine under test (and of `floor-stamp`) without the stamp — which
//! separates what the layout costs from what the protocol costs.

use super::segment::FloorSegment;
use super::{Gate, Release};
use crate::engine::{Engine, Receiver, RingSpec, Sender};
use crate::payload::Payload;
use core::marker::PhantomData;
use core::sync::atomic::{AtomicU64, Ordering};

/// The published-counter floor.
#[derive(Debug)]
pub struct FloorCursor;

/// The published-counter floor over stamped-size slots (an experiment, not part of the floor).
#[derive(Debug)]
pub struct FloorCursorPadded;

/// The event of sequence `seq` in slots of `size_of::<E>() + PAD` bytes at `base`, each event
/// `PAD` bytes into its slot (compile-time constants, so the plain floor pays nothing for this).
///
/// # Safety
///
/// `base` points to `mask + 1` slots of `size_of::<E>() + PAD` bytes.
#[inline(always)]
unsafe fn event<E, const PAD: usize>(base: *const u8, mask: u64, seq: u64) -> *mut E {
    let offset = (seq & mask) as usize * (core::mem::size_of::<E>() + PAD) + PAD;
    // SAFETY: the masked index keeps the slot, and the event `PAD` bytes into it, inside the
    // slot array the caller vouches for.
    unsafe { base.add(offset).cast::<E>().cast_mut() }
}

/// Producer of the published-counter floor.
#[derive(Debug)]
pub struct CursorTx<E, const PAD: usize> {
    slots: *mut u8,
    mask: u64,
    published: *const AtomicU64,
    next: u64,
    gate: Gate,
    _segment: FloorSegment,
    _event: PhantomData<E>,
}

/// Consumer of the published-counter floor.
#[derive(Debug)]
pub struct CursorRx<E, const PAD: usize> {
    slots: *const u8,
    mask: u64,
    published: *const AtomicU64,
    next: u64,
    available: u64,
    release: Release,
    _segment: FloorSegment,
    _event: PhantomData<E>,
}

impl<E: Payload, const PAD: usize> Sender<E> for CursorTx<E, PAD> {
    #[inline(always)]
    fn try_send(&mut self, fill: impl FnOnce(&mut E)) -> bool {
        if !self.gate.allows(self.next + 1) {
            return false;
        }
        // SAFETY: the segment holds `mask + 1` slots of `size + PAD` bytes (its stride); the gate
        // proved every consumer is done with the slot's previous event; this is the only producer.
        fill(unsafe { &mut *event::<E, PAD>(self.slots, self.mask, self.next) });
        self.next += 1;
        // SAFETY: the counter lives in the segment this value keeps mapped.
        unsafe { &*self.published }.store(self.next, Ordering::Release);
        true
    }

    #[inline(always)]
    fn try_send_batch(&mut self, n: usize, fill: impl Fn(&mut E, usize)) -> bool {
        if !self.gate.allows(self.next + n as u64) {
            return false;
        }
        for i in 0..n {
            let seq = self.next + i as u64;
            // SAFETY: as in `try_send`, for each slot of the batch.
            fill(
                unsafe { &mut *event::<E, PAD>(self.slots, self.mask, seq) },
                i,
            );
        }
        self.next += n as u64;
        // SAFETY: as in `try_send`.
        unsafe { &*self.published }.store(self.next, Ordering::Release);
        true
    }
}

impl<E: Payload, const PAD: usize> Receiver<E> for CursorRx<E, PAD> {
    #[inline(always)]
    fn try_recv<R>(&mut self, read: impl FnOnce(&E) -> R) -> Option<R> {
        if self.next >= self.available {
            self.release.store(self.next);
            // SAFETY: the counter lives in the segment this value keeps mapped.
            self.available = unsafe { &*self.published }.load(Ordering::Acquire);
            if self.next >= self.available {
                return None;
            }
        }
        // SAFETY: slots as in `try_send`; the Acquire load showed the event published, and the
        // producer cannot overwrite it before this consumer's counter passes it.
        let result = read(unsafe { &*event::<E, PAD>(self.slots, self.mask, self.next) });
        self.next += 1;
        self.release.maybe_store(self.next);
        Some(result)
    }

    #[inline(always)]
    fn recv_available(&mut self, mut read: impl FnMut(&E)) -> usize {
        // SAFETY: as in `try_recv`.
        let end = unsafe { &*self.published }.load(Ordering::Acquire);
        let start = self.next;
        for seq in start..end {
            // SAFETY: as in `try_recv`, for every sequence below the loaded counter.
            read(unsafe { &*event::<E, PAD>(self.slots, self.mask, seq) });
        }
        self.next = end;
        self.available = end;
        self.release.store(end);
        (end - start) as usize
    }
}

macro_rules! cursor_engine {
    ($engine:ident, $name:literal, $pad:literal) => {
        impl Engine for $engine {
            const NAME: &'static str = $name;
            type Tx<E: Payload> = CursorTx<E, $pad>;
            type Rx<E: Payload> = CursorRx<E, $pad>;

            fn create<E: Payload>(spec: &RingSpec) -> Result<Self::Tx<E>, String> {
                let segment = FloorSegment::create(
                    &spec.name,
                    spec.capacity,
                    E::SIZE + $pad,
                    spec.consumers,
                )?;
                Ok(CursorTx {
                    slots: segment.slots(),
                    mask: spec.capacity as u64 - 1,
                    published: segment.published(),
                    next: 0,
                    gate: Gate::new(&segment),
                    _segment: segment,
                    _event: PhantomData,
                })
            }

            fn attach<E: Payload>(spec: &RingSpec, index: usize) -> Result<Self::Rx<E>, String> {
                let segment = FloorSegment::attach(
                    &spec.name,
                    spec.capacity,
                    E::SIZE + $pad,
                    spec.consumers,
                    spec.deadline,
                )?;
                Ok(CursorRx {
                    slots: segment.slots(),
                    mask: spec.capacity as u64 - 1,
                    published: segment.published(),
                    next: 0,
                    available: 0,
                    release: Release::new(&segment, index),
                    _segment: segment,
                    _event: PhantomData,
                })
            }
        }
    };
}

cursor_engine!(FloorCursor, "floor-cursor", 0);
cursor_engine!(FloorCursorPadded, "floor-cursor-padded", 8);
