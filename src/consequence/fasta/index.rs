//! The `.fai` of a plain FASTA: built in memory with bounded lines when the file has none, and
//! checked against the FASTA when it has one (a truncated FASTA or a stale index is an input
//! error, not a run where every variant silently goes unannotated).

use noodles::fasta::fai;
use std::io::BufReader;
use std::num::NonZero;
use std::path::{Path, PathBuf};

/// Why a plain FASTA cannot be indexed, or why its `.fai` does not fit it.
#[derive(Debug, thiserror::Error)]
pub enum FaiError {
    #[error("{0}")]
    Io(#[source] std::io::Error),
    #[error("line {line}: {source}")]
    Line {
        line: u64,
        #[source]
        source: std::io::Error,
    },
    #[error("record {0}: no sequence layout")]
    NoLayout(String),
    #[error("line {0}: a '>' header without a name")]
    NoName(u64),
    #[error("line {0}: sequence before the first '>' header")]
    SequenceFirst(u64),
    #[error(
        "line {line}: record {name} has sequence lines of different lengths (re-wrap it, as samtools faidx needs)"
    )]
    Ragged { line: u64, name: String },
    #[error("no '>' record: not a FASTA file")]
    NoRecord,
    #[error("{}: {source}", fai.display())]
    Unreadable {
        fai: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{} is empty: re-index with samtools faidx", .0.display())]
    Empty(PathBuf),
    #[error("{} is older than the FASTA (a stale index?): re-index with samtools faidx", .0.display())]
    Stale(PathBuf),
    #[error("contig {contig} ends at byte {end} by {}, but the FASTA has {size} bytes (a truncated FASTA or a stale .fai: re-index with samtools faidx)", fai.display())]
    PastEnd {
        contig: String,
        end: u64,
        fai: PathBuf,
        size: u64,
    },
}

/// Index a plain FASTA as `samtools faidx` does, reading lines through the side-file limit
/// ([`crate::lines`]): an endless line stops at the limit.
pub fn build(path: &Path) -> Result<fai::Index, FaiError> {
    let f = std::fs::File::open(path).map_err(FaiError::Io)?;
    let mut lines = crate::lines::lines(BufReader::new(f));
    let mut records: Vec<fai::Record> = Vec::new();
    // The record being read: name, offset of its first base, bases, line bases, line width,
    // and whether a shorter (last) line was seen.
    struct Open {
        name: String,
        offset: u64,
        length: u64,
        bases: u64,
        width: u64,
        short: bool,
    }
    let mut cur: Option<Open> = None;
    let close = |o: Open, records: &mut Vec<fai::Record>| -> Result<(), FaiError> {
        let (Some(b), Some(w)) = (NonZero::new(o.bases.max(1)), NonZero::new(o.width.max(1))) else {
            return Err(FaiError::NoLayout(o.name));
        };
        records.push(fai::Record::new(o.name, o.length, o.offset, b, w));
        Ok(())
    };
    loop {
        let start = lines.offset();
        let Some(line) = lines.next() else { break };
        let line = line.map_err(|source| FaiError::Line {
            line: lines.line_number() + 1,
            source,
        })?;
        let no = lines.line_number();
        let width = lines.offset() - start;
        if let Some(h) = line.strip_prefix('>') {
            if let Some(o) = cur.take() {
                close(o, &mut records)?;
            }
            let name = h.split_ascii_whitespace().next().unwrap_or("").to_string();
            if name.is_empty() {
                return Err(FaiError::NoName(no));
            }
            cur = Some(Open {
                name,
                offset: lines.offset(),
                length: 0,
                bases: 0,
                width: 0,
                short: false,
            });
            continue;
        }
        let Some(o) = cur.as_mut() else {
            if line.trim().is_empty() {
                continue;
            }
            return Err(FaiError::SequenceFirst(no));
        };
        let n = line.len() as u64;
        if o.bases == 0 {
            o.bases = n;
            o.width = width;
        } else if o.short || n > o.bases {
            return Err(FaiError::Ragged {
                line: no,
                name: o.name.clone(),
            });
        } else if n < o.bases {
            o.short = true;
        }
        o.length += n;
    }
    if let Some(o) = cur.take() {
        close(o, &mut records)?;
    }
    if records.is_empty() {
        return Err(FaiError::NoRecord);
    }
    Ok(fai::Index::from(records))
}

/// Check the `.fai` beside a plain (not `.gz`/`.bgz`) FASTA, when there is one ([`check`]); for
/// readers that load the index themselves (the MSI repeat lookup).
pub(crate) fn check_beside(path: &Path) -> Result<(), FaiError> {
    let mut fai = path.as_os_str().to_owned();
    fai.push(".fai");
    let fai = Path::new(&fai);
    let compressed = path.extension().is_some_and(|e| e == "gz" || e == "bgz");
    if compressed || !fai.exists() {
        return Ok(());
    }
    let unreadable = |source| FaiError::Unreadable {
        fai: fai.to_path_buf(),
        source,
    };
    let text = crate::lines::read_to_string(fai).map_err(unreadable)?;
    let index = fai::io::Reader::new(text.as_bytes()).read_index().map_err(unreadable)?;
    check(path, fai, &index)
}

/// Check a plain FASTA's `.fai` against the file: not empty, not older than the FASTA, and
/// every record's last base inside the file.
pub fn check(path: &Path, fai_path: &Path, index: &fai::Index) -> Result<(), FaiError> {
    let records = index.as_ref();
    if records.is_empty() {
        return Err(FaiError::Empty(fai_path.to_path_buf()));
    }
    let meta = std::fs::metadata(path).map_err(FaiError::Io)?;
    let fai_meta = std::fs::metadata(fai_path).map_err(FaiError::Io)?;
    if let (Ok(fa), Ok(fi)) = (meta.modified(), fai_meta.modified()) {
        if fi < fa {
            return Err(FaiError::Stale(fai_path.to_path_buf()));
        }
    }
    let size = meta.len();
    for r in records {
        let lb = r.line_base_count().get();
        let lw = r.line_width().get();
        let len = r.length();
        // Byte just past the last base.
        let end = r
            .position()
            .saturating_add((len / lb).saturating_mul(lw))
            .saturating_add(len % lb);
        if end > size || lw < lb {
            return Err(FaiError::PastEnd {
                contig: String::from_utf8_lossy(r.name()).into_owned(),
                end,
                fai: fai_path.to_path_buf(),
                size,
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builds_the_samtools_layout() {
        let d = tempfile::tempdir().unwrap();
        let fa = d.path().join("r.fa");
        std::fs::write(&fa, ">chr7 test\nACGTACGTAC\nggttaa\n>2\r\nNNNN\r\n").unwrap();
        let idx = build(&fa).unwrap();
        let r = idx.as_ref();
        assert_eq!(r.len(), 2);
        assert_eq!(
            (
                r[0].length(),
                r[0].position(),
                r[0].line_base_count().get(),
                r[0].line_width().get()
            ),
            (16, 11, 10, 11)
        );
        assert_eq!(
            (
                r[1].length(),
                r[1].position(),
                r[1].line_base_count().get(),
                r[1].line_width().get()
            ),
            (4, 33, 4, 6)
        );
        std::fs::write(&fa, ">c\nACG\nACGT\n").unwrap();
        assert!(matches!(build(&fa).unwrap_err(), FaiError::Ragged { .. }));
        std::fs::write(&fa, "ACGT\n").unwrap();
        assert!(matches!(build(&fa).unwrap_err(), FaiError::SequenceFirst(_)));
    }
}
