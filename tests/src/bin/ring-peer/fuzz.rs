//! Role `fuzz-attach prefix= seed= rounds=`: damages copies of a real segment at random and
//! attaches to each, in this process. Every attach must return (an error or a consumer that can
//! be polled) — never panic, crash or hang — and must never remove the object it was given.
//!
//! Before each attach it prints `CASE n what=…`, so when it dies the test shows which damage
//! killed it. Finally prints `RESULT rounds=… ok=… kinds=<variant>:<count>,…`.

use crate::args::Args;
use crate::hold::describe_error;
use disruptor_mp::attach_shared_consumer;
use disruptor_mp_tests::event::PeerEvent;
use disruptor_mp_tests::image::{SegmentImage, offsets};
use disruptor_mp_tests::report::Report;
use disruptor_mp_tests::shm;
use std::collections::BTreeMap;
use std::time::Duration;

/// Header `u64` fields the fuzzer rewrites.
const U64_FIELDS: [(usize, &str); 20] = [
    (offsets::HEADER_SIZE, "header_size"),
    (offsets::LINE_SIZE, "line_size"),
    (offsets::EVENT_SIZE, "event_size"),
    (offsets::EVENT_ALIGN, "event_align"),
    (offsets::EVENT_FINGERPRINT, "event_fingerprint"),
    (offsets::EVENT_NAME_LEN, "event_name_len"),
    (offsets::CAPACITY, "capacity"),
    (offsets::MAX_CONSUMERS, "max_consumers"),
    (offsets::SLOT_STRIDE, "slot_stride"),
    (offsets::SLOT_EVENT_OFFSET, "slot_event_offset"),
    (offsets::FIELD_TABLE_OFFSET, "field_table_offset"),
    (offsets::FIELD_COUNT, "field_count"),
    (offsets::EVENT_FIELD_COUNT, "event_field_count"),
    (offsets::CONSUMER_TABLE_OFFSET, "consumer_table_offset"),
    (offsets::SLOTS_OFFSET, "slots_offset"),
    (offsets::TOTAL_SIZE, "total_size"),
    (offsets::PRODUCER_PID, "producer_pid"),
    (offsets::PRODUCER_START_TIME, "producer_start_time"),
    (offsets::FORMAT_VERSION, "format_version+crate_abi"),
    (offsets::ENDIAN_TAG, "endian_tag+pointer_width"),
];

/// Draws that seek edge values, from a generator seeded by `seed=` (a run is reproducible).
trait Draws {
    fn interesting(&mut self, original: u64) -> u64;
}

impl Draws for fastrand::Rng {
    /// A value likely to hit an edge: 0, 1, all ones, a power of two, near the original, or
    /// random.
    fn interesting(&mut self, original: u64) -> u64 {
        match self.u64(..8) {
            0 => 0,
            1 => 1,
            2 => u64::MAX,
            3 => 1 << self.u64(..64),
            4 => original.wrapping_add(1),
            5 => original.wrapping_sub(1),
            6 => original.wrapping_mul(2),
            _ => self.u64(..),
        }
    }
}

/// Applies one random kind of damage; returns a description. Damage aimed past the end of an
/// image an earlier damage truncated is skipped (and says so).
fn damage(image: &mut SegmentImage, rng: &mut fastrand::Rng) -> String {
    let len = image.bytes.len();
    match rng.u64(..6) {
        0 | 1 => {
            let (offset, field) = U64_FIELDS[rng.u64(..U64_FIELDS.len() as u64) as usize];
            if offset + 8 > len {
                return format!("{field}-past-end");
            }
            let value = rng.interesting(image.u64_at(offset));
            image.set_u64(offset, value);
            format!("{field}={value:#x}")
        }
        2 => {
            let offset = rng.u64(..512) as usize;
            let bit = rng.u64(..8);
            if offset >= len {
                return format!("flip-byte-{offset}-past-end");
            }
            image.bytes[offset] ^= 1 << bit;
            format!("flip-byte-{offset}-bit-{bit}")
        }
        3 if offsets::STATE + 4 > len => "state-past-end".to_owned(),
        3 => {
            let value = match rng.u64(..4) {
                0 => 2,
                1 => 3,
                2 => u32::MAX,
                _ => rng.u64(..) as u32,
            };
            image.set_u32(offsets::STATE, value);
            format!("state={value}")
        }
        4 => {
            let len = rng.u64(..image.bytes.len() as u64 + 8192) as usize;
            image.bytes.resize(len, 0);
            format!("len={len}")
        }
        _ => {
            // Garbage in the consumer table: entry state, role, cursor and id words.
            let table = image.u64_at(offsets::CONSUMER_TABLE_OFFSET) as usize;
            let entry = rng.u64(..4) as usize;
            let field = rng.u64(..16) as usize * 8;
            let value = rng.u64(..);
            let at = table + entry * 128 + field;
            if at + 8 <= image.bytes.len() {
                image.set_u64(at, value);
            }
            format!("table-entry-{entry}-word-{field}={value:#x}")
        }
    }
}

pub fn run(args: &Args) -> Result<(), String> {
    let prefix = args.str("prefix")?;
    let rounds: u64 = args.get("rounds")?;
    let mut rng = fastrand::Rng::with_seed(args.get::<u64>("seed")?);
    let capacity = 64;
    let template = SegmentImage::of_new_ring::<PeerEvent>(&format!("{prefix}tpl"), capacity);
    let name = format!("{prefix}fuzz");
    let mut kinds: BTreeMap<String, u64> = BTreeMap::new();
    let mut ok = 0u64;
    for round in 0..rounds {
        if args.deadline.passed() {
            return Err(format!("deadline after {round} rounds"));
        }
        let mut image = template.clone();
        let what: Vec<String> = (0..=rng.u64(..3))
            .map(|_| damage(&mut image, &mut rng))
            .collect();
        let what = what.join(",");
        shm::unlink(&name).map_err(|err| format!("unlink {name}: {err}"))?;
        image
            .write_as(&name)
            .map_err(|err| format!("write {name}: {err}"))?;
        Report::new("CASE")
            .with("n", round)
            .with("what", &what)
            .print();
        let attached = attach_shared_consumer::<PeerEvent>(&name, capacity)
            .with_ready_timeout(Duration::from_millis(20))
            .build_consumer();
        match attached {
            Ok(mut consumer) => {
                ok += 1;
                for _ in 0..4 {
                    let _ = consumer.poll_next();
                }
                let _ = consumer.try_process_available(|_, _| {});
            }
            Err(err) => {
                let report = describe_error(Report::new("CASE"), &err);
                *kinds.entry(report.field("kind").to_owned()).or_default() += 1;
            }
        }
        if !shm::exists(&name) {
            return Err(format!(
                "attaching (case {round}: {what}) removed the object"
            ));
        }
    }
    shm::unlink(&name).map_err(|err| format!("unlink {name}: {err}"))?;
    let kinds: Vec<String> = kinds.iter().map(|(k, n)| format!("{k}:{n}")).collect();
    Report::new("RESULT")
        .with("rounds", rounds)
        .with("ok", ok)
        .with("kinds", kinds.join(","))
        .print();
    Ok(())
}
