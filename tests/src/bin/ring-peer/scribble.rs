//! Role `scribble name= target= …`: a peer that lies. It opens a live ring's object read-write,
//! bypassing the library, and writes values no honest process would, while the honest producer
//! and consumers go on using the ring.
//!
//! Targets:
//! - `producer-cursor`: the producer cursor, to far-ahead, behind-the-start and random values;
//! - `entry-cursor entry=<i>`: the cursor of consumer-table entry `i`, likewise;
//! - `table skip=<i>`: every consumer-table entry but `i`, filled with garbage (states and roles
//!   that decode, ids, owners, cursors), alternating with rounds that free every entry, and the
//!   table generation, so the producer rescans what it gates on;
//! - `header`: once, every field of the header description that bounds an access (capacity,
//!   consumer count, sizes and offsets, magic), to values that would point outside the mapping;
//! - `state value=<n>`: once, the segment state word.
//!
//! The repeating targets write every `interval-us` (default 200) microseconds until stdin closes
//! (or the deadline passes) and then print `RESULT writes=<n>`; the one-shot targets print it at
//! once. `READY` is printed after the first write.

use crate::args::Args;
use disruptor_mp_tests::image::offsets;
use disruptor_mp_tests::report::Report;
use disruptor_mp_tests::shm;
use std::fs::File;
use std::os::unix::fs::FileExt;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

/// Offset of the producer cursor in the header page (see `layout/header.rs`).
const PRODUCER_CURSOR: u64 = 5 * 128;
/// Offset of the consumer-table generation in the header page.
const TABLE_GENERATION: u64 = 7 * 128;
/// Size of a consumer-table entry.
const ENTRY: u64 = 128;

/// Cursor values that would hurt if trusted: far ahead, behind the start, the extremes.
const LIES: [i64; 8] = [
    i64::MAX,
    i64::MAX - 1,
    1 << 62,
    1 << 40,
    -5,
    -2,
    i64::MIN,
    0,
];

/// The lies, from a generator seeded by `seed=` (reproducible).
trait Draws {
    fn cursor(&mut self) -> i64;
    fn small_halves(&mut self) -> u64;
}

impl Draws for fastrand::Rng {
    /// A cursor lie: one of [`LIES`] or a random word.
    fn cursor(&mut self) -> i64 {
        match self.u64(..LIES.len() as u64 + 2) as usize {
            k if k < LIES.len() => LIES[k],
            _ => self.u64(..) as i64,
        }
    }

    /// A word whose 32-bit halves are mostly small, so that entry states and roles decode.
    fn small_halves(&mut self) -> u64 {
        let mut half = || match self.u64(..6) {
            0..=3 => self.u64(..4),
            4 => u64::from(u32::MAX),
            _ => self.u64(..) & 0xFFFF_FFFF,
        };
        half() | (half() << 32)
    }
}

/// The ring's object and where its consumer table is.
struct Target {
    file: File,
    table: u64,
    entries: u64,
}

impl Target {
    fn open(name: &str) -> Result<Self, String> {
        let file = shm::open_rw(name).map_err(|err| format!("open {name}: {err}"))?;
        let mut header = [0u8; 512];
        file.read_exact_at(&mut header, 0)
            .map_err(|err| format!("read the header of {name}: {err}"))?;
        let word = |offset: usize| {
            u64::from_ne_bytes(header[offset..offset + 8].try_into().expect("8 bytes"))
        };
        Ok(Self {
            file,
            table: word(offsets::CONSUMER_TABLE_OFFSET),
            entries: word(offsets::MAX_CONSUMERS),
        })
    }

    fn write(&self, offset: u64, bytes: &[u8]) -> Result<(), String> {
        self.file
            .write_all_at(bytes, offset)
            .map_err(|err| format!("write {} bytes at {offset}: {err}", bytes.len()))
    }

    fn write_u64(&self, offset: u64, value: u64) -> Result<(), String> {
        self.write(offset, &value.to_ne_bytes())
    }
}

