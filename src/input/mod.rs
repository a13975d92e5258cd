//! Reading VCF/BCF: format sniffing (from the bytes, not the name), the header,
//! sample resolution, and a stream of data lines for the parallel stages.
//!
//! Formats: plain VCF, BGZF VCF (noodles-bgzf), plain-gzip VCF (flate2 fallback:
//! noodles cannot read non-BGZF gzip), BCF (BGZF; our own bounded decoder in [`bcf`]
//! renders each record as a VCF line so that one parser serves every format), and `-`
//! for standard input. The SHA-256 of the raw bytes is computed while reading.
//!
//! Integrity: a BGZF stream (VCF or BCF) must end with the BGZF end-of-file block, a gzip
//! stream with its trailer (CRC32, ISIZE), and the last line of a text VCF that has no line
//! break must have all its columns; otherwise the input is truncated (exit 2, naming the last
//! complete record). A cut exactly at a line end of a plain-text VCF is a valid, shorter file,
//! and a cut inside the last column of a line cannot be told apart from a complete line.
//! Lines and headers are bounded by [`Limits`] before anything is allocated for them.

pub mod bcf;
mod bcf_error;
mod bcf_stream;
mod depth;
mod detect;
pub mod fields;
pub mod header;
pub(crate) mod index;
pub mod maf;
pub mod merge;
pub(crate) mod record;
pub mod regions;
pub mod samples;
mod text_header;

use bcf_stream::BcfStream;
pub use detect::{detect_build, detect_caller};

pub use crate::engine::Chunk;
use crate::error::{Error, Result};
use crate::model::InputFormat;
use header::Header;
use noodles::bgzf;
use sha2::{Digest, Sha256};
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

/// Size limits on what the file states or holds, checked before anything is allocated for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Longest data line (VCF text) or BCF record, in bytes (`--max-line-bytes`).
    pub max_line_bytes: usize,
    /// Largest header (VCF text up to `#CHROM`, or the BCF header text), in bytes
    /// (`--max-header-bytes`).
    pub max_header_bytes: usize,
}

impl Limits {
    pub const DEFAULT_MAX_LINE_BYTES: usize = crate::lines::DEFAULT_MAX_LINE_BYTES;
    pub const DEFAULT_MAX_HEADER_BYTES: usize = 256 << 20;
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_line_bytes: Limits::DEFAULT_MAX_LINE_BYTES,
            max_header_bytes: Limits::DEFAULT_MAX_HEADER_BYTES,
        }
    }
}

/// The BGZF end-of-file marker: an empty block every BGZF writer appends.
pub(crate) const BGZF_EOF: [u8; 28] = [
    0x1f, 0x8b, 0x08, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00, 0xff, 0x06, 0x00, 0x42, 0x43, 0x02, 0x00, 0x1b, 0x00, 0x03,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
];

/// A data chunk is handed on once it holds this many bytes, whatever its line count.
const CHUNK_BYTES: usize = 16 << 20;

#[derive(Default)]
struct TapState {
    sha: Sha256,
    /// The last (up to) 28 raw bytes seen: the BGZF EOF block when the file ends cleanly.
    tail: Vec<u8>,
}

/// Raw-byte reader that hashes and counts what passes through it.
struct Tap<R> {
    inner: R,
    state: Arc<Mutex<TapState>>,
    count: Arc<AtomicU64>,
}

impl<R: Read> Read for Tap<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        if n > 0 {
            if let Ok(mut st) = self.state.lock() {
                st.sha.update(&buf[..n]);
                let keep = BGZF_EOF.len();
                st.tail.extend_from_slice(&buf[n.saturating_sub(keep)..n]);
                let len = st.tail.len();
                if len > keep {
                    st.tail.drain(..len - keep);
                }
            }
            self.count.fetch_add(n as u64, Ordering::Relaxed);
        }
        Ok(n)
    }
}

type Raw = BufReader<Tap<Box<dyn Read + Send>>>;

