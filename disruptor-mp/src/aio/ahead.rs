//! The events an [`super::AsyncConsumer`] copied ahead of its cursor in one pass over the ring
//! ([`crate::ring::reader::Reader::copy_ahead`]), handed out one per poll: a stream keeping up
//! with a busy producer reads the ring in runs, as the blocking batch read does, and pays per
//! event only for taking the next copy.

use crate::Sequence;
use crate::event::SharedEvent;
use core::mem::MaybeUninit;

/// Bytes of copies at most: two pages, which stay in the L1 cache between the pass that
/// writes them and the polls that take them.
const AHEAD_BYTES: usize = 8 << 10;

/// Copies of the events from the consumer's next one on, with their sequences, in order. Its
/// owner keeps them true: it reads by no other way while any is left (or clears them first).
pub(super) struct Ahead<E> {
    /// Room for the copies; none for events too large to be worth copying twice (the stream
    /// then reads each event with one checked read).
    room: Box<[MaybeUninit<(Sequence, E)>]>,
    /// Index of the next copy to hand out.
    head: usize,
    /// Index past the last copy.
    end: usize,
}

impl<E: SharedEvent> Ahead<E> {
    /// Room for as many events as fit [`AHEAD_BYTES`], at most a quarter of a ring of
    /// `capacity` slots (copies are released to the producer only as they are handed out).
    pub(super) fn new(capacity: usize) -> Self {
        let fit = AHEAD_BYTES / size_of::<(Sequence, E)>();
        let count = if fit < 2 { 0 } else { fit.min(capacity / 4) };
        Self {
            room: Box::new_uninit_slice(count),
            head: 0,
            end: 0,
        }
    }

    /// The next copy, if any is left.
    #[inline(always)]
    pub(super) fn take(&mut self) -> Option<(Sequence, E)> {
        if self.head == self.end {
            return None;
        }
        let index = self.head;
        self.head += 1;
        // SAFETY: `head..end` were written by the last `refill` and not taken since.
        Some(unsafe { self.room[index].assume_init_read() })
    }

    /// Drops the copies left: the consumer is about to read by another way.
    #[inline]
    pub(super) fn clear(&mut self) {
        self.head = 0;
        self.end = 0;
    }

    /// Refills the room, once it is empty, with `copy`, which writes the first `n` entries and
    /// returns `n`.
    #[inline]
    pub(super) fn refill(&mut self, copy: impl FnOnce(&mut [MaybeUninit<(Sequence, E)>]) -> usize) {
        debug_assert_eq!(self.head, self.end);
        let n = copy(&mut self.room);
        assert!(n <= self.room.len(), "copied more than there is room for");
        self.head = 0;
        self.end = n;
    }
}
