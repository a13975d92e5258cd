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
    let err = |e: std::io::Error| Error::output(path, e);
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
    replace(path, fill).map_err(err)
}

/// Write into a directory this tool owns (a batch's output directory): always a temporary file
/// renamed over `path`, never written in place. A FIFO, device or socket at `path` (or a symlink
/// to one) is refused: it is never opened.
pub(crate) fn write_regular_with(path: &Path, fill: impl FnOnce(&mut dyn Write) -> std::io::Result<()>) -> Result<()> {
    let err = |reason: String| Error::Output {
        file: path.to_path_buf(),
        reason,
        cause: None,
    };
    if let Some(kind) = special_kind(path) {
        return Err(err(format!("is {kind}, not a regular file: remove it")));
    }
    replace(path, fill).map_err(|e| err(e.to_string()))
}

/// [`write_regular_with`] of bytes.
pub(crate) fn write_regular(path: &Path, bytes: &[u8]) -> Result<()> {
    write_regular_with(path, |w| w.write_all(bytes))
}

/// What `path` is when it exists and is not a regular file or a directory (symlinks followed):
/// "a FIFO", "a device", "a socket"; a dangling or looping symlink counts as not special.
pub(crate) fn special_kind(path: &Path) -> Option<&'static str> {
    let meta = std::fs::metadata(path).ok()?;
    let t = meta.file_type();
    if t.is_file() {
        return None;
    }
    if t.is_dir() {
        return Some("a directory");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return Some("a FIFO");
        }
        if t.is_socket() {
            return Some("a socket");
        }
    }
    Some("a device")
}

/// Stream into a new temporary beside `path`, then rename it over `path`.
fn replace(path: &Path, fill: impl FnOnce(&mut dyn Write) -> std::io::Result<()>) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    // An unpredictable name, created exclusively (O_EXCL): a file or symlink planted at any name is
    // never opened. Mode 0666 less the umask, as a plain create gives. Removed on failure (drop).
    let mut tmp = temporary_in(&dir)?;
    stream(tmp.as_file_mut(), fill)?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map(drop).map_err(|e| e.error)
}

/// The start of every temporary file's name this tool creates (`.oncoprofile-tmp-<pid>-<random>.tmp`):
/// `batch` removes stale files of this pattern only.
pub(crate) const TEMP_PREFIX: &str = ".oncoprofile-tmp-";

/// A new temporary file in `dir`, named `.oncoprofile-tmp-<pid>-<random>.tmp`, created exclusively;
/// removed when dropped unless persisted.
pub(crate) fn temporary_in(dir: &Path) -> std::io::Result<tempfile::NamedTempFile> {
    let mut b = tempfile::Builder::new();
    let prefix = format!("{TEMP_PREFIX}{}-", std::process::id());
    b.prefix(&prefix).suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        b.permissions(std::fs::Permissions::from_mode(0o666));
    }
    b.tempfile_in(dir)
}

