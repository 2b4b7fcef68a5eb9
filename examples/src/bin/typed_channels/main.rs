//! Typed channels: two rings declared once with `shared_channel!` (in `channels.rs`), used by
//! three processes that share nothing else, and a fourth built from an older version of the
//! quote event (in `older.rs`) that is refused with an explanation.
//!
//! ```text
//! cargo run -p disruptor-mp-examples --bin typed_channels
//! ```
//!
//! The program re-executes itself once per role:
//!
//! - `feed` produces quotes on `Quotes`;
//! - `old-recorder` is a recorder built from version 1 of `Quote`: it tries to attach to the
//!   feed's ring and prints the error it gets;
//! - `pricer` is consumer 0 of `Quotes` and the producer of `Fills`: it fills every tenth quote;
//! - `recorder` is consumer 1 of `Quotes` and consumer 0 of `Fills`, and checks that it saw every
//!   quote and every fill. One thread reads both rings as events arrive: it blocks on both at
//!   once in a `WaitSet` (one `futex_waitv` on Linux) whenever neither has anything.

mod channels;
mod older;

use channels::{FILLS_RECORDER, Fill, Fills, PRICER, Quote, Quotes, RECORDER};
use disruptor_mp::{ConsumeError, Readiness, WaitSet};
use std::process::{Child, Command, ExitCode};
use std::time::{Duration, Instant};

/// Quotes the feed publishes.
const QUOTES: u64 = 1_000;
/// The pricer fills one quote in this many.
const FILL_EVERY: u64 = 10;
/// How long a consumer waits for its producer's ring to appear.
const ATTACH_WAIT: Duration = Duration::from_secs(10);
/// How long the whole program may take before its children are killed.
const DEADLINE: Duration = Duration::from_secs(60);

/// What a role returns: any error is printed by `main`, which then exits non-zero.
type RoleResult = Result<(), Box<dyn std::error::Error>>;

