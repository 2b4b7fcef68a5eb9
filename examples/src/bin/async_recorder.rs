//! An async recorder: one tokio program awaits three rings, each of its own event type, whose
//! producers are three other processes; one of them crashes halfway.
//!
//! ```text
//! cargo run -p disruptor-mp-examples --bin async_recorder
//! ```
//!
//! The program re-executes itself once per feed (`feed trades|quotes|beats <ring>`). Each feed
//! publishes with `publish_async`, waiting asynchronously while its ring is full. The recorder
//! reads each ring as a `Stream` in its own task: while none has events, the tasks wait through
//! the library's one bridge thread, however many rings there are. A stream ends when its
//! producer closes the ring, and yields `ProducerDead` if the producer died.

use disruptor_mp::{
    AsyncConsumer, ConsumeError, CoordinationMode, SharedEvent, SharedProducer,
    attach_shared_consumer, build_shared_single_producer,
};
use futures_core::Stream;
use std::process::{Child, Command, ExitCode};
use std::time::Duration;

/// A trade.
#[derive(Clone, Copy, Debug, Default, SharedEvent)]
#[repr(C)]
struct Trade {
    id: u64,
    price: i64,
}

/// A quote.
#[derive(Clone, Copy, Debug, Default, SharedEvent)]
#[repr(C)]
struct Quote {
    bid: i64,
    ask: i64,
    size: u32,
    _pad: [u8; 4],
}

/// A heartbeat: just a counter.
#[derive(Clone, Copy, Debug, Default, SharedEvent)]
#[repr(C)]
struct Beat {
    n: u64,
}

const CAPACITY: usize = 256;
/// Events each feed publishes (the beats feed crashes halfway through).
const EVENTS: u64 = 2_000;
/// How long anything may take before the program gives up.
const DEADLINE: Duration = Duration::from_secs(60);

type RoleResult = Result<(), Box<dyn std::error::Error>>;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.iter().map(String::as_str).collect::<Vec<_>>()[..] {
        [] => recorder(),
        ["feed", kind, ring] => feed(kind, ring),
        _ => Err(format!("unknown arguments {args:?}").into()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("{args:?} failed: {err}");
            ExitCode::FAILURE
        }
    }
}

fn runtime() -> std::io::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
}

/// A feed process: creates `ring`, waits for the recorder, publishes [`EVENTS`] events with
/// `publish_async`, then closes the ring (the beats feed aborts halfway instead).
fn feed(kind: &str, ring: &str) -> RoleResult {
    let runtime = runtime()?;
    match kind {
        // Dropping a producer closes its ring: the recorder's stream of it ends.
        "trades" => runtime
            .block_on(publish(ring, EVENTS, |i| Trade {
                id: i,
                price: 10_000 + (i % 17) as i64,
            }))
            .map(drop),
        "quotes" => runtime
            .block_on(publish(ring, EVENTS, |i| Quote {
                bid: 9_990 + (i % 5) as i64,
                ask: 10_010,
                size: 100,
                _pad: [0; 4],
            }))
            .map(drop),
        "beats" => {
            let _producer = runtime.block_on(publish(ring, EVENTS / 2, |n| Beat { n }))?;
            // A crash with the producer alive: no close, no unlink. The recorder learns it
            // from the pid.
            std::process::abort();
        }
        other => Err(format!("unknown feed {other:?}").into()),
    }
}

/// Publishes `events` events on a new ring `ring` once the recorder attached, and returns the
/// producer once the recorder has read them all.
async fn publish<E: SharedEvent + Default>(
    ring: &str,
    events: u64,
    make: impl Fn(u64) -> E,
) -> Result<SharedProducer<E>, Box<dyn std::error::Error>> {
    let mut producer = build_shared_single_producer::<E>(ring, CAPACITY)
        .discover_consumer_with_prefix(1, "rec")
        .with_coordination(CoordinationMode::Immediate)
        .build_producer(E::default)?;
    if !producer.wait_for_consumer_id("rec_0", DEADLINE) {
        return Err("the recorder never attached".into());
    }
    for i in 0..events {
        producer.publish_async(make(i)).await;
    }
    if !producer.wait_until_consumed(events as i64 - 1, DEADLINE) {
        return Err("the recorder did not read every event".into());
    }
    Ok(producer)
}

fn spawn_feed(kind: &str, ring: &str) -> std::io::Result<Child> {
    Command::new(std::env::current_exe()?)
        .args(["feed", kind, ring])
        .spawn()
}

fn attach<E: SharedEvent>(ring: &str) -> Result<AsyncConsumer<E>, Box<dyn std::error::Error>> {
    Ok(attach_shared_consumer::<E>(ring, CAPACITY)
        .with_consumer_id("rec_0")
        .wait_for_producer(DEADLINE)
        .build_consumer()?
        .into_async())
}

/// Reads `stream` to its end: how many events, and how it ended.
async fn record<E: SharedEvent>(mut stream: AsyncConsumer<E>) -> (u64, Option<ConsumeError>) {
    let mut count = 0;
    loop {
        let next = std::future::poll_fn(|cx| std::pin::Pin::new(&mut stream).poll_next(cx)).await;
        match next {
            Some(Ok(_)) => count += 1,
            Some(Err(err)) => return (count, Some(err)),
            None => return (count, None),
        }
    }
}

fn ended(how: &Option<ConsumeError>) -> String {
    match how {
        None => "closed by its producer".into(),
        Some(err) => format!("{err}"),
    }
}

/// The recorder: starts the feeds, then awaits their three rings at once.
fn recorder() -> RoleResult {
    let base = format!("async-recorder-{}", std::process::id());
    let rings = ["trades", "quotes", "beats"].map(|kind| format!("{base}-{kind}"));
    let mut feeds = Vec::new();
    for (kind, ring) in ["trades", "quotes", "beats"].iter().zip(&rings) {
        feeds.push(spawn_feed(kind, ring)?);
    }
    let trades = attach::<Trade>(&rings[0])?;
    let quotes = attach::<Quote>(&rings[1])?;
    let beats = attach::<Beat>(&rings[2])?;
    let runtime = runtime()?;
    let results = runtime.block_on(async {
        let trades = tokio::spawn(record(trades));
        let quotes = tokio::spawn(record(quotes));
        let beats = tokio::spawn(record(beats));
        tokio::time::timeout(DEADLINE, async {
            (trades.await, quotes.await, beats.await)
        })
        .await
    });
    for mut feed in feeds {
        // The beats feed aborts: its status is not success, on purpose.
        feed.wait()?;
    }
    // The crashed feed could not remove its ring.
    let _ = std::fs::remove_file(format!("/dev/shm/{}", rings[2]));
    let (trades, quotes, beats) = results.map_err(|_| "the recorder timed out")?;
    let (trades, quotes, beats) = (trades?, quotes?, beats?);
    println!("trades: {} events, {}", trades.0, ended(&trades.1));
    println!("quotes: {} events, {}", quotes.0, ended(&quotes.1));
    println!("beats:  {} events, {}", beats.0, ended(&beats.1));
    let as_expected = (trades.0, quotes.0, beats.0) == (EVENTS, EVENTS, EVENTS / 2)
        && trades.1.is_none()
        && quotes.1.is_none()
        && matches!(beats.1, Some(ConsumeError::ProducerDead { .. }));
    if as_expected {
        Ok(())
    } else {
        Err("the rings did not end as the feeds did".into())
    }
}
