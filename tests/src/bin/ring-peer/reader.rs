//! Role `reader`: the consumer of the crate's quick start, reporting where it attached and every
//! event it reads, with the options the front-door tests vary.
//!
//! Arguments: `name`, `capacity`; `id=`; `namespace=`; `require-gating=true`; `attach-wait-ms=`
//! (`wait_for_producer`, default none); `builder=published` attaches with the published crate's
//! `SharedDisruptorBuilder` (`create: false`, only `id=` applies); `read=all` (default: read
//! until the stream ends) or `read=none` (attach, then hold until stdin closes, also after a
//! refused attach); `start=stdin` (read only once stdin closes); `pace-ms=` (sleep after each
//! event, a slow consumer).
//!
//! Prints `WAITING` before attaching, then `ATTACH outcome=ok id=… role=<ConsumerRole>
//! gating=…` or `ATTACH outcome=err kind=… [inner=…] [name=…] [reserved=id,id] msg=…` (exits 0:
//! the test judges it). Reading prints `EVENT seq=<ring sequence> value=<event.seq>
//! intact=<every field is the one PeerEvent::for_seq(value) has>` per event and `RESULT count=…
//! end=closed|dead|lapped` when the stream ends.

use crate::args::Args;
use crate::hold::describe_error;
use disruptor_mp::{
    AttachError, ConsumeError, MultiProcessError, SharedConsumer, SharedDisruptorBuilder,
    SharedMemoryConfig, attach_shared_consumer,
};
use disruptor_mp_tests::event::PeerEvent;
use disruptor_mp_tests::report::Report;
use std::time::Duration;

pub fn run(args: &Args) -> Result<(), String> {
    Report::new("WAITING").print();
    let consumer = match attach(args)? {
        Ok(consumer) => consumer,
        Err(refused) => {
            refused.print();
            hold(args);
            return Ok(());
        }
    };
    Report::new("ATTACH")
        .with("outcome", "ok")
        .with("id", consumer.consumer_id())
        .with("role", format!("{:?}", consumer.role()))
        .with("gating", consumer.is_gating())
        .print();
    match args.opt_str("read").unwrap_or("all") {
        "none" => {
            hold(args);
            Ok(())
        }
        "all" => read_all(args, consumer),
        other => Err(format!("unknown read={other:?}")),
    }
}

/// With `read=none`, waits for stdin to close.
fn hold(args: &Args) {
    if args.opt_str("read") == Some("none") {
        crate::wait_for_stdin_close(args.deadline);
    }
}

/// The consumer, or the `ATTACH outcome=err` line describing why there is none.
fn attach(args: &Args) -> Result<Result<SharedConsumer<PeerEvent>, Report>, String> {
    let name = args.str("name")?;
    let capacity: usize = args.get("capacity")?;
    if args.opt_str("builder") == Some("published") {
        let mut builder = SharedDisruptorBuilder::<PeerEvent>::new(SharedMemoryConfig {
            name: name.to_owned(),
            buffer_size: capacity,
            element_size: size_of::<PeerEvent>(),
            create: false,
        });
        if let Some(id) = args.opt_str("id") {
            builder = builder.with_consumer_id(id);
        }
        return Ok(builder.build_consumer().map_err(|err| {
            let fields = match &err {
                MultiProcessError::Attach(inner) => refusal(inner),
                _ => Report::new("ATTACH").with("outcome", "err"),
            };
            describe_error(fields, &err)
        }));
    }
    let mut builder = attach_shared_consumer::<PeerEvent>(name, capacity)
        .wait_for_producer(args.millis_or("attach-wait", Duration::ZERO)?);
    if let Some(id) = args.opt_str("id") {
        builder = builder.with_consumer_id(id);
    }
    if let Some(namespace) = args.opt_str("namespace") {
        builder = builder.with_namespace(namespace);
    }
    if args.get_or("require-gating", false)? {
        builder = builder.require_gating();
    }
    Ok(builder
        .build_consumer()
        .map_err(|err| describe_error(refusal(&err), &err)))
}

/// The start of an `ATTACH outcome=err` line, with the fields of the errors the tests look into.
fn refusal(err: &AttachError) -> Report {
    let report = Report::new("ATTACH").with("outcome", "err");
    match err {
        AttachError::SegmentNotFound { name, .. } => report.with("name", name),
        AttachError::NotGating { name, reserved, .. } => report
            .with("name", name)
            .with("reserved", reserved.join(",")),
        _ => report,
    }
}

fn read_all(args: &Args, mut consumer: SharedConsumer<PeerEvent>) -> Result<(), String> {
    if args.opt_str("start") == Some("stdin") {
        crate::wait_for_stdin_close(args.deadline);
    }
    let pace = args.millis_or("pace", Duration::ZERO)?;
    let mut count = 0u64;
    let end = loop {
        match consumer.consume_next_timeout(args.deadline.remaining()) {
            Ok(Some((seq, event))) => {
                Report::new("EVENT")
                    .with("seq", seq)
                    .with("value", event.seq)
                    .with("intact", event.verify(event.seq).is_ok())
                    .print();
                count += 1;
                std::thread::sleep(pace);
            }
            Ok(None) => return Err(format!("deadline: the stream did not end after {count}")),
            Err(ConsumeError::ProducerClosed) => break "closed",
            Err(ConsumeError::ProducerDead { .. }) => break "dead",
            Err(ConsumeError::Lapped { .. }) => break "lapped",
            Err(other) => return Err(format!("unexpected {other:?}")),
        }
    };
    Report::new("RESULT")
        .with("count", count)
        .with("end", end)
        .print();
    Ok(())
}
