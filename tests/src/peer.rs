//! Running `ring-peer` child processes with deadlines.
//!
//! A test builds a [`PeerCommand`] (usually with [`crate::ring_peer!`]), spawns it, and may wait
//! for report lines ([`RunningPeer::wait_for`]), talk to it over stdin, SIGKILL it, or wait for it
//! to finish. Every wait is bounded by the peer's deadline: the child enforces it itself (and
//! fails with a message naming what it waited for), and the parent kills the child a grace
//! period later. A failing peer makes the test panic with the peer's command line, exit status,
//! stdout and stderr. A [`RunningPeer`] that is dropped while its child still runs kills it, so a
//! panicking test leaves no processes behind.

use crate::report::Report;
use std::fmt::Display;
use std::io::{BufRead, BufReader, Read, Write};
use std::os::unix::process::ExitStatusExt;
use std::path::PathBuf;
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// Deadline of a peer unless the test sets another.
pub const DEFAULT_DEADLINE: Duration = Duration::from_secs(60);
/// How long after its own deadline the parent lets a peer live before killing it.
const KILL_GRACE: Duration = Duration::from_secs(5);

/// A `ring-peer` invocation: the helper binary, a role and `key=value` arguments.
#[derive(Clone, Debug)]
#[must_use = "a peer command does nothing until spawned"]
pub struct PeerCommand {
    exe: PathBuf,
    role: String,
    args: Vec<(String, String)>,
    deadline: Duration,
    user: Option<(u32, u32)>,
    env: Vec<(String, String)>,
    wrapper: Vec<String>,
}

/// A [`PeerCommand`] for the `ring-peer` binary of this package, with role `$role`.
///
/// A macro because `CARGO_BIN_EXE_ring-peer` is only defined while compiling integration tests.
#[macro_export]
macro_rules! ring_peer {
    ($role:expr) => {
        $crate::peer::PeerCommand::new(env!("CARGO_BIN_EXE_ring-peer"), $role)
    };
}

impl PeerCommand {
    /// `exe <role>`, with the default deadline.
    pub fn new(exe: impl Into<PathBuf>, role: &str) -> Self {
        Self {
            exe: exe.into(),
            role: role.to_owned(),
            args: Vec::new(),
            deadline: DEFAULT_DEADLINE,
            user: None,
            env: Vec::new(),
            wrapper: Vec::new(),
        }
    }

    /// Runs the peer as user `uid` and group `gid` (the test must be root to switch).
    pub fn user(mut self, uid: u32, gid: u32) -> Self {
        self.user = Some((uid, gid));
        self
    }

    /// Runs the peer through `program` (e.g. `unshare`): `program args… <ring-peer> <role> …`.
    pub fn wrapped_in(mut self, program: &[&str]) -> Self {
        self.wrapper = program.iter().map(|s| (*s).to_owned()).collect();
        self
    }

    /// Sets the environment variable `key` to `value` in the peer (which otherwise inherits the
    /// test's environment).
    pub fn env(mut self, key: &str, value: impl Display) -> Self {
        self.env.push((key.to_owned(), value.to_string()));
        self
    }

    /// Adds `key=value`.
    pub fn arg(mut self, key: &str, value: impl Display) -> Self {
        self.args.push((key.to_owned(), value.to_string()));
        self
    }

    /// The longest the peer may run; it gives up by itself after this, and is killed soon after.
    pub fn deadline(mut self, deadline: Duration) -> Self {
        self.deadline = deadline;
        self
    }

    fn describe(&self) -> String {
        let mut text = format!("ring-peer {}", self.role);
        for (key, value) in &self.args {
            text.push_str(&format!(" {key}={value}"));
        }
        text
    }

    /// Starts the peer.
    pub fn spawn(self) -> RunningPeer {
        let describe = self.describe();
        let mut command = match self.wrapper.split_first() {
            Some((program, args)) => {
                let mut command = Command::new(program);
                command.args(args).arg(&self.exe);
                command
            }
            None => Command::new(&self.exe),
        };
        if let Some((uid, gid)) = self.user {
            std::os::unix::process::CommandExt::uid(&mut command, uid);
            std::os::unix::process::CommandExt::gid(&mut command, gid);
        }
        let mut child = command
            .arg(&self.role)
            .args(self.args.iter().map(|(k, v)| format!("{k}={v}")))
            .arg(format!("deadline-ms={}", self.deadline.as_millis()))
            .env("RUST_BACKTRACE", "1")
            .envs(self.env.iter().map(|(k, v)| (k, v)))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|err| panic!("cannot spawn `{describe}` ({:?}): {err}", self.exe));
        let stdout = child.stdout.take().expect("piped stdout");
        let (sender, lines) = mpsc::channel();
        let stdout_reader = std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if sender.send(line).is_err() {
                    break;
                }
            }
        });
        let mut stderr = child.stderr.take().expect("piped stderr");
        let stderr_reader = std::thread::spawn(move || {
            let mut text = String::new();
            let _ = stderr.read_to_string(&mut text);
            text
        });
        RunningPeer {
            stdin: child.stdin.take(),
            child,
            lines,
            stdout: Vec::new(),
            next_line: 0,
            stdout_reader: Some(stdout_reader),
            stderr_reader: Some(stderr_reader),
            describe,
            started: Instant::now(),
            kill_at: Instant::now() + self.deadline + KILL_GRACE,
            status: None,
        }
    }

    /// Runs the peer to completion and returns its output; panics unless it exits successfully.
    pub fn run(self) -> PeerOutput {
        self.spawn().expect_success()
    }
}

