//! The reference genome: an indexed FASTA (`.fai` beside it, else indexed in
//! memory on open; BGZF with `.fai` and `.gzi` when the name ends in
//! `.gz`/`.bgz`), read with noodles-fasta.
//!
//! Contigs are found by normalised name ([`crate::genome::normalise_chrom`]), so a
//! VCF's `chr7` reads the FASTA's `7` (or NCBI's `NC_000007.14`) and the other way round. Sequence comes back
//! upper-cased. A plain (uncompressed) FASTA is read straight from its `.fai` layout with
//! positioned reads (no seek, no lock, only the bytes asked for); a BGZF one through one
//! noodles reader behind a mutex. Callers cache what they fetch.

// FxHash: a contig lookup per fetch (per record for the signature context) hashes a short name.
use rustc_hash::FxHashMap as HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use noodles::core::{Position, Region};
use noodles::fasta;

use crate::genome::normalise_chrom;

mod index;
pub(crate) use index::check_beside as check_fai;

type Reader = fasta::io::IndexedReader<fasta::io::BufReader<std::fs::File>>;

#[derive(Debug, thiserror::Error)]
pub enum FastaError {
    #[error("{}: {source} (an indexed FASTA needs its .fai beside it: samtools faidx)", path.display())]
    Open {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// The `.fai` disagrees with the FASTA, or the FASTA cannot be indexed.
    #[error("{}: {source}", path.display())]
    Index {
        path: PathBuf,
        #[source]
        source: index::FaiError,
    },
    #[error("{}: contig {contig} is not in the FASTA index", path.display())]
    Contig { path: PathBuf, contig: String },
    #[error("{}: {contig}:{start}-{end} is outside the contig (length {length})", path.display())]
    Range {
        path: PathBuf,
        contig: String,
        start: u64,
        end: u64,
        length: u64,
    },
    #[error("{}: reading {contig}:{start}-{end}: {source}", path.display())]
    Read {
        path: PathBuf,
        contig: String,
        start: u64,
        end: u64,
        #[source]
        source: std::io::Error,
    },
}

pub struct Reference {
    path: PathBuf,
    /// The indexed FASTA, or None for a transcript pack's segments.
    reader: Option<Mutex<Reader>>,
    /// A plain FASTA opened for positioned reads, with each contig's layout.
    direct: Option<(std::fs::File, HashMap<String, Layout>)>,
    /// Normalised name → (name in the FASTA, length).
    contigs: HashMap<String, (String, u64)>,
    /// A transcript pack's sequences: normalised contig → (1-based start, bases), sorted by start.
    segments: HashMap<String, Vec<(u64, Vec<u8>)>>,
}

impl std::fmt::Debug for Reference {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Reference").field("path", &self.path).finish()
    }
}

/// Where a contig's bases sit in a plain FASTA (`.fai` columns 3–5).
#[derive(Debug, Clone, Copy)]
struct Layout {
    offset: u64,
    line_bases: u64,
    line_width: u64,
}

impl Reference {
    /// Open with the `.fai` beside the file; a plain FASTA without one is
    /// indexed in memory (one pass over the file).
    pub fn open(path: &Path) -> Result<Reference, FastaError> {
        let mut builder = fasta::io::indexed_reader::Builder::default();
        let mut fai = path.as_os_str().to_owned();
        fai.push(".fai");
        let compressed = path.extension().is_some_and(|e| e == "gz" || e == "bgz");
        let index_err = |source| FastaError::Index {
            path: path.to_path_buf(),
            source,
        };
        let has_fai = Path::new(&fai).exists();
        if !has_fai && !compressed {
            builder = builder.set_index(index::build(path).map_err(index_err)?);
        }
        let reader = builder.build_from_path(path).map_err(|source| FastaError::Open {
            path: path.to_path_buf(),
            source,
        })?;
        if has_fai && !compressed {
            index::check(path, Path::new(&fai), reader.index()).map_err(index_err)?;
        }
        let records = reader.index().as_ref();
        let contigs = records
            .iter()
            .map(|r| {
                let name = String::from_utf8_lossy(r.name()).into_owned();
                (normalise_chrom(&name).to_string(), (name, r.length()))
            })
            .collect();
        let layouts = records
            .iter()
            .map(|r| {
                let name = String::from_utf8_lossy(r.name());
                let layout = Layout {
                    offset: r.position(),
                    line_bases: r.line_base_count().get(),
                    line_width: r.line_width().get(),
                };
                (normalise_chrom(&name).to_string(), layout)
            })
            .collect();
        let direct = if compressed {
            None
        } else {
            std::fs::File::open(path).ok().map(|f| (f, layouts))
        };
        Ok(Reference {
            path: path.to_path_buf(),
            reader: Some(Mutex::new(reader)),
            direct,
            contigs,
            segments: HashMap::default(),
        })
    }

