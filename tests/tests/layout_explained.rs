//! A process whose event layout differs from the ring's is refused with an error a person can
//! act on: both layouts, and the first field that differs.
//!
//! The headline case runs across real processes: `channel-peer` is built with `v2::Quote`
//! (`price: u64`) and this test with `v1::Quote` (`price: f64`), both with the wire name `Quote`,
//! as two releases of one program would be. The other kinds of difference are checked with the
//! producer in this process, which exercises the same segment bytes.

use disruptor_mp::{
    AttachError, CoordinationMode, FieldDifference, FieldPlacement, SharedEvent, SharedProducer,
    attach_shared_consumer, build_shared_single_producer,
};
use std::io::{BufRead, BufReader};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, channel};
use std::time::Duration;

const CAPACITY: usize = 16;
/// Longest any wait on the peer may take.
const DEADLINE: Duration = Duration::from_secs(20);

/// The older version of the event, as this test's build has it.
mod v1 {
    use disruptor_mp::SharedEvent;

    #[derive(Clone, Copy, Default, SharedEvent)]
    #[repr(C)]
    #[shared_event(name = "Quote")]
    pub struct Quote {
        pub id: u64,
        pub price: f64,
    }
}

/// A segment name no other test (or concurrent run) uses, unlinked when dropped in case a
/// failing test left its ring behind.
struct Segment(String);

impl Segment {
    fn new(test: &str) -> Self {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        Self(format!(
            "lx-{test}-{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        ))
    }
}

impl Drop for Segment {
    fn drop(&mut self) {
        let name = std::ffi::CString::new(format!("/{}", self.0)).expect("no NUL");
        // SAFETY: `name` is a NUL-terminated string that outlives the call; unlinking a name
        // that does not exist is harmless (ENOENT, ignored).
        unsafe { libc::shm_unlink(name.as_ptr()) };
    }
}

/// A running `channel-peer`, stopped (stdin closed, then killed after the deadline) on drop.
struct Peer {
    child: Child,
    stdin: Option<ChildStdin>,
    lines: Receiver<String>,
}

impl Peer {
    fn spawn(role: &str, segment: &Segment) -> Self {
        let mut child = Command::new(env!("CARGO_BIN_EXE_channel-peer"))
            .args([role, &segment.0, &CAPACITY.to_string()])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("start channel-peer");
        let stdin = child.stdin.take();
        let stdout = child.stdout.take().expect("piped stdout");
        let (send, lines) = channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if send.send(line).is_err() {
                    break;
                }
            }
        });
        Self {
            child,
            stdin,
            lines,
        }
    }

    fn next_line(&self) -> String {
        self.lines
            .recv_timeout(DEADLINE)
            .unwrap_or_else(|_| panic!("channel-peer printed nothing within {DEADLINE:?}"))
    }
}

