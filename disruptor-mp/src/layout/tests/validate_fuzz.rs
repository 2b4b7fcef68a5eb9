//! Deterministic pseudo-random mutation of a valid header: validation never panics, and every
//! plan it accepts fits the mapping it was given.

use super::fixture::{TICK, description, plan};
use crate::layout::HeaderDescription;
use crate::layout::plan::SegmentPlan;
use crate::layout::validate::{Expectation, validate};

/// Draws that seek the edges checks are made of, from a seeded generator (so a failure names the
/// iteration that caused it).
trait Draws {
    fn interesting(&mut self, valid: u64) -> u64;
}

impl Draws for fastrand::Rng {
    /// Values that sit on the edges checks are made of.
    fn interesting(&mut self, valid: u64) -> u64 {
        match self.u64(..8) {
            0 => 0,
            1 => u64::MAX - self.u64(..2),
            2 => 1 << self.u64(..64),
            3 => (1u64 << self.u64(..64))
                .wrapping_add(self.u64(..3))
                .wrapping_sub(1),
            4 => valid.wrapping_add(self.u64(..9)).wrapping_sub(4),
            5 => valid.wrapping_mul(1 + self.u64(..4)),
            _ => self.u64(..),
        }
    }
}

/// Bytes of the description's fixed-width fields (everything before `reserved`).
const FIELDS_END: usize = 272;

/// The properties every accepted plan must have for the ring to stay inside its mapping.
fn assert_fits(plan: &SegmentPlan, desc: &HeaderDescription, len: usize, iteration: u32) {
    let context = format!("iteration {iteration}: {plan:?}");
    plan.assert_fits(
        len,
        desc.event_size as usize,
        &format!("iteration {iteration}:"),
    );
    assert_eq!(plan.total_size as u64, desc.total_size, "{context}");
    assert_eq!(plan.slots_offset % 128, 0, "{context}");
    assert_eq!(plan.slot_stride % 8, 0, "{context}");
}

#[test]
fn random_mutations_never_panic_and_accepted_plans_fit_the_mapping() {
    let valid = description();
    let valid_len = plan().total_size;
    let mut rng = fastrand::Rng::with_seed(0x5EED_0FD1_5EA5_E5ED);
    let (mut accepted, mut rejected) = (0u32, 0u32);
    // Miri runs each iteration thousands of times slower: a sample of the same stream.
    const ITERATIONS: u32 = if cfg!(miri) { 500 } else { 100_000 };
    for iteration in 0..ITERATIONS {
        let mut desc = valid;
        let bytes = bytemuck::bytes_of_mut(&mut desc);
        for _ in 0..1 + rng.u64(..4) {
            if rng.u64(..2) == 0 {
                // Flip bits of any byte, reserved ones included.
                let at = rng.u64(..bytes.len() as u64) as usize;
                bytes[at] ^= 1 + rng.u64(..255) as u8;
            } else {
                // Write an edge value into one of the numeric fields.
                let at = 8 * rng.u64(..FIELDS_END as u64 / 8) as usize;
                let old = u64::from_ne_bytes(bytes[at..at + 8].try_into().unwrap());
                let new = rng.interesting(old);
                bytes[at..at + 8].copy_from_slice(&new.to_ne_bytes());
            }
        }
        if rng.u64(..4) == 0 {
            // Re-plan from the mutated inputs, so mutations also reach the later checks.
            if let Ok(plan) = SegmentPlan::new(
                desc.event_size,
                desc.event_align,
                desc.event_field_count,
                desc.capacity,
                desc.max_consumers,
                crate::layout::SlotLayout::from_flags(desc.flags),
            ) {
                desc.field_table_offset = plan.field_table_offset as u64;
                desc.field_count = plan.field_count as u64;
                desc.consumer_table_offset = plan.consumer_table_offset as u64;
                desc.counters_offset = plan.counters_offset as u64;
                desc.slots_offset = plan.slots_offset as u64;
                desc.slot_stride = plan.slot_stride as u64;
                desc.slot_event_offset = plan.slot_event_offset as u64;
                desc.total_size = plan.total_size as u64;
            }
        }
        let len = match rng.u64(..6) {
            0 => valid_len,
            1 => usize::try_from(desc.total_size).unwrap_or(usize::MAX),
            2 => usize::try_from(desc.total_size)
                .unwrap_or(usize::MAX)
                .wrapping_sub(1),
            3 => rng.u64(..1 << 41) as usize,
            4 => rng.u64(..8192) as usize,
            _ => usize::MAX,
        };
        // Ask for the stored capacity half the time, so a changed capacity can be accepted.
        let capacity = if rng.u64(..2) == 0 {
            usize::try_from(desc.capacity).unwrap_or(0)
        } else {
            super::fixture::CAPACITY
        };
        let expectation = Expectation {
            layout: &TICK,
            capacity,
        };
        match validate("fuzz", &desc, len, expectation) {
            Ok(plan) => {
                assert_fits(&plan, &desc, len, iteration);
                accepted += 1;
            }
            Err(_) => rejected += 1,
        }
    }
    // The mix must exercise both outcomes, or the loop tests nothing.
    assert!(
        accepted > ITERATIONS / 100 && rejected > ITERATIONS / 10,
        "{accepted} accepted, {rejected} rejected"
    );
}
