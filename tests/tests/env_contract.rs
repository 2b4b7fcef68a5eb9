//! The environment contract in real processes: `DISRUPTOR_MP_` variables set durations and
//! cores, the published `MYELON_` names are fallbacks that ours override, a bad value fails the
//! build with an error naming the variable and the value (and panics, with the same message,
//! where a published signature cannot return it), and a core pins the building thread or fails
//! the build with a pin error naming it.
//!
//! Each test runs `ring-peer env-probe` children with the environment under test; the child
//! reports what the library read and the affinity of the thread that built.

use disruptor_mp_tests::names::TestNames;
use disruptor_mp_tests::peer::{PeerCommand, PeerOutput};
use disruptor_mp_tests::report::Report;
use disruptor_mp_tests::ring_peer;

const CAPACITY: usize = 8;

/// A probe that builds a `build` (producer or consumer) of the ring `label` of `names`.
fn probe(names: &TestNames, label: &str, build: &str) -> PeerCommand {
    ring_peer!("env-probe")
        .arg("name", names.segment(label))
        .arg("capacity", CAPACITY)
        .arg("build", build)
}

/// Runs `probe` and returns its `ENV` and `BUILD` reports.
fn run(probe: PeerCommand) -> (Report, Report) {
    let output = probe.run();
    (only(&output, "ENV"), only(&output, "BUILD"))
}

fn only(output: &PeerOutput, tag: &str) -> Report {
    let reports = output.reports(tag);
    match reports.as_slice() {
        [report] => report.clone(),
        _ => output.panic_with(&format!("expected one {tag} line")),
    }
}

#[test]
fn our_variables_and_the_published_fallbacks_set_every_duration() {
    let names = TestNames::new("env_durations");
    let (env, build) = run(probe(&names, "ring", "producer")
        .env("DISRUPTOR_MP_BLOCK_STRATEGY_US", 7)
        .env("DISRUPTOR_MP_CONSUME_SLEEP_US", 3)
        .env("MYELON_DISCOVERY_POLL_MS", 4)
        .env("DISRUPTOR_MP_SLEEP_YIELD_THRESHOLD_US", 9)
        .env("MYELON_SHUTDOWN_GRACE_MS", 11)
        .env("DISRUPTOR_MP_AUTO_WAIT_DELAY_US", 5));
    assert_eq!(env.field("outcome"), "ok", "{env:?}");
    assert_eq!(env.field("block_ns"), "7000");
    assert_eq!(env.field("consume_sleep_ns"), "3000");
    assert_eq!(env.field("discovery_poll_ns"), "4000000");
    assert_eq!(env.field("threshold_ns"), "9000");
    assert_eq!(env.field("grace_ns"), "11000000");
    assert_eq!(env.field("auto_wait"), "Some(Sleep(5µs))");
    assert_eq!(build.field("outcome"), "ok", "{build:?}");
    names.assert_clean();
}

#[test]
fn our_name_wins_over_the_published_one() {
    let names = TestNames::new("env_precedence");
    let (env, _) = run(probe(&names, "ring", "producer")
        .env("DISRUPTOR_MP_CONSUME_SLEEP_US", 2)
        .env("MYELON_CONSUME_SLEEP_US", 8)
        // A pair in two units: our pair wins over the published one, whatever the units.
        .env("DISRUPTOR_MP_BLOCK_STRATEGY_MS", "0.5")
        .env("MYELON_BLOCK_STRATEGY_US", 7)
        .env("DISRUPTOR_MP_AUTO_WAIT_DELAY_NS", 0)
        .env("MYELON_AUTO_WAIT_DELAY_NS", 40));
    assert_eq!(env.field("outcome"), "ok", "{env:?}");
    assert_eq!(env.field("consume_sleep_ns"), "2000");
    assert_eq!(env.field("block_ns"), "500000");
    assert_eq!(env.field("auto_wait"), "Some(BusySpinWithSpinLoopHint)");
    names.assert_clean();
}

