//! The report's `copy_number` section (`--cna`): the files read, the thresholds in force with
//! their sources, and one entry per gene event with its evidence and therapies.

use super::model::{Evidence, Oncogenicity};
use crate::cna::{self, CnCall};
use crate::therapies::Therapies as DomainTherapies;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Copy-number input and gene-level calls.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub(crate) struct CopyNumber {
    pub files: Vec<CopyNumberFile>,
    /// The build the gene spans were taken for, or null.
    pub(crate) genome_build: Option<String>,
    pub(crate) purity: Option<f64>,
    pub ploidy: f64,
    /// `cli` (`--ploidy`) or `default` (2).
    pub(crate) ploidy_source: String,
    pub thresholds: CopyNumberThresholds,
    /// One entry per gene call: homozygous deletions, amplifications, losses, LOH, gains.
    pub(crate) events: Vec<CopyNumberEvent>,
}

/// One copy-number file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub(crate) struct CopyNumberFile {
    pub(crate) path: String,
    /// `cnvkit`, `gatk_called_seg`, `seg`, `allele_specific`, `purple_somatic`, … (README).
    pub format: String,
    /// The sample read from a multi-sample file.
    pub sample: Option<String>,
    pub segments: u64,
    pub(crate) gene_records: u64,
    /// The build the file declares (GATK `@SQ` lengths), or null.
    pub(crate) declared_build: Option<String>,
}

/// The thresholds in force (copy numbers), each with its source.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub(crate) struct CopyNumberThresholds {
    /// Amplification at or above this total copy number (2.5 × ploidy).
    pub(crate) amplification: f64,
    /// Homozygous deletion below this total copy number.
    pub(crate) homozygous_deletion: f64,
    pub sources: Vec<String>,
}

/// One gene's copy-number call.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub(crate) struct CopyNumberEvent {
    /// `CN1`, `CN2`, …: the id therapy matches name in `alterations`.
    pub id: String,
    pub gene: String,
    /// `amplification`, `gain`, `loss`, `homozygous_deletion` or `loh`.
    pub call: String,
    /// Total copy number of the deciding segment (null for discrete GISTIC input).
    pub(crate) copy_number: Option<f64>,
    pub(crate) min_copy_number: Option<f64>,
    pub(crate) max_copy_number: Option<f64>,
    pub(crate) major_copy_number: Option<f64>,
    pub(crate) minor_copy_number: Option<f64>,
    /// The GISTIC value of discrete input (−2…2).
    pub(crate) gistic: Option<i8>,
    /// Loss of heterozygosity over the gene (minor copy number 0).
    pub(crate) loh: bool,
    pub(crate) copy_neutral: bool,
    /// Homozygous deletion of a tumour suppressor, or a loss/LOH with a truncating variant.
    pub(crate) biallelic: bool,
    pub(crate) segment: Option<CopyNumberSegment>,
    /// The segments cover only part of the gene.
    pub(crate) partial: bool,
    pub(crate) oncogenicity: Oncogenicity,
    pub driver: bool,
    pub gene_role: Option<String>,
    pub evidence: Vec<Evidence>,
    /// Therapy matches this event triggered (the full entries are in `therapies`).
    pub therapies: Vec<EventTherapy>,
    /// The file (its index in `files`) and 1-based line of the deciding record.
    pub(crate) file: u64,
    pub line: u64,
}

/// The deciding segment, 1-based inclusive, with its length (focal versus arm-level).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub(crate) struct CopyNumberSegment {
    pub chrom: String,
    pub start: u64,
    pub end: u64,
    pub(crate) length: u64,
}

/// A therapy match of one event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct EventTherapy {
    pub rule_id: String,
    pub therapy: String,
    /// `sensitivity` or `resistance`.
    pub direction: String,
    pub amp_tier: String,
    pub escat_tier: String,
    pub context: String,
}

