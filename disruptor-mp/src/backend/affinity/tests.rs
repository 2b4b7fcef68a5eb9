//! Pinning a thread: core 0 is read back; cores the OS cannot have are refused with `EINVAL`.

use super::pin_current_thread;

/// The CPUs the calling thread may run on.
fn allowed() -> Vec<usize> {
    // SAFETY: all zeroes is the empty `cpu_set_t`.
    let mut set: libc::cpu_set_t = unsafe { std::mem::zeroed() };
    // SAFETY: pid 0 is the calling thread; the pointer and size describe `set`, which the
    // call fills.
    let rc = unsafe { libc::sched_getaffinity(0, size_of::<libc::cpu_set_t>(), &mut set) };
    assert_eq!(rc, 0, "{}", std::io::Error::last_os_error());
    (0..libc::CPU_SETSIZE as usize)
        // SAFETY: every index is below CPU_SETSIZE, inside `set`.
        .filter(|&cpu| unsafe { libc::CPU_ISSET(cpu, &set) })
        .collect()
}

#[test]
fn a_thread_pinned_to_core_0_runs_on_core_0_only() {
    // A thread of its own, so the test runner's threads keep their affinity.
    std::thread::spawn(|| {
        pin_current_thread(0).unwrap();
        assert_eq!(allowed(), [0]);
    })
    .join()
    .unwrap();
}

#[test]
fn a_core_beyond_the_cpu_set_or_the_machine_is_einval() {
    for core in [libc::CPU_SETSIZE as usize, usize::MAX, 1000] {
        let err = std::thread::spawn(move || pin_current_thread(core).unwrap_err())
            .join()
            .unwrap();
        assert_eq!(err.raw_os_error(), Some(libc::EINVAL), "core {core}");
    }
}
