//! Killing the orchestrator kills its children: a ping-pong group long enough to be running is
//! started, the orchestrator gets SIGKILL (no handler, no cleanup), and both children must be
//! gone within a generous deadline instead of running to their own.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// State and start time (clock ticks since boot) of process `pid`, or `None` if there is none.
fn stat(pid: u32) -> Option<(char, u64)> {
    let text = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // After "pid (comm) ": state, ppid, … starttime is the 20th field from the state on.
    let fields: Vec<&str> = text.rsplit_once(')')?.1.split_whitespace().collect();
    Some((
        fields.first()?.chars().next()?,
        fields.get(19)?.parse().ok()?,
    ))
}

fn parent_of(pid: u32) -> Option<u32> {
    let text = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    text.rsplit_once(')')?
        .1
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}

/// The `role` children of `parent`, with their start times.
fn roles_of(parent: u32) -> Vec<(u32, u64)> {
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    entries
        .flatten()
        .filter_map(|e| e.file_name().to_str()?.parse::<u32>().ok())
        .filter(|&pid| parent_of(pid) == Some(parent))
        .filter(|&pid| {
            std::fs::read(format!("/proc/{pid}/cmdline"))
                .is_ok_and(|c| c.split(|&b| b == 0).any(|arg| arg == b"role"))
        })
        .filter_map(|pid| Some((pid, stat(pid)?.1)))
        .collect()
}

/// Whether the process started at `started` still runs (a zombie waiting for init does not; a
/// new process with a reused pid is another process).
fn running(pid: u32, started: u64) -> bool {
    stat(pid).is_some_and(|(state, start)| start == started && state != 'Z' && state != 'X')
}

#[test]
fn children_die_when_the_orchestrator_is_killed() {
    let out = std::env::temp_dir().join(format!("dmpb-deathsig-test-{}", std::process::id()));
    let mut orchestrator = Command::new(env!("CARGO_BIN_EXE_dmp-bench"))
        .args(["ping-pong", "--round-trips", "1000000000", "--warmup", "0"])
        .args([
            "--runs",
            "1",
            "--payloads",
            "8",
            "--engines",
            "ours",
            "--idle",
            "yield",
        ])
        .arg("--out")
        .arg(&out)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("dmp-bench starts");
    let pid = orchestrator.id();
    let deadline = Instant::now() + Duration::from_secs(60);
    let children = loop {
        let children = roles_of(pid);
        if children.len() == 2 {
            break children;
        }
        if Instant::now() >= deadline || orchestrator.try_wait().ok().flatten().is_some() {
            let _ = orchestrator.kill();
            let _ = orchestrator.wait();
            panic!("the ping-pong children did not appear: {children:?}");
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    orchestrator.kill().expect("SIGKILL the orchestrator");
    orchestrator.wait().expect("reap the orchestrator");
    let deadline = Instant::now() + Duration::from_secs(10);
    let mut left: Vec<(u32, u64)> = children.clone();
    while !left.is_empty() && Instant::now() < deadline {
        left.retain(|&(child, started)| running(child, started));
        std::thread::sleep(Duration::from_millis(10));
    }
    for (child, _) in &left {
        // Do not leave a spinning process behind when the assertion below fails.
        let _ = Command::new("kill")
            .args(["-9", &child.to_string()])
            .status();
    }
    // The orchestrator died without cleaning up: remove its objects as `sweep_stale` would.
    disruptor_mp_bench::shm::unlink_prefixed(&format!("dmpb-{pid}-"));
    let _ = std::fs::remove_dir_all(&out);
    assert!(
        left.is_empty(),
        "children {left:?} of {children:?} outlived the orchestrator by 10 s"
    );
}
