//! What a `reader` peer reported: where it attached, and the events it read.

use crate::peer::PeerOutput;

/// The events a `reader` peer read, as `(ring sequence, value)` pairs in the order it read them
/// (`value` is the event's `seq` field). Panics, with the peer's output, if any event was not
/// intact: a field that is not the one `PeerEvent::for_seq(value)` has is a stale or torn slot.
pub fn events(output: &PeerOutput) -> Vec<(i64, u64)> {
    output
        .reports("EVENT")
        .iter()
        .map(|event| {
            if event.field("intact") != "true" {
                output.panic_with(&format!("a damaged event: {event}"));
            }
            (event.parsed("seq"), event.parsed("value"))
        })
        .collect()
}

/// The `(ring sequence, value)` pairs of events published with values `values` from ring
/// sequence `first_seq` on: what [`events`] must return for them.
pub fn stream(first_seq: i64, values: impl IntoIterator<Item = u64>) -> Vec<(i64, u64)> {
    values
        .into_iter()
        .enumerate()
        .map(|(i, value)| (first_seq + i as i64, value))
        .collect()
}

/// Panics unless the `reader` peer read exactly `expected` and then saw the stream end with
/// `end` (`closed`, `dead` or `lapped`).
pub fn assert_read(output: &PeerOutput, expected: &[(i64, u64)], end: &str) {
    output.assert_success();
    let read = events(output);
    if read != expected {
        output.panic_with(&format!("read {read:?}, expected {expected:?}"));
    }
    let result = output.result();
    assert_eq!(result.parsed::<usize>("count"), expected.len(), "{result}");
    assert_eq!(result.field("end"), end, "{result}");
}
