//! Deterministic pseudo-random mutation of a valid header: validation never panics, and every
//! plan it accepts fits the mapping it was given.

use super::fixture::{TICK, description, plan};
use crate::layout::HeaderDescription;
use crate::layout::field_table::FIELD_RECORD_SIZE;
use crate::layout::plan::{CONSUMER_ENTRY_SIZE, SegmentPlan};
use crate::layout::validate::{Expectation, validate};

/// xorshift64*: reproducible, so a failure names the iteration that caused it.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    /// Values that sit on the edges checks are made of.
    fn interesting(&mut self, valid: u64) -> u64 {
        match self.below(8) {
            0 => 0,
            1 => u64::MAX - self.below(2),
            2 => 1 << self.below(64),
            3 => (1u64 << self.below(64))
                .wrapping_add(self.below(3))
                .wrapping_sub(1),
            4 => valid.wrapping_add(self.below(9)).wrapping_sub(4),
            5 => valid.wrapping_mul(1 + self.below(4)),
            _ => self.next(),
        }
    }
}

/// Bytes of the description's fixed-width fields (everything before `reserved`).
const FIELDS_END: usize = 248;

/// The properties every accepted plan must have for the ring to stay inside its mapping.
fn assert_fits(plan: &SegmentPlan, desc: &HeaderDescription, len: usize, iteration: u32) {
    let context = format!("iteration {iteration}: {plan:?}");
    assert!(
        plan.total_size <= len,
        "{context}: larger than the mapping {len}"
    );
    assert_eq!(plan.total_size as u64, desc.total_size, "{context}");
    assert!(plan.capacity.is_power_of_two(), "{context}");
    assert!(
        plan.field_table_offset + plan.field_count * FIELD_RECORD_SIZE
            <= plan.consumer_table_offset,
        "{context}"
    );
    assert!(
        plan.consumer_table_offset + plan.max_consumers * CONSUMER_ENTRY_SIZE <= plan.slots_offset,
        "{context}"
    );
    assert!(
        plan.slot_event_offset + desc.event_size as usize <= plan.slot_stride,
        "{context}"
    );
    assert!(
        plan.slots_offset + plan.capacity * plan.slot_stride <= plan.total_size,
        "{context}"
    );
    assert_eq!(plan.slots_offset % 128, 0, "{context}");
    assert_eq!(plan.slot_stride % 8, 0, "{context}");
}

#[test]
fn random_mutations_never_panic_and_accepted_plans_fit_the_mapping() {
    let valid = description();
    let valid_len = plan().total_size;
    let mut rng = Rng(0x5EED_0FD1_5EA5_E5ED);
    let (mut accepted, mut rejected) = (0u32, 0u32);
    // Miri runs each iteration thousands of times slower: a sample of the same stream.
    const ITERATIONS: u32 = if cfg!(miri) { 500 } else { 100_000 };
    for iteration in 0..ITERATIONS {
        let mut desc = valid;
        let bytes = bytemuck::bytes_of_mut(&mut desc);
        for _ in 0..1 + rng.below(4) {
            if rng.below(2) == 0 {
                // Flip bits of any byte, reserved ones included.
                let at = rng.below(bytes.len() as u64) as usize;
                bytes[at] ^= 1 + rng.below(255) as u8;
            } else {
                // Write an edge value into one of the numeric fields.
                let at = 8 * rng.below(FIELDS_END as u64 / 8) as usize;
                let old = u64::from_ne_bytes(bytes[at..at + 8].try_into().unwrap());
                let new = rng.interesting(old);
                bytes[at..at + 8].copy_from_slice(&new.to_ne_bytes());
            }
        }
        if rng.below(4) == 0 {
            // Re-plan from the mutated inputs, so mutations also reach the later checks.
            if let Ok(plan) = SegmentPlan::new(
                desc.event_size,
                desc.event_align,
                desc.event_field_count,
                desc.capacity,
                desc.max_consumers,
            ) {
                desc.field_table_offset = plan.field_table_offset as u64;
                desc.field_count = plan.field_count as u64;
                desc.consumer_table_offset = plan.consumer_table_offset as u64;
                desc.slots_offset = plan.slots_offset as u64;
                desc.slot_stride = plan.slot_stride as u64;
                desc.slot_event_offset = plan.slot_event_offset as u64;
                desc.total_size = plan.total_size as u64;
            }
        }
        let len = match rng.below(6) {
            0 => valid_len,
            1 => usize::try_from(desc.total_size).unwrap_or(usize::MAX),
            2 => usize::try_from(desc.total_size)
                .unwrap_or(usize::MAX)
                .wrapping_sub(1),
            3 => rng.below(1 << 41) as usize,
            4 => rng.below(8192) as usize,
            _ => usize::MAX,
        };
        // Ask for the stored capacity half the time, so a changed capacity can be accepted.
        let capacity = if rng.below(2) == 0 {
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
