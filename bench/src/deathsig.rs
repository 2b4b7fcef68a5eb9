//! Children die with the orchestrator. A child busy-spins on a core until its group ends; if the
//! orchestrator is killed (SIGKILL, OOM killer, a closed terminal), nobody would stop it before
//! its own deadline, and it would keep disturbing whatever runs next. So each child asks the
//! kernel for SIGKILL when its parent dies (`PR_SET_PDEATHSIG`), first thing after it starts.
//!
//! The request covers only a parent alive when it is made: if the orchestrator died between the
//! spawn and the request, the child has already been re-parented and no signal will ever come.
//! The child tells by comparing its parent with the pid the orchestrator passed it, and exits.
//! The signal follows the orchestrator's spawning thread, not the process: groups are spawned
//! from the main thread, which lives as long as the orchestrator.

/// Arms the death signal and exits at once if the parent is no longer `expected` (when given).
/// An error means the kernel refused the request: the child then runs unguarded.
pub fn die_with_parent(expected: Option<u32>) -> Result<(), String> {
    let signal = libc::SIGKILL as libc::c_ulong;
    // SAFETY: PR_SET_PDEATHSIG reads one integer argument, the signal, and changes only this
    // process's own death signal; no memory is passed to the kernel.
    let rc = unsafe { libc::prctl(libc::PR_SET_PDEATHSIG, signal) };
    if rc != 0 {
        return Err(format!(
            "prctl(PR_SET_PDEATHSIG): {}",
            std::io::Error::last_os_error()
        ));
    }
    if let Some(expected) = expected
        && std::os::unix::process::parent_id() != expected
    {
        // The orchestrator is gone: no one will read this child's output.
        std::process::exit(1);
    }
    Ok(())
}
