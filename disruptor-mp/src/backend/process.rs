//! Process identity and liveness: a pid plus the process start time, so a recycled pid is never
//! mistaken for the process that created a segment, and the PID namespace the pid belongs to, so
//! a pid recorded in one container is never judged in another (where it names some other process,
//! or none): there the answer is [`Liveness::Unknown`], and every caller treats that as alive.

use std::hash::{BuildHasher, Hasher};
use std::io;
use std::os::unix::fs::MetadataExt;

/// Who a process is: its pid and its start time in clock ticks since boot (field 22 of
/// `/proc/<pid>/stat`; 0 where that is unavailable), and its PID namespace (the inode of
/// `/proc/self/ns/pid`; 0 where unreadable or recorded by an older version, meaning "judge the pid
/// as before").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct ProcessIdentity {
    pub(crate) pid: u32,
    pub(crate) start_time: u64,
    pub(crate) pid_ns: u64,
}

/// What the OS says about a recorded identity.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Liveness {
    /// The process exists and has the recorded start time.
    Alive,
    /// No such process, a zombie, or the pid now belongs to a different process.
    Dead,
    /// The pid was recorded in another PID namespace, where it means nothing here: no answer.
    /// Callers treat it as alive (never report death, reclaim, take over or break a lock on it).
    Unknown,
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
        Self {
            pid,
            start_time,
            pid_ns: current_pid_ns(),
        }
    }

    /// Whether the process this identity names is still running.
    pub(crate) fn liveness(&self) -> Liveness {
        if let Some(verdict) = namespace_verdict(self.pid_ns, current_pid_ns()) {
            return verdict;
        }
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

/// The decision a recorded namespace forces before the pid is looked at: `Unknown` when the
/// pid was recorded in a known namespace other than the checker's; `None` (judge the pid) when
/// they match or either is unknown (0: an old segment, or `/proc` unreadable).
fn namespace_verdict(recorded: u64, here: u64) -> Option<Liveness> {
    (recorded != 0 && here != 0 && recorded != here).then_some(Liveness::Unknown)
}

/// This process's PID namespace id (inode of `/proc/self/ns/pid`), read once; 0 if unreadable.
pub(crate) fn current_pid_ns() -> u64 {
    if cfg!(miri) {
        return 0;
    }
    static NS: std::sync::OnceLock<u64> = std::sync::OnceLock::new();
    *NS.get_or_init(|| {
        std::fs::metadata("/proc/self/ns/pid")
            .map(|m| m.ino())
            .unwrap_or(0)
    })
}

/// The two fields of `/proc/<pid>/stat` we need.
struct Stat {
    state: u8,
    start_time: u64,
}

fn read_stat(pid: u32) -> Option<Stat> {
    use std::io::Read;
    // One read into a stack buffer: an idle consumer checks its producer every 50 ms, and
    // `read_to_string` took six system calls and a heap allocation for these few hundred bytes.
    // Field 22 ends within about 470 bytes even with every number at its widest (the command
    // name is at most 15 bytes); the buffer leaves room to spare.
    let mut file = std::fs::File::open(format!("/proc/{pid}/stat")).ok()?;
    let mut buf = [0u8; 1024];
    let len = file.read(&mut buf).ok()?;
    let text = &buf[..len];
    // The command name (field 2) is in parentheses and may contain spaces or ')'; everything
    // after the last ')' is space-separated, starting with field 3 (state).
    let rest = &text[text.iter().rposition(|&b| b == b')')? + 1..];
    let mut fields = rest
        .split(u8::is_ascii_whitespace)
        .filter(|f| !f.is_empty());
    let state = *fields.next()?.first()?;
    // Field 22 (starttime) is the 20th field after the state.
    let start_time = std::str::from_utf8(fields.nth(18)?).ok()?.parse().ok()?;
    Some(Stat { state, start_time })
}

/// A random 64-bit value (for segment incarnation ids), seeded by the OS through std's
/// `RandomState`.
pub(crate) fn random_u64() -> u64 {
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u64(std::process::id() as u64);
    hasher.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A pid above any `pid_max` Linux allows.
    const NO_PID: u32 = i32::MAX as u32 - 1;

    fn me() -> ProcessIdentity {
        ProcessIdentity::current()
    }

    #[test]
    fn same_namespace_alive() {
        assert_eq!(me().liveness(), Liveness::Alive);
    }

    #[test]
    fn same_namespace_dead() {
        let dead = ProcessIdentity {
            pid: NO_PID,
            ..me()
        };
        assert_eq!(dead.liveness(), Liveness::Dead);
    }

    #[test]
    fn other_namespace_is_unknown_alive_or_dead() {
        let here = current_pid_ns();
        if here == 0 {
            eprintln!("skipped: /proc/self/ns/pid unreadable");
            return;
        }
        let other = here.wrapping_add(1).max(1);
        for pid in [std::process::id(), NO_PID] {
            let id = ProcessIdentity {
                pid,
                start_time: 0,
                pid_ns: other,
            };
            assert_eq!(id.liveness(), Liveness::Unknown);
        }
    }

    #[test]
    fn recorded_zero_judges_as_before() {
        let alive = ProcessIdentity { pid_ns: 0, ..me() };
        assert_eq!(alive.liveness(), Liveness::Alive);
        let dead = ProcessIdentity {
            pid: NO_PID,
            start_time: 0,
            pid_ns: 0,
        };
        assert_eq!(dead.liveness(), Liveness::Dead);
    }

    #[test]
    fn decision_table() {
        assert_eq!(namespace_verdict(0, 0), None);
        assert_eq!(namespace_verdict(0, 7), None);
        assert_eq!(namespace_verdict(7, 0), None);
        assert_eq!(namespace_verdict(7, 7), None);
        assert_eq!(namespace_verdict(7, 8), Some(Liveness::Unknown));
    }
}
