//! The stall clock of each required consumer, advanced only while the producer is blocked. Pure
//! bookkeeping over what the producer sees (time and each consumer's place are passed in), so
//! every rule is tested without processes or sleeps.

use super::{
    RequiredConsumerAlert, RequiredConsumerFailureAction, RequiredConsumerLivenessConfig,
    StallCause,
};
use crate::Sequence;
use crate::error::RequiredConsumerError;
use std::time::{Duration, Instant};

/// What a blocked producer sees of one required consumer's place.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Sighting {
    /// The last sequence it released.
    pub(crate) cursor: Sequence,
    /// Whether it is what keeps the producer from its next claim (a full ring behind).
    pub(crate) holds_back: bool,
    /// Its process, if that is provably dead.
    pub(crate) dead: Option<u32>,
    /// Whether the producer could evict it now if it holds the ring back (dead, not attached,
    /// or on a ring whose consumers may be evicted alive).
    pub(crate) evictable: bool,
}

/// One required consumer's stall clock.
#[derive(Clone, Debug)]
struct Clock {
    /// The last release seen; moving past it is progress.
    last_sequence: Sequence,
    /// Time it held the blocked producer back since its last progress.
    stalled_for: Duration,
    /// The check before this one in the current blocked episode, if it held the producer back
    /// then too: the time since is added to `stalled_for`.
    held_at: Option<Instant>,
    /// When it was reported, if it was (one alert per stall).
    reported_at: Option<Instant>,
}

/// Required-consumer liveness of one producer.
pub(crate) struct Monitor {
    config: RequiredConsumerLivenessConfig,
    clocks: Vec<Clock>,
    started: bool,
    failed: Option<RequiredConsumerError>,
    last_check: Option<Instant>,
    /// Required consumers (by index) the producer should evict now.
    evictions: Vec<usize>,
    /// Alerts raised since the producer last took the count (for its counters).
    alerts: u64,
}

impl Monitor {
    pub(crate) fn new(config: RequiredConsumerLivenessConfig) -> Self {
        let clocks = config
            .required_consumer_ids
            .iter()
            .map(|_| Clock {
                last_sequence: -1,
                stalled_for: Duration::ZERO,
                held_at: None,
                reported_at: None,
            })
            .collect();
        Self {
            config,
            clocks,
            started: false,
            failed: None,
            last_check: None,
            evictions: Vec::new(),
            alerts: 0,
        }
    }

    /// The configuration.
    pub(crate) fn config(&self) -> &RequiredConsumerLivenessConfig {
        &self.config
    }

    /// Whether every required consumer has attached once.
    pub(crate) fn started(&self) -> bool {
        self.started
    }

    /// All required consumers are attached: their clocks start from their cursors now.
    pub(crate) fn start(&mut self, cursors: impl IntoIterator<Item = Sequence>) {
        for (clock, cursor) in self.clocks.iter_mut().zip(cursors) {
            clock.last_sequence = cursor;
        }
        self.started = true;
    }

    /// Alerts raised since the last call.
    pub(crate) fn take_alerts(&mut self) -> u64 {
        std::mem::take(&mut self.alerts)
    }

    /// The required consumers (by index in the configuration) to evict now; taken once.
    pub(crate) fn take_evictions(&mut self) -> Vec<usize> {
        std::mem::take(&mut self.evictions)
    }

    /// The producer found the ring full after having room: a new blocked episode, whose first
    /// check adds nothing to any clock (the time between episodes was not spent blocked).
    pub(crate) fn blocked_again(&mut self) {
        for clock in &mut self.clocks {
            clock.held_at = None;
        }
        self.last_check = None;
    }

    /// One look while the producer is blocked, at most once per `progress_check_interval`:
    /// advances the clocks with `sight(i)` of required consumer `i`, calls the hook for each new
    /// stall, and fails (latched) a consumer whose grace period ran out.
    pub(crate) fn on_blocked(
        &mut self,
        now: Instant,
        mut sight: impl FnMut(usize) -> Sighting,
    ) -> Result<(), RequiredConsumerError> {
        if let Some(failed) = &self.failed {
            return Err(failed.clone());
        }
        if self
            .last_check
            .is_some_and(|at| now.duration_since(at) < self.config.progress_check_interval)
        {
            return Ok(());
        }
        self.last_check = Some(now);
        for index in 0..self.clocks.len() {
            let seen = sight(index);
            let clock = &mut self.clocks[index];
            if seen.cursor > clock.last_sequence {
                // Progress: the stall (if any) is over, and so is its alert.
                *clock = Clock {
                    last_sequence: seen.cursor,
                    stalled_for: Duration::ZERO,
                    held_at: None,
                    reported_at: None,
                };
                continue;
            }
            if !seen.holds_back && seen.dead.is_none() {
                // Behind, but not what the producer waits for: its clock pauses.
                clock.held_at = None;
                continue;
            }
            if let Some(at) = clock.held_at {
                clock.stalled_for += now.duration_since(at);
            }
            clock.held_at = Some(now);
            if clock.reported_at.is_none()
                && (seen.dead.is_some() || clock.stalled_for >= self.config.progress_timeout)
            {
                clock.reported_at = Some(now);
                self.alerts += 1;
                let alert = RequiredConsumerAlert {
                    consumer_id: self.config.required_consumer_ids[index].clone(),
                    last_sequence: clock.last_sequence,
                    stalled_for: clock.stalled_for,
                    cause: seen
                        .dead
                        .map_or(StallCause::Stalled, |pid| StallCause::Dead { pid }),
                };
                if let Some(hook) = &self.config.alert_hook {
                    hook(&alert);
                }
            }
            if let Some(reported) = clock.reported_at
                && now.duration_since(reported) >= self.config.shutdown_grace_period
            {
                let evict = match self.config.failure_action {
                    RequiredConsumerFailureAction::GracefulShutdown => false,
                    RequiredConsumerFailureAction::EvictDead => seen.dead.is_some(),
                    RequiredConsumerFailureAction::Evict => seen.evictable,
                };
                if evict {
                    // Evicted, not failed: its clock starts over for whoever takes the id.
                    self.evictions.push(index);
                    *clock = Clock {
                        last_sequence: seen.cursor,
                        stalled_for: Duration::ZERO,
                        held_at: None,
                        reported_at: None,
                    };
                    continue;
                }
                let failed = RequiredConsumerError::GracefulShutdownTriggered {
                    consumer_id: self.config.required_consumer_ids[index].clone(),
                    last_sequence: clock.last_sequence,
                    stalled_for: clock.stalled_for,
                };
                self.failed = Some(failed.clone());
                return Err(failed);
            }
        }
        Ok(())
    }
}
