//! `oncoprofile kb import SOURCE FILE… --out DIR [--base DIR]`: build a complete
//! knowledge-base directory from the base (embedded, or `--base`) plus rows
//! imported from a user's copy of a public resource:
//!
//! - `cancerhotspots`: the Cancer Hotspots v2 allele tables (GRCh37 and/or
//!   GRCh38; headerless TSV: chrom, pos, ref, alt, gene, class, protein change,
//!   …). SNV/MNV missense and nonsense alleles become `exact` rows of
//!   `hotspots.imported.tsv` (both builds when both tables are given), plus one
//!   `codon` row per missense residue. Indel rows are skipped: their alleles are
//!   MAF-style (`-`) without the VCF padding base, and their protein labels are
//!   unreliable.
//! - `intogen`: `Compendium_Cancer_Genes.tsv`; genes not in the base become
//!   rows of `genes.imported.tsv` (role from ROLE: Act → oncogene, LoF →
//!   tumor_suppressor, ambiguous → both).
//! - `civic`: [`import_civic`] writes `therapies.civic.tsv`.
//!
//! One file per source: `cancerhotspots.rs`, `intogen.rs`, `civic.rs`; this module holds the
//! dispatcher [`import`] and the helpers that write the directory.

mod cancerhotspots;
mod civic;
mod intogen;

use std::path::{Path, PathBuf};

use super::{KnowledgeBase, IMPORTED_GENES, IMPORTED_HOTSPOTS, REQUIRED_FILES};
use crate::Error;

pub use civic::import_civic;

/// What `kb import` reads: a public knowledge source into a knowledge-base directory, or gene
/// models into a transcript pack (`consequence::pack`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportSource {
    CancerHotspots,
    Intogen,
    Civic,
    GeneModels,
    /// Reference signature sets (COSMIC v3.x files): `crate::signatures::reference::import`.
    Signatures,
}

impl ImportSource {
    pub(crate) const ALL: [ImportSource; 5] = [
        ImportSource::CancerHotspots,
        ImportSource::Intogen,
        ImportSource::Civic,
        ImportSource::GeneModels,
        ImportSource::Signatures,
    ];

    /// The name on the command line.
    pub fn name(self) -> &'static str {
        match self {
            ImportSource::CancerHotspots => "cancerhotspots",
            ImportSource::Intogen => "intogen",
            ImportSource::Civic => "civic",
            ImportSource::GeneModels => "gene-models",
            ImportSource::Signatures => "signatures",
        }
    }

    /// A name as given (case-insensitive); an unknown one is a usage error listing the known.
    pub fn parse(s: &str) -> Result<ImportSource, Error> {
        let l = s.trim().to_ascii_lowercase();
        Self::ALL.into_iter().find(|x| x.name() == l).ok_or_else(|| {
            let names: Vec<&str> = Self::ALL.iter().map(|x| x.name()).collect();
            Error::Usage(format!("unknown import source {s:?} (expected {})", names.join(", ")))
        })
    }
}