enum Lines {
    Text(Box<dyn BufRead + Send>),
    Bcf(Box<BcfStream>),
}

/// The result of reading one line with a length bound.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LineRead {
    Eof,
    /// A line was appended (with its `\n` when `newline`).
    Line {
        newline: bool,
    },
    /// The line is longer than the bound (nothing more than the bound was stored).
    TooLong,
}

/// `read_until(b'\n')` that stores at most `max` bytes of line content.
fn read_line_bounded<R: BufRead + ?Sized>(r: &mut R, out: &mut Vec<u8>, max: usize) -> io::Result<LineRead> {
    let start = out.len();
    loop {
        let buf = match r.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if buf.is_empty() {
            return Ok(if out.len() == start {
                LineRead::Eof
            } else {
                LineRead::Line { newline: false }
            });
        }
        let room = max.saturating_sub(out.len() - start);
        match memchr::memchr(b'\n', buf) {
            Some(i) if i <= room => {
                out.extend_from_slice(&buf[..=i]);
                r.consume(i + 1);
                return Ok(LineRead::Line { newline: true });
            }
            Some(_) => return Ok(LineRead::TooLong),
            None if buf.len() > room => return Ok(LineRead::TooLong),
            None => {
                let n = buf.len();
                out.extend_from_slice(buf);
                r.consume(n);
            }
        }
    }
}

