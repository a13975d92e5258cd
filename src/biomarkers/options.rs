//! The user's biomarker options and the context the stage runs in.

use super::error::{BiomarkerError, Result};
use crate::kb::KnowledgeBase;
use std::path::PathBuf;

/// What the user set for TMB and MSI.
#[derive(Debug, Clone, Default)]
pub struct BiomarkerOptions {
    /// BED of the assessed region (plain, gzip or bgzip): counting region and denominator.
    pub targets: Option<PathBuf>,
    /// Size of the assessed region in Mb (denominator).
    pub target_mb: Option<f64>,
    /// Assay preset name from `annotations/assays.tsv` (denominator).
    pub assay: Option<String>,
    /// Count synonymous coding variants too (`coding_all`).
    pub tmb_include_synonymous: bool,
    /// Tumour-only: exclude variants with population AF above this (default 0.001).
    pub max_pop_af: f64,
    /// TMB-high threshold; None → `tmb_high` from thresholds.toml.
    pub tmb_threshold: Option<f64>,
    /// Indexed FASTA for MSI repeat context.
    pub reference: Option<PathBuf>,
    /// BED of exons (0-based): TMB region for unannotated input.
    pub gene_models: Option<PathBuf>,
}

impl BiomarkerOptions {
    /// The TMB denominators set (`targets`, `target_mb`, `assay`): more than one is ambiguous.
    pub fn denominators(&self) -> Vec<&'static str> {
        [
            (self.targets.is_some(), "targets"),
            (self.target_mb.is_some(), "target_mb"),
            (self.assay.is_some(), "assay"),
        ]
        .into_iter()
        .filter_map(|(on, name)| on.then_some(name))
        .collect()
    }
}

/// Context the biomarker stage needs besides the variants.
pub struct Context<'a> {
    pub kb: &'a KnowledgeBase,
    pub options: &'a BiomarkerOptions,
    pub tumor_only: bool,
    pub annotated: bool,
    /// Merged CDS size (Mb) of the GFF3/GTF gene models our consequence engine
    /// annotated the file with: the TMB denominator when no other is given.
    pub gene_models_cds_mb: Option<f64>,
    /// Distinct genes hit by passing coding variants (a panel `--assay` on far more genes is an
    /// exome: its TMB denominator does not fit).
    pub coding_genes_hit: usize,
}

/// Range checks of the numeric options.
pub(crate) fn validate(o: &BiomarkerOptions) -> Result<()> {
    let invalid = |flag: &'static str, value: f64, reason: &'static str| BiomarkerError::InvalidOption {
        flag,
        value: value.to_string(),
        reason,
    };
    if !(o.max_pop_af.is_finite() && (0.0..=1.0).contains(&o.max_pop_af)) {
        return Err(invalid("--max-pop-af", o.max_pop_af, "must be between 0 and 1"));
    }
    if let Some(x) = o.target_mb {
        if !(x.is_finite() && x > 0.0) {
            return Err(invalid("--target-mb", x, "must be a positive number of megabases"));
        }
    }
    if let Some(x) = o.tmb_threshold {
        if !(x.is_finite() && x >= 0.0) {
            return Err(invalid(
                "--tmb-threshold",
                x,
                "must be a non-negative number of mutations per Mb",
            ));
        }
    }
    Ok(())
}
