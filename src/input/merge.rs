//! Several VCF/BCF files of one patient read as one (`report snvs.vcf.gz indels.vcf.gz`, a
//! manifest `vcf` cell `a.vcf.gz,b.vcf.gz`): Strelka2 and others write SNVs and indels apart.
//!
//! The files must name the same samples in the same order. Their records are merged in
//! coordinate order — contigs in the order of the first file's `##contig` lines, then of the other
//! files', then as they appear — each file being read in its own order; a record whose CHROM, POS,
//! REF and ALT equal those of a record already taken at that position is a duplicate and is
//! counted once. The merged header is the first file's, with the INFO/FORMAT definitions and
//! contigs of the others added. Each file keeps its own integrity checks (truncation, limits) and
//! checksum; errors name the file and its own record number ([`Merged::origin`]).

use super::Input;
use crate::engine::Chunk;
use crate::engine::ChunkSource;
use crate::error::{Error, Location, Result};
use std::collections::HashMap;
use std::path::PathBuf;

/// Lines read ahead from one file.
struct Cursor {
    chunk: Chunk,
    /// Byte ranges of the chunk's lines.
    spans: Vec<(usize, usize)>,
    next: usize,
    /// 1-based record number (in its file) of the chunk's first line.
    first: u64,
    done: bool,
}

/// The merged stream of several inputs.
pub(crate) struct Merged {
    pub(crate) inputs: Vec<Input>,
    cursors: Vec<Cursor>,
    rank: HashMap<String, usize>,
    /// Keys (CHROM, POS, REF, ALT) taken at the current position, for duplicate detection.
    here: Vec<(String, u64, String, String)>,
    emitted: u64,
    /// Records skipped as duplicates.
    pub(crate) duplicates: u64,
}

/// CHROM, POS, REF, ALT of a data line (POS 0 when unreadable: the record stage reports it).
fn key(line: &str) -> (&str, u64, &str, &str) {
    let mut f = line.splitn(6, '\t');
    let chrom = f.next().unwrap_or("");
    let pos = f.next().and_then(|p| p.parse().ok()).unwrap_or(0);
    let _id = f.next();
    let r = f.next().unwrap_or("");
    let a = f.next().unwrap_or("");
    (chrom, pos, r, a)
}

impl Merged {
    /// Merge opened inputs; an error when their sample lists differ.
    pub fn new(inputs: Vec<Input>) -> Result<Merged> {
        let first = inputs
            .first()
            .ok_or_else(|| Error::Internal("no input to merge".into()))?;
        for other in &inputs[1..] {
            if other.header.samples != first.header.samples {
                return Err(Error::input(
                    &other.path,
                    format!(
                        "its samples ({}) differ from those of {} ({}): the files of one patient must name the same samples in the same order",
                        other.header.samples.join(", "),
                        first.path.display(),
                        first.header.samples.join(", ")
                    ),
                ));
            }
            if other.maf.is_some() || first.maf.is_some() {
                return Err(Error::input(
                    &other.path,
                    "MAF files cannot be merged with other files: give one MAF",
                ));
            }
        }
        let mut rank = HashMap::new();
        for i in &inputs {
            for c in &i.header.contigs {
                let n = rank.len();
                rank.entry(crate::genome::normalise_chrom(&c.name).to_string())
                    .or_insert(n);
            }
        }
        let cursors = inputs
            .iter()
            .map(|_| Cursor {
                chunk: Chunk::with_capacity(256),
                spans: Vec::new(),
                next: 0,
                first: 1,
                done: false,
            })
            .collect();
        Ok(Merged {
            inputs,
            cursors,
            rank,
            here: Vec::new(),
            emitted: 0,
            duplicates: 0,
        })
    }

    /// The merged header: the first file's, with the other files' INFO/FORMAT definitions and
    /// contigs added.
    pub fn header(&self) -> super::header::Header {
        let mut h = self.inputs[0].header.clone();
        for i in &self.inputs[1..] {
            for d in &i.header.info {
                if h.info_def(&d.id).is_none() {
                    h.info.push(d.clone());
                }
            }
            for d in &i.header.format {
                if h.format_def(&d.id).is_none() {
                    h.format.push(d.clone());
                }
            }
            for c in &i.header.contigs {
                if !h.contigs.iter().any(|x| x.name == c.name) {
                    h.contigs.push(c.clone());
                }
            }
        }
        h
    }