/// Sources of the thresholds (see [`crate::cna::call`]).
pub(crate) const THRESHOLD_SOURCES: &[&str] = &[
    "PCGR documentation: amplification at 5 copies (scaled here to 2.5 x ploidy), homozygous deletion at 0 copies",
    "PURPLE: deletion below 0.5 copies (PMID:31645765)",
    "GISTIC 2.0 discrete calls: 2 amplification, -2 deep deletion (PMID:21527027)",
];

fn oncogenicity(o: crate::model::Oncogenicity) -> Oncogenicity {
    match o {
        crate::model::Oncogenicity::Oncogenic => Oncogenicity::Oncogenic,
        crate::model::Oncogenicity::LikelyOncogenic => Oncogenicity::LikelyOncogenic,
        crate::model::Oncogenicity::Vus => Oncogenicity::Vus,
        crate::model::Oncogenicity::LikelyBenign => Oncogenicity::LikelyBenign,
    }
}

/// Build the section; `therapies` are the patient's matches (before they become report entries).
pub(crate) fn section(c: cna::CopyNumber, therapies: &DomainTherapies) -> CopyNumber {
    let files = c
        .files
        .iter()
        .map(|f| CopyNumberFile {
            path: f.path.display().to_string(),
            format: f.format.as_str().into(),
            sample: f.sample.clone(),
            segments: f.segments.len() as u64,
            gene_records: f.genes.len() as u64,
            declared_build: f.build.map(|b| b.as_str().into()),
        })
        .collect();
    let events = c.events.into_iter().map(|e| event(e, therapies)).collect();
    CopyNumber {
        files,
        genome_build: c.build.map(|b| b.as_str().into()),
        purity: c.purity,
        ploidy: c.thresholds.ploidy,
        ploidy_source: c.ploidy_source.into(),
        thresholds: CopyNumberThresholds {
            amplification: c.thresholds.amplification,
            homozygous_deletion: c.thresholds.homozygous_deletion,
            sources: THRESHOLD_SOURCES.iter().map(|s| s.to_string()).collect(),
        },
        events,
    }
}

/// The therapy matches an event (`CN1`, `SV1`) triggered.
pub(super) fn event_therapies(id: &str, therapies: &DomainTherapies) -> Vec<EventTherapy> {
    therapies
        .sensitivity
        .iter()
        .chain(&therapies.resistance)
        .filter(|m| m.alterations.iter().any(|a| a == id))
        .map(|m| EventTherapy {
            rule_id: m.rule_id.clone(),
            therapy: m.therapy.clone(),
            direction: m.direction.as_str().into(),
            amp_tier: m.grade.amp.as_str().into(),
            escat_tier: m.grade.escat.as_str().into(),
            context: m.grade.context.as_str().into(),
        })
        .collect()
}

fn event(e: cna::Event, therapies: &DomainTherapies) -> CopyNumberEvent {
    let id = e.alteration.id.clone();
    let matched = event_therapies(&id, therapies);
    let c = e.call;
    let call = e.alteration.call;
    CopyNumberEvent {
        id,
        gene: c.gene,
        call: c.call.as_str().into(),
        copy_number: c.total_cn,
        min_copy_number: c.min_cn,
        max_copy_number: c.max_cn,
        major_copy_number: c.major_cn,
        minor_copy_number: c.minor_cn,
        gistic: c.gistic,
        loh: c.loh || c.call == CnCall::Loh,
        copy_neutral: c.copy_neutral,
        biallelic: e.biallelic,
        segment: c.segment.map(|(chrom, start, end)| CopyNumberSegment {
            chrom,
            start,
            end,
            length: end - start + 1,
        }),
        partial: c.partial,
        oncogenicity: oncogenicity(call.oncogenicity),
        driver: call.driver,
        gene_role: call.gene_role.map(|r| r.to_string()),
        evidence: call
            .evidence
            .into_iter()
            .map(|x| Evidence {
                reason: x.reason,
                source: x.source,
            })
            .collect(),
        therapies: matched,
        file: e.file as u64,
        line: c.line,
    }
}