#[test]
fn a_bad_value_fails_both_builds_naming_the_variable_and_the_value() {
    let names = TestNames::new("env_bad_value");
    for (case, (build, variable, value)) in [
        ("producer", "DISRUPTOR_MP_CONSUME_SLEEP_US", "fast"),
        ("consumer", "MYELON_CONSUMER_CORE", "-1"),
        ("producer", "DISRUPTOR_MP_BLOCK_STRATEGY_MS", "-0.5"),
    ]
    .into_iter()
    .enumerate()
    {
        let label = format!("case{case}");
        let (env, result) = run(probe(&names, &label, build).env(variable, value));
        assert_eq!(env.field("outcome"), "err", "{env:?}");
        assert_eq!(env.field("kind"), "Invalid");
        assert_eq!(env.field("variable"), variable);
        assert_eq!(env.field("value"), value);
        assert_eq!(result.field("outcome"), "err", "{result:?}");
        assert_eq!(result.field("kind"), "Config", "{result:?}");
        assert_eq!(result.field("inner"), "Env", "{result:?}");
        let msg = result.field("msg");
        assert!(
            msg.contains(variable) && msg.contains(&format!("{value:?}")),
            "{msg}"
        );
    }
    names.assert_clean();
}

#[test]
fn a_bad_value_panics_with_its_name_where_the_signature_cannot_return_it() {
    let names = TestNames::new("env_bad_panic");
    let output = probe(&names, "ring", "producer")
        .arg("panic-probe", 1)
        .env("DISRUPTOR_MP_DISCOVERY_POLL_MS", "10ms")
        .spawn()
        .finish();
    assert!(!output.status.success(), "the probe should have panicked");
    assert!(
        output
            .stderr
            .contains("invalid environment variable DISRUPTOR_MP_DISCOVERY_POLL_MS=\"10ms\""),
        "{}",
        output.stderr
    );
    names.assert_clean();
}

#[test]
fn a_core_pins_the_building_thread_in_the_published_order() {
    let names = TestNames::new("env_pin");
    // The role's variable (ours) over the process's (a core that would fail).
    let (_, producer) = run(probe(&names, "a", "producer")
        .env("DISRUPTOR_MP_PRODUCER_CORE", 0)
        .env("DISRUPTOR_MP_PROCESS_CORE", 4096));
    assert_eq!(producer.field("outcome"), "ok", "{producer:?}");
    assert_eq!(producer.field("after"), "0");
    // The process's published name, for a consumer whose own variable is unset.
    let (_, consumer) = run(probe(&names, "b", "consumer").env("MYELON_PROCESS_CORE", 0));
    assert_eq!(consumer.field("outcome"), "ok", "{consumer:?}");
    assert_eq!(consumer.field("after"), "0");
    // The builder's value over the environment.
    let (_, explicit) = run(probe(&names, "c", "consumer")
        .arg("core", 0)
        .env("DISRUPTOR_MP_CONSUMER_CORE", 4096));
    assert_eq!(explicit.field("outcome"), "ok", "{explicit:?}");
    assert_eq!(explicit.field("after"), "0");
    // Nothing set: the thread keeps the affinity it had.
    let (_, unpinned) = run(probe(&names, "d", "producer"));
    assert_eq!(unpinned.field("after"), unpinned.field("before"));
    names.assert_clean();
}

#[test]
fn a_core_that_cannot_be_used_is_a_pin_error_naming_it() {
    let names = TestNames::new("env_pin_error");
    let (_, from_env) = run(probe(&names, "a", "consumer").env("DISRUPTOR_MP_CONSUMER_CORE", 4096));
    assert_eq!(from_env.field("outcome"), "err");
    assert_eq!(from_env.field("kind"), "Pin", "{from_env:?}");
    assert_eq!(from_env.field("core"), "4096");
    assert_eq!(from_env.field("origin"), "DISRUPTOR_MP_CONSUMER_CORE");
    assert_eq!(from_env.parsed::<i32>("errno"), libc::EINVAL);
    // A core below CPU_SETSIZE that this machine does not have: the OS refuses it.
    let (_, explicit) = run(probe(&names, "b", "producer").arg("core", 1000));
    assert_eq!(explicit.field("kind"), "Pin", "{explicit:?}");
    assert_eq!(explicit.field("core"), "1000");
    assert_eq!(explicit.field("origin"), "with_process_core");
    assert_eq!(explicit.parsed::<i32>("errno"), libc::EINVAL);
    assert!(explicit.field("msg").contains("CPU core 1000"));
    names.assert_clean();
}
