//! The field table: the event's fields as the creator compiled them, so an attacher with a
//! different layout can be told which field differs, not just that the fingerprints do.

use crate::event::{EventLayout, FieldLayout, WIRE_NAME_MAX_LEN, WireName};
use bytemuck::{Pod, Zeroable};

/// Size of one record.
pub const FIELD_RECORD_SIZE: usize = 160;
/// At most this many fields are recorded; the fingerprint still covers all of them.
pub const MAX_FIELD_RECORDS: usize = 64;
/// Field names longer than this are stored truncated.
pub const FIELD_NAME_MAX_LEN: usize = 48;

/// One stored field.
#[repr(C)]
#[derive(Clone, Copy, Debug, Pod, Zeroable)]
pub struct FieldRecord {
    /// Field name, zero padded (truncated to [`FIELD_NAME_MAX_LEN`]).
    pub name: [u8; FIELD_NAME_MAX_LEN],
    /// Bytes of `name` in use.
    pub name_len: u32,
    /// Bytes of `type_name` in use.
    pub type_name_len: u32,
    /// Wire name of the field's type, zero padded.
    pub type_name: [u8; WIRE_NAME_MAX_LEN],
    /// Offset in the event.
    pub offset: u64,
    /// Size of the field's type.
    pub size: u64,
    /// Fingerprint of the field's type.
    pub fingerprint: u64,
    /// Unused; zero.
    pub reserved: [u8; 16],
}

const _: () = assert!(core::mem::size_of::<FieldRecord>() == FIELD_RECORD_SIZE);

impl FieldRecord {
    /// The record for `field`.
    pub fn from_layout(field: &FieldLayout) -> Self {
        let mut record = Self::zeroed();
        let name = field.name().as_bytes();
        let name_len = floor_char_boundary(field.name(), FIELD_NAME_MAX_LEN.min(name.len()));
        record.name[..name_len].copy_from_slice(&name[..name_len]);
        record.name_len = name_len as u32;
        let type_name = field.type_name().as_bytes();
        record.type_name[..type_name.len()].copy_from_slice(type_name);
        record.type_name_len = type_name.len() as u32;
        record.offset = field.offset() as u64;
        record.size = field.size() as u64;
        record.fingerprint = field.fingerprint();
        record
    }

    /// The field's name, or `None` if the stored bytes are not valid.
    pub fn name(&self) -> Option<&str> {
        let bytes = self.name.get(..self.name_len as usize)?;
        core::str::from_utf8(bytes).ok()
    }

    /// The field's type name, or `None` if the stored bytes are not valid.
    pub fn type_name(&self) -> Option<WireName> {
        WireName::from_bytes(self.type_name.get(..self.type_name_len as usize)?)
    }
}

/// The records for `layout`, at most [`MAX_FIELD_RECORDS`].
pub fn records_for(layout: &EventLayout) -> impl Iterator<Item = FieldRecord> + '_ {
    layout
        .fields()
        .iter()
        .take(MAX_FIELD_RECORDS)
        .map(FieldRecord::from_layout)
}

fn floor_char_boundary(text: &str, mut index: usize) -> usize {
    while !text.is_char_boundary(index) {
        index -= 1;
    }
    index
}
