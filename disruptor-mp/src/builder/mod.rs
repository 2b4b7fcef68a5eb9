//! Building a producer or a consumer: one builder per role, each with only the settings that mean
//! something for it, plus the published crate's combined builder as a porting layer over both.
//!
//! - [`build_shared_single_producer`] → [`ProducerBuilder`] → [`crate::SharedProducer`]
//! - [`attach_shared_consumer`] → [`ConsumerBuilder`] → [`crate::SharedConsumer`]
//! - [`SharedDisruptorBuilder`]: the published spelling, whose `create` flag picks the role.

mod auto;
mod consumer;
pub(crate) mod misplaced;
mod pin;
mod producer;
mod published;
pub(crate) mod region;

pub use consumer::ConsumerBuilder;
pub(crate) use consumer::open_read_only;
pub use producer::ProducerBuilder;
pub use published::{SharedDisruptorBuilder, SharedMemoryConfig};

use crate::event::SharedEvent;
use crate::mmap::MmapTransportLayout;
use crate::ring_name::{NamespaceSetting, RingName};
use core::marker::PhantomData;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Default number of consumer-table entries: how many consumers, gating or not, may be attached
/// at once. A limit, not a preallocation of processes: raise it with
/// [`ProducerBuilder::with_max_consumers`].
pub const DEFAULT_MAX_CONSUMERS: usize = 64;
/// Default permission bits of a new ring: owner read and write only.
pub const DEFAULT_SEGMENT_MODE: u32 = 0o600;
/// How long an attacher waits for a ring that exists but is still being written.
pub const DEFAULT_READY_TIMEOUT: Duration = Duration::from_secs(2);
/// How long a dropped producer keeps its ring's name while reserved gating consumers that have
/// not attached yet have events waiting (see [`ProducerBuilder::with_linger`]).
pub const DEFAULT_LINGER: Duration = Duration::from_secs(5);

/// Where a ring's object lives: the namespace its name is looked up in.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) enum Storage {
    /// POSIX shared memory: the object `/<name>`.
    #[default]
    Shm,
    /// A memory-mapped file `<name>.ring` in this directory.
    Directory(PathBuf),
}

/// What both roles name: the ring (segment name, namespace, storage) and its capacity, and how
/// this process maps it.
#[derive(Clone, Debug)]
struct RingSpec<E> {
    name: String,
    capacity: usize,
    namespace: NamespaceSetting,
    storage: Storage,
    /// Whether this process locks its mapping in memory (`lock_in_memory`).
    lock_in_memory: bool,
    _event: PhantomData<fn() -> E>,
}

impl<E> RingSpec<E> {
    fn new(name: &str, capacity: usize) -> Self {
        Self {
            name: name.to_owned(),
            capacity,
            namespace: NamespaceSetting::default(),
            storage: Storage::Shm,
            lock_in_memory: false,
            _event: PhantomData,
        }
    }

    /// The ring `name`, a file in `dir`. Its namespace is its directory, so the environment's
    /// namespace ([`crate::NAMESPACE_ENV`]) does not apply; an explicit `with_namespace` still
    /// prefixes the file name (`<namespace>:<name>.ring`). The name and directory are checked
    /// when the handle is built.
    fn in_file(dir: &Path, name: &str, capacity: usize) -> Self {
        Self {
            namespace: NamespaceSetting::Disabled,
            storage: Storage::Directory(dir.to_owned()),
            ..Self::new(name, capacity)
        }
    }

    /// Resolves the name and locates the ring's object in its storage (opening and vetting a
    /// file ring's directory).
    fn target<Err>(&self) -> Result<region::Target, Err>
    where
        Err: From<crate::error::ConfigError> + From<crate::error::DirectoryError>,
    {
        let name = RingName::resolve(&self.name, &self.namespace)?;
        Ok(region::Target::locate(name, &self.storage)?)
    }
}

/// Starts building the single producer of a new ring named `name` with `capacity` slots (a power
/// of two).
///
/// ```
/// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
/// # #[repr(C)]
/// # struct Tick { price: u64 }
/// # let ring = format!("doc-{}-build_shared_single_producer", std::process::id());
/// # let name = ring.clone();
/// # let reader = std::thread::spawn(move || {
/// #     disruptor_mp::attach_shared_consumer::<Tick>(&name, 1024)
/// #         .with_consumer_id("reader_0")
/// #         .wait_for_producer(std::time::Duration::from_secs(10))
/// #         .build_consumer()
/// # });
/// let mut producer = disruptor_mp::build_shared_single_producer::<Tick>(&ring, 1024)
///     .discover_consumer_with_prefix(1, "reader") // "reader_0" gates the producer
///     .build_producer(Tick::default)?; // returns once reader_0 attached
/// producer.publish_value(Tick { price: 100 });
/// # drop(reader.join().unwrap()?);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn build_shared_single_producer<E: SharedEvent>(
    name: impl AsRef<str>,
    capacity: usize,
) -> ProducerBuilder<E> {
    ProducerBuilder::new(RingSpec::new(name.as_ref(), capacity))
}