    /// Sequence held in memory as segments of contigs (a transcript pack): `contigs` are
    /// (name, length), `segments` (contig, 1-based start, bases). A fetch must fall inside one
    /// segment.
    pub fn from_segments(path: &Path, contigs: Vec<(String, u64)>, segments: Vec<(String, u64, Vec<u8>)>) -> Reference {
        let mut by: HashMap<String, Vec<(u64, Vec<u8>)>> = HashMap::default();
        for (c, start, mut seq) in segments {
            seq.make_ascii_uppercase();
            by.entry(normalise_chrom(&c).to_string())
                .or_default()
                .push((start, seq));
        }
        for v in by.values_mut() {
            v.sort_by_key(|(s, _)| *s);
        }
        Reference {
            path: path.to_path_buf(),
            reader: None,
            direct: None,
            contigs: contigs
                .into_iter()
                .map(|(n, l)| (normalise_chrom(&n).to_string(), (n, l)))
                .collect(),
            segments: by,
        }
    }

    /// Every contig: (name, length).
    pub(crate) fn contigs(&self) -> Vec<(String, u64)> {
        let mut v: Vec<(String, u64)> = self.contigs.values().cloned().collect();
        v.sort();
        v
    }

    /// Length of a contig (any naming), None when absent.
    pub(crate) fn length(&self, contig: &str) -> Option<u64> {
        self.contigs.get(normalise_chrom(contig)).map(|c| c.1)
    }

    /// Bases `start..=end` (1-based) of `contig`, upper-cased.
    pub(crate) fn fetch(&self, contig: &str, start: u64, end: u64) -> Result<Vec<u8>, FastaError> {
        let Some((name, length)) = self.contigs.get(normalise_chrom(contig)) else {
            return Err(FastaError::Contig {
                path: self.path.clone(),
                contig: contig.to_string(),
            });
        };
        let range_err = || FastaError::Range {
            path: self.path.clone(),
            contig: contig.to_string(),
            start,
            end,
            length: *length,
        };
        if start == 0 || start > end || end > *length {
            return Err(range_err());
        }
        let (Ok(s), Ok(e)) = (usize::try_from(start), usize::try_from(end)) else {
            return Err(range_err());
        };
        let (Ok(s), Ok(e)) = (Position::try_from(s), Position::try_from(e)) else {
            return Err(range_err());
        };
        let read_err = |source| FastaError::Read {
            path: self.path.clone(),
            contig: contig.to_string(),
            start,
            end,
            source,
        };
        if let Some((file, layouts)) = &self.direct {
            if let Some(l) = layouts.get(normalise_chrom(contig)) {
                return read_direct(file, *l, start, end).map_err(read_err);
            }
        }
        let Some(reader) = &self.reader else {
            // A pack: the one segment holding the whole range.
            let segs = self
                .segments
                .get(normalise_chrom(contig))
                .map(Vec::as_slice)
                .unwrap_or(&[]);
            let i = segs.partition_point(|(s, _)| *s <= start);
            return i
                .checked_sub(1)
                .and_then(|i| segs.get(i))
                .and_then(|(s, seq)| {
                    let a = usize::try_from(start - s).ok()?;
                    let b = usize::try_from(end - s).ok()?;
                    seq.get(a..=b).map(<[u8]>::to_vec)
                })
                .ok_or_else(range_err);
        };
        // The region (a copy of the contig name) only for the noodles reader.
        let region = Region::new(name.as_str(), s..=e);
        // A poisoned lock only means another thread panicked mid-read; the reader seeks anew.
        let mut reader = reader.lock().unwrap_or_else(|p| p.into_inner());
        let record = reader.query(&region).map_err(read_err)?;
        let mut seq: Vec<u8> = record.sequence().as_ref().to_vec();
        seq.make_ascii_uppercase();
        Ok(seq)
    }
}

