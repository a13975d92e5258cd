//! The serialised report: the only place that defines output keys.
//!
//! Keys are stable snake_case. Ordering is deterministic: no hash maps,
//! no timestamps. `SCHEMA_VERSION` changes when a key changes meaning.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

// The closed sets of the report are the stages' own enums, each serialised under the name the
// report has always used (their `as_str`).
pub(crate) use crate::biomarkers::{Confidence, MsiMethod, MsiStatus, TmbMethod, TmbStatus};
pub(crate) use crate::kb::rules::{Direction, EvidenceLevel};
pub(crate) use crate::therapies::{AmpTier, Context as TherapyContext, EscatTier};

pub(crate) const SCHEMA_VERSION: &str = "1.5";
pub(crate) const DISCLAIMER: &str = "For research use only. Not for use in diagnostic procedures. \
This report lists candidate findings from a somatic VCF and the published evidence behind them; \
it is not a diagnosis and not a treatment recommendation. Every finding must be confirmed by a \
qualified professional in the clinical context.";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Report {
    pub(crate) schema_version: String,
    pub(crate) disclaimer: String,
    pub patient: Patient,
    pub input: InputInfo,
    pub filters: FilterSettings,
    pub summary: Summary,
    // In report order; the bulk may be read back from a temporary file (`super::spill`). A plain
    // comment: a doc comment would become the schema's description.
    pub alterations: super::spill::Alterations,
    /// Gene-level copy-number calls (`--cna`); absent without copy-number input.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) copy_number: Option<super::copy_number::CopyNumber>,
    /// Fusions (`--sv`); absent without fusion input.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fusions: Option<super::fusions::Fusions>,
    pub biomarkers: Biomarkers,
    pub(crate) interpretation: Interpretation,
    pub therapies: Therapies,
    /// What a somatic SNV/indel VCF cannot show (fusions, copy-number changes, germline status,
    /// protein biomarkers), the ones relevant to the tumour type first (schema 1.1).
    #[serde(default)]
    pub(crate) not_assessed: Vec<NotAssessed>,
    pub warnings: Vec<String>,
    /// Statements of method that do not change how a finding is read (the MSI counting region),
    /// shown in Methods; the `warnings` are the caveats.
    #[serde(default)]
    pub(crate) method_notes: Vec<String>,
    /// The one warning that most changes how the report is read (chosen by what it is about:
    /// therapy, tumour type, MSI, TMB, pattern, input), shown first; absent without warnings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) key_caveat: Option<String>,
    pub(crate) provenance: Provenance,
    /// Mutational signatures, with `--reference` (catalogues, indicators, fits, readouts).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signatures: Option<super::signatures::Signatures>,
    /// Variants that may be germline: germline testing and genetic counselling recommended
    /// (tumour-only screen); absent when none is flagged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub germline_followup: Option<super::germline::GermlineFollowup>,
    /// Calls that may come from clonal haematopoiesis (solid tumours); absent when none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clonal_haematopoiesis: Option<super::germline::ClonalHaematopoiesis>,
    /// The `--population-vcf` and `--panel-of-normals` resources used, with their SHA-256 and
    /// what they matched; absent without them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub germline_resources: Vec<super::germline::GermlineResource>,
    /// `--sample-type plasma`: the cfDNA thresholds, the bTMB definition and what a negative
    /// result means; absent for tissue.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plasma: Option<super::germline::Plasma>,
}

