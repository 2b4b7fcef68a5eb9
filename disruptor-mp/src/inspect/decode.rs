//! Decoding an event's bytes field by field, by the type names its field table records:
//! integers and floats by type, arrays of them element by element, anything else as bytes.

use super::FieldReport;
use std::fmt;

/// Elements of an array shown before the rest is summarised.
const ARRAY_SHOWN: usize = 8;

/// One field's value, decoded from an event's bytes.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum FieldValue {
    /// An unsigned integer (`u8` to `u128`, `usize`).
    Unsigned(u128),
    /// A signed integer (`i8` to `i128`, `isize`).
    Signed(i128),
    /// A float (`f32` widened, or `f64`).
    Float(f64),
    /// An array of decodable elements (every element, however long; `Display` shortens it).
    Array(Vec<FieldValue>),
    /// A type this reader cannot decode (a nested event, a `bool`): its raw bytes.
    Bytes(Vec<u8>),
}

impl fmt::Display for FieldValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Unsigned(value) => write!(f, "{value}"),
            Self::Signed(value) => write!(f, "{value}"),
            Self::Float(value) => write!(f, "{value}"),
            Self::Array(items) => {
                f.write_str("[")?;
                for (index, item) in items.iter().take(ARRAY_SHOWN).enumerate() {
                    if index > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{item}")?;
                }
                if items.len() > ARRAY_SHOWN {
                    write!(f, ", … {} more", items.len() - ARRAY_SHOWN)?;
                }
                f.write_str("]")
            }
            Self::Bytes(bytes) => {
                f.write_str("0x")?;
                for byte in bytes.iter().take(4 * ARRAY_SHOWN) {
                    write!(f, "{byte:02x}")?;
                }
                if bytes.len() > 4 * ARRAY_SHOWN {
                    write!(f, "… ({} bytes)", bytes.len())?;
                }
                Ok(())
            }
        }
    }
}

/// One decoded field of an event.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct DecodedField {
    /// The field's name.
    pub name: String,
    /// Its type's wire name.
    pub type_name: String,
    /// Its value.
    pub value: FieldValue,
}

/// An event read from a ring's slot, with its fields decoded.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct EventRecord {
    /// Its sequence.
    pub sequence: crate::Sequence,
    /// Its fields, in the field table's order.
    pub fields: Vec<DecodedField>,
    /// Its bytes, as copied.
    pub bytes: Vec<u8>,
}

/// Decodes `event` by `fields`; a field that lies outside the event's bytes is left out.
pub(crate) fn decode_fields(fields: &[FieldReport], event: &[u8]) -> Vec<DecodedField> {
    fields
        .iter()
        .filter_map(|field| {
            let start = usize::try_from(field.offset).ok()?;
            let end = start.checked_add(usize::try_from(field.size).ok()?)?;
            let bytes = event.get(start..end)?;
            Some(DecodedField {
                name: field.name.clone(),
                type_name: field.type_name.clone(),
                value: decode(&field.type_name, bytes),
            })
        })
        .collect()
}

/// The value of `bytes` read as the type named `type_name` (native byte order: a ring is only
/// ever read on a machine of its own byte order).
pub(crate) fn decode(type_name: &str, bytes: &[u8]) -> FieldValue {
    if let Some(value) = decode_primitive(type_name, bytes) {
        return value;
    }
    if let Some((element, len)) = array_parts(type_name)
        && len > 0
        && bytes.len().is_multiple_of(len)
    {
        let width = bytes.len() / len;
        let items: Option<Vec<_>> = bytes
            .chunks_exact(width)
            .map(|chunk| match decode(element, chunk) {
                FieldValue::Bytes(_) => None,
                value => Some(value),
            })
            .collect();
        if let Some(items) = items {
            return FieldValue::Array(items);
        }
    }
    FieldValue::Bytes(bytes.to_vec())
}

/// `("T", N)` for the wire name `[T; N]`.
fn array_parts(type_name: &str) -> Option<(&str, usize)> {
    let inner = type_name.strip_prefix('[')?.strip_suffix(']')?;
    let (element, len) = inner.rsplit_once("; ")?;
    Some((element, len.parse().ok()?))
}

fn decode_primitive(type_name: &str, bytes: &[u8]) -> Option<FieldValue> {
    macro_rules! read {
        ($ty:ty) => {
            <$ty>::from_ne_bytes(bytes.try_into().ok()?)
        };
    }
    Some(match type_name {
        "u8" => FieldValue::Unsigned(read!(u8).into()),
        "u16" => FieldValue::Unsigned(read!(u16).into()),
        "u32" => FieldValue::Unsigned(read!(u32).into()),
        "u64" => FieldValue::Unsigned(read!(u64).into()),
        "u128" => FieldValue::Unsigned(read!(u128)),
        "usize" => FieldValue::Unsigned(read!(usize) as u128),
        "i8" => FieldValue::Signed(read!(i8).into()),
        "i16" => FieldValue::Signed(read!(i16).into()),
        "i32" => FieldValue::Signed(read!(i32).into()),
        "i64" => FieldValue::Signed(read!(i64).into()),
        "i128" => FieldValue::Signed(read!(i128)),
        "isize" => FieldValue::Signed(read!(isize) as i128),
        "f32" => FieldValue::Float(read!(f32).into()),
        "f64" => FieldValue::Float(read!(f64)),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_floats_and_arrays_decode_by_type_and_arrays_display_shortened() {
        assert_eq!(decode("u32", &7u32.to_ne_bytes()), FieldValue::Unsigned(7));
        assert_eq!(
            decode("i16", &(-3i16).to_ne_bytes()),
            FieldValue::Signed(-3)
        );
        assert_eq!(decode("f64", &1.5f64.to_ne_bytes()), FieldValue::Float(1.5));
        let bytes: Vec<u8> = (0..20).collect();
        let array = decode("[u8; 20]", &bytes);
        assert_eq!(array.to_string(), "[0, 1, 2, 3, 4, 5, 6, 7, … 12 more]");
        let nested = decode("[[u16; 2]; 2]", &[1, 0, 2, 0, 3, 0, 4, 0]);
        assert_eq!(nested.to_string(), "[[1, 2], [3, 4]]");
        assert_eq!(decode("Quote", &[0xab, 1]).to_string(), "0xab01");
        assert_eq!(
            decode("u64", &[1, 2]),
            FieldValue::Bytes(vec![1, 2]),
            "wrong size"
        );
    }
}
