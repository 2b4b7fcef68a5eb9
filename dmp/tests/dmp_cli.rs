//! The built `dmp` binary against real rings: live, stale (a producer SIGKILLed in a child
//! process), corrupt, foreign and missing. Names carry this process's pid; every ring, file and
//! child is cleaned up even when an assertion fails.

use disruptor_mp::{
    CoordinationMode, MmapTransportLayout, SharedEvent, SharedProducer, attach_shared_consumer,
    build_mmap_single_producer, build_shared_single_producer,
};
use serde_json::Value;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::Duration;

/// The event every ring here carries: integers, a float and an array, to see each decoded.
#[derive(Clone, Copy, Default, SharedEvent)]
#[repr(C)]
struct Quote {
    sequence: u64,
    price: f64,
    delta: i32,
    venue: [u8; 12],
}

impl Quote {
    fn nth(n: u64) -> Self {
        Self {
            sequence: n,
            price: 100.0 + n as f64 * 0.25,
            delta: -(n as i32),
            venue: *b"XLON-primary",
        }
    }
}

const CAPACITY: usize = 64;
/// Set in a child process started by [`spawn_fixture`]: it is then a producer, not a test.
const FIXTURE_ENV: &str = "DMP_TEST_FIXTURE";
/// How long anything here waits for a child.
const DEADLINE: Duration = Duration::from_secs(30);

