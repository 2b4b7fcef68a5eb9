//! Checking a stream of events as a consumer sees it.

use disruptor_mp::Sequence;
use disruptor_mp_tests::event::{Checksum, PeerEvent};
use disruptor_mp_tests::report::Report;

/// Checks that events arrive as consecutive sequences from a start, each with the payload its
/// sequence implies, and folds them into a checksum. Stops judging at the first error.
#[derive(Debug)]
pub struct Verifier {
    start: u64,
    expected: u64,
    checksum: Checksum,
    error: Option<String>,
}

impl Verifier {
    /// Expects `start`, `start + 1`, …
    pub fn new(start: u64) -> Self {
        Self {
            start,
            expected: start,
            checksum: Checksum::default(),
            error: None,
        }
    }

    /// Judges the next event; returns whether the stream is still correct.
    #[inline]
    pub fn see(&mut self, seq: Sequence, event: &PeerEvent) -> bool {
        if self.error.is_some() {
            return false;
        }
        if seq < 0 || seq as u64 != self.expected {
            self.error = Some(format!(
                "out of order: got sequence {seq}, expected {}",
                self.expected
            ));
            return false;
        }
        if let Err(err) = event.verify(self.expected) {
            self.error = Some(err);
            return false;
        }
        self.checksum.add(event);
        self.expected += 1;
        true
    }

    /// Events accepted so far.
    pub fn count(&self) -> u64 {
        self.expected - self.start
    }

    /// `Err` with the first error, if any.
    pub fn check(&self) -> Result<(), String> {
        match &self.error {
            Some(err) => Err(format!("after {} good events: {err}", self.count())),
            None => Ok(()),
        }
    }

    /// Adds `consumed`, `first`, `last`, `checksum` and `ordered` to `report`.
    pub fn describe(&self, report: Report) -> Report {
        let last = self.expected as i64 - 1;
        report
            .with("consumed", self.count())
            .with("first", self.start)
            .with("last", last)
            .with("checksum", self.checksum.0)
            .with("ordered", self.error.is_none())
    }
}
