//! [`AsyncConsumer`]: a consumer whose waits are futures. Reading is the blocking consumer's
//! own code; only the wait differs: where a blocking read sleeps on the ring's futex word, a
//! future hands the same sleep to the bridge thread and returns `Pending`.
//!
//! Cancellation safety: the consumer's cursor moves only inside the poll that returns an
//! event, so a future dropped while it waits loses nothing; the next read starts where it
//! would have.

use super::ahead::Ahead;
use super::bridge::{self, Announcement, Sleep, Ticket, User, Word};
use super::spin_until;
use crate::Sequence;
use crate::consumer::Member;
use crate::error::ConsumeError;
use crate::event::SharedEvent;
use crate::ring::lease::SharedConsumerLease;
use crate::ring::wakeup;
use crate::{BLOCK_TIMEOUT, SharedConsumer};
use core::future::Future;
use core::pin::Pin;
use core::task::{Context, Poll};
use std::sync::Arc;

/// A consumer for async code (feature `tokio`; it works on any executor): `next().await`,
/// `next_leased().await`, and a [`futures_core::Stream`] of events.
///
/// While events are flowing its reads are the blocking consumer's; only when it finds nothing
/// does it hand its wait to the process's one bridge thread, which wakes the task when the
/// producer publishes, closes the ring, or (within [`crate::BLOCK_TIMEOUT`]) dies. The thread
/// starts with the first such wait and ends when the last async handle drops.
///
/// ```
/// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
/// # #[repr(C)]
/// # struct Tick { price: u64 }
/// # let ring = format!("doc-{}-async-next", std::process::id());
/// # let mut producer = disruptor_mp::build_shared_single_producer::<Tick>(&ring, 8)
/// #     .build_producer(Tick::default)?;
/// # let consumer = disruptor_mp::attach_shared_consumer::<Tick>(&ring, 8).build_consumer()?;
/// use disruptor_mp::ConsumeError;
///
/// let mut consumer = consumer.into_async();
/// let runtime = tokio::runtime::Builder::new_current_thread().build()?;
/// runtime.block_on(async {
///     producer.publish_value(Tick { price: 10 });
///     assert_eq!(consumer.next().await?.1.price, 10);
///     drop(producer); // closes the ring
///     assert!(matches!(consumer.next().await, Err(ConsumeError::ProducerClosed)));
///     Ok::<(), ConsumeError>(())
/// })?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct AsyncConsumer<E: SharedEvent> {
    pub(super) inner: SharedConsumer<E>,
    /// The wait in progress, if the last poll found nothing.
    waiting: Option<Waiting>,
    /// Events copied ahead of `inner`'s cursor, handed out before anything is read again.
    ahead: Ahead<E>,
    /// The stream ended (end of stream or an error was yielded).
    pub(super) ended: bool,
    _bridge: User,
}

/// A wait in progress: the announcement on the ring, and the sleep handed to the bridge; both
/// are withdrawn when it drops.
#[derive(Debug)]
struct Waiting {
    announcement: Arc<Announcement>,
    ticket: Option<Ticket>,
}

impl Waiting {
    /// Withdraws the hand-over, if any; then whether the announcement still stands (the bridge
    /// withdraws it when a publish ended the sleep, and cannot once the hand-over is gone).
    fn cancel_hand_over(&mut self) -> bool {
        if let Some(ticket) = self.ticket.take() {
            bridge::cancel(ticket);
        }
        self.announcement.stands()
    }
}

impl Drop for Waiting {
    fn drop(&mut self) {
        self.cancel_hand_over();
        self.announcement.withdraw();
    }
}

// Nothing in an `AsyncConsumer` relies on staying at one address; `E` is plain data.
impl<E: SharedEvent> Unpin for AsyncConsumer<E> {}

impl<E: SharedEvent> std::fmt::Debug for AsyncConsumer<E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AsyncConsumer")
            .field("inner", &self.inner)
            .field("waiting", &self.waiting.is_some())
            .finish_non_exhaustive()
    }
}

