//! Why a ring could not be inspected: one variant per thing an operator does differently, so a
//! tool can map each to its own exit code.

use crate::error::{AttachError, CorruptReason, CreateError, DirectoryError, DirectoryProblem};
use std::path::PathBuf;

/// Why [`super::RingInspector::open`], [`super::list_rings`] or [`super::collect_garbage`]
/// failed. Every message is one line.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum InspectError {
    /// Nothing is at the name.
    #[error("ring {ring}: no such ring")]
    NotFound {
        /// The ring as named.
        ring: String,
    },
    /// Something is at the name, but not a disruptor-mp ring (another program's object, a
    /// FIFO, a symbolic link): it is never judged or removed.
    #[error("ring {ring}: not a disruptor-mp ring ({reason})")]
    NotARing {
        /// The ring as named.
        ring: String,
        /// What was found.
        reason: CorruptReason,
    },
    /// A disruptor-mp ring whose bytes contradict its format.
    #[error("ring {ring}: corrupt ({reason})")]
    Corrupt {
        /// The ring as named.
        ring: String,
        /// What is wrong.
        reason: CorruptReason,
    },
    /// A ring written by another format version, crate version or platform than this reader's.
    #[error("ring {ring}: incompatible ({source})")]
    Incompatible {
        /// The ring as named.
        ring: String,
        /// The version or platform difference.
        source: AttachError,
    },
    /// This user may not read the ring.
    #[error("ring {ring}: permission denied")]
    PermissionDenied {
        /// The ring as named.
        ring: String,
    },
    /// The ring is still being created (its state has not become ready).
    #[error("ring {ring}: still being created")]
    NotReady {
        /// The ring as named.
        ring: String,
    },
    /// The name or path cannot name a ring (empty, or with `/` or NUL in a shared-memory name).
    #[error("ring {ring:?}: invalid name ({reason})")]
    InvalidName {
        /// The ring as named.
        ring: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// The directory of a ring file was refused before anything in it was read.
    #[error("directory {dir:?}: {problem}")]
    Directory {
        /// The directory.
        dir: PathBuf,
        /// Why it was refused.
        problem: DirectoryProblem,
    },
    /// A ring could not be removed (`gc`).
    #[error("ring {ring}: not removed ({source})")]
    Remove {
        /// The ring as named.
        ring: String,
        /// Why.
        source: CreateError,
    },
    /// Any other OS error.
    #[error("ring {ring}: {source}")]
    Os {
        /// The ring as named.
        ring: String,
        /// The error.
        source: std::io::Error,
    },
}

impl InspectError {
    /// The error an attach-style open of `ring` gave, as an inspector reports it.
    pub(crate) fn from_attach(ring: &str, err: AttachError) -> Self {
        let ring = ring.to_owned();
        match err {
            AttachError::SegmentNotFound { .. } => Self::NotFound { ring },
            AttachError::PermissionDenied { .. } => Self::PermissionDenied { ring },
            AttachError::NotReady { .. } => Self::NotReady { ring },
            AttachError::Corrupt { reason, .. } => match reason {
                CorruptReason::BadMagic
                | CorruptReason::NotARegularFile
                | CorruptReason::Symlink => Self::NotARing { ring, reason },
                reason => Self::Corrupt { ring, reason },
            },
            err @ (AttachError::VersionMismatch { .. } | AttachError::ForeignPlatform { .. }) => {
                Self::Incompatible { ring, source: err }
            }
            AttachError::Directory(DirectoryError { dir, problem }) => {
                Self::Directory { dir, problem }
            }
            AttachError::Os { source, .. } => Self::Os { ring, source },
            other => Self::Os {
                ring,
                source: std::io::Error::other(other.to_string()),
            },
        }
    }

    /// The error judging or removing `ring` gave (`gc`).
    pub(crate) fn from_create(ring: &str, err: CreateError) -> Self {
        let ring = ring.to_owned();
        match err {
            CreateError::PermissionDenied { .. } => Self::PermissionDenied { ring },
            CreateError::NameTaken { reason, .. } => Self::NotARing { ring, reason },
            CreateError::Directory(DirectoryError { dir, problem }) => {
                Self::Directory { dir, problem }
            }
            source => Self::Remove { ring, source },
        }
    }
}
