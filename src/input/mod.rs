//! Reading VCF/BCF: format sniffing (from the bytes, not the name), the header,
//! sample resolution, and a stream of data lines for the parallel stages.
//!
//! Formats: plain VCF, BGZF VCF (noodles-bgzf), plain-gzip VCF (flate2 fallback:
//! noodles cannot read non-BGZF gzip), BCF (noodles-bcf; each record is
//! rendered back to a VCF line so that one parser serves every format), and `-`
//! for standard input. The SHA-256 of the raw bytes is computed while reading.

pub mod header;
pub mod record;
pub mod samples;

use crate::error::{Error, Result};
use crate::model::InputFormat;
use header::Header;
use noodles::bgzf;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum GenomeBuild {
    GRCh37,
    GRCh38,
}

impl GenomeBuild {
    pub fn as_str(self) -> &'static str {
        match self {
            GenomeBuild::GRCh37 => "GRCh37",
            GenomeBuild::GRCh38 => "GRCh38",
        }
    }
    pub fn parse(s: &str) -> Option<GenomeBuild> {
        match s.to_ascii_lowercase().as_str() {
            "grch37" | "hg19" | "b37" | "37" => Some(GenomeBuild::GRCh37),
            "grch38" | "hg38" | "b38" | "38" => Some(GenomeBuild::GRCh38),
            _ => None,
        }
    }
}

/// Raw-byte reader that hashes and counts what passes through it.
struct Tap<R> {
    inner: R,
    state: Arc<Mutex<Sha256>>,
    count: Arc<AtomicU64>,
}

impl<R: Read> Read for Tap<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        if n > 0 {
            if let Ok(mut h) = self.state.lock() {
                h.update(&buf[..n]);
            }
            self.count.fetch_add(n as u64, Ordering::Relaxed);
        }
        Ok(n)
    }
}

type Raw = BufReader<Tap<Box<dyn Read + Send>>>;

enum Lines {
    Text(Box<dyn BufRead + Send>),
    Bcf {
        reader: Box<noodles::bcf::io::Reader<bgzf::io::Reader<Raw>>>,
        header: Box<noodles::vcf::Header>,
        record: noodles::bcf::Record,
    },
}

/// A block of data lines in one buffer.
#[derive(Debug, Default, Clone)]
pub struct Chunk {
    text: String,
    ends: Vec<usize>,
}

impl Chunk {
    pub fn with_capacity(lines: usize) -> Chunk {
        Chunk {
            text: String::with_capacity(lines * 256),
            ends: Vec::with_capacity(lines),
        }
    }
    pub fn len(&self) -> usize {
        self.ends.len()
    }
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }
    pub fn clear(&mut self) {
        self.text.clear();
        self.ends.clear();
    }
    /// Append one line (without its line break).
    pub fn push_line(&mut self, line: &str) {
        self.text.push_str(line);
        self.ends.push(self.text.len());
    }
    /// The lines, without their line breaks.
    pub fn lines(&self) -> impl Iterator<Item = &str> + '_ {
        let mut start = 0;
        self.ends.iter().map(move |&end| {
            let line = self.text.get(start..end).unwrap_or("");
            start = end;
            line
        })
    }
}

/// An opened input: its header and a stream of data lines.
pub struct Input {
    pub path: PathBuf,
    pub format: InputFormat,
    /// `bgzf`, `gzip` or None.
    pub compression: Option<&'static str>,
    pub header: Header,
    /// Size of the file in bytes (None for stdin).
    pub size: Option<u64>,
    lines: Lines,
    hash: Arc<Mutex<Sha256>>,
    bytes: Arc<AtomicU64>,
    records: u64,
    buf: Vec<u8>,
}

fn is_bgzf(b: &[u8]) -> bool {
    b.len() >= 16 && b[0] == 0x1f && b[1] == 0x8b && b[3] & 0x04 != 0 && b[12] == b'B' && b[13] == b'C'
}

