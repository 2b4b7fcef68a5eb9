//! The consumer table: one 128-byte entry per consumer, found by id, never by probing object
//! names.
//!
//! Entry states: `Free` (never used), `Reserved` (a gating place the producer holds events for
//! before its consumer arrives), `Active` (a consumer owns it), `Left` (its consumer dropped).
//! Roles: `Plain` entries never gate the producer; `Named` entries gate and belong to one id;
//! `Open` entries gate and may be taken by any consumer. The producer writes roles and
//! reservations at creation; consumers claim and release entries under the join lock, so joins
//! and leaves are serialised while the hot path (cursor stores, producer reads) takes no lock.

use super::segment::Segment;
use super::sync::{self, AtomicI64, AtomicU32, AtomicU64, fence};
use crate::backend::process::{Liveness, ProcessIdentity};
use crate::layout::header::CONSUMER_ID_MAX_LEN;
use core::sync::atomic::Ordering;
use std::time::{Duration, Instant};

/// Byte offsets inside an entry. The cursor shares the line only with fields its owner writes
/// once, at join; the producer only reads the line.
mod field {
    pub(super) const CURSOR: usize = 0;
    pub(super) const STATE: usize = 8;
    pub(super) const ROLE: usize = 12;
    pub(super) const PID: usize = 16;
    pub(super) const ID_LEN: usize = 20;
    pub(super) const START_TIME: usize = 24;
    pub(super) const EPOCH: usize = 32;
    pub(super) const ID_WORDS: usize = 40;
}
const ID_WORD_COUNT: usize = CONSUMER_ID_MAX_LEN / 8;

/// Life cycle of an entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u32)]
pub(crate) enum EntryState {
    Free = 0,
    Reserved = 1,
    Active = 2,
    Left = 3,
}

/// Whether an entry gates the producer, and who may take it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u32)]
pub(crate) enum Role {
    Plain = 0,
    Named = 1,
    Open = 2,
}

impl EntryState {
    fn decode(raw: u32) -> Option<Self> {
        [Self::Free, Self::Reserved, Self::Active, Self::Left]
            .into_iter()
            .find(|s| *s as u32 == raw)
    }
}

impl Role {
    fn decode(raw: u32) -> Option<Self> {
        [Self::Plain, Self::Named, Self::Open]
            .into_iter()
            .find(|r| *r as u32 == raw)
    }
}

/// A consumer id packed into the entry's words; ids are 1–48 bytes of UTF-8 without NUL.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct PackedId {
    len: u32,
    words: [u64; ID_WORD_COUNT],
}

impl PackedId {
    /// Packs `id`; `None` if it is empty, longer than 48 bytes or contains NUL.
    pub(crate) fn new(id: &str) -> Option<Self> {
        let bytes = id.as_bytes();
        if bytes.is_empty() || bytes.len() > CONSUMER_ID_MAX_LEN || bytes.contains(&0) {
            return None;
        }
        let mut padded = [0u8; CONSUMER_ID_MAX_LEN];
        padded[..bytes.len()].copy_from_slice(bytes);
        let mut words = [0u64; ID_WORD_COUNT];
        for (word, chunk) in words.iter_mut().zip(padded.chunks_exact(8)) {
            *word = u64::from_le_bytes(chunk.try_into().expect("chunks of 8"));
        }
        Some(Self {
            len: bytes.len() as u32,
            words,
        })
    }

    /// The id as text; `None` if the stored bytes are not a valid id.
    pub(crate) fn decode(&self) -> Option<String> {
        let len = self.len as usize;
        if len == 0 || len > CONSUMER_ID_MAX_LEN {
            return None;
        }
        let bytes: Vec<u8> = self
            .words
            .iter()
            .flat_map(|w| w.to_le_bytes())
            .take(len)
            .collect();
        String::from_utf8(bytes).ok()
    }
}

