//! The contract's values, read from the environment once per process.

use super::EnvError;
use super::read::parse_value;
use super::runtime::{self, published};
use crate::wait::AutoWaitStrategy;
use std::ffi::OsString;
use std::str::FromStr;
use std::sync::OnceLock;
use std::time::Duration;

/// A CPU core named by an environment variable, with the variable's name (for errors).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct CoreSetting {
    /// The core.
    pub(crate) core: usize,
    /// The variable that named it, as read (`DISRUPTOR_MP_…` or `MYELON_…`).
    pub(crate) variable: &'static str,
}

/// Every setting of the [environment contract](super), as this process's environment sets
/// them (defaults where a variable is unset). Get it with [`super::settings`].
///
/// ```
/// use disruptor_mp::env::Settings;
/// use std::time::Duration;
///
/// // The values of an empty environment.
/// let defaults = Settings::default();
/// assert_eq!(defaults.block_strategy_duration(), Duration::from_micros(10));
/// assert_eq!(defaults.producer_core(), None);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Settings {
    auto_wait: Option<AutoWaitStrategy>,
    auto_consumer_core: Option<CoreSetting>,
    producer_core: Option<CoreSetting>,
    consumer_core: Option<CoreSetting>,
    process_core: Option<CoreSetting>,
    shutdown_grace: Duration,
    block_strategy: Duration,
    discovery_poll: Duration,
    consume_sleep: Duration,
    sleep_yield_threshold: Duration,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            auto_wait: None,
            auto_consumer_core: None,
            producer_core: None,
            consumer_core: None,
            process_core: None,
            shutdown_grace: Duration::from_millis(10),
            block_strategy: Duration::from_micros(10),
            discovery_poll: Duration::from_millis(10),
            consume_sleep: Duration::from_micros(1),
            sleep_yield_threshold: Duration::from_micros(50),
        }
    }
}

impl Settings {
    /// The strategy `AUTO_WAIT_DELAY_NS` / `_US` set, if either is set: what
    /// [`AutoWaitStrategy::from_env_or`] returns instead of its default.
    pub fn auto_wait_delay(&self) -> Option<AutoWaitStrategy> {
        self.auto_wait
    }

    /// The core `AUTO_CONSUMER_CORE` names, if set.
    pub fn auto_consumer_core(&self) -> Option<usize> {
        self.auto_consumer_core.map(|setting| setting.core)
    }

    /// `AUTO_CONSUMER_CORE` with the variable that set it (for errors).
    pub(crate) fn auto_consumer_core_setting(&self) -> Option<CoreSetting> {
        self.auto_consumer_core
    }

    /// The core `PRODUCER_CORE` names, if set.
    pub fn producer_core(&self) -> Option<usize> {
        self.producer_core.map(|setting| setting.core)
    }

    /// The core `CONSUMER_CORE` names, if set.
    pub fn consumer_core(&self) -> Option<usize> {
        self.consumer_core.map(|setting| setting.core)
    }

    /// The core `PROCESS_CORE` names, if set.
    pub fn process_core(&self) -> Option<usize> {
        self.process_core.map(|setting| setting.core)
    }

    /// `SHUTDOWN_GRACE_MS` (default 10 ms).
    pub fn shutdown_grace(&self) -> Duration {
        self.shutdown_grace
    }

    /// `BLOCK_STRATEGY_US` or `_MS` (default 10 µs).
    pub fn block_strategy_duration(&self) -> Duration {
        self.block_strategy
    }

    /// `DISCOVERY_POLL_MS` (default 10 ms).
    pub fn discovery_poll_duration(&self) -> Duration {
        self.discovery_poll
    }

    /// `CONSUME_SLEEP_US` (default 1 µs).
    pub fn consume_sleep_duration(&self) -> Duration {
        self.consume_sleep
    }

    /// `SLEEP_YIELD_THRESHOLD_US` (default 50 µs).
    pub fn sleep_yield_threshold(&self) -> Duration {
        self.sleep_yield_threshold
    }

