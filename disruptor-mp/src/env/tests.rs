//! Parsing of the contract's variables, through a map instead of the process environment.

use super::read::{is_on, parse_value};
use super::runtime::{self, ALL, published};
use super::settings::CoreRole;
use super::{EnvError, Settings};
use crate::AutoWaitStrategy;
use std::ffi::OsString;
use std::time::Duration;

fn settings(vars: &[(&str, &str)]) -> Result<Settings, EnvError> {
    Settings::from_lookup(|name| {
        vars.iter()
            .find(|(key, _)| *key == name)
            .map(|(_, value)| OsString::from(value))
    })
}

#[test]
fn an_empty_environment_gives_the_published_defaults() {
    let s = settings(&[]).unwrap();
    assert_eq!(s, Settings::default());
    assert_eq!(s.auto_wait_delay(), None);
    assert_eq!(s.shutdown_grace(), Duration::from_millis(10));
    assert_eq!(s.block_strategy_duration(), Duration::from_micros(10));
    assert_eq!(s.discovery_poll_duration(), Duration::from_millis(10));
    assert_eq!(s.consume_sleep_duration(), Duration::from_micros(1));
    assert_eq!(s.sleep_yield_threshold(), Duration::from_micros(50));
    assert_eq!(s.producer_core(), None);
}

#[test]
fn every_variable_has_our_name_and_the_published_fallback() {
    assert_eq!(ALL.len(), 12);
    for (ours, theirs) in ALL {
        let suffix = ours.strip_prefix("DISRUPTOR_MP_").unwrap();
        assert_eq!(theirs.strip_prefix("MYELON_"), Some(suffix));
    }
}

#[test]
fn the_module_docs_and_the_readme_list_every_variable() {
    let docs = include_str!("mod.rs");
    let readme = include_str!("../../../README.md");
    for (ours, theirs) in ALL {
        for text in [docs, readme] {
            assert!(text.contains(&format!("`{ours}` | `{theirs}`")), "{ours}");
        }
    }
}

#[test]
fn our_name_wins_over_the_published_one() {
    let s = settings(&[
        (runtime::DISCOVERY_POLL_MS, "3"),
        (published::DISCOVERY_POLL_MS, "7"),
        (published::CONSUME_SLEEP_US, "9"),
    ])
    .unwrap();
    assert_eq!(s.discovery_poll_duration(), Duration::from_millis(3));
    assert_eq!(s.consume_sleep_duration(), Duration::from_micros(9));
}

#[test]
fn an_empty_value_counts_as_unset() {
    let s = settings(&[(runtime::PROCESS_CORE, ""), (published::PROCESS_CORE, "1")]).unwrap();
    assert_eq!(s.process_core(), Some(1));
}

#[test]
fn a_bad_value_names_the_variable_and_the_value() {
    let err = settings(&[(runtime::CONSUMER_CORE, "two")]).unwrap_err();
    match &err {
        EnvError::Invalid {
            variable, value, ..
        } => {
            assert_eq!(variable, "DISRUPTOR_MP_CONSUMER_CORE");
            assert_eq!(value, "two");
        }
        other => panic!("{other:?}"),
    }
    let text = err.to_string();
    assert!(text.contains("DISRUPTOR_MP_CONSUMER_CORE") && text.contains("\"two\""));
}

#[test]
fn a_bad_value_is_an_error_even_when_overridden() {
    let err = settings(&[
        (runtime::SHUTDOWN_GRACE_MS, "5"),
        (published::SHUTDOWN_GRACE_MS, "-1"),
    ])
    .unwrap_err();
    assert!(
        matches!(err, EnvError::Invalid { variable, .. } if variable == "MYELON_SHUTDOWN_GRACE_MS")
    );
}

#[test]
fn block_milliseconds_are_fractional_and_microseconds_win() {
    let half = settings(&[(runtime::BLOCK_STRATEGY_MS, "0.5")]).unwrap();
    assert_eq!(half.block_strategy_duration(), Duration::from_micros(500));
    let both = settings(&[
        (runtime::BLOCK_STRATEGY_MS, "0.5"),
        (runtime::BLOCK_STRATEGY_US, "7"),
    ])
    .unwrap();
    assert_eq!(both.block_strategy_duration(), Duration::from_micros(7));
    // Our pair wins over the published pair, whatever the units.
    let mixed = settings(&[
        (runtime::BLOCK_STRATEGY_MS, "2"),
        (published::BLOCK_STRATEGY_US, "7"),
    ])
    .unwrap();
    assert_eq!(mixed.block_strategy_duration(), Duration::from_millis(2));
}

#[test]
fn negative_or_non_finite_block_milliseconds_are_refused() {
    for bad in ["-0.5", "NaN", "inf"] {
        let err = settings(&[(published::BLOCK_STRATEGY_MS, bad)]).unwrap_err();
        assert!(
            matches!(&err, EnvError::Invalid { variable, value, .. }
                if variable == "MYELON_BLOCK_STRATEGY_MS" && value == bad),
            "{bad}: {err:?}"
        );
    }
}

#[test]
fn the_auto_wait_delay_prefers_nanoseconds_and_zero_spins() {
    let ns = settings(&[
        (runtime::AUTO_WAIT_DELAY_NS, "250"),
        (runtime::AUTO_WAIT_DELAY_US, "3"),
    ])
    .unwrap();
    assert_eq!(
        ns.auto_wait_delay(),
        Some(AutoWaitStrategy::Sleep(Duration::from_nanos(250)))
    );
    let us = settings(&[(published::AUTO_WAIT_DELAY_US, "3")]).unwrap();
    assert_eq!(
        us.auto_wait_delay(),
        Some(AutoWaitStrategy::Sleep(Duration::from_micros(3)))
    );
    let zero = settings(&[(runtime::AUTO_WAIT_DELAY_NS, "0")]).unwrap();
    assert_eq!(
        zero.auto_wait_delay(),
        Some(AutoWaitStrategy::BusySpinWithSpinLoopHint)
    );
}

#[test]
fn a_role_core_falls_back_to_the_process_core() {
    let s = settings(&[
        (published::PROCESS_CORE, "1"),
        (runtime::PRODUCER_CORE, "0"),
    ])
    .unwrap();
    let producer = s.role_core(CoreRole::Producer).unwrap();
    assert_eq!(
        (producer.core, producer.variable),
        (0, "DISRUPTOR_MP_PRODUCER_CORE")
    );
    let consumer = s.role_core(CoreRole::Consumer).unwrap();
    assert_eq!(
        (consumer.core, consumer.variable),
        (1, "MYELON_PROCESS_CORE")
    );
}

#[test]
fn a_value_that_is_not_utf8_is_refused() {
    use std::os::unix::ffi::OsStringExt;
    let err = Settings::from_lookup(|name| {
        (name == runtime::PROCESS_CORE).then(|| OsString::from_vec(vec![0xff]))
    })
    .unwrap_err();
    assert!(matches!(err, EnvError::NotUnicode { .. }));
}

#[test]
fn the_read_helpers_parse_and_flag_as_published() {
    assert_eq!(parse_value::<u16>("K", "80"), Ok(80));
    let err = parse_value::<u16>("K", "80000").unwrap_err();
    assert!(matches!(err, EnvError::Invalid { ref value, .. } if value == "80000"));
    for on in ["1", "true", "TRUE", "yes", "YES", "on", "ON"] {
        assert!(is_on(on), "{on}");
    }
    for off in ["0", "True", "y", "", "off"] {
        assert!(!is_on(off), "{off}");
    }
}