pub fn run(args: &Args) -> Result<(), String> {
    let name = args.str("name")?;
    let target = Target::open(name)?;
    let mut rng = fastrand::Rng::with_seed(args.get_or::<u64>("seed", 1)?);
    match args.str("target")? {
        "header" => {
            lie_about_the_header(&target)?;
            return report_once();
        }
        "state" => {
            let value: u32 = args.get("value")?;
            target.write(offsets::STATE as u64, &value.to_ne_bytes())?;
            return report_once();
        }
        _ => {}
    }
    let what = args.str("target")?.to_owned();
    let entry: u64 = args.get_or("entry", 0)?;
    let skip: u64 = args.get_or("skip", u64::MAX)?;
    if what == "entry-cursor" && entry >= target.entries {
        return Err(format!("entry={entry}: the table has {}", target.entries));
    }
    let interval = Duration::from_micros(args.get_or("interval-us", 200)?);
    let stop = stdin_closed();
    let mut writes = 0u64;
    let mut round = 0u64;
    loop {
        match what.as_str() {
            "producer-cursor" => target.write_u64(PRODUCER_CURSOR, rng.cursor() as u64)?,
            "entry-cursor" => {
                target.write_u64(target.table + entry * ENTRY, rng.cursor() as u64)?
            }
            "table" => garbage_table(&target, skip, round, &mut rng)?,
            other => return Err(format!("unknown target={other:?}")),
        }
        writes += 1;
        round += 1;
        if writes == 1 {
            Report::new("READY").with("pid", std::process::id()).print();
        }
        if stop.load(Ordering::Acquire) || args.deadline.passed() {
            break;
        }
        std::thread::sleep(interval);
    }
    Report::new("RESULT").with("writes", writes).print();
    Ok(())
}

fn report_once() -> Result<(), String> {
    Report::new("READY").with("pid", std::process::id()).print();
    Report::new("RESULT").with("writes", 1).print();
    Ok(())
}

/// Set once stdin reaches end of input (the test closed it, or died).
fn stdin_closed() -> Arc<AtomicBool> {
    let flag = Arc::new(AtomicBool::new(false));
    let set = Arc::clone(&flag);
    std::thread::spawn(move || {
        let mut sink = Vec::new();
        let _ = std::io::Read::read_to_end(&mut std::io::stdin(), &mut sink);
        set.store(true, Ordering::Release);
    });
    flag
}

/// Odd rounds fill every entry but `skip` with garbage; even rounds free them all again (so an
/// honest producer is never held for good by a garbage cursor). Every round bumps the table
/// generation, so the producer rescans which entries gate.
fn garbage_table(
    target: &Target,
    skip: u64,
    round: u64,
    rng: &mut fastrand::Rng,
) -> Result<(), String> {
    for entry in (0..target.entries).filter(|&entry| entry != skip) {
        let mut bytes = [0u8; ENTRY as usize];
        if round % 2 == 1 {
            for word in bytes.chunks_exact_mut(8) {
                let value = if rng.u64(..2) == 0 {
                    rng.small_halves()
                } else {
                    rng.u64(..)
                };
                word.copy_from_slice(&value.to_ne_bytes());
            }
            bytes[..8].copy_from_slice(&rng.cursor().to_ne_bytes());
        }
        target.write(target.table + entry * ENTRY, &bytes)?;
    }
    target.write_u64(TABLE_GENERATION, rng.u64(..))
}

/// Rewrites the header description's bounds to values that would reach far outside the mapping,
/// and its magic, so that any process trusting them after attaching would fault or misread.
fn lie_about_the_header(target: &Target) -> Result<(), String> {
    let lies: [(usize, u64); 11] = [
        (offsets::CAPACITY, 1 << 30),
        (offsets::MAX_CONSUMERS, 4096),
        (offsets::EVENT_SIZE, 1 << 24),
        (offsets::EVENT_ALIGN, 4096),
        (offsets::SLOT_STRIDE, 1 << 25),
        (offsets::SLOT_EVENT_OFFSET, 1 << 24),
        (offsets::FIELD_TABLE_OFFSET, 1 << 39),
        (offsets::FIELD_COUNT, 1 << 20),
        (offsets::CONSUMER_TABLE_OFFSET, 1 << 39),
        (offsets::SLOTS_OFFSET, 1 << 39),
        (offsets::TOTAL_SIZE, 1 << 40),
    ];
    for (offset, value) in lies {
        target.write_u64(offset as u64, value)?;
    }
    target.write(offsets::MAGIC as u64, b"LIARLIAR")
}
