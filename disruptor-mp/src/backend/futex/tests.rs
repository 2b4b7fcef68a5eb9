//! `wait_many` on process-local words: a wake on any one of them ends the wait, a word that
//! already moved ends it at once, and the fallback slice bounds a wait on the others.

use super::{WAIT_MANY_MAX, wait_many, wake_all};
use crate::ring::sync::AtomicU32;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::sync::mpsc;
use std::time::Duration;

/// Longer than any test may take: a wait that only a lost wake-up would let run out.
const LONG: Duration = Duration::from_secs(30);
/// How long the test waits for the sleeper to report back before it fails.
const REPORT: Duration = Duration::from_secs(20);

/// Three words a thread sleeps on together; `wake(i)` moves word `i` and wakes it; the thread
/// reports which words had moved when its wait returned.
fn sleeper_on_three() -> (Arc<[AtomicU32; 3]>, mpsc::Receiver<[u32; 3]>) {
    let words = Arc::new([AtomicU32::new(0), AtomicU32::new(0), AtomicU32::new(0)]);
    let (tx, rx) = mpsc::channel();
    let theirs = Arc::clone(&words);
    std::thread::spawn(move || {
        let pairs: Vec<(&AtomicU32, u32)> = theirs.iter().map(|word| (word, 0)).collect();
        // Spurious returns are allowed: sleep again until some word moved.
        while theirs.iter().all(|word| word.load(Ordering::Acquire) == 0) {
            wait_many(&pairs, LONG);
        }
        let seen = [0, 1, 2].map(|i| theirs[i].load(Ordering::Acquire));
        tx.send(seen).unwrap();
    });
    (words, rx)
}

#[test]
fn a_wake_on_the_last_word_ends_a_wait_on_three() {
    let (words, rx) = sleeper_on_three();
    std::thread::sleep(Duration::from_millis(20));
    words[2].store(1, Ordering::Release);
    wake_all(&words[2]);
    assert_eq!(rx.recv_timeout(REPORT), Ok([0, 0, 1]));
}

#[test]
fn a_wake_on_the_middle_word_ends_a_wait_on_three() {
    let (words, rx) = sleeper_on_three();
    std::thread::sleep(Duration::from_millis(20));
    words[1].store(7, Ordering::Release);
    wake_all(&words[1]);
    assert_eq!(rx.recv_timeout(REPORT), Ok([0, 7, 0]));
}

#[test]
fn a_word_that_already_moved_ends_the_wait_at_once() {
    let a = AtomicU32::new(0);
    let b = AtomicU32::new(5);
    // `b` is not what the caller expects: the kernel returns EAGAIN instead of sleeping LONG.
    let (tx, rx) = mpsc::channel();
    std::thread::scope(|scope| {
        scope.spawn(|| {
            wait_many(&[(&a, 0), (&b, 4)], LONG);
            tx.send(()).unwrap();
        });
        assert_eq!(rx.recv_timeout(REPORT), Ok(()));
    });
}

#[test]
fn a_deadline_ends_a_wait_nobody_wakes() {
    let a = AtomicU32::new(0);
    let b = AtomicU32::new(0);
    wait_many(&[(&a, 0), (&b, 0)], Duration::from_millis(5));
    assert_eq!(
        (a.load(Ordering::Relaxed), b.load(Ordering::Relaxed)),
        (0, 0)
    );
}

#[test]
fn more_words_than_the_kernel_takes_still_wait_and_return() {
    let words: Vec<AtomicU32> = (0..=WAIT_MANY_MAX).map(|_| AtomicU32::new(0)).collect();
    let pairs: Vec<(&AtomicU32, u32)> = words.iter().map(|word| (word, 0)).collect();
    // The fallback: one slice on the first word, then back to the caller.
    wait_many(&pairs, LONG);
    wait_many(&[], LONG);
}
