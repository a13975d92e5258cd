//! `-r/--regions chr:beg-end[,…]` and `-R/--regions-file FILE`: only records overlapping the
//! regions are read, as `bcftools view -r/-R` (its default `--regions-overlap record`: a record
//! is taken when its reference span `[POS, POS+len(REF)-1]` overlaps a region).
//!
//! Region strings: `chr` (the whole contig), `chr:pos` (one base), `chr:beg-end`, `chr:beg-`
//! (to the end of the contig); 1-based, inclusive; thousands separators `,` inside numbers are
//! not accepted (the comma separates regions). A regions file is BED (0-based, half-open) when
//! its name ends in `.bed`, `.bed.gz` or `.bed.bgz`, else bcftools' tab-delimited form: CHROM,
//! POS and optionally END, 1-based inclusive. Contig names are compared without `chr` (as
//! everywhere in oncoprofile), so `-r chr7:…` also selects contig `7`.
//!
//! With a `.tbi`/`.csi` index beside a BGZF VCF only the index chunks of the regions are read
//! ([`super::index`]); otherwise the whole file is streamed and filtered. Either way the record
//! stage keeps exactly the overlapping records, and records outside are not part of the input
//! (not in `input.records`, not counted as removed), so the two give the same report.

use crate::genome::RegionSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The regions as the user gave them, and the merged set.
#[derive(Debug, Clone)]
pub struct Regions {
    pub spec: RegionsSpec,
    pub(crate) set: Arc<RegionSet>,
}

/// `-r` text or `-R` file, as given (recorded in the provenance and reproduced by plans).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RegionsSpec {
    List(String),
    File(PathBuf),
}

impl RegionsSpec {
    /// `-r TEXT` or `-R FILE`.
    pub fn args(&self) -> [String; 2] {
        match self {
            RegionsSpec::List(s) => ["--regions".into(), s.clone()],
            RegionsSpec::File(p) => ["--regions-file".into(), p.display().to_string()],
        }
    }

    pub(crate) fn describe(&self) -> String {
        match self {
            RegionsSpec::List(s) => s.clone(),
            RegionsSpec::File(p) => format!("file:{}", p.display()),
        }
    }
}

/// Whole-contig end (regions up to the end of a contig).
const CONTIG_END: u64 = u64::MAX / 2;

/// A `-r` region or a `-R` row that cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RegionSpecError {
    #[error("empty region")]
    Empty,
    #[error("region '{0}': no contig name")]
    NoContig(String),
    #[error("region '{region}': {what} '{value}' is not a 1-based position")]
    NotAPosition {
        region: String,
        what: &'static str,
        value: String,
    },
    #[error("region '{region}': end {end} is before start {start}")]
    EndBeforeStart { region: String, start: u64, end: u64 },
}

