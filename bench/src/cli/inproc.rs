//! `dmp-bench inproc`: one engine's publish and consume loops in one process, for callgrind
//! (bench/callgrind.sh). The loop is monomorphised per engine, hence built-in engines only.

use crate::cli::args::{InprocArgs, InprocMode};
use crate::cli::engines::BuiltinEngine;
use crate::config::Config;
use crate::engine::placed::{self, Placed};
use crate::engine::taught::{self, Taught};
use crate::engine::{floor, ours};
use crate::orchestrate::Names;
use crate::roles::inproc::{Mode, run_loop};

/// Runs the loop and prints one line; fails if an event did not validate.
pub fn run(args: &InprocArgs) -> Result<(), String> {
    let defaults = Config::default();
    let capacity = args.capacity.unwrap_or(defaults.capacity);
    let mode = match args.mode {
        InprocMode::Single => Mode::Single,
        InprocMode::Batch => Mode::Batch(args.batch.unwrap_or(defaults.batch)),
    };
    let names = Names::new(&std::env::temp_dir());
    let name = names.object("inproc");
    let (engine, payload, events) = (args.engine, args.payload, args.events);
    let bad = dispatch(engine, &name, payload, capacity, events, mode)?;
    println!("inproc engine={engine} payload={payload} events={events} mode={mode:?} bad={bad}");
    if bad > 0 {
        return Err(format!("{bad} events failed validation"));
    }
    Ok(())
}

fn dispatch(
    engine: BuiltinEngine,
    name: &str,
    payload: usize,
    capacity: usize,
    events: u64,
    mode: Mode,
) -> Result<u64, String> {
    use BuiltinEngine as B;
    match engine {
        B::Ours => run_loop::<ours::Ours>(name, payload, capacity, events, mode),
        B::OursEvictable => run_loop::<ours::OursEvictable>(name, payload, capacity, events, mode),
        B::OursPacked => run_loop::<ours::OursPacked>(name, payload, capacity, events, mode),
        B::OursFile => run_loop::<ours::OursFile>(name, payload, capacity, events, mode),
        B::OursLocked => {
            run_loop::<Placed<{ placed::LOCKED }>>(name, payload, capacity, events, mode)
        }
        B::OursHuge => run_loop::<Placed<{ placed::HUGE }>>(name, payload, capacity, events, mode),
        B::OursHugetlbfs => {
            run_loop::<Placed<{ placed::HUGETLBFS }>>(name, payload, capacity, events, mode)
        }
        B::FloorCursor => run_loop::<floor::FloorCursor>(name, payload, capacity, events, mode),
        B::FloorStamp => run_loop::<floor::FloorStamp>(name, payload, capacity, events, mode),
        B::FloorStampA64 => run_loop::<floor::FloorStampA64>(name, payload, capacity, events, mode),
        B::FloorCursorPadded => {
            run_loop::<floor::FloorCursorPadded>(name, payload, capacity, events, mode)
        }
        B::OursPoll => run_loop::<Taught<{ taught::POLL }>>(name, payload, capacity, events, mode),
        B::OursNext => run_loop::<Taught<{ taught::NEXT }>>(name, payload, capacity, events, mode),
        B::OursLeased => {
            run_loop::<Taught<{ taught::LEASED }>>(name, payload, capacity, events, mode)
        }
        B::OursBlocking => {
            run_loop::<Taught<{ taught::BLOCKING }>>(name, payload, capacity, events, mode)
        }
        B::OursAuto => Err(
            "ours-auto consumes on a thread of its own: it has no in-process \
                            loop (throughput only)"
                .into(),
        ),
    }
}
