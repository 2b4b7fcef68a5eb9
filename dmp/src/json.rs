//! The JSON forms of the library's reports (`--json`): field names follow the library's.

use disruptor_mp::ConsumerInfo;
use disruptor_mp::inspect::{EventRecord, FieldValue, RingReport};
use disruptor_mp::observability::Counter;
use serde_json::{Value, json};

/// A whole ring report.
pub fn report(report: &RingReport) -> Value {
    json!({
        "name": report.location.display_name(),
        "event": {
            "name": report.event.name,
            "size": report.event.size,
            "align": report.event.align,
            "fingerprint": format!("{:#018x}", report.event.fingerprint),
            "field_count": report.event.field_count,
        },
        "capacity": report.capacity,
        "max_consumers": report.max_consumers,
        "format_version": report.format_version,
        "crate_abi": report.crate_abi,
        "total_size": report.total_size,
        "huge_page_size": report.huge_page_size,
        "flags": report.flags,
        "slot_layout": report.slot_layout.to_string(),
        "created_unix_ns": report.created_unix_ns,
        "closed": report.closed,
        "producer": {
            "pid": report.producer.pid,
            "status": report.producer.status.as_str(),
            "alive": report.producer.status.may_be_running(),
        },
        "last_published": report.last_published,
        "stale": report.is_stale(),
        "fields": report.fields.iter().map(|field| json!({
            "name": field.name,
            "type": field.type_name,
            "offset": field.offset,
            "size": field.size,
        })).collect::<Vec<_>>(),
        "consumers": report.consumers.iter().map(consumer).collect::<Vec<_>>(),
        "counters": counters(&report.counters.counters(), None),
    })
}

/// One consumer place.
pub fn consumer(info: &ConsumerInfo) -> Value {
    json!({
        "id": info.id,
        "role": format!("{:?}", info.role).to_lowercase(),
        "status": format!("{:?}", info.status).to_lowercase(),
        "pid": info.pid,
        "cursor": info.cursor,
        "lag": info.lag,
    })
}

/// Counters, with their rates per second when `rates` gives them (same order).
pub fn counters(counters: &[Counter], rates: Option<&[Option<f64>]>) -> Vec<Value> {
    counters
        .iter()
        .enumerate()
        .map(|(index, counter)| {
            let mut value = json!({
                "id": counter.id,
                "label": counter.label,
                "consumer": counter.consumer,
                "value": counter.value,
            });
            if let Some(rate) = rates.and_then(|rates| rates.get(index).copied().flatten()) {
                value["rate_per_sec"] = json!(rate);
            }
            value
        })
        .collect()
}

/// One decoded event.
pub fn event(record: &EventRecord) -> Value {
    let fields: serde_json::Map<String, Value> = record
        .fields
        .iter()
        .map(|field| (field.name.clone(), field_value(&field.value)))
        .collect();
    json!({ "sequence": record.sequence, "fields": fields })
}

fn field_value(value: &FieldValue) -> Value {
    match value {
        // Above 2^53 a JSON number loses digits in most readers: such values go as strings.
        FieldValue::Unsigned(value) => match u64::try_from(*value) {
            Ok(small) if small < 1 << 53 => json!(small),
            _ => json!(value.to_string()),
        },
        FieldValue::Signed(value) => match i64::try_from(*value) {
            Ok(small) if small.unsigned_abs() < 1 << 53 => json!(small),
            _ => json!(value.to_string()),
        },
        FieldValue::Float(value) => json!(value),
        FieldValue::Array(items) => Value::Array(items.iter().map(field_value).collect()),
        other => json!(other.to_string()),
    }
}
