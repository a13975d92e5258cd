//! The report sections of the germline screen (`crate::germline`): `germline_followup` (variants
//! that may be germline) and `clonal_haematopoiesis` (calls that may come from blood). Each
//! section is present only when it has an entry.

use crate::germline::{chip, flags, plasma, Findings};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Variants that may be germline: germline testing and genetic counselling recommended.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct GermlineFollowup {
    /// The finding every entry carries.
    pub finding: String,
    /// What a flag does and does not mean.
    pub note: String,
    /// `--purity`, when given (a clonal heterozygous somatic call is expected near purity / 2).
    pub purity: Option<f64>,
    /// The median VAF of the sample's passing calls, and how many had a VAF.
    pub sample_median_vaf: Option<f64>,
    pub calls_with_vaf: u64,
    pub variants: Vec<GermlineVariant>,
}

/// One variant that may be germline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct GermlineVariant {
    /// The alteration's id (`A1`…); its somatic interpretation is unchanged.
    pub alteration: String,
    pub gene: String,
    pub protein_change: Option<String>,
    pub vaf: Option<f64>,
    /// The hereditary syndrome the gene is associated with.
    pub syndrome: String,
    /// The curated pathogenic allele, when the call is one (`annotations/germline_alleles.tsv`).
    pub curated_allele: Option<String>,
    pub reason: String,
    /// purity / 2, with `--purity`.
    pub expected_somatic_vaf: Option<f64>,
    /// `above_somatic_expectation`, `compatible_with_somatic` or `not_judged`.
    pub vaf_assessment: String,
    pub vaf_context: String,
    /// Therapy labels that need the germline status (PARP inhibitors in breast and pancreatic cancer).
    pub therapy_note: Option<String>,
    pub sources: Vec<String>,
}

/// Calls that may come from clonal haematopoiesis (solid tumours).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ClonalHaematopoiesis {
    pub rule: String,
    pub source: String,
    pub calls: Vec<ChipCallOut>,
}

/// One call that may come from clonal haematopoiesis.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ChipCallOut {
    pub alteration: String,
    pub gene: String,
    pub protein_change: Option<String>,
    pub vaf: f64,
    pub sample_median_vaf: Option<f64>,
    /// The call had been a tumour driver: it is not one in this report, and it is not in TMB.
    pub driver_withdrawn: bool,
    pub reason: String,
    pub sources: Vec<String>,
}

/// A population or panel-of-normals resource the report used.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct GermlineResource {
    /// `population` (`--population-vcf`) or `panel_of_normals` (`--panel-of-normals`).
    pub kind: String,
    pub path: String,
    pub sha256: String,
    /// Passing alleles found in it: population, with an AF (germline-like by the population-AF
    /// rules); panel of normals, removed as artefacts (`filters.removed`: `panel_of_normals`).
    pub matched: u64,
    /// Population alleles found without an AF (present in the resource, not judged by AF).
    pub matched_without_af: u64,
}

/// A plasma (cell-free DNA) sample: its thresholds and what its results mean.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Plasma {
    /// The minimum VAF applied (0.005 unless `--min-vaf` was given), and why.
    pub min_vaf: f64,
    pub min_vaf_source: String,
    /// The depth rule: a call needs `min_alt_reads` supporting reads, so reaching `min_vaf` takes
    /// at least `depth_for_min_vaf` reads at the site; at a depth d the lowest VAF that can pass is
    /// max(min_vaf, min_alt_reads / d).
    pub min_alt_reads: u32,
    pub depth_for_min_vaf: Option<u64>,
    /// Clonal haematopoiesis: the stronger rule for plasma.
    pub clonal_haematopoiesis_rule: String,
    pub btmb_definition: String,
    pub btmb_source: String,
    pub btmb_note: String,
    /// bTMB as computed for this sample (or why it is not).
    pub btmb: Option<BtmbOut>,
    pub negative_result: String,
}

/// bTMB of a plasma sample (Gandara et al. 2018): see `crate::germline::plasma::btmb`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct BtmbOut {
    /// Coding substitutions at VAF >= 0.5 %, known drivers and germline-like calls left out.
    pub count: Option<u64>,
    /// The region the count covers (the TMB denominator), in Mb.
    pub region_mb: Option<f64>,
    /// The count scaled to the bTMB assay's 1.1 Mb; compared with the cut-off 16.
    pub count_per_1_1_mb: Option<f64>,
    pub cutoff: f64,
    /// The highest VAF of the driver calls (a floor of the maximum somatic allele frequency; the
    /// assay reports bTMB only at >= 1 %).
    pub max_somatic_af: Option<f64>,
    /// `high`, `low`, `indeterminate` or `not_computed`.
    pub status: String,
    pub reason: String,
    pub source: String,
}

/// What a flag means, in the report.
pub const NOTE: &str = "A flag is not a germline result: it marks a tumour call whose gene, allele and VAF make \
germline origin plausible (ESMO Precision Medicine Working Group). Only a test of a normal (blood or saliva) sample \
shows germline status. The somatic interpretation and therapy matching of the call are unchanged; no flag does not \
exclude a germline variant.";

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

