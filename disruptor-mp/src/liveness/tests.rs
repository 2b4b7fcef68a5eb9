//! The stall clock's rules, with time and sightings made up.

use super::monitor::{Monitor, Sighting};
use super::{RequiredConsumerAlert, RequiredConsumerLivenessConfig, StallCause};
use crate::error::RequiredConsumerError;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const MS: Duration = Duration::from_millis(1);

/// A monitor of one consumer "c" (timeout 250 ms, grace 1 s, checks every 5 ms) and the alerts
/// its hook received.
fn monitor() -> (Monitor, Arc<Mutex<Vec<RequiredConsumerAlert>>>) {
    let alerts = Arc::new(Mutex::new(Vec::new()));
    let sink = Arc::clone(&alerts);
    let config = RequiredConsumerLivenessConfig::new(vec!["c".into()]).with_alert_hook(Arc::new(
        move |alert| sink.lock().unwrap().push(alert.clone()),
    ));
    let mut monitor = Monitor::new(config);
    monitor.start([9]);
    (monitor, alerts)
}

fn holding(cursor: i64) -> Sighting {
    Sighting {
        cursor,
        holds_back: true,
        dead: None,
        evictable: false,
    }
}

/// Checks every 5 ms from `from` for `span`, all seeing `sighting`; the first error, if any.
fn blocked_for(
    monitor: &mut Monitor,
    from: Instant,
    span: Duration,
    sighting: Sighting,
) -> Result<(), RequiredConsumerError> {
    let mut at = Duration::ZERO;
    while at <= span {
        monitor.on_blocked(from + at, |_| sighting)?;
        at += 5 * MS;
    }
    Ok(())
}

#[test]
fn a_consumer_holding_the_producer_back_is_reported_once_then_failed_after_the_grace_period() {
    let (mut monitor, alerts) = monitor();
    let t0 = Instant::now();
    blocked_for(&mut monitor, t0, 245 * MS, holding(9)).unwrap();
    assert!(
        alerts.lock().unwrap().is_empty(),
        "245 ms < the 250 ms timeout"
    );
    blocked_for(&mut monitor, t0 + 250 * MS, 900 * MS, holding(9)).unwrap();
    let seen = alerts.lock().unwrap().clone();
    assert_eq!(seen.len(), 1, "one alert per stall");
    assert_eq!(
        (
            seen[0].consumer_id.as_str(),
            seen[0].last_sequence,
            seen[0].cause
        ),
        ("c", 9, StallCause::Stalled)
    );
    assert_eq!(seen[0].stalled_for, 250 * MS);
    let failed = blocked_for(&mut monitor, t0 + 1155 * MS, 200 * MS, holding(9)).unwrap_err();
    assert_eq!(
        failed,
        RequiredConsumerError::GracefulShutdownTriggered {
            consumer_id: "c".into(),
            last_sequence: 9,
            stalled_for: 1250 * MS,
        }
    );
    // Latched: every later check while blocked says the same.
    assert_eq!(
        monitor.on_blocked(t0 + 5000 * MS, |_| holding(100)),
        Err(failed)
    );
}

#[test]
fn only_time_spent_holding_a_blocked_producer_back_counts() {
    let (mut monitor, alerts) = monitor();
    let t0 = Instant::now();
    blocked_for(&mut monitor, t0, 200 * MS, holding(9)).unwrap();
    // Ten quiet seconds: the producer publishes nothing, or has room.
    monitor.blocked_again();
    blocked_for(&mut monitor, t0 + 10_200 * MS, 45 * MS, holding(9)).unwrap();
    assert!(
        alerts.lock().unwrap().is_empty(),
        "245 ms held back in all, not 10 s"
    );
    blocked_for(&mut monitor, t0 + 10_250 * MS, 5 * MS, holding(9)).unwrap();
    assert_eq!(alerts.lock().unwrap().len(), 1);
    // Behind but not the one the producer waits for: its clock pauses.
    let behind = Sighting {
        holds_back: false,
        ..holding(9)
    };
    blocked_for(&mut monitor, t0 + 10_260 * MS, 5_000 * MS, behind).unwrap();
}