/// What a consumer got from [`ConsumerTable::join`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Joined {
    /// Entry index.
    pub(crate) index: usize,
    /// The id the entry carries (the one asked for, or `ad_<index>` for anonymous consumers).
    pub(crate) id: String,
    /// First sequence this consumer will read.
    pub(crate) next: i64,
    /// Whether the producer waits for this consumer.
    pub(crate) gating: bool,
    /// The entry's epoch after this join; a later takeover changes it.
    pub(crate) epoch: u64,
}

/// Why a join failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum JoinError {
    /// A live process owns an entry with this id.
    IdInUse { pid: u32 },
    /// No entry can be taken.
    TableFull,
    /// The join lock stayed held by a live process past the deadline.
    LockTimeout,
}

/// The highest sequence a joiner starts after. The producer cursor is shared memory a peer can
/// write; clamping what a joiner reads from it keeps `next = start + 1` (and every later `+ 1`)
/// far from overflow. No ring gets there: at a billion events a second it takes 146 years.
pub(crate) const MAX_START: i64 = i64::MAX / 2;

/// How long a joiner waits for the join lock before giving up.
const LOCK_TIMEOUT: Duration = Duration::from_secs(5);
/// How often a waiting joiner checks whether the lock holder is still alive.
const LOCK_HOLDER_CHECK: Duration = Duration::from_millis(2);

/// The consumer table of one segment.
pub(crate) struct ConsumerTable<'a> {
    seg: &'a Segment,
}

impl<'a> ConsumerTable<'a> {
    /// The table of `seg`.
    pub(crate) fn new(seg: &'a Segment) -> Self {
        Self { seg }
    }

    /// Number of entries.
    pub(crate) fn len(&self) -> usize {
        self.seg.plan().max_consumers
    }

