//! Runs one group of child processes: unique names, a start line, a deadline on every wait, and
//! cleanup of every shared-memory object the group created even when a child fails, hangs or the
//! user presses Ctrl-C.

use crate::control::Control;
use crate::roles::{RoleArgs, RoleOutput};
use crate::shm;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// Prefix of every shared-memory name this program creates: `dmpb-<orchestrator pid>-`.
pub const NAME_PREFIX: &str = "dmpb-";

static INTERRUPTED: AtomicBool = AtomicBool::new(false);
static GROUP: AtomicU64 = AtomicU64::new(0);

extern "C" fn on_signal(_: libc::c_int) {
    INTERRUPTED.store(true, Ordering::SeqCst);
}

/// Makes Ctrl-C and SIGTERM stop the current group cleanly instead of killing the orchestrator
/// with objects left in `/dev/shm` (children die of the signal themselves).
pub fn install_signal_handlers() {
    let handler = on_signal as extern "C" fn(libc::c_int) as libc::sighandler_t;
    // SAFETY: the handler only stores to an atomic, which is async-signal-safe.
    unsafe {
        libc::signal(libc::SIGINT, handler);
        libc::signal(libc::SIGTERM, handler);
    }
}

/// Whether the user asked to stop.
pub fn interrupted() -> bool {
    INTERRUPTED.load(Ordering::SeqCst)
}

/// Removes objects left by earlier runs whose orchestrator is dead.
pub fn sweep_stale() -> usize {
    let Ok(entries) = std::fs::read_dir("/dev/shm") else {
        return 0;
    };
    let mut removed = 0;
    for name in entries
        .flatten()
        .filter_map(|e| e.file_name().into_string().ok())
    {
        let Some(pid) = name
            .strip_prefix(NAME_PREFIX)
            .and_then(|rest| rest.split('-').next())
            .and_then(|pid| pid.parse::<libc::pid_t>().ok())
        else {
            continue;
        };
        // SAFETY: signal 0 only checks whether the process exists.
        let alive = unsafe { libc::kill(pid, 0) } == 0
            || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM);
        if !alive && shm::unlink(&name).is_ok() {
            removed += 1;
        }
    }
    removed
}

/// Unique names for one group, removed (with anything else that starts with the prefix) on drop.
#[derive(Debug)]
pub struct Names {
    prefix: String,
    dir: PathBuf,
}

impl Names {
    /// A fresh prefix `dmpb-<pid>-<n>`; child output files go under `dir`.
    pub fn new(dir: &Path) -> Self {
        let n = GROUP.fetch_add(1, Ordering::Relaxed);
        Self {
            prefix: format!("{NAME_PREFIX}{}-{n}", std::process::id()),
            dir: dir.to_owned(),
        }
    }

    /// Name of object `tag` of this group.
    pub fn object(&self, tag: &str) -> String {
        format!("{}-{tag}", self.prefix)
    }

    /// Output file of child `index`.
    pub fn out_file(&self, index: usize) -> PathBuf {
        self.dir.join(format!("{}-{index}.json", self.prefix))
    }
}

impl Drop for Names {
    fn drop(&mut self) {
        shm::unlink_prefixed(&self.prefix);
        crate::engine::placed::remove_hugetlbfs_rings(&self.prefix);
    }
}

/// Kills children still running when dropped.
struct Children(Vec<Child>);

impl Drop for Children {
    fn drop(&mut self) {
        for child in &mut self.0 {
            if matches!(child.try_wait(), Ok(None)) {
                let _ = child.kill();
                let _ = child.wait();
            }
        }
    }
}

/// How long a group may take to set up (create and attach rings).
const SETUP_BUDGET: Duration = Duration::from_secs(20);

/// What a group's child processes are told (serialised on their command line), and what they
/// write back: one implementation per kind of child (`role`, `wake-role`).
pub trait ChildSpec: serde::Serialize {
    /// The subcommand that runs such a child.
    const SUBCOMMAND: &'static str;
    /// What the child writes to its output file.
    type Output: serde::de::DeserializeOwned;
    /// Tells the child its start-line object, its output file and its total time budget.
    fn wire(&mut self, control: String, out: String, budget_secs: f64);
    /// How errors name the child.
    fn label(&self) -> String;
}

impl ChildSpec for RoleArgs {
    const SUBCOMMAND: &'static str = "role";
    type Output = RoleOutput;
    fn wire(&mut self, control: String, out: String, budget_secs: f64) {
        self.control = control;
        self.out = out;
        self.budget_secs = budget_secs;
    }
    fn label(&self) -> String {
        format!("{:?}", self.role)
    }
}

/// Runs `roles` as child processes of this executable and returns their outputs in order.
/// `budget` bounds the measured part; every child gets setup plus budget to finish.
pub fn run_group<S: ChildSpec>(
    names: &Names,
    mut roles: Vec<S>,
    budget: Duration,
) -> Result<Vec<S::Output>, String> {
    let exe = std::env::current_exe().map_err(|err| format!("current_exe: {err}"))?;
    let control_name = names.object("ctl");
    let control = Control::create(&control_name)?;
    let child_budget = SETUP_BUDGET + budget;
    let mut children = Children(Vec::new());
    let mut outs = Vec::new();
    for (index, role) in roles.iter_mut().enumerate() {
        let out = names.out_file(index).display().to_string();
        let _ = std::fs::remove_file(&out);
        role.wire(
            control_name.clone(),
            out.clone(),
            child_budget.as_secs_f64(),
        );
        outs.push(out);
        let json = serde_json::to_string(role).expect("child args serialise");
        // `--parent`: the child dies with this process, and exits if it already has.
        let child = Command::new(&exe)
            .arg(S::SUBCOMMAND)
            .arg("--parent")
            .arg(std::process::id().to_string())
            .arg(json)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .map_err(|err| format!("spawn {}: {err}", exe.display()))?;
        children.0.push(child);
    }
    let setup_deadline = Instant::now() + SETUP_BUDGET;
    while control.ready_count() < roles.len() as u64 {
        check_alive(&mut children, "during setup")?;
        if Instant::now() >= setup_deadline {
            return Err("children did not get ready in time".into());
        }
        std::thread::sleep(Duration::from_millis(1));
    }
    control.go();
    let run_deadline = Instant::now() + budget;
    loop {
        if interrupted() {
            return Err("interrupted".into());
        }
        let mut running = 0;
        for (index, child) in children.0.iter_mut().enumerate() {
            match child.try_wait() {
                Ok(Some(status)) if !status.success() => {
                    return Err(format!("child {index} ({}) {status}", roles[index].label()));
                }
                Ok(Some(_)) => {}
                Ok(None) => running += 1,
                Err(err) => return Err(format!("wait: {err}")),
            }
        }
        if running == 0 {
            break;
        }
        if Instant::now() >= run_deadline {
            return Err(format!(
                "{running} children still running after {budget:?}; killed"
            ));
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    outs.iter()
        .map(|out| {
            let text = std::fs::read_to_string(out).map_err(|err| format!("read {out}: {err}"))?;
            let _ = std::fs::remove_file(out);
            serde_json::from_str(&text).map_err(|err| format!("parse {out}: {err}"))
        })
        .collect()
}

fn check_alive(children: &mut Children, when: &str) -> Result<(), String> {
    if interrupted() {
        return Err("interrupted".into());
    }
    for (index, child) in children.0.iter_mut().enumerate() {
        if let Ok(Some(status)) = child.try_wait() {
            return Err(format!("child {index} exited {when}: {status}"));
        }
    }
    Ok(())
}
