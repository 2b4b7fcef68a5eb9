//! The sleep-or-yield threshold and the published constructors.

use super::*;

#[test]
fn a_wait_at_or_below_the_threshold_yields_and_a_longer_one_sleeps() {
    let threshold = Duration::from_micros(50);
    assert!(yields(Duration::ZERO, threshold));
    assert!(yields(Duration::from_micros(50), threshold));
    assert!(!yields(Duration::from_nanos(50_001), threshold));
}

#[test]
fn the_published_constructors() {
    assert_eq!(
        AutoWaitStrategy::cpu_efficient(),
        AutoWaitStrategy::Sleep(Duration::from_micros(1))
    );
    assert_eq!(
        AutoWaitStrategy::sleep_nanos(0),
        AutoWaitStrategy::BusySpinWithSpinLoopHint
    );
    assert_eq!(
        AutoWaitStrategy::sleep_micros(0),
        AutoWaitStrategy::BusySpinWithSpinLoopHint
    );
    assert_eq!(
        AutoWaitStrategy::sleep_nanos(1500),
        AutoWaitStrategy::Sleep(Duration::from_nanos(1500))
    );
    assert_eq!(
        AutoWaitStrategy::sleep_micros(3),
        AutoWaitStrategy::Sleep(Duration::from_micros(3))
    );
}