    /// The core a building thread of `role` is pinned to when its builder sets none: the role's
    /// variable, else `PROCESS_CORE`.
    pub(crate) fn role_core(&self, role: CoreRole) -> Option<CoreSetting> {
        let own = match role {
            CoreRole::Producer => self.producer_core,
            CoreRole::Consumer => self.consumer_core,
        };
        own.or(self.process_core)
    }

    /// Reads every variable through `get` (the process environment, or a test's map).
    pub(crate) fn from_lookup(get: impl Fn(&str) -> Option<OsString>) -> Result<Self, EnvError> {
        let get = &get;
        let defaults = Self::default();
        let ns = both::<u64>(
            get,
            runtime::AUTO_WAIT_DELAY_NS,
            published::AUTO_WAIT_DELAY_NS,
        )?;
        let us = both::<u64>(
            get,
            runtime::AUTO_WAIT_DELAY_US,
            published::AUTO_WAIT_DELAY_US,
        )?;
        let auto_wait = finer_first(ns, us).map(|delay| match delay {
            Unit::Fine(ns) => AutoWaitStrategy::sleep_nanos(ns),
            Unit::Coarse(us) => AutoWaitStrategy::sleep_micros(us),
        });
        let block_us = both::<u64>(
            get,
            runtime::BLOCK_STRATEGY_US,
            published::BLOCK_STRATEGY_US,
        )?;
        let block_ms = both_millis(
            get,
            runtime::BLOCK_STRATEGY_MS,
            published::BLOCK_STRATEGY_MS,
        )?;
        let block_strategy = match finer_first(block_us, block_ms) {
            Some(Unit::Fine(us)) => Duration::from_micros(us),
            Some(Unit::Coarse(duration)) => duration,
            None => defaults.block_strategy,
        };
        let duration = |ours, theirs, unit: fn(u64) -> Duration, default| {
            Ok::<_, EnvError>(one::<u64>(get, ours, theirs)?.map_or(default, |(v, _)| unit(v)))
        };
        let core = |ours, theirs| {
            Ok::<_, EnvError>(
                one::<usize>(get, ours, theirs)?
                    .map(|(core, variable)| CoreSetting { core, variable }),
            )
        };
        Ok(Self {
            auto_wait,
            auto_consumer_core: core(runtime::AUTO_CONSUMER_CORE, published::AUTO_CONSUMER_CORE)?,
            producer_core: core(runtime::PRODUCER_CORE, published::PRODUCER_CORE)?,
            consumer_core: core(runtime::CONSUMER_CORE, published::CONSUMER_CORE)?,
            process_core: core(runtime::PROCESS_CORE, published::PROCESS_CORE)?,
            shutdown_grace: duration(
                runtime::SHUTDOWN_GRACE_MS,
                published::SHUTDOWN_GRACE_MS,
                Duration::from_millis,
                defaults.shutdown_grace,
            )?,
            block_strategy,
            discovery_poll: duration(
                runtime::DISCOVERY_POLL_MS,
                published::DISCOVERY_POLL_MS,
                Duration::from_millis,
                defaults.discovery_poll,
            )?,
            consume_sleep: duration(
                runtime::CONSUME_SLEEP_US,
                published::CONSUME_SLEEP_US,
                Duration::from_micros,
                defaults.consume_sleep,
            )?,
            sleep_yield_threshold: duration(
                runtime::SLEEP_YIELD_THRESHOLD_US,
                published::SLEEP_YIELD_THRESHOLD_US,
                Duration::from_micros,
                defaults.sleep_yield_threshold,
            )?,
        })
    }
}

/// Which building thread a core is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum CoreRole {
    /// The thread calling `build_producer`.
    Producer,
    /// The thread calling `build_consumer`.
    Consumer,
}

/// The process's settings, read on first use.
pub(crate) fn process_settings() -> &'static Result<Settings, EnvError> {
    static SETTINGS: OnceLock<Result<Settings, EnvError>> = OnceLock::new();
    SETTINGS.get_or_init(|| Settings::from_lookup(|name| std::env::var_os(name)))
}

