//! Assembly of the serialised report from the stages' domain results. Every output key is set
//! here or in the model; stages never see the report types.

use super::alteration::{alteration, driver_label};
use super::model::*;
use crate::biomarkers::Biomarkers as DomainBiomarkers;
use crate::genome::GenomeBuild;
use crate::interpret::Interpretation as DomainInterpretation;
use crate::kb::KnowledgeBase;
use crate::model::{Alteration, AnnotationKind as DomainAnnotationKind, InputFormat as DomainInputFormat};
use crate::therapies::{Therapies as DomainTherapies, TherapyMatch as DomainMatch};
use crate::warning::{Warning, WarningKind};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Report warnings in the order they arose, each once. A stage's warning is shown with its
/// stage's prefix (`TMB: `, `MSI: `), chosen by its kind. Method notes (what a stage did, which
/// does not change how a finding is read) are kept apart, and the kind of each warning chooses
/// the one caveat the HTML puts first.
#[derive(Debug, Default, Clone)]
pub struct Warnings {
    list: Vec<String>,
    notes: Vec<String>,
    /// (rank, index into `list`) of the caveat that matters most so far (lowest rank).
    key: Option<(u8, usize)>,
}

/// How much a warning of this kind changes how the report is read: the lowest rank is shown
/// first. `None`: a method note, never a caveat.
fn rank(kind: WarningKind) -> Option<u8> {
    match kind {
        WarningKind::Therapy => Some(0),
        WarningKind::UnknownTumourType => Some(1),
        WarningKind::Msi => Some(2),
        WarningKind::Tmb | WarningKind::TmbNeedsAnnotation => Some(3),
        WarningKind::Caution => Some(4),
        WarningKind::Input => Some(5),
        WarningKind::MsiMethod => None,
    }
}

impl Warnings {
    /// A warning about the input.
    pub(crate) fn push(&mut self, w: impl Into<String>) {
        self.push_ranked(w.into(), 5);
    }

    fn push_ranked(&mut self, w: String, rank: u8) {
        let i = match self.list.iter().position(|x| *x == w) {
            Some(i) => i,
            None => {
                self.list.push(w);
                self.list.len() - 1
            }
        };
        if self.key.is_none_or(|(r, _)| rank < r) {
            self.key = Some((rank, i));
        }
    }

    /// Warnings about the input.
    #[cfg(test)]
    pub(crate) fn extend(&mut self, ws: impl IntoIterator<Item = String>) {
        for w in ws {
            self.push(w);
        }
    }

    /// A stage's typed warning.
    pub(crate) fn add(&mut self, w: &Warning) {
        let text = match w.kind {
            WarningKind::Tmb | WarningKind::TmbNeedsAnnotation => format!("TMB: {}", w.text),
            WarningKind::Msi | WarningKind::MsiMethod => format!("MSI: {}", w.text),
            WarningKind::Input | WarningKind::UnknownTumourType | WarningKind::Therapy | WarningKind::Caution => {
                w.text.clone()
            }
        };
        match rank(w.kind) {
            Some(r) => self.push_ranked(text, r),
            None if !self.notes.contains(&text) => self.notes.push(text),
            None => {}
        }
    }

    #[cfg(test)]
    pub(crate) fn into_vec(self) -> Vec<String> {
        self.list
    }

    /// The warnings, the method notes and the key caveat.
    pub(crate) fn into_parts(self) -> (Vec<String>, Vec<String>, Option<String>) {
        let key = self.key.and_then(|(_, i)| self.list.get(i).cloned());
        (self.list, self.notes, key)
    }
}

/// What the reader learnt about the input file.
pub struct InputSummary {
    pub format: DomainInputFormat,
    pub(crate) compression: Option<&'static str>,
    pub(crate) sha256: String,
    pub build: Option<GenomeBuild>,
    pub(crate) build_source: Option<&'static str>,
    pub annotation: DomainAnnotationKind,
    pub(crate) caller: Option<String>,
    pub records: u64,
    /// Several files read as one: (path, format, sha256, records) of each.
    pub files: Vec<(PathBuf, DomainInputFormat, String, u64)>,
    /// Records found in more than one file, counted once.
    pub(crate) duplicates: Option<u64>,
}

/// The counters of the record stages.
pub(crate) struct TallySummary {
    pub(crate) alleles: u64,
    pub(crate) passing: u64,
    pub(crate) not_listed: u64,
    pub(crate) removed: BTreeMap<crate::filter::FilterReason, u64>,
}

