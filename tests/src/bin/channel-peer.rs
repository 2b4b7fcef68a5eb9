//! `channel-peer`: the other process of `tests/layout_explained.rs`, built with the *newer*
//! version of an event, so the test process (built with the older one) meets a real peer whose
//! layout differs.
//!
//! `channel-peer <role> <segment> <capacity>`:
//! - `hold-v2`: creates a ring of `v2::Quote` (`price: u64`), prints `ready`, and holds the ring
//!   until stdin closes (or a minute passes), then closes it;
//! - `attach-v2`: attaches to an existing ring as `v2::Quote` and prints `ok` or `err <message>`.
//!
//! Exit status 0 means the role ran; 2 means bad arguments or a failure to set up.

use disruptor_mp::{CoordinationMode, attach_shared_consumer, build_shared_single_producer};
use std::io::{BufRead, Write};
use std::time::{Duration, Instant};

/// The newer version of the event: `price` became fixed-point ticks.
mod v2 {
    use disruptor_mp::SharedEvent;

    #[derive(Clone, Copy, Default, SharedEvent)]
    #[repr(C)]
    #[shared_event(name = "Quote")]
    pub struct Quote {
        pub id: u64,
        pub price: u64,
    }
}

/// Longest a held ring outlives a test that forgot to close stdin.
const HOLD_DEADLINE: Duration = Duration::from_secs(60);

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [role, segment, capacity] = args.as_slice() else {
        fail("usage: channel-peer <hold-v2|attach-v2> <segment> <capacity>");
    };
    let capacity: usize = capacity
        .parse()
        .unwrap_or_else(|_| fail("capacity is not a number"));
    match role.as_str() {
        "hold-v2" => hold(segment, capacity),
        "attach-v2" => attach(segment, capacity),
        other => fail(&format!("unknown role {other:?}")),
    }
}

fn hold(segment: &str, capacity: usize) {
    let mut producer = build_shared_single_producer::<v2::Quote>(segment, capacity)
        .with_coordination(CoordinationMode::Immediate)
        .build_producer(v2::Quote::default)
        .unwrap_or_else(|err| fail(&format!("build producer: {err}")));
    producer.publish(|quote| {
        quote.id = 1;
        quote.price = 101_500;
    });
    println!("ready");
    std::io::stdout().flush().ok();
    // Hold until the test closes stdin, on another thread so the deadline still applies.
    let (done, closed) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for _ in std::io::stdin().lock().lines() {}
        let _ = done.send(());
    });
    let started = Instant::now();
    while closed.recv_timeout(Duration::from_millis(50)).is_err() {
        if started.elapsed() > HOLD_DEADLINE {
            eprintln!("channel-peer: stdin stayed open for {HOLD_DEADLINE:?}; closing the ring");
            break;
        }
    }
    drop(producer);
}

fn attach(segment: &str, capacity: usize) {
    match attach_shared_consumer::<v2::Quote>(segment, capacity).build_consumer() {
        Ok(_) => println!("ok"),
        Err(err) => println!("err {err}"),
    }
}

fn fail(message: &str) -> ! {
    eprintln!("channel-peer: {message}");
    std::process::exit(2);
}