/// The pid in the name of a temporary of ours ([`temporary_in`]); None for any other name.
pub(crate) fn temporary_pid(file_name: &str) -> Option<u32> {
    let rest = file_name.strip_prefix(TEMP_PREFIX)?.strip_suffix(".tmp")?;
    let (pid, random) = rest.split_once('-')?;
    if random.is_empty() || pid.is_empty() || !pid.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    pid.parse().ok()
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

/// A cell of a TSV output (per-patient TSV, `cohort.tsv`, `cohort_alterations.tsv`): tabs and line
/// breaks become spaces, and a cell that a spreadsheet would read as a formula (it begins with
/// `=`, `+`, `-`, `@`, a tab or a carriage return, and is not a number) gets a leading `'`, as
/// OWASP recommends against CSV/TSV formula injection. A lone `-` or `+` (a MAF's empty allele) is
/// not a formula and stays.
pub fn tsv_cell(s: &str) -> String {
    let risky =
        s.starts_with(['=', '+', '-', '@', '\t', '\r']) && s.trim().parse::<f64>().is_err() && s != "-" && s != "+";
    let clean = s.replace(['\t', '\n', '\r'], " ");
    if risky {
        format!("'{clean}")
    } else {
        clean
    }
}

/// Turn untrusted text (a patient ID from a VCF or manifest) into a safe file stem:
/// ASCII letters, digits, `.`, `_`, `-`; everything else becomes `_`; no leading dot; at most 100
/// bytes. An ID with non-ASCII characters (`患者1`) also gets `-` and the first 8 hex digits of its
/// SHA-256, so that IDs differing only there (`患者1`, `病人1`) keep distinct names.
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
    if s.is_ascii() {
        out.truncate(100);
    } else {
        use sha2::{Digest, Sha256};
        let hash = format!("{:x}", Sha256::digest(s.as_bytes()));
        out.truncate(91);
        out.push('-');
        out.push_str(&hash[..8]);
    }
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
        // Non-ASCII IDs keep distinct names: the replaced stem and a hash of the ID.
        let (a, b) = (safe_file_stem("患者1"), safe_file_stem("病人1"));
        assert_ne!(a, b);
        assert!(a.starts_with("__1-") && a.len() == 12, "{a}");
        assert!(a.bytes().all(|c| c.is_ascii_alphanumeric() || b"._-".contains(&c)));
        assert_eq!(a, safe_file_stem("患者1"), "stable");
        let long = "é".repeat(200);
        assert_eq!(safe_file_stem(&long).len(), 100);
    }

    #[test]
    fn tsv_cells_never_start_a_formula() {
        assert_eq!(
            tsv_cell("=HYPERLINK(\"http://x\",\"y\")"),
            "'=HYPERLINK(\"http://x\",\"y\")"
        );
        assert_eq!(tsv_cell("+1+cmd|' /C calc'!A0"), "'+1+cmd|' /C calc'!A0");
        assert_eq!(tsv_cell("-2+3"), "'-2+3");
        assert_eq!(tsv_cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(tsv_cell("\t=1+1"), "' =1+1");
        assert_eq!(tsv_cell("\r=1"), "' =1");
        // Numbers and ordinary text stay as they are.
        assert_eq!(tsv_cell("-1.5"), "-1.5");
        assert_eq!(tsv_cell("+3"), "+3");
        assert_eq!(tsv_cell("-2e-3"), "-2e-3");
        assert_eq!(tsv_cell("p.V600E"), "p.V600E");
        assert_eq!(tsv_cell("a\tb\nc"), "a b c");
        assert_eq!(tsv_cell("a=b"), "a=b");
        assert_eq!(tsv_cell("-"), "-");
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

    #[test]
    fn temporary_names_are_ours_only() {
        let d = tempfile::tempdir().unwrap();
        let t = temporary_in(d.path()).unwrap();
        let name = t.path().file_name().unwrap().to_string_lossy().into_owned();
        assert_eq!(temporary_pid(&name), Some(std::process::id()), "{name}");
        assert_eq!(temporary_pid(".oncoprofile-tmp-27598-aB3xYz.tmp"), Some(27598));
        assert_eq!(temporary_pid(".P34.json.27598.tmp"), None);
        assert_eq!(temporary_pid(".x.123.tmp"), None);
        assert_eq!(temporary_pid(".oncoprofile-tmp-x1-abc.tmp"), None);
        assert_eq!(temporary_pid(".oncoprofile-tmp-12-.tmp"), None);
    }

    /// A symlink planted at the name the old writer used (`.<name>.<pid>.tmp`), or at any name, is
    /// never followed: the file it points to is untouched.
    #[cfg(unix)]
    #[test]
    fn a_planted_symlink_is_never_followed() {
        let d = tempfile::tempdir().unwrap();
        let victim = d.path().join("victim.txt");
        std::fs::write(&victim, b"precious").unwrap();
        let planted = d.path().join(format!(".r.json.{}.tmp", std::process::id()));
        std::os::unix::fs::symlink(&victim, &planted).unwrap();
        let p = d.path().join("r.json");
        write_atomic(&p, b"report").unwrap();
        assert_eq!(std::fs::read(&victim).unwrap(), b"precious");
        assert_eq!(std::fs::read(&p).unwrap(), b"report");
        assert!(planted.symlink_metadata().unwrap().file_type().is_symlink());
        let names: Vec<String> = std::fs::read_dir(d.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with(TEMP_PREFIX))
            .collect();
        assert!(names.is_empty(), "no temporary left: {names:?}");
    }
}
