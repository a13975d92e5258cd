//! TMB and MSI from the passing variants. STUB — to be replaced by the biomarker owner.

use crate::kb::KnowledgeBase;
use crate::model::{Alteration, Variant};
use crate::report::Biomarkers;
use std::path::PathBuf;

#[derive(Debug, Clone, Default)]
pub struct BiomarkerOptions {
    pub targets: Option<PathBuf>,
    pub target_mb: Option<f64>,
    pub assay: Option<String>,
    pub tmb_include_synonymous: bool,
    pub max_pop_af: f64,
    pub tmb_threshold: Option<f64>,
    pub reference: Option<PathBuf>,
    pub gene_models: Option<PathBuf>,
}

/// Streaming accumulator: `observe` every passing variant (after annotation),
/// `merge` accumulators from parallel chunks in order, then `finish`.
#[derive(Debug, Clone, Default)]
pub struct Accumulator {
    pub passing: u64,
}

impl Accumulator {
    pub fn observe(&mut self, _v: &Variant) {
        self.passing += 1;
    }
    pub fn merge(&mut self, other: Accumulator) {
        self.passing += other.passing;
    }
}

/// Context the biomarker stage needs besides the variants.
pub struct Context<'a> {
    pub kb: &'a KnowledgeBase,
    pub options: &'a BiomarkerOptions,
    pub tumor_only: bool,
    pub annotated: bool,
    pub build: Option<crate::input::GenomeBuild>,
}

pub fn finish(_acc: Accumulator, _ctx: &Context, _alterations: &[Alteration]) -> Result<Biomarkers, String> {
    Ok(Biomarkers::default())
}