    /// Each file's path, header line count and whether it is text (line numbers in errors),
    /// indexed as the chunks' origins.
    pub fn sources(&self) -> Vec<Source> {
        self.inputs
            .iter()
            .map(|i| Source {
                path: i.path.clone(),
                header_lines: i.header.lines,
                text: i.format != crate::model::InputFormat::Bcf && !i.indexed,
            })
            .collect()
    }

    /// Refill cursor `i` when it is empty; false at the end of its file.
    fn ready(&mut self, i: usize) -> Result<bool> {
        let c = &mut self.cursors[i];
        if c.next < c.spans.len() {
            return Ok(true);
        }
        if c.done {
            return Ok(false);
        }
        let first = self.inputs[i].read_chunk(&mut c.chunk, 2048)?;
        c.spans.clear();
        let mut start = 0;
        for &end in &c.chunk.ends {
            c.spans.push((start, end));
            start = end;
        }
        c.next = 0;
        c.first = first;
        if c.spans.is_empty() {
            c.done = true;
            return Ok(false);
        }
        Ok(true)
    }

    fn peek(&self, i: usize) -> &str {
        let c = &self.cursors[i];
        let (s, e) = c.spans[c.next];
        c.chunk.text.get(s..e).unwrap_or("")
    }

    fn order(&self, line: &str) -> (usize, u64) {
        let (chrom, pos, _, _) = key(line);
        let r = self
            .rank
            .get(crate::genome::normalise_chrom(chrom))
            .copied()
            .unwrap_or(usize::MAX);
        (r, pos)
    }
}

impl ChunkSource for Merged {
    fn read_chunk(&mut self, chunk: &mut Chunk, max: usize) -> Result<u64> {
        chunk.clear();
        let first = self.emitted + 1;
        while chunk.len() < max {
            let mut best: Option<(usize, (usize, u64))> = None;
            for i in 0..self.cursors.len() {
                if !self.ready(i)? {
                    continue;
                }
                let o = self.order(self.peek(i));
                if best.is_none_or(|(_, b)| o < b) {
                    best = Some((i, o));
                }
            }
            let Some((i, _)) = best else { break };
            // Contigs met in no header are ranked as they appear.
            let line = self.peek(i).to_string();
            let (chrom, pos, r, a) = key(&line);
            let norm = crate::genome::normalise_chrom(chrom).to_string();
            if !self.rank.contains_key(&norm) {
                let n = self.rank.len();
                self.rank.insert(norm, n);
            }
            let c = &mut self.cursors[i];
            let record = c.first + c.next as u64;
            c.next += 1;
            if self.here.first().is_some_and(|h| h.0 != chrom || h.1 != pos) {
                self.here.clear();
            }
            if self.here.iter().any(|h| h.2 == r && h.3 == a) {
                self.duplicates += 1;
                continue;
            }
            self.here.push((chrom.to_string(), pos, r.to_string(), a.to_string()));
            chunk.push_line(&line);
            chunk.origin.push((i as u32, record));
            self.emitted += 1;
        }
        Ok(first)
    }
}

/// One merged file, as errors name it.
#[derive(Debug, Clone)]
pub(crate) struct Source {
    pub(crate) path: PathBuf,
    pub header_lines: u64,
    pub text: bool,
}

/// Rewrite an error at a merged line to name the file and record it came from.
pub(crate) fn relocate(e: Error, source: &Source, record: u64) -> Error {
    match e {
        Error::Input {
            location: Some(Location::Record { .. }),
            field,
            reason,
            cause,
            ..
        } => Error::Input {
            file: source.path.clone(),
            location: Some(Location::Record {
                record,
                line: source.text.then_some(source.header_lines + record),
            }),
            field,
            reason,
            cause,
        },
        e => e,
    }
}
