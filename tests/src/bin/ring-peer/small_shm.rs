//! Running in a private, small `/dev/shm`, and the roles that need one.
//!
//! Any role given `private-shm-bytes=N` first moves into a new mount namespace and mounts a tmpfs
//! of `N` bytes over `/dev/shm` there (root only). Nothing of it is visible outside, and the
//! kernel removes the tmpfs with everything in it when the peer exits. Where the namespace cannot
//! be made (not root, no mount namespaces in this container), the peer prints `SKIP msg=<why>`
//! and exits 0, and the test skips.
//!
//! - `out-of-space name= big-capacity= small-capacity=`: tries to create a ring too large for
//!   the tmpfs and prints `BIG outcome=… [kind= needed= available=] leftovers=<entries> msg=…`,
//!   then creates a small ring and prints `RESULT outcome=ok|err …`.
//! - `sparse-attach name= object-bytes= header=garbage|ring`: makes a sparse object of
//!   `object-bytes` (far more than the tmpfs holds) whose first page is garbage or a real ring's
//!   header, attaches to it as a consumer, and prints `RESULT outcome=… kind= reason=
//!   grew=<bytes the tmpfs used more after the attach> msg=…`.

use crate::args::Args;
use crate::hold::describe_error;
use disruptor_mp::{CreateError, attach_shared_consumer, build_shared_single_producer};
use disruptor_mp_tests::event::PeerEvent;
use disruptor_mp_tests::report::Report;
use disruptor_mp_tests::shm;
use std::ffi::CString;
use std::io;
use std::time::Duration;

/// Enters a new mount namespace with a tmpfs of `bytes` bytes over `/dev/shm`. Must run while
/// the process has one thread (before anything spawns one).
pub fn enter(bytes: u64) -> io::Result<()> {
    // SAFETY: `unshare` takes flags only; the process is single-threaded, so the new mount
    // namespace covers all of it.
    if unsafe { libc::unshare(libc::CLONE_NEWNS) } != 0 {
        return Err(io::Error::last_os_error());
    }
    let root = CString::new("/").expect("no NUL");
    // Make every mount private in the new namespace, so the tmpfs below never propagates back to
    // the namespace the test runs in.
    // SAFETY: every pointer is a NUL-terminated string that outlives the call, or null where
    // `mount` allows it (no source, type or data for a propagation change).
    let rc = unsafe {
        libc::mount(
            core::ptr::null(),
            root.as_ptr(),
            core::ptr::null(),
            libc::MS_REC | libc::MS_PRIVATE,
            core::ptr::null(),
        )
    };
    if rc != 0 {
        return Err(io::Error::last_os_error());
    }
    let source = CString::new("tmpfs").expect("no NUL");
    let target = CString::new(shm::SHM_DIR).expect("no NUL");
    let options = CString::new(format!("size={bytes},mode=1777")).expect("no NUL");
    // SAFETY: every pointer is a NUL-terminated string that outlives the call; tmpfs reads its
    // data argument as a NUL-terminated option string.
    let rc = unsafe {
        libc::mount(
            source.as_ptr(),
            target.as_ptr(),
            source.as_ptr(),
            libc::MS_NOSUID | libc::MS_NODEV,
            options.as_ptr().cast(),
        )
    };
    if rc != 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(())
}

/// Bytes in use in the file system at `/dev/shm`.
pub fn used_bytes() -> Result<u64, String> {
    let path = CString::new(shm::SHM_DIR).expect("no NUL");
    let mut stats = core::mem::MaybeUninit::<libc::statvfs>::uninit();
    // SAFETY: `path` is NUL-terminated and outlives the call; `stats` is writable memory of the
    // size `statvfs` fills.
    if unsafe { libc::statvfs(path.as_ptr(), stats.as_mut_ptr()) } != 0 {
        return Err(format!(
            "statvfs {}: {}",
            shm::SHM_DIR,
            io::Error::last_os_error()
        ));
    }
    // SAFETY: `statvfs` returned 0, so it filled the whole struct.
    let stats = unsafe { stats.assume_init() };
    Ok((stats.f_blocks - stats.f_bfree) * stats.f_frsize)
}

pub fn out_of_space(args: &Args) -> Result<(), String> {
    let name = args.str("name")?;
    let big = args
        .producer::<PeerEvent>(name, args.get("big-capacity")?)?
        .build_producer(PeerEvent::default);
    let mut report = Report::new("BIG");
    let msg = match big {
        Ok(producer) => {
            drop(producer);
            report = report.with("outcome", "ok");
            "-".to_owned()
        }
        Err(err) => {
            report = report.with("outcome", "err");
            if let CreateError::OutOfSpace {
                needed, available, ..
            } = &err
            {
                report = report
                    .with("kind", "OutOfSpace")
                    .with("needed", needed)
                    .with(
                        "available",
                        available.map_or_else(|| "unknown".to_owned(), |bytes| bytes.to_string()),
                    );
            } else {
                report = report.with(
                    "kind",
                    format!("{err:?}")
                        .split(|c: char| !c.is_ascii_alphanumeric())
                        .next()
                        .unwrap_or_default()
                        .to_owned(),
                );
            }
            err.to_string()
        }
    };
    report
        .with("leftovers", shm::snapshot().len())
        .with("used", used_bytes()?)
        .with("msg", msg)
        .print();
    let small = args
        .producer::<PeerEvent>(name, args.get("small-capacity")?)?
        .build_producer(PeerEvent::default);
    let result = match small {
        Ok(producer) => {
            drop(producer);
            Report::new("RESULT").with("outcome", "ok")
        }
        Err(err) => describe_error(Report::new("RESULT").with("outcome", "err"), &err),
    };
    result.print();
    Ok(())
}

pub fn sparse_attach(args: &Args) -> Result<(), String> {
    let name = args.str("name")?;
    let object_bytes: usize = args.get("object-bytes")?;
    const CAPACITY: usize = 64;
    let header = match args.str("header")? {
        // No magic, and a zero state word (a creation that never finished).
        "garbage" => b"not a ring, just a huge sparse object".to_vec(),
        // The header page of a real, closed ring of the same event type and capacity.
        "ring" => {
            let producer = build_shared_single_producer::<PeerEvent>(name, CAPACITY)
                .build_producer(PeerEvent::default)
                .map_err(|err| format!("build_producer({name}): {err}"))?;
            let mut bytes = shm::read_all(name).map_err(|err| format!("read {name}: {err}"))?;
            drop(producer);
            bytes.truncate(4096);
            bytes
        }
        other => return Err(format!("header={other:?} is neither garbage nor ring")),
    };
    shm::create_raw(name, object_bytes, &header).map_err(|err| format!("forge {name}: {err}"))?;
    let before = used_bytes()?;
    let attached = attach_shared_consumer::<PeerEvent>(name, CAPACITY)
        .with_ready_timeout(Duration::from_millis(500))
        .build_consumer();
    let grew = used_bytes()?.saturating_sub(before);
    let report = match attached {
        Ok(consumer) => {
            drop(consumer);
            Report::new("RESULT").with("outcome", "ok")
        }
        Err(err) => describe_error(Report::new("RESULT").with("outcome", "err"), &err),
    };
    shm::unlink(name).map_err(|err| format!("unlink {name}: {err}"))?;
    report.with("grew", grew).print();
    Ok(())
}