/// Everything one report is made from.
pub struct Parts<'a> {
    pub(crate) path: &'a Path,
    pub kb: &'a KnowledgeBase,
    pub(crate) settings: super::Settings,
    /// The knowledge-base code `--tumor-type` resolved to (code, alias, name or synonym).
    pub(crate) tumor_type_code: Option<String>,
    pub input: InputSummary,
    pub(crate) tumor_sample: Option<String>,
    pub(crate) normal_sample: Option<String>,
    pub(crate) sample_rule: &'static str,
    pub(crate) tally: TallySummary,
    /// The alterations the later stages read, in report order with their ids.
    pub alterations: Vec<Alteration>,
    /// The report place (0-based) of each of `alterations`.
    pub(crate) places: Vec<u64>,
    /// The other listed alterations ([`super::spill`]): they fill the other places.
    pub(crate) rest: super::spill::Rest,
    pub biomarkers: DomainBiomarkers,
    pub(crate) interpretation: DomainInterpretation,
    pub therapies: DomainTherapies,
    pub warnings: Warnings,
    /// The copy-number result (`--cna`), when copy number was given.
    pub(crate) copy_number: Option<crate::cna::CopyNumber>,
    /// The fusion result (`--sv`), when fusion files were given.
    pub fusions: Option<crate::sv::Fusions>,
    /// The signature stage's result (`--reference`, or a MAF's context column).
    pub signatures: Option<crate::signatures::profile::Profile>,
    /// The germline screen's findings (None without an SNV/indel file).
    pub(crate) germline: Option<crate::germline::Findings>,
}

/// Build the report.
pub fn build(p: Parts<'_>) -> Report {
    let Parts {
        path,
        kb,
        settings,
        tumor_type_code,
        input,
        tumor_sample,
        normal_sample,
        sample_rule,
        tally,
        alterations,
        places,
        rest,
        biomarkers,
        interpretation,
        therapies,
        mut warnings,
        copy_number,
        fusions,
        signatures,
        germline,
    } = p;
    let (germline_followup, clonal_haematopoiesis, germline_resources, plasma) =
        super::germline::sections(germline, &settings);
    super::germline::warnings(
        germline_followup.as_ref(),
        clonal_haematopoiesis.as_ref(),
        plasma.as_ref(),
    )
    .into_iter()
    .for_each(|w| warnings.push(w));
    // A gene's NEN relevance belongs in NEN reports (and those of unknown type) only.
    let nen_report = tumor_type_code.as_deref().is_none_or(|c| kb.tumor_types.is_a(c, "NEN"));
    // With copy-number (fusion) input, the copy-number (fusion) items are no longer "not assessed".
    let cn_given = copy_number.is_some();
    let sv_given = fusions.is_some();
    if let Some(t) = &biomarkers.tmb {
        // The "needs annotation" warning is said once, by the input's unannotated warning.
        let unannotated = matches!(input.annotation, DomainAnnotationKind::None);
        for w in &t.warnings {
            if !(unannotated && w.kind == WarningKind::TmbNeedsAnnotation) {
                warnings.add(w);
            }
        }
    }
    if let Some(m) = &biomarkers.msi {
        m.warnings.iter().for_each(|w| warnings.add(w));
    }
    let (warnings, method_notes, key_caveat) = warnings.into_parts();
    let patient = Patient {
        tumor_type: settings.tumor_type.clone(),
        tumor_type_name: tumor_type_code
            .as_deref()
            .and_then(|t| kb.tumor_types.get(t))
            .map(|t| t.name.clone()),
        tumor_type_lineage: tumor_type_code
            .as_deref()
            .map(|t| kb.tumor_types.lineage(t))
            .unwrap_or_default(),
        ..patient(settings.patient.clone(), path, tumor_sample, normal_sample, sample_rule)
    };
    let driver_labels: Vec<String> = alterations.iter().filter(|a| a.call.driver).map(driver_label).collect();
    let summary = Summary {
        alterations_listed: alterations.len() as u64 + rest.len(),
        drivers: driver_labels.len() as u64,
        variants_not_listed: tally.not_listed,
        driver_labels,
        tmb_status: biomarkers
            .tmb
            .as_ref()
            .map(|t| t.status.as_str().to_string())
            .unwrap_or_else(|| "not_computed".into()),
        msi_status: biomarkers
            .msi
            .as_ref()
            .map(|m| m.status.as_str().to_string())
            .unwrap_or_else(|| "not_computed".into()),
        best_amp_tier: therapies.best_amp_tier(),
    };
    let mut removed: Vec<CountBy> = tally
        .removed
        .iter()
        .map(|(k, v)| CountBy {
            key: k.as_str().to_string(),
            count: *v,
        })
        .collect();
    removed.sort();
    let mut report_biomarkers = Biomarkers::from(&biomarkers);
    if let Some(t) = report_biomarkers.tmb.as_mut() {
        super::tmb_context::put_in_context(t, &patient, settings.tmb_reference.as_deref());
    }
    Report {
        schema_version: SCHEMA_VERSION.into(),
        disclaimer: DISCLAIMER.into(),
        patient,
        input: input_info(path, input, &tally),
        filters: FilterSettings {
            pass_only: settings.pass_only,
            min_depth: settings.min_depth,
            min_alt_reads: settings.min_alt_reads,
            min_vaf: settings.min_vaf,
            removed,
        },
        summary,
        // Consumed, not cloned: the listed alterations are the only part of the report that grows with input.
        alterations: super::spill::Alterations::new(
            alterations
                .into_iter()
                .map(|a| without_nen_relevance(a, nen_report))
                .map(alteration)
                .collect(),
            places,
            rest,
        ),
        biomarkers: report_biomarkers,
        copy_number: copy_number.map(|c| super::copy_number::section(c, &therapies)),
        fusions: fusions.map(|f| super::fusions::section(f, &therapies)),
        interpretation: interpretation_out(interpretation),
        therapies: therapies_out(therapies),
        not_assessed: not_assessed(kb, tumor_type_code.as_deref())
            .into_iter()
            .filter(|n| !((cn_given && n.kind == "copy_number") || (sv_given && n.kind == "fusion")))
            .collect(),
        warnings,
        method_notes,
        key_caveat,
        provenance: Provenance {
            tool: crate::TOOL_NAME.into(),
            tool_version: crate::TOOL_VERSION.into(),
            knowledge_base_version: kb.version.clone(),
            knowledge_base_source: kb.source.clone(),
            approvals_reviewed_through: kb.approvals_reviewed_through.clone(),
            parameters: settings.parameters,
        },
        signatures: signatures.as_ref().map(super::signatures::Signatures::from),
        germline_followup,
        clonal_haematopoiesis,
        germline_resources,
        plasma,
    }
}

