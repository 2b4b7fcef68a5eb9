//! Facts about processes that liveness and permission tests need: a pid that is certainly dead,
//! a process's start time as the library records it, and the `nobody` user to run a child as.

use std::os::unix::fs::MetadataExt;

/// The pid of a process that has exited and been reaped (pid reuse within a test's lifetime is
/// practically impossible: Linux hands pids out in increasing order up to `pid_max`).
pub fn dead_pid() -> u32 {
    let mut child = std::process::Command::new("true")
        .spawn()
        .expect("spawn `true`");
    let pid = child.id();
    child.wait().expect("reap `true`");
    pid
}

/// Field 22 of `/proc/<pid>/stat` (start time in clock ticks since boot), as the library
/// records a producer's start time in its segment header.
pub fn start_time(pid: u32) -> Option<u64> {
    let text = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let rest = &text[text.rfind(')')? + 1..];
    rest.split_ascii_whitespace().nth(19)?.parse().ok()
}

/// `nobody`'s uid and gid, when this process may switch to them and `nobody` can run the
/// helper binary `exe` (`env!("CARGO_BIN_EXE_ring-peer")`); otherwise why not.
pub fn nobody(exe: &str) -> Result<(u32, u32), String> {
    let euid = std::fs::metadata("/proc/self")
        .map_err(|err| format!("cannot stat /proc/self: {err}"))?
        .uid();
    if euid != 0 {
        return Err(format!(
            "running as uid {euid}; switching a child to `nobody` needs root"
        ));
    }
    let passwd = std::fs::read_to_string("/etc/passwd").map_err(|err| err.to_string())?;
    let ids = passwd
        .lines()
        .map(|line| line.split(':').collect::<Vec<_>>())
        .find(|fields| fields.first() == Some(&"nobody") && fields.len() > 3)
        .ok_or("no user `nobody` in /etc/passwd")?;
    let parse = |field: &str| field.parse::<u32>().map_err(|err| err.to_string());
    let (uid, gid) = (parse(ids[2])?, parse(ids[3])?);
    // `nobody` must be able to reach and run the helper binary.
    let exe = std::path::PathBuf::from(exe);
    for path in exe.ancestors().filter(|p| !p.as_os_str().is_empty()) {
        let bits = std::fs::metadata(path)
            .map_err(|err| err.to_string())?
            .mode();
        if bits & 0o001 == 0 {
            return Err(format!("`nobody` cannot reach {}", path.display()));
        }
    }
    Ok((uid, gid))
}
