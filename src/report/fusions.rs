//! The report's `fusions` section (`--sv`): the files read and one entry per fusion, 5'::3', with
//! its orientation, breakpoints, frame, supporting reads, evidence and therapies.

use super::copy_number::{event_therapies, EventTherapy};
use super::model::{Evidence, Oncogenicity};
use crate::therapies::Therapies as DomainTherapies;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Fusion input and the fusions found.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Fusions {
    pub files: Vec<FusionFile>,
    pub events: Vec<FusionEntry>,
}

/// One fusion file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct FusionFile {
    pub path: String,
    /// `arriba`, `star_fusion`, `cbioportal_sv` or `gene_pairs`.
    pub format: String,
    pub sample: Option<String>,
    pub fusions: u64,
}

/// One fusion.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct FusionEntry {
    /// `SV1`, `SV2`, …: the id therapy matches name in `alterations`.
    pub id: String,
    pub five_prime: String,
    pub three_prime: String,
    /// HGNC notation, `EML4::ALK`.
    pub name: String,
    /// `fusion`, or `intragenic` when both partners are the same gene.
    pub class: String,
    /// `oncogenic` (a known driver in its oncogenic position), `reciprocal` (the driver in the
    /// other position: not the oncogenic fusion, matched to no rule), `intragenic` or `unknown`.
    pub orientation: String,
    /// The known driver gene, when one partner is.
    pub driver_gene: Option<String>,
    /// False for unordered gene pairs, put in the known oncogenic order.
    pub ordered_in_file: bool,
    pub breakpoints: Vec<FusionBreakpoint>,
    /// The frame as the caller wrote it.
    pub frame: Option<String>,
    /// A named intragenic event over the exon models: `EGFRvIII: exons 2-7 deleted`, `MET exon
    /// 14 skipping`, `exons 20-29 duplicated` (SV VCF and BEDPE junctions).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub intragenic_event: Option<String>,
    /// The frame derived from the `--gene-models` transcripts at intronic breakpoints
    /// (`in-frame`, `out-of-frame`), with the transcripts in `derived_frame_transcripts` (5', 3').
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub derived_frame: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub derived_frame_transcripts: Vec<String>,
    pub supporting_reads: Option<u32>,
    /// Whether each partner keeps its curated domain (`annotations/fusion_domains.tsv`: the
    /// kinase domain of RET and BRAF): `retained`, `partly`, `lost` (the fusion then matches no
    /// kinase-inhibitor rule, and its evidence says why) or `not_assessed` (no exon place of the
    /// breakpoint). Absent when neither partner has a curated domain.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub domains: Vec<FusionDomain>,
    pub oncogenicity: Oncogenicity,
    pub driver: bool,
    pub evidence: Vec<Evidence>,
    pub therapies: Vec<EventTherapy>,
    pub file: u64,
    pub line: u64,
}

/// One partner's domain in a fusion.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct FusionDomain {
    pub gene: String,
    /// `kinase domain`.
    pub domain: String,
    /// `retained`, `partly`, `lost` or `not_assessed`.
    pub status: String,
    /// The domain's exons (`12-18`) in `transcript` (the MANE Select one).
    pub domain_exons: String,
    pub transcript: String,
    pub source: String,
}

/// One breakpoint (`side`: `5prime` or `3prime`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct FusionBreakpoint {
    pub side: String,
    pub chrom: String,
    pub pos: u64,
    /// The MANE Select transcript of the partner's embedded exon model (SV VCF and BEDPE).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transcript: Option<String>,
    /// `exon 20`, `intron 19`, `upstream` or `downstream` in that transcript.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    /// The whole exons the partner keeps in the fusion (`1-13`, `20-29`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retained_exons: Option<String>,
}

fn oncogenicity(o: crate::model::Oncogenicity) -> Oncogenicity {
    match o {
        crate::model::Oncogenicity::Oncogenic => Oncogenicity::Oncogenic,
        crate::model::Oncogenicity::LikelyOncogenic => Oncogenicity::LikelyOncogenic,
        crate::model::Oncogenicity::Vus => Oncogenicity::Vus,
        crate::model::Oncogenicity::LikelyBenign => Oncogenicity::LikelyBenign,
    }
}

/// Build the section.
pub fn section(f: crate::sv::Fusions, therapies: &DomainTherapies) -> Fusions {
    let files = f
        .files
        .iter()
        .map(|x| FusionFile {
            path: x.path.display().to_string(),
            format: x.format.as_str().into(),
            sample: x.sample.clone(),
            fusions: x.fusions.len() as u64,
        })
        .collect();
    let events = f
        .events
        .into_iter()
        .map(|e| {
            let id = e.alteration.id.clone();
            let call = e.alteration.call;
            let fu = e.fusion;
            let breakpoints = fu
                .breakpoints
                .iter()
                .zip(fu.exons.iter())
                .zip(["5prime", "3prime"])
                .filter_map(|((b, place), side)| {
                    b.as_ref().map(|b| FusionBreakpoint {
                        side: side.into(),
                        chrom: b.contig.clone(),
                        pos: b.pos,
                        transcript: place.as_ref().map(|p| p.transcript.clone()),
                        location: place.as_ref().map(|p| p.location.clone()),
                        retained_exons: place.as_ref().and_then(|p| p.retained).map(|(a, z)| {
                            if a == z {
                                a.to_string()
                            } else {
                                format!("{a}-{z}")
                            }
                        }),
                    })
                })
                .collect();
            FusionEntry {
                therapies: event_therapies(&id, therapies),
                id,
                name: fu.name(),
                class: if e.orientation == crate::sv::Orientation::Intragenic {
                    "intragenic".into()
                } else {
                    "fusion".into()
                },
                orientation: e.orientation.as_str().into(),
                driver_gene: e.driver_gene,
                ordered_in_file: fu.ordered,
                breakpoints,
                frame: fu.frame.filter(|x| !x.is_empty() && x != "."),
                intragenic_event: fu.intragenic.map(|i| i.label),
                derived_frame: fu.derived_frame.as_ref().map(|d| d.frame.to_string()),
                derived_frame_transcripts: fu
                    .derived_frame
                    .map(|d| vec![d.five_transcript, d.three_transcript])
                    .unwrap_or_default(),
                supporting_reads: fu.reads,
                domains: e
                    .domains
                    .iter()
                    .map(|d| FusionDomain {
                        gene: d.gene.clone(),
                        domain: d.domain.name.clone(),
                        status: d.status.as_str().into(),
                        domain_exons: format!("{}-{}", d.domain.first_exon, d.domain.last_exon),
                        transcript: d.domain.transcript.clone(),
                        source: d.domain.source.clone(),
                    })
                    .collect(),
                oncogenicity: oncogenicity(call.oncogenicity),
                driver: call.driver,
                evidence: call
                    .evidence
                    .into_iter()
                    .map(|x| Evidence {
                        reason: x.reason,
                        source: x.source,
                    })
                    .collect(),
                five_prime: fu.five_prime,
                three_prime: fu.three_prime,
                file: e.file as u64,
                line: fu.line,
            }
        })
        .collect();
    Fusions { files, events }
}