impl<E: SharedEvent> SharedConsumer<E> {
    /// This consumer for async code: see [`AsyncConsumer`].
    pub fn into_async(self) -> AsyncConsumer<E> {
        AsyncConsumer {
            ahead: Ahead::new(self.capacity()),
            inner: self,
            waiting: None,
            ended: false,
            _bridge: User::new(),
        }
    }
}

impl<E: SharedEvent> AsyncConsumer<E> {
    /// The next event as a copy; `Err(ConsumeError::ProducerClosed)` at the end of the stream,
    /// as [`SharedConsumer::consume_next`]. Dropping the future before it completes loses no
    /// event.
    // `next().await` is the async spelling users expect (as `StreamExt::next`); it returns a
    // future, not an `Option`, so it is no `Iterator::next`.
    #[allow(clippy::should_implement_trait)]
    pub fn next(&mut self) -> NextEvent<'_, E> {
        NextEvent { consumer: self }
    }

    /// The next event in place (see [`SharedConsumer::consume_next_leased`]). Dropping the
    /// future before it completes loses no event.
    pub fn next_leased(&mut self) -> NextLease<'_, E> {
        // A lease shows the event in the ring: the copies ahead of it go (the cursor has not
        // passed them, so nothing is lost).
        self.ahead.clear();
        NextLease {
            consumer: Some(self),
        }
    }

    /// The blocking consumer, for its polls, batches and queries.
    pub fn get_mut(&mut self) -> &mut SharedConsumer<E> {
        self.end_wait();
        // The blocking consumer reads from its own cursor, which has not passed the copies.
        self.ahead.clear();
        &mut self.inner
    }

    /// The blocking consumer back.
    pub fn into_inner(self) -> SharedConsumer<E> {
        // Dropping the wait in progress withdraws it.
        self.inner
    }

    /// `Ready(Ok(()))` once the next read will not wait, `Ready(Err(_))` once the stream ended
    /// (end of stream, a dead producer, an eviction); otherwise hands the wait to the bridge so
    /// that `cx`'s task is woken, and `Pending`.
    pub(super) fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), ConsumeError>> {
        if self.inner.has_next() {
            self.end_wait();
            return Poll::Ready(Ok(()));
        }
        // As `Block` does, spin briefly first: a consumer that keeps pace with a busy producer
        // finds the next event here, without the bridge's three thread hops.
        if self.waiting.is_none() && spin_until(|| self.inner.has_next()) {
            return Poll::Ready(Ok(()));
        }
        if let Err(err) = self.inner.check_idle() {
            self.end_wait();
            return Poll::Ready(Err(err));
        }
        let segment = self.inner.segment();
        // The wait in progress goes on under its announcement, unless a publish ended its last
        // sleep (the bridge then withdrew it): a fresh one then.
        if self
            .waiting
            .as_mut()
            .is_some_and(|waiting| !waiting.cancel_hand_over())
        {
            self.waiting = None;
        }
        let waiting = self.waiting.get_or_insert_with(|| Waiting {
            announcement: Announcement::new(segment),
            ticket: None,
        });
        let announced = waiting.announcement.announced();
        let inner = &self.inner;
        match wakeup::prepare_sleep(segment, announced, || inner.has_next(), BLOCK_TIMEOUT) {
            // Published (or closed) since the first look: the caller reads, or the next poll
            // reports the end.
            None => {
                if inner.has_next() {
                    self.end_wait();
                    return Poll::Ready(Ok(()));
                }
                cx.waker().wake_by_ref();
            }
            Some((seen, bound)) => {
                waiting.ticket = Some(bridge::hand_over(Sleep {
                    segment: segment.share(),
                    word: Word::Published,
                    seen,
                    bound,
                    waker: cx.waker().clone(),
                    announcement: Some(Arc::clone(&waiting.announcement)),
                }));
            }
        }
        // The next idle check after this wait looks at the clock, and so at the producer.
        self.inner.slept();
        Poll::Pending
    }

    /// The next of the events copied ahead, if any is left: the stream's fast path.
    #[inline(always)]
    pub(super) fn take_copied(&mut self) -> Option<(Sequence, E)> {
        let found = self.ahead.take()?;
        self.inner.take_copied();
        Some(found)
    }

    /// Copies the events published from the next one on ahead, in one pass over the ring, and
    /// takes the first.
    #[inline]
    fn take_refilled(&mut self) -> Option<(Sequence, E)> {
        let inner = &self.inner;
        self.ahead.refill(|room| inner.copy_ahead(room));
        self.take_copied()
    }

    /// Ends the wait in progress, if any: withdraws the hand-over and the announcement.
    fn end_wait(&mut self) {
        self.waiting = None;
    }

    /// The next event as a copy, or why there is none (see [`AsyncConsumer::poll_ready`]).
    pub(super) fn poll_copy(
        &mut self,
        cx: &mut Context<'_>,
    ) -> Poll<Result<(Sequence, E), ConsumeError>> {
        // A consumer keeping up with a busy ring: the next event copied ahead, or of a new pass
        // over the ring; else one checked read that finds the event (or the end, or a lap). No
        // second look through `poll_ready` and no wait state touched.
        if self.waiting.is_none() {
            if let Some(found) = self.take_copied().or_else(|| self.take_refilled()) {
                return Poll::Ready(Ok(found));
            }
            match self.inner.poll_next() {
                Ok(Some(found)) => return Poll::Ready(Ok(found)),
                Err(err) => return Poll::Ready(Err(err)),
                Ok(None) => {}
            }
        }
        match self.poll_ready(cx) {
            Poll::Pending => Poll::Pending,
            Poll::Ready(Err(err)) => Poll::Ready(Err(err)),
            // Awake with events published: copy the run ahead (or read one, checked).
            Poll::Ready(Ok(())) => match self.take_refilled() {
                Some(found) => Poll::Ready(Ok(found)),
                None => self.read_checked(cx),
            },
        }
    }

    /// One checked read, after the next slot was seen to hold something.
    fn read_checked(&mut self, cx: &mut Context<'_>) -> Poll<Result<(Sequence, E), ConsumeError>> {
        match self.inner.poll_next() {
            Ok(Some(found)) => Poll::Ready(Ok(found)),
            Err(err) => Poll::Ready(Err(err)),
            // The slot held something other than "not yet" a moment ago; stamps only move
            // forward, so this is unreachable, but waiting again is always safe.
            Ok(None) => {
                cx.waker().wake_by_ref();
                Poll::Pending
            }
        }
    }
}