/// `interpretation.chromosomal_instability`: arm-level events and the fraction of the genome
/// altered from the `--cna` segments ([`crate::cna::cin`]), or why they were not assessed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ChromosomalInstability {
    /// `assessed` or `not_assessed`.
    pub status: String,
    /// `high` or `low` when assessed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<String>,
    /// Why it was not assessed (no copy-number input, gene-level input only, build unknown,
    /// segments too sparse).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub genome_build: Option<String>,
    /// Altered length over the length the segments cover (autosomal arms).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fraction_genome_altered: Option<f64>,
    /// Share of the autosomal arms the segments cover.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub coverage: Option<f64>,
    pub arms_assessed: u64,
    pub arm_gains: u64,
    pub arm_losses: u64,
    /// Arms gained or lost over at least half their length, in genome order.
    pub arm_events: Vec<ArmEventOut>,
    /// The method and cut-offs in words.
    pub method: String,
    /// The centromere table's source and the literature the interpretation cites.
    pub sources: Vec<String>,
}

/// One arm-level event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ArmEventOut {
    pub arm: String,
    /// `gain` or `loss`.
    pub call: String,
    /// Share of the arm's length the event covers.
    pub fraction: f64,
}

/// The report form of the CIN summary; None = no copy-number input.
pub(crate) fn chromosomal_instability(c: Option<cna::cin::Cin>) -> ChromosomalInstability {
    use cna::cin::{ArmCall, ARM_FRACTION, FGA_HIGH, MIN_COVERAGE, SEGMENT_DELTA};
    let c = c.unwrap_or_else(|| cna::cin::Cin::not_assessed("no copy-number input (--cna)", None));
    let count = |k: ArmCall| c.arm_events.iter().filter(|e| e.call == k).count() as u64;
    let round = |x: f64| (x * 1000.0).round() / 1000.0;
    ChromosomalInstability {
        status: if c.level.is_some() { "assessed" } else { "not_assessed" }.into(),
        level: c.level.map(|l| l.as_str().to_string()),
        reason: c.reason.clone(),
        genome_build: c.build.map(|b| b.as_str().to_string()),
        fraction_genome_altered: c.fraction_genome_altered.map(round),
        coverage: c.coverage.map(round),
        arms_assessed: c.arms_assessed as u64,
        arm_gains: count(ArmCall::Gain),
        arm_losses: count(ArmCall::Loss),
        arm_events: c
            .arm_events
            .iter()
            .map(|e| ArmEventOut {
                arm: e.arm.clone(),
                call: e.call.as_str().to_string(),
                fraction: round(e.fraction),
            })
            .collect(),
        method: format!(
            "segments at ≥ ploidy + {SEGMENT_DELTA} copies gained, ≤ ploidy − {SEGMENT_DELTA} lost; an arm-level \
event covers ≥ {ARM_FRACTION} of the arm; level high at a fraction of the genome altered ≥ {FGA_HIGH}; \
assessed when the segments cover ≥ {MIN_COVERAGE} of the 39 autosomal arms (project choices)"
        ),
        sources: vec![
            "arm boundaries: UCSC cytoBand acen bands (hg38, hg19)".into(),
            "Wang et al. Chin J Cancer Res 2019 (PMCID PMC6955168): copy-number alterations more profound in NEC than NET".into(),
        ],
    }
}

/// A one-line description of the CIN summary (HTML, TSV, stderr).
pub(crate) fn cin_line(c: &ChromosomalInstability) -> String {
    match (&c.level, c.fraction_genome_altered) {
        (Some(l), Some(f)) => {
            let events: Vec<String> = c.arm_events.iter().map(|e| format!("{} {}", e.arm, e.call)).collect();
            format!(
                "{l}: fraction of the genome altered {f:.2}; {} arm-level gain(s), {} loss(es){}",
                c.arm_gains,
                c.arm_losses,
                if events.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", events.join(", "))
                }
            )
        }
        _ => format!("not assessed: {}", c.reason.as_deref().unwrap_or("")),
    }
}

/// The serde default (older reports): not assessed.
pub(crate) fn cin_default() -> ChromosomalInstability {
    chromosomal_instability(None)
}

impl Default for ChromosomalInstability {
    fn default() -> Self {
        cin_default()
    }
}