impl Input {
    /// Open `path` (`-` for standard input) and read its header.
    pub fn open(path: &Path) -> Result<Input> {
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
        let hash = Arc::new(Mutex::new(Sha256::new()));
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
            size,
            lines: Lines::Text(Box::new(io::empty())),
            hash,
            bytes,
            records: 0,
            buf: Vec::with_capacity(1024),
        };
        if head.starts_with(b"BCF") {
            return Err(Error::input(
                path,
                "uncompressed BCF is not supported; compress it with `bcftools view -Ob`",
            ));
        }
        if head.len() >= 2 && head[0] == 0x1f && head[1] == 0x8b {
            if is_bgzf(&head) {
                let mut bg = bgzf::io::Reader::new(raw);
                let inner_head = bg.fill_buf().map_err(|e| input.compressed_error(e))?.to_vec();
                if inner_head.starts_with(b"BCF\x02") {
                    input.format = InputFormat::Bcf;
                    input.compression = Some("bgzf");
                    let mut reader = noodles::bcf::io::Reader::from(bg);
                    let vh = reader
                        .read_header()
                        .map_err(|e| Error::input(path, format!("BCF header: {e}")))?;
                    let mut text = Vec::new();
                    noodles::vcf::io::Writer::new(&mut text)
                        .write_header(&vh)
                        .map_err(|e| Error::input(path, format!("BCF header: {e}")))?;
                    let text = String::from_utf8_lossy(&text).into_owned();
                    input.header = Header::parse(&text, path)?;
                    input.lines = Lines::Bcf {
                        reader: Box::new(reader),
                        header: Box::new(vh),
                        record: Default::default(),
                    };
                    return Ok(input);
                }
                input.format = InputFormat::VcfGz;
                input.compression = Some("bgzf");
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

    fn compressed_error(&self, e: io::Error) -> Error {
        let what = match self.compression {
            Some("gzip") => "gzip",
            _ => "BGZF",
        };
        let reason = if e.kind() == io::ErrorKind::UnexpectedEof {
            format!("truncated {what} data (the file ends inside a compressed block)")
        } else {
            format!("corrupt {what} data: {e}")
        };
        if self.records > 0 || !self.header.samples.is_empty() || self.header.lines > 0 {
            Error::at_record(&self.path, self.records + 1, None, None, reason)
        } else {
            Error::input(&self.path, reason)
        }
    }

    fn read_text_header(&mut self) -> Result<()> {
        let Lines::Text(r) = &mut self.lines else {
            return Ok(());
        };
        let mut text = String::new();
        let mut lineno = 0u64;
        loop {
            self.buf.clear();
            let n = match r.read_until(b'\n', &mut self.buf) {
                Ok(n) => n,
                Err(e) => {
                    let e = if self.compression.is_some() {
                        self.compressed_error(e)
                    } else {
                        Error::io(&self.path, e)
                    };
                    return Err(e);
                }
            };
            if n == 0 {
                if lineno == 0 {
                    return Err(Error::input(&self.path, "empty file: no VCF header"));
                }
                return Err(Error::input(
                    &self.path,
                    "no #CHROM header line: the header is missing or truncated",
                ));
            }
            lineno += 1;
            let line = std::str::from_utf8(&self.buf)
                .map_err(|_| Error::at_line(&self.path, lineno, "not UTF-8 text: is this a VCF file?"))?;
            if !line.starts_with('#') {
                if lineno == 1 {
                    return Err(Error::at_line(
                        &self.path,
                        1,
                        "no VCF header: the first line does not start with '##fileformat' or '#'",
                    ));
                }
                return Err(Error::at_line(
                    &self.path,
                    lineno,
                    "no #CHROM header line before the first record",
                ));
            }
            text.push_str(line);
            if line.starts_with("#CHROM") {
                break;
            }
        }
        self.header = Header::parse(&text, &self.path)?;
        Ok(())
    }

    /// Read up to `max` data lines into `chunk` (cleared first): one buffer per chunk, no allocation
    /// per line. Returns the record number of the first line; the chunk is empty at the end of input.
    pub fn read_chunk(&mut self, chunk: &mut Chunk, max: usize) -> Result<u64> {
        chunk.text.clear();
        chunk.ends.clear();
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
                    Some(self.header.lines + record),
                    None,
                    "not UTF-8 text",
                ));
            }
        }
        result.map(|_| first)
    }

    /// Append lines to `data`, recording where each ends.
    fn fill(&mut self, data: &mut Vec<u8>, ends: &mut Vec<usize>, max: usize) -> Result<()> {
        while ends.len() < max {
            match &mut self.lines {
                Lines::Text(r) => {
                    let start = data.len();
                    let n = match r.read_until(b'\n', data) {
                        Ok(n) => n,
                        Err(e) => {
                            data.truncate(start);
                            return Err(if self.compression.is_some() {
                                self.compressed_error(e)
                            } else {
                                Error::at_record(&self.path, self.records + 1, None, None, e)
                            });
                        }
                    };
                    if n == 0 {
                        return Ok(());
                    }
                    while data.len() > start && matches!(data.last(), Some(b'\n' | b'\r')) {
                        data.pop();
                    }
                    if data.len() == start {
                        continue;
                    }
                    self.records += 1;
                    if data[start] == b'#' {
                        return Err(Error::at_record(
                            &self.path,
                            self.records,
                            Some(self.header.lines + self.records),
                            None,
                            "header line after the first record",
                        ));
                    }
                    ends.push(data.len());
                }
                Lines::Bcf { reader, header, record } => {
                    use noodles::vcf::variant::io::Write as _;
                    let n = reader.read_record(record).map_err(|e| {
                        Error::at_record(&self.path, self.records + 1, None, None, format!("BCF record: {e}"))
                    })?;
                    if n == 0 {
                        return Ok(());
                    }
                    self.records += 1;
                    let start = data.len();
                    noodles::vcf::io::Writer::new(&mut *data)
                        .write_variant_record(header, record)
                        .map_err(|e| {
                            Error::at_record(&self.path, self.records, None, None, format!("BCF record: {e}"))
                        })?;
                    while data.len() > start && matches!(data.last(), Some(b'\n' | b'\r')) {
                        data.pop();
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
    pub fn bytes_counter(&self) -> Arc<AtomicU64> {
        self.bytes.clone()
    }

    /// Read whatever is left of the raw input (so the checksum covers the whole file) and return the
    /// SHA-256 in hex.
    pub fn finish_sha256(self) -> String {
        drop(self.lines);
        let h = match Arc::try_unwrap(self.hash) {
            Ok(m) => m.into_inner().unwrap_or_else(|p| p.into_inner()),
            Err(arc) => arc.lock().map(|g| g.clone()).unwrap_or_else(|p| p.into_inner().clone()),
        };
        hex(&h.finalize())
    }
}

pub fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(s, "{b:02x}");
    }
    s
}

/// SHA-256 of a whole file (batch mode uses it to decide whether a report is up to date).
pub fn sha256_file(path: &Path) -> Result<String> {
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

/// Genome build from `##contig` lengths (chr1, chr2, …), `##contig` assembly tags or `##reference`.
pub fn detect_build(h: &Header) -> (Option<GenomeBuild>, Option<&'static str>) {
    // (contig, GRCh37 length, GRCh38 length)
    const LENGTHS: [(&str, u64, u64); 5] = [
        ("1", 249_250_621, 248_956_422),
        ("2", 243_199_373, 242_193_529),
        ("7", 159_138_663, 159_345_973),
        ("12", 133_851_895, 133_275_309),
        ("17", 81_195_210, 83_257_441),
    ];
    for c in &h.contigs {
        let name = crate::model::normalise_chrom(&c.name);
        if let (Some(len), Some((_, l37, l38))) = (c.length, LENGTHS.iter().find(|(n, _, _)| *n == name)) {
            if len == *l37 {
                return (Some(GenomeBuild::GRCh37), Some("contig_lengths"));
            }
            if len == *l38 {
                return (Some(GenomeBuild::GRCh38), Some("contig_lengths"));
            }
        }
    }
    let guess = |s: &str| -> Option<GenomeBuild> {
        let l = s.to_ascii_lowercase();
        if l.contains("grch38") || l.contains("hg38") || l.contains("b38") || l.contains("assembly38") {
            Some(GenomeBuild::GRCh38)
        } else if l.contains("grch37")
            || l.contains("hg19")
            || l.contains("b37")
            || l.contains("hs37")
            || l.contains("human_g1k_v37")
        {
            Some(GenomeBuild::GRCh37)
        } else {
            None
        }
    };
    for c in &h.contigs {
        if let Some(b) = c.assembly.as_deref().and_then(guess) {
            return (Some(b), Some("contig_assembly"));
        }
    }
    if let Some(b) = h.metas("reference").find_map(guess) {
        return (Some(b), Some("reference_line"));
    }
    (None, None)
}

/// The variant caller, when the header says.
pub fn detect_caller(h: &Header) -> Option<String> {
    let mut texts: Vec<String> = h.metas("source").map(|s| s.to_string()).collect();
    for (k, v) in &h.other {
        if k.ends_with("CommandLine") || k == "GATKCommandLine" || k == "DRAGENVersion" || k == "DRAGENCommandLine" {
            texts.push(format!("{k} {v}"));
        }
    }
    let all = texts.join(" ").to_ascii_lowercase();
    let known = [
        ("mutect2", "Mutect2"),
        ("dragen", "DRAGEN"),
        ("strelka", "Strelka2"),
        ("varscan", "VarScan2"),
        ("vardict", "VarDict"),
        ("muse", "MuSE"),
        ("somaticsniper", "SomaticSniper"),
        ("mutect", "MuTect"),
        ("lofreq", "LoFreq"),
        ("freebayes", "freebayes"),
        ("pindel", "Pindel"),
        ("delly", "Delly"),
        ("manta", "Manta"),
        ("octopus", "Octopus"),
        ("deepsomatic", "DeepSomatic"),
        ("radia", "RADIA"),
    ];
    for (needle, name) in known {
        if all.contains(needle) {
            // Strelka 1 vs 2: version line.
            if name == "Strelka2"
                && h.meta("source_version").is_none_or(|v| v.starts_with('1'))
                && !all.contains("strelka2")
            {
                return Some("Strelka".into());
            }
            return Some(name.into());
        }
    }
    if h.format_def("AU").is_some() && h.format_def("TU").is_some() {
        return Some("Strelka".into());
    }
    h.meta("source").map(|s| s.chars().take(60).collect())
}
