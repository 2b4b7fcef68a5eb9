//! The environment contract: every duration and CPU core the library takes from the
//! environment, read once per process.
//!
//! Each setting has a `DISRUPTOR_MP_<NAME>` variable; the published crate's `MYELON_<NAME>`
//! spelling is accepted as a fallback, so a deployment that ports keeps its settings. When both
//! are set, `DISRUPTOR_MP_<NAME>` wins. An empty value counts as unset.
//!
//! | Variable | Fallback | Value (default) | What it sets |
//! |---|---|---|---|
//! | `DISRUPTOR_MP_AUTO_WAIT_DELAY_NS` | `MYELON_AUTO_WAIT_DELAY_NS` | `u64` ns (unset) | [`crate::AutoWaitStrategy::from_env_or`]: `sleep_nanos(n)`; 0 spins with a hint. Wins over `_US` |
//! | `DISRUPTOR_MP_AUTO_WAIT_DELAY_US` | `MYELON_AUTO_WAIT_DELAY_US` | `u64` µs (unset) | [`crate::AutoWaitStrategy::from_env_or`]: `sleep_micros(n)` |
//! | `DISRUPTOR_MP_PRODUCER_CORE` | `MYELON_PRODUCER_CORE` | `usize` core (unset) | pins the thread calling `build_producer`, unless `with_process_core` is set |
//! | `DISRUPTOR_MP_CONSUMER_CORE` | `MYELON_CONSUMER_CORE` | `usize` core (unset) | pins the thread calling `build_consumer`, unless `with_process_core` is set |
//! | `DISRUPTOR_MP_PROCESS_CORE` | `MYELON_PROCESS_CORE` | `usize` core (unset) | either role, when its own variable is unset |
//! | `DISRUPTOR_MP_AUTO_CONSUMER_CORE` | `MYELON_AUTO_CONSUMER_CORE` | `usize` core (unset) | the `AutoConsumer` thread, unless `with_consumer_core` is set |
//! | `DISRUPTOR_MP_SHUTDOWN_GRACE_MS` | `MYELON_SHUTDOWN_GRACE_MS` | `u64` ms (10) | how long a dropped `AutoConsumer` gives its thread to stop |
//! | `DISRUPTOR_MP_BLOCK_STRATEGY_US` | `MYELON_BLOCK_STRATEGY_US` | `u64` µs (unset) | [`crate::perform_default_block_wait`]; wins over `_MS` |
//! | `DISRUPTOR_MP_BLOCK_STRATEGY_MS` | `MYELON_BLOCK_STRATEGY_MS` | `f64` ms ≥ 0 (0.01) | [`crate::perform_default_block_wait`]; fractions allowed (0.5 is 500 µs) |
//! | `DISRUPTOR_MP_DISCOVERY_POLL_MS` | `MYELON_DISCOVERY_POLL_MS` | `u64` ms (10) | [`crate::perform_default_discovery_poll_wait`] |
//! | `DISRUPTOR_MP_CONSUME_SLEEP_US` | `MYELON_CONSUME_SLEEP_US` | `u64` µs (1) | [`crate::perform_default_consume_sleep_wait`] |
//! | `DISRUPTOR_MP_SLEEP_YIELD_THRESHOLD_US` | `MYELON_SLEEP_YIELD_THRESHOLD_US` | `u64` µs (50) | a sleep wait this short or shorter yields instead ([`crate::perform_sleep_wait`]) |
//! | `DISRUPTOR_MP_NAMESPACE` | none | name (unset) | the namespace of every ring the process uses ([`crate::NAMESPACE_ENV`]) |
//!
//! For a pair in two units (`AUTO_WAIT_DELAY_NS`/`_US`, `BLOCK_STRATEGY_US`/`_MS`), the
//! `DISRUPTOR_MP_` pair wins over the `MYELON_` pair, and within a pair the finer unit wins.
//!
//! A value that does not parse, or is out of range, is an [`EnvError`] naming the variable and
//! the value, never a silent default; this holds for every variable that is set, also one that
//! another overrides. `build_producer` and `build_consumer` check the whole table and return the
//! error (`ConfigError::Env`), so a process with a bad setting fails when it starts. Functions
//! whose published signature cannot return an error ([`crate::AutoWaitStrategy::from_env_or`],
//! the `default_*_duration` and `perform_*_wait` functions) panic with the same message; call
//! [`check`] first to fail cleanly instead.
//!
//! The [`runtime`] constants name these variables, and the [`read`] helpers read an
//! application's own variables the same way.

mod error;
pub mod read;
pub mod runtime;
mod settings;
#[cfg(test)]
mod tests;

pub use error::EnvError;
pub use settings::Settings;
pub(crate) use settings::{CoreRole, settings_or_panic};

/// This process's [`Settings`], read from the environment on the first call (of this or of any
/// function that uses them); the first variable that is set to a bad value is the error.
///
/// ```
/// let settings = disruptor_mp::env::settings()?;
/// println!("block waits back off for {:?}", settings.block_strategy_duration());
/// # Ok::<(), disruptor_mp::env::EnvError>(())
/// ```
pub fn settings() -> Result<&'static Settings, EnvError> {
    settings::process_settings().as_ref().map_err(Clone::clone)
}

/// Checks every variable of the contract up front, so that a bad value is reported where the
/// program starts rather than as a panic in a function that cannot return it.
///
/// ```
/// if let Err(err) = disruptor_mp::env::check() {
///     eprintln!("bad configuration: {err}"); // names the variable and its value
///     std::process::exit(2);
/// }
/// ```
pub fn check() -> Result<(), EnvError> {
    settings().map(|_| ())
}
