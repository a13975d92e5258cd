//! Fusion input (issue 28, `--sv`): fusion tables read into one model ([`Fusion`], 5'::3'), the
//! oncogenic partner order ([`orientation`]), and the fusion alterations the therapy rules
//! (`biomarker_type` `fusion`) and the report's `fusions` section use. Formats are detected from
//! the header ([`tables::classify`]); the tables are read with the copy-number readers' bounded
//! table reader ([`crate::cna::table`]: one-line errors naming file, line and field; truncated
//! files refused). Structural-variant VCFs ([`vcf`]) are mapped to genes over the embedded GRCh38
//! spans. BEDPE is not read yet.

pub mod orientation;
mod tables;
mod vcf;

use crate::cna::CnaError;
use std::path::{Path, PathBuf};

pub use orientation::Orientation;

/// The fusion formats read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SvFormat {
    /// Arriba `fusions.tsv` (`#gene1 gene2 … breakpoint1 breakpoint2 … reading_frame`; gene1 is 5').
    Arriba,
    /// STAR-Fusion `.fusion_predictions(.abridged).tsv` (`#FusionName … LeftGene … RightGene`; left is 5').
    StarFusion,
    /// cBioPortal `data_sv.txt` (`Site1_Hugo_Symbol` read as the 5' partner, `Site2_Hugo_Symbol` 3').
    CbioSv,
    /// OncoKB-style `GeneA GeneB [Sv_Type]` lists: no order, read in the known oncogenic order.
    GenePairs,
    /// A structural-variant VCF (`#CHROM POS ID REF ALT QUAL FILTER INFO`; Manta, GRIDSS, DELLY, SvABA).
    Vcf,
}

impl SvFormat {
    pub fn as_str(self) -> &'static str {
        match self {
            SvFormat::Arriba => "arriba",
            SvFormat::StarFusion => "star_fusion",
            SvFormat::CbioSv => "cbioportal_sv",
            SvFormat::GenePairs => "gene_pairs",
            SvFormat::Vcf => "sv_vcf",
        }
    }
}

/// A breakpoint, 1-based, contig normalised.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Breakpoint {
    pub contig: String,
    pub pos: u64,
}

/// One fusion as the file names it, 5' partner first.
#[derive(Debug, Clone, PartialEq)]
pub struct Fusion {
    pub(crate) five_prime: String,
    pub(crate) three_prime: String,
    /// 5' and 3' breakpoints where the file gives them.
    pub(crate) breakpoints: [Option<Breakpoint>; 2],
    /// The frame as the caller writes it (`in-frame`, `out-of-frame`, `INFRAME`, …).
    pub(crate) frame: Option<String>,
    /// Supporting reads (split reads and discordant pairs / spanning fragments).
    pub(crate) reads: Option<u32>,
    /// False for unordered gene pairs (put in the known oncogenic order).
    pub ordered: bool,
    /// 1-based file line.
    pub line: u64,
}

impl Fusion {
    /// HGNC notation: `EML4::ALK`.
    pub fn name(&self) -> String {
        format!("{}::{}", self.five_prime, self.three_prime)
    }
}

/// One fusion file, read for one sample.
#[derive(Debug, Clone)]
pub struct SvFile {
    pub(crate) path: PathBuf,
    pub format: SvFormat,
    pub sample: Option<String>,
    pub fusions: Vec<Fusion>,
    /// What reading left uncertain (filtered SV records, breakpoints outside genes…).
    pub warnings: Vec<String>,
}

/// What reading a fusion file needs beyond its path.
#[derive(Debug, Clone, Default)]
pub struct ReadOptions {
    /// `-s`: the sample of a multi-sample table.
    pub sample: Option<String>,
    /// The build of the breakpoints (SV VCFs are mapped to genes over its embedded spans).
    pub build: Option<crate::genome::GenomeBuild>,
    /// `--include-filtered`: SV VCF records failing FILTER are read too.
    pub include_filtered: bool,
}

/// Read one fusion file for one sample.
pub fn read(path: &Path, o: &ReadOptions) -> Result<SvFile, CnaError> {
    let sample = o.sample.as_deref();
    let t = crate::cna::table::read(path, |h| tables::classify(h).is_some())?;
    let format = tables::classify(&t.header).ok_or_else(|| CnaError::Line {
        file: path.to_path_buf(),
        line: t.header_line,
        reason: "not a known fusion header".into(),
    })?;
    if format == SvFormat::Vcf {
        return read_vcf(path, &t, o);
    }
    let (sample, rows) = match tables::sample_col(&t, format) {
        Some(c) => {
            let mut names: Vec<String> = Vec::new();
            for r in &t.rows {
                let n = t.text(r, c);
                if !names.iter().any(|x| x == n) {
                    names.push(n.to_string());
                }
            }
            let s = crate::cna::pick(path, &names, sample)?;
            let rows: Vec<_> = t.rows.iter().filter(|r| Some(t.text(r, c)) == s.as_deref()).collect();
            (s, rows)
        }
        None => (None, t.rows.iter().collect()),
    };
    Ok(SvFile {
        path: path.to_path_buf(),
        format,
        sample,
        fusions: tables::read(&t, &rows, format)?,
        warnings: vec![],
    })
}

fn read_vcf(path: &Path, t: &crate::cna::table::Table, o: &ReadOptions) -> Result<SvFile, CnaError> {
    let shown = path.display();
    let mut warnings = Vec::new();
    let fusions = match o.build {
        Some(b @ crate::genome::GenomeBuild::GRCh38) => {
            let (f, tally) = vcf::read(t, b, o.include_filtered)?;
            if tally.filtered > 0 {
                warnings.push(format!(
                    "{shown}: {} SV record(s) failing FILTER were not read (--include-filtered reads them)",
                    tally.filtered
                ));
            }
            if tally.one_sided > 0 {
                warnings.push(format!(
                    "{shown}: {} fusion partner(s) lie outside the embedded gene spans and are named by their locus",
                    tally.one_sided
                ));
            }
            if tally.antisense > 0 {
                warnings.push(format!(
                    "{shown}: {} junction(s) join two genes against their strands: no sense fusion transcript",
                    tally.antisense
                ));
            }
            f
        }
        other => {
            warnings.push(format!(
                "{shown}: SV breakpoints are mapped to genes over the embedded GRCh38 spans only; the build is {}: no fusion read",
                other.map(|b| b.as_str()).unwrap_or("unknown (use --genome)")
            ));
            vec![]
        }
    };
    Ok(SvFile {
        path: path.to_path_buf(),
        format: SvFormat::Vcf,
        sample: None,
        fusions,
        warnings,
    })
}

/// One patient's fusion result: the files read and one event per fusion kept.
#[derive(Debug, Clone)]
pub struct Fusions {
    pub files: Vec<SvFile>,
    pub(crate) events: Vec<FusionEvent>,
}

/// A fusion with its orientation and alteration (`SV1`, …; class `fusion` only in the oncogenic
/// orientation).
#[derive(Debug, Clone)]
pub(crate) struct FusionEvent {
    pub(crate) fusion: Fusion,
    pub orientation: Orientation,
    /// The driver gene (in its oncogenic position, or misplaced for a reciprocal product).
    pub(crate) driver_gene: Option<String>,
    pub(crate) alteration: crate::model::Alteration,
    /// Index into [`Fusions::files`].
    pub(crate) file: usize,
}
