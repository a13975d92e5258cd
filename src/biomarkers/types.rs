//! The stage's results: TMB and MSI as domain values. Closed sets are enums;
//! their `as_str` (or `Display`) gives the report's strings. Values that the
//! stage reports to a fixed precision (per-Mb rates, intervals) are already
//! rounded here. Conversion into the serialised report: `crate::report`.

use std::fmt;

/// TMB and MSI of one patient.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Biomarkers {
    pub tmb: Option<Tmb>,
    pub msi: Option<Msi>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, schemars::JsonSchema)]
pub enum TmbStatus {
    #[serde(rename = "high")]
    High,
    #[serde(rename = "low")]
    Low,
    #[serde(rename = "indeterminate")]
    Indeterminate,
}

impl TmbStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            TmbStatus::High => "high",
            TmbStatus::Low => "low",
            TmbStatus::Indeterminate => "indeterminate",
        }
    }
}

/// What TMB counts (see [`super::tmb`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, schemars::JsonSchema)]
pub enum TmbMethod {
    #[serde(rename = "coding_nonsynonymous")]
    CodingNonsynonymous,
    #[serde(rename = "coding_all")]
    CodingAll,
    #[serde(rename = "unannotated_in_targets")]
    UnannotatedInTargets,
    #[serde(rename = "unannotated_all")]
    UnannotatedAll,
}

impl TmbMethod {
    pub fn as_str(self) -> &'static str {
        match self {
            TmbMethod::CodingNonsynonymous => "coding_nonsynonymous",
            TmbMethod::CodingAll => "coding_all",
            TmbMethod::UnannotatedInTargets => "unannotated_in_targets",
            TmbMethod::UnannotatedAll => "unannotated_all",
        }
    }
}

/// Where the TMB denominator came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DenominatorSource {
    /// `--target-mb`.
    TargetMb,
    /// An `--assay` preset, by its canonical name.
    Assay(String),
    /// The merged `--targets` BED size.
    TargetsBed,
    /// The merged `--gene-models` BED size (unannotated input).
    GeneModelsBed,
    /// The merged CDS size of `--gene-models` GFF3/GTF (input annotated by our engine).
    GeneModelsCds,
}

impl DenominatorSource {
    /// The report's string: `target_mb`, `assay:<NAME>`, `targets_bed`, `gene_models_bed`.
    pub fn label(&self) -> String {
        self.to_string()
    }
}

impl fmt::Display for DenominatorSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DenominatorSource::TargetMb => f.write_str("target_mb"),
            DenominatorSource::Assay(name) => write!(f, "assay:{name}"),
            DenominatorSource::TargetsBed => f.write_str("targets_bed"),
            DenominatorSource::GeneModelsBed => f.write_str("gene_models_bed"),
            DenominatorSource::GeneModelsCds => f.write_str("gene_models_cds"),
        }
    }
}

/// The assessed region's size and where it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Denominator {
    pub mb: f64,
    pub source: DenominatorSource,
}

/// Why a passing variant was not counted by TMB (the first reason that applies).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Exclusion {
    OutsideTargets,
    OutsideGeneModels,
    NoAnnotation,
    NotCoding,
    Synonymous,
    SomaticFlagFalse,
    /// Tumour-only: population AF above this maximum (`--max-pop-af`).
    PopulationAfAbove(f64),
    /// A call the germline screen marked as possible clonal haematopoiesis (`crate::germline`):
    /// not a tumour mutation.
    PossibleClonalHaematopoiesis,
}

impl fmt::Display for Exclusion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Exclusion::OutsideTargets => f.write_str("outside_targets"),
            Exclusion::OutsideGeneModels => f.write_str("outside_gene_models"),
            Exclusion::NoAnnotation => f.write_str("no_annotation"),
            Exclusion::NotCoding => f.write_str("not_coding"),
            Exclusion::Synonymous => f.write_str("synonymous"),
            Exclusion::SomaticFlagFalse => f.write_str("somatic_flag_false"),
            Exclusion::PopulationAfAbove(max) => write!(f, "population_af_gt_{max}"),
            Exclusion::PossibleClonalHaematopoiesis => f.write_str("possible_clonal_haematopoiesis"),
        }
    }
}