/// Writes a complete knowledge-base directory to `out`: the base (embedded, or `base`) plus the
/// rows imported from `source`. Returns a one-paragraph summary for the user. Gene models are
/// not a knowledge source (they make a transcript pack): a usage error here.
pub fn import(source: ImportSource, files: &[PathBuf], base: Option<&Path>, out: &Path) -> Result<String, Error> {
    if source == ImportSource::GeneModels {
        return Err(Error::Usage(
            "gene-models makes a transcript pack, not a knowledge-base directory".into(),
        ));
    }
    if source == ImportSource::Signatures {
        return Err(Error::Usage(
            "signatures makes a reference signature directory, not a knowledge-base directory".into(),
        ));
    }
    let source_name = source.name();
    if files.is_empty() {
        return Err(Error::Usage(format!("kb import {source_name}: no input file given")));
    }
    for f in files {
        if !f.is_file() {
            return Err(Error::io(
                f,
                std::io::Error::new(std::io::ErrorKind::NotFound, "no such file"),
            ));
        }
    }
    let base_kb = write_base(base, out)?;
    let summary = match source {
        ImportSource::CancerHotspots => cancerhotspots::import_cancerhotspots(files, &base_kb, out)?,
        ImportSource::Intogen => intogen::import_intogen(files, &base_kb, out)?,
        ImportSource::Civic => civic::import_civic(files, out)?,
        ImportSource::GeneModels | ImportSource::Signatures => unreachable_source(source)?,
    };
    bump_version(out, &base_kb.version, source_name)?;
    let kb = KnowledgeBase::load_dir(out).map_err(|errs| {
        let first: Vec<String> = errs.iter().take(5).map(|e| e.to_string()).collect();
        Error::Kb(format!(
            "the imported knowledge base in {} is invalid ({} error(s)): {}",
            out.display(),
            errs.len(),
            first.join("; ")
        ))
    })?;
    Ok(format!(
        "{summary}\nknowledge base written to {} (version {}); use it with --annotations {}",
        out.display(),
        kb.version,
        out.display()
    ))
}

/// Refused above; kept as an error rather than a panic.
fn unreachable_source(source: ImportSource) -> Result<String, Error> {
    Err(Error::Usage(format!(
        "kb import {}: not a knowledge source",
        source.name()
    )))
}

/// Copy the base files into `out` and return the base knowledge base.
fn write_base(base: Option<&Path>, out: &Path) -> Result<KnowledgeBase, Error> {
    std::fs::create_dir_all(out).map_err(|e| Error::output(out, e))?;
    let out_err = |e: std::io::Error| Error::output(out, e);
    match base {
        None => {
            KnowledgeBase::write_embedded_files(out).map_err(out_err)?;
            KnowledgeBase::embedded().map_err(|e| Error::Kb(format!("embedded knowledge base invalid: {e:?}")))
        }
        Some(dir) => {
            let kb = KnowledgeBase::load_dir(dir).map_err(|errs| {
                let first: Vec<String> = errs.iter().take(5).map(|e| e.to_string()).collect();
                Error::Kb(format!("--base {}: {}", dir.display(), first.join("; ")))
            })?;
            let same = std::fs::canonicalize(dir).ok() == std::fs::canonicalize(out).ok();
            if !same {
                for name in REQUIRED_FILES.iter().chain([IMPORTED_GENES, IMPORTED_HOTSPOTS].iter()) {
                    let from = dir.join(name);
                    if from.exists() {
                        std::fs::copy(&from, out.join(name)).map_err(out_err)?;
                    }
                }
            }
            Ok(kb)
        }
    }
}

fn bump_version(out: &Path, base_version: &str, source: &str) -> Result<(), Error> {
    let tag = format!("imported.{source}");
    let v = if base_version.contains(&tag) {
        base_version.to_string()
    } else if base_version.contains('+') {
        format!("{base_version}.{tag}")
    } else {
        format!("{base_version}+{tag}")
    };
    let path = out.join("VERSION");
    crate::output::write_atomic(&path, format!("{v}\n").as_bytes())
}

/// Read an existing imported file's data lines (without header), if present.
pub(super) fn existing_rows(path: &Path, header: &[&str]) -> Result<Vec<String>, Error> {
    if !path.exists() {
        return Ok(vec![]);
    }
    let text = crate::lines::read_to_string(path).map_err(|e| Error::io(path, e))?;
    let h = header.join("\t");
    Ok(text
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#') && *l != h)
        .map(str::to_string)
        .collect())
}

pub(super) fn write_rows(path: &Path, header: &[&str], comment: &str, rows: &[String]) -> Result<(), Error> {
    let mut s = format!("# {comment}\n{}\n", header.join("\t"));
    for r in rows {
        s.push_str(r);
        s.push('\n');
    }
    crate::output::write_atomic(path, s.as_bytes())
}

pub(super) fn is_gene_symbol(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.' || c == '_')
}
