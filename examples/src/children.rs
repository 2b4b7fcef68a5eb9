//! Running the current program once per role, as child processes, with a deadline on every wait.
//!
//! Each child is started as `<this program> --role <args…>` with its standard output captured,
//! and reports by printing one line `RESULT key=value key=value …`. [`run_roles`] waits for all of
//! them, but stops every child still running as soon as one fails or the deadline passes, so a
//! stuck peer can never hang the program.

use std::io::{self, Read};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

/// How one child process ended.
#[derive(Debug)]
pub struct Outcome {
    /// The role's name, as given to [`run_roles`].
    pub role: String,
    /// Its exit status; `None` when it was still running at the deadline (or when a sibling
    /// failed) and was killed.
    pub status: Option<ExitStatus>,
    /// The `key=value` pairs of its `RESULT` line (empty if it printed none).
    pub report: Vec<(String, String)>,
}

impl Outcome {
    /// Whether it exited successfully and reported a result.
    pub fn succeeded(&self) -> bool {
        self.status.is_some_and(|status| status.success()) && !self.report.is_empty()
    }

    /// The reported value of `key`.
    pub fn field(&self, key: &str) -> Option<&str> {
        self.report
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// The reported value of `key`, as a number.
    pub fn number(&self, key: &str) -> Option<f64> {
        self.field(key)?.parse().ok()
    }

    /// Why it did not succeed, in words.
    pub fn failure(&self) -> String {
        match self.status {
            None => "was stopped: it had not finished by the deadline, or a peer failed".to_owned(),
            Some(status) if !status.success() => format!("exited with {status}"),
            Some(_) => "printed no RESULT line".to_owned(),
        }
    }
}

/// Starts this program once per `(role, args)` as `--role <args…>`, waits for every child until
/// `deadline`, and returns how each ended, in the order given.
///
/// Children still running when one of them fails, or when the deadline passes, are killed (and
/// reaped). Fails only if a child cannot be started; the ones already started are then killed.
pub fn run_roles(roles: &[(String, Vec<&str>)], deadline: Instant) -> io::Result<Vec<Outcome>> {
    let exe = std::env::current_exe()?;
    let mut children: Vec<(String, Child)> = Vec::new();
    for (role, args) in roles {
        let spawned = Command::new(&exe)
            .arg("--role")
            .args(args)
            .stdout(Stdio::piped())
            .spawn();
        match spawned {
            Ok(child) => children.push((role.clone(), child)),
            Err(err) => {
                for (_, child) in &mut children {
                    stop(child);
                }
                return Err(err);
            }
        }
    }
    let mut statuses: Vec<Option<ExitStatus>> = vec![None; children.len()];
    loop {
        for ((_, child), status) in children.iter_mut().zip(&mut statuses) {
            if status.is_none() {
                *status = child.try_wait()?;
            }
        }
        let finished = statuses.iter().all(Option::is_some);
        let failed = statuses.iter().flatten().any(|status| !status.success());
        if finished || failed || Instant::now() >= deadline {
            break;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    let mut outcomes = Vec::with_capacity(children.len());
    for ((role, mut child), status) in children.into_iter().zip(statuses) {
        if status.is_none() {
            stop(&mut child);
        }
        // Each child prints one short line, so the pipe never fills while it runs.
        let mut stdout = String::new();
        if let Some(mut pipe) = child.stdout.take() {
            let _ = pipe.read_to_string(&mut stdout);
        }
        outcomes.push(Outcome {
            role,
            status,
            report: parse_report(&stdout),
        });
    }
    Ok(outcomes)
}

/// Kills `child` and waits for it, so it leaves no zombie behind.
fn stop(child: &mut Child) {
    // Either call fails only if the child is already gone, which is what we want.
    let _ = child.kill();
    let _ = child.wait();
}

/// The pairs of the first `RESULT key=value …` line of `stdout`.
fn parse_report(stdout: &str) -> Vec<(String, String)> {
    stdout
        .lines()
        .find_map(|line| line.strip_prefix("RESULT "))
        .map(|line| {
            line.split_whitespace()
                .filter_map(|pair| pair.split_once('='))
                .map(|(k, v)| (k.to_owned(), v.to_owned()))
                .collect()
        })
        .unwrap_or_default()
}
