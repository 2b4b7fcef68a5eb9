//! The two places a ring can live, for the tests that run once per backend: POSIX shared memory
//! and a file in a directory. A [`Storage`] tells in-process builders and `ring-peer` children
//! which one to use (`dir=<path>` for files), and reads, forges and removes a ring's raw object
//! by its path, which is `/dev/shm/<name>` or `<dir>/<name>.ring` — the same file operations
//! either way.

/// Makes a `shm` and a `file` module with one `#[test]` per scenario: each scenario is a
/// function of a [`Backend`] in the calling file, run once per backend.
///
/// ```text
/// disruptor_mp_tests::on_both_backends!(events_arrive_in_order, a_second_producer_is_refused);
/// fn events_arrive_in_order(backend: Backend) { ... }
/// ```
#[macro_export]
macro_rules! on_both_backends {
    ($($scenario:ident),* $(,)?) => {
        mod shm {
            $(#[test] fn $scenario() { super::$scenario($crate::backend::Backend::Shm) })*
        }
        mod file {
            $(#[test] fn $scenario() { super::$scenario($crate::backend::Backend::File) })*
        }
    };
}

use crate::names::TestNames;
use crate::peer::PeerCommand;
use disruptor_mp::{
    ConsumerBuilder, MmapTransportLayout, ProducerBuilder, SharedEvent, attach_mmap_consumer,
    attach_shared_consumer, build_mmap_single_producer, build_shared_single_producer,
};
use std::fs::OpenOptions;
use std::io::{self, Write};
use std::os::unix::fs::{FileExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

/// Where a test's rings live.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    /// POSIX shared memory (`/dev/shm`).
    Shm,
    /// Memory-mapped files in a private directory of the test.
    File,
}

/// One test's storage. For the file backend it owns a fresh directory (mode 0700) under
/// `std::env::temp_dir()` (or a parent the test chose), named after the test's prefix and removed with everything in it when
/// dropped, also when the test panics.
#[derive(Debug)]
pub struct Storage {
    backend: Backend,
    dir: Option<PathBuf>,
}

impl Storage {
    /// Storage of `backend` for the test whose names are `names`.
    pub fn new(backend: Backend, names: &TestNames) -> Self {
        match backend {
            Backend::Shm => Self { backend, dir: None },
            Backend::File => Self::files_in(&std::env::temp_dir(), names),
        }
    }

    /// File storage in a fresh directory (mode 0700) under `parent`, for a test that needs a
    /// particular file system (hugetlbfs, a tmpfs mounted some way).
    pub fn files_in(parent: &Path, names: &TestNames) -> Self {
        let dir = parent.join(format!("{}files", names.prefix()));
        std::fs::create_dir(&dir).unwrap_or_else(|err| panic!("create {}: {err}", dir.display()));
        std::fs::set_permissions(&dir, PermissionsExt::from_mode(0o700))
            .expect("chmod the test directory");
        Self {
            backend: Backend::File,
            dir: Some(dir),
        }
    }

    /// The backend.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// The directory of the file backend's rings.
    pub fn dir(&self) -> Option<&Path> {
        self.dir.as_deref()
    }

    /// `command` told to use this storage.
    pub fn peer(&self, command: PeerCommand) -> PeerCommand {
        match &self.dir {
            Some(dir) => command.arg("dir", dir.display()),
            None => command,
        }
    }

    fn layout(&self, name: &str) -> Option<MmapTransportLayout> {
        self.dir
            .as_ref()
            .map(|dir| MmapTransportLayout::new(dir, name).expect("a valid test layout"))
    }

    /// The producer builder of ring `name` here.
    pub fn producer<E: SharedEvent>(&self, name: &str, capacity: usize) -> ProducerBuilder<E> {
        match self.layout(name) {
            Some(layout) => build_mmap_single_producer(&layout, capacity),
            None => build_shared_single_producer(name, capacity),
        }
    }

    /// The consumer builder of ring `name` here.
    pub fn consumer<E: SharedEvent>(&self, name: &str, capacity: usize) -> ConsumerBuilder<E> {
        match self.layout(name) {
            Some(layout) => attach_mmap_consumer(&layout, capacity),
            None => attach_shared_consumer(name, capacity),
        }
    }

    /// The path of ring `name`'s object.
    pub fn path(&self, name: &str) -> PathBuf {
        match self.layout(name) {
            Some(layout) => layout.ring_path(),
            None => Path::new(crate::shm::SHM_DIR).join(name),
        }
    }

    /// Whether anything (a symbolic link included) is at ring `name`'s path.
    pub fn exists(&self, name: &str) -> bool {
        std::fs::symlink_metadata(self.path(name)).is_ok()
    }

    /// Creates ring `name`'s object exclusively (mode 0600), `len` bytes long, starting with
    /// `bytes` (as much of it as fits).
    pub fn create_raw(&self, name: &str, len: usize, bytes: &[u8]) -> io::Result<()> {
        let mut file = OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(self.path(name))?;
        file.set_len(len as u64)?;
        file.write_all(&bytes[..bytes.len().min(len)])
    }

    /// Sets the length of ring `name`'s object (`ftruncate`).
    pub fn resize(&self, name: &str, len: u64) -> io::Result<()> {
        OpenOptions::new()
            .write(true)
            .open(self.path(name))?
            .set_len(len)
    }

    /// Overwrites bytes of ring `name`'s object at `offset`.
    pub fn write_at(&self, name: &str, offset: u64, bytes: &[u8]) -> io::Result<()> {
        OpenOptions::new()
            .write(true)
            .open(self.path(name))?
            .write_all_at(bytes, offset)
    }

    /// The whole object of ring `name`.
    pub fn read_all(&self, name: &str) -> io::Result<Vec<u8>> {
        std::fs::read(self.path(name))
    }

    /// Makes a symbolic link at ring `name`'s path pointing to `target`'s object.
    pub fn symlink(&self, name: &str, target: &str) {
        std::os::unix::fs::symlink(self.path(target), self.path(name)).expect("make the symlink");
    }

    /// Removes whatever is at ring `name`'s path (`Ok` if nothing is).
    pub fn remove(&self, name: &str) -> io::Result<()> {
        match std::fs::remove_file(self.path(name)) {
            Err(err) if err.kind() != io::ErrorKind::NotFound => Err(err),
            _ => Ok(()),
        }
    }

    /// Panics if any ring object of the test is left: in `/dev/shm` under its prefix, or in its
    /// directory.
    pub fn assert_clean(&self, names: &TestNames) {
        names.assert_clean();
        if let Some(dir) = &self.dir {
            let left: Vec<_> = std::fs::read_dir(dir)
                .expect("list the test directory")
                .filter_map(Result::ok)
                .map(|entry| entry.file_name())
                .collect();
            assert!(left.is_empty(), "files left in {}: {left:?}", dir.display());
        }
    }
}

impl Drop for Storage {
    fn drop(&mut self) {
        if let Some(dir) = &self.dir {
            // Nothing to report to from a destructor; a failure leaves a directory in /tmp.
            let _ = std::fs::remove_dir_all(dir);
        }
    }
}
