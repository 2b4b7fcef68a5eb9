//! Floor variant with a published counter: bare events in the slots, one Release store of the
//! counter per publish (per batch), consumers poll the counter and cache what it allows.

use super::segment::FloorSegment;
use super::{Gate, Release};
use crate::engine::{Engine, Receiver, RingSpec, Sender};
use crate::payload::Payload;
use core::marker::PhantomData;
use core::sync::atomic::{AtomicU64, Ordering};

/// The published-counter floor.
#[derive(Debug)]
pub struct FloorCursor;

/// Producer of the published-counter floor.
#[derive(Debug)]
pub struct CursorTx<E> {
    slots: *mut E,
    mask: u64,
    published: *const AtomicU64,
    next: u64,
    gate: Gate,
    _segment: FloorSegment,
    _event: PhantomData<E>,
}

/// Consumer of the published-counter floor.
#[derive(Debug)]
pub struct CursorRx<E> {
    slots: *const E,
    mask: u64,
    published: *const AtomicU64,
    next: u64,
    available: u64,
    release: Release,
    _segment: FloorSegment,
    _event: PhantomData<E>,
}

impl<E: Payload> Sender<E> for CursorTx<E> {
    #[inline(always)]
    fn try_send(&mut self, fill: impl FnOnce(&mut E)) -> bool {
        if !self.gate.allows(self.next + 1) {
            return false;
        }
        // SAFETY: the gate proved every consumer is done with the slot's previous event; the
        // index is masked into the slot array; this is the ring's only producer.
        fill(unsafe { &mut *self.slots.add((self.next & self.mask) as usize) });
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
                unsafe { &mut *self.slots.add((seq & self.mask) as usize) },
                i,
            );
        }
        self.next += n as u64;
        // SAFETY: as in `try_send`.
        unsafe { &*self.published }.store(self.next, Ordering::Release);
        true
    }
}

impl<E: Payload> Receiver<E> for CursorRx<E> {
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
        // SAFETY: the Acquire load showed the event published; the producer cannot overwrite
        // it before this consumer's counter passes it.
        let result = read(unsafe { &*self.slots.add((self.next & self.mask) as usize) });
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
            read(unsafe { &*self.slots.add((seq & self.mask) as usize) });
        }
        self.next = end;
        self.available = end;
        self.release.store(end);
        (end - start) as usize
    }
}

impl Engine for FloorCursor {
    const NAME: &'static str = "floor-cursor";
    type Tx<E: Payload> = CursorTx<E>;
    type Rx<E: Payload> = CursorRx<E>;

    fn create<E: Payload>(spec: &RingSpec) -> Result<CursorTx<E>, String> {
        let segment = FloorSegment::create(&spec.name, spec.capacity, E::SIZE, spec.consumers)?;
        Ok(CursorTx {
            slots: segment.slots().cast(),
            mask: spec.capacity as u64 - 1,
            published: segment.published(),
            next: 0,
            gate: Gate::new(&segment),
            _segment: segment,
            _event: PhantomData,
        })
    }

    fn attach<E: Payload>(spec: &RingSpec, index: usize) -> Result<CursorRx<E>, String> {
        let segment = FloorSegment::attach(
            &spec.name,
            spec.capacity,
            E::SIZE,
            spec.consumers,
            spec.deadline,
        )?;
        Ok(CursorRx {
            slots: segment.slots().cast(),
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
