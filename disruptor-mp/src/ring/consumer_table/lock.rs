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

/// The join lock word for `me`: its pid in the high half and, in the low half, its PID namespace
/// id (Linux namespace inode numbers are 32-bit) or 1 where that is unknown or does not fit. Older
/// versions always wrote 1 there, which decodes as "namespace unknown, judge the pid as before";
/// a namespace id is never 1 (Linux hands them out from 0xF000_0000), and never 0 (0 = free).
pub(crate) fn lock_word(me: ProcessIdentity) -> u64 {
    let tag = match u32::try_from(me.pid_ns) {
        Ok(ns) if ns > 1 => ns,
        _ => 1,
    };
    (u64::from(me.pid) << 32) | u64::from(tag)
}

/// The holder a (non-zero) join lock word names.
pub(crate) fn lock_holder(held: u64) -> ProcessIdentity {
    let tag = held & u64::from(u32::MAX);
    ProcessIdentity {
        pid: (held >> 32) as u32,
        start_time: 0,
        pid_ns: if tag > 1 { tag } else { 0 },
    }
}

impl<'a> ConsumerTable<'a> {
    /// Takes the join lock for `me`, waiting up to [`LOCK_TIMEOUT`] and breaking it if its
    /// holder died.
    pub(crate) fn lock(&self, me: ProcessIdentity) -> Result<JoinLockGuard<'a>, JoinError> {
        let lock = self.seg.join_lock();
        let mine = lock_word(me);
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
                // Only `Dead` breaks the lock; a holder in another PID namespace (`Unknown`)
                // counts as alive, so the wait ends in `LockTimeout` rather than stealing a lock
                // that may be held.
                let holder = lock_holder(held);
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
