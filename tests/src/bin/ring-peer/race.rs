//! Roles for racing producers over one name (`one_producer_per_name`).
//!
//! - `race-producer name= capacity=`: prints `ARMED pid=…`, waits for a line `go <unix_ns>` on
//!   stdin, sleeps until that instant (the test gives every racer the same one), calls
//!   `build_producer` once and prints `RESULT outcome=ok pid=…` or `RESULT outcome=err
//!   kind=<variant> [pid=<the SegmentInUse pid>] msg=…`. A loser exits; a winner holds its
//!   producer, publishes `PeerEvent::for_seq(0..n)` for each line `publish <n>` (then prints
//!   `PUBLISHED n=…`), and closes the ring when stdin closes.
//! - `raw-create name= len=`: plays a creator of this crate that is slow or dies mid-creation,
//!   with raw libc calls: `shm_open(O_CREAT|O_EXCL)`, the owner lock (`flock(LOCK_EX)`, as the
//!   library's creator takes it before its slow part) and `ftruncate(len)` — and never writes a
//!   header. Prints `READY pid=…` and holds until stdin closes (or it is killed); it never
//!   removes the name. With `dir=`, the same over the ring file `<dir>/<name>.ring` (created
//!   `O_EXCL | O_NOFOLLOW`, mode 0600).

use crate::args::Args;
use crate::hold::describe_error;
use disruptor_mp::CreateError;
use disruptor_mp_tests::event::PeerEvent;
use disruptor_mp_tests::report::Report;
use disruptor_mp_tests::wait::Deadline;
use std::ffi::CString;
use std::fs::File;
use std::io::{self, BufRead};
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::os::unix::fs::OpenOptionsExt;
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Stdin, line by line, through a thread (so every wait on it has a deadline); the channel
/// closes at end of input.
fn stdin_lines() -> Receiver<String> {
    let (sender, receiver) = mpsc::channel();
    std::thread::spawn(move || {
        for line in io::stdin().lock().lines() {
            let Ok(line) = line else { break };
            if sender.send(line).is_err() {
                break;
            }
        }
    });
    receiver
}

/// The next stdin line, `None` at end of input; an error at the deadline.
fn next_line(lines: &Receiver<String>, deadline: Deadline) -> Result<Option<String>, String> {
    match lines.recv_timeout(deadline.remaining()) {
        Ok(line) => Ok(Some(line)),
        Err(mpsc::RecvTimeoutError::Disconnected) => Ok(None),
        Err(mpsc::RecvTimeoutError::Timeout) => Err("deadline passed waiting on stdin".into()),
    }
}

/// Sleeps until `unix_ns` (nanoseconds since the epoch); returns at once if it has passed.
fn sleep_until(unix_ns: u128) {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    if let Some(left) = unix_ns.checked_sub(now) {
        std::thread::sleep(Duration::from_nanos(left as u64));
    }
}

pub fn racer(args: &Args) -> Result<(), String> {
    let name = args.str("name")?;
    let capacity: usize = args.get("capacity")?;
    let lines = stdin_lines();
    Report::new("ARMED").with("pid", std::process::id()).print();
    let go = next_line(&lines, args.deadline)?.ok_or("stdin closed before go")?;
    let at: u128 = go
        .strip_prefix("go ")
        .and_then(|ns| ns.trim().parse().ok())
        .ok_or_else(|| format!("expected `go <unix_ns>`, got {go:?}"))?;
    sleep_until(at);
    let built = args
        .producer::<PeerEvent>(name, capacity)?
        .build_producer(PeerEvent::default);
    let mut producer = match built {
        Ok(producer) => producer,
        Err(err) => {
            let mut report = Report::new("RESULT").with("outcome", "err");
            if let CreateError::SegmentInUse { pid, .. } = &err {
                report = report.with("pid", pid);
            }
            describe_error(report, &err).print();
            return Ok(());
        }
    };
    Report::new("RESULT")
        .with("outcome", "ok")
        .with("pid", std::process::id())
        .print();
    let mut next = 0u64;
    while let Some(line) = next_line(&lines, args.deadline)? {
        let count: u64 = line
            .strip_prefix("publish ")
            .and_then(|n| n.trim().parse().ok())
            .ok_or_else(|| format!("expected `publish <n>`, got {line:?}"))?;
        for _ in 0..count {
            let seq = producer.publish_value(PeerEvent::for_seq(next));
            if seq != next as i64 {
                return Err(format!("published {seq}, expected {next}"));
            }
            next += 1;
        }
        Report::new("PUBLISHED").with("n", next).print();
    }
    drop(producer);
    Ok(())
}

pub fn raw_create(args: &Args) -> Result<(), String> {
    let name = args.str("name")?;
    let len: u64 = args.get("len")?;
    let file = match args.ring_file(name)? {
        Some(path) => std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create_new(true)
            .mode(0o600)
            .custom_flags(libc::O_CLOEXEC | libc::O_NOFOLLOW)
            .open(&path)
            .map_err(|err| format!("open({}): {err}", path.display()))?,
        None => shm_create(name)?,
    };
    // SAFETY: `file` owns an open descriptor for the whole call; flock touches no memory.
    if unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) } != 0 {
        return Err(format!("flock({name}): {}", io::Error::last_os_error()));
    }
    file.set_len(len)
        .map_err(|err| format!("ftruncate({name}): {err}"))?;
    Report::new("READY").with("pid", std::process::id()).print();
    crate::wait_for_stdin_close(args.deadline);
    drop(file);
    Ok(())
}

/// Creates the POSIX shared-memory object `/name` exclusively, mode 0600.
fn shm_create(name: &str) -> Result<File, String> {
    let os_name = CString::new(format!("/{name}")).map_err(|_| "name has a NUL")?;
    let flags = libc::O_CREAT | libc::O_EXCL | libc::O_RDWR | libc::O_CLOEXEC;
    // SAFETY: `os_name` is NUL-terminated and outlives the call; flags and mode are integers.
    let fd = unsafe { libc::shm_open(os_name.as_ptr(), flags, 0o600) };
    if fd < 0 {
        return Err(format!("shm_open({name}): {}", io::Error::last_os_error()));
    }
    // SAFETY: `fd` was just returned by a successful `shm_open`; nothing else owns it.
    Ok(File::from(unsafe { OwnedFd::from_raw_fd(fd) }))
}
