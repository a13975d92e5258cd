//! `--population-vcf` (gnomAD-style sites with INFO `AF` or `AF_popmax`) and `--panel-of-normals`
//! (a Mutect2-style sites-only PoN): bgzipped VCFs with a `.tbi`/`.csi` index, read by region
//! through the index with the same index parser and chunk reader as `-r/-R`
//! (`crate::input::index`), line by line through the bounded side-file reader
//! (`crate::lines`). A 20 GB gnomAD file costs only the index and the blocks the sample touches
//! (and one sequential read for its SHA-256, which the report states; once per process for a
//! file that does not change, however many patients a batch reports).
//!
//! Alleles are matched after the same normalisation on both sides: each ALT of a multi-allelic
//! record on its own (its own `AF` value, `Number=A`), the common suffix and then the common
//! prefix trimmed down to one base (non-parsimonious records such as `GT→AT`, or
//! `TCTGGGGACAAA→TAA,T`, match the parsimonious calls `G→A`, `TCTGGGGACA→T`). Symbolic and `*`
//! ALTs never match.

use crate::genome::{normalise_chrom, RegionSet};
use crate::input::index::{self, Index, IndexError};
use std::collections::HashMap;
use std::io::BufReader;
use std::path::{Path, PathBuf};

/// Which resource.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// `--population-vcf`: a match is germline-like.
    Population,
    /// `--panel-of-normals`: a match is artefact-like.
    PanelOfNormals,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Population => "population",
            Kind::PanelOfNormals => "panel_of_normals",
        }
    }
    pub fn flag(self) -> &'static str {
        match self {
            Kind::Population => "--population-vcf",
            Kind::PanelOfNormals => "--panel-of-normals",
        }
    }
}

