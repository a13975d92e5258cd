//! Copy-number input (issue 28): the readers of every copy-number format ([`detect`] decides the
//! format from the header, never the file name), one segment model ([`Segment`]), and the
//! gene-level calls over gene spans ([`call`], thresholds and sources there).
//!
//! Readers follow the VCF readers' rules: a one-line error naming the file, line and field;
//! truncated files (no final newline) refused; bounded line sizes and row counts
//! ([`table`]); contigs normalised like the VCF's ([`crate::genome::normalise_chrom`]);
//! overlapping or unsorted segments repaired with a warning ([`segments::repair`]).

pub mod call;
pub mod cin;
pub(crate) mod convert;
pub(crate) mod detect;
mod error;
mod genes;
mod result;
mod segments;
pub(crate) mod spans;
pub mod table;

pub use call::{CnCall, GeneCall, Thresholds};
pub use detect::CnaFormat;
pub(crate) use error::CnaError;
pub(crate) use result::{CopyNumber, Event};

use crate::genome::GenomeBuild;
use std::path::{Path, PathBuf};

/// What the user set for reading copy number.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CnaOptions {
    /// Tumour purity (0–1]: log2 ratios are purity-corrected (`cnvkit call -m clonal`).
    pub purity: Option<f64>,
    /// Tumour ploidy [default 2]: log2 conversion and the ploidy-relative thresholds.
    pub ploidy: Option<f64>,
    /// The sample of a multi-sample file (`-s/--sample`).
    pub sample: Option<String>,
    /// The log2 ratios were computed against a male reference (haploid X; `cnvkit --male-reference`).
    pub haploid_x_reference: bool,
}

/// One copy-number segment, 1-based inclusive, contig normalised (`17`, `X`).
#[derive(Debug, Clone, PartialEq)]
pub struct Segment {
    pub contig: String,
    pub start: u64,
    pub end: u64,
    /// Absolute total copy number (converted from log2 where the file has no copy number).
    pub total_cn: f64,
    pub major_cn: Option<f64>,
    pub minor_cn: Option<f64>,
    pub log2: Option<f64>,
    /// Genes the file names for the segment (CNVkit's `gene` column).
    pub(crate) genes: Vec<String>,
    /// 1-based file line.
    pub line: u64,
}

/// One gene-level record (cBioPortal, PURPLE gene table).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct GeneLevel {
    pub gene: String,
    pub(crate) gistic: Option<i8>,
    pub min_cn: Option<f64>,
    pub(crate) max_cn: Option<f64>,
    pub minor_cn: Option<f64>,
    pub line: u64,
}

/// One copy-number file, read for one sample.
#[derive(Debug, Clone)]
pub struct CnaFile {
    pub(crate) path: PathBuf,
    pub format: CnaFormat,
    /// The sample read, for multi-sample formats.
    pub sample: Option<String>,
    pub segments: Vec<Segment>,
    pub(crate) genes: Vec<GeneLevel>,
    /// The build the file declares (GATK `@SQ` lengths), when it does.
    pub build: Option<GenomeBuild>,
    pub warnings: Vec<String>,
}

/// The sample column of a multi-sample format.
fn sample_col(t: &table::Table, format: CnaFormat) -> Option<usize> {
    match format {
        CnaFormat::Seg => Some(0),
        CnaFormat::AscatSummary | CnaFormat::AbsoluteSegtab => t.col(&["sample"]),
        CnaFormat::CbioLong => t.col(&["Tumor_Sample_Barcode"]),
        _ => None,
    }
}

/// The one sample to read among `names` (file order), or an error naming them.
pub(crate) fn pick(file: &Path, names: &[String], wanted: Option<&str>) -> Result<Option<String>, CnaError> {
    if names.is_empty() {
        return Ok(None);
    }
    let err = |reason| CnaError::File {
        file: file.to_path_buf(),
        reason,
    };
    let list = || {
        let mut l: Vec<&str> = names.iter().take(5).map(String::as_str).collect();
        if names.len() > 5 {
            l.push("…");
        }
        l.join(", ")
    };
    match wanted {
        Some(w) if names.iter().any(|n| n == w) => Ok(Some(w.to_string())),
        _ if names.len() == 1 => Ok(names.first().cloned()),
        Some(w) => Err(err(format!("sample `{w}` is not in the file (samples: {})", list()))),
        None => Err(err(format!(
            "{} samples (use -s/--sample to pick one): {}",
            names.len(),
            list()
        ))),
    }
}

/// The build of GATK's `@SQ` lines (or a VCF's `##contig` lines), from the length of chromosome 1.
pub(crate) fn build_of(seqs: &[(String, u64)]) -> Option<GenomeBuild> {
    seqs.iter()
        .find(|(n, _)| crate::genome::normalise_chrom(n) == "1")
        .and_then(|(_, l)| match l {
            249_250_621 => Some(GenomeBuild::GRCh37),
            248_956_422 => Some(GenomeBuild::GRCh38),
            _ => None,
        })
}

