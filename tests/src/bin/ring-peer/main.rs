//! `ring-peer`: the other process of the cross-process tests.
//!
//! `ring-peer <role> key=value … deadline-ms=N` plays one side of a ring and reports what it saw
//! as `TAG key=value` lines on stdout (see `disruptor_mp_tests::report`). Every role gives up at
//! its deadline with a message on stderr naming what it waited for, and exits non-zero on any
//! failure, so the test that spawned it fails with that message.
//!
//! Roles:
//! - `producer`: publishes `events` events and then closes (or hangs, to be killed).
//! - `consumer`: reads and verifies `events` events in order, then checks how the stream ends.
//! - `hold-producer` / `hold-consumer`: create a ring or attach to one, then hold it until stdin
//!   closes.
//! - `attach`: tries to attach and reports the outcome (for error tests).
//! - `create`: tries to create a ring and reports the outcome (for permission tests).
//! - `env-probe`: reports what the environment contract read, builds one handle and reports its
//!   thread's CPU affinity or the build error.
//! - `scribble`: writes lies into a live ring's shared memory while honest peers use it.
//! - `lagger`: attaches as a non-gating consumer; polls once per `poll` line on stdin, and skips
//!   ahead on `resume-oldest` / `resume-newest`.
//! - `racer`: reads a ring a fast producer keeps lapping, verifying every event it gets.
//! - `fuzz-attach`: attaches to many randomly damaged copies of a real segment.
//! - `writer`: the quick start's producer: publishes whole events, then drops (or holds).
//! - `reader`: the quick start's consumer: reports its place and every event to the end.
//! - `out-of-space`: creates a ring too large for a private small `/dev/shm` (see `small_shm`).
//! - `sparse-attach`: attaches to a huge sparse object in a private small `/dev/shm`.
//! - `race-producer`: calls `build_producer` at an instant the test gives, then holds its
//!   producer if it won (see `race`).
//! - `stream`: publishes batches until a count or until stdin closes, never spinning (for
//!   `AutoConsumer` tests).
//! - `raw-create`: a creator that stops (or is killed) after `shm_open`, its lock and
//!   `ftruncate`, before writing a header.
//! - `large-producer` / `large-consumer` / `large-reader`: move 64 KiB or 1 MiB events, read in
//!   place and verified word by word (see `large`).
//! - `chaos-producer` / `chaos-consumer`: the chaos run's processes, which keep a record file
//!   that survives SIGKILL (see `chaos`).
//!
//! `producer`, `consumer`, `hold-producer`, `hold-consumer`, `attach` and `create` take
//! `dir=<path>` to use a ring file in that directory (the file backend) instead of POSIX shared
//! memory; the producer roles take `keep-file=true` to leave the ring in place when they close,
//! and those roles `lock=true` to lock their mapping in memory. Any role run with
//! `memlock-limit=N` first sets its limit on locked memory to `N` bytes.
//!
//! Any role run with `private-shm-bytes=N` runs in its own mount namespace with a tmpfs of `N`
//! bytes over `/dev/shm`, or prints `SKIP msg=<why>` and exits 0 where that cannot be made.

mod args;
mod chaos;
mod consume;
mod create;
mod env_probe;
mod fuzz;
mod hold;
mod lag;
mod large;
mod leave;
mod produce;
mod race;
mod reader;
mod scribble;
mod small_shm;
mod stream;
mod verify;
mod writer;

use args::Args;

fn main() {
    die_with_parent();
    let args = match Args::parse() {
        Ok(args) => args,
        Err(err) => {
            eprintln!("ring-peer: {err}");
            std::process::exit(2);
        }
    };
    if let Some(bytes) = args.opt_str("memlock-limit")
        && let Err(why) = bytes
            .parse()
            .map_err(|_| format!("memlock-limit={bytes:?} is not a number"))
            .and_then(limit_locked_memory)
    {
        eprintln!("ring-peer: {why}");
        std::process::exit(2);
    }
    // Before anything spawns a thread: the new mount namespace must cover the whole process.
    if let Some(bytes) = args.opt_str("private-shm-bytes") {
        let Ok(bytes) = bytes.parse() else {
            eprintln!("ring-peer: private-shm-bytes={bytes:?} is not a number");
            std::process::exit(2);
        };
        if let Err(why) = small_shm::enter(bytes) {
            disruptor_mp_tests::report::Report::new("SKIP")
                .with("msg", format!("no private /dev/shm: {why}"))
                .print();
            return;
        }
    }
    let outcome = match args.role() {
        "producer" => produce::run(&args),
        "consumer" => consume::run(&args),
        "hold-producer" => hold::producer(&args),
        "hold-consumer" => hold::consumer(&args),
        "attach" => hold::attach(&args),
        "create" => create::run(&args),
        "env-probe" => env_probe::run(&args),
        "scribble" => scribble::run(&args),
        "lagger" => lag::lagger(&args),
        "racer" => lag::racer(&args),
        "fuzz-attach" => fuzz::run(&args),
        "writer" => writer::run(&args),
        "reader" => reader::run(&args),
        "out-of-space" => small_shm::out_of_space(&args),
        "sparse-attach" => small_shm::sparse_attach(&args),
        "race-producer" => race::racer(&args),
        "raw-create" => race::raw_create(&args),
        "large-producer" => large::run(&args, "producer"),
        "large-consumer" => large::run(&args, "consumer"),
        "large-reader" => large::run(&args, "reader"),
        "stream" => stream::run(&args),
        "chaos-producer" => chaos::producer(&args),
        "chaos-consumer" => chaos::consumer(&args),
        other => Err(format!("unknown role {other:?}")),
    };
    if let Err(err) = outcome {
        eprintln!("ring-peer {}: {err}", args.role());
        std::process::exit(1);
    }
}

/// Asks Linux to SIGKILL this process when the thread that spawned it exits, so a test runner
/// that is itself killed leaves no peers behind (the deadline covers everything else).
fn die_with_parent() {
    // SAFETY: PR_SET_PDEATHSIG takes a signal number and touches no memory of ours.
    unsafe {
        libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL);
    }
}

/// Sets this process's limit on locked memory (`RLIMIT_MEMLOCK`, soft and hard) to `bytes`.
fn limit_locked_memory(bytes: u64) -> Result<(), String> {
    let limit = libc::rlimit {
        rlim_cur: bytes as libc::rlim_t,
        rlim_max: bytes as libc::rlim_t,
    };
    // SAFETY: `limit` is a valid `rlimit` that outlives the call, which only reads it.
    let rc = unsafe { libc::setrlimit(libc::RLIMIT_MEMLOCK, &limit) };
    if rc == 0 {
        Ok(())
    } else {
        Err(format!(
            "setrlimit(RLIMIT_MEMLOCK, {bytes}): {}",
            std::io::Error::last_os_error()
        ))
    }
}

/// Blocks until stdin reaches end of input (the parent closed it or died) or `deadline` passes.
/// Returns whether stdin closed.
pub fn wait_for_stdin_close(deadline: disruptor_mp_tests::wait::Deadline) -> bool {
    let (sender, receiver) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut sink = Vec::new();
        let _ = std::io::Read::read_to_end(&mut std::io::stdin(), &mut sink);
        let _ = sender.send(());
    });
    receiver.recv_timeout(deadline.remaining()).is_ok()
}