/// Starts building a consumer of the existing ring `name`, which must have `capacity` slots.
///
/// ```
/// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
/// # #[repr(C)]
/// # struct Tick { price: u64 }
/// # let ring = format!("doc-{}-attach_shared_consumer", std::process::id());
/// # let producer = disruptor_mp::build_shared_single_producer::<Tick>(&ring, 1024)
/// #     .build_producer(Tick::default)?;
/// let mut consumer = disruptor_mp::attach_shared_consumer::<Tick>(&ring, 1024)
///     .with_consumer_id("reader_0")
///     .wait_for_producer(std::time::Duration::from_secs(10))
///     .build_consumer()?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn attach_shared_consumer<E: SharedEvent>(
    name: impl AsRef<str>,
    capacity: usize,
) -> ConsumerBuilder<E> {
    ConsumerBuilder::new(RingSpec::new(name.as_ref(), capacity))
}

/// Starts building the single producer of a new ring in the file `layout` names
/// (`<root_dir>/<segment_name>.ring`), with `capacity` slots: the same builder, settings and
/// handle as [`build_shared_single_producer`], over a memory-mapped file instead of POSIX shared
/// memory.
///
/// The file is created with `O_CREAT | O_EXCL | O_NOFOLLOW` and the builder's mode (0600 unless
/// [`ProducerBuilder::with_mode`] says otherwise), never over an existing file: a dead producer's
/// file is reclaimed as a shared-memory segment is, a live one's is
/// [`crate::CreateError::SegmentInUse`], and anything else is left alone. The directory must
/// exist, belong to this user or root, and not be writable by others without the sticky bit
/// ([`crate::CreateError::Directory`]). The producer removes the file when it drops, unless
/// [`ProducerBuilder::keep_file`] says to keep it.
///
/// ```
/// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
/// # #[repr(C)]
/// # struct Tick { price: u64 }
/// # let dir = std::env::temp_dir().join(format!("doc-{}-build_mmap", std::process::id()));
/// # std::fs::create_dir(&dir)?;
/// let layout = disruptor_mp::MmapTransportLayout::new(&dir, "ticks")?;
/// let mut producer = disruptor_mp::build_mmap_single_producer::<Tick>(&layout, 1024)
///     .build_producer(Tick::default)?;
/// assert!(layout.ring_path().exists());
/// producer.publish_value(Tick { price: 100 });
/// drop(producer);
/// assert!(!layout.ring_path().exists(), "removed on a clean drop");
/// # std::fs::remove_dir(&dir)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn build_mmap_single_producer<E: SharedEvent>(
    layout: &MmapTransportLayout,
    capacity: usize,
) -> ProducerBuilder<E> {
    file_ring_producer(layout.root_dir(), layout.segment_name(), capacity)
}

/// [`build_mmap_single_producer`] from a directory and a name not yet checked (a typed
/// channel's); the builder checks them.
pub(crate) fn file_ring_producer<E: SharedEvent>(
    dir: &Path,
    name: &str,
    capacity: usize,
) -> ProducerBuilder<E> {
    ProducerBuilder::new(RingSpec::in_file(dir, name, capacity))
}

/// Starts building a consumer of the existing ring in the file `layout` names, which must have
/// `capacity` slots: the same builder, settings and handle as [`attach_shared_consumer`].
///
/// ```
/// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
/// # #[repr(C)]
/// # struct Tick { price: u64 }
/// # let dir = std::env::temp_dir().join(format!("doc-{}-attach_mmap", std::process::id()));
/// # std::fs::create_dir(&dir)?;
/// let layout = disruptor_mp::MmapTransportLayout::new(&dir, "ticks")?;
/// let mut producer = disruptor_mp::build_mmap_single_producer::<Tick>(&layout, 1024)
///     .build_producer(Tick::default)?;
/// let mut consumer = disruptor_mp::attach_mmap_consumer::<Tick>(&layout, 1024)
///     .with_consumer_id("reader_0")
///     .build_consumer()?;
/// producer.publish_value(Tick { price: 7 });
/// assert_eq!(consumer.consume_next()?.1.price, 7);
/// # drop((consumer, producer));
/// # std::fs::remove_dir(&dir)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn attach_mmap_consumer<E: SharedEvent>(
    layout: &MmapTransportLayout,
    capacity: usize,
) -> ConsumerBuilder<E> {
    file_ring_consumer(layout.root_dir(), layout.segment_name(), capacity)
}

/// [`attach_mmap_consumer`] from a directory and a name not yet checked (a typed channel's); the
/// builder checks them.
pub(crate) fn file_ring_consumer<E: SharedEvent>(
    dir: &Path,
    name: &str,
    capacity: usize,
) -> ConsumerBuilder<E> {
    ConsumerBuilder::new(RingSpec::in_file(dir, name, capacity))
}

