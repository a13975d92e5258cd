//! The MAF rows the stages see, read in file order before the parallel stages: a header line
//! repeated mid-file (`cat a.maf b.maf`) and `#` comment lines there are skipped (counted, for a
//! warning; a repeated header with other columns is refused, as its rows would be misread), and
//! a row repeating an earlier row of its sample (same contig, start and alleles) is dropped and
//! counted as that sample's `duplicate_records`, first row kept, as the VCF merge does.
//!
//! [`scan`] is the batch's first pass: the barcodes in file order (which samples' rows are not
//! contiguous), the repeated headers and the file's SHA-256, so that a sample's report can be
//! written as soon as its rows end ([`super::maf`]).

use crate::engine::{Chunk, ChunkSource};
use crate::error::{Error, Result};
use crate::input::maf::{self, MafColumns};
use crate::input::Input;
use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::Mutex;

/// Header lines repeated mid-file: how many, and the first one's line.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Repeats {
    pub count: u64,
    pub(crate) first_line: Option<u64>,
}

impl Repeats {
    pub(crate) fn warning(&self) -> Option<String> {
        self.first_line.map(|l| {
            format!(
                "{} MAF header or comment line(s) repeated after the first rows (first: line {l}; as from concatenated files) were skipped",
                self.count
            )
        })
    }
}

/// What a line after the header is.
enum Kind<'l> {
    Row(Vec<&'l str>),
    Skipped,
}

fn classify<'l>(line: &'l str, cols: &MafColumns, file: &PathBuf, line_no: u64) -> Result<Kind<'l>> {
    if line.starts_with('#') {
        return Ok(Kind::Skipped);
    }
    if maf::is_header(line) {
        let again = maf::columns(line).map_err(|e| Error::at_line_from(file, line_no, e))?;
        if again != *cols {
            return Err(Error::at_line(
                file,
                line_no,
                "a second MAF header with other columns than the first (concatenated MAFs of different layouts): split the file",
            ));
        }
        return Ok(Kind::Skipped);
    }
    Ok(Kind::Row(maf::cells(line)))
}

/// The rows of an opened MAF, repeated headers skipped and duplicate rows dropped (in file order,
/// ahead of the parallel stages). Each line keeps its record number (`Chunk::origin`).
pub(crate) struct Rows<'a> {
    input: &'a mut Input,
    cols: MafColumns,
    raw: Chunk,
    /// Samples whose rows are not contiguous: their row identities are kept to the end; other
    /// samples' are dropped when the next sample's rows begin.
    keep: Option<&'a HashSet<String>>,
    current: Option<String>,
    keys: HashMap<String, HashSet<String>>,
    /// Rows dropped as duplicates, by barcode.
    pub(crate) duplicates: &'a Mutex<HashMap<String, u64>>,
    pub(crate) repeats: Repeats,
}

impl<'a> Rows<'a> {
    pub fn new(
        input: &'a mut Input,
        cols: MafColumns,
        keep: Option<&'a HashSet<String>>,
        duplicates: &'a Mutex<HashMap<String, u64>>,
    ) -> Rows<'a> {
        Rows {
            input,
            cols,
            raw: Chunk::with_capacity(512),
            keep,
            current: None,
            keys: HashMap::new(),
            duplicates,
            repeats: Repeats::default(),
        }
    }

    /// Whether the row is new for its sample (a duplicate is counted).
    fn first_of_its_kind(&mut self, cells: &[&str]) -> bool {
        let (Some(barcode), Some(id)) = (self.cols.barcode_of(cells), self.cols.identity(cells)) else {
            return true;
        };
        if self.current.as_deref() != Some(barcode) {
            if let Some(done) = self.current.take() {
                if self.keep.is_some_and(|k| !k.contains(&done)) {
                    self.keys.remove(&done);
                }
            }
            self.current = Some(barcode.to_string());
        }
        let set = match self.keys.get_mut(barcode) {
            Some(s) => s,
            None => self.keys.entry(barcode.to_string()).or_default(),
        };
        if set.insert(id) {
            return true;
        }
        let mut d = self.duplicates.lock().unwrap_or_else(|p| p.into_inner());
        *d.entry(barcode.to_string()).or_default() += 1;
        false
    }
}

impl ChunkSource for Rows<'_> {
    fn read_chunk(&mut self, chunk: &mut Chunk, max: usize) -> Result<u64> {
        chunk.clear();
        let mut raw = std::mem::replace(&mut self.raw, Chunk::with_capacity(0));
        let result = (|| loop {
            let first = self.input.read_chunk(&mut raw, max)?;
            if raw.is_empty() {
                return Ok(first);
            }
            let header = self.input.header.lines;
            for (i, line) in raw.lines().enumerate() {
                let record = first + i as u64;
                match classify(line, &self.cols, &self.input.path, header + record)? {
                    Kind::Skipped => {
                        self.repeats.count += 1;
                        self.repeats.first_line.get_or_insert(header + record);
                    }
                    Kind::Row(cells) => {
                        if self.first_of_its_kind(&cells) {
                            chunk.push_line(line);
                            chunk.origin.push((0, record));
                        }
                    }
                }
            }
            if !chunk.is_empty() {
                return Ok(first);
            }
        })();
        self.raw = raw;
        result
    }
}

/// The batch's first pass over a MAF.
pub(crate) struct Scan {
    /// Barcodes in order of first appearance.
    pub samples: Vec<String>,
    /// Barcodes whose rows are not contiguous.
    pub(crate) scattered: HashSet<String>,
    pub(crate) repeats: Repeats,
    pub(crate) sha256: String,
}

/// Read every row's barcode once (see the module documentation).
pub(crate) fn scan(mut input: Input) -> Result<Scan> {
    let cols = input
        .maf
        .clone()
        .ok_or_else(|| Error::input(&input.path, "not a MAF"))?;
    let mut chunk = Chunk::with_capacity(512);
    let mut samples = Vec::new();
    let mut ended: HashSet<String> = HashSet::new();
    let mut scattered = HashSet::new();
    let mut current: Option<String> = None;
    let mut repeats = Repeats::default();
    loop {
        let first = input.read_chunk(&mut chunk, 4096)?;
        if chunk.is_empty() {
            break;
        }
        let header = input.header.lines;
        for (i, line) in chunk.lines().enumerate() {
            let record = first + i as u64;
            let cells = match classify(line, &cols, &input.path, header + record)? {
                Kind::Skipped => {
                    repeats.count += 1;
                    repeats.first_line.get_or_insert(header + record);
                    continue;
                }
                Kind::Row(c) => c,
            };
            let Some(b) = cols.barcode_of(&cells) else { continue };
            if current.as_deref() == Some(b) {
                continue;
            }
            if let Some(done) = current.take() {
                ended.insert(done);
            }
            if ended.contains(b) {
                scattered.insert(b.to_string());
            } else {
                samples.push(b.to_string());
            }
            current = Some(b.to_string());
        }
    }
    Ok(Scan {
        samples,
        scattered,
        repeats,
        sha256: input.finish_sha256(),
    })
}
