//! BED region sets (`--targets`, `--gene-models`): plain, gzip or bgzip,
//! 0-based half-open, merged per contig, with an overlap query.
//!
//! The per-variant query is on the hot path. Because the intervals are merged (disjoint and
//! sorted), one binary search (`partition_point`) answers it in O(log n) with no allocation —
//! what an interval tree (coitrees, rust-lapper) would give for overlapping intervals, so no
//! such dependency is used here.

use super::normalise_chrom;
use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

/// A BED file (`--targets`, `--gene-models`) that cannot be read or parsed.
#[derive(Debug, thiserror::Error)]
pub enum RegionError {
    #[error("cannot open: {0}")]
    Open(#[source] std::io::Error),
    #[error("cannot read: {0}")]
    Read(#[source] std::io::Error),
    #[error("line {line}: {source}")]
    Line {
        line: usize,
        #[source]
        source: std::io::Error,
    },
    #[error("line {line}: expected at least 3 columns (chrom, start, end), found {found}")]
    Columns { line: usize, found: usize },
    #[error("line {line}: empty contig name")]
    EmptyContig { line: usize },
    #[error("line {line}: {column} '{value}' is not a non-negative integer")]
    NotAnInteger {
        line: usize,
        column: &'static str,
        value: String,
    },
    #[error("line {line}: end < start ({end} < {start})")]
    EndBeforeStart { line: usize, start: u64, end: u64 },
}

/// Merged, sorted intervals per normalised contig name (no `chr`, `M` for mitochondria).
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct RegionSet {
    by_chrom: BTreeMap<String, Vec<(u64, u64)>>,
    total_bp: u64,
    /// Data lines read (before merging).
    pub lines: u64,
}

impl RegionSet {
    /// Read a BED file; gzip/bgzip is detected from the magic bytes.
    pub fn from_path(path: &Path) -> Result<RegionSet, RegionError> {
        let mut f = std::fs::File::open(path).map_err(RegionError::Open)?;
        let mut magic = [0u8; 2];
        let n = read_up_to(&mut f, &mut magic).map_err(RegionError::Read)?;
        let f = std::fs::File::open(path).map_err(RegionError::Open)?;
        if n == 2 && magic == [0x1f, 0x8b] {
            RegionSet::from_reader(BufReader::new(flate2::read::MultiGzDecoder::new(f)))
        } else {
            RegionSet::from_reader(BufReader::new(f))
        }
    }

    /// Parse BED text: `chrom start end [...]`, tab- (or space-) separated;
    /// `#`, `track` and `browser` lines and blank lines are skipped.
    pub(crate) fn from_reader<R: BufRead>(r: R) -> Result<RegionSet, RegionError> {
        let mut raw: BTreeMap<String, Vec<(u64, u64)>> = BTreeMap::new();
        let mut lines = 0u64;
        for (i, line) in crate::lines::lines(r).enumerate() {
            let n = i + 1;
            let line = line.map_err(|source| RegionError::Line { line: n, source })?;
            let t = line.trim_end_matches(['\r', '\n']);
            if t.trim().is_empty() || t.starts_with('#') || t.starts_with("track") || t.starts_with("browser") {
                continue;
            }
            let mut f: Vec<&str> = t.split('\t').collect();
            if f.len() < 3 {
                f = t.split_whitespace().collect();
            }
            if f.len() < 3 {
                return Err(RegionError::Columns {
                    line: n,
                    found: f.len(),
                });
            }
            let chrom = f[0].trim();
            if chrom.is_empty() {
                return Err(RegionError::EmptyContig { line: n });
            }
            let start = coordinate(f[1], n, "start")?;
            let end = coordinate(f[2], n, "end")?;
            if end < start {
                return Err(RegionError::EndBeforeStart { line: n, start, end });
            }
            lines += 1;
            if end > start {
                raw.entry(normalise_chrom(chrom).to_string())
                    .or_default()
                    .push((start, end));
            }
        }
        Ok(RegionSet::from_map(raw, lines))
    }

    /// Merge 0-based half-open intervals given as (contig, start, end).
    pub(crate) fn from_intervals(intervals: impl IntoIterator<Item = (String, u64, u64)>) -> RegionSet {
        let mut raw: BTreeMap<String, Vec<(u64, u64)>> = BTreeMap::new();
        let mut lines = 0;
        for (c, s, e) in intervals {
            lines += 1;
            if e > s {
                raw.entry(normalise_chrom(&c).to_string()).or_default().push((s, e));
            }
        }
        RegionSet::from_map(raw, lines)
    }

    fn from_map(mut raw: BTreeMap<String, Vec<(u64, u64)>>, lines: u64) -> RegionSet {
        let mut total_bp = 0;
        for v in raw.values_mut() {
            v.sort_unstable();
            let mut merged: Vec<(u64, u64)> = Vec::with_capacity(v.len());
            for &(s, e) in v.iter() {
                match merged.last_mut() {
                    Some(last) if s <= last.1 => last.1 = last.1.max(e),
                    _ => merged.push((s, e)),
                }
            }
            total_bp += merged.iter().map(|(s, e)| e - s).sum::<u64>();
            *v = merged;
        }
        RegionSet {
            by_chrom: raw,
            total_bp,
            lines,
        }
    }

    /// Every merged interval: (normalised contig, start, end), 0-based half-open.
    pub(crate) fn intervals(&self) -> impl Iterator<Item = (&str, u64, u64)> + '_ {
        self.by_chrom
            .iter()
            .flat_map(|(c, v)| v.iter().map(move |&(s, e)| (c.as_str(), s, e)))
    }

    /// Total merged size in bases.
    #[cfg(test)]
    pub(crate) fn total_bp(&self) -> u64 {
        self.total_bp
    }

    /// Total merged size in megabases (10^6 bases).
    pub(crate) fn size_mb(&self) -> f64 {
        self.total_bp as f64 / 1e6
    }

    pub fn is_empty(&self) -> bool {
        self.total_bp == 0
    }

    /// True when the 0-based half-open interval `[start, end)` on `chrom`
    /// (any naming: `chr1`/`1`, `chrM`/`MT`) overlaps a region. An empty
    /// interval is treated as the single base at `start`.
    pub(crate) fn overlaps(&self, chrom: &str, start: u64, end: u64) -> bool {
        let end = end.max(start.saturating_add(1));
        let Some(v) = self.by_chrom.get(normalise_chrom(chrom)) else {
            return false;
        };
        // First interval whose end is beyond `start`.
        let i = v.partition_point(|&(_, e)| e <= start);
        v.get(i).is_some_and(|&(s, _)| s < end)
    }

    /// The VCF record's reference span in BED coordinates, as bedtools does:
    /// `[POS−1, POS−1+len(REF))`.
    pub(crate) fn overlaps_variant(&self, chrom: &str, pos: u64, ref_len: usize) -> bool {
        let start = pos.saturating_sub(1);
        self.overlaps(chrom, start, start.saturating_add(ref_len.max(1) as u64))
    }
}

fn read_up_to(r: &mut impl Read, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match r.read(&mut buf[n..])? {
            0 => break,
            k => n += k,
        }
    }
    Ok(n)
}

