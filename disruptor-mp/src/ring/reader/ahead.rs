//! Copying ahead: a reader copies the events published from its next one on in one pass over
//! the ring, without reading them, for a caller that then hands them out one per call (the
//! async stream). The pass is a tight loop of copies, as a batch read is, instead of a look at
//! the ring between every two calls of the caller's loop.

use super::{Reader, copy_verified};
use crate::Sequence;
use crate::event::SharedEvent;
use crate::ring::packed;
use crate::ring::slots::{SlotState, classify};
use core::mem::MaybeUninit;
use core::sync::atomic::Ordering;

impl<E: SharedEvent> Reader<E> {
    /// Copies the events published from `next` on into `out`, each with its sequence, as many
    /// as are published and fit, without moving `next`: the caller hands them out in order,
    /// each with [`Reader::advance_past_copy`], so until then they are as unread as before (the
    /// cursor does not pass them). Stops short at anything but an intact published event —
    /// nothing yet, a lap — which the caller's next read reports. Returns how many it copied.
    ///
    /// The pairs are laid out as a by-value read returns them, so handing one out is one block
    /// copy (a sequence and an event copied apart made the caller's copy of the pair wait on
    /// store forwarding). A stamped ring's copies are proved by their stamps, which sit on the
    /// lines copied anyway, so a pass never touches the cursor line the producer writes (and
    /// the cursor of a stamped ring trails single publishes).
    #[inline]
    pub(crate) fn copy_ahead(&self, out: &mut [MaybeUninit<(Sequence, E)>]) -> usize {
        if self.in_place && self.packed {
            return self.copy_packed_run(out);
        }
        let first = self.next;
        let mut count = 0;
        for pair in out.iter_mut() {
            let seq = first + count as Sequence;
            let state = if self.packed {
                packed::state(&self.segment, seq)
            } else {
                classify(self.slots.stamp(seq).load(Ordering::Acquire), seq)
            };
            if state != SlotState::Ready {
                break;
            }
            if self.in_place {
                // SAFETY: as in `try_read`: the stamp showed `seq` published (Acquire), and this
                // in-place reader gates the producer, which may not evict it, and has not
                // released `seq`.
                pair.write((seq, unsafe { *self.slots.get(seq) }));
            } else {
                let pair = pair.as_mut_ptr();
                // SAFETY: `pair` points at a writable `(Sequence, E)`, whose event field has
                // the layout of a `MaybeUninit<E>`.
                let event = unsafe {
                    core::ptr::addr_of_mut!((*pair).0).write(seq);
                    &mut *core::ptr::addr_of_mut!((*pair).1).cast::<MaybeUninit<E>>()
                };
                if copy_verified(&self.slots, &self.segment, seq, event).is_err() {
                    break;
                }
            }
            count += 1;
        }
        count
    }

    /// [`Reader::copy_ahead`] for an in-place reader of a packed ring: one load of the producer
    /// cursor bounds the run, as in a batch visit.
    #[inline]
    fn copy_packed_run(&self, out: &mut [MaybeUninit<(Sequence, E)>]) -> usize {
        let first = self.next;
        let cursor = self.segment.producer_cursor().load(Ordering::Acquire);
        let capacity = self.segment.plan().capacity as Sequence;
        if out.is_empty() || packed::classify(cursor, first, capacity) != SlotState::Ready {
            return 0;
        }
        let last = cursor.min(first - 1 + out.len() as Sequence);
        // SAFETY: the Acquire load of the cursor showed every sequence of `first..=last`
        // published; this in-place reader gates the producer, which may not evict it, and has
        // not released them.
        unsafe {
            self.slots.visit_range(first, last, |event, seq| {
                out[(seq - first) as usize].write((seq, *event));
            });
        }
        (last - first + 1) as usize
    }

    /// Moves past the next event, whose copy [`Reader::copy_ahead`] took; the store of the
    /// cursor is out of line, as the caller is inlined into its own caller's loop.
    #[inline(always)]
    pub(crate) fn advance_past_copy(&mut self) {
        self.next += 1;
        if self.next >= self.flush_at {
            self.flush_out_of_line();
        }
    }

    /// [`Reader::flush`], out of line.
    #[cold]
    #[inline(never)]
    fn flush_out_of_line(&mut self) {
        self.flush();
    }
}
