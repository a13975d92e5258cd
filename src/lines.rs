//! Bounded reading of side files (`--targets` BED, `-R` regions, `--gene-models` GFF3/GTF, a FASTA
//! indexed in memory, knowledge-base TSVs, `kb import` inputs, the batch manifest): the same
//! longest-line limit as the VCF reader (`--max-line-bytes`, `input::Limits`), checked before a
//! line is grown past it, and a size limit for files read whole ([`MAX_SIDE_FILE_BYTES`]). An
//! endless line (`/dev/zero`) or an endless file ends with one error naming the line instead of
//! exhausting memory.
//!
//! The limit is process-wide: the commands set it from `--max-line-bytes` before reading any
//! file ([`set_max_line_bytes`]); `ONCOPROFILE_MAX_LINE_BYTES` sets it for commands without that
//! option (`kb`).

/// The longest line any reader accepts unless told otherwise (`--max-line-bytes`): 256 MiB.
pub const DEFAULT_MAX_LINE_BYTES: usize = 256 << 20;

use std::io::{self, BufRead, Read};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Largest side file read whole into memory (a knowledge-base TSV, a manifest): 1 GiB.
pub(crate) const MAX_SIDE_FILE_BYTES: u64 = 1 << 30;

static MAX_LINE: AtomicUsize = AtomicUsize::new(0);

/// Set the longest line accepted in side files (`--max-line-bytes`).
pub fn set_max_line_bytes(n: usize) {
    MAX_LINE.store(n.max(1), Ordering::Relaxed);
}

/// The longest line accepted in side files: [`set_max_line_bytes`], else
/// `ONCOPROFILE_MAX_LINE_BYTES`, else the VCF default (256 MiB).
pub(crate) fn max_line_bytes() -> usize {
    match MAX_LINE.load(Ordering::Relaxed) {
        0 => std::env::var("ONCOPROFILE_MAX_LINE_BYTES")
            .ok()
            .and_then(|v| v.trim().parse::<usize>().ok())
            .filter(|&n| n > 0)
            .unwrap_or(DEFAULT_MAX_LINE_BYTES),
        n => n,
    }
}

/// Why a side file's line could not be read; [`io::Error`]s carry it (`InvalidData`) so that the
/// readers' existing I/O error paths name the file. [`lines`] gives the errors without a line
/// number (its callers number their lines), [`read_to_string`] with one.
#[derive(Debug, thiserror::Error)]
pub(crate) enum LineError {
    #[error("the line is longer than the maximum line length ({max} bytes; raise it with --max-line-bytes)")]
    TooLong { max: usize },
    #[error("not UTF-8 text")]
    NotUtf8,
    #[error(
        "line {line}: the line is longer than the maximum line length ({max} bytes; raise it with --max-line-bytes)"
    )]
    TooLongAt { line: u64, max: usize },
    #[error("line {line}: not UTF-8 text")]
    NotUtf8At { line: u64 },
    #[error("the file is larger than the {} GiB limit for this kind of file", MAX_SIDE_FILE_BYTES >> 30)]
    TooLarge,
}

impl From<LineError> for io::Error {
    fn from(e: LineError) -> io::Error {
        io::Error::new(io::ErrorKind::InvalidData, e)
    }
}

/// Lines of `r` without their line ends (`\n` or `\r\n`), each at most [`max_line_bytes`]: a
/// bounded drop-in for [`BufRead::lines`].
pub fn lines<R: BufRead>(r: R) -> Lines<R> {
    Lines {
        r,
        max: max_line_bytes(),
        line: 0,
        offset: 0,
        done: false,
    }
}

pub struct Lines<R> {
    r: R,
    max: usize,
    line: u64,
    /// Bytes consumed, line ends included.
    offset: u64,
    done: bool,
}

impl<R: BufRead> Lines<R> {
    /// The 1-based number of the last line returned.
    pub(crate) fn line_number(&self) -> u64 {
        self.line
    }

    /// The byte offset just past the last line returned (its line end included).
    pub(crate) fn offset(&self) -> u64 {
        self.offset
    }

    fn read(&mut self) -> io::Result<Option<String>> {
        let mut buf = Vec::new();
        loop {
            let chunk = match self.r.fill_buf() {
                Ok(b) => b,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if chunk.is_empty() {
                if buf.is_empty() {
                    return Ok(None);
                }
                break;
            }
            let room = self.max.saturating_sub(buf.len());
            match memchr::memchr(b'\n', chunk) {
                Some(i) if i <= room => {
                    buf.extend_from_slice(&chunk[..i]);
                    self.r.consume(i + 1);
                    self.offset += i as u64 + 1;
                    break;
                }
                Some(_) => return Err(self.too_long()),
                None if chunk.len() > room => return Err(self.too_long()),
                None => {
                    let n = chunk.len();
                    buf.extend_from_slice(chunk);
                    self.r.consume(n);
                    self.offset += n as u64;
                }
            }
        }
        self.line += 1;
        if buf.last() == Some(&b'\r') {
            buf.pop();
        }
        String::from_utf8(buf).map(Some).map_err(|_| LineError::NotUtf8.into())
    }

    fn too_long(&mut self) -> io::Error {
        LineError::TooLong { max: self.max }.into()
    }
}

impl<R: BufRead> Iterator for Lines<R> {
    type Item = io::Result<String>;

