//! The published crate's wait surface: the `AutoWaitStrategy` constructors that take plain
//! numbers or the environment, and the free functions that wait the configured durations.
//!
//! The durations come from the [environment contract](crate::env), read once per process.
//! Functions whose published signature cannot return an error panic if a variable holds a bad
//! value, with the [`EnvError`]'s message (variable and value); call [`crate::env::check`] (or
//! build a producer or consumer, which checks the same) first to get the error instead.

use super::AutoWaitStrategy;
use crate::env::{self, EnvError, settings_or_panic};
use std::time::Duration;

impl AutoWaitStrategy {
    /// [`AutoWaitStrategy::Sleep`] of 1 µs: gives the CPU away on every idle check, for
    /// consumers that may add latency to save power.
    ///
    /// ```
    /// use disruptor_mp::AutoWaitStrategy;
    /// use std::time::Duration;
    ///
    /// assert_eq!(AutoWaitStrategy::cpu_efficient(), AutoWaitStrategy::Sleep(Duration::from_micros(1)));
    /// ```
    pub fn cpu_efficient() -> Self {
        Self::Sleep(Duration::from_micros(1))
    }

    /// [`AutoWaitStrategy::Sleep`] of `nanos` nanoseconds; 0 spins with a hint.
    ///
    /// ```
    /// use disruptor_mp::AutoWaitStrategy;
    ///
    /// assert_eq!(AutoWaitStrategy::sleep_nanos(0), AutoWaitStrategy::BusySpinWithSpinLoopHint);
    /// ```
    pub fn sleep_nanos(nanos: u64) -> Self {
        Self::sleep(Duration::from_nanos(nanos))
    }

    /// [`AutoWaitStrategy::Sleep`] of `micros` microseconds; 0 spins with a hint.
    ///
    /// ```
    /// use disruptor_mp::AutoWaitStrategy;
    /// use std::time::Duration;
    ///
    /// assert_eq!(AutoWaitStrategy::sleep_micros(20), AutoWaitStrategy::Sleep(Duration::from_micros(20)));
    /// ```
    pub fn sleep_micros(micros: u64) -> Self {
        Self::sleep(Duration::from_micros(micros))
    }

    /// The strategy the environment sets (`DISRUPTOR_MP_AUTO_WAIT_DELAY_NS`, else `_US`, or
    /// their `MYELON_` fallbacks; see [`crate::env`]), else `default`: lets an operator trade
    /// latency for CPU without a rebuild.
    ///
    /// # Panics
    ///
    /// If a variable of the environment contract holds a bad value (the message names it and
    /// the value); [`Self::try_from_env_or`] returns that error instead.
    ///
    /// ```
    /// use disruptor_mp::AutoWaitStrategy;
    ///
    /// let strategy = AutoWaitStrategy::from_env_or(AutoWaitStrategy::Block);
    /// # let _ = strategy;
    /// ```
    pub fn from_env_or(default: Self) -> Self {
        settings_or_panic().auto_wait_delay().unwrap_or(default)
    }

    /// [`Self::from_env_or`], returning a bad environment as an error instead of panicking.
    ///
    /// ```
    /// use disruptor_mp::AutoWaitStrategy;
    ///
    /// let strategy = AutoWaitStrategy::try_from_env_or(AutoWaitStrategy::cpu_efficient())?;
    /// # let _ = strategy;
    /// # Ok::<(), disruptor_mp::env::EnvError>(())
    /// ```
    pub fn try_from_env_or(default: Self) -> Result<Self, EnvError> {
        Ok(env::settings()?.auto_wait_delay().unwrap_or(default))
    }
}

/// The backoff of [`perform_default_block_wait`]: `DISRUPTOR_MP_BLOCK_STRATEGY_US` or `_MS`
/// (default 10 µs). This is the published crate's sleep-based block wait; it is not what
/// [`AutoWaitStrategy::Block`] does here (that sleeps on the ring's futex word).
///
/// # Panics
///
/// If a variable of the environment contract holds a bad value (see [`crate::env::check`]).
///
/// ```
/// let backoff = disruptor_mp::default_block_strategy_duration();
/// # let _ = backoff;
/// ```
pub fn default_block_strategy_duration() -> Duration {
    settings_or_panic().block_strategy_duration()
}

