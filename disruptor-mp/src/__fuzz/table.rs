//! Target `consumer_table`: a ring the library built, whose consumer table a lying peer keeps
//! overwriting while the producer publishes and honest consumers join, read and leave.
//!
//! Input: one byte choosing the capacity, table size, reservations and slot layout (bit 5:
//! packed); then operations, one byte each plus their arguments, until the input ends (at most
//! [`MAX_OPS`]). Scribbles write input bytes over table entries and the producer cursor — in a
//! packed ring the producer claim instead: a packed reader trusts the cursor to say what is
//! published (it has no stamps to check it against, see `ring/packed.rs`), while a scribbled
//! claim may only make it report laps.
//!
//! Promises checked: the gating minimum stays within what was published; a joiner gets an entry
//! inside the table and a start that is not negative; and every event an honest reader returns
//! is the one it expected next, with the value the producer wrote — scribbles may cost a reader
//! events (an error, or a gap a lap reports), never hand it a wrong one.

use super::input::Input;
use crate::Sequence;
use crate::backend::heap::HeapRegion;
use crate::backend::process::ProcessIdentity;
use crate::layout::plan::CONSUMER_ENTRY_SIZE;
use crate::layout::{SegmentPlan, SlotLayout};
use crate::ring::consumer_table::{ConsumerTable, PackedId};
use crate::ring::init::Reservations;
use crate::ring::publisher::Publisher;
use crate::ring::reader::Reader;
use crate::ring::segment::Segment;
use crate::ring::sync::{AtomicI64, AtomicU64};
use core::sync::atomic::Ordering;
use std::sync::Arc;

/// Operations per input, so that no input runs long.
const MAX_OPS: usize = 256;
/// Ids the operations pick from: the ones named reservations use, an anonymous id, and others.
const IDS: [&str; 5] = ["cp_0", "cp_1", "ad_0", "x", "y"];
/// A process that does not exist (above any pid Linux hands out), for owners presumed dead.
const DEAD: ProcessIdentity = ProcessIdentity {
    pid: i32::MAX as u32 - 1,
    start_time: 0,
    pid_ns: 0,
};

type Ev = [u64; 2];

/// The value the producer publishes as `seq`.
fn event(seq: Sequence) -> Ev {
    [seq as u64, (seq as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15)]
}

/// An honest consumer: its reader and the sequence it expects next.
struct Honest {
    reader: Reader<Ev>,
    expected: Sequence,
}

impl Honest {
    /// Reads up to `max` events, one by one or as a batch; each must be the expected one,
    /// intact.
    fn read(&mut self, max: usize, batch: bool) {
        if batch {
            let expected = &mut self.expected;
            let (_, lapped) = self.reader.visit_available(max, true, |value, seq| {
                assert_eq!(seq, *expected, "events arrive in order");
                assert_eq!(*value, event(seq), "sequence {seq} holds its own event");
                *expected += 1;
            });
            if let Some(lap) = lapped {
                assert_eq!(lap.expected, self.expected);
            }
            return;
        }
        for _ in 0..max {
            match self.reader.try_read() {
                Ok(Some((seq, value))) => {
                    assert_eq!(seq, self.expected, "events arrive in order");
                    assert_eq!(value, event(seq), "sequence {seq} holds its own event");
                    self.expected += 1;
                }
                Ok(None) => break,
                // A peer moved this reader's cursor and the producer went past it: reported,
                // and the reader does not move on by itself.
                Err(lap) => {
                    assert_eq!(lap.expected, self.expected);
                    break;
                }
            }
        }
    }
}

