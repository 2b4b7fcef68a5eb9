//! Role `env-probe name= capacity= build=producer|consumer [core=N] [panic-probe=1]`: reports
//! what the environment contract read in this process, then builds one handle and reports the
//! building thread's CPU affinity or the build error. The test sets the environment.
//!
//! - `ENV outcome=ok block_ns= consume_sleep_ns= discovery_poll_ns= threshold_ns= grace_ns=
//!   auto_wait= producer_core= consumer_core= process_core= auto_consumer_core=` (a core is `-`
//!   when unset), or `ENV outcome=err kind= variable= value= msg=`.
//! - `BUILD outcome=ok before=<cpus> after=<cpus>` (CPU lists like `0,1`), or `BUILD
//!   outcome=err kind= inner= [core= origin= errno=] msg=`.
//! - With `panic-probe=1`, finally calls `default_block_strategy_duration()`, which panics on a
//!   bad environment (the test reads the message from stderr).
//!
//! In the `consumer` build a producer is first built on another thread (so its pin, if any,
//! does not touch the thread under test); its outcome is not reported.

use crate::args::Args;
use crate::hold::describe_error;
use disruptor_mp::env::{self, EnvError};
use disruptor_mp::{
    AttachError, CreateError, PinError, attach_shared_consumer, build_shared_single_producer,
};
use disruptor_mp_tests::event::PeerEvent;
use disruptor_mp_tests::report::Report;

pub fn run(args: &Args) -> Result<(), String> {
    report_settings();
    let name = args.str("name")?;
    let capacity: usize = args.get("capacity")?;
    let core: Option<usize> = args.opt_str("core").map(|_| args.get("core")).transpose()?;
    let before = affinity()?;
    let report = Report::new("BUILD");
    let report = match args.str("build")? {
        "producer" => {
            let mut builder = build_shared_single_producer::<PeerEvent>(name, capacity);
            if let Some(core) = core {
                builder = builder.with_process_core(core);
            }
            match builder.build_producer(PeerEvent::default) {
                Ok(producer) => built(report, producer, &before)?,
                Err(err) => create_error(report, &err),
            }
        }
        "consumer" => {
            let owned = name.to_owned();
            let producer = std::thread::spawn(move || {
                build_shared_single_producer::<PeerEvent>(&owned, capacity)
                    .build_producer(PeerEvent::default)
                    .ok()
            })
            .join()
            .map_err(|_| "the producer thread panicked")?;
            let mut builder = attach_shared_consumer::<PeerEvent>(name, capacity);
            if let Some(core) = core {
                builder = builder.with_process_core(core);
            }
            let report = match builder.build_consumer() {
                Ok(consumer) => built(report, consumer, &before)?,
                Err(err) => attach_error(report, &err),
            };
            drop(producer);
            report
        }
        other => return Err(format!("build={other:?} is not producer or consumer")),
    };
    report.print();
    if args.opt_str("panic-probe") == Some("1") {
        let _ = disruptor_mp::default_block_strategy_duration();
    }
    Ok(())
}

fn report_settings() {
    let report = Report::new("ENV");
    let report = match env::settings() {
        Ok(s) => {
            let core = |core: Option<usize>| core.map_or("-".to_owned(), |c| c.to_string());
            let auto_wait: String = format!("{:?}", s.auto_wait_delay())
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect();
            report
                .with("outcome", "ok")
                .with("block_ns", s.block_strategy_duration().as_nanos())
                .with("consume_sleep_ns", s.consume_sleep_duration().as_nanos())
                .with("discovery_poll_ns", s.discovery_poll_duration().as_nanos())
                .with("threshold_ns", s.sleep_yield_threshold().as_nanos())
                .with("grace_ns", s.shutdown_grace().as_nanos())
                .with("auto_wait", auto_wait)
                .with("producer_core", core(s.producer_core()))
                .with("consumer_core", core(s.consumer_core()))
                .with("process_core", core(s.process_core()))
                .with("auto_consumer_core", core(s.auto_consumer_core()))
        }
        Err(err) => {
            let report = report.with("outcome", "err");
            let report = match &err {
                EnvError::Invalid {
                    variable, value, ..
                } => report
                    .with("kind", "Invalid")
                    .with("variable", variable)
                    .with("value", value),
                other => report.with("kind", format!("{other:?}").replace(' ', "")),
            };
            report.with("msg", err)
        }
    };
    report.print();
}

/// The outcome of a successful build: the affinity before and after, then the handle drops.
fn built<H>(report: Report, handle: H, before: &str) -> Result<Report, String> {
    let after = affinity()?;
    drop(handle);
    Ok(report
        .with("outcome", "ok")
        .with("before", before)
        .with("after", after))
}

fn create_error(report: Report, err: &CreateError) -> Report {
    let report = report.with("outcome", "err");
    let report = match err {
        CreateError::Pin(pin) => pin_fields(report, pin),
        _ => report,
    };
    describe_error(report, err)
}

fn attach_error(report: Report, err: &AttachError) -> Report {
    let report = report.with("outcome", "err");
    let report = match err {
        AttachError::Pin(pin) => pin_fields(report, pin),
        _ => report,
    };
    describe_error(report, err)
}

fn pin_fields(report: Report, pin: &PinError) -> Report {
    report
        .with("core", pin.core)
        .with("origin", pin.origin)
        .with("errno", pin.source.raw_os_error().unwrap_or(0))
}

/// The CPUs the calling thread may run on, as `0,1`.
fn affinity() -> Result<String, String> {
    // SAFETY: all zeroes is the empty `cpu_set_t`.
    let mut set: libc::cpu_set_t = unsafe { std::mem::zeroed() };
    // SAFETY: pid 0 is the calling thread; the pointer and size describe `set`, which the
    // call fills.
    let rc = unsafe { libc::sched_getaffinity(0, size_of::<libc::cpu_set_t>(), &mut set) };
    if rc != 0 {
        return Err(format!(
            "sched_getaffinity: {}",
            std::io::Error::last_os_error()
        ));
    }
    let cpus: Vec<String> = (0..libc::CPU_SETSIZE as usize)
        // SAFETY: every index is below CPU_SETSIZE, inside `set`.
        .filter(|&cpu| unsafe { libc::CPU_ISSET(cpu, &set) })
        .map(|cpu| cpu.to_string())
        .collect();
    Ok(cpus.join(","))
}
