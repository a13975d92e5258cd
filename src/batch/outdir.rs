//! The output directory of a batch: an OS advisory lock (`flock`) on `.oncoprofile.lock` so that two
//! batches never work in one directory at once (also across the nodes of a cluster's shared
//! filesystem, where the filesystem supports locks), and the removal of this tool's temporaries
//! left there by killed runs.

use crate::error::Error;
use crate::output::{temporary_pid, TEMP_PREFIX};
use std::fs::File;
use std::io::{Read, Seek, Write};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// Name of the lock file in the output directory. The lock is the `flock` held on it; the pid written
/// into it is information for the message only. The file stays after a run (removing it would race
/// with a batch opening it).
pub(crate) const LOCK_FILE: &str = ".oncoprofile.lock";

#[derive(Debug, thiserror::Error)]
pub enum OutdirError {
    #[error(
        "another oncoprofile batch ({}) is writing to {}; wait for it to finish",
        .pid.map_or_else(|| "pid unknown".to_string(), |p| format!("pid {p}")),
        .dir.display()
    )]
    Locked {
        dir: PathBuf,
        lock: PathBuf,
        pid: Option<u32>,
    },
    #[error("cannot take the lock: {reason}")]
    Lock { lock: PathBuf, reason: String },
}

impl From<OutdirError> for Error {
    fn from(e: OutdirError) -> Error {
        let file = match &e {
            OutdirError::Locked { lock, .. } | OutdirError::Lock { lock, .. } => lock.clone(),
        };
        Error::Output {
            file,
            reason: e.to_string(),
            cause: Some(Box::new(e)),
        }
    }
}

/// Whether process `pid` is alive on this machine; None where that cannot be told (no `/proc`).
pub(crate) fn pid_alive(pid: u32) -> Option<bool> {
    if pid == std::process::id() {
        return Some(true);
    }
    let proc = Path::new("/proc");
    if !proc.join("self").exists() {
        return None;
    }
    Some(proc.join(pid.to_string()).exists())
}

/// The lock of an output directory: the open lock file holding an exclusive `flock`, released
/// when dropped (closing the file releases it; the OS releases it when the process dies).
#[derive(Debug)]
pub struct OutdirLock {
    /// None where the filesystem does not support locks (a warning said so).
    _file: Option<File>,
}

/// Whether an error of `flock` means that the filesystem does not support locks.
fn locks_unsupported(e: &std::io::Error) -> bool {
    matches!(e.raw_os_error(), Some(c) if c == libc::ENOLCK || c == libc::EOPNOTSUPP || c == libc::ENOSYS)
}

impl OutdirLock {
    /// Take an exclusive advisory lock on `<dir>/.oncoprofile.lock` (created if needed). A lock held
    /// by another process is refused; a file nobody holds is not a lock, whatever it contains.
    /// On a filesystem without locks the run goes ahead with a warning saying so.
    pub fn acquire(dir: &Path) -> Result<OutdirLock, OutdirError> {
        let path = dir.join(LOCK_FILE);
        let fail = |reason: String| OutdirError::Lock {
            lock: path.clone(),
            reason,
        };
        if let Some(kind) = crate::output::special_kind(&path) {
            return Err(fail(format!("the lock file is {kind}, not a regular file")));
        }
        let mut file = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(|e| fail(e.to_string()))?;
        match fs4::FileExt::try_lock(&file) {
            Ok(()) => {}
            Err(fs4::TryLockError::WouldBlock) => {
                return Err(OutdirError::Locked {
                    dir: dir.to_path_buf(),
                    lock: path.clone(),
                    pid: read_pid(&mut file),
                })
            }
            Err(fs4::TryLockError::Error(e)) if locks_unsupported(&e) => {
                tracing::warn!(
                    "{}: the filesystem does not support file locks ({e}): another batch writing to this \
                     directory at the same time would not be detected",
                    path.display()
                );
                return Ok(OutdirLock { _file: None });
            }
            Err(fs4::TryLockError::Error(e)) => return Err(fail(e.to_string())),
        }
        let pid = std::process::id();
        let note = (|| {
            file.set_len(0)?;
            file.rewind()?;
            writeln!(file, "{pid}")
        })();
        note.map_err(|e| fail(e.to_string()))?;
        Ok(OutdirLock { _file: Some(file) })
    }
}

fn read_pid(f: &mut File) -> Option<u32> {
    let mut s = String::new();
    f.rewind().ok()?;
    f.take(64).read_to_string(&mut s).ok()?;
    s.trim().parse().ok()
}

/// Remove this tool's temporaries ([`TEMP_PREFIX`]) left in `dir` by killed runs: regular files
/// last modified before `started` whose pid is not a live process here. Called with the
/// directory's lock held. Any other file, whatever its name, is left alone. Returns how many were
/// removed.
pub fn remove_stale_temporaries(dir: &Path, started: SystemTime) -> usize {
    let Ok(rd) = std::fs::read_dir(dir) else { return 0 };
    let mut removed = 0;
    for entry in rd.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if !name.starts_with(TEMP_PREFIX) {
            continue;
        }
        let Some(pid) = temporary_pid(&name) else {
            continue;
        };
        let Ok(meta) = entry.path().symlink_metadata() else {
            continue;
        };
        if !meta.is_file() || pid == std::process::id() || pid_alive(pid) == Some(true) {
            continue;
        }
        let old = meta.modified().is_ok_and(|t| t < started);
        if old && std::fs::remove_file(entry.path()).is_ok() {
            tracing::info!("removed {} left by an ended run", entry.path().display());
            removed += 1;
        }
    }
    removed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lock_is_exclusive_and_released() {
        let d = tempfile::tempdir().unwrap();
        let lock = OutdirLock::acquire(d.path()).unwrap();
        assert!(d.path().join(LOCK_FILE).exists());
        // flock locks belong to the open file: a second open in this process is refused too.
        assert!(matches!(
            OutdirLock::acquire(d.path()),
            Err(OutdirError::Locked { pid: Some(p), .. }) if p == std::process::id()
        ));
        drop(lock);
        // Released: the file stays, and is not a lock.
        assert!(d.path().join(LOCK_FILE).exists());
        let again = OutdirLock::acquire(d.path()).unwrap();
        drop(again);
    }

    #[test]
    fn a_file_nobody_holds_is_not_a_lock() {
        let d = tempfile::tempdir().unwrap();
        // Our own, live pid in a file nobody has locked: taken.
        std::fs::write(d.path().join(LOCK_FILE), format!("{}\n", std::process::id())).unwrap();
        assert!(OutdirLock::acquire(d.path()).is_ok());
        std::fs::write(d.path().join(LOCK_FILE), "garbage").unwrap();
        assert!(OutdirLock::acquire(d.path()).is_ok());
    }
}