fn main() -> ExitCode {
    let role = std::env::args().nth(1);
    let result = match role.as_deref() {
        None => return orchestrate(),
        Some("feed") => feed(),
        Some("old-recorder") => old_recorder(),
        Some("pricer") => pricer(),
        Some("recorder") => recorder(),
        Some(other) => {
            eprintln!("unknown role {other:?}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("[{}] failed: {err}", role.unwrap_or_default());
            ExitCode::FAILURE
        }
    }
}

/// Runs every role as its own process.
fn orchestrate() -> ExitCode {
    println!(
        "channels: {} ({} × {} bytes, {} consumers, fingerprint {:#018x}) and {} ({} × {} bytes)",
        Quotes::NAME,
        Quotes::CAPACITY,
        size_of::<Quote>(),
        Quotes::MAX_CONSUMERS,
        Quotes::FINGERPRINT,
        Fills::NAME,
        Fills::CAPACITY,
        size_of::<Fill>(),
    );
    let started = Instant::now();
    let mut feed = spawn("feed");
    // The feed waits for both of its consumers before publishing, so its ring is there for the
    // old recorder to find; run that one to the end first.
    let old = spawn("old-recorder");
    let mut ok = wait(old, "old-recorder", started);
    let pricer = spawn("pricer");
    let recorder = spawn("recorder");
    ok &= wait(pricer, "pricer", started);
    ok &= wait(recorder, "recorder", started);
    ok &= wait_ref(&mut feed, "feed", started);
    if ok {
        println!("done: every process used only the declarations in channels.rs");
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

fn spawn(role: &str) -> Child {
    let exe = std::env::current_exe().expect("the program's own path");
    Command::new(exe)
        .arg(role)
        .spawn()
        .unwrap_or_else(|err| panic!("start {role}: {err}"))
}

fn wait(mut child: Child, role: &str, started: Instant) -> bool {
    wait_ref(&mut child, role, started)
}

fn wait_ref(child: &mut Child, role: &str, started: Instant) -> bool {
    loop {
        match child.try_wait() {
            Ok(Some(status)) if status.success() => return true,
            Ok(Some(status)) => {
                eprintln!("{role} exited with {status}");
                return false;
            }
            Ok(None) if started.elapsed() > DEADLINE => {
                eprintln!("{role} did not finish within {DEADLINE:?}; stopping it");
                let _ = child.kill();
                let _ = child.wait();
                return false;
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(10)),
            Err(err) => {
                eprintln!("waiting for {role}: {err}");
                return false;
            }
        }
    }
}

/// Producer of `Quotes`.
fn feed() -> RoleResult {
    // `build_producer` returns once both consumer places are taken (the builder's default for a
    // channel); reserved places would hold every quote anyway.
    let mut producer = Quotes::producer().build_producer(Quote::default)?;
    for id in 0..QUOTES {
        // A whole value: no field of the slot's previous quote can survive.
        producer.publish_value(Quote {
            id,
            price: 10_000 + (id % 50) as i64,
            quantity: 100 + (id % 7) as u32,
            venue: (id % 3) as u32,
        });
    }
    println!("[feed] published {QUOTES} quotes on {}", Quotes::NAME);
    // Dropping the producer closes the ring: consumers drain it, then see the end of the stream.
    Ok(())
}

/// A recorder built from the older declaration (version 1 of `Quote`).
fn old_recorder() -> RoleResult {
    match older::Quotes::consumer(RECORDER)
        .wait_for_producer(ATTACH_WAIT)
        .build_consumer()
    {
        Ok(_) => Err("a consumer with the older layout attached".into()),
        Err(err) => {
            println!("[old-recorder] refused, as it should be:\n  {err}");
            Ok(())
        }
    }
}

/// Consumer 0 of `Quotes`, producer of `Fills`.
fn pricer() -> RoleResult {
    let mut quotes = Quotes::consumer(PRICER)
        .wait_for_producer(ATTACH_WAIT)
        .build_consumer()?;
    let mut fills = Fills::producer().build_producer(Fill::default)?;
    let mut filled = 0;
    loop {
        match quotes.consume_next() {
            Ok((_, quote)) if quote.id % FILL_EVERY == 0 => {
                fills.publish_value(Fill {
                    quote_id: quote.id,
                    price: quote.price,
                    quantity: quote.quantity,
                    _pad: [0; 4],
                });
                filled += 1;
            }
            Ok(_) => {}
            Err(ConsumeError::ProducerClosed) => break,
            Err(err) => return Err(err.into()),
        }
    }
    println!("[pricer] filled {filled} quotes on {}", Fills::NAME);
    Ok(())
}

/// Consumer 1 of `Quotes`, consumer 0 of `Fills`: one thread reads both rings as their events
/// come, blocked on both at once in a `WaitSet` while neither has any.
fn recorder() -> RoleResult {
    let quotes = Quotes::consumer(RECORDER)
        .wait_for_producer(ATTACH_WAIT)
        .build_consumer()?;
    let fills = Fills::consumer(FILLS_RECORDER)
        .wait_for_producer(ATTACH_WAIT)
        .build_consumer()?;
    let mut set = WaitSet::new();
    let quotes = set.add(quotes);
    let fills = set.add(fills);
    let (mut seen, mut notional) = (0u64, 0i64);
    let mut out_of_order = None;
    while !set.is_empty() {
        let ready = set.wait_timeout(DEADLINE);
        if ready.is_empty() {
            return Err(format!("neither ring had anything for {DEADLINE:?}").into());
        }
        for found in ready {
            match found.readiness {
                Readiness::Events if found.is(quotes) => {
                    let consumer = set.get_mut(quotes).ok_or("quotes left the set")?;
                    consumer.process_available(|quote, _| {
                        if quote.id != seen && out_of_order.is_none() {
                            out_of_order = Some((quote.id, seen));
                        }
                        seen += 1;
                    });
                }
                Readiness::Events => {
                    let consumer = set.get_mut(fills).ok_or("fills left the set")?;
                    consumer.process_available(|fill, _| {
                        notional += fill.price * i64::from(fill.quantity);
                    });
                }
                Readiness::Ended(ConsumeError::ProducerClosed) if found.is(quotes) => {
                    set.remove(quotes);
                }
                Readiness::Ended(ConsumeError::ProducerClosed) => {
                    set.remove(fills);
                }
                Readiness::Ended(err) => return Err(err.into()),
                _ => return Err("a readiness this recorder does not know".into()),
            }
        }
        if let Some((id, seen)) = out_of_order {
            return Err(format!("quote {id} arrived after {seen}").into());
        }
    }
    println!(
        "[recorder] recorded {seen} quotes and their fills (notional {}.{:02})",
        notional / 100,
        notional % 100
    );
    if seen == QUOTES {
        Ok(())
    } else {
        Err(format!("recorded {seen} of {QUOTES} quotes").into())
    }
}
