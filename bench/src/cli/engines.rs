//! Engine names on the command line. The built-in engines are a value enum, so `--help` lists
//! them with a line each and a typo is refused with the list; `--engines` takes its values from
//! the engine table the program runs with, so a program that adds its own engine
//! ([`super::main_with`]) can name it there too.

use crate::engine::EngineEntry;
use clap::ValueEnum;
use clap::builder::{PossibleValue, PossibleValuesParser};

/// The engines [`crate::engine::builtin`] lists, in its order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum BuiltinEngine {
    /// The runtime crate of this workspace, draining with `process_available`
    Ours,
    /// Ours on a ring built with `allow_consumer_eviction` (what evictability costs)
    OursEvictable,
    /// Ours on a ring with the packed slot layout (no stamp per slot)
    OursPacked,
    /// Ours over a ring file on /dev/shm's tmpfs (the file backend)
    OursFile,
    /// Ours with the ring locked in memory (mlock) by every process
    OursLocked,
    /// Ours on transparent huge pages in /dev/shm (mounted huge=advise)
    OursHuge,
    /// Ours over a ring file in a hugetlbfs directory
    OursHugetlbfs,
    /// Floor: a published counter per publish
    FloorCursor,
    /// Floor: a stamp per slot
    FloorStamp,
    /// Experiment: floor-stamp with slots rounded up to 64 bytes
    #[value(name = "floor-stamp-a64")]
    FloorStampA64,
    /// Experiment: floor-cursor with our slot layout, minus the stamp
    FloorCursorPadded,
    /// Taught path: `try_consume_next_leased`, one event per call
    OursPoll,
    /// Taught path: `consume_next`
    OursNext,
    /// Taught path: `consume_next_leased`
    OursLeased,
    /// Taught path: `process_available_blocking`
    OursBlocking,
    /// Taught path: an `AutoConsumer` (throughput only)
    OursAuto,
}

impl std::fmt::Display for BuiltinEngine {
    /// The engine's name, as [`crate::engine::Engine::NAME`] spells it.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.to_possible_value() {
            Some(value) => f.write_str(value.get_name()),
            None => unreachable!("no variant is skipped"),
        }
    }
}

/// The parser of `--engines` for the engine table `engines`: each built-in engine with its help
/// line, any other engine by its name alone.
pub fn parser(engines: &[EngineEntry]) -> PossibleValuesParser {
    PossibleValuesParser::new(engines.iter().map(|entry| {
        BuiltinEngine::from_str(entry.name, false)
            .ok()
            .and_then(|engine| engine.to_possible_value())
            .unwrap_or_else(|| PossibleValue::new(entry.name))
    }))
}
