//! The `.fai` of a plain FASTA: built in memory with bounded lines when the file has none, and
//! checked against the FASTA when it has one (a truncated FASTA or a stale index is an input
//! error, not a run where every variant silently goes unannotated).

use noodles::fasta::fai;
use std::io::BufReader;
use std::num::NonZero;
use std::path::Path;

/// Index a plain FASTA as `samtools faidx` does, reading lines through the side-file limit
/// ([`crate::lines`]): an endless line stops at the limit.
pub fn build(path: &Path) -> Result<fai::Index, String> {
    let f = std::fs::File::open(path).map_err(|e| e.to_string())?;
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
    let close = |o: Open, records: &mut Vec<fai::Record>| -> Result<(), String> {
        let (Some(b), Some(w)) = (NonZero::new(o.bases.max(1)), NonZero::new(o.width.max(1))) else {
            return Err(format!("record {}: no sequence layout", o.name));
        };
        records.push(fai::Record::new(o.name, o.length, o.offset, b, w));
        Ok(())
    };
    loop {
        let start = lines.offset();
        let Some(line) = lines.next() else { break };
        let line = line.map_err(|e| format!("line {}: {e}", lines.line_number() + 1))?;
        let no = lines.line_number();
        let width = lines.offset() - start;
        if let Some(h) = line.strip_prefix('>') {
            if let Some(o) = cur.take() {
                close(o, &mut records)?;
            }
            let name = h.split_ascii_whitespace().next().unwrap_or("").to_string();
            if name.is_empty() {
                return Err(format!("line {no}: a '>' header without a name"));
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
            return Err(format!("line {no}: sequence before the first '>' header"));
        };
        let n = line.len() as u64;
        if o.bases == 0 {
            o.bases = n;
            o.width = width;
        } else if o.short || n > o.bases {
            return Err(format!(
                "line {no}: record {} has sequence lines of different lengths (re-wrap it, as samtools faidx needs)",
                o.name
            ));
        } else if n < o.bases {
            o.short = true;
        }
        o.length += n;
    }
    if let Some(o) = cur.take() {
        close(o, &mut records)?;
    }
    if records.is_empty() {
        return Err("no '>' record: not a FASTA file".into());
    }
    Ok(fai::Index::from(records))
}

/// Check the `.fai` beside a plain (not `.gz`/`.bgz`) FASTA, when there is one ([`check`]); for
/// readers that load the index themselves (the MSI repeat lookup).
pub fn check_beside(path: &Path) -> Result<(), String> {
    let mut fai = path.as_os_str().to_owned();
    fai.push(".fai");
    let fai = Path::new(&fai);
    let compressed = path.extension().is_some_and(|e| e == "gz" || e == "bgz");
    if compressed || !fai.exists() {
        return Ok(());
    }
    let text = crate::lines::read_to_string(fai).map_err(|e| format!("{}: {e}", fai.display()))?;
    let index = fai::io::Reader::new(text.as_bytes())
        .read_index()
        .map_err(|e| format!("{}: {e}", fai.display()))?;
    check(path, fai, &index)
}

/// Check a plain FASTA's `.fai` against the file: not empty, not older than the FASTA, and
/// every record's last base inside the file.
pub fn check(path: &Path, fai_path: &Path, index: &fai::Index) -> Result<(), String> {
    let records = index.as_ref();
    if records.is_empty() {
        return Err(format!("{} is empty: re-index with samtools faidx", fai_path.display()));
    }
    let meta = std::fs::metadata(path).map_err(|e| e.to_string())?;
    let fai_meta = std::fs::metadata(fai_path).map_err(|e| e.to_string())?;
    if let (Ok(fa), Ok(fi)) = (meta.modified(), fai_meta.modified()) {
        if fi < fa {
            return Err(format!(
                "{} is older than the FASTA (a stale index?): re-index with samtools faidx",
                fai_path.display()
            ));
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
            return Err(format!(
                "contig {} ends at byte {end} by {}, but the FASTA has {size} bytes (a truncated FASTA or a stale .fai: re-index with samtools faidx)",
                String::from_utf8_lossy(r.name()),
                fai_path.display()
            ));
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
        assert!(build(&fa).unwrap_err().contains("different lengths"));
        std::fs::write(&fa, "ACGT\n").unwrap();
        assert!(build(&fa).unwrap_err().contains("before the first"));
    }
}
