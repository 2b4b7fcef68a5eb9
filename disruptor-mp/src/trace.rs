//! Events on the cold paths for `tracing` subscribers (feature `tracing`, off by default): a
//! ring created, an attach refused, a consumer joined, left or evicted, a producer's death
//! noticed. Without the feature the macro expands to nothing, and no hot path ever uses it.

/// `tracing::event!` at `$level` when the `tracing` feature is on; nothing otherwise.
macro_rules! cold_event {
    ($level:ident, $($rest:tt)+) => {{
        #[cfg(feature = "tracing")]
        tracing::$level!(target: "disruptor_mp", $($rest)+);
    }};
}
pub(crate) use cold_event;