/// Why a resource cannot be used; each names the file (and the line where there is one).
#[derive(Debug, thiserror::Error)]
pub(crate) enum ResourceError {
    #[error("{flag}: cannot read: {source}")]
    Io {
        flag: &'static str,
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{flag}: not a bgzipped VCF (compress with bgzip and index with tabix)")]
    NotBgzf { flag: &'static str, path: PathBuf },
    #[error("{flag}: no .tbi or .csi index beside it (tabix -p vcf)")]
    NoIndex { flag: &'static str, path: PathBuf },
    #[error("{flag}: index: {source}")]
    Index {
        flag: &'static str,
        path: PathBuf,
        #[source]
        source: IndexError,
    },
    #[error("{flag}: the line ending at uncompressed byte {offset} of the chunks read: {reason}")]
    Line {
        flag: &'static str,
        path: PathBuf,
        offset: u64,
        reason: String,
    },
}

impl ResourceError {
    /// The crate's one-line input error: the file, then the option and the reason (exit 2).
    pub fn into_error(self) -> crate::error::Error {
        let file = self.path().to_path_buf();
        crate::error::Error::input(file, self)
    }

    /// The file it names.
    pub fn path(&self) -> &Path {
        match self {
            ResourceError::Io { path, .. }
            | ResourceError::NotBgzf { path, .. }
            | ResourceError::NoIndex { path, .. }
            | ResourceError::Index { path, .. }
            | ResourceError::Line { path, .. } => path,
        }
    }
}

/// An opened resource: its index, read once, and its checksum.
#[derive(Debug)]
pub(crate) struct Resource {
    pub kind: Kind,
    pub path: PathBuf,
    pub sha256: String,
    index: Index,
}

/// A normalised allele: (contig without `chr`, 1-based position, REF, ALT).
pub type Key = (String, u64, String, String);

/// The common suffix, then the common prefix, trimmed down to one base (the position moves with
/// the prefix).
pub(crate) fn trim(pos: u64, r: &str, a: &str) -> (u64, String, String) {
    let (rb, ab) = (r.as_bytes(), a.as_bytes());
    let mut end = 0;
    while end + 1 < rb.len() && end + 1 < ab.len() && rb[rb.len() - 1 - end] == ab[ab.len() - 1 - end] {
        end += 1;
    }
    let (rb, ab) = (&rb[..rb.len() - end], &ab[..ab.len() - end]);
    let mut start = 0;
    while start + 1 < rb.len() && start + 1 < ab.len() && rb[start] == ab[start] {
        start += 1;
    }
    (
        pos + start as u64,
        String::from_utf8_lossy(&rb[start..]).into_owned(),
        String::from_utf8_lossy(&ab[start..]).into_owned(),
    )
}

/// The key of one allele: trimmed ([`trim`]), then an indel's anchor base (the one base REF
/// and ALT still share) dropped, so that the key holds only the inserted or deleted bases and
/// starts where they do. An indel read from a MAF without `--reference` carries `N` as its
/// padding base (`crate::input::maf::vcf_alleles`); without its anchor it matches the resource's
/// anchored record all the same.
pub fn key(chrom: &str, pos: u64, r: &str, a: &str) -> Key {
    let (p, r, a) = trim(pos, &r.to_ascii_uppercase(), &a.to_ascii_uppercase());
    let (p, r, a) = match (r.as_bytes().first(), a.as_bytes().first()) {
        (Some(x), Some(y)) if x == y && (r.len() == 1 || a.len() == 1) && r.len() != a.len() => {
            (p + 1, r[1..].to_string(), a[1..].to_string())
        }
        _ => (p, r, a),
    };
    (normalise_chrom(chrom).to_string(), p, r, a)
}

/// The AF of ALT `i` (0-based) in an INFO column: the larger of `AF` and `AF_popmax` (None when
/// neither has a number for it).
fn allele_af(info: &str, i: usize) -> Option<f64> {
    let mut best: Option<f64> = None;
    for kv in info.split(';') {
        let Some((k, v)) = kv.split_once('=') else { continue };
        if k == "AF" || k == "AF_popmax" {
            if let Some(x) = v
                .split(',')
                .nth(i)
                .and_then(|x| x.parse::<f64>().ok())
                .filter(|x| x.is_finite())
            {
                best = Some(best.map_or(x, |b| b.max(x)));
            }
        }
    }
    best
}

/// The alleles of one VCF data line: each ALT's normalised key, its AF (`AF`/`AF_popmax`, the
/// larger; None when the record gives none) and the REF length of the key (0 for an insertion). Symbolic, `*` and `.`
/// ALTs are skipped.
pub fn record_alleles(line: &str) -> Result<Vec<(Key, Option<f64>, usize)>, String> {
    let mut f = line.split('\t');
    let (Some(chrom), Some(pos), Some(_id), Some(r), Some(alts)) = (f.next(), f.next(), f.next(), f.next(), f.next())
    else {
        return Err("fewer than 5 tab-separated columns".into());
    };
    let pos: u64 = pos.parse().map_err(|_| format!("POS {pos:?} is not a number"))?;
    let info = f.nth(2).unwrap_or("");
    let mut out = Vec::new();
    for (i, a) in alts.split(',').enumerate() {
        if a.starts_with('<') || a == "*" || a == "." || a.contains('[') || a.contains(']') {
            continue;
        }
        let k = key(chrom, pos, r, a);
        let len = k.2.len();
        out.push((k, allele_af(info, i), len));
    }
    Ok(out)
}

/// The SHA-256 of a resource, read once per process for a given path, size and modification
/// time: a batch whose patients share a 20 GB gnomAD file reads it whole once, not once per
/// patient (a changed file is read again).
fn checksum(path: &Path) -> crate::error::Result<String> {
    use std::sync::{Mutex, OnceLock};
    type Seen = HashMap<(PathBuf, u64, Option<std::time::SystemTime>), String>;
    static SEEN: OnceLock<Mutex<Seen>> = OnceLock::new();
    let meta = std::fs::metadata(path).map_err(|e| crate::error::Error::io(path, e))?;
    let k = (path.to_path_buf(), meta.len(), meta.modified().ok());
    let seen = SEEN.get_or_init(Default::default);
    if let Some(s) = seen.lock().unwrap_or_else(|p| p.into_inner()).get(&k) {
        return Ok(s.clone());
    }
    let sha = crate::input::sha256_file(path)?;
    seen.lock().unwrap_or_else(|p| p.into_inner()).insert(k, sha.clone());
    Ok(sha)
}

impl Resource {
    /// Open a bgzipped, indexed VCF: the index is read now, the data only by region.
    pub fn open(kind: Kind, path: &Path) -> Result<Resource, ResourceError> {
        let flag = kind.flag();
        let io = |source| ResourceError::Io {
            flag,
            path: path.to_path_buf(),
            source,
        };
        let mut magic = [0u8; 4];
        {
            use std::io::Read;
            let mut f = std::fs::File::open(path).map_err(io)?;
            f.read_exact(&mut magic).map_err(io)?;
        }
        // BGZF: a gzip member with the FEXTRA flag (the BC subfield).
        if magic[..3] != [0x1f, 0x8b, 8] || magic[3] & 4 == 0 {
            return Err(ResourceError::NotBgzf {
                flag,
                path: path.to_path_buf(),
            });
        }
        let ipath = index::find(path).ok_or_else(|| ResourceError::NoIndex {
            flag,
            path: path.to_path_buf(),
        })?;
        let index = Index::read(&ipath).map_err(|source| ResourceError::Index {
            flag,
            path: ipath.clone(),
            source,
        })?;
        let sha256 = checksum(path).map_err(|e| ResourceError::Line {
            flag,
            path: path.to_path_buf(),
            offset: 0,
            reason: e.to_string(),
        })?;
        Ok(Resource {
            kind,
            path: path.to_path_buf(),
            sha256,
            index,
        })
    }

    /// Every allele of the records overlapping `regions`, with its AF (None: no AF for it).
    pub fn query(&self, regions: &RegionSet) -> Result<HashMap<Key, Option<f64>>, ResourceError> {
        let mut out = HashMap::new();
        let chunks = self.index.chunks(regions);
        if chunks.is_empty() {
            return Ok(out);
        }
        let flag = self.kind.flag();
        let file = std::fs::File::open(&self.path).map_err(|source| ResourceError::Io {
            flag,
            path: self.path.clone(),
            source,
        })?;
        let mut lines = crate::lines::lines(BufReader::new(index::ChunkReader::new(file, chunks)));
        while let Some(line) = lines.next() {
            let line = line.map_err(|e| ResourceError::Line {
                flag,
                path: self.path.clone(),
                offset: lines.offset(),
                reason: e.to_string(),
            })?;
            if line.starts_with('#') || line.is_empty() {
                continue;
            }
            let alleles = record_alleles(&line).map_err(|reason| ResourceError::Line {
                flag,
                path: self.path.clone(),
                offset: lines.offset(),
                reason,
            })?;
            for (k, af, ref_len) in alleles {
                // The key of an indel starts after its anchor base: the anchor is what the
                // sample's regions cover.
                if regions.overlaps_variant(&k.0, k.1.saturating_sub(1), ref_len + 1) {
                    out.insert(k, af);
                }
            }
        }
        Ok(out)
    }
}

/// The resources of one report (`--population-vcf`, `--panel-of-normals`).
#[derive(Debug, Default)]
pub(crate) struct Resources {
    pub population: Option<Resource>,
    pub panel_of_normals: Option<Resource>,
}

/// A resource as the report states it: which, where, its checksum, and what it matched.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ResourceUse {
    pub kind: Kind,
    pub path: PathBuf,
    pub sha256: String,
    /// Passing alleles found in it (population: with an AF; panel of normals: removed).
    pub matched: u64,
    /// Population: alleles found in it without an AF (not germline-like by AF).
    pub matched_without_af: u64,
}

/// What one resource matched in a chunk of records.
pub(crate) type Sites = HashMap<Key, Option<f64>>;

/// The sites of both resources around one chunk of records.
#[derive(Debug, Default)]
pub(crate) struct ChunkSites {
    population: Option<Sites>,
    panel_of_normals: Option<Sites>,
}

/// What a variant matched.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Match {
    None,
    /// In the panel of normals: artefact-like (not listed, not in TMB).
    PanelOfNormals,
    /// In the population resource, with its AF there (None: the record gives none).
    Population(Option<f64>),
}

/// The name the annotation's population-AF field takes for a resource match.
pub(crate) const POPULATION_FIELD: &str = "population_vcf";

impl Resources {
    pub fn is_empty(&self) -> bool {
        self.population.is_none() && self.panel_of_normals.is_none()
    }

