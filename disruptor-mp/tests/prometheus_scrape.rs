//! Feature `metrics-prometheus`: a ring's counters, exported by an aggregator, scraped over
//! loopback from the installed endpoint with the values the test produced. Run by CI with
//! `cargo test -p disruptor-mp --features metrics-prometheus --test prometheus_scrape`.
#![cfg(feature = "metrics-prometheus")]

use disruptor_mp::observability::{AggregatorConfig, AggregatorHandle, prometheus};
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::time::{Duration, Instant};

#[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
#[repr(C)]
struct Tick {
    price: u64,
}

/// A loopback address with a port free a moment ago.
fn free_loopback() -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind loopback");
    listener.local_addr().expect("local address")
}

fn scrape(addr: SocketAddr) -> std::io::Result<String> {
    let mut stream = TcpStream::connect_timeout(&addr, Duration::from_secs(2))?;
    stream.set_read_timeout(Some(Duration::from_secs(2)))?;
    write!(
        stream,
        "GET /metrics HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )?;
    let mut body = String::new();
    stream.read_to_string(&mut body)?;
    Ok(body)
}

/// The value of the sample named `name` whose labels include every one of `labels`.
fn sample(body: &str, name: &str, labels: &[&str]) -> Option<f64> {
    body.lines()
        .filter(|line| line.starts_with(&format!("{name}{{")))
        .find(|line| labels.iter().all(|label| line.contains(label)))
        .and_then(|line| line.rsplit(' ').next()?.parse().ok())
}

#[test]
fn the_rings_counters_are_scraped_with_their_values() {
    let addr = free_loopback();
    prometheus::install(addr).expect("install the endpoint");
    let ring = format!("prom-{}", std::process::id());
    let mut producer = disruptor_mp::build_shared_single_producer::<Tick>(&ring, 8)
        .build_producer(Tick::default)
        .expect("producer");
    let mut consumer = disruptor_mp::attach_shared_consumer::<Tick>(&ring, 8)
        .build_consumer()
        .expect("consumer");
    for price in 0..5 {
        producer.publish_value(Tick { price });
    }
    for _ in 0..3 {
        consumer.poll_next().expect("read").expect("an event");
    }
    consumer.counters(); // stores its progress
    let exporter = AggregatorHandle::for_producer(
        &producer,
        AggregatorConfig {
            interval: Duration::from_millis(10),
            metric_suffix: None,
        },
    )
    .expect("aggregator");

    let ring_label = format!("ring=\"{ring}\"");
    let consumer_label = format!("consumer=\"{}\"", consumer.consumer_id());
    let deadline = Instant::now() + Duration::from_secs(20);
    let body = loop {
        let body = scrape(addr).unwrap_or_default();
        if sample(&body, "disruptor_mp_events_consumed", &[&ring_label]).is_some()
            || Instant::now() > deadline
        {
            break body;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let published = sample(&body, "disruptor_mp_events_published", &[&ring_label]);
    let consumed = sample(
        &body,
        "disruptor_mp_events_consumed",
        &[&ring_label, &consumer_label],
    );
    let lag = sample(
        &body,
        "disruptor_mp_consumer_lag",
        &[&ring_label, &consumer_label],
    );
    assert_eq!(
        (published, consumed, lag),
        (Some(5.0), Some(3.0), Some(2.0)),
        "{body}"
    );
    drop(exporter);
}