impl Drop for Peer {
    fn drop(&mut self) {
        drop(self.stdin.take());
        let started = std::time::Instant::now();
        while matches!(self.child.try_wait(), Ok(None)) {
            if started.elapsed() > DEADLINE {
                let _ = self.child.kill();
                break;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        let _ = self.child.wait();
    }
}

fn hold<E: SharedEvent + Default>(segment: &Segment) -> SharedProducer<E> {
    build_shared_single_producer::<E>(&segment.0, CAPACITY)
        .with_coordination(CoordinationMode::Immediate)
        .build_producer(E::default)
        .expect("build the producer")
}

fn attach<E: SharedEvent>(segment: &Segment) -> AttachError {
    attach_shared_consumer::<E>(&segment.0, CAPACITY)
        .build_consumer()
        .expect_err("the layouts differ")
}

/// The difference carried by a layout mismatch.
fn difference_of(error: &AttachError) -> Option<FieldDifference> {
    match error {
        AttachError::LayoutMismatch { difference, .. } => difference.as_deref().copied(),
        other => panic!("expected LayoutMismatch, got {other:?}"),
    }
}

fn placement(type_name: &str, offset: u64, size: u64) -> FieldPlacement {
    FieldPlacement {
        type_name: disruptor_mp::event::WireName::new(type_name),
        offset,
        size,
    }
}

#[test]
fn an_older_peer_is_told_which_field_differs() {
    let segment = Segment::new("older");
    let peer = Peer::spawn("hold-v2", &segment);
    assert_eq!(peer.next_line(), "ready");

    let error = attach::<v1::Quote>(&segment);
    let Some(FieldDifference::FieldChanged {
        name,
        here,
        segment: there,
    }) = difference_of(&error)
    else {
        panic!("expected a changed field: {error}");
    };
    assert_eq!(name.as_str(), "price");
    assert_eq!(here, placement("f64", 8, 8));
    assert_eq!(there, placement("u64", 8, 8));

    let AttachError::LayoutMismatch {
        expected, found, ..
    } = &error
    else {
        unreachable!("checked above");
    };
    assert_eq!(expected.fingerprint, v1::Quote::FINGERPRINT);
    assert_ne!(found.fingerprint, v1::Quote::FINGERPRINT);
    assert_eq!(
        error.to_string(),
        format!(
            "layout mismatch: this process expects `Quote` (size 16, align 8, fingerprint \
             {:#018x}) but the segment holds `Quote` (size 16, align 8, fingerprint {:#018x}); \
             first difference: field `price` is `f64` at offset 8 here but `u64` at offset 8 in \
             the segment",
            expected.fingerprint, found.fingerprint
        )
    );
    drop(peer);
}

#[test]
fn a_newer_peer_is_told_too() {
    let segment = Segment::new("newer");
    let producer = hold::<v1::Quote>(&segment);
    let peer = Peer::spawn("attach-v2", &segment);
    let line = peer.next_line();
    let message = line
        .strip_prefix("err ")
        .unwrap_or_else(|| panic!("{line}"));
    assert!(message.starts_with("layout mismatch: "), "{message}");
    assert!(
        message.ends_with(
            "first difference: field `price` is `u64` at offset 8 here but `f64` at offset 8 in \
             the segment"
        ),
        "{message}"
    );
    drop(peer);
    drop(producer);
}

/// One module per kind of change, each declaring `Tick` as it differs from `base`.
mod tick {
    macro_rules! tick {
        ($module:ident $(#[$attr:meta])* { $($field:ident: $ty:ty),* $(,)? }) => {
            pub mod $module {
                #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
                #[repr(C)]
                $(#[$attr])*
                pub struct Tick {
                    $(pub $field: $ty),*
                }
            }
        };
    }

    tick!(base {
        price: u64,
        volume: u32,
        venue: u32,
        symbol: [u8; 8]
    });
    tick!(renamed {
        price: u64,
        quantity: u32,
        venue: u32,
        symbol: [u8; 8]
    });
    tick!(reordered {
        price: u64,
        venue: u32,
        volume: u32,
        symbol: [u8; 8]
    });
    tick!(added {
        price: u64,
        flags: u64,
        volume: u32,
        venue: u32,
        symbol: [u8; 8]
    });
    tick!(removed {
        price: u64,
        venue: u32,
        _pad: u32,
        symbol: [u8; 8]
    });
    tick!(appended {
        price: u64,
        volume: u32,
        venue: u32,
        symbol: [u8; 8],
        flags: u64
    });
    tick!(longer_array {
        price: u64,
        volume: u32,
        venue: u32,
        symbol: [u8; 16]
    });
    tick!(wire_name #[shared_event(name = "Trade")] {
        price: u64, volume: u32, venue: u32, symbol: [u8; 8]
    });
    // No implicit padding is allowed, so only an event whose size is already a multiple of the
    // new alignment can change alignment alone.
    tick!(bytes { bytes: [u8; 32] });
    tick!(aligned_bytes #[repr(align(32))] { bytes: [u8; 32] });
}

/// Attaches as `Here` to a ring of `Held` and returns the explanation.
fn explain_against<Held: SharedEvent + Default, Here: SharedEvent>(
    test: &str,
) -> (FieldDifference, String) {
    let segment = Segment::new(test);
    let _producer = hold::<Held>(&segment);
    let error = attach::<Here>(&segment);
    let difference = difference_of(&error).unwrap_or_else(|| panic!("no difference: {error}"));
    (difference, error.to_string())
}

/// Attaches as `Here` to a ring of `tick::base::Tick` and returns the explanation.
fn explain<Here: SharedEvent>(test: &str) -> (FieldDifference, String) {
    explain_against::<tick::base::Tick, Here>(test)
}

fn assert_explained(message: &str, expected: &str) {
    assert!(
        message.ends_with(&format!("; first difference: {expected}")),
        "{message}"
    );
}

#[test]
fn a_renamed_field() {
    let (difference, message) = explain::<tick::renamed::Tick>("renamed");
    assert!(matches!(
        difference,
        FieldDifference::FieldRenamed { index: 1, .. }
    ));
    assert_explained(
        &message,
        "field 2 is `quantity` (`u32` at offset 8) here but `volume` (`u32` at offset 8) in the \
         segment",
    );
}

#[test]
fn reordered_fields() {
    let (difference, message) = explain::<tick::reordered::Tick>("reordered");
    assert!(matches!(difference, FieldDifference::FieldMoved { .. }));
    assert_explained(
        &message,
        "field `venue` is field 2 (offset 8) here but field 3 (offset 12) in the segment: the \
         fields are in a different order",
    );
}

#[test]
fn an_added_field() {
    let (_, message) = explain::<tick::added::Tick>("added");
    assert_explained(
        &message,
        "field `flags` (`u64` at offset 8) is here but not in the segment",
    );
    let (_, message) = explain::<tick::appended::Tick>("appended");
    assert_explained(
        &message,
        "field `flags` (`u64` at offset 24) is here but not in the segment",
    );
}

#[test]
fn a_removed_field() {
    let (difference, message) = explain::<tick::removed::Tick>("removed");
    assert!(matches!(difference, FieldDifference::FieldRemoved { .. }));
    assert_explained(
        &message,
        "field `volume` (`u32` at offset 8) is in the segment but not here",
    );
}

#[test]
fn a_longer_array() {
    let (_, message) = explain::<tick::longer_array::Tick>("array");
    assert_explained(
        &message,
        "field `symbol` is `[u8; 16]` at offset 16 here but `[u8; 8]` at offset 16 in the segment",
    );
}

#[test]
fn another_wire_name() {
    let (difference, message) = explain::<tick::wire_name::Tick>("wirename");
    assert!(matches!(difference, FieldDifference::EventName { .. }));
    assert_explained(
        &message,
        "the event is named `Trade` here but `Tick` in the segment",
    );
}

#[test]
fn another_alignment() {
    let (difference, message) =
        explain_against::<tick::bytes::Tick, tick::aligned_bytes::Tick>("aligned");
    assert!(matches!(difference, FieldDifference::EventShape { .. }));
    assert_explained(
        &message,
        "the fields agree, but the event is 32 bytes aligned to 32 here and 32 bytes aligned to 1 \
         in the segment",
    );
}

/// Two versions of an outer event that differ only inside a nested one.
mod nested {
    pub mod v1 {
        #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
        #[repr(C)]
        pub struct Inner {
            pub bid: u64,
            pub ask: u64,
        }

        #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
        #[repr(C)]
        pub struct Outer {
            pub sequence: u64,
            pub inner: Inner,
        }
    }

    pub mod v2 {
        #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
        #[repr(C)]
        pub struct Inner {
            pub bid: u64,
            pub offer: u64,
        }

        #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
        #[repr(C)]
        pub struct Outer {
            pub sequence: u64,
            pub inner: Inner,
        }
    }
}

#[test]
fn a_change_inside_a_nested_event() {
    let segment = Segment::new("nested");
    let _producer = hold::<nested::v1::Outer>(&segment);
    let error = attach::<nested::v2::Outer>(&segment);
    let Some(FieldDifference::NestedChanged {
        name,
        here_fingerprint,
        segment_fingerprint,
        ..
    }) = difference_of(&error)
    else {
        panic!("expected a nested change: {error}");
    };
    assert_eq!(name.as_str(), "inner");
    assert_eq!(here_fingerprint, nested::v2::Inner::FINGERPRINT);
    assert_eq!(segment_fingerprint, nested::v1::Inner::FINGERPRINT);
    assert_explained(
        &error.to_string(),
        &format!(
            "field `inner` is `Inner` at offset 8 on both sides, but `Inner` itself differs: 16 \
             bytes with fingerprint {here_fingerprint:#018x} here, 16 bytes with fingerprint \
             {segment_fingerprint:#018x} in the segment"
        ),
    );
}

/// 65 one-byte fields: one more than the field table records.
mod wide {
    macro_rules! wide {
        ($module:ident, $last:ty, $first:ty) => {
            pub mod $module {
                #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
                #[repr(C)]
                #[shared_event(name = "Wide")]
                pub struct Wide {
                    pub f00: $first,
                    pub f01: u8,
                    pub f02: u8,
                    pub f03: u8,
                    pub f04: u8,
                    pub f05: u8,
                    pub f06: u8,
                    pub f07: u8,
                    pub f08: u8,
                    pub f09: u8,
                    pub f10: u8,
                    pub f11: u8,
                    pub f12: u8,
                    pub f13: u8,
                    pub f14: u8,
                    pub f15: u8,
                    pub f16: u8,
                    pub f17: u8,
                    pub f18: u8,
                    pub f19: u8,
                    pub f20: u8,
                    pub f21: u8,
                    pub f22: u8,
                    pub f23: u8,
                    pub f24: u8,
                    pub f25: u8,
                    pub f26: u8,
                    pub f27: u8,
                    pub f28: u8,
                    pub f29: u8,
                    pub f30: u8,
                    pub f31: u8,
                    pub f32: u8,
                    pub f33: u8,
                    pub f34: u8,
                    pub f35: u8,
                    pub f36: u8,
                    pub f37: u8,
                    pub f38: u8,
                    pub f39: u8,
                    pub f40: u8,
                    pub f41: u8,
                    pub f42: u8,
                    pub f43: u8,
                    pub f44: u8,
                    pub f45: u8,
                    pub f46: u8,
                    pub f47: u8,
                    pub f48: u8,
                    pub f49: u8,
                    pub f50: u8,
                    pub f51: u8,
                    pub f52: u8,
                    pub f53: u8,
                    pub f54: u8,
                    pub f55: u8,
                    pub f56: u8,
                    pub f57: u8,
                    pub f58: u8,
                    pub f59: u8,
                    pub f60: u8,
                    pub f61: u8,
                    pub f62: u8,
                    pub f63: u8,
                    pub f64: $last,
                }
            }
        };
    }

    wide!(base, u8, u8);
    wide!(last_changed, i8, u8);
    wide!(first_changed, u8, i8);
}

/// The field table holds 64 records: a difference in the 65th field is still refused (the
/// fingerprint covers every field), just without the explanation.
#[test]
fn differences_beyond_the_field_table_are_refused_unexplained() {
    assert_eq!(wide::base::Wide::LAYOUT.fields().len(), 65);
    let segment = Segment::new("wide");
    let _producer = hold::<wide::base::Wide>(&segment);
    let error = attach::<wide::last_changed::Wide>(&segment);
    assert_eq!(difference_of(&error), None);
    assert!(!error.to_string().contains("first difference"), "{error}");
    let error = attach::<wide::first_changed::Wide>(&segment);
    assert_explained(
        &error.to_string(),
        "field `f00` is `i8` at offset 0 here but `u8` at offset 0 in the segment",
    );
}

/// Another byte order or pointer width is its own error, found before any layout comparison.
#[cfg(target_os = "linux")]
#[test]
fn a_foreign_platform_is_its_own_error() {
    use std::os::unix::fs::FileExt;

    /// Byte offsets of the endianness tag and pointer width in the header.
    const ENDIAN_TAG_OFFSET: u64 = 16;
    const POINTER_WIDTH_OFFSET: u64 = 20;

    let segment = Segment::new("foreign");
    let _producer = hold::<v1::Quote>(&segment);
    let object = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(format!("/dev/shm/{}", segment.0))
        .expect("open the segment as a file");
    let mut tag = [0u8; 4];
    object
        .read_exact_at(&mut tag, ENDIAN_TAG_OFFSET)
        .expect("read the tag");
    assert_eq!(u32::from_ne_bytes(tag), 0x0102_0304, "the header moved");

    // The other byte order writes the same tag reversed.
    let reversed = 0x0102_0304u32.swap_bytes();
    object
        .write_all_at(&reversed.to_ne_bytes(), ENDIAN_TAG_OFFSET)
        .expect("forge the tag");
    // Even an attacher with another layout is told about the platform, not the layout.
    let error = attach::<tick::base::Tick>(&segment);
    assert!(
        matches!(error, AttachError::ForeignPlatform { found_endian_tag, found_pointer_width: 64 }
            if found_endian_tag == reversed),
        "{error:?}"
    );
    let native = if cfg!(target_endian = "little") {
        ("big-endian", "little-endian")
    } else {
        ("little-endian", "big-endian")
    };
    assert_eq!(
        error.to_string(),
        format!(
            "segment was created on a foreign platform ({}, 64-bit pointers) and this process is \
             {}, 64-bit pointers: events are shared as raw bytes, so byte order and pointer width \
             must match",
            native.0, native.1
        )
    );

    object
        .write_all_at(&tag, ENDIAN_TAG_OFFSET)
        .expect("restore the tag");
    object
        .write_all_at(&32u32.to_ne_bytes(), POINTER_WIDTH_OFFSET)
        .expect("forge the pointer width");
    let error = attach::<v1::Quote>(&segment);
    assert!(
        matches!(
            error,
            AttachError::ForeignPlatform {
                found_pointer_width: 32,
                ..
            }
        ),
        "{error:?}"
    );
    assert!(
        error
            .to_string()
            .contains("32-bit pointers) and this process"),
        "{error}"
    );
}