    /// Open the given resources.
    pub fn open(population: Option<&Path>, pon: Option<&Path>) -> Result<Resources, ResourceError> {
        Ok(Resources {
            population: population.map(|p| Resource::open(Kind::Population, p)).transpose()?,
            panel_of_normals: pon.map(|p| Resource::open(Kind::PanelOfNormals, p)).transpose()?,
        })
    }

    /// The resources' sites around `regions` (one query per resource).
    pub fn sites(&self, regions: &RegionSet) -> Result<ChunkSites, ResourceError> {
        Ok(ChunkSites {
            population: self.population.as_ref().map(|r| r.query(regions)).transpose()?,
            panel_of_normals: self.panel_of_normals.as_ref().map(|r| r.query(regions)).transpose()?,
        })
    }

    /// The sites around a chunk of MAF rows (None without resources): the rows' positions are
    /// read here once more, without padding bases, and the region covers the base before each
    /// row's Start_Position, where an indel's anchor lies.
    pub(crate) fn maf_sites(
        &self,
        cols: &crate::input::maf::MafColumns,
        chunk: &crate::engine::Chunk,
    ) -> crate::error::Result<Option<ChunkSites>> {
        use crate::input::maf;
        if self.is_empty() {
            return Ok(None);
        }
        let intervals = chunk.lines().filter_map(|line| {
            let v = maf::parse_cells(&maf::cells(line), cols, 0, &|_, _| None).ok()?.variant;
            Some((
                v.chrom,
                v.pos.saturating_sub(2),
                v.pos + v.ref_allele.len().max(1) as u64,
            ))
        });
        let regions = RegionSet::from_intervals(intervals);
        self.sites(&regions).map(Some).map_err(ResourceError::into_error)
    }