/// Read until `buf` is full or the stream ends; returns the bytes read.
fn read_full<R: Read + ?Sized>(r: &mut R, buf: &mut [u8]) -> io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match r.read(&mut buf[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(n)
}

/// An opened input: its header and a stream of data lines.
pub struct Input {
    pub path: PathBuf,
    pub format: InputFormat,
    /// `bgzf`, `gzip` or None.
    pub(crate) compression: Option<&'static str>,
    pub header: Header,
    /// The MAF columns, when the input is a MAF (its header is then empty but for its line count).
    pub(crate) maf: Option<maf::MafColumns>,
    /// Size of the file in bytes (None for stdin).
    pub(crate) size: Option<u64>,
    pub limits: Limits,
    lines: Lines,
    hash: Arc<Mutex<TapState>>,
    bytes: Arc<AtomicU64>,
    records: u64,
    /// The end of the data was reached and checked.
    done: bool,
    /// Read through an index (`-r/-R`): only the chunks of the regions; record numbers count the
    /// records read, and there are no line numbers.
    pub(crate) indexed: bool,
    /// The whole file's SHA-256 when it was not all read through the tap (indexed reading).
    sha_override: Option<String>,
}

fn is_bgzf(b: &[u8]) -> bool {
    b.len() >= 16 && b[0] == 0x1f && b[1] == 0x8b && b[3] & 0x04 != 0 && b[12] == b'B' && b[13] == b'C'
}

impl Input {
    /// Open `path` (`-` for standard input) and read its header, with the default [`Limits`].
    pub fn open(path: &Path) -> Result<Input> {
        Input::open_with(path, Limits::default())
    }

    /// Open `path` (`-` for standard input) and read its header.
    pub fn open_with(path: &Path, limits: Limits) -> Result<Input> {
        let (inner, size): (Box<dyn Read + Send>, Option<u64>) = if path.as_os_str() == "-" {
            (Box::new(io::stdin()), None)
        } else {
            let f = File::open(path).map_err(|e| Error::io(path, e))?;
            let meta = f.metadata().map_err(|e| Error::io(path, e))?;
            if meta.is_dir() {
                return Err(Error::input(path, "is a directory, not a VCF/BCF file"));
            }
            (Box::new(f), Some(meta.len()))
        };
        let hash = Arc::new(Mutex::new(TapState::default()));
        let bytes = Arc::new(AtomicU64::new(0));
        let tap = Tap {
            inner,
            state: hash.clone(),
            count: bytes.clone(),
        };
        let mut raw: Raw = BufReader::with_capacity(1 << 17, tap);
        let head = raw.fill_buf().map_err(|e| Error::io(path, e))?.to_vec();
        if head.is_empty() {
            return Err(Error::input(path, "empty file (0 bytes): no VCF header"));
        }
        let mut input = Input {
            path: path.to_path_buf(),
            format: InputFormat::Vcf,
            compression: None,
            header: Header::default(),
            maf: None,
            size,
            limits,
            lines: Lines::Text(Box::new(io::empty())),
            hash,
            bytes,
            records: 0,
            done: false,
            indexed: false,
            sha_override: None,
        };
        if head.starts_with(b"BCF") {
            return Err(Error::input(
                path,
                "uncompressed BCF is not supported; compress it with `bcftools view -Ob`",
            ));
        }
        if head.len() >= 2 && head[0] == 0x1f && head[1] == 0x8b {
            if is_bgzf(&head) {
                input.compression = Some("bgzf");
                let mut bg = bgzf::io::Reader::new(raw);
                let inner_head = bg.fill_buf().map_err(|e| input.compressed_error(e))?.to_vec();
                if inner_head.starts_with(b"BCF\x02") {
                    input.format = InputFormat::Bcf;
                    input.open_bcf(bg)?;
                    return Ok(input);
                }
                if inner_head.is_empty() {
                    input.check_end()?;
                }
                input.format = InputFormat::VcfGz;
                input.lines = Lines::Text(Box::new(BufReader::with_capacity(1 << 16, bg)));
            } else {
                input.format = InputFormat::VcfGz;
                input.compression = Some("gzip");
                let gz = flate2::read::MultiGzDecoder::new(raw);
                input.lines = Lines::Text(Box::new(BufReader::with_capacity(1 << 16, gz)));
            }
        } else {
            input.lines = Lines::Text(Box::new(raw));
        }
        input.read_text_header()?;
        Ok(input)
    }

    /// True when errors can name line numbers: text read from the start.
    fn text_lines(&self) -> bool {
        !matches!(self.lines, Lines::Bcf(_)) && !self.indexed
    }

    /// Read only the index chunks that overlap `regions` (BGZF VCF with a `.tbi`/`.csi` beside
    /// it); false (and nothing changed) when there is no index or the file is not BGZF text. The
    /// file must still end with the BGZF end-of-file block, and its checksum covers all of it.
    pub(crate) fn use_index(&mut self, regions: &crate::genome::RegionSet) -> Result<bool> {
        if self.format != InputFormat::VcfGz || self.compression != Some("bgzf") || self.path.as_os_str() == "-" {
            return Ok(false);
        }
        let Some(ipath) = index::find(&self.path) else {
            return Ok(false);
        };
        let idx = index::Index::read(&ipath).map_err(|e| Error::input(&ipath, format!("index: {e}")).caused_by(e))?;
        let mut f = File::open(&self.path).map_err(|e| Error::io(&self.path, e))?;
        let len = f.metadata().map_err(|e| Error::io(&self.path, e))?.len();
        let mut tail = [0u8; 28];
        let tail_ok = len >= 28 && {
            use std::io::{Seek, SeekFrom};
            f.seek(SeekFrom::Start(len - 28)).is_ok() && f.read_exact(&mut tail).is_ok() && tail == BGZF_EOF
        };
        if !tail_ok {
            return Err(Error::input(
                &self.path,
                "truncated BGZF data: the file ends without the BGZF end-of-file block",
            ));
        }
        let sha = sha256_file(&self.path)?;
        let chunks = idx.chunks(regions);
        let file = File::open(&self.path).map_err(|e| Error::io(&self.path, e))?;
        self.lines = Lines::Text(Box::new(BufReader::with_capacity(
            1 << 16,
            index::ChunkReader::new(file, chunks),
        )));
        self.indexed = true;
        self.sha_override = Some(sha);
        Ok(true)
    }

    fn what(&self) -> &'static str {
        match (self.compression, self.format) {
            (Some("gzip"), _) => "gzip",
            (Some(_), InputFormat::Bcf) => "BCF (BGZF)",
            (Some(_), _) => "BGZF",
            (None, _) => "VCF",
        }
    }

    /// Where the data stop: after the last complete record, or in/after the header.
    fn position(&self) -> String {
        let text = self.text_lines();
        if self.records > 0 {
            if text {
                format!(
                    "after record {} (line {})",
                    self.records,
                    self.header.lines + self.records
                )
            } else {
                format!("after record {}", self.records)
            }
        } else if self.header.lines > 0 || !self.header.samples.is_empty() {
            if text {
                format!("after the header (line {})", self.header.lines)
            } else {
                "after the header".to_string()
            }
        } else {
            "inside the header".to_string()
        }
    }

    /// A truncated-input error naming the last complete record.
    fn truncated(&self, detail: &str) -> Error {
        Error::input(
            &self.path,
            format!("truncated {} data {}: {detail}", self.what(), self.position()),
        )
    }

    fn compressed_error(&self, e: io::Error) -> Error {
        if e.kind() == io::ErrorKind::UnexpectedEof {
            self.truncated("the file ends inside a compressed block")
        } else {
            Error::input(
                &self.path,
                format!("corrupt {} data {}: {e}", self.what(), self.position()),
            )
        }
    }

    fn read_error(&self, e: io::Error) -> Error {
        if self.compression.is_some() {
            self.compressed_error(e)
        } else if self.records > 0 {
            Error::at_record(&self.path, self.records + 1, None, None, &e).caused_by(e)
        } else {
            Error::io(&self.path, e)
        }
    }

    /// At the end of the decompressed data: a BGZF stream (VCF or BCF) must end with the BGZF
    /// end-of-file block. (A gzip stream's trailer — CRC32 and ISIZE — is checked by the decoder.)
    fn check_end(&self) -> Result<()> {
        // Indexed reading checked the end-of-file block when it started.
        if self.compression == Some("bgzf") && !self.indexed {
            let tail_ok = self.hash.lock().map(|st| st.tail[..] == BGZF_EOF[..]).unwrap_or(false);
            if !tail_ok {
                return Err(self.truncated("the file ends without the BGZF end-of-file block"));
            }
        }
        Ok(())
    }

    fn line_limit_error(&self, record: u64) -> Error {
        Error::at_record(
            &self.path,
            record,
            self.text_lines().then_some(self.header.lines + record),
            None,
            format!(
                "the line is longer than the maximum line length ({} bytes; raise it with --max-line-bytes)",
                self.limits.max_line_bytes
            ),
        )
    }

    /// Read up to `max` data lines into `chunk` (cleared first): one buffer per chunk, no allocation
    /// per line. Returns the record number of the first line; the chunk is empty at the end of input.
    pub fn read_chunk(&mut self, chunk: &mut Chunk, max: usize) -> Result<u64> {
        chunk.clear();
        let first = self.records + 1;
        let mut data = std::mem::take(&mut chunk.text).into_bytes();
        let result = self.fill(&mut data, &mut chunk.ends, max);
        // Validate UTF-8 once for the whole chunk; on failure name the line that holds the bad byte.
        match String::from_utf8(data) {
            Ok(t) => chunk.text = t,
            Err(e) => {
                let bad = e.utf8_error().valid_up_to();
                let idx = chunk.ends.iter().position(|&end| end > bad).unwrap_or(0) as u64;
                let record = first + idx;
                chunk.ends.clear();
                return Err(Error::at_record(
                    &self.path,
                    record,
                    self.text_lines().then_some(self.header.lines + record),
                    None,
                    "not UTF-8 text",
                ));
            }
        }
        result.map(|_| first)
    }

    /// Columns a complete data line has: 8, or 9 + one per sample.
    fn expected_columns(&self) -> usize {
        if let Some(m) = &self.maf {
            m.count
        } else if self.header.samples.is_empty() {
            8
        } else {
            9 + self.header.samples.len()
        }
    }

    /// Append lines to `data`, recording where each ends.
    fn fill(&mut self, data: &mut Vec<u8>, ends: &mut Vec<usize>, max: usize) -> Result<()> {
        let max_line = self.limits.max_line_bytes;
        while ends.len() < max && data.len() < CHUNK_BYTES && !self.done {
            match &mut self.lines {
                Lines::Text(r) => {
                    let start = data.len();
                    let got = match read_line_bounded(r.as_mut(), data, max_line) {
                        Ok(g) => g,
                        Err(e) => {
                            data.truncate(start);
                            return Err(self.read_error(e));
                        }
                    };
                    let newline = match got {
                        LineRead::Eof => {
                            self.done = true;
                            return self.check_end();
                        }
                        LineRead::TooLong => {
                            data.truncate(start);
                            return Err(self.line_limit_error(self.records + 1));
                        }
                        LineRead::Line { newline } => newline,
                    };
                    while data.len() > start && matches!(data.last(), Some(b'\n' | b'\r')) {
                        data.pop();
                    }
                    if data.len() == start {
                        continue;
                    }
                    if !newline {
                        // The last line of the file has no line break: it is complete only if it
                        // has all its columns (a cut inside the last column cannot be told apart).
                        let cols = memchr::memchr_iter(b'\t', &data[start..]).count() + 1;
                        let want = self.expected_columns();
                        if cols < want && data[start] != b'#' {
                            data.truncate(start);
                            self.check_end()?;
                            return Err(Error::input(
                                &self.path,
                                format!(
                                    "truncated {} data {}: the last line ends without a line break and has {cols} of {want} columns",
                                    self.what(),
                                    self.position()
                                ),
                            ));
                        }
                    }
                    self.records += 1;
                    // A MAF's repeated header or comment lines are the MAF reader's to skip.
                    if data[start] == b'#' && self.maf.is_none() {
                        return Err(Error::at_record(
                            &self.path,
                            self.records,
                            self.text_lines().then_some(self.header.lines + self.records),
                            None,
                            "header line after the first record",
                        ));
                    }
                    ends.push(data.len());
                }
                Lines::Bcf(_) => {
                    if !self.read_bcf_record(data)? {
                        self.done = true;
                        return self.check_end();
                    }
                    ends.push(data.len());
                }
            }
        }
        Ok(())
    }

    /// Data records read so far.
    pub fn records(&self) -> u64 {
        self.records
    }

    /// Shared counter of raw bytes read (for a progress bar).
    pub(crate) fn bytes_counter(&self) -> Arc<AtomicU64> {
        self.bytes.clone()
    }

    /// Read whatever is left of the raw input (so the checksum covers the whole file) and return the
    /// SHA-256 in hex.
    pub(crate) fn finish_sha256(self) -> String {
        if let Some(s) = self.sha_override {
            return s;
        }
        drop(self.lines);
        let h = match Arc::try_unwrap(self.hash) {
            Ok(m) => m.into_inner().unwrap_or_else(|p| p.into_inner()).sha,
            Err(arc) => arc
                .lock()
                .map(|g| g.sha.clone())
                .unwrap_or_else(|p| p.into_inner().sha.clone()),
        };
        hex(&h.finalize())
    }
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(s, "{b:02x}");
    }
    s
}

/// SHA-256 of a whole file (batch mode uses it to decide whether a report is up to date).
pub(crate) fn sha256_file(path: &Path) -> Result<String> {
    let mut f = File::open(path).map_err(|e| Error::io(path, e))?;
    let mut h = Sha256::new();
    let mut buf = vec![0u8; 1 << 16];
    loop {
        let n = f.read(&mut buf).map_err(|e| Error::io(path, e))?;
        if n == 0 {
            break;
        }
        h.update(&buf[..n]);
    }
    Ok(hex(&h.finalize()))
}

impl crate::engine::ChunkSource for Input {
    fn read_chunk(&mut self, chunk: &mut Chunk, max: usize) -> Result<u64> {
        Input::read_chunk(self, chunk, max)
    }
}