#[test]
fn progress_ends_a_stall_and_its_alert() {
    let (mut monitor, alerts) = monitor();
    let t0 = Instant::now();
    blocked_for(&mut monitor, t0, 900 * MS, holding(9)).unwrap();
    assert_eq!(alerts.lock().unwrap().len(), 1);
    // It moves before the grace period ends (a restart under its id resumes its cursor).
    blocked_for(&mut monitor, t0 + 905 * MS, 600 * MS, holding(10)).unwrap();
    // A new stall at 10 needs a new full timeout, and alerts again.
    blocked_for(&mut monitor, t0 + 1510 * MS, 300 * MS, holding(10)).unwrap();
    let seen = alerts.lock().unwrap().clone();
    assert_eq!(seen.len(), 2);
    assert_eq!(seen[1].last_sequence, 10);
}

#[test]
fn a_dead_consumer_is_reported_at_once_and_failed_after_the_grace_period() {
    let (mut monitor, alerts) = monitor();
    let t0 = Instant::now();
    let dead = Sighting {
        dead: Some(4242),
        ..holding(9)
    };
    monitor.on_blocked(t0, |_| dead).unwrap();
    let seen = alerts.lock().unwrap().clone();
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].cause, StallCause::Dead { pid: 4242 });
    assert_eq!(seen[0].stalled_for, Duration::ZERO);
    blocked_for(&mut monitor, t0 + 5 * MS, 990 * MS, dead).unwrap();
    assert!(matches!(
        monitor.on_blocked(t0 + 1000 * MS, |_| dead),
        Err(RequiredConsumerError::GracefulShutdownTriggered { .. })
    ));
}

#[test]
fn checks_closer_together_than_the_interval_are_skipped() {
    let (mut monitor, _) = monitor();
    let t0 = Instant::now();
    let mut looked = 0;
    for us in 0..5000 {
        monitor
            .on_blocked(t0 + Duration::from_micros(us), |_| {
                looked += 1;
                holding(9)
            })
            .unwrap();
    }
    assert_eq!(looked, 1, "5 ms of checks at 1 µs apart: one look");
}

#[test]
fn with_evict_dead_a_dead_consumer_is_evicted_and_a_stalled_live_one_still_fails() {
    let config = RequiredConsumerLivenessConfig {
        failure_action: super::RequiredConsumerFailureAction::EvictDead,
        ..RequiredConsumerLivenessConfig::new(vec!["dead".into(), "stuck".into()])
    };
    let mut monitor = Monitor::new(config);
    monitor.start([3, 7]);
    let t0 = Instant::now();
    let sight = |i: usize| Sighting {
        dead: (i == 0).then_some(4242),
        ..holding([3, 7][i])
    };
    for ms in (0..1000).step_by(5) {
        monitor.on_blocked(t0 + ms * MS, sight).unwrap();
    }
    assert!(
        monitor.take_evictions().is_empty(),
        "still within the grace period"
    );
    monitor.on_blocked(t0 + 1000 * MS, sight).unwrap();
    assert_eq!(monitor.take_evictions(), [0], "the dead one, once");
    assert!(monitor.take_evictions().is_empty());
    // The live one was reported at 250 ms and fails at 1250 ms: it is never evicted.
    let failed = (1005..1300)
        .step_by(5)
        .find_map(|ms| monitor.on_blocked(t0 + ms * MS, sight).err());
    assert!(matches!(
        failed,
        Some(RequiredConsumerError::GracefulShutdownTriggered { consumer_id, .. }) if consumer_id == "stuck"
    ));
}

#[test]
fn with_evict_a_stalled_consumer_that_can_be_evicted_is_and_one_that_cannot_fails() {
    let config = RequiredConsumerLivenessConfig {
        failure_action: super::RequiredConsumerFailureAction::Evict,
        ..RequiredConsumerLivenessConfig::new(vec!["evictable".into(), "in_place".into()])
    };
    let mut monitor = Monitor::new(config);
    monitor.start([3, 7]);
    let t0 = Instant::now();
    // Both alive and stalled; only the first reads by copy (or is absent), so only it can go.
    let sight = |i: usize| Sighting {
        evictable: i == 0,
        ..holding([3, 7][i])
    };
    // Reported at 250 ms, grace 1 s: nothing happens before 1250 ms.
    for ms in (0..1250).step_by(5) {
        monitor.on_blocked(t0 + ms * MS, sight).unwrap();
    }
    assert!(
        monitor.take_evictions().is_empty(),
        "within the grace period"
    );
    let failed = monitor.on_blocked(t0 + 1250 * MS, sight).err();
    assert_eq!(
        monitor.take_evictions(),
        [0],
        "the evictable one is evicted"
    );
    assert!(matches!(
        failed,
        Some(RequiredConsumerError::GracefulShutdownTriggered { consumer_id, .. }) if consumer_id == "in_place"
    ));
}
