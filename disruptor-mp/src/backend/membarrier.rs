//! The heavy half of an asymmetric fence: Linux `membarrier(MEMBARRIER_CMD_GLOBAL_EXPEDITED)`
//! runs a full memory barrier on every CPU currently running a thread of a process that
//! registered for it, so a sleeper (rare, about to block anyway) can pay for the StoreLoad fence
//! the other side would otherwise need on every publish or cursor store. Registered processes
//! pay nothing: their half is a compiler fence (`ring::sync::asymmetric`).
//!
//! Kernel 4.16+; a seccomp filter may refuse it. Where it is missing, [`register`] and
//! [`global_barrier`] say so and the wake-up protocol falls back to capped sleeps.

/// `MEMBARRIER_CMD_QUERY`: the bit mask of supported commands (linux/membarrier.h).
#[cfg(all(target_os = "linux", not(loom), not(miri)))]
const CMD_QUERY: libc::c_int = 0;
/// `MEMBARRIER_CMD_GLOBAL_EXPEDITED`.
#[cfg(all(target_os = "linux", not(loom), not(miri)))]
const CMD_GLOBAL_EXPEDITED: libc::c_int = 1 << 1;
/// `MEMBARRIER_CMD_REGISTER_GLOBAL_EXPEDITED`.
#[cfg(all(target_os = "linux", not(loom), not(miri)))]
const CMD_REGISTER_GLOBAL_EXPEDITED: libc::c_int = 1 << 2;

#[cfg(all(target_os = "linux", not(loom), not(miri)))]
fn membarrier(cmd: libc::c_int) -> libc::c_long {
    // SAFETY: membarrier takes two integers and touches no user memory; an unknown command or a
    // refused call returns -1 with errno set, which the callers treat as "unavailable".
    unsafe {
        libc::syscall(
            libc::SYS_membarrier,
            cmd,
            0 as libc::c_uint,
            0 as libc::c_int,
        )
    }
}

/// Registers this process, once, as one whose threads a [`global_barrier`] elsewhere fences;
/// whether that worked (and the command is supported). Cached for the process's life.
pub(crate) fn register() -> bool {
    #[cfg(all(target_os = "linux", not(loom), not(miri)))]
    {
        static REGISTERED: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
        *REGISTERED.get_or_init(|| {
            let supported = membarrier(CMD_QUERY);
            let wanted = CMD_GLOBAL_EXPEDITED | CMD_REGISTER_GLOBAL_EXPEDITED;
            supported >= 0
                && supported & wanted as libc::c_long == wanted as libc::c_long
                && membarrier(CMD_REGISTER_GLOBAL_EXPEDITED) == 0
        })
    }
    // Loom and Miri model the barrier as a fence on both sides (`ring::sync::asymmetric`).
    #[cfg(any(not(target_os = "linux"), loom, miri))]
    {
        cfg!(any(loom, miri))
    }
}

/// Fences every registered process's running threads against this thread; whether it did.
/// (Under loom the sleeper's fence is modelled directly, and this is not called.)
#[cfg_attr(loom, allow(dead_code))]
pub(crate) fn global_barrier() -> bool {
    #[cfg(all(target_os = "linux", not(loom), not(miri)))]
    {
        register() && membarrier(CMD_GLOBAL_EXPEDITED) == 0
    }
    #[cfg(any(not(target_os = "linux"), loom, miri))]
    {
        cfg!(any(loom, miri))
    }
}