/// Read one copy-number file for one sample.
pub fn read(path: &Path, o: &CnaOptions) -> Result<CnaFile, CnaError> {
    let t = table::read(path, |h| detect::classify(h).is_some())?;
    let format = detect::classify(&t.header).ok_or_else(|| CnaError::Line {
        file: path.to_path_buf(),
        line: t.header_line,
        reason: "not a known copy-number header".into(),
    })?;
    let mut warnings: Vec<String> = t
        .skipped_preamble
        .iter()
        .map(|l| format!("{}: skipped a line before the header: {l}", path.display()))
        .collect();
    let (sample, rows, matrix_col) = if format == CnaFormat::CbioDiscrete {
        let first = if t.col(&["Entrez_Gene_Id"]).is_some() { 2 } else { 1 };
        let names: Vec<String> = t.header.iter().skip(first).cloned().collect();
        let s = pick(path, &names, o.sample.as_deref())?;
        let col = s.as_ref().and_then(|s| t.header.iter().position(|h| h == s));
        (s, t.rows.iter().collect::<Vec<_>>(), col)
    } else if let Some(c) = sample_col(&t, format) {
        let mut names: Vec<String> = Vec::new();
        for r in &t.rows {
            let n = t.text(r, c);
            if !names.iter().any(|x| x == n) {
                names.push(n.to_string());
            }
        }
        let s = pick(path, &names, o.sample.as_deref())?;
        let rows = t.rows.iter().filter(|r| Some(t.text(r, c)) == s.as_deref()).collect();
        (s, rows, None)
    } else {
        (None, t.rows.iter().collect(), None)
    };
    let (mut segments, genes) = if format.gene_level() {
        (vec![], genes::read(&t, &rows, format, matrix_col)?)
    } else {
        let (segs, inverted) = segments::read(&t, &rows, format, o)?;
        if inverted > 0 {
            warnings.push(format!(
                "{}: {inverted} segment(s) whose end lies before their start were ignored",
                path.display()
            ));
        }
        (segs, vec![])
    };
    let repaired = segments::repair(&mut segments);
    if repaired > 0 {
        warnings.push(format!(
            "{}: {repaired} overlapping segment(s) trimmed to start after the segment before them",
            path.display()
        ));
    }
    Ok(CnaFile {
        path: path.to_path_buf(),
        format,
        sample,
        segments,
        genes,
        build: build_of(&t.sequences),
        warnings,
    })
}

/// The gene calls of one file: over the embedded spans of `build`, else over the genes the file
/// names; `keep` decides which genes are reported (the knowledge base's, or all).
pub fn calls(
    f: &CnaFile,
    build: Option<GenomeBuild>,
    t: &Thresholds,
    keep: &dyn Fn(&str) -> bool,
) -> (Vec<GeneCall>, Option<String>) {
    calls_over(f, build, t, keep, &[])
}

/// [`calls`], with the spans of the user's `--gene-models` for a build without embedded spans
/// (GRCh37): they are used where the build has none and the file names no genes (a file's own
/// gene names win, as CNVkit's `gene` column).
pub(crate) fn calls_over(
    f: &CnaFile,
    build: Option<GenomeBuild>,
    t: &Thresholds,
    keep: &dyn Fn(&str) -> bool,
    model_spans: &[spans::Span],
) -> (Vec<GeneCall>, Option<String>) {
    if !f.genes.is_empty() || f.format.gene_level() {
        let mut c = call::gene_level(&f.genes, t);
        c.retain(|c| keep(&c.gene));
        return (c, None);
    }
    let named = f.segments.iter().any(|s| !s.genes.is_empty());
    let mut spans: Vec<&spans::Span> = build.map(spans::of_build).unwrap_or_default();
    if spans.is_empty() && !named {
        spans = model_spans.iter().collect();
    }
    if !spans.is_empty() {
        let spans: Vec<&spans::Span> = spans.into_iter().filter(|s| keep(&s.gene)).collect();
        return (call::over_spans(&f.segments, &spans, t), None);
    }
    let warning = match (build, named) {
        (_, true) => None,
        (Some(b), false) => Some(format!(
            "{}: no embedded gene spans for {} and the file names no genes: no gene-level copy-number calls (give --gene-models with the build's GFF3/GTF)",
            f.path.display(),
            b.as_str()
        )),
        (None, false) => Some(format!(
            "{}: genome build unknown (use --genome): no gene-level copy-number calls",
            f.path.display()
        )),
    };
    (call::over_named(&f.segments, keep, t), warning)
}
