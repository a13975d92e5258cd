//! The output directory of a batch: a lock file so that two batches never work in one directory at
//! once, and the removal of temporaries left there by killed runs.

use crate::error::Error;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

/// Name of the lock file in the output directory; it holds the pid of the batch that owns it.
pub const LOCK_FILE: &str = ".oncoprofile.lock";

/// A lock without a pid yet (its owner is between creating and writing it) counts as held this long.
const UNWRITTEN_LOCK_GRACE: Duration = Duration::from_secs(10);

#[derive(Debug, thiserror::Error)]
pub enum OutdirError {
    #[error(
        "another oncoprofile batch ({}) is writing to {}; wait for it to finish \
         (a lock whose process has ended is taken over)",
        .pid.map_or_else(|| "pid not yet written".to_string(), |p| format!("pid {p}")),
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
        }
    }
}

/// Whether process `pid` is alive; None where that cannot be told (no `/proc`).
pub fn pid_alive(pid: u32) -> Option<bool> {
    if pid == std::process::id() {
        return Some(true);
    }
    let proc = Path::new("/proc");
    if !proc.join("self").exists() {
        return None;
    }
    Some(proc.join(pid.to_string()).exists())
}

/// The lock of an output directory, released (the file removed) on drop.
#[derive(Debug)]
pub struct OutdirLock {
    path: PathBuf,
}

enum Holder {
    Live(Option<u32>),
    Stale(Option<u32>),
}

impl OutdirLock {
    /// Take `<dir>/.oncoprofile.lock` (`create_new`, holding our pid). A lock whose process has
    /// ended is taken over; one held by a live process is refused.
    pub fn acquire(dir: &Path) -> Result<OutdirLock, OutdirError> {
        let path = dir.join(LOCK_FILE);
        let fail = |reason: String| OutdirError::Lock {
            lock: path.clone(),
            reason,
        };
        for _ in 0..3 {
            match std::fs::OpenOptions::new().write(true).create_new(true).open(&path) {
                Ok(mut f) => {
                    if let Err(e) = writeln!(f, "{}", std::process::id()) {
                        let _ = std::fs::remove_file(&path);
                        return Err(fail(e.to_string()));
                    }
                    return Ok(OutdirLock { path });
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => match holder(&path) {
                    Holder::Live(pid) => {
                        return Err(OutdirError::Locked {
                            dir: dir.to_path_buf(),
                            lock: path.clone(),
                            pid,
                        })
                    }
                    Holder::Stale(pid) => {
                        tracing::warn!(
                            "{}: taking over the lock of a batch that has ended (pid {})",
                            path.display(),
                            pid.map_or_else(|| "unknown".to_string(), |p| p.to_string())
                        );
                        match std::fs::remove_file(&path) {
                            Ok(()) => {}
                            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                            Err(e) => return Err(fail(e.to_string())),
                        }
                    }
                },
                Err(e) => return Err(fail(e.to_string())),
            }
        }
        Err(fail("the lock file keeps reappearing".into()))
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for OutdirLock {
    fn drop(&mut self) {
        // Remove the lock only while it is still ours.
        if read_pid(&self.path) == Some(std::process::id()) {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

fn read_pid(path: &Path) -> Option<u32> {
    let mut s = String::new();
    std::fs::File::open(path).ok()?.take(64).read_to_string(&mut s).ok()?;
    s.trim().parse().ok()
}

fn holder(path: &Path) -> Holder {
    match read_pid(path) {
        Some(pid) => match pid_alive(pid) {
            Some(false) => Holder::Stale(Some(pid)),
            _ => Holder::Live(Some(pid)),
        },
        None => {
            let recent = std::fs::metadata(path)
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| t.elapsed().ok())
                .is_some_and(|age| age < UNWRITTEN_LOCK_GRACE);
            if recent {
                Holder::Live(None)
            } else {
                Holder::Stale(None)
            }
        }
    }
}

/// The pid in a temporary's name `.<name>.<pid>.tmp` (the pattern of
/// [`crate::output::write_atomic_with`]).
pub fn temporary_pid(file_name: &str) -> Option<u32> {
    let rest = file_name.strip_prefix('.')?.strip_suffix(".tmp")?;
    let (name, pid) = rest.rsplit_once('.')?;
    if name.is_empty() || pid.is_empty() || !pid.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    pid.parse().ok()
}

/// Remove temporaries of our own pattern left in `dir` by killed runs: those whose pid is not a
/// live process (or, where liveness cannot be told, that are older than `started`). Returns how
/// many were removed.
pub fn remove_stale_temporaries(dir: &Path, started: SystemTime) -> usize {
    let Ok(rd) = std::fs::read_dir(dir) else { return 0 };
    let mut removed = 0;
    for entry in rd.flatten() {
        let name = entry.file_name();
        let Some(pid) = temporary_pid(&name.to_string_lossy()) else {
            continue;
        };
        let Ok(meta) = entry.path().symlink_metadata() else {
            continue;
        };
        if !meta.is_file() || pid == std::process::id() {
            continue;
        }
        let stale = match pid_alive(pid) {
            Some(alive) => !alive,
            None => meta.modified().is_ok_and(|t| t < started),
        };
        if stale && std::fs::remove_file(entry.path()).is_ok() {
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
    fn temporary_names() {
        assert_eq!(temporary_pid(".P34.json.27598.tmp"), Some(27598));
        assert_eq!(temporary_pid(".cohort.tsv.1.tmp"), Some(1));
        assert_eq!(temporary_pid("P34.json.27598.tmp"), None);
        assert_eq!(temporary_pid("..27598.tmp"), None);
        assert_eq!(temporary_pid(".P34.json.x1.tmp"), None);
        assert_eq!(temporary_pid(".P34.json.tmp"), None);
    }

    #[test]
    fn lock_is_exclusive_and_released() {
        let d = tempfile::tempdir().unwrap();
        let lock = OutdirLock::acquire(d.path()).unwrap();
        assert!(d.path().join(LOCK_FILE).exists());
        // Our own pid is alive: a second lock is refused.
        assert!(matches!(
            OutdirLock::acquire(d.path()),
            Err(OutdirError::Locked { pid: Some(_), .. })
        ));
        drop(lock);
        assert!(!d.path().join(LOCK_FILE).exists());
    }
}
