//! Closing the ring when the producer drops: mark it closed, wake sleepers, keep the name while
//! gating consumers still read (the linger), then remove it — unless the builder said to keep it
//! (`keep_file`).

use super::SharedProducer;
use crate::deadline::poll_until;
use crate::event::SharedEvent;
use crate::layout::SegmentState;
use crate::ring::consumer_table::ConsumerTable;
use crate::ring::wakeup;
use core::sync::atomic::Ordering;
use std::time::Duration;

/// How often a lingering producer looks at its gating consumers' cursors.
const LINGER_POLL: Duration = Duration::from_millis(1);

impl<E: SharedEvent> SharedProducer<E> {
    fn close(&mut self) {
        self.publisher.sync_cursor();
        let segment = self.publisher.segment();
        segment
            .state()
            .store(SegmentState::Closed as u32, Ordering::Release);
        wakeup::wake_consumers(segment);
        if self.settings.keep_name {
            // The name stays for good: nobody needs the linger to find the ring.
            return;
        }
        self.linger();
        // Nothing to report to: the ring is closed either way, and a name we failed to remove
        // is reclaimed by the next producer (its creator is gone).
        let _ = self.publisher.segment().region().remove_name();
    }

    /// Drops a producer whose build failed after its ring was created (a coordination timeout):
    /// the ring is closed and its name removed whatever `keep_file` said, since a ring nobody
    /// got to use holds nothing to inspect, and a kept one would only hold the name.
    pub(crate) fn discard(mut self) {
        self.settings.keep_name = false;
    }

    /// Waits, up to the linger, while a gating place without a live consumer (not attached
    /// yet, dropped, or dead) holds unread events, so that consumer still finds the ring by its
    /// name. Attached consumers need no name: they keep their mapping and drain the ring
    /// whenever they like.
    fn linger(&self) {
        let last = self.last_published_sequence();
        if last < 0 || self.settings.linger.is_zero() {
            return;
        }
        let table = ConsumerTable::new(self.segment());
        // Running out is the answer too: the name goes, whoever is still missing.
        let _ = poll_until(self.settings.linger, LINGER_POLL, |_| {
            (!table.unattached_reservation_behind(last)).then_some(())
        });
    }
}

impl<E: SharedEvent> Drop for SharedProducer<E> {
    fn drop(&mut self) {
        self.close();
    }
}
