//! Target `field_table`: the event description and field records a segment stores, compared with
//! this process's layouts to explain a layout mismatch.
//!
//! Input: one byte choosing this process's layout and how the stored records are made; the
//! stored event name (a length byte, then up to 64 bytes), size, alignment and field count; then
//! either whole records from the input (160 bytes each, at most 64, as a segment stores), or
//! another layout's real records with input bytes written over some of them.

use super::events::layouts;
use super::input::Input;
use crate::error::{AttachError, LayoutSummary};
use crate::event::{EventLayout, WireName};
use crate::layout::difference::{StoredLayout, first_difference};
use crate::layout::field_table::{FIELD_RECORD_SIZE, FieldRecord, MAX_FIELD_RECORDS, records_for};
use bytemuck::Zeroable;

/// Compares stored records from `data` with a local layout (see the module docs).
pub fn field_table(data: &[u8]) {
    let mut input = Input::new(data);
    let choice = input.u8();
    let all = layouts();
    let here = all[usize::from(choice) % all.len()];
    let name_len = usize::from(input.u8());
    let name_bytes = input.take(name_len);
    let name = WireName::from_bytes(name_bytes).unwrap_or(*here.name());
    let size = input.u64();
    let align = input.u64();
    let field_count = input.u64();
    let records = if choice & 0x80 == 0 {
        raw_records(&mut input)
    } else {
        let source = all[usize::from(choice >> 3) % all.len()];
        edited_records(source, &mut input)
    };
    let stored = StoredLayout {
        name,
        size,
        align,
        field_count,
        records,
    };
    let difference = first_difference(here, &stored);
    // The same inputs always give the same explanation.
    assert_eq!(difference, first_difference(here, &stored));
    let error = AttachError::LayoutMismatch {
        expected: Box::new(summary(here)),
        found: Box::new(LayoutSummary {
            name: stored.name,
            size: stored.size,
            align: stored.align,
            fingerprint: 0,
        }),
        difference: difference.map(Box::new),
    };
    let _ = error.to_string();
    check_self_comparison(here);
}

fn summary(layout: &EventLayout) -> LayoutSummary {
    LayoutSummary {
        name: *layout.name(),
        size: layout.size() as u64,
        align: layout.align() as u64,
        fingerprint: layout.fingerprint(),
    }
}

/// Records made of raw input bytes: at most as many as a segment stores.
fn raw_records(input: &mut Input<'_>) -> Vec<FieldRecord> {
    let mut records = Vec::new();
    while !input.is_empty() && records.len() < MAX_FIELD_RECORDS {
        let mut record = FieldRecord::zeroed();
        let bytes = input.take(FIELD_RECORD_SIZE);
        bytemuck::bytes_of_mut(&mut record)[..bytes.len()].copy_from_slice(bytes);
        records.push(record);
    }
    records
}

/// `source`'s own records, with input bytes written at input-chosen places.
fn edited_records(source: &EventLayout, input: &mut Input<'_>) -> Vec<FieldRecord> {
    let mut records: Vec<FieldRecord> = records_for(source).collect();
    if records.is_empty() {
        return records;
    }
    let keep = usize::from(input.u8());
    if keep < records.len() {
        records.truncate(keep.max(1));
    }
    while !input.is_empty() {
        let record = usize::from(input.u8()) % records.len();
        let at = usize::from(input.u8()) % FIELD_RECORD_SIZE;
        let value = input.u8();
        bytemuck::bytes_of_mut(&mut records[record])[at] = value;
    }
    records
}

/// A layout compared with its own stored records has no difference to name.
fn check_self_comparison(here: &EventLayout) {
    let stored = StoredLayout {
        name: *here.name(),
        size: here.size() as u64,
        align: here.align() as u64,
        field_count: here.fields().len() as u64,
        records: records_for(here).collect(),
    };
    assert_eq!(first_difference(here, &stored), None, "{}", here.name());
}
