//! The owner lock of POSIX shared-memory objects: who holds it, and who may remove a name.

use super::shm::{CreateFailure, ExistingObject, ShmSegment};
use std::ffi::CString;
use std::sync::atomic::{AtomicU32, Ordering};

static COUNTER: AtomicU32 = AtomicU32::new(0);

/// A unique object name, removed (if still there) when dropped.
struct Name(CString);

impl Name {
    fn new(tag: &str) -> Self {
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        Self(CString::new(format!("/dmp-unit-{}-{n}-{tag}", std::process::id())).unwrap())
    }

    fn path(&self) -> std::path::PathBuf {
        std::path::Path::new("/dev/shm").join(&self.0.to_str().unwrap()[1..])
    }

    fn exists(&self) -> bool {
        self.path().exists()
    }
}

impl Drop for Name {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(self.path());
    }
}

fn create(name: &Name) -> ShmSegment {
    match ShmSegment::create(&name.0, 4096, 0o600) {
        Ok(segment) => segment,
        Err(failure) => panic!("create {:?}: {failure:?}", name.0),
    }
}

#[test]
fn a_creator_holds_the_owner_lock_until_its_segment_drops() {
    let name = Name::new("held");
    let segment = create(&name);
    let mut judge = ExistingObject::open(&name.0).expect("open");
    assert!(!judge.try_lock_owner().unwrap(), "the creator holds it");
    // An attacher's mapping takes no lock and does not keep it.
    let attacher = ShmSegment::open(&name.0, 4096).expect("attach");
    assert!(!judge.try_lock_owner().unwrap());
    drop(segment);
    assert!(
        judge.try_lock_owner().unwrap(),
        "released with the creator's descriptor"
    );
    drop(attacher);
    assert!(name.exists(), "dropping never removes the name");
}

#[test]
fn only_the_creator_removes_its_name() {
    let name = Name::new("remove");
    let segment = create(&name);
    let attacher = ShmSegment::open(&name.0, 4096).expect("attach");
    assert!(attacher.unlink().is_err(), "an attacher has no lock");
    let judge = ExistingObject::open(&name.0).expect("open");
    assert!(judge.remove().is_err(), "not without the lock");
    assert!(name.exists());
    segment.unlink().expect("the creator removes it");
    assert!(!name.exists());
}

#[test]
fn a_name_taken_while_alive_is_exists_and_a_reclaim_removes_only_what_it_locked() {
    let name = Name::new("reclaim");
    let first = create(&name);
    assert!(matches!(
        ShmSegment::create(&name.0, 4096, 0o600),
        Err(CreateFailure::Exists)
    ));
    let mut stale = ExistingObject::open(&name.0).expect("open");
    drop(first);
    assert!(stale.try_lock_owner().unwrap());
    // Someone else reclaimed it meanwhile and created a new object at the name.
    std::fs::remove_file(name.path()).unwrap();
    let second = create(&name);
    assert!(
        !stale.remove().unwrap(),
        "the name refers to another object now"
    );
    assert!(name.exists(), "the successor's object is still there");
    let mut judge = ExistingObject::open(&name.0).expect("open");
    assert!(
        !judge.try_lock_owner().unwrap(),
        "and its creator holds its lock"
    );
    second.unlink().unwrap();
}
