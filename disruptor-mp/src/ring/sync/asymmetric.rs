//! Asymmetric fences for the sleeper handshakes (`ring::wakeup`): the side that runs all the time
//! (a publish, a cursor store) pays a compiler fence; the side about to sleep pays a
//! `membarrier` system call that fences the other side's CPUs for it. Together they order each
//! side's store before its load against the other's, as two SeqCst fences would (a Dekker
//! handshake), without a fence instruction on the hot path.
//!
//! Under loom both halves are SeqCst fences, which is exactly what the pair provides.

#[cfg(loom)]
use core::sync::atomic::Ordering;

/// The light half, on the hot side: keeps this thread's store before its later load as far as
/// the compiler is concerned; a [`heavy`] fence elsewhere does the CPU's part.
///
/// Under loom it is the SeqCst fence the heavy half imposes on this thread; with the seeded bug
/// "the sleeper skips its membarrier", that fence is gone from both halves.
#[inline(always)]
pub(crate) fn light() {
    #[cfg(not(loom))]
    core::sync::atomic::compiler_fence(core::sync::atomic::Ordering::SeqCst);
    #[cfg(all(loom, not(dmp_seeded_bug = "no_heavy_fence")))]
    loom::sync::atomic::fence(Ordering::SeqCst);
}

/// The heavy half, on the side about to sleep: a full fence here and on every CPU running a
/// registered process. `false` where the system offers no such barrier; the caller must then
/// not sleep without a cap.
pub(crate) fn heavy() -> bool {
    #[cfg(not(loom))]
    {
        core::sync::atomic::fence(core::sync::atomic::Ordering::SeqCst);
        crate::backend::membarrier::global_barrier()
    }
    #[cfg(all(loom, not(dmp_seeded_bug = "no_heavy_fence")))]
    {
        loom::sync::atomic::fence(Ordering::SeqCst);
        true
    }
    // A seeded bug for the loom models: the sleeper skips its fence.
    #[cfg(all(loom, dmp_seeded_bug = "no_heavy_fence"))]
    {
        true
    }
}