/// The future of [`AsyncConsumer::next`].
#[derive(Debug)]
#[must_use = "futures do nothing unless awaited"]
pub struct NextEvent<'a, E: SharedEvent> {
    consumer: &'a mut AsyncConsumer<E>,
}

impl<E: SharedEvent> Future for NextEvent<'_, E> {
    type Output = Result<(Sequence, E), ConsumeError>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        self.consumer.poll_copy(cx)
    }
}

impl<E: SharedEvent> Drop for NextEvent<'_, E> {
    fn drop(&mut self) {
        // Dropped mid-wait: nothing was read; only the wait ends.
        self.consumer.end_wait();
    }
}

/// The future of [`AsyncConsumer::next_leased`].
#[derive(Debug)]
#[must_use = "futures do nothing unless awaited"]
pub struct NextLease<'a, E: SharedEvent> {
    /// Taken when the lease is handed out.
    consumer: Option<&'a mut AsyncConsumer<E>>,
}

impl<'a, E: SharedEvent> Future for NextLease<'a, E> {
    type Output = Result<SharedConsumerLease<'a, E>, ConsumeError>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let consumer = self
            .consumer
            .as_mut()
            .expect("a NextLease polled after it completed");
        match consumer.poll_ready(cx) {
            Poll::Pending => Poll::Pending,
            Poll::Ready(Err(err)) => {
                self.consumer = None;
                Poll::Ready(Err(err))
            }
            Poll::Ready(Ok(())) => {
                let consumer = self.consumer.take().expect("checked above");
                // The next slot holds something other than "not yet" (and stamps only move
                // forward), so this read does not wait: it leases the event or reports a lap.
                Poll::Ready(consumer.inner.consume_next_leased())
            }
        }
    }
}

impl<E: SharedEvent> Drop for NextLease<'_, E> {
    fn drop(&mut self) {
        if let Some(consumer) = self.consumer.as_mut() {
            consumer.end_wait();
        }
    }
}