impl Exclusion {
    /// The report's key (`outside_targets`, …, `population_af_gt_<max>`).
    pub fn key(&self) -> String {
        self.to_string()
    }
}

/// Tumour mutational burden.
#[derive(Debug, Clone, PartialEq)]
pub struct Tmb {
    /// Mutations per megabase (4 decimals); None when it cannot be computed.
    pub value: Option<f64>,
    pub count: u64,
    pub denominator: Option<Denominator>,
    pub definition: String,
    pub method: TmbMethod,
    pub threshold: f64,
    pub threshold_source: String,
    pub status: TmbStatus,
    /// Exact Poisson 95 % interval per Mb (4 decimals).
    pub ci95: Option<[f64; 2]>,
    pub snv_count: u64,
    pub indel_count: u64,
    /// Driver calls among the counted substitutions (for bTMB, which leaves them out).
    pub driver_snv_count: u64,
    /// Non-zero exclusion counts, sorted by key.
    pub excluded: Vec<(Exclusion, u64)>,
    pub tumor_only: bool,
    pub warnings: Vec<crate::warning::Warning>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, schemars::JsonSchema)]
pub enum MsiStatus {
    #[serde(rename = "MSI-H")]
    MsiH,
    #[serde(rename = "MSS")]
    Mss,
    #[serde(rename = "indeterminate")]
    Indeterminate,
}

impl MsiStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            MsiStatus::MsiH => "MSI-H",
            MsiStatus::Mss => "MSS",
            MsiStatus::Indeterminate => "indeterminate",
        }
    }
}

/// Where the repeat context of the indels came from (see [`super::msi`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, schemars::JsonSchema)]
pub enum MsiMethod {
    #[serde(rename = "caller_repeat_fields")]
    CallerRepeatFields,
    #[serde(rename = "reference_fasta")]
    ReferenceFasta,
    #[serde(rename = "indel_burden_fallback")]
    IndelBurdenFallback,
}

impl MsiMethod {
    pub fn as_str(self) -> &'static str {
        match self {
            MsiMethod::CallerRepeatFields => "caller_repeat_fields",
            MsiMethod::ReferenceFasta => "reference_fasta",
            MsiMethod::IndelBurdenFallback => "indel_burden_fallback",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, schemars::JsonSchema)]
pub enum Confidence {
    #[serde(rename = "high")]
    High,
    #[serde(rename = "moderate")]
    Moderate,
    #[serde(rename = "low")]
    Low,
}

impl Confidence {
    pub fn as_str(self) -> &'static str {
        match self {
            Confidence::High => "high",
            Confidence::Moderate => "moderate",
            Confidence::Low => "low",
        }
    }
}

/// Microsatellite instability.
#[derive(Debug, Clone, PartialEq)]
pub struct Msi {
    pub status: MsiStatus,
    /// The value compared with the threshold (4 decimals).
    pub score: Option<f64>,
    pub threshold: f64,
    pub method: MsiMethod,
    pub confidence: Confidence,
    pub features: MsiFeatures,
    pub mmr_genes_altered: Vec<String>,
    pub pole_like: bool,
    pub sources: Vec<String>,
    pub warnings: Vec<crate::warning::Warning>,
}

/// The features behind the MSI call (per-Mb rates and fractions to 4 decimals).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct MsiFeatures {
    pub(crate) denominator_mb: Option<f64>,
    pub indels: u64,
    pub snvs: u64,
    pub(crate) repeat_indels: Option<u64>,
    pub(crate) repeat_indels_per_mb: Option<f64>,
    pub(crate) indels_per_mb: Option<f64>,
    pub(crate) indel_fraction: Option<f64>,
    pub(crate) homopolymer_1bp_indels: Option<u64>,
    pub(crate) pole_exonuclease_hits: Vec<String>,
}

display_as_str!(TmbStatus, TmbMethod, MsiStatus, MsiMethod, Confidence);
