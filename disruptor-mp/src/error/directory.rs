//! A directory refused for ring files (the file backend), by both roles.

use std::io;

/// Why a directory cannot hold ring files. A ring file is only as private as its directory:
/// whoever may write to the directory may remove the file and put their own in its place.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum DirectoryProblem {
    /// The path is a symbolic link; it is never followed.
    #[error("it is a symbolic link, which is never followed; name the real directory")]
    Symlink,
    /// The path is not a directory.
    #[error("it is not a directory")]
    NotADirectory,
    /// The directory belongs to another user (neither this process's effective user nor root).
    #[error("it is owned by uid {owner_uid}, not by this user or root")]
    NotOwned {
        /// Its owner.
        owner_uid: u32,
    },
    /// Group or others may write to the directory, and it has no sticky bit, so they could
    /// replace a ring file.
    #[error(
        "group or others may write to it (mode {:#o}) and it has no sticky bit, so they could replace ring files; `chmod go-w` it or use a private directory",
        mode & 0o7777
    )]
    WritableByOthers {
        /// Its mode bits.
        mode: u32,
    },
    /// The OS refused to open it (it does not exist, or we may not search it).
    #[error("{0}")]
    Os(#[source] io::Error),
}