    /// Each resource as the report states it, before anything is matched.
    pub fn uses(&self) -> Vec<ResourceUse> {
        self.list()
            .into_iter()
            .map(|(kind, path, sha)| ResourceUse {
                kind,
                path: path.to_path_buf(),
                sha256: sha.to_string(),
                matched: 0,
                matched_without_af: 0,
            })
            .collect()
    }

    /// Each resource as (kind, path, sha256).
    pub fn list(&self) -> Vec<(Kind, &Path, &str)> {
        [&self.population, &self.panel_of_normals]
            .into_iter()
            .flatten()
            .map(|r| (r.kind, r.path.as_path(), r.sha256.as_str()))
            .collect()
    }
}

impl ChunkSites {
    /// Match one variant: the panel of normals first. A population match with an AF sets the
    /// annotation's population AF when it is higher (the field then reads `population_vcf`), so
    /// that classification, TMB and MSI treat the call as a germline polymorphism by their own
    /// population-AF rules.
    pub fn apply(&self, v: &mut crate::model::Variant) -> Match {
        let k = key(&v.chrom, v.pos, &v.ref_allele, &v.alt);
        if self.panel_of_normals.as_ref().is_some_and(|s| s.contains_key(&k)) {
            return Match::PanelOfNormals;
        }
        let Some(af) = self.population.as_ref().and_then(|s| s.get(&k)) else {
            return Match::None;
        };
        if let (Some(x), Some(a)) = (af, v.annotation.as_mut()) {
            if a.population_af.is_none_or(|y| *x > y) {
                a.population_af = Some(*x);
                a.population_af_field = Some(POPULATION_FIELD.to_string());
            }
        }
        Match::Population(*af)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn non_parsimonious_alleles_normalise() {
        assert_eq!(trim(1366255, "GT", "AT"), (1366255, "G".into(), "A".into()));
        assert_eq!(trim(1401389, "GT", "CA"), (1401389, "GT".into(), "CA".into()));
        assert_eq!(
            trim(2289449, "TCTGGGGACAAA", "TAA"),
            (2289449, "TCTGGGGACA".into(), "T".into())
        );
        assert_eq!(
            trim(2289449, "TCTGGGGACAAA", "T"),
            (2289449, "TCTGGGGACAAA".into(), "T".into())
        );
        assert_eq!(trim(100, "CAT", "CGT"), (101, "A".into(), "G".into()));
        assert_eq!(key("chr20", 5, "gt", "at"), ("20".into(), 5, "G".into(), "A".into()));
        // Indels lose their anchor: an N-padded MAF indel matches the anchored record.
        assert_eq!(
            key("13", 99, "GCAA", "G"),
            ("13".into(), 100, "CAA".into(), String::new())
        );
        assert_eq!(key("13", 99, "NCAA", "N"), key("13", 99, "GCAA", "G"));
        assert_eq!(key("13", 99, "N", "NTT"), key("13", 99, "A", "ATT"));
        assert_eq!(
            key("20", 2289449, "TCTGGGGACAAA", "TAA"),
            key("20", 2289449, "TCTGGGGACA", "T")
        );
        // A complex allele keeps its first base.
        assert_eq!(key("1", 10, "AG", "TCC"), ("1".into(), 10, "AG".into(), "TCC".into()));
    }

    #[test]
    fn checksum_is_read_once_per_unchanged_file() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("r.vcf.gz");
        std::fs::write(&p, b"abc").unwrap();
        let a = checksum(&p).unwrap();
        assert_eq!(a, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assert_eq!(checksum(&p).unwrap(), a);
        std::fs::write(&p, b"abcd").unwrap();
        assert_eq!(
            checksum(&p).unwrap(),
            "88d4266fd4e6338d13b845fcf289579d209c897823b9217da3e161936f031589"
        );
    }

    #[test]
    fn af_per_allele_and_popmax() {
        assert_eq!(allele_af("AC=1000;AF=0.1,0.2", 1), Some(0.2));
        assert_eq!(allele_af("AF=0.01;AF_popmax=0.05", 0), Some(0.05));
        assert_eq!(allele_af("AC=32788;AF=.", 0), None);
        assert_eq!(allele_af(".", 0), None);
    }
}