/// Runs the operations in `data` against a fresh ring.
pub fn consumer_table(data: &[u8]) {
    let mut input = Input::new(data);
    let config = input.u8();
    let capacity = 1usize << (config % 4);
    let max_consumers = 1 + usize::from((config >> 2) % 6);
    let layout = if config & (1 << 5) != 0 {
        SlotLayout::Packed
    } else {
        SlotLayout::Stamped
    };
    let reservations = match config >> 5 {
        0 | 1 => Reservations::None,
        2 | 3 => Reservations::Open(max_consumers.min(2)),
        _ => Reservations::Named(
            IDS[..max_consumers.min(2)]
                .iter()
                .map(|id| PackedId::new(id).expect("valid id"))
                .collect(),
        ),
    };
    let plan = SegmentPlan::new(16, 8, 0, capacity as u64, max_consumers as u64, layout)
        .expect("a valid plan");
    let region = Arc::new(HeapRegion::zeroed(plan.total_size).expect("a small region"));
    let segment = |region: &Arc<HeapRegion>| {
        Segment::new(Box::new(Arc::clone(region)), plan).expect("the region fits the plan")
    };
    let view = segment(&region);
    let mut publisher = Publisher::<Ev>::new(segment(&region));
    publisher.initialise(ProcessIdentity::current(), &reservations, false, || [0; 2]);
    let mut honest: Vec<Honest> = Vec::new();

    for _ in 0..MAX_OPS {
        if input.is_empty() {
            break;
        }
        let table = ConsumerTable::new(&view);
        match input.below(8) {
            0 => {
                let id = match input.below(6) {
                    5 => None,
                    k => PackedId::new(IDS[usize::from(k)]),
                };
                let me = if input.below(4) == 0 {
                    DEAD
                } else {
                    ProcessIdentity::current()
                };
                // A lock word a peer left naming a live process would hold joins for seconds.
                view.join_lock().store(0, Ordering::Relaxed);
                if let Ok(joined) = table.join(id.as_ref(), me) {
                    assert!(joined.index < max_consumers, "{joined:?}");
                    assert!(joined.next >= 0, "{joined:?}");
                    if honest.len() < 8 {
                        honest.push(Honest {
                            expected: joined.next,
                            reader: Reader::new(segment(&region), &joined),
                        });
                    }
                }
            }
            1 => {
                for _ in 0..=input.below(2 * capacity as u8 + 1) {
                    let seq = publisher.last_published() + 1;
                    if publisher.try_publish(|slot| *slot = event(seq)).is_err() {
                        break;
                    }
                }
            }
            2 => {
                let n = 1 + u64::from(input.below(4));
                let first = publisher.last_published() + 1;
                if let Err(missing) =
                    publisher.try_publish_batch(n, |slot, i| *slot = event(first + i as i64))
                {
                    assert!((1..=n).contains(&missing), "{missing} of {n} missing");
                }
            }
            3 => {
                let max = usize::from(input.below(2 * capacity as u8 + 1));
                let batch = input.below(2) == 0;
                if let Some(reader) = pick(&mut honest, input.u8()) {
                    reader.read(max, batch);
                    if input.below(2) == 0 {
                        reader.reader.flush();
                    }
                }
            }
            4 => {
                if !honest.is_empty() {
                    let index = usize::from(input.u8()) % honest.len();
                    drop(honest.swap_remove(index));
                }
            }
            5 => scribble(&view, &mut input, max_consumers),
            6 => {
                let id = PackedId::new(IDS[usize::from(input.below(5))]).expect("valid id");
                view.join_lock().store(0, Ordering::Relaxed);
                let last = publisher.last_published();
                let _ = table.require(&id, last, ProcessIdentity::current());
            }
            _ => {
                let _ = table.active_count();
                for index in 0..table.len() {
                    let _ = (table.state(index), table.role(index), table.owner(index));
                    let _ = table.id(index).decode();
                }
            }
        }
        let published = publisher.last_published();
        let min = publisher.min_gating();
        assert!(
            (-1..=published).contains(&min),
            "gating minimum {min} outside -1..={published}"
        );
    }
    for reader in &mut honest {
        reader.read(capacity, false);
    }
}

fn pick(honest: &mut [Honest], choice: u8) -> Option<&mut Honest> {
    if honest.is_empty() {
        return None;
    }
    let index = usize::from(choice) % honest.len();
    honest.get_mut(index)
}

/// Sequence values on the edges of what a cursor can hold, which random words almost never hit.
const EDGES: [i64; 10] = [
    i64::MAX,
    i64::MAX - 1,
    i64::MIN,
    i64::MIN + 1,
    -2,
    -1,
    0,
    1 << 62,
    i64::MAX / 2,
    i64::MAX / 2 + 1,
];

/// A word to scribble: an edge value or eight input bytes.
fn lie(input: &mut Input<'_>) -> u64 {
    match input.below(4) {
        0 => EDGES[usize::from(input.below(EDGES.len() as u8))] as u64,
        _ => input.u64(),
    }
}

/// Overwrites a word of a table entry, a whole entry, the producer cursor (the claim, in a
/// packed ring) or the table generation with input bytes, as a lying peer would.
fn scribble(view: &Segment, input: &mut Input<'_>, max_consumers: usize) {
    let index = usize::from(input.u8()) % max_consumers;
    match input.below(4) {
        0 => {
            let word = usize::from(input.below((CONSUMER_ENTRY_SIZE / 8) as u8));
            view.entry_atomic::<AtomicU64>(index, word * 8)
                .store(lie(input), Ordering::Release);
        }
        1 => {
            for word in 0..CONSUMER_ENTRY_SIZE / 8 {
                view.entry_atomic::<AtomicU64>(index, word * 8)
                    .store(lie(input), Ordering::Release);
            }
        }
        2 if view.packed() => {
            let claim: &AtomicI64 = view.producer_claim();
            claim.store(lie(input) as i64, Ordering::Release);
        }
        2 => {
            let cursor: &AtomicI64 = view.producer_cursor();
            cursor.store(lie(input) as i64, Ordering::Release);
        }
        _ => {
            view.table_generation().store(lie(input), Ordering::Release);
        }
    }
}
