//! The one way the crate waits for something with a deadline: try, sleep a little, try again.
//!
//! Cold paths only (creation, attach, coordination, closing); the publish and consume paths wait
//! with their [`crate::AutoWaitStrategy`] instead.

use std::time::{Duration, Instant};

/// A wait that ran out: how long it lasted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct TimedOut {
    /// Time from the first attempt to giving up.
    pub(crate) waited: Duration,
}

/// Calls `attempt` until it returns `Some`, sleeping `interval` between attempts, for at most
/// `timeout` (`Duration::MAX`: no limit). It is always called at least once (so a zero timeout
/// makes one attempt), and last at or after the deadline. `attempt` gets the time waited so far,
/// for attempts whose answer depends on it.
pub(crate) fn poll_until<T>(
    timeout: Duration,
    interval: Duration,
    mut attempt: impl FnMut(Duration) -> Option<T>,
) -> Result<T, TimedOut> {
    let started = Instant::now();
    loop {
        let waited = started.elapsed();
        if let Some(value) = attempt(waited) {
            return Ok(value);
        }
        if waited >= timeout {
            return Err(TimedOut { waited });
        }
        std::thread::sleep(interval.min(timeout - waited));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_zero_timeout_still_makes_one_attempt() {
        let mut calls = 0;
        let result = poll_until(Duration::ZERO, Duration::from_millis(1), |_| {
            calls += 1;
            None::<()>
        });
        assert!(result.is_err());
        assert_eq!(calls, 1);
    }

    #[test]
    fn returns_the_first_value_an_attempt_produces() {
        let mut calls = 0;
        let result = poll_until(Duration::from_secs(10), Duration::ZERO, |_| {
            calls += 1;
            (calls == 3).then_some(calls)
        });
        assert_eq!(result, Ok(3));
    }
}
