//! The owner lock of a ring's named object, in both namespaces: who holds it, and who may
//! remove a name. Every test runs once over POSIX shared memory and once over a file.

use super::file::RingDir;
use super::name::ObjectName;
use super::object::{Access, CreateFailure, ExistingObject, MappedObject, PageRequest};
use std::ffi::CString;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};

static COUNTER: AtomicU32 = AtomicU32::new(0);

/// A unique object name, removed (if still there) when dropped, with its directory for files.
struct Name {
    object: ObjectName,
    path: PathBuf,
    dir: Option<PathBuf>,
}

impl Name {
    fn shm(tag: &str) -> Self {
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let bare = format!("dmp-unit-{}-{n}-{tag}", std::process::id());
        Self {
            object: ObjectName::Shm(CString::new(format!("/{bare}")).unwrap()),
            path: std::path::Path::new("/dev/shm").join(bare),
            dir: None,
        }
    }

    fn file(tag: &str) -> Self {
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let dir = std::env::temp_dir().join(format!("dmp-unit-{}-{n}-{tag}", std::process::id()));
        std::fs::create_dir(&dir).unwrap();
        std::fs::set_permissions(&dir, std::os::unix::fs::PermissionsExt::from_mode(0o700))
            .unwrap();
        let ring_dir = Arc::new(RingDir::open(&dir).expect("vetted"));
        Self {
            object: ObjectName::File {
                dir: ring_dir,
                file: CString::new("ring.ring").unwrap(),
            },
            path: dir.join("ring.ring"),
            dir: Some(dir),
        }
    }

    fn both(tag: &str) -> [Self; 2] {
        [Self::shm(tag), Self::file(tag)]
    }

    fn exists(&self) -> bool {
        self.path.exists()
    }
}

impl Drop for Name {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
        if let Some(dir) = &self.dir {
            let _ = std::fs::remove_dir(dir);
        }
    }
}

fn create(name: &Name) -> MappedObject {
    match MappedObject::create(&name.object, 4096, 0o600, PageRequest::Default) {
        Ok(segment) => segment,
        Err(failure) => panic!("create {:?}: {failure:?}", name.object.os_name()),
    }
}

#[test]
fn a_creator_holds_the_owner_lock_until_its_segment_drops() {
    for name in Name::both("held") {
        let segment = create(&name);
        let mut judge = ExistingObject::open(&name.object).expect("open");
        assert!(!judge.try_lock_owner().unwrap(), "the creator holds it");
        // An attacher's mapping takes no lock and does not keep it.
        let attacher = MappedObject::open(&name.object, 4096, Access::ReadWrite).expect("attach");
        assert!(!judge.try_lock_owner().unwrap());
        drop(segment);
        assert!(
            judge.try_lock_owner().unwrap(),
            "released with the creator's descriptor"
        );
        drop(attacher);
        assert!(name.exists(), "dropping never removes the name");
    }
}

#[test]
fn only_the_creator_removes_its_name() {
    for name in Name::both("remove") {
        let segment = create(&name);
        let attacher = MappedObject::open(&name.object, 4096, Access::ReadWrite).expect("attach");
        assert!(attacher.unlink().is_err(), "an attacher has no lock");
        let judge = ExistingObject::open(&name.object).expect("open");
        assert!(judge.remove().is_err(), "not without the lock");
        assert!(name.exists());
        segment.unlink().expect("the creator removes it");
        assert!(!name.exists());
    }
}

#[test]
fn a_name_taken_while_alive_is_exists_and_a_reclaim_removes_only_what_it_locked() {
    for name in Name::both("reclaim") {
        let first = create(&name);
        assert!(matches!(
            MappedObject::create(&name.object, 4096, 0o600, PageRequest::Default),
            Err(CreateFailure::Exists)
        ));
        let mut stale = ExistingObject::open(&name.object).expect("open");
        drop(first);
        assert!(stale.try_lock_owner().unwrap());
        // Someone else reclaimed it meanwhile and created a new object at the name.
        std::fs::remove_file(&name.path).unwrap();
        let second = create(&name);
        assert!(
            !stale.remove().unwrap(),
            "the name refers to another object now"
        );
        assert!(name.exists(), "the successor's object is still there");
        let mut judge = ExistingObject::open(&name.object).expect("open");
        assert!(
            !judge.try_lock_owner().unwrap(),
            "and its creator holds its lock"
        );
        second.unlink().unwrap();
    }
}

#[test]
fn a_symbolic_link_at_the_name_is_never_followed_or_removed() {
    let name = Name::file("symlink");
    let target = name.dir.as_ref().unwrap().join("victim");
    std::fs::write(&target, b"not a ring").unwrap();
    std::os::unix::fs::symlink(&target, &name.path).unwrap();
    assert!(matches!(
        MappedObject::create(&name.object, 4096, 0o600, PageRequest::Default),
        Err(CreateFailure::Exists)
    ));
    assert!(matches!(
        ExistingObject::open(&name.object),
        Err(super::object::OpenFailure::Symlink)
    ));
    assert!(matches!(
        MappedObject::open(&name.object, 4096, Access::ReadWrite),
        Err(super::object::OpenFailure::Symlink)
    ));
    assert_eq!(std::fs::read(&target).unwrap(), b"not a ring", "untouched");
    std::fs::remove_file(&target).unwrap();
}
