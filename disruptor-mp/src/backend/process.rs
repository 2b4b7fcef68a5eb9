//! Process identity and liveness: a pid plus the process start time, so a recycled pid is never
//! mistaken for the process that created a segment.

use std::hash::{BuildHasher, Hasher};
use std::io;

/// Who a process is: its pid and its start time in clock ticks since boot (field 22 of
/// `/proc/<pid>/stat`; 0 where that is unavailable).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct ProcessIdentity {
    pub(crate) pid: u32,
    pub(crate) start_time: u64,
}

/// What the OS says about a recorded identity.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Liveness {
    /// The process exists and has the recorded start time.
    Alive,
    /// No such process, a zombie, or the pid now belongs to a different process.
    Dead,
}

impl ProcessIdentity {
    /// The calling process.
    pub(crate) fn current() -> Self {
        let pid = std::process::id();
        // Miri cannot read `/proc`; 0 is "start time unknown", which `liveness` already allows
        // for (a system without `/proc` gives the same).
        let start_time = if cfg!(miri) {
            0
        } else {
            read_stat(pid).map(|stat| stat.start_time).unwrap_or(0)
        };
        Self { pid, start_time }
    }

    /// Whether the process this identity names is still running.
    pub(crate) fn liveness(&self) -> Liveness {
        if self.pid == 0 || self.pid > i32::MAX as u32 {
            return Liveness::Dead;
        }
        if cfg!(miri) {
            // Miri can neither signal nor read `/proc`, and runs a single process: the only
            // process an in-process test knows to be alive is itself.
            return if self.pid == std::process::id() {
                Liveness::Alive
            } else {
                Liveness::Dead
            };
        }
        // SAFETY: signal 0 performs only the existence and permission check; no signal is sent.
        let rc = unsafe { libc::kill(self.pid as libc::pid_t, 0) };
        if rc != 0 && io::Error::last_os_error().raw_os_error() == Some(libc::ESRCH) {
            return Liveness::Dead;
        }
        // The pid exists (EPERM also means it exists, owned by someone else); check that it is
        // the same process and not a zombie.
        match read_stat(self.pid) {
            Some(stat) if stat.state == b'Z' || stat.state == b'X' => Liveness::Dead,
            Some(stat) if self.start_time != 0 && stat.start_time != self.start_time => {
                Liveness::Dead
            }
            Some(_) => Liveness::Alive,
            // /proc unavailable: the kill check is all we have.
            None => Liveness::Alive,
        }
    }
}

/// The two fields of `/proc/<pid>/stat` we need.
struct Stat {
    state: u8,
    start_time: u64,
}

fn read_stat(pid: u32) -> Option<Stat> {
    let text = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The command name (field 2) is in parentheses and may contain spaces or ')'; everything
    // after the last ')' is space-separated, starting with field 3 (state).
    let rest = &text[text.rfind(')')? + 1..];
    let mut fields = rest.split_ascii_whitespace();
    let state = *fields.next()?.as_bytes().first()?;
    // Field 22 (starttime) is the 20th field after the state.
    let start_time = fields.nth(18)?.parse().ok()?;
    Some(Stat { state, start_time })
}

/// A random 64-bit value (for segment incarnation ids), seeded by the OS through std's
/// `RandomState`.
pub(crate) fn random_u64() -> u64 {
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u64(std::process::id() as u64);
    hasher.finish()
}