    fn next(&mut self) -> Option<io::Result<String>> {
        if self.done {
            return None;
        }
        let r = self.read().transpose();
        if matches!(r, Some(Err(_)) | None) {
            self.done = true;
        }
        r
    }
}

/// Check the bytes of a side file already in memory: every line within [`max_line_bytes`].
pub(crate) fn check_line_lengths(text: &[u8]) -> Result<(), LineError> {
    let max = max_line_bytes();
    for (i, l) in text.split(|&b| b == b'\n').enumerate() {
        let l = l.strip_suffix(b"\r").unwrap_or(l);
        if l.len() > max {
            return Err(LineError::TooLongAt {
                line: i as u64 + 1,
                max,
            });
        }
    }
    Ok(())
}

/// Read a whole side file as text: at most [`MAX_SIDE_FILE_BYTES`] (through `Read::take`, so
/// `/dev/zero` or a growing file stops there), UTF-8, each line within [`max_line_bytes`]. A
/// bounded drop-in for [`std::fs::read_to_string`].
pub fn read_to_string(path: &Path) -> io::Result<String> {
    read_to_string_from(std::fs::File::open(path)?)
}

/// [`read_to_string`] over an open reader.
pub(crate) fn read_to_string_from(r: impl Read) -> io::Result<String> {
    let mut bytes = Vec::new();
    let max = max_line_bytes() as u64;
    // Read in slices so that an endless line is refused at the line limit, not at the file limit.
    let mut r = r.take(MAX_SIDE_FILE_BYTES + 1);
    let mut chunk = vec![0u8; 1 << 16];
    let mut line_start = 0usize;
    loop {
        let n = match r.read(&mut chunk) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        let before = bytes.len();
        bytes.extend_from_slice(&chunk[..n]);
        if let Some(i) = memchr::memrchr(b'\n', &bytes[before..]) {
            line_start = before + i + 1;
        }
        // The last line so far, less a possible '\r' before its end.
        if (bytes.len() - line_start) as u64 > max + 1 {
            let line = memchr::memchr_iter(b'\n', &bytes[..line_start]).count() as u64 + 1;
            return Err(LineError::TooLongAt {
                line,
                max: max as usize,
            }
            .into());
        }
        if bytes.len() as u64 > MAX_SIDE_FILE_BYTES {
            return Err(LineError::TooLarge.into());
        }
    }
    check_line_lengths(&bytes)?;
    String::from_utf8(bytes).map_err(|e| {
        let line = memchr::memchr_iter(b'\n', &e.as_bytes()[..e.utf8_error().valid_up_to()]).count() as u64 + 1;
        LineError::NotUtf8At { line }.into()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_bounded() {
        let mut l = Lines {
            r: io::Cursor::new(b"ab\r\ncd\n0123456789\nx".to_vec()),
            max: 4,
            line: 0,
            offset: 0,
            done: false,
        };
        assert_eq!(l.next().unwrap().unwrap(), "ab");
        assert_eq!(l.next().unwrap().unwrap(), "cd");
        let e = l.next().unwrap().unwrap_err();
        assert_eq!(
            e.to_string(),
            "the line is longer than the maximum line length (4 bytes; raise it with --max-line-bytes)"
        );
        assert!(l.next().is_none(), "stops after an error");
        let mut l = lines(io::Cursor::new(b"last".to_vec()));
        assert_eq!(l.next().unwrap().unwrap(), "last");
        assert!(l.next().is_none());
    }

    #[test]
    fn an_endless_line_stops_at_the_limit() {
        let mut l = Lines {
            r: io::BufReader::new(io::repeat(b'0')),
            max: 1 << 16,
            line: 0,
            offset: 0,
            done: false,
        };
        let e = l.next().unwrap().unwrap_err();
        assert!(e.to_string().starts_with("the line is longer"), "{e}");
    }

    #[test]
    fn whole_files_are_checked() {
        assert_eq!(read_to_string_from(&b"a\nb\n"[..]).unwrap(), "a\nb\n");
        let e = read_to_string_from(&b"a\n\xff\n"[..]).unwrap_err();
        assert_eq!(e.to_string(), "line 2: not UTF-8 text");
    }
}
