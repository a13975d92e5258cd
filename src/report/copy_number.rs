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