/// A peer that was spawned.
#[derive(Debug)]
pub struct RunningPeer {
    child: Child,
    stdin: Option<ChildStdin>,
    lines: Receiver<String>,
    stdout: Vec<String>,
    /// Index in `stdout` of the first line [`RunningPeer::wait_for`] has not looked at.
    next_line: usize,
    stdout_reader: Option<JoinHandle<()>>,
    stderr_reader: Option<JoinHandle<String>>,
    describe: String,
    started: Instant,
    kill_at: Instant,
    status: Option<ExitStatus>,
}

impl RunningPeer {
    /// The child's pid.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Waits for the next report line tagged `tag` (after the one the previous call returned).
    /// Panics if the peer exits, or its deadline passes, first.
    pub fn wait_for(&mut self, tag: &str) -> Report {
        loop {
            while self.next_line < self.stdout.len() {
                let line = &self.stdout[self.next_line];
                self.next_line += 1;
                if let Some(report) = Report::parse(line).filter(|r| r.tag() == tag) {
                    return report;
                }
            }
            let left = self.kill_at.saturating_duration_since(Instant::now());
            match self.lines.recv_timeout(left) {
                Ok(line) => self.stdout.push(line),
                Err(RecvTimeoutError::Timeout) => {
                    self.fail(&format!("deadline passed while waiting for a {tag} line"))
                }
                Err(RecvTimeoutError::Disconnected) => {
                    self.fail(&format!("stdout closed before a {tag} line"))
                }
            }
        }
    }

    /// Writes `line` and a newline to the peer's stdin.
    pub fn send_line(&mut self, line: &str) {
        let result = match self.stdin.as_mut() {
            Some(stdin) => writeln!(stdin, "{line}").and_then(|()| stdin.flush()),
            None => panic!("stdin of `{}` was closed already", self.describe),
        };
        if let Err(err) = result {
            self.fail(&format!("cannot write {line:?} to stdin: {err}"));
        }
    }

    /// Closes the peer's stdin (peers that hold something release it on end of input).
    pub fn close_stdin(&mut self) {
        self.stdin = None;
    }

    /// Whether the child is still running.
    pub fn is_running(&mut self) -> bool {
        self.try_status().is_none()
    }

    fn try_status(&mut self) -> Option<ExitStatus> {
        if self.status.is_none() {
            self.status = self
                .child
                .try_wait()
                .unwrap_or_else(|err| panic!("waiting for `{}`: {err}", self.describe));
        }
        self.status
    }

    /// Kills the child with SIGKILL and reaps it (so its pid is really gone).
    pub fn sigkill(&mut self) -> ExitStatus {
        if let Some(status) = self.try_status() {
            self.fail(&format!(
                "expected to kill it, but it had exited with {status}"
            ));
        }
        // SAFETY: `kill` only sends a signal; the pid is our unreaped child, so it cannot have
        // been recycled for another process.
        let rc = unsafe { libc::kill(self.pid() as libc::pid_t, libc::SIGKILL) };
        assert_eq!(rc, 0, "kill({}, SIGKILL) failed", self.pid());
        let status = self.child.wait().expect("reap a killed child");
        self.status = Some(status);
        status
    }

    /// Stops the child with SIGSTOP (it stays alive, holding whatever it holds) or lets it go on
    /// with SIGCONT.
    pub fn pause(&mut self, paused: bool) {
        let signal = if paused { libc::SIGSTOP } else { libc::SIGCONT };
        // SAFETY: `kill` only sends a signal; the pid is our unreaped child, so it cannot have
        // been recycled for another process.
        let rc = unsafe { libc::kill(self.pid() as libc::pid_t, signal) };
        assert_eq!(rc, 0, "kill({}, {signal}) failed", self.pid());
    }

