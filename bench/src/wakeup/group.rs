//! Runs one group of wake-up children (`dmp-bench wake-role <json>`): the same start line,
//! deadlines and cleanup as [`crate::orchestrate::run_group`], for this scenario's own argument
//! and output types.

use super::spec::{WakeArgs, WakeOutput};
use crate::control::Control;
use crate::orchestrate::{Names, interrupted};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// How long a group may take to set up (create and attach the ring).
const SETUP_BUDGET: Duration = Duration::from_secs(20);

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

/// Runs `roles` as child processes and returns their outputs in order. Every child gets setup
/// plus `budget` to finish and is killed after that; `names` removes the group's objects.
pub fn run(
    names: &Names,
    mut roles: Vec<WakeArgs>,
    budget: Duration,
) -> Result<Vec<WakeOutput>, String> {
    let exe = std::env::current_exe().map_err(|err| format!("current_exe: {err}"))?;
    let control_name = names.object("ctl");
    let control = Control::create(&control_name)?;
    let mut children = Children(Vec::new());
    for (index, role) in roles.iter_mut().enumerate() {
        role.control = control_name.clone();
        role.out = names.out_file(index).display().to_string();
        role.budget_secs = (SETUP_BUDGET + budget).as_secs_f64();
        let _ = std::fs::remove_file(&role.out);
        let json = serde_json::to_string(role).expect("wake args serialise");
        let child = Command::new(&exe)
            .arg("wake-role")
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
        if let Some(err) = failed(&mut children, &roles, true)? {
            return Err(err);
        }
        if Instant::now() >= setup_deadline {
            return Err("wake-up children did not get ready in time".into());
        }
        std::thread::sleep(Duration::from_millis(1));
    }
    control.go();
    let run_deadline = Instant::now() + budget;
    loop {
        if let Some(err) = failed(&mut children, &roles, false)? {
            return Err(err);
        }
        if children
            .0
            .iter_mut()
            .all(|c| matches!(c.try_wait(), Ok(Some(_))))
        {
            break;
        }
        if Instant::now() >= run_deadline {
            return Err(format!(
                "wake-up children still running after {budget:?}; killed"
            ));
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    roles
        .iter()
        .map(|role| {
            let text = std::fs::read_to_string(&role.out)
                .map_err(|err| format!("read {}: {err}", role.out))?;
            let _ = std::fs::remove_file(&role.out);
            serde_json::from_str(&text).map_err(|err| format!("parse {}: {err}", role.out))
        })
        .collect()
}

/// A child that failed (or any exit at all during setup), or the user's interrupt.
fn failed(
    children: &mut Children,
    roles: &[WakeArgs],
    setup: bool,
) -> Result<Option<String>, String> {
    if interrupted() {
        return Ok(Some("interrupted".into()));
    }
    for (index, child) in children.0.iter_mut().enumerate() {
        match child.try_wait() {
            Ok(Some(status)) if setup || !status.success() => {
                return Ok(Some(format!(
                    "child {index} ({:?}) exited {status}",
                    roles[index].role
                )));
            }
            Ok(_) => {}
            Err(err) => return Err(format!("wait: {err}")),
        }
    }
    Ok(None)
}
