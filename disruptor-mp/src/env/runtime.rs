//! The names of the variables of the [environment contract](super), as the published crate's
//! `env::runtime` constants.
//!
//! Each constant names the variable this crate reads first (`DISRUPTOR_MP_…`); [`published`]
//! holds the published crate's names (`MYELON_…`), read when ours is not set. Code that sets or
//! reads a variable by its constant keeps its meaning after porting: the constant still names the
//! variable the library reads for that setting.

/// Declares each variable once: its constant here, and its published name in [`published`].
macro_rules! variables {
    ($($(#[$doc:meta])* $name:ident;)*) => {
        $(
            $(#[$doc])*
            pub const $name: &str = concat!("DISRUPTOR_MP_", stringify!($name));
        )*

        /// The published crate's names of the same variables (`MYELON_…`): accepted as
        /// fallbacks, so a deployment that ports keeps its settings. When both names are set,
        /// the `DISRUPTOR_MP_…` one wins.
        pub mod published {
            $(
                $(#[$doc])*
                pub const $name: &str = concat!("MYELON_", stringify!($name));
            )*
        }

        /// Every variable of the contract, as `(ours, published fallback)`.
        #[cfg(test)]
        pub(crate) const ALL: &[(&str, &str)] = &[$(($name, published::$name)),*];
    };
}

variables! {
    /// Delay in nanoseconds of [`crate::AutoWaitStrategy::from_env_or`] (`u64`; 0 means spin
    /// with a hint). Wins over [`AUTO_WAIT_DELAY_US`].
    AUTO_WAIT_DELAY_NS;
    /// Delay in microseconds of [`crate::AutoWaitStrategy::from_env_or`] (`u64`), when no
    /// nanosecond delay is set.
    AUTO_WAIT_DELAY_US;
    /// CPU core (`usize`) of the `AutoConsumer` thread, unless the builder's
    /// `with_consumer_core` sets one.
    AUTO_CONSUMER_CORE;
    /// CPU core (`usize`) the thread calling `build_producer` is pinned to, unless the builder's
    /// `with_process_core` sets one.
    PRODUCER_CORE;
    /// CPU core (`usize`) the thread calling `build_consumer` is pinned to, unless the builder's
    /// `with_process_core` sets one.
    CONSUMER_CORE;
    /// CPU core (`usize`) for either role when its own variable is not set.
    PROCESS_CORE;
    /// Milliseconds (`u64`, default 10) an `AutoConsumer` gives its thread to stop when dropped.
    SHUTDOWN_GRACE_MS;
    /// Backoff in microseconds (`u64`) of [`crate::perform_default_block_wait`]; wins over
    /// [`BLOCK_STRATEGY_MS`].
    BLOCK_STRATEGY_US;
    /// Backoff in milliseconds (`f64` ≥ 0, fractions allowed, default 0.01 = 10 µs) of
    /// [`crate::perform_default_block_wait`].
    BLOCK_STRATEGY_MS;
    /// Milliseconds (`u64`, default 10) between polls of discovery and startup loops
    /// ([`crate::perform_default_discovery_poll_wait`]).
    DISCOVERY_POLL_MS;
    /// Microseconds (`u64`, default 1) a `*_with_sleep` consumer call sleeps between polls
    /// ([`crate::perform_default_consume_sleep_wait`]).
    CONSUME_SLEEP_US;
    /// Microseconds (`u64`, default 50): a sleep wait this short or shorter yields the CPU
    /// instead of sleeping ([`crate::perform_sleep_wait`]).
    SLEEP_YIELD_THRESHOLD_US;
}