fn unique(what: &str) -> String {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    format!(
        "dmp-cli-{what}-{}-{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    )
}

fn dmp(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dmp"))
        .args(args)
        .output()
        .expect("run dmp")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn json(output: &Output) -> Value {
    serde_json::from_slice(&output.stdout).expect("dmp --json prints JSON")
}

/// Asserts a failure: exit `code`, exactly one line on stderr, and no panic.
fn assert_fails(output: &Output, code: i32, mentions: &str) {
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(code), "stderr: {stderr}");
    assert_eq!(stderr.lines().count(), 1, "one line: {stderr}");
    assert!(stderr.starts_with("dmp: "), "{stderr}");
    assert!(
        stderr.contains(mentions),
        "{stderr} should mention {mentions}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
}

/// A private directory removed with everything in it on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new() -> Self {
        let dir = std::env::temp_dir().join(unique("dir"));
        std::fs::create_dir(&dir).expect("create the test directory");
        Self(dir)
    }

    fn arg(&self) -> &str {
        self.0.to_str().expect("UTF-8 temp path")
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A child producer; killed (SIGKILL) and reaped on drop, its shared-memory object removed.
struct Fixture {
    child: Child,
    shm_name: Option<String>,
}

impl Fixture {
    /// SIGKILLs the producer, leaving its ring behind as a dead producer's.
    fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Fixture {
    fn drop(&mut self) {
        self.kill();
        if let Some(name) = &self.shm_name {
            let _ = std::fs::remove_file(Path::new("/dev/shm").join(name));
        }
    }
}

/// Starts this test binary again as a producer of ring `name` (in `dir`, or in shared memory)
/// that publishes 5 events and then waits to be killed; returns once the events are published.
fn spawn_fixture(name: &str, dir: Option<&Path>) -> Fixture {
    let mut command = Command::new(std::env::current_exe().expect("test binary path"));
    command
        .args([
            "--exact",
            "fixture_producer",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(FIXTURE_ENV, name)
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    if let Some(dir) = dir {
        command.env("DMP_TEST_FIXTURE_DIR", dir);
    }
    let mut child = command.spawn().expect("spawn the fixture producer");
    let lines = BufReader::new(child.stdout.take().expect("piped stdout"));
    let fixture = Fixture {
        child,
        shm_name: dir.is_none().then(|| name.to_owned()),
    };
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in lines.lines().map_while(Result::ok) {
            if line.ends_with("fixture-ready") {
                let _ = tx.send(());
            }
        }
    });
    rx.recv_timeout(DEADLINE)
        .expect("the fixture producer published within the deadline");
    fixture
}

/// Not a test of its own: the producer a test starts in a child process ([`spawn_fixture`]).
#[test]
fn fixture_producer() {
    let Ok(name) = std::env::var(FIXTURE_ENV) else {
        return;
    };
    let mut producer = match std::env::var_os("DMP_TEST_FIXTURE_DIR") {
        Some(dir) => {
            let layout = MmapTransportLayout::new(dir, &name).expect("layout");
            build_mmap_single_producer::<Quote>(&layout, CAPACITY)
                .build_producer(Quote::default)
                .expect("create the fixture ring file")
        }
        None => build_shared_single_producer::<Quote>(&name, CAPACITY)
            .without_namespace()
            .build_producer(Quote::default)
            .expect("create the fixture ring"),
    };
    for n in 0..5 {
        producer.publish_value(Quote::nth(n));
    }
    println!("fixture-ready");
    // The test kills us; never outlive it for long if it did not.
    std::thread::sleep(DEADLINE);
    drop(producer);
}

fn shm_producer(name: &str) -> SharedProducer<Quote> {
    build_shared_single_producer::<Quote>(name, CAPACITY)
        .without_namespace()
        .discover_consumer_with_prefix(1, "reader")
        .with_coordination(CoordinationMode::Immediate)
        // Nobody drains these rings: dropping the producer need not wait for reader_0.
        .with_linger(Duration::ZERO)
        .build_producer(Quote::default)
        .expect("create the ring")
}

#[test]
fn inspect_shows_a_live_ring_its_consumer_and_the_last_events_decoded() {
    let name = unique("live");
    let mut producer = shm_producer(&name);
    let mut consumer = attach_shared_consumer::<Quote>(&name, CAPACITY)
        .without_namespace()
        .with_consumer_id("reader_0")
        .build_consumer()
        .expect("attach");
    for n in 0..5 {
        producer.publish_value(Quote::nth(n));
    }
    for _ in 0..2 {
        consumer.consume_next().expect("an event");
    }

    let output = dmp(&["inspect", &name, "--events", "3"]);
    let text = stdout(&output);
    assert_eq!(output.status.code(), Some(0), "{text}");
    let pid = std::process::id();
    assert!(
        text.contains(&format!("producer    pid {pid} alive")),
        "{text}"
    );
    assert!(
        text.contains("event       Quote (size 32, align 8"),
        "{text}"
    );
    assert!(text.contains("venue"), "{text}");
    assert!(text.contains("[u8; 12]"), "{text}");
    assert!(text.contains("reader_0"), "{text}");
    assert!(text.contains("attached"), "{text}");
    assert!(
        text.contains("#4  sequence=4  price=101  delta=-4  venue=[88, 76, 79, 78, 45, 112, 114, 105, … 4 more]"),
        "{text}"
    );
    assert!(
        text.contains("#2  sequence=2  price=100.5  delta=-2"),
        "{text}"
    );
    assert!(!text.contains("#1 "), "only the last 3 events: {text}");

    let report = json(&dmp(&["inspect", &name, "--events", "3", "--json"]));
    assert_eq!(report["event"]["name"], "Quote");
    assert_eq!(report["producer"]["status"], "alive");
    assert_eq!(report["stale"], false);
    assert_eq!(report["last_published"], 4);
    assert_eq!(report["fields"].as_array().map(Vec::len), Some(4));
    let reader = &report["consumers"][0];
    assert_eq!(reader["id"], "reader_0");
    assert_eq!(reader["pid"], pid);
    let cursor = reader["cursor"].as_i64().expect("cursor");
    assert!((-1..=1).contains(&cursor), "{reader}");
    assert_eq!(reader["lag"].as_i64(), Some(4 - cursor));
    let events = report["events"].as_array().expect("events");
    assert_eq!(events.len(), 3);
    assert_eq!(events[2]["sequence"], 4);
    assert_eq!(events[2]["fields"]["price"], 101.0);
    assert_eq!(events[2]["fields"]["delta"], -4);
    assert_eq!(events[2]["fields"]["venue"][0], 88);
    drop(consumer);
}

#[test]
fn stat_once_prints_every_counter_with_rates() {
    let name = unique("stat");
    let mut producer = shm_producer(&name);
    for n in 0..10 {
        producer.publish_value(Quote::nth(n));
    }
    let output = dmp(&["stat", &name, "--once", "--interval", "100"]);
    let text = stdout(&output);
    assert_eq!(output.status.code(), Some(0), "{text}");
    assert!(text.contains(&format!("ring {name}")), "{text}");
    assert!(text.contains("events_published"), "{text}");
    assert!(
        !text.contains('\x1b'),
        "--once does not clear the screen: {text}"
    );

    let frame = json(&dmp(&[
        "stat",
        &name,
        "--once",
        "--interval",
        "100",
        "--json",
    ]));
    let counters = frame["rings"][0]["counters"].as_array().expect("counters");
    let published = counters
        .iter()
        .find(|counter| counter["label"] == "events_published")
        .expect("events_published");
    assert_eq!(published["value"], 10);
    assert_eq!(published["rate_per_sec"], 0.0);
}

#[test]
fn stat_without_once_redraws_in_place_until_stopped() {
    let name = unique("watch");
    let mut producer = shm_producer(&name);
    producer.publish_value(Quote::nth(0));
    let mut watch = Command::new(env!("CARGO_BIN_EXE_dmp"))
        .args(["stat", &name, "--interval", "50"])
        .stdout(Stdio::piped())
        .spawn()
        .expect("run dmp stat");
    let mut frames = watch.stdout.take().expect("piped stdout");
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut seen = Vec::new();
        let mut chunk = [0; 4096];
        while let Ok(read @ 1..) = std::io::Read::read(&mut frames, &mut chunk) {
            seen.extend_from_slice(&chunk[..read]);
            if String::from_utf8_lossy(&seen)
                .matches("\x1b[H\x1b[2J")
                .count()
                >= 3
            {
                let _ = tx.send(seen);
                return;
            }
        }
    });
    let seen = rx.recv_timeout(DEADLINE);
    let _ = watch.kill();
    let _ = watch.wait();
    let seen = seen.expect("three frames within the deadline");
    assert!(String::from_utf8_lossy(&seen).contains("events_published"));
}

#[test]
fn ls_and_gc_in_a_directory_remove_the_stale_ring_and_never_the_live_one() {
    let dir = TempDir::new();
    let live_layout = MmapTransportLayout::new(&dir.0, "live").expect("layout");
    let mut live = build_mmap_single_producer::<Quote>(&live_layout, CAPACITY)
        .build_producer(Quote::default)
        .expect("create the live ring");
    live.publish_value(Quote::nth(0));
    let mut stale = spawn_fixture("stale", Some(&dir.0));
    stale.kill();
    let stale_path = dir.0.join("stale.ring");
    assert!(stale_path.exists(), "a SIGKILLed producer leaves its ring");

    let output = dmp(&["ls", "--dir", dir.arg()]);
    let text = stdout(&output);
    assert_eq!(output.status.code(), Some(0), "{text}");
    let row = |ring: &str| {
        let path = dir.0.join(format!("{ring}.ring"));
        text.lines()
            .find(|line| line.starts_with(&path.display().to_string()))
            .unwrap_or_else(|| panic!("{ring} listed: {text}"))
            .to_owned()
    };
    assert!(row("stale").contains("dead"), "{text}");
    assert!(row("stale").ends_with("yes"), "{text}");
    assert!(row("live").contains("alive"), "{text}");
    assert!(row("live").ends_with("no"), "{text}");

    let listed = json(&dmp(&["ls", "--dir", dir.arg(), "--json"]));
    let listed = listed.as_array().expect("an array");
    assert_eq!(listed.len(), 2, "{listed:?}");
    assert!(
        listed
            .iter()
            .any(|ring| ring["stale"] == true && ring["producer"]["status"] == "dead")
    );

    let dry = dmp(&["gc", "--dir", dir.arg(), "--dry-run"]);
    let dry_text = stdout(&dry);
    assert_eq!(dry.status.code(), Some(0), "{dry_text}");
    assert!(
        dry_text.contains("would-remove") && dry_text.contains("stale.ring"),
        "{dry_text}"
    );
    assert!(
        dry_text.contains("kept") && dry_text.contains("live.ring"),
        "{dry_text}"
    );
    assert!(stale_path.exists(), "a dry run removes nothing");

    let gc = json(&dmp(&["gc", "--dir", dir.arg(), "--json"]));
    let outcomes = gc.as_array().expect("an array");
    assert_eq!(outcomes.len(), 2, "{gc}");
    assert!(!stale_path.exists(), "gc removed the stale ring");
    assert!(
        live_layout.ring_path().exists(),
        "gc never removes a live ring"
    );
    live.publish_value(Quote::nth(1));
    drop(live);
}

#[test]
fn gc_of_a_named_shared_memory_ring_removes_it_only_once_its_producer_is_dead() {
    let name = unique("shm-stale");
    let mut fixture = spawn_fixture(&name, None);
    let object = Path::new("/dev/shm").join(&name);

    let kept = dmp(&["gc", &name]);
    assert_eq!(kept.status.code(), Some(0));
    assert!(stdout(&kept).starts_with("kept"), "{}", stdout(&kept));
    assert!(object.exists(), "a live producer's ring stays");

    fixture.kill();
    let report = json(&dmp(&["inspect", &name, "--json"]));
    assert_eq!(report["stale"], true);
    // `ls` without --dir scans the whole of /dev/shm (other tests' rings included).
    let listed = json(&dmp(&["ls", "--json"]));
    let ours = listed
        .as_array()
        .expect("an array")
        .iter()
        .find(|ring| ring["name"] == name.as_str())
        .unwrap_or_else(|| panic!("{name} listed: {listed}"));
    assert_eq!(ours["stale"], true, "{ours}");
    assert_eq!(ours["producer"]["status"], "dead", "{ours}");
    let dry = dmp(&["gc", &name, "--dry-run"]);
    assert!(stdout(&dry).starts_with("would-remove"), "{}", stdout(&dry));
    assert!(object.exists(), "a dry run removes nothing");
    let gc = dmp(&["gc", &name]);
    assert_eq!(gc.status.code(), Some(0));
    assert!(stdout(&gc).starts_with("removed"), "{}", stdout(&gc));
    assert!(!object.exists(), "gc removed the dead producer's ring");
}

#[test]
fn missing_foreign_corrupt_and_incompatible_objects_get_one_line_errors_and_distinct_codes() {
    let dir = TempDir::new();
    let missing = unique("missing");
    assert_fails(&dmp(&["inspect", &missing]), 3, "no such ring");
    assert_fails(&dmp(&["stat", &missing, "--once"]), 3, "no such ring");
    assert_fails(
        &dmp(&["inspect", "x", "--dir", dir.arg()]),
        3,
        "no such ring",
    );

    let foreign = dir.0.join("foreign.ring");
    std::fs::write(&foreign, vec![0x5a; 8192]).expect("write");
    assert_fails(
        &dmp(&["inspect", "foreign", "--dir", dir.arg()]),
        4,
        "not a disruptor-mp ring",
    );

    // A real ring file, kept after its producer closed, then damaged two ways.
    let layout = MmapTransportLayout::new(&dir.0, "good").expect("layout");
    let mut producer = build_mmap_single_producer::<Quote>(&layout, CAPACITY)
        .keep_file(true)
        .build_producer(Quote::default)
        .expect("create");
    producer.publish_value(Quote::nth(0));
    drop(producer);
    let good = std::fs::read(layout.ring_path()).expect("read the ring file");
    let ok = dmp(&["inspect", "good", "--dir", dir.arg()]);
    assert_eq!(ok.status.code(), Some(0));
    assert!(
        stdout(&ok).contains("state       closed"),
        "{}",
        stdout(&ok)
    );

    std::fs::write(dir.0.join("truncated.ring"), &good[..good.len() / 2]).expect("write");
    assert_fails(
        &dmp(&["inspect", "truncated", "--dir", dir.arg()]),
        5,
        "corrupt",
    );

    let mut newer = good.clone();
    newer[8] = newer[8].wrapping_add(1); // format_version, right after the magic
    std::fs::write(dir.0.join("newer.ring"), &newer).expect("write");
    assert_fails(
        &dmp(&["inspect", "newer", "--dir", dir.arg(), "--json"]),
        6,
        "incompatible",
    );

    // Usage errors are clap's code 2; an invalid name is one too.
    assert_eq!(dmp(&["inspect"]).status.code(), Some(2));
    assert_fails(&dmp(&["inspect", "a/b"]), 2, "invalid name");

    // `ls` lists every ring file with its error and still succeeds; gc removes none of them.
    let listed = json(&dmp(&["ls", "--dir", dir.arg(), "--json"]));
    let listed = listed.as_array().expect("an array");
    assert_eq!(listed.len(), 4, "{listed:?}");
    assert_eq!(
        listed
            .iter()
            .filter(|ring| ring.get("error").is_some())
            .count(),
        3
    );
    // The kept ring and its damaged copies were closed by their producer: finished, so gc
    // removes them as a creator's reclaim would, even though the process that wrote them (this
    // one) still runs; the foreign file is never even judged.
    let gc = dmp(&["gc", "--dir", dir.arg()]);
    assert_eq!(gc.status.code(), Some(0), "{}", stdout(&gc));
    assert!(dir.0.join("foreign.ring").exists(), "foreign kept");
    for file in ["good", "truncated", "newer"] {
        assert!(
            !dir.0.join(format!("{file}.ring")).exists(),
            "{file} removed"
        );
    }
    assert!(!stdout(&gc).contains("foreign"), "{}", stdout(&gc));
}
