//! Writing outputs atomically: a temporary file in the target's directory, then a rename, so a
//! crash never leaves a half-written report. Also safe file names from untrusted text.

use crate::error::{Error, Result};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Write `bytes` to `path` atomically (`-` writes to standard output).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    write_atomic_with(path, |w| w.write_all(bytes))
}

/// Stream content into `path` atomically: `fill` writes into a buffered temporary file beside the
/// target, which is then renamed over it. `-` streams to standard output; devices and FIFOs are
/// written in place.
pub fn write_atomic_with(path: &Path, fill: impl FnOnce(&mut dyn Write) -> std::io::Result<()>) -> Result<()> {
    let err = |e: std::io::Error| Error::Output {
        file: path.to_path_buf(),
        reason: e.to_string(),
    };
    if path.as_os_str() == "-" {
        let mut out = std::io::stdout().lock();
        return stream(&mut out, fill).map_err(err);
    }
    // A device, FIFO or socket (e.g. /dev/null, a named pipe) is written in place: renaming a file over
    // it would replace the device node (as root) instead of writing to it.
    if let Ok(meta) = std::fs::metadata(path) {
        if !meta.is_file() {
            if meta.is_dir() {
                return Err(err(std::io::Error::other("is a directory")));
            }
            let mut f = std::fs::OpenOptions::new().write(true).open(path).map_err(err)?;
            return stream(&mut f, fill).map_err(err);
        }
    }
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "out".into());
    let tmp = dir.join(format!(".{}.{}.tmp", name, std::process::id()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        stream(&mut f, fill)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if let Err(e) = result {
        let _ = std::fs::remove_file(&tmp);
        return Err(err(e));
    }
    Ok(())
}

/// Stream `fill` to standard output (buffered, then flushed), keeping the I/O error so that the
/// caller can tell a closed pipe ([`is_broken_pipe`]) from a real failure.
pub fn write_stdout(fill: impl FnOnce(&mut dyn Write) -> std::io::Result<()>) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    stream(&mut out, fill)
}

/// Whether an error means the reader of our output has gone (`| head`): not a failure to report.
/// The I/O error may be wrapped (a serialiser's error inside `io::Error::other`): its causes count.
pub fn is_broken_pipe(e: &std::io::Error) -> bool {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        return true;
    }
    let mut cause: Option<&(dyn std::error::Error + 'static)> = e.get_ref().map(|c| c as _);
    while let Some(c) = cause {
        if let Some(io) = c.downcast_ref::<std::io::Error>() {
            if io.kind() == std::io::ErrorKind::BrokenPipe {
                return true;
            }
        }
        if let Some(j) = c.downcast_ref::<serde_json::Error>() {
            if j.io_error_kind() == Some(std::io::ErrorKind::BrokenPipe) {
                return true;
            }
        }
        cause = c.source();
    }
    false
}

/// Run `fill` on a buffered writer over `w`, then flush.
fn stream(w: &mut dyn Write, fill: impl FnOnce(&mut dyn Write) -> std::io::Result<()>) -> std::io::Result<()> {
    let mut b = std::io::BufWriter::with_capacity(1 << 16, w);
    fill(&mut b)?;
    b.flush()
}

/// Turn untrusted text (a patient ID from a VCF or manifest) into a safe file stem:
/// ASCII letters, digits, `.`, `_`, `-`; everything else becomes `_`; no leading dot; at most 100 bytes.
pub fn safe_file_stem(s: &str) -> String {
    let mut out: String = s
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '.' {
                c
            } else {
                '_'
            }
        })
        .collect();
    while out.starts_with('.') {
        out.replace_range(0..1, "_");
    }
    out.truncate(100);
    if out.is_empty() {
        out.push_str("patient");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn safe_names() {
        assert_eq!(safe_file_stem("P42"), "P42");
        assert_eq!(safe_file_stem("../../etc/passwd"), "_._.._etc_passwd");
        assert_eq!(safe_file_stem("a b/c<script>"), "a_b_c_script_");
        assert_eq!(safe_file_stem(""), "patient");
        assert_eq!(safe_file_stem(".hidden"), "_hidden");
    }

    #[test]
    fn devices_are_written_in_place_not_replaced() {
        write_atomic(Path::new("/dev/null"), b"x").unwrap();
        let meta = std::fs::metadata("/dev/null").unwrap();
        assert!(!meta.is_file(), "/dev/null must stay a device");
    }

    #[test]
    fn atomic_write_replaces() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("r.json");
        write_atomic(&p, b"one").unwrap();
        write_atomic(&p, b"two").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"two");
        assert_eq!(std::fs::read_dir(d.path()).unwrap().count(), 1);
    }
}