/// Drop a driver's NEN-relevance evidence from a report whose tumour type is not neuroendocrine.
fn without_nen_relevance(mut a: Alteration, nen_report: bool) -> Alteration {
    if !nen_report {
        a.call
            .evidence
            .retain(|e| !e.reason.contains(crate::classify::NEN_RELEVANCE));
    }
    a
}

/// The knowledge base's not-assessed items, those of the patient's tumour type first, then those
/// relevant to every type, then the rest (table order within each).
fn not_assessed(kb: &KnowledgeBase, code: Option<&str>) -> Vec<NotAssessed> {
    let mut rows: Vec<(u8, &crate::kb::not_assessed::NotAssessed)> = kb
        .not_assessed
        .iter()
        .map(|r| (r.rank(&kb.tumor_types, code), r))
        .collect();
    rows.sort_by_key(|(rank, _)| *rank);
    rows.into_iter()
        .map(|(rank, r)| NotAssessed {
            id: r.id.clone(),
            item: r.item.clone(),
            kind: r.kind.clone(),
            why: r.why.clone(),
            relevance: r.relevance.clone(),
            tumor_type_relevant: rank == 0,
            source: r.source.clone(),
        })
        .collect()
}

/// The patient's identity and samples (the tumour type is set by the caller).
fn patient(
    given: Option<String>,
    path: &Path,
    tumor_sample: Option<String>,
    normal_sample: Option<String>,
    sample_rule: &str,
) -> Patient {
    let id = given.or_else(|| tumor_sample.clone()).unwrap_or_else(|| {
        path.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "patient".into())
    });
    Patient {
        id,
        tumor_sample,
        normal_sample,
        tumor_type: None,
        tumor_type_name: None,
        tumor_type_lineage: vec![],
        sample_rule: sample_rule.into(),
    }
}