/// One finding the input cannot show, from `annotations/not_assessed.tsv`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct NotAssessed {
    /// The row id in `not_assessed.tsv`.
    pub id: String,
    pub(crate) item: String,
    /// `fusion`, `copy_number`, `germline`, `protein` or `methylation`.
    pub kind: String,
    /// Why the VCF cannot show it (and what test can).
    pub(crate) why: String,
    /// The therapies or decisions that depend on it.
    pub(crate) relevance: String,
    /// True when the knowledge base lists the patient's tumour type (or an ancestor) for it;
    /// false for items relevant to every type or to other types.
    pub(crate) tumor_type_relevant: bool,
    pub source: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Patient {
    pub id: String,
    pub(crate) tumor_sample: Option<String>,
    pub(crate) normal_sample: Option<String>,
    /// The tumour type as given (`--tumor-type`), or null.
    pub tumor_type: Option<String>,
    /// The knowledge base's entry for the tumour type, when the code is known.
    pub(crate) tumor_type_name: Option<String>,
    /// Lineage from the code up to the root (`PANET`, `PNET`?, `NET`, `NEN`, `SOLID`).
    pub(crate) tumor_type_lineage: Vec<String>,
    /// Which rule chose the tumour/normal samples (e.g. `mutect2_header`, `strelka_columns`, `cli`, `single_sample`).
    pub(crate) sample_rule: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum InputFormat {
    #[serde(rename = "vcf")]
    Vcf,
    #[serde(rename = "vcf.gz")]
    VcfGz,
    #[serde(rename = "bcf")]
    Bcf,
    #[serde(rename = "maf")]
    Maf,
    // No SNV/indel file: a copy-number (`--cna`) report alone (schema 1.2).
    #[serde(rename = "none")]
    None,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum AnnotationKind {
    Vep,
    Snpeff,
    // `bcftools csq` (`INFO/BCSQ`); a plain comment keeps the schema a flat enum.
    BcftoolsCsq,
    // Our consequence engine (`--gene-models` GFF3/GTF with `--reference`).
    GeneModels,
    /// The MAF's own gene, classification and protein-change columns.
    Maf,
    None,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct InputInfo {
    pub(crate) path: String,
    pub format: InputFormat,
    /// `bgzf` or `gzip` for compressed text input, null otherwise.
    pub(crate) compression: Option<String>,
    pub(crate) sha256: String,
    pub(crate) genome_build: Option<String>,
    /// How the build was decided: `cli`, `contig_lengths`, `reference_line`, `gene_models` (the
    /// `--gene-models` header, when the VCF names none), or null.
    pub(crate) genome_build_source: Option<String>,
    pub annotation: AnnotationKind,
    pub(crate) caller: Option<String>,
    /// Data records (lines) in the file.
    pub records: u64,
    /// ALT alleles after splitting multi-allelic records.
    pub(crate) alleles: u64,
    /// ALT alleles that passed every filter.
    pub(crate) records_passing: u64,
    /// When several files were read as one (`report a.vcf.gz b.vcf.gz`): each file; `path` then
    /// lists them comma-separated, `sha256` is the first file's and `records` counts the merged
    /// records (duplicates once). Absent for one file.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub files: Vec<InputFile>,
    /// Records found in more than one of the files (same CHROM, POS, REF, ALT), counted once.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) duplicate_records: Option<u64>,
}

/// One of several files read as one input.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct InputFile {
    pub(crate) path: String,
    pub format: InputFormat,
    pub(crate) sha256: String,
    /// Data records in this file.
    pub records: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct FilterSettings {
    pub(crate) pass_only: bool,
    pub min_depth: u32,
    pub min_alt_reads: u32,
    pub min_vaf: f64,
    /// Alleles removed, by reason (sorted by reason).
    pub(crate) removed: Vec<CountBy>,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema)]
pub struct CountBy {
    pub key: String,
    pub count: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Summary {
    pub(crate) alterations_listed: u64,
    pub(crate) drivers: u64,
    /// Passing variants not listed (outside cancer genes / KB); counted only.
    pub(crate) variants_not_listed: u64,
    /// One line per driver: `KRAS p.G12D (oncogenic)`.
    pub(crate) driver_labels: Vec<String>,
    pub(crate) tmb_status: String,
    pub(crate) msi_status: String,
    /// Best AMP tier among sensitivity matches, or null.
    pub(crate) best_amp_tier: Option<AmpTier>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct AlterationOut {
    pub id: String,
    pub chrom: String,
    pub pos: u64,
    #[serde(rename = "ref")]
    pub ref_allele: String,
    pub alt: String,
    pub kind: VariantKind,
    pub(crate) record: u64,
    pub gene: Option<String>,
    pub transcript: Option<String>,
    pub(crate) consequence: Vec<String>,
    pub exon: Option<String>,
    pub hgvsc: Option<String>,
    pub hgvsp: Option<String>,
    /// HGVS one-letter form (`*` for a stop, `=` for a synonymous change).
    pub protein_change: Option<String>,
    /// The protein change as the input gave it, where it differs from `protein_change` (a legacy
    /// `p.Q1276X`); absent otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub protein_change_input: Option<String>,
    /// `vep`, `snpeff`, `bcftools_csq`, `gene_models`, `knowledge_base` or null.
    pub(crate) annotation_source: Option<String>,
    pub vaf: Option<f64>,
    pub(crate) depth: Option<u32>,
    pub alt_depth: Option<u32>,
    pub(crate) normal_vaf: Option<f64>,
    pub(crate) normal_depth: Option<u32>,
    pub population_af: Option<f64>,
    pub filters: Vec<String>,
    pub oncogenicity: Oncogenicity,
    pub driver: bool,
    pub gene_role: Option<Shared>,
    pub pathways: Vec<Shared>,
    pub hotspot: Option<String>,
    pub evidence: Vec<Evidence>,
}

/// Text that many alterations repeat (knowledge-base sources, gene roles, pathways): shared, not
/// copied per alteration; serialised as a plain string.
pub(crate) type Shared = std::sync::Arc<str>;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Default)]
pub struct Biomarkers {
    pub tmb: Option<Tmb>,
    pub msi: Option<Msi>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Tmb {
    /// Mutations per megabase; null when it cannot be computed.
    pub value: Option<f64>,
    pub count: u64,
    pub(crate) denominator_mb: Option<f64>,
    /// Where the denominator came from: `targets_bed`, `target_mb`, `assay:<NAME>`, or null.
    pub(crate) denominator_source: Option<String>,
    pub definition: String,
    pub method: TmbMethod,
    pub threshold: f64,
    pub threshold_source: String,
    pub status: TmbStatus,
    pub ci95: Option<[f64; 2]>,
    pub snv_count: u64,
    pub indel_count: u64,
    pub excluded: Vec<CountBy>,
    pub tumor_only: bool,
    pub warnings: Vec<String>,
    /// The TMB of the tumour type in a published reference, and where this value lies against
    /// it; absent without a comparable value or a reference row for the tumour type.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<super::tmb_context::TmbReference>,
    /// The patient's exact percentile within its tumour type in the reference distribution the
    /// user gave (`--tmb-reference FILE`), with n, the file's name and SHA-256.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference_distribution: Option<super::tmb_distribution::TmbPercentile>,
    /// Why the TMB is not put in context for this tumour type (no published reference row for
    /// it or its ancestors, too few patients of the type in `--tmb-reference`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference_note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Msi {
    pub status: MsiStatus,
    /// The value compared with the threshold (e.g. repeat indels per Mb).
    pub score: Option<f64>,
    pub threshold: Option<f64>,
    pub method: MsiMethod,
    pub confidence: Confidence,
    pub features: MsiFeatures,
    pub mmr_genes_altered: Vec<String>,
    pub pole_like: bool,
    pub sources: Vec<String>,
    pub warnings: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Default)]
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

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Default)]
pub struct Interpretation {
    pub altered_pathways: Vec<PathwayHit>,
    pub patterns: Vec<PatternHit>,
    /// Arm-level events and the fraction of the genome altered (`--cna`), or "not assessed".
    #[serde(default = "super::copy_number::cin_default")]
    pub chromosomal_instability: super::copy_number::ChromosomalInstability,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct PathwayHit {
    pub(crate) pathway: String,
    pub(crate) genes: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct PatternHit {
    pub id: String,
    pub(crate) statement: String,
    pub(crate) genes: Vec<String>,
    pub sources: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Default)]
pub struct Therapies {
    pub sensitivity: Vec<TherapyMatch>,
    pub resistance: Vec<TherapyMatch>,
    /// Notes that are not biomarker-triggered (e.g. standard of care for the tumour type).
    pub notes: Vec<TherapyMatch>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct TherapyMatch {
    pub rule_id: String,
    pub therapy: String,
    pub drugs: Vec<String>,
    /// `targeted`, `immunotherapy`, `chemotherapy`, `hormonal`, `radioligand`.
    pub kind: String,
    pub biomarker: String,
    /// Ids of the alterations (`A1`…) or biomarkers (`MSI-H`, `TMB-high`) that triggered it.
    pub alterations: Vec<String>,
    pub direction: Direction,
    pub evidence_level: EvidenceLevel,
    pub amp_tier: AmpTier,
    pub escat_tier: EscatTier,
    pub context: TherapyContext,
    pub tumor_types: Vec<String>,
    pub references: Vec<String>,
    pub note: Option<String>,
    /// True when the match rests on a low-confidence biomarker call (MSI-H from the indel burden
    /// alone): the tier holds only if the biomarker is confirmed ("IA if confirmed"); absent when
    /// false.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub confirmation_required: bool,
}

/// Oncogenicity call levels (ClinGen/CGC/VICC SOP, Horak et al. 2022, simplified).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Oncogenicity {
    Oncogenic,
    LikelyOncogenic,
    Vus,
    LikelyBenign,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum VariantKind {
    Snv,
    Mnv,
    Insertion,
    Deletion,
    Complex,
    /// Symbolic or breakend ALT (`<DEL>`, `N[1:100[`) — structural variants.
    Symbolic,
}

/// One reason behind a call or a statement, always with its source.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema)]
pub struct Evidence {
    pub reason: Shared,
    /// PMID, FDA label, guideline + year, or database + release.
    pub source: Shared,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub(crate) struct Provenance {
    pub(crate) tool: String,
    pub(crate) tool_version: String,
    pub(crate) knowledge_base_version: String,
    /// `embedded` or the `--annotations` directory.
    pub(crate) knowledge_base_source: String,
    /// The month up to which the knowledge base's FDA approvals were reviewed (`YYYY-MM`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approvals_reviewed_through: Option<String>,
    /// Every parameter that influenced the result, sorted by name.
    pub parameters: Vec<Parameter>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Parameter {
    pub name: String,
    pub value: super::ParamValue,
}

/// JSON Schema of the report.
pub fn schema_json() -> String {
    let schema = schemars::schema_for!(Report);
    let mut s = serde_json::to_string_pretty(&schema).unwrap_or_default();
    s.push('\n');
    s
}

#[cfg(test)]
mod closed_set_tests {
    use super::*;

    fn name<T: Serialize>(v: T) -> String {
        serde_json::to_string(&v)
            .unwrap_or_default()
            .trim_matches('"')
            .to_string()
    }

    /// Each closed set is written under the name its `as_str` gives (the report's strings).
    #[test]
    fn serialised_names_are_the_report_strings() {
        use AmpTier as A;
        use EscatTier as E;
        use TherapyContext as C;
        for t in [A::IA, A::IB, A::IIC, A::IID, A::NotApplicable] {
            assert_eq!(name(t), t.as_str());
        }
        for t in [
            E::IA,
            E::IB,
            E::IC,
            E::IIA,
            E::IIB,
            E::IIIA,
            E::IIIB,
            E::IV,
            E::X,
            E::NotApplicable,
        ] {
            assert_eq!(name(t), t.as_str());
        }
        for c in [
            C::OnLabel,
            C::TissueAgnostic,
            C::OffLabel,
            C::Investigational,
            C::TumorTypeUnknown,
        ] {
            assert_eq!(name(c), c.as_str());
        }
        for d in [Direction::Sensitivity, Direction::Resistance] {
            assert_eq!(name(d), d.as_str());
        }
        use EvidenceLevel as L;
        for l in [
            L::FdaApproved,
            L::FdaTissueAgnostic,
            L::Guideline,
            L::ClinicalTrial,
            L::CaseReportPreclinical,
        ] {
            assert_eq!(name(l), l.as_str());
        }
        for s in [TmbStatus::High, TmbStatus::Low, TmbStatus::Indeterminate] {
            assert_eq!(name(s), s.as_str());
        }
        for s in [MsiStatus::MsiH, MsiStatus::Mss, MsiStatus::Indeterminate] {
            assert_eq!(name(s), s.as_str());
        }
        for c in [Confidence::High, Confidence::Moderate, Confidence::Low] {
            assert_eq!(name(c), c.as_str());
        }
        use MsiMethod as M;
        for m in [M::CallerRepeatFields, M::ReferenceFasta, M::IndelBurdenFallback] {
            assert_eq!(name(m), m.as_str());
        }
        use TmbMethod as T;
        for m in [
            T::CodingNonsynonymous,
            T::CodingAll,
            T::UnannotatedInTargets,
            T::UnannotatedAll,
        ] {
            assert_eq!(name(m), m.as_str());
        }
        // Tiers order strongest first (the TSV's best tier is the minimum).
        assert!(A::IA < A::IIC && A::IID < A::NotApplicable);
        assert!(E::IIIB < E::IV && E::IV < E::X);
    }
}