fn variant(f: flags::GermlineFlag) -> GermlineVariant {
    GermlineVariant {
        alteration: f.alteration_id,
        gene: f.gene,
        protein_change: f.protein_change,
        vaf: f.vaf,
        syndrome: f.syndrome,
        curated_allele: f.curated_allele,
        reason: f.reason,
        expected_somatic_vaf: f.expected_somatic_vaf.map(round3),
        vaf_assessment: f.assessment.as_str().to_string(),
        vaf_context: f.vaf_context,
        therapy_note: f.therapy_note,
        sources: f.sources,
    }
}

fn chip_call(c: chip::ChipCall) -> ChipCallOut {
    ChipCallOut {
        alteration: c.alteration_id,
        gene: c.gene,
        protein_change: c.protein_change,
        vaf: c.vaf,
        sample_median_vaf: c.median_vaf,
        driver_withdrawn: c.driver_withdrawn,
        reason: c.reason,
        sources: c.sources,
    }
}

/// The sections of the screen: follow-up and CH (each None without an entry), the resources.
pub(super) type Sections = (
    Option<GermlineFollowup>,
    Option<ClonalHaematopoiesis>,
    Vec<GermlineResource>,
    Option<Plasma>,
);

/// The report sections of the screen's findings.
pub(super) fn sections(f: Option<Findings>, settings: &super::Settings) -> Sections {
    let Some(f) = f else { return (None, None, vec![], None) };
    let plasma = f.plasma.then(|| Plasma {
        min_vaf: settings.min_vaf,
        min_vaf_source: plasma::MIN_VAF_SOURCE.to_string(),
        min_alt_reads: settings.min_alt_reads,
        depth_for_min_vaf: plasma::depth_for(settings.min_vaf, settings.min_alt_reads),
        clonal_haematopoiesis_rule: chip::RULE.to_string(),
        btmb_definition: plasma::BTMB_DEFINITION.to_string(),
        btmb_source: plasma::BTMB_SOURCE.to_string(),
        btmb_note: plasma::BTMB_NOTE.to_string(),
        btmb: f.btmb.as_ref().map(|b| BtmbOut {
            count: b.count,
            region_mb: b.region_mb,
            count_per_1_1_mb: b.count_per_assay_region,
            cutoff: plasma::BTMB_HIGH,
            max_somatic_af: b.max_somatic_af,
            status: b.status.to_string(),
            reason: b.reason.clone(),
            source: plasma::BTMB_SOURCE.to_string(),
        }),
        negative_result: plasma::NEGATIVE_RESULT.to_string(),
    });
    let resources = f
        .resources
        .iter()
        .map(|r| GermlineResource {
            kind: r.kind.as_str().to_string(),
            path: r.path.display().to_string(),
            sha256: r.sha256.clone(),
            matched: r.matched,
            matched_without_af: r.matched_without_af,
        })
        .collect();
    let followup = (!f.germline.is_empty()).then(|| GermlineFollowup {
        finding: flags::FINDING.to_string(),
        note: NOTE.to_string(),
        purity: f.purity,
        sample_median_vaf: f.median_vaf,
        calls_with_vaf: f.calls_with_vaf,
        variants: f.germline.into_iter().map(variant).collect(),
    });
    let ch = (!f.chip.is_empty()).then(|| ClonalHaematopoiesis {
        rule: chip::RULE.to_string(),
        source: chip::RULE_SOURCE.to_string(),
        calls: f.chip.into_iter().map(chip_call).collect(),
    });
    (followup, ch, resources, plasma)
}

fn label(gene: &str, change: Option<&str>, id: &str) -> String {
    match change {
        Some(c) => format!("{gene} {c} ({id})"),
        None => format!("{gene} ({id})"),
    }
}

/// The report warnings that point at the sections (shown on stderr and at the top of the page).
/// bTMB in words (the warnings of every format; the TSV's `<BTMB>` row).
pub(crate) fn btmb_line(b: &BtmbOut) -> String {
    let value = match (b.count, b.count_per_1_1_mb) {
        (Some(c), Some(x)) => format!("{c} ({x} per 1.1 Mb)"),
        (Some(c), None) => format!("{c}"),
        _ => "not computed".into(),
    };
    format!("bTMB (plasma, {}): {value}, {}: {}", b.source, b.status, b.reason)
}

pub(super) fn warnings(
    g: Option<&GermlineFollowup>,
    c: Option<&ClonalHaematopoiesis>,
    p: Option<&Plasma>,
) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(p) = p {
        out.push(p.negative_result.clone());
        if let Some(b) = &p.btmb {
            out.push(btmb_line(b));
        }
    }
    if let Some(g) = g {
        let list: Vec<String> = g
            .variants
            .iter()
            .map(|v| label(&v.gene, v.protein_change.as_deref(), &v.alteration))
            .collect();
        out.push(format!(
            "{} possible germline variant(s): {}: germline testing and genetic counselling recommended (germline_followup)",
            list.len(),
            list.join(", ")
        ));
    }
    if let Some(c) = c {
        let list: Vec<String> = c
            .calls
            .iter()
            .map(|x| label(&x.gene, x.protein_change.as_deref(), &x.alteration))
            .collect();
        out.push(format!(
            "{} call(s) of possible clonal haematopoiesis: {}: not called tumour drivers, left out of TMB (clonal_haematopoiesis)",
            list.len(),
            list.join(", ")
        ));
    }
    out
}