/// The setters both role builders have, written once: each role's builder holds a [`RingSpec`]
/// and a wait strategy under the same field names.
macro_rules! common_setters {
    () => {
        /// Puts the ring in `namespace` (1 to 48 characters of `[A-Za-z0-9._-]`), overriding
        /// `DISRUPTOR_MP_NAMESPACE`: its OS object becomes `/<namespace>:<name>` (a ring file
        /// `<dir>/<namespace>:<name>.ring`), so two deployments on one host can use the same
        /// names without colliding. A ring file's directory is its namespace already, so the
        /// variable does not apply to it; this setter still does.
        ///
        /// ```
        /// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
        /// # #[repr(C)]
        /// # struct Tick { price: u64 }
        /// # let ring = format!("doc-{}-with_namespace", std::process::id());
        /// let producer = disruptor_mp::build_shared_single_producer::<Tick>(&ring, 8)
        ///     .with_namespace("staging")
        ///     .build_producer(Tick::default)?;
        /// let consumer = disruptor_mp::attach_shared_consumer::<Tick>(&ring, 8)
        ///     .with_namespace("staging")
        ///     .build_consumer()?;
        /// assert_eq!(consumer.segment_name(), format!("staging:{ring}"));
        /// // The same name outside the namespace is another ring, which does not exist.
        /// let outside = disruptor_mp::attach_shared_consumer::<Tick>(&ring, 8);
        /// assert!(outside.without_namespace().build_consumer().is_err());
        /// # Ok::<(), Box<dyn std::error::Error>>(())
        /// ```
        pub fn with_namespace(mut self, namespace: impl Into<String>) -> Self {
            self.ring.namespace = $crate::ring_name::NamespaceSetting::Explicit(namespace.into());
            self
        }

        /// Uses no namespace, whatever `DISRUPTOR_MP_NAMESPACE` says.
        ///
        /// ```
        /// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
        /// # #[repr(C)]
        /// # struct Tick { price: u64 }
        /// # let ring = format!("doc-{}-without_namespace", std::process::id());
        /// let producer = disruptor_mp::build_shared_single_producer::<Tick>(&ring, 8)
        ///     .without_namespace()
        ///     .build_producer(Tick::default)?;
        /// assert_eq!(producer.segment_name(), ring);
        /// # Ok::<(), Box<dyn std::error::Error>>(())
        /// ```
        pub fn without_namespace(mut self) -> Self {
            self.ring.namespace = $crate::ring_name::NamespaceSetting::Disabled;
            self
        }

        /// Whether this process locks its mapping of the ring in memory (`mlock`; default
        /// `false`), so no page of it is ever paged out, swapped or compacted away under the hot
        /// path. Pages are pre-faulted either way; locking adds the guarantee that they stay.
        /// Each process locks its own mapping, so set it on the producer and on each consumer
        /// that should have it. Over the limit on locked memory (`ulimit -l`, often 8 MiB
        /// without `CAP_IPC_LOCK`) the build fails with a [`crate::MemoryLockError`] naming
        /// the ring's size and the limit (a producer removes the ring it just created).
        ///
        /// ```
        /// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
        /// # #[repr(C)]
        /// # struct Tick { price: u64 }
        /// # let ring = format!("doc-{}-lock_in_memory", std::process::id());
        /// let producer = disruptor_mp::build_shared_single_producer::<Tick>(&ring, 64)
        ///     .lock_in_memory(true)
        ///     .build_producer(Tick::default)?;
        /// let consumer = disruptor_mp::attach_shared_consumer::<Tick>(&ring, 64)
        ///     .lock_in_memory(true)
        ///     .build_consumer()?;
        /// # Ok::<(), Box<dyn std::error::Error>>(())
        /// ```
        pub fn lock_in_memory(mut self, lock: bool) -> Self {
            self.ring.lock_in_memory = lock;
            self
        }

        /// How the handle waits when it cannot proceed (default [`crate::AutoWaitStrategy::Block`]).
        ///
        /// ```
        /// # #[derive(Clone, Copy, Default, disruptor_mp::SharedEvent)]
        /// # #[repr(C)]
        /// # struct Tick { price: u64 }
        /// # let ring = format!("doc-{}-with_wait_strategy", std::process::id());
        /// use disruptor_mp::AutoWaitStrategy;
        /// use std::time::Duration;
        ///
        /// let producer = disruptor_mp::build_shared_single_producer::<Tick>(&ring, 8)
        ///     .with_wait_strategy(AutoWaitStrategy::BusySpinWithSpinLoopHint)
        ///     .build_producer(Tick::default)?;
        /// let consumer = disruptor_mp::attach_shared_consumer::<Tick>(&ring, 8)
        ///     .with_wait_strategy(AutoWaitStrategy::Sleep(Duration::from_micros(50)))
        ///     .build_consumer()?;
        /// # Ok::<(), Box<dyn std::error::Error>>(())
        /// ```
        pub fn with_wait_strategy(mut self, wait: $crate::AutoWaitStrategy) -> Self {
            self.wait = wait;
            self
        }
    };
}
use common_setters;
