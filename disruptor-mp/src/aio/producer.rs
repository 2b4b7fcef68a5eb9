//! The producer's async wait for space: [`SharedProducer::ready`] and
//! [`SharedProducer::publish_async`]. The same handshake as a producer blocked on a full ring
//! (`ring::wakeup::announce_producer`), with the sleep handed to the bridge thread.

use super::bridge::{self, Sleep, Ticket, User, Word};
use super::spin_until;
use crate::event::SharedEvent;
use crate::ring::wakeup::{self, Announced};
use crate::{BLOCK_TIMEOUT, Sequence, SharedProducer};
use core::future::Future;
use core::pin::Pin;
use core::task::{Context, Poll};

impl<E: SharedEvent> SharedProducer<E> {
    /// Completes once one more event fits in the ring (at once if it does now). Dropping it
    /// early changes nothing.
    ///
    /// ```
    /// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
    /// # #[repr(C)]
    /// # struct Tick { price: u64 }
    /// # let ring = format!("doc-{}-publish-async", std::process::id());
    /// let mut producer = disruptor_mp::build_shared_single_producer::<Tick>(&ring, 8)
    ///     .build_producer(Tick::default)?;
    /// let runtime = tokio::runtime::Builder::new_current_thread().build()?;
    /// let sequence = runtime.block_on(producer.publish_async(Tick { price: 10 }));
    /// assert_eq!(sequence, 0);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn ready(&mut self) -> SpaceReady<'_, E> {
        SpaceReady {
            producer: self,
            waiting: None,
        }
    }

    /// Publishes `event` once it fits, waiting asynchronously while the ring is full.
    pub async fn publish_async(&mut self, event: E) -> Sequence {
        self.ready().await;
        self.publish_value(event)
    }
}

/// The future of [`SharedProducer::ready`].
#[derive(Debug)]
#[must_use = "futures do nothing unless awaited"]
pub struct SpaceReady<'a, E: SharedEvent> {
    producer: &'a mut SharedProducer<E>,
    /// The wait in progress: the announcement, the hand-over, and the bridge kept running.
    waiting: Option<(Announced, Option<Ticket>, User)>,
}

impl<E: SharedEvent> SpaceReady<'_, E> {
    fn end_wait(&mut self) {
        if let Some((_, ticket, _user)) = self.waiting.take() {
            if let Some(ticket) = ticket {
                bridge::cancel(ticket);
            }
            wakeup::retract_producer(self.producer.segment());
        }
    }
}

impl<E: SharedEvent> Future for SpaceReady<'_, E> {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let this = &mut *self;
        if this.producer.has_room() {
            this.end_wait();
            return Poll::Ready(());
        }
        // As `Block` does, spin briefly before sleeping.
        if this.waiting.is_none() && spin_until(|| this.producer.has_room()) {
            return Poll::Ready(());
        }
        let segment = this.producer.segment().share();
        let (announced, ticket, _) = this
            .waiting
            .get_or_insert_with(|| (wakeup::announce_producer(&segment), None, User::new()));
        if let Some(ticket) = ticket.take() {
            bridge::cancel(ticket);
        }
        let producer = &mut *this.producer;
        match wakeup::prepare_space_sleep(
            &segment,
            *announced,
            || producer.has_room(),
            BLOCK_TIMEOUT,
        ) {
            None => {
                this.end_wait();
                Poll::Ready(())
            }
            Some((seen, bound)) => {
                *ticket = Some(bridge::hand_over(Sleep {
                    segment,
                    word: Word::Space,
                    seen,
                    bound,
                    waker: cx.waker().clone(),
                    announcement: None,
                }));
                Poll::Pending
            }
        }
    }
}

impl<E: SharedEvent> Drop for SpaceReady<'_, E> {
    fn drop(&mut self) {
        self.end_wait();
    }
}