    /// Entry `index`'s cursor: the last sequence its consumer is done with.
    pub(crate) fn cursor(&self, index: usize) -> &'a AtomicI64 {
        self.seg.entry_atomic(index, field::CURSOR)
    }

    fn state_word(&self, index: usize) -> &'a AtomicU32 {
        self.seg.entry_atomic(index, field::STATE)
    }

    fn role_word(&self, index: usize) -> &'a AtomicU32 {
        self.seg.entry_atomic(index, field::ROLE)
    }

    fn epoch_word(&self, index: usize) -> &'a AtomicU64 {
        self.seg.entry_atomic(index, field::EPOCH)
    }

    /// Entry state (`None` for garbage written by a misbehaving peer).
    pub(crate) fn state(&self, index: usize) -> Option<EntryState> {
        EntryState::decode(self.state_word(index).load(Ordering::Acquire))
    }

    /// Entry role (`None` for garbage).
    pub(crate) fn role(&self, index: usize) -> Option<Role> {
        Role::decode(self.role_word(index).load(Ordering::Acquire))
    }

    /// Whether the producer must wait for this entry: a gating role in a live state.
    pub(crate) fn gates(&self, index: usize) -> bool {
        matches!(self.role(index), Some(Role::Named | Role::Open))
            && matches!(
                self.state(index),
                Some(EntryState::Reserved | EntryState::Active)
            )
    }

    /// Current epoch of entry `index`.
    pub(crate) fn epoch(&self, index: usize) -> u64 {
        self.epoch_word(index).load(Ordering::Acquire)
    }

    /// The process recorded in entry `index`.
    pub(crate) fn owner(&self, index: usize) -> ProcessIdentity {
        ProcessIdentity {
            pid: self
                .seg
                .entry_atomic::<AtomicU32>(index, field::PID)
                .load(Ordering::Acquire),
            start_time: self
                .seg
                .entry_atomic::<AtomicU64>(index, field::START_TIME)
                .load(Ordering::Acquire),
        }
    }

    /// The id stored in entry `index`.
    pub(crate) fn id(&self, index: usize) -> PackedId {
        let len = self
            .seg
            .entry_atomic::<AtomicU32>(index, field::ID_LEN)
            .load(Ordering::Acquire);
        let mut words = [0u64; ID_WORD_COUNT];
        for (k, word) in words.iter_mut().enumerate() {
            *word = self
                .seg
                .entry_atomic::<AtomicU64>(index, field::ID_WORDS + 8 * k)
                .load(Ordering::Relaxed);
        }
        PackedId { len, words }
    }

    /// Index of the entry carrying `id`, if any (in any state but `Free`).
    pub(crate) fn find(&self, id: &PackedId) -> Option<usize> {
        (0..self.len()).find(|&i| self.state(i) != Some(EntryState::Free) && self.id(i) == *id)
    }

    fn write_id(&self, index: usize, id: &PackedId) {
        for (k, word) in id.words.iter().enumerate() {
            self.seg
                .entry_atomic::<AtomicU64>(index, field::ID_WORDS + 8 * k)
                .store(*word, Ordering::Relaxed);
        }
        self.seg
            .entry_atomic::<AtomicU32>(index, field::ID_LEN)
            .store(id.len, Ordering::Release);
    }

    fn write_owner(&self, index: usize, owner: ProcessIdentity) {
        self.seg
            .entry_atomic::<AtomicU32>(index, field::PID)
            .store(owner.pid, Ordering::Relaxed);
        self.seg
            .entry_atomic::<AtomicU64>(index, field::START_TIME)
            .store(owner.start_time, Ordering::Relaxed);
    }

    /// Producer, before the segment is ready: hold events from sequence 0 for `id` in entry
    /// `index`.
    pub(crate) fn reserve_named(&self, index: usize, id: &PackedId) {
        self.write_id(index, id);
        self.cursor(index).store(-1, Ordering::Relaxed);
        self.role_word(index)
            .store(Role::Named as u32, Ordering::Relaxed);
        self.state_word(index)
            .store(EntryState::Reserved as u32, Ordering::Release);
    }

    /// Producer, before the segment is ready: hold events from sequence 0 for whichever
    /// consumer takes entry `index` first.
    pub(crate) fn reserve_open(&self, index: usize) {
        self.cursor(index).store(-1, Ordering::Relaxed);
        self.role_word(index)
            .store(Role::Open as u32, Ordering::Relaxed);
        self.state_word(index)
            .store(EntryState::Reserved as u32, Ordering::Release);
    }

    /// Takes the join lock for `me`, waiting up to [`LOCK_TIMEOUT`] and breaking it if its
    /// holder died.
    pub(crate) fn lock(&self, me: ProcessIdentity) -> Result<JoinLockGuard<'a>, JoinError> {
        let lock = self.seg.join_lock();
        let mine = (u64::from(me.pid) << 32) | 1;
        let started = Instant::now();
        let mut last_check = started;
        loop {
            let held = lock.load(Ordering::Relaxed);
            if held == 0 {
                if lock
                    .compare_exchange(0, mine, Ordering::Acquire, Ordering::Relaxed)
                    .is_ok()
                {
                    return Ok(JoinLockGuard { lock, mine });
                }
                continue;
            }
            let now = Instant::now();
            if now.duration_since(last_check) >= LOCK_HOLDER_CHECK {
                last_check = now;
                let holder = ProcessIdentity {
                    pid: (held >> 32) as u32,
                    start_time: 0,
                };
                if holder.liveness() == Liveness::Dead
                    && lock
                        .compare_exchange(held, mine, Ordering::Acquire, Ordering::Relaxed)
                        .is_ok()
                {
                    return Ok(JoinLockGuard { lock, mine });
                }
            }
            if now.duration_since(started) >= LOCK_TIMEOUT {
                return Err(JoinError::LockTimeout);
            }
            sync::yield_now();
        }
    }

    /// Joins as `id` (or anonymously), owned by `me`. See the module docs for the rules; the
    /// producer is guaranteed not to overwrite `Joined::next` once this returns.
    pub(crate) fn join(
        &self,
        id: Option<&PackedId>,
        me: ProcessIdentity,
    ) -> Result<Joined, JoinError> {
        let _guard = self.lock(me)?;
        if let Some(id) = id
            && let Some(index) = self.find(id)
        {
            return self.join_own_entry(index, id, me);
        }
        // No entry carries this id: take a reserved open place, then a released open place,
        // then any unused entry as a plain (non-gating) consumer.
        let pick = |want_state: EntryState, want_role: Option<Role>| {
            (0..self.len()).find(|&i| {
                self.state(i) == Some(want_state)
                    && want_role.is_none_or(|r| self.role(i) == Some(r))
            })
        };
        let (index, role) = if let Some(i) = pick(EntryState::Reserved, Some(Role::Open)) {
            (i, Role::Open)
        } else if let Some(i) = pick(EntryState::Left, Some(Role::Open)) {
            (i, Role::Open)
        } else if let Some(i) =
            pick(EntryState::Free, None).or_else(|| pick(EntryState::Left, Some(Role::Plain)))
        {
            (i, Role::Plain)
        } else {
            return Err(JoinError::TableFull);
        };
        let anonymous;
        let id = match id {
            Some(id) => id,
            None => {
                anonymous = PackedId::new(&format!("ad_{index}")).expect("short ascii id");
                &anonymous
            }
        };
        self.write_id(index, id);
        self.role_word(index).store(role as u32, Ordering::Relaxed);
        if self.state(index) == Some(EntryState::Reserved) {
            Ok(self.activate_held(index, id, me))
        } else {
            Ok(self.activate_late(index, id, role, me))
        }
    }

    fn join_own_entry(
        &self,
        index: usize,
        id: &PackedId,
        me: ProcessIdentity,
    ) -> Result<Joined, JoinError> {
        match self.state(index) {
            Some(EntryState::Reserved) => Ok(self.activate_held(index, id, me)),
            Some(EntryState::Active) => {
                let owner = self.owner(index);
                if owner.liveness() == Liveness::Alive {
                    return Err(JoinError::IdInUse { pid: owner.pid });
                }
                // Its owner died: resume from its cursor. The producer kept gating on it, so
                // nothing after that cursor was overwritten.
                Ok(self.activate_held(index, id, me))
            }
            _ => {
                let role = self.role(index).unwrap_or(Role::Plain);
                Ok(self.activate_late(index, id, role, me))
            }
        }
    }

    /// Claims an entry whose cursor the producer already respects; resumes after that cursor.
    ///
    /// The cursor is clamped to `[-1, producer cursor]` (and stored back) exactly as the
    /// producer clamps it when gating (`Sequencer::min_gating`): a cursor a peer scribbled on
    /// must not start the reader beyond what was published, nor overflow `cursor + 1`.
    fn activate_held(&self, index: usize, id: &PackedId, me: ProcessIdentity) -> Joined {
        self.write_owner(index, me);
        let epoch = self
            .epoch_word(index)
            .fetch_add(1, Ordering::AcqRel)
            .wrapping_add(1);
        self.state_word(index)
            .store(EntryState::Active as u32, Ordering::Release);
        self.seg.table_generation().fetch_add(1, Ordering::AcqRel);
        let published = self.published();
        let cursor = self
            .cursor(index)
            .load(Ordering::Acquire)
            .clamp(-1, published);
        self.cursor(index).store(cursor, Ordering::Release);
        Joined {
            index,
            id: id.decode().unwrap_or_default(),
            next: cursor + 1,
            gating: matches!(self.role(index), Some(Role::Named | Role::Open)),
            epoch,
        }
    }

    /// Claims an entry the producer does not yet know, starting after the producer's cursor.
    ///
    /// Dekker-style handshake with the producer's gating refresh (`Sequencer::min_gating`): we
    /// make the entry visible, then (after a SeqCst fence) read the producer cursor, carry it
    /// forward over published stamps to `p`, and start at `p + 1`. A refresh that missed our
    /// entry stored the cursor before its own fence, so our load sees at least what it had
    /// published and its limit is at most `p + capacity`: the slot of `p + 1` cannot be
    /// overwritten before a refresh that sees us.
    fn activate_late(
        &self,
        index: usize,
        id: &PackedId,
        role: Role,
        me: ProcessIdentity,
    ) -> Joined {
        let producer = self.seg.producer_cursor();
        self.cursor(index)
            .store(producer.load(Ordering::Acquire), Ordering::Relaxed);
        self.write_owner(index, me);
        let epoch = self
            .epoch_word(index)
            .fetch_add(1, Ordering::AcqRel)
            .wrapping_add(1);
        self.role_word(index).store(role as u32, Ordering::Relaxed);
        self.state_word(index)
            .store(EntryState::Active as u32, Ordering::Release);
        self.seg.table_generation().fetch_add(1, Ordering::AcqRel);
        fence(Ordering::SeqCst);
        let start_after = self.published();
        self.cursor(index).store(start_after, Ordering::Release);
        Joined {
            index,
            id: id.decode().unwrap_or_default(),
            next: start_after + 1,
            gating: role != Role::Plain,
            epoch,
        }
    }

    /// The last published sequence as a joiner may trust it: within `[-1, MAX_START]`, whatever
    /// a peer wrote to the cursor or the stamps.
    fn published(&self) -> i64 {
        self.seg.last_published().clamp(-1, MAX_START)
    }

    /// Marks entry `index` left, if `epoch` still owns it; the producer stops waiting for it at
    /// its next gating refresh.
    pub(crate) fn leave(&self, index: usize, epoch: u64) {
        if self.epoch(index) != epoch {
            return; // taken over after we were presumed dead; not ours to release
        }
        self.state_word(index)
            .store(EntryState::Left as u32, Ordering::Release);
        self.seg.table_generation().fetch_add(1, Ordering::AcqRel);
    }

    /// Producer: make sure `id` gates. Reserves a free entry holding events from after
    /// `last_published` when no entry carries `id`; turns a plain entry into a named one.
    /// Returns whether `id` gates afterwards.
    pub(crate) fn require(&self, id: &PackedId, last_published: i64, me: ProcessIdentity) -> bool {
        let Ok(_guard) = self.lock(me) else {
            return false;
        };
        if let Some(index) = self.find(id) {
            if self.role(index) == Some(Role::Plain) {
                self.role_word(index)
                    .store(Role::Named as u32, Ordering::Release);
                self.seg.table_generation().fetch_add(1, Ordering::AcqRel);
            }
            return self.gates(index) || self.state(index) == Some(EntryState::Left);
        }
        let Some(index) = (0..self.len()).find(|&i| self.state(i) == Some(EntryState::Free)) else {
            return false;
        };
        self.write_id(index, id);
        self.cursor(index).store(last_published, Ordering::Relaxed);
        self.role_word(index)
            .store(Role::Named as u32, Ordering::Relaxed);
        self.state_word(index)
            .store(EntryState::Reserved as u32, Ordering::Release);
        self.seg.table_generation().fetch_add(1, Ordering::AcqRel);
        true
    }

    /// Number of entries with a consumer attached.
    pub(crate) fn active_count(&self) -> usize {
        (0..self.len())
            .filter(|&i| self.state(i) == Some(EntryState::Active))
            .count()
    }
}

/// Holds the join lock; releases it on drop.
pub(crate) struct JoinLockGuard<'a> {
    lock: &'a AtomicU64,
    mine: u64,
}

impl Drop for JoinLockGuard<'_> {
    fn drop(&mut self) {
        // Only release what we hold: if a peer broke the lock believing us dead, leave it.
        let _ = self
            .lock
            .compare_exchange(self.mine, 0, Ordering::Release, Ordering::Relaxed);
    }
}