/// A BED start or end: a non-negative integer.
fn coordinate(field: &str, line: usize, column: &'static str) -> Result<u64, RegionError> {
    field.trim().parse().map_err(|_| RegionError::NotAnInteger {
        line,
        column,
        value: clip(field),
    })
}

fn clip(s: &str) -> String {
    let s = s.trim();
    if s.chars().count() > 20 {
        let t: String = s.chars().take(20).collect();
        format!("{t}…")
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn parse(s: &str) -> Result<RegionSet, String> {
        RegionSet::from_reader(s.as_bytes()).map_err(|e| e.to_string())
    }

    #[test]
    fn merges_and_sizes() {
        let r = parse("track name=x\n# c\nchr1\t100\t200\tA\nchr1\t150\t250\nchr1\t250\t300\nchr1\t400\t500\n1\t0\t10\nchrX 5 15\n\n")
            .unwrap();
        // chr1: [0,10) + [100,300) + [400,500) = 10 + 200 + 100; X: 10
        assert_eq!(r.total_bp(), 320);
        assert!((r.size_mb() - 0.00032).abs() < 1e-15);
        assert_eq!(r.lines, 6);
        assert!(r.overlaps("1", 100, 101));
        assert!(r.overlaps("chr1", 299, 300));
        assert!(!r.overlaps("chr1", 300, 301));
        assert!(!r.overlaps("chr1", 350, 400));
        assert!(r.overlaps("chr1", 350, 401));
        assert!(r.overlaps("X", 14, 14));
        assert!(!r.overlaps("2", 0, 1000));
        // VCF POS 100 is BED base 99 → outside [100, …); POS 101 inside.
        assert!(!r.overlaps_variant("1", 100, 1));
        assert!(r.overlaps_variant("1", 101, 1));
        // A deletion whose REF span starts before the region overlaps it.
        assert!(r.overlaps_variant("1", 99, 3));
    }

    #[test]
    fn errors_are_one_line_with_line_numbers() {
        assert_eq!(
            parse("1\t10\t20\n1\t30\t5\n").unwrap_err(),
            "line 2: end < start (5 < 30)"
        );
        assert!(parse("1\tx\t20\n").unwrap_err().starts_with("line 1: start 'x'"));
        assert!(parse("1\t-1\t20\n").unwrap_err().starts_with("line 1: start '-1'"));
        assert!(parse("1\t10\n")
            .unwrap_err()
            .starts_with("line 1: expected at least 3 columns"));
    }

    #[test]
    fn gzip_and_plain_files() {
        let dir = tempfile::tempdir().unwrap();
        let plain = dir.path().join("t.bed");
        std::fs::write(&plain, "1\t0\t100\n").unwrap();
        assert_eq!(RegionSet::from_path(&plain).unwrap().total_bp(), 100);
        let gz = dir.path().join("t.bed.gz");
        let mut e = flate2::write::GzEncoder::new(std::fs::File::create(&gz).unwrap(), flate2::Compression::default());
        e.write_all(b"chr2\t10\t20\nchr2\t15\t40\n").unwrap();
        e.finish().unwrap();
        assert_eq!(RegionSet::from_path(&gz).unwrap().total_bp(), 30);
        assert!(RegionSet::from_path(&dir.path().join("missing.bed"))
            .unwrap_err()
            .to_string()
            .starts_with("cannot open"));
    }
}