fn format_out(f: DomainInputFormat) -> InputFormat {
    match f {
        DomainInputFormat::Vcf => InputFormat::Vcf,
        DomainInputFormat::VcfGz => InputFormat::VcfGz,
        DomainInputFormat::Bcf => InputFormat::Bcf,
        DomainInputFormat::Maf => InputFormat::Maf,
        DomainInputFormat::None => InputFormat::None,
    }
}

fn input_info(path: &Path, i: InputSummary, t: &TallySummary) -> InputInfo {
    let files: Vec<InputFile> = i
        .files
        .iter()
        .map(|(p, f, sha, n)| InputFile {
            path: p.display().to_string(),
            format: format_out(*f),
            sha256: sha.clone(),
            records: *n,
        })
        .collect();
    InputInfo {
        path: if files.is_empty() {
            path.display().to_string()
        } else {
            files.iter().map(|f| f.path.as_str()).collect::<Vec<_>>().join(",")
        },
        format: format_out(i.format),
        compression: i.compression.map(str::to_string),
        sha256: i.sha256,
        genome_build: i.build.map(|b| b.as_str().to_string()),
        genome_build_source: i.build_source.map(str::to_string),
        annotation: match i.annotation {
            DomainAnnotationKind::Vep => AnnotationKind::Vep,
            DomainAnnotationKind::Snpeff => AnnotationKind::Snpeff,
            DomainAnnotationKind::Bcftools => AnnotationKind::BcftoolsCsq,
            DomainAnnotationKind::GeneModels => AnnotationKind::GeneModels,
            DomainAnnotationKind::Maf => AnnotationKind::Maf,
            DomainAnnotationKind::None => AnnotationKind::None,
        },
        caller: i.caller,
        records: i.records,
        alleles: t.alleles,
        records_passing: t.passing,
        files,
        duplicate_records: i.duplicates,
    }
}

fn interpretation_out(i: DomainInterpretation) -> Interpretation {
    Interpretation {
        altered_pathways: i
            .altered_pathways
            .into_iter()
            .map(|p| PathwayHit {
                pathway: p.pathway,
                genes: p.genes,
            })
            .collect(),
        patterns: i
            .patterns
            .into_iter()
            .map(|p| PatternHit {
                id: p.id,
                statement: p.statement,
                genes: p.genes,
                sources: p.sources,
            })
            .collect(),
        chromosomal_instability: super::copy_number::chromosomal_instability(i.cin),
    }
}

fn therapy(m: DomainMatch) -> TherapyMatch {
    TherapyMatch {
        rule_id: m.rule_id,
        therapy: m.therapy,
        drugs: m.drugs,
        kind: m.kind,
        biomarker: m.biomarker,
        alterations: m.alterations,
        direction: m.direction,
        evidence_level: m.evidence_level,
        amp_tier: m.grade.amp,
        escat_tier: m.grade.escat,
        context: m.grade.context,
        tumor_types: m.tumor_types,
        references: m.references,
        note: m.note,
        confirmation_required: m.confirmation_required,
    }
}

/// The report form of a patient's therapy matches.
pub fn therapies_out(t: DomainTherapies) -> Therapies {
    let all = |v: Vec<DomainMatch>| v.into_iter().map(therapy).collect();
    Therapies {
        sensitivity: all(t.sensitivity),
        resistance: all(t.resistance),
        notes: all(t.notes),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn warnings_keep_order_and_appear_once() {
        let mut w = Warnings::default();
        w.push("b");
        w.push("a");
        w.extend(["b".to_string(), "c".to_string()]);
        assert_eq!(w.into_vec(), vec!["b", "a", "c"]);
    }

    #[test]
    fn method_notes_apart_and_the_key_caveat_by_kind() {
        let mut w = Warnings::default();
        w.push("input");
        w.add(&Warning::new(WarningKind::MsiMethod, "counting region: x"));
        w.add(&Warning::new(WarningKind::Tmb, "tumour-only"));
        w.add(&Warning::new(WarningKind::Msi, "low confidence"));
        w.add(&Warning::new(WarningKind::Caution, "pattern"));
        let (list, notes, key) = w.into_parts();
        assert_eq!(
            list,
            vec!["input", "TMB: tumour-only", "MSI: low confidence", "pattern"]
        );
        assert_eq!(notes, vec!["MSI: counting region: x"]);
        assert_eq!(key.as_deref(), Some("MSI: low confidence"));
    }
}