/// The process's settings, for a function whose published signature cannot return the error:
/// panics with the [`EnvError`]'s message, naming the variable and its value.
pub(crate) fn settings_or_panic() -> &'static Settings {
    match process_settings() {
        Ok(settings) => settings,
        Err(err) => panic!("{err}"),
    }
}

/// The values of one setting under (ours, published), each parsed if set; as `(value, name)`.
type Both<T> = [Option<(T, &'static str)>; 2];

/// The value of `name` if it is set to something other than the empty string.
fn raw(
    get: &impl Fn(&str) -> Option<OsString>,
    name: &'static str,
) -> Result<Option<String>, EnvError> {
    match get(name) {
        None => Ok(None),
        Some(value) if value.is_empty() => Ok(None),
        Some(value) => value
            .into_string()
            .map(Some)
            .map_err(|value| EnvError::NotUnicode {
                variable: name.to_owned(),
                value,
            }),
    }
}

/// Both names of a setting, parsed: a set name that does not parse is an error even when the
/// other name overrides it.
fn both<T>(
    get: &impl Fn(&str) -> Option<OsString>,
    ours: &'static str,
    theirs: &'static str,
) -> Result<Both<T>, EnvError>
where
    T: FromStr,
    T::Err: std::fmt::Display,
{
    let parse = |name| {
        raw(get, name)?
            .map(|value| parse_value(name, &value).map(|v| (v, name)))
            .transpose()
    };
    Ok([parse(ours)?, parse(theirs)?])
}

/// One setting: ours if set, else the published name's.
fn one<T>(
    get: &impl Fn(&str) -> Option<OsString>,
    ours: &'static str,
    theirs: &'static str,
) -> Result<Option<(T, &'static str)>, EnvError>
where
    T: FromStr,
    T::Err: std::fmt::Display,
{
    let [ours, theirs] = both(get, ours, theirs)?;
    Ok(ours.or(theirs))
}

/// Both names of `BLOCK_STRATEGY_MS`: fractional milliseconds, finite and not negative,
/// truncated to nanoseconds (0.5 is 500 µs).
fn both_millis(
    get: &impl Fn(&str) -> Option<OsString>,
    ours: &'static str,
    theirs: &'static str,
) -> Result<Both<Duration>, EnvError> {
    let [a, b] = both::<f64>(get, ours, theirs)?;
    let check = |parsed: Option<(f64, &'static str)>| match parsed {
        None => Ok(None),
        Some((ms, name)) if ms.is_finite() && ms >= 0.0 => Ok(Some((
            Duration::from_nanos((ms * 1_000_000.0) as u64),
            name,
        ))),
        Some((ms, name)) => Err(EnvError::Invalid {
            variable: name.to_owned(),
            value: raw(get, name)?.unwrap_or_else(|| ms.to_string()),
            reason: "must be a finite number of milliseconds, at least 0".to_owned(),
        }),
    };
    Ok([check(a)?, check(b)?])
}

/// One of a pair of variables for the same setting in two units.
enum Unit<F, C> {
    /// The finer unit (`_NS` over `_US`, `_US` over `_MS`).
    Fine(F),
    /// The coarser unit.
    Coarse(C),
}

/// A pair of variables in two units: our names win over the published ones as a pair, and
/// within one naming the finer unit wins (as published).
fn finer_first<F, C>(fine: Both<F>, coarse: Both<C>) -> Option<Unit<F, C>> {
    let [fine_ours, fine_theirs] = fine;
    let [coarse_ours, coarse_theirs] = coarse;
    let pick = |fine: Option<(F, &str)>, coarse: Option<(C, &str)>| {
        fine.map(|(v, _)| Unit::Fine(v))
            .or_else(|| coarse.map(|(v, _)| Unit::Coarse(v)))
    };
    pick(fine_ours, coarse_ours).or_else(|| pick(fine_theirs, coarse_theirs))
}