/// Bases `start..=end` (1-based, within the contig) read at their byte offsets; line ends dropped.
fn read_direct(file: &std::fs::File, l: Layout, start: u64, end: u64) -> std::io::Result<Vec<u8>> {
    let byte = |p: u64| l.offset + p / l.line_bases * l.line_width + p % l.line_bases;
    let (from, to) = (byte(start - 1), byte(end - 1));
    let len = usize::try_from(to - from + 1).map_err(std::io::Error::other)?;
    let mut buf = vec![0u8; len];
    read_at(file, &mut buf, from)?;
    // Within one line (most short fetches) there is nothing to remove, unless the file is not laid
    // out as its .fai says: the check below catches that either way.
    if buf.len() as u64 != end - start + 1 || buf.iter().any(u8::is_ascii_whitespace) {
        buf.retain(|b| !b.is_ascii_whitespace());
    }
    if buf.len() as u64 != end - start + 1 {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            "the bases do not match the .fai line layout",
        ));
    }
    buf.make_ascii_uppercase();
    Ok(buf)
}

#[cfg(unix)]
fn read_at(file: &std::fs::File, buf: &mut [u8], offset: u64) -> std::io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, buf, offset)
}

#[cfg(windows)]
fn read_at(file: &std::fs::File, buf: &mut [u8], offset: u64) -> std::io::Result<()> {
    let mut done = 0;
    while done < buf.len() {
        let n = std::os::windows::fs::FileExt::seek_read(file, &mut buf[done..], offset + done as u64)?;
        if n == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        done += n;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fetch_by_any_contig_name() {
        let dir = tempfile::tempdir().unwrap();
        let fa = dir.path().join("r.fa");
        std::fs::write(&fa, ">chr7 test\nACGTACGTAC\nggttaa\n>2\nNNNN\n").unwrap();
        std::fs::write(dir.path().join("r.fa.fai"), "chr7\t16\t11\t10\t11\n2\t4\t32\t4\t5\n").unwrap();
        let r = Reference::open(&fa).unwrap();
        assert_eq!(r.fetch("7", 9, 13).unwrap(), b"ACGGT");
        assert_eq!(r.fetch("chr7", 1, 1).unwrap(), b"A");
        assert_eq!(r.length("7"), Some(16));
        assert!(matches!(r.fetch("7", 10, 17), Err(FastaError::Range { .. })));
        assert!(matches!(r.fetch("chr3", 1, 2), Err(FastaError::Contig { .. })));
        assert_eq!(r.fetch("chr2", 2, 3).unwrap(), b"NN");
        assert_eq!(r.fetch("7", 1, 16).unwrap(), b"ACGTACGTACGGTTAA");
        std::fs::remove_file(dir.path().join("r.fa.fai")).unwrap();
        assert_eq!(Reference::open(&fa).unwrap().fetch("2", 1, 4).unwrap(), b"NNNN");
        let e = Reference::open(&dir.path().join("absent.fa")).unwrap_err();
        assert!(e.to_string().contains("absent.fa"));
        // CRLF line ends, read at their byte offsets.
        let crlf = dir.path().join("crlf.fa");
        std::fs::write(&crlf, ">c\r\nACGT\r\nGG\r\n").unwrap();
        std::fs::write(dir.path().join("crlf.fa.fai"), "c\t6\t4\t4\t6\n").unwrap();
        assert_eq!(Reference::open(&crlf).unwrap().fetch("c", 3, 6).unwrap(), b"GTGG");
    }

    /// A truncated FASTA, an empty .fai and one older than the FASTA are input errors on open.
    #[test]
    fn a_fai_that_disagrees_with_its_fasta_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let fa = dir.path().join("r.fa");
        let fai = dir.path().join("r.fa.fai");
        std::fs::write(&fa, ">chr7\nACGTACGTAC\nACGTAC\n").unwrap();
        std::fs::write(&fai, "chr7\t16\t6\t10\t11\n").unwrap();
        assert!(Reference::open(&fa).is_ok());
        // Truncated: the bases stop before the .fai says.
        std::fs::write(&fa, ">chr7\nACGTACGTAC\nAC").unwrap();
        std::fs::write(&fai, "chr7\t16\t6\t10\t11\n").unwrap();
        let e = Reference::open(&fa).unwrap_err().to_string();
        assert!(
            e.contains("contig chr7 ends at byte 23") && e.contains("the FASTA has 19 bytes"),
            "{e}"
        );
        std::fs::write(&fa, ">chr7\nACGTACGTAC\nACGTAC\n").unwrap();
        std::fs::write(&fai, "").unwrap();
        let e = Reference::open(&fa).unwrap_err().to_string();
        assert!(e.contains("r.fa.fai is empty"), "{e}");
        std::fs::write(&fai, "chr7\t16\t6\t10\t11\n").unwrap();
        let old = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
        std::fs::File::options()
            .write(true)
            .open(&fai)
            .unwrap()
            .set_modified(old)
            .unwrap();
        let e = Reference::open(&fa).unwrap_err().to_string();
        assert!(e.contains("is older than the FASTA"), "{e}");
    }
}
