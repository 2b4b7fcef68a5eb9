//! Roles that hold one end of a ring for another process to run into, and `attach`, which
//! reports what attaching gives.
//!
//! - `hold-producer name= capacity= [type=] [prefix= consumers=]`: creates the ring, prints
//!   `READY pid=…`, and closes it when stdin closes (or at the deadline).
//! - `hold-consumer name= capacity= id= [type=] [leave=drop|give-up]`: attaches, prints
//!   `READY pid=… id=…`, and when stdin closes drops the handle (a reserved place is kept) or
//!   gives its place up.
//! - `attach name= capacity= [type=] [id=] [attach-wait-ms=] [ready-timeout-ms=]`: attaches once
//!   and prints `RESULT outcome=ok gating=…` or `RESULT outcome=err kind=<variant>
//!   [reason=<corrupt reason>] msg=<Display>`. Either outcome exits 0: the test judges it.

use crate::args::Args;
use disruptor_mp::{AttachError, CorruptReason, CreateError, MultiProcessError, SharedEvent};
use disruptor_mp_tests::event::{EventKind, PeerEvent, TypeA, TypeB, v1, v2};
use disruptor_mp_tests::report::Report;
use std::time::Duration;

/// Runs `$body` with `$E` bound to the event type `$kind` names.
macro_rules! with_event_type {
    ($kind:expr, $E:ident => $body:expr) => {
        match $kind {
            EventKind::Peer => {
                type $E = PeerEvent;
                $body
            }
            EventKind::A => {
                type $E = TypeA;
                $body
            }
            EventKind::B => {
                type $E = TypeB;
                $body
            }
            EventKind::ReadingV1 => {
                type $E = v1::Reading;
                $body
            }
            EventKind::ReadingV2 => {
                type $E = v2::Reading;
                $body
            }
        }
    };
}

pub fn producer(args: &Args) -> Result<(), String> {
    with_event_type!(args.event_kind()?, E => hold_producer::<E>(args))
}

fn hold_producer<E: SharedEvent + Default>(args: &Args) -> Result<(), String> {
    let name = args.str("name")?;
    let mut builder = args.producer::<E>(name, args.get("capacity")?)?;
    if let Some(prefix) = args.opt_str("prefix") {
        builder = builder
            .discover_consumer_with_prefix(args.get("consumers")?, prefix)
            .with_coordination(disruptor_mp::CoordinationMode::Immediate);
    }
    let producer = builder
        .build_producer(E::default)
        .map_err(|err| format!("build_producer({name}): {err}"))?;
    Report::new("READY").with("pid", std::process::id()).print();
    let closed = crate::wait_for_stdin_close(args.deadline);
    drop(producer);
    Report::new("RESULT")
        .with("released", if closed { "stdin" } else { "deadline" })
        .print();
    Ok(())
}

pub fn consumer(args: &Args) -> Result<(), String> {
    with_event_type!(args.event_kind()?, E => hold_consumer::<E>(args))
}

fn hold_consumer<E: SharedEvent>(args: &Args) -> Result<(), String> {
    let name = args.str("name")?;
    let consumer = args
        .consumer::<E>(name, args.get("capacity")?)?
        .with_consumer_id(args.str("id")?)
        .build_consumer()
        .map_err(|err| format!("build_consumer({name}): {err}"))?;
    Report::new("READY")
        .with("pid", std::process::id())
        .with("id", consumer.consumer_id())
        .with("gating", consumer.is_gating())
        .print();
    crate::wait_for_stdin_close(args.deadline);
    crate::leave::leave(consumer, args)
}

pub fn attach(args: &Args) -> Result<(), String> {
    with_event_type!(args.event_kind()?, E => try_attach::<E>(args))
}

fn try_attach<E: SharedEvent>(args: &Args) -> Result<(), String> {
    let name = args.str("name")?;
    let mut builder = args
        .consumer::<E>(name, args.get("capacity")?)?
        .wait_for_producer(args.millis_or("attach-wait", Duration::ZERO)?)
        .with_ready_timeout(args.millis_or("ready-timeout", Duration::from_secs(2))?);
    if let Some(id) = args.opt_str("id") {
        builder = builder.with_consumer_id(id);
    }
    let report = match builder.build_consumer() {
        Ok(consumer) => Report::new("RESULT")
            .with("outcome", "ok")
            .with("gating", consumer.is_gating()),
        Err(err) => describe_error(Report::new("RESULT").with("outcome", "err"), &err),
    };
    report.print();
    Ok(())
}

/// An error a peer reports: its variant name comes from `Debug`, and corrupt-segment errors
/// carry a reason.
pub trait PeerError: std::fmt::Debug + std::fmt::Display {
    /// The reason, for an error that says the object is not a valid ring.
    fn corrupt_reason(&self) -> Option<CorruptReason>;
}

impl PeerError for AttachError {
    fn corrupt_reason(&self) -> Option<CorruptReason> {
        match self {
            AttachError::Corrupt { reason, .. } => Some(*reason),
            _ => None,
        }
    }
}

impl PeerError for CreateError {
    fn corrupt_reason(&self) -> Option<CorruptReason> {
        match self {
            CreateError::NameTaken { reason, .. } => Some(*reason),
            _ => None,
        }
    }
}

impl PeerError for MultiProcessError {
    fn corrupt_reason(&self) -> Option<CorruptReason> {
        match self {
            MultiProcessError::Create(err) => err.corrupt_reason(),
            MultiProcessError::Attach(err) => err.corrupt_reason(),
            _ => None,
        }
    }
}

/// The variant name at the start of a `Debug` text (`Config` in `Config(InvalidName { .. })`).
fn variant(debug: &str) -> &str {
    let end = debug
        .find(|c: char| !c.is_ascii_alphanumeric())
        .unwrap_or(debug.len());
    &debug[..end]
}

/// Adds `kind=<variant>`; for a variant that wraps another error also `inner=<its variant>`
/// (`kind=Config inner=InvalidName`); for an object that is not a valid ring also
/// `reason=<reason without spaces>`; and `msg=`.
pub fn describe_error(mut report: Report, err: &impl PeerError) -> Report {
    let debug = format!("{err:?}");
    let kind = variant(&debug);
    report = report.with("kind", kind);
    let inner = debug[kind.len()..].strip_prefix('(').map(variant);
    if let Some(inner) = inner.filter(|inner| !inner.is_empty()) {
        report = report.with("inner", inner);
    }
    if let Some(reason) = err.corrupt_reason() {
        let reason: String = format!("{reason:?}")
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        report = report.with("reason", reason);
    }
    report.with("msg", err)
}
