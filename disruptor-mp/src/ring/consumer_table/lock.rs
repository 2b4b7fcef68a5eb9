//! The join lock: serialises joins, leaves and reservations between processes, and is broken
//! when its holder died.

use super::{ConsumerTable, JoinError};
use crate::backend::process::{Liveness, ProcessIdentity};
use crate::ring::sync::{self, AtomicU64};
use core::sync::atomic::Ordering;
use std::time::{Duration, Instant};

/// How long a joiner waits for the join lock before giving up.
pub(crate) const LOCK_TIMEOUT: Duration = Duration::from_secs(5);
/// How often a waiting joiner checks whether the lock holder is still alive.
const LOCK_HOLDER_CHECK: Duration = Duration::from_millis(2);

impl<'a> ConsumerTable<'a> {
    /// Takes the join lock for `me`, waiting up to [`LOCK_TIMEOUT`] and breaking it if its
    /// holder died.
    pub(crate) fn lock(&self, me: ProcessIdentity) -> Result<JoinLockGuard<'a>, JoinError> {
        let lock = self.seg.join_lock();
        let mine = (u64::from(me.pid) << 32) | 1;
        let started = Instant::now();
        let mut last_check = started;
        loop {
            let held = lock.load(Ordering::Relaxed);
            if held == 0 {
                if lock
                    .compare_exchange(0, mine, Ordering::Acquire, Ordering::Relaxed)
                    .is_ok()
                {
                    return Ok(JoinLockGuard { lock, mine });
                }
                continue;
            }
            let now = Instant::now();
            if now.duration_since(last_check) >= LOCK_HOLDER_CHECK {
                last_check = now;
                let holder = ProcessIdentity {
                    pid: (held >> 32) as u32,
                    start_time: 0,
                };
                if holder.liveness() == Liveness::Dead
                    && lock
                        .compare_exchange(held, mine, Ordering::Acquire, Ordering::Relaxed)
                        .is_ok()
                {
                    return Ok(JoinLockGuard { lock, mine });
                }
            }
            if now.duration_since(started) >= LOCK_TIMEOUT {
                return Err(JoinError::LockTimeout {
                    waited: now.duration_since(started),
                });
            }
            sync::yield_now();
        }
    }
}

/// Holds the join lock; releases it on drop.
pub(crate) struct JoinLockGuard<'a> {
    lock: &'a AtomicU64,
    mine: u64,
}

impl Drop for JoinLockGuard<'_> {
    fn drop(&mut self) {
        // Only release what we hold: if a peer broke the lock believing us dead, leave it.
        let _ = self
            .lock
            .compare_exchange(self.mine, 0, Ordering::Release, Ordering::Relaxed);
    }
}