/// The sleep between polls of the `*_with_sleep` consumer calls: `DISRUPTOR_MP_CONSUME_SLEEP_US`
/// (default 1 µs).
///
/// # Panics
///
/// If a variable of the environment contract holds a bad value (see [`crate::env::check`]).
///
/// ```
/// let sleep = disruptor_mp::default_consume_sleep_duration();
/// # let _ = sleep;
/// ```
pub fn default_consume_sleep_duration() -> Duration {
    settings_or_panic().consume_sleep_duration()
}

/// The interval of discovery and startup polling loops: `DISRUPTOR_MP_DISCOVERY_POLL_MS`
/// (default 10 ms).
///
/// # Panics
///
/// If a variable of the environment contract holds a bad value (see [`crate::env::check`]).
///
/// ```
/// let poll = disruptor_mp::default_discovery_poll_duration();
/// # let _ = poll;
/// ```
pub fn default_discovery_poll_duration() -> Duration {
    settings_or_panic().discovery_poll_duration()
}

/// Waits [`default_block_strategy_duration`] with [`perform_sleep_wait`]: the published crate's
/// idle step of its `Block` strategy, for loops of your own.
///
/// # Panics
///
/// If a variable of the environment contract holds a bad value (see [`crate::env::check`]).
///
/// ```
/// disruptor_mp::perform_default_block_wait(); // yields: 10 µs is under the threshold
/// ```
pub fn perform_default_block_wait() {
    perform_sleep_wait(default_block_strategy_duration());
}

/// Waits [`default_consume_sleep_duration`] with [`perform_sleep_wait`].
///
/// # Panics
///
/// If a variable of the environment contract holds a bad value (see [`crate::env::check`]).
///
/// ```
/// disruptor_mp::perform_default_consume_sleep_wait();
/// ```
pub fn perform_default_consume_sleep_wait() {
    perform_sleep_wait(default_consume_sleep_duration());
}

/// Waits [`default_discovery_poll_duration`] with [`perform_sleep_wait`].
///
/// # Panics
///
/// If a variable of the environment contract holds a bad value (see [`crate::env::check`]).
///
/// ```
/// disruptor_mp::perform_default_discovery_poll_wait(); // sleeps 10 ms by default
/// ```
pub fn perform_default_discovery_poll_wait() {
    perform_sleep_wait(default_discovery_poll_duration());
}

/// Waits about `duration`: a wait at or below the sleep-or-yield threshold
/// (`DISRUPTOR_MP_SLEEP_YIELD_THRESHOLD_US`, default 50 µs) yields the CPU once instead, because
/// the OS cannot sleep that briefly (a short `sleep` costs tens of microseconds or more); a
/// longer one sleeps.
///
/// # Panics
///
/// If a variable of the environment contract holds a bad value (see [`crate::env::check`]).
///
/// ```
/// use std::time::Duration;
///
/// disruptor_mp::perform_sleep_wait(Duration::from_micros(5)); // yields
/// disruptor_mp::perform_sleep_wait(Duration::from_millis(1)); // sleeps
/// ```
pub fn perform_sleep_wait(duration: Duration) {
    sleep_or_yield(duration, settings_or_panic().sleep_yield_threshold());
}

/// Yields if `duration` is at most `threshold`, and sleeps `duration` otherwise.
fn sleep_or_yield(duration: Duration, threshold: Duration) {
    if yields(duration, threshold) {
        std::thread::yield_now();
    } else {
        std::thread::sleep(duration);
    }
}

/// Whether a wait of `duration` yields rather than sleeps: at or below the threshold.
fn yields(duration: Duration, threshold: Duration) -> bool {
    duration <= threshold
}

#[cfg(test)]
mod tests;
