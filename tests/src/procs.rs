//! Facts about processes that liveness tests need: a pid that is certainly dead, and a process's
//! start time as the library records it.

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
