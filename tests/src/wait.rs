//! Bounded waiting for tests and peers: deadlines, a polite back-off, and running a call on a
//! thread so that a hang fails the test instead of blocking CI.

use std::time::{Duration, Instant};

/// A point in time after which a wait gives up.
#[derive(Clone, Copy, Debug)]
pub struct Deadline {
    at: Instant,
}

impl Deadline {
    /// `limit` from now.
    pub fn after(limit: Duration) -> Self {
        Self {
            at: Instant::now() + limit,
        }
    }

    /// Time left (zero once passed).
    pub fn remaining(&self) -> Duration {
        self.at.saturating_duration_since(Instant::now())
    }

    /// Whether the deadline has passed.
    pub fn passed(&self) -> bool {
        Instant::now() >= self.at
    }

    /// Polls `ready` (backing off between polls) until it returns `Some` or the deadline passes;
    /// on timeout panics naming `what`.
    pub fn poll<T>(&self, what: &str, mut ready: impl FnMut() -> Option<T>) -> T {
        let mut backoff = Backoff::new();
        loop {
            if let Some(value) = ready() {
                return value;
            }
            if self.passed() {
                panic!("deadline passed while waiting for {what}");
            }
            backoff.step();
        }
    }
}

/// Waiting without burning a core: yield a few times, then sleep briefly. Two cores run this
/// suite, often with four processes on them, so nothing may spin.
#[derive(Debug, Default)]
pub struct Backoff {
    rounds: u32,
}

/// Yields before the back-off starts sleeping.
const YIELDS: u32 = 32;
/// Sleep per round once yielding is over.
const NAP: Duration = Duration::from_micros(50);

impl Backoff {
    /// A fresh back-off.
    pub fn new() -> Self {
        Self::default()
    }

    /// Waits once: a yield at first, then a short sleep.
    pub fn step(&mut self) {
        self.rounds = self.rounds.saturating_add(1);
        if self.rounds <= YIELDS {
            std::thread::yield_now();
        } else {
            std::thread::sleep(NAP);
        }
    }

    /// Starts over after progress.
    pub fn reset(&mut self) {
        self.rounds = 0;
    }
}

/// Runs `call` on its own thread and returns its result, or panics if it takes longer than
/// `limit` (the thread is abandoned) — so an attach that hangs fails the test instead of blocking
/// it. A panic inside `call` is re-raised here.
pub fn within<T: Send + 'static>(
    what: &str,
    limit: Duration,
    call: impl FnOnce() -> T + Send + 'static,
) -> T {
    let (sender, receiver) = std::sync::mpsc::channel();
    let worker = std::thread::Builder::new()
        .name(format!("within: {what}"))
        .spawn(move || {
            let _ = sender.send(call());
        })
        .expect("spawn a worker thread");
    match receiver.recv_timeout(limit) {
        Ok(value) => {
            let _ = worker.join();
            value
        }
        Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
            panic!("{what}: did not return within {limit:?} (hang)")
        }
        Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => match worker.join() {
            Err(panic) => std::panic::resume_unwind(panic),
            Ok(()) => unreachable!("the worker sends before it returns"),
        },
    }
}
