//! Only regular files are ever judged, reclaimed or removed: a FIFO or a socket at a ring's name
//! is someone else's, however empty it looks. A producer gets `CreateError::NameTaken` with
//! `CorruptReason::NotARegularFile` and leaves the object where it was; a consumer gets
//! `AttachError::Corrupt` with the same reason, at once (opening a FIFO must never wait for a
//! writer). Both run as `ring-peer` processes; the test's name guard removes the objects even if
//! it fails.

use disruptor_mp_tests::names::TestNames;
use disruptor_mp_tests::report::Report;
use disruptor_mp_tests::{ring_peer, shm};
use std::ffi::CString;
use std::os::unix::fs::FileTypeExt;
use std::path::{Path, PathBuf};
use std::time::Duration;

const CAPACITY: usize = 1024;

fn path(name: &str) -> PathBuf {
    Path::new(shm::SHM_DIR).join(name)
}

fn mkfifo(name: &str) {
    let path = CString::new(path(name).into_os_string().into_encoded_bytes()).expect("no NUL");
    // SAFETY: `path` is a NUL-terminated string that outlives the call.
    let rc = unsafe { libc::mkfifo(path.as_ptr(), 0o600) };
    assert_eq!(rc, 0, "mkfifo: {}", std::io::Error::last_os_error());
}

fn create(name: &str) -> Report {
    ring_peer!("create")
        .arg("name", name)
        .arg("capacity", CAPACITY)
        .deadline(Duration::from_secs(30))
        .run()
        .result()
}

fn attach(name: &str) -> Report {
    ring_peer!("attach")
        .arg("name", name)
        .arg("capacity", CAPACITY)
        .arg("ready-timeout-ms", 2000)
        .deadline(Duration::from_secs(30))
        .run()
        .result()
}

fn assert_refused(report: &Report, kind: &str, what: &str) {
    assert_eq!(report.field("outcome"), "err", "{what}: {report:?}");
    assert_eq!(report.field("kind"), kind, "{what}: {report:?}");
    assert_eq!(
        report.field("reason"),
        "NotARegularFile",
        "{what}: {report:?}"
    );
}

#[test]
fn a_fifo_at_a_rings_name_is_refused_and_left_alone() {
    let names = TestNames::new("fifo");
    let name = names.segment("ring");
    mkfifo(&name);
    assert_refused(&create(&name), "NameTaken", "create over a FIFO");
    let meta = std::fs::symlink_metadata(path(&name)).expect("the FIFO is still there");
    assert!(meta.file_type().is_fifo(), "still a FIFO: {meta:?}");
    assert_refused(&attach(&name), "Corrupt", "attach to a FIFO");
    assert!(std::fs::symlink_metadata(path(&name)).is_ok_and(|m| m.file_type().is_fifo()));
    shm::unlink(&name).expect("remove the FIFO");
    names.assert_clean();
}

#[test]
fn a_socket_at_a_rings_name_is_refused_and_left_alone() {
    let names = TestNames::new("socket");
    let name = names.segment("ring");
    let listener = std::os::unix::net::UnixListener::bind(path(&name)).expect("bind a socket");
    assert_refused(&create(&name), "NameTaken", "create over a socket");
    let meta = std::fs::symlink_metadata(path(&name)).expect("the socket is still there");
    assert!(meta.file_type().is_socket(), "still a socket: {meta:?}");
    assert_refused(&attach(&name), "Corrupt", "attach to a socket");
    drop(listener);
    shm::unlink(&name).expect("remove the socket");
    names.assert_clean();
}
