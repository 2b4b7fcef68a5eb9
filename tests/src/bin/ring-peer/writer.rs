//! Role `writer`: the producer of the crate's quick start, with the options the front-door tests
//! vary.
//!
//! Arguments: `name`, `capacity`; `events` (default 1) events, the `i`-th being the whole value
//! `PeerEvent::for_seq(first + i)` (`first` default 0), each published by `publish_with_timeout`
//! within the deadline; `prefix=` and
//! `consumers=` reserve the gating ids `<prefix>_0…` (coordination `Immediate`); `namespace=`
//! (otherwise `DISRUPTOR_MP_NAMESPACE` decides); `linger-ms=` (the library's default linger
//! otherwise); `hold=stdin` keeps the producer until stdin closes, otherwise it is dropped right
//! after publishing.
//!
//! Prints `READY pid=… name=<segment name with namespace>`, `PUBLISHED last=…`, and after the
//! drop `RESULT outcome=ok`. A refused `build_producer` prints `RESULT outcome=err kind=…
//! [inner=…] msg=…` and exits 0: the test judges it.

use crate::args::Args;
use crate::hold::describe_error;
use disruptor_mp::{CoordinationMode, build_shared_single_producer};
use disruptor_mp_tests::event::PeerEvent;
use disruptor_mp_tests::report::Report;

pub fn run(args: &Args) -> Result<(), String> {
    let name = args.str("name")?;
    let mut builder = build_shared_single_producer::<PeerEvent>(name, args.get("capacity")?)
        .with_coordination(CoordinationMode::Immediate);
    if let Some(prefix) = args.opt_str("prefix") {
        builder = builder.discover_consumer_with_prefix(args.get("consumers")?, prefix);
    }
    if let Some(namespace) = args.opt_str("namespace") {
        builder = builder.with_namespace(namespace);
    }
    if args.opt_str("linger-ms").is_some() {
        builder = builder.with_linger(args.millis_or("linger", Default::default())?);
    }
    let mut producer = match builder.build_producer(PeerEvent::default) {
        Ok(producer) => producer,
        Err(err) => {
            describe_error(Report::new("RESULT").with("outcome", "err"), &err).print();
            return Ok(());
        }
    };
    Report::new("READY")
        .with("pid", std::process::id())
        .with("name", producer.segment_name())
        .print();

    let first: u64 = args.get_or("first", 0)?;
    for i in 0..args.get_or("events", 1u64)? {
        let event = PeerEvent::for_seq(first + i);
        producer
            .publish_with_timeout(args.deadline.remaining(), |slot| *slot = event)
            .map_err(|err| format!("publishing event {i}: {err}"))?;
    }
    Report::new("PUBLISHED")
        .with("last", producer.last_published_sequence())
        .print();

    if args.opt_str("hold") == Some("stdin") {
        crate::wait_for_stdin_close(args.deadline);
    }
    drop(producer);
    Report::new("RESULT").with("outcome", "ok").print();
    Ok(())
}