    /// Sends the child SIGTERM and waits (within its deadline) for it to exit, reaping it.
    pub fn sigterm(&mut self) -> ExitStatus {
        if let Some(status) = self.try_status() {
            self.fail(&format!(
                "expected to terminate it, but it had exited with {status}"
            ));
        }
        // SAFETY: `kill` only sends a signal; the pid is our unreaped child, so it cannot have
        // been recycled for another process.
        let rc = unsafe { libc::kill(self.pid() as libc::pid_t, libc::SIGTERM) };
        assert_eq!(rc, 0, "kill({}, SIGTERM) failed", self.pid());
        loop {
            // `try_status` reaps the child once it has exited, so its pid is really gone.
            if let Some(status) = self.try_status() {
                return status;
            }
            if Instant::now() >= self.kill_at {
                self.fail("still running after SIGTERM");
            }
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    /// Waits for the child to exit (killing it at its deadline) and collects its output.
    /// Panics if the deadline passes; does not judge the exit status.
    pub fn finish(mut self) -> PeerOutput {
        while self.try_status().is_none() {
            if Instant::now() >= self.kill_at {
                self.fail("deadline passed while waiting for it to exit");
            }
            std::thread::sleep(Duration::from_millis(2));
        }
        let (stdout, stderr) = self.collect();
        PeerOutput {
            describe: std::mem::take(&mut self.describe),
            status: self.status.expect("exited"),
            elapsed: self.started.elapsed(),
            stdout,
            stderr,
        }
    }

    /// [`RunningPeer::finish`], then panics unless the child exited with status 0.
    pub fn expect_success(self) -> PeerOutput {
        let output = self.finish();
        output.assert_success();
        output
    }

    /// Everything the child printed; call only once it has exited (or been killed).
    fn collect(&mut self) -> (Vec<String>, String) {
        if let Some(reader) = self.stdout_reader.take() {
            let _ = reader.join();
        }
        self.stdout.extend(self.lines.try_iter());
        let stderr = self
            .stderr_reader
            .take()
            .and_then(|reader| reader.join().ok())
            .unwrap_or_default();
        (std::mem::take(&mut self.stdout), stderr)
    }

    /// Kills the child if needed and panics with everything known about it.
    fn fail(&mut self, why: &str) -> ! {
        if self.try_status().is_none() {
            let _ = self.child.kill();
            self.status = self.child.wait().ok();
        }
        let (stdout, stderr) = self.collect();
        panic!(
            "peer `{}` failed after {:?}: {why}\nstatus: {}\n--- stdout ---\n{}\n--- stderr ---\n{}",
            self.describe,
            self.started.elapsed(),
            self.status
                .map_or_else(|| "unknown".to_owned(), describe_status),
            stdout.join("\n"),
            stderr
        );
    }
}

impl Drop for RunningPeer {
    fn drop(&mut self) {
        if self.status.is_none() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// What a finished peer left behind.
#[derive(Debug)]
pub struct PeerOutput {
    describe: String,
    /// How it exited.
    pub status: ExitStatus,
    /// From spawn to exit, as the parent saw it.
    pub elapsed: Duration,
    /// Its stdout, line by line.
    pub stdout: Vec<String>,
    /// Its stderr.
    pub stderr: String,
}

impl PeerOutput {
    /// Panics (with the peer's output) unless it exited with status 0.
    pub fn assert_success(&self) {
        if !self.status.success() {
            self.panic_with("expected success");
        }
    }

    /// Panics with `why` and the peer's command line, status and output.
    pub fn panic_with(&self, why: &str) -> ! {
        panic!(
            "peer `{}`: {why}\nstatus: {}\n--- stdout ---\n{}\n--- stderr ---\n{}",
            self.describe,
            describe_status(self.status),
            self.stdout.join("\n"),
            self.stderr
        );
    }

    /// Every report line tagged `tag`, in order.
    pub fn reports(&self, tag: &str) -> Vec<Report> {
        self.stdout
            .iter()
            .filter_map(|line| Report::parse(line))
            .filter(|report| report.tag() == tag)
            .collect()
    }

    /// The peer's single `RESULT` line; panics (with the output) if there is not exactly one.
    pub fn result(&self) -> Report {
        let mut results = self.reports("RESULT");
        if results.len() != 1 {
            self.panic_with(&format!("expected one RESULT line, got {}", results.len()));
        }
        results.remove(0)
    }
}

/// `exit 3`, `signal 9 (SIGKILL)`, …
pub fn describe_status(status: ExitStatus) -> String {
    match (status.code(), status.signal()) {
        (Some(code), _) => format!("exit {code}"),
        (None, Some(signal)) => format!("signal {signal}{}", signal_name(signal)),
        (None, None) => format!("{status}"),
    }
}

fn signal_name(signal: i32) -> &'static str {
    match signal {
        libc::SIGKILL => " (SIGKILL)",
        libc::SIGSEGV => " (SIGSEGV)",
        libc::SIGBUS => " (SIGBUS)",
        libc::SIGABRT => " (SIGABRT)",
        _ => "",
    }
}
