//! Which consumers the producer waits for (discovery) and when it starts publishing
//! (coordination).

use std::time::Duration;

/// When `build_producer` considers its consumers attached.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum CoordinationMode {
    /// Return as soon as the ring exists.
    #[default]
    Immediate,
    /// Wait until at least `min_consumers` consumers have attached; fail with
    /// `MultiProcessError::CoordinationTimeout` after `timeout`.
    WaitForConsumers {
        /// Consumers required.
        min_consumers: i64,
        /// How long to wait.
        timeout: Duration,
    },
    /// Return at once; events published before consumers arrive are held for the consumers the
    /// discovery settings reserve (the published crate's placeholder; `max_buffer` is unused
    /// because the ring's capacity is the buffer).
    BufferUntilConsumers {
        /// Unused; kept for source compatibility.
        max_buffer: usize,
    },
}

impl CoordinationMode {
    /// [`CoordinationMode::WaitForConsumers`].
    pub fn wait_for_consumers(min_consumers: i64, timeout: Duration) -> Self {
        Self::WaitForConsumers {
            min_consumers,
            timeout,
        }
    }

    /// Wait for one consumer.
    pub fn wait_for_single_consumer(timeout: Duration) -> Self {
        Self::WaitForConsumers {
            min_consumers: 1,
            timeout,
        }
    }
}

/// Which consumers gate the producer (strict broadcast) and which merely read.
///
/// Gating consumers are found through the segment's consumer table: with a prefix, the producer
/// reserves the ids `<prefix>_0 … <prefix>_{max-1}`; without one it reserves `max` places any
/// consumer may take. Reserved places hold events from sequence 0, so a gating consumer that
/// attaches after the producer started still sees every event. Consumers beyond those places, and
/// all consumers when discovery is disabled, do not gate: they may be lapped, and then get
/// `ConsumeError::Lapped` instead of stale data.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum DiscoveryMode {
    /// No consumer gates the producer.
    #[default]
    Disabled,
    /// Up to `max_consumers` consumers gate the producer.
    Enabled {
        /// Number of gating places.
        max_consumers: usize,
        /// Reserve the ids `<prefix>_<i>` instead of open places.
        consumer_prefix: Option<String>,
        /// Kept for source compatibility; the table needs no scanning.
        scan_interval: Duration,
    },
}

/// Scan interval reported for compatibility (the table needs no scans).
const COMPAT_SCAN_INTERVAL: Duration = Duration::from_millis(10);

impl DiscoveryMode {
    /// `max_consumers` open gating places.
    pub fn enabled(max_consumers: usize) -> Self {
        Self::Enabled {
            max_consumers,
            consumer_prefix: None,
            scan_interval: COMPAT_SCAN_INTERVAL,
        }
    }

    /// Gating places for the ids `<prefix>_0 … <prefix>_{max_consumers-1}`.
    pub fn with_consumer_prefix(max_consumers: usize, prefix: impl Into<String>) -> Self {
        Self::Enabled {
            max_consumers,
            consumer_prefix: Some(prefix.into()),
            scan_interval: COMPAT_SCAN_INTERVAL,
        }
    }

    /// As [`DiscoveryMode::enabled`]; the interval is accepted for compatibility.
    pub fn with_scan_interval(max_consumers: usize, scan_interval: Duration) -> Self {
        Self::Enabled {
            max_consumers,
            consumer_prefix: None,
            scan_interval,
        }
    }

    /// As [`DiscoveryMode::with_consumer_prefix`]; the interval is accepted for compatibility.
    pub fn with_consumer_prefix_and_interval(
        max_consumers: usize,
        prefix: impl Into<String>,
        scan_interval: Duration,
    ) -> Self {
        Self::Enabled {
            max_consumers,
            consumer_prefix: Some(prefix.into()),
            scan_interval,
        }
    }

    /// Number of gating places (0 when disabled).
    pub fn max_consumers(&self) -> usize {
        match self {
            Self::Disabled => 0,
            Self::Enabled { max_consumers, .. } => *max_consumers,
        }
    }
}
