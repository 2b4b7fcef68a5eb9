//! The published quick start delivers its event across two processes when the producer starts
//! first: the producer publishes one event and exits before the consumer exists, and the
//! consumer, started only after that, still receives it (a dropped producer keeps the ring's
//! name while a reserved consumer that has not attached yet has events waiting).

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Longest a run of either side may take before the test gives up on it.
const DEADLINE: Duration = Duration::from_secs(30);

/// Removes the namespaced ring if a failed run left it.
struct Cleanup(String);

impl Drop for Cleanup {
    fn drop(&mut self) {
        let demo = disruptor_mp::portable_shm_segment_name("demo");
        let _ = std::fs::remove_file(format!("/dev/shm/{}:{demo}", self.0));
    }
}

fn quickstart(namespace: &str, role: &str) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_published_quickstart"));
    command
        .arg(role)
        .env("DISRUPTOR_MP_NAMESPACE", namespace)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit());
    command
}

/// Waits for `child` to exit within [`DEADLINE`], killing it otherwise; returns its stdout.
fn finish(mut child: std::process::Child, what: &str) -> String {
    let started = Instant::now();
    loop {
        match child.try_wait().expect("wait for the child") {
            Some(status) => {
                let mut out = String::new();
                std::io::Read::read_to_string(child.stdout.as_mut().unwrap(), &mut out)
                    .expect("read stdout");
                assert!(status.success(), "{what} failed ({status}): {out}");
                return out;
            }
            None if started.elapsed() > DEADLINE => {
                let _ = child.kill();
                let _ = child.wait();
                panic!("{what} did not finish within {DEADLINE:?}");
            }
            None => std::thread::sleep(Duration::from_millis(5)),
        }
    }
}

#[test]
fn the_published_quick_start_delivers_its_event_when_the_producer_starts_first() {
    let namespace = format!("porting{}", std::process::id());
    let _cleanup = Cleanup(namespace.clone());
    let mut producer = quickstart(&namespace, "producer")
        .spawn()
        .expect("start producer");
    let mut lines = BufReader::new(producer.stdout.take().unwrap()).lines();
    let published = lines.next().expect("a line").expect("read");
    assert_eq!(published, "published");
    // The producer has published and is dropping its handle: only now does a consumer exist.
    let consumer = quickstart(&namespace, "consumer")
        .spawn()
        .expect("start consumer");
    let received = finish(consumer, "consumer");
    assert_eq!(received.lines().collect::<Vec<_>>(), ["event 42"]);
    let started = Instant::now();
    let status = loop {
        if let Some(status) = producer.try_wait().expect("wait") {
            break status;
        }
        assert!(started.elapsed() < DEADLINE, "the producer never exited");
        std::thread::sleep(Duration::from_millis(5));
    };
    assert!(status.success(), "producer failed: {status}");
    let demo = disruptor_mp::portable_shm_segment_name("demo");
    assert!(
        !std::path::Path::new(&format!("/dev/shm/{namespace}:{demo}")).exists(),
        "the ring is removed once its consumer has attached and the producer is gone"
    );
}