/// A `-R` file that cannot be read (the caller names the file).
#[derive(Debug, thiserror::Error)]
pub enum RegionsFileError {
    #[error(transparent)]
    Bed(#[from] crate::genome::RegionError),
    #[error("cannot open: {0}")]
    Open(#[source] std::io::Error),
    #[error("line {line}: {source}")]
    Read {
        line: usize,
        #[source]
        source: std::io::Error,
    },
    #[error("line {line}: {source}")]
    Position {
        line: usize,
        #[source]
        source: RegionSpecError,
    },
    #[error("line {line}: '{text}' is not CHROM, POS[, END] with END >= POS")]
    Row { line: usize, text: String },
}

fn number(s: &str, what: &'static str, region: &str) -> Result<u64, RegionSpecError> {
    s.trim()
        .parse::<u64>()
        .ok()
        .filter(|&x| x > 0)
        .ok_or_else(|| RegionSpecError::NotAPosition {
            region: region.to_string(),
            what,
            value: s.to_string(),
        })
}

/// One region string as a 0-based half-open interval.
fn one(region: &str) -> Result<(String, u64, u64), RegionSpecError> {
    let r = region.trim();
    if r.is_empty() {
        return Err(RegionSpecError::Empty);
    }
    let Some((chrom, range)) = r.rsplit_once(':') else {
        return Ok((r.to_string(), 0, CONTIG_END));
    };
    if chrom.is_empty() {
        return Err(RegionSpecError::NoContig(r.to_string()));
    }
    let (beg, end) = match range.split_once('-') {
        None => {
            let p = number(range, "position", r)?;
            (p, p)
        }
        Some((b, "")) => (number(b, "start", r)?, CONTIG_END),
        Some((b, e)) => (number(b, "start", r)?, number(e, "end", r)?),
    };
    if end < beg {
        return Err(RegionSpecError::EndBeforeStart {
            region: r.to_string(),
            start: beg,
            end,
        });
    }
    Ok((chrom.to_string(), beg - 1, end))
}

/// Parse `-r` text: regions separated by commas.
pub fn parse_list(text: &str) -> Result<Regions, RegionSpecError> {
    let intervals = text.split(',').map(one).collect::<Result<Vec<_>, _>>()?;
    Ok(Regions {
        spec: RegionsSpec::List(text.to_string()),
        set: Arc::new(RegionSet::from_intervals(intervals)),
    })
}

fn is_bed(path: &Path) -> bool {
    let n = path.to_string_lossy().to_ascii_lowercase();
    n.ends_with(".bed") || n.ends_with(".bed.gz") || n.ends_with(".bed.bgz")
}

/// Read `-R FILE`: BED by name, else CHROM POS [END] (1-based).
pub fn read_file(path: &Path) -> Result<Regions, RegionsFileError> {
    let set = if is_bed(path) {
        RegionSet::from_path(path)?
    } else {
        let reader = crate::text::open_text_file(path).map_err(RegionsFileError::Open)?;
        let mut intervals = Vec::new();
        for (i, line) in crate::lines::lines(reader).enumerate() {
            let line = line.map_err(|source| RegionsFileError::Read { line: i + 1, source })?;
            let t = line.trim_end_matches('\r');
            if t.trim().is_empty() || t.starts_with('#') {
                continue;
            }
            let f: Vec<&str> = t.split('\t').collect();
            let at = |source| RegionsFileError::Position { line: i + 1, source };
            let chrom = f[0].trim();
            let beg = number(f.get(1).copied().unwrap_or(""), "POS", t).map_err(at)?;
            let end = match f.get(2).map(|s| s.trim()).filter(|s| !s.is_empty()) {
                Some(e) => number(e, "END", t).map_err(at)?,
                None => beg,
            };
            if end < beg || chrom.is_empty() {
                return Err(RegionsFileError::Row {
                    line: i + 1,
                    text: t.to_string(),
                });
            }
            intervals.push((chrom.to_string(), beg - 1, end));
        }
        RegionSet::from_intervals(intervals)
    };
    Ok(Regions {
        spec: RegionsSpec::File(path.to_path_buf()),
        set: Arc::new(set),
    })
}

impl Regions {
    /// True when the record's reference span overlaps a region (bcftools' `record` overlap).
    pub(crate) fn keeps(&self, chrom: &str, pos: u64, ref_len: usize) -> bool {
        self.set.overlaps_variant(chrom, pos, ref_len)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn region_strings() {
        assert_eq!(
            one("chr7:140453136-140453137").unwrap(),
            ("chr7".into(), 140453135, 140453137)
        );
        assert_eq!(one("7:100").unwrap(), ("7".into(), 99, 100));
        assert_eq!(one("X").unwrap(), ("X".into(), 0, CONTIG_END));
        assert_eq!(one("1:5-").unwrap(), ("1".into(), 4, CONTIG_END));
        assert!(one("1:0-5").is_err());
        assert_eq!(
            one("1:9-5").unwrap_err(),
            RegionSpecError::EndBeforeStart {
                region: "1:9-5".into(),
                start: 9,
                end: 5
            }
        );
        assert!(one("1:a-5")
            .unwrap_err()
            .to_string()
            .contains("'a' is not a 1-based position"));
    }

    #[test]
    fn record_overlap_as_bcftools() {
        let r = parse_list("7:100-200,12").unwrap();
        assert!(r.keeps("7", 100, 1));
        assert!(r.keeps("chr7", 200, 1));
        assert!(!r.keeps("7", 201, 1));
        // A deletion starting before the region whose REF reaches into it is taken.
        assert!(r.keeps("7", 98, 3));
        assert!(!r.keeps("7", 97, 3));
        assert!(r.keeps("12", 25398284, 1));
        assert!(!r.keeps("13", 1, 1));
    }

    #[test]
    fn regions_files() {
        let d = tempfile::tempdir().unwrap();
        let tab = d.path().join("r.txt");
        std::fs::write(&tab, "# c\n7\t100\t200\n17\t7577120\n").unwrap();
        let r = read_file(&tab).unwrap();
        assert!(r.keeps("7", 150, 1) && r.keeps("17", 7577120, 1) && !r.keeps("17", 7577121, 1));
        let bed = d.path().join("r.bed");
        std::fs::write(&bed, "7\t99\t200\n").unwrap();
        let r = read_file(&bed).unwrap();
        assert!(r.keeps("7", 100, 1) && !r.keeps("7", 99, 1));
        std::fs::write(&tab, "7\tx\n").unwrap();
        assert!(matches!(
            read_file(&tab).unwrap_err(),
            RegionsFileError::Position { line: 1, .. } | RegionsFileError::Row { line: 1, .. }
        ));
    }
}
