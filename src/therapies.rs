//! Therapy matching: alterations and biomarkers → candidate therapies with
//! evidence tiers, from the rules of [`crate::kb::therapies`].
//!
//! # Tumour-type fit
//!
//! A rule names tumour-type codes (OncoTree-style; `SOLID` = every solid tumour)
//! and optional excluded codes. For a patient of type P:
//! - P is, or lies below, an excluded code → the rule is **not used at all**
//!   (neither as tissue-agnostic nor as off-label evidence). This is how a
//!   BRAF V600E colorectal cancer does not get dabrafenib + trametinib: the
//!   tissue-agnostic label excludes colorectal cancer because of intrinsic
//!   resistance, so extrapolating it off-label would be wrong too.
//! - P is, or lies below, a listed code → the rule *applies*.
//! - otherwise the rule is evidence from another tumour type.
//!
//! # Context and tiers
//!
//! AMP/ASCO/CAP 2017 (Li et al. 2017, PMID:27993330): IA = FDA-approved or in
//! professional guidelines for this tumour type; IB = well-powered studies with
//! consensus; IIC = FDA-approved in another tumour type (off-label) or
//! investigational with several studies; IID = preclinical or case reports.
//! ESCAT (Mateo et al. 2018, PMID:30137196): I-A randomised trial in this tumour
//! type; I-B single-arm trial with large benefit; I-C basket/tissue-agnostic;
//! II-A retrospective; II-B prospective, magnitude unknown; III-A benefit in
//! another tumour type; IV preclinical; X no evidence.
//!
//! | evidence_level | rule applies | context | AMP | ESCAT |
//! |---|---|---|---|---|
//! | fda_approved / guideline, tumour-specific | yes | on_label | IA | I-A (randomised or not stated) / I-B (single_arm) |
//! | fda_approved / guideline / fda_tissue_agnostic, rule names `SOLID` | yes | tissue_agnostic | IA | I-C |
//! | fda_tissue_agnostic, rule names a specific type (NEC restatement) | yes | tissue_agnostic | IA | I-C |
//! | clinical_trial, `randomised` | yes | investigational | IB | I-A |
//! | clinical_trial, otherwise | yes | investigational | IIC | II-B |
//! | case_report_preclinical | yes | investigational | IID | IV |
//! | fda_approved / fda_tissue_agnostic / guideline | no (other type) | off_label | IIC | III-A |
//! | clinical_trial / case_report_preclinical | no (other type) | not listed | – | – |
//! | fda_tissue_agnostic restated for one type (NEC rows) | no (other type) | not listed (the `SOLID` rule covers it) | – | – |
//! | any | excluded type | not listed | – | – |
//!
//! Without a (known) tumour type every biomarker match is listed with context
//! `tumor_type_unknown` and a conservative tier: tissue-agnostic rules without
//! exclusions keep IA / I-C (they apply to every solid tumour); other approvals
//! and guidelines get IIC / III-A, clinical trials IID / III-A, case reports
//! IID / IV. `none`/`protein` note rules are listed only for a known tumour type.
//!
//! Resistance rules are listed only where they apply (or with an unknown
//! tumour type); resistance in another tumour type is not reported. The same
//! tiers grade the strength of the resistance evidence.
//!
//! `none` (not biomarker-driven, e.g. platinum-etoposide for NEC) and `protein`
//! (DLL3) rules go to `notes` with tiers `n/a`: AMP/ESCAT grade genomic
//! alterations, and nothing genomic triggers these.
//!
//! # Triggers
//!
//! - `variant`/`codon`: the alteration's gene and protein change (any driver
//!   status: the rule names the exact change).
//! - `class`: the class is in `Call.classes`; generic classes (`oncogenic`,
//!   `truncating`, `missense`, `inframe`) also need `Call.driver`.
//! - `fusion`: an alteration of the gene with class `fusion` (none come from SNV VCFs).
//! - `msi_h`: `biomarkers.msi.status == "MSI-H"` only. A driver alteration in an
//!   MMR gene (MLH1, MSH2, MSH6, PMS2) is suggestive of dMMR but is **not** treated
//!   as MSI-H: it adds a warning asking for MSI/IHC confirmation.
//! - `tmb_h`: `biomarkers.tmb.status == "high"` and, when the rule gives a
//!   minimum (10 mut/Mb), a measured value at or above it.
//!
//! # Merging and order
//!
//! Matches with the same therapy, direction and triggering alterations are merged
//! (for resistance also when one entry's drugs are a subset of the other's):
//! the best-ranked one is kept, `also: <rule> (<context>, <level>); …` (at most six,
//! then `and N more`) is added to its note, and their references and tumour types are pooled when
//! they share the kept entry's context. Lists are sorted by
//! AMP tier, ESCAT tier, therapy name, rule id.

use crate::biomarkers::{Biomarkers, MsiStatus, TmbStatus};
use crate::kb::therapies::{BiomarkerType, Direction, EvidenceLevel, TherapyRule, TrialDesign};
use crate::kb::KnowledgeBase;
use crate::model::Alteration;
use crate::report::{Therapies, TherapyMatch};

pub const MMR_GENES: &[&str] = &["MLH1", "MSH2", "MSH6", "PMS2"];

const AMP_ORDER: &[&str] = &["IA", "IB", "IIC", "IID"];
const ESCAT_ORDER: &[&str] = &["I-A", "I-B", "I-C", "II-A", "II-B", "III-A", "III-B", "IV", "X"];

/// Classes that need `driver == true` to trigger a class rule.
const GENERIC_CLASSES: &[&str] = &["oncogenic", "truncating", "missense", "inframe"];

fn rank(order: &[&str], t: &str) -> usize {
    order.iter().position(|x| *x == t).unwrap_or(order.len())
}

/// How a rule's tumour types relate to the patient.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fit {
    Applies,
    Other,
    Excluded,
    Unknown,
}

fn fit(kb: &KnowledgeBase, patient: Option<&str>, rule: &TherapyRule) -> Fit {
    let Some(p) = patient else {
        return Fit::Unknown;
    };
    if rule.excluded_tumor_types.iter().any(|x| kb.tumor_types.is_a(p, x)) {
        return Fit::Excluded;
    }
    if rule.tumor_types.iter().any(|t| kb.tumor_types.is_a(p, t)) {
        Fit::Applies
    } else {
        Fit::Other
    }
}

/// Context, AMP tier and ESCAT tier for a rule with a given fit; None = not listed.
fn grade(rule: &TherapyRule, f: Fit) -> Option<(&'static str, &'static str, &'static str)> {
    use EvidenceLevel::*;
    let agnostic = rule.is_tissue_agnostic() || rule.evidence_level == FdaTissueAgnostic;
    match f {
        Fit::Excluded => None,
        Fit::Applies => Some(match rule.evidence_level {
            FdaApproved | Guideline | FdaTissueAgnostic if agnostic => ("tissue_agnostic", "IA", "I-C"),
            FdaApproved | Guideline | FdaTissueAgnostic => match rule.trial_design {
                Some(TrialDesign::SingleArm) => ("on_label", "IA", "I-B"),
                _ => ("on_label", "IA", "I-A"),
            },
            ClinicalTrial => match rule.trial_design {
                Some(TrialDesign::Randomised) => ("investigational", "IB", "I-A"),
                _ => ("investigational", "IIC", "II-B"),
            },
            CaseReportPreclinical => ("investigational", "IID", "IV"),
        }),
        Fit::Other => {
            // A tissue-agnostic restatement for one type (NEC rows) is not evidence from
            // "another tumour type": the tissue-agnostic rule itself covers every patient.
            if rule.direction == Direction::Resistance
                || !rule.evidence_level.is_approval_or_guideline()
                || rule.evidence_level == FdaTissueAgnostic
            {
                None
            } else {
                Some(("off_label", "IIC", "III-A"))
            }
        }
        Fit::Unknown => Some(match rule.evidence_level {
            FdaApproved | Guideline | FdaTissueAgnostic
                if rule.is_tissue_agnostic() && rule.excluded_tumor_types.is_empty() =>
            {
                ("tumor_type_unknown", "IA", "I-C")
            }
            FdaApproved | Guideline | FdaTissueAgnostic => ("tumor_type_unknown", "IIC", "III-A"),
            ClinicalTrial => ("tumor_type_unknown", "IID", "III-A"),
            CaseReportPreclinical => ("tumor_type_unknown", "IID", "IV"),
        }),
    }
}

fn alteration_gene(a: &Alteration) -> Option<&str> {
    a.variant.annotation.as_ref().and_then(|x| x.gene.as_deref())
}

fn alteration_protein(a: &Alteration) -> Option<String> {
    a.variant
        .annotation
        .as_ref()
        .and_then(|x| x.protein_change.as_deref())
        .map(crate::kb::therapies::norm_protein)
}

fn gene_matches(rule: &TherapyRule, gene: &str) -> bool {
    rule.genes.iter().any(|g| g.eq_ignore_ascii_case(gene))
}

/// Ids of the alterations that trigger a genomic rule.
fn triggers(rule: &TherapyRule, alterations: &[Alteration]) -> Vec<String> {
    let mut out = Vec::new();
    for a in alterations {
        let Some(gene) = alteration_gene(a) else {
            continue;
        };
        if !gene_matches(rule, gene) {
            continue;
        }
        let protein = alteration_protein(a);
        if let Some(p) = &protein {
            if rule.except.iter().any(|e| e == p) {
                continue;
            }
        }
        let hit = match rule.biomarker {
            BiomarkerType::Variant => protein
                .as_ref()
                .is_some_and(|p| rule.alterations.iter().any(|x| x.eq_ignore_ascii_case(p))),
            BiomarkerType::Codon => protein.as_ref().is_some_and(|p| {
                rule.alterations.iter().any(|c| {
                    let c = c.to_ascii_uppercase();
                    p.strip_prefix(&c)
                        .is_some_and(|rest| !rest.is_empty() && !rest.starts_with(|ch: char| ch.is_ascii_digit()))
                })
            }),
            BiomarkerType::Class => rule.alterations.iter().any(|cls| {
                a.call.classes.iter().any(|c| c == cls) && (a.call.driver || !GENERIC_CLASSES.contains(&cls.as_str()))
            }),
            BiomarkerType::Fusion => a.call.classes.iter().any(|c| c == "fusion"),
            _ => false,
        };
        if hit {
            out.push(a.id.clone());
        }
    }
    out
}

fn make_match(
    rule: &TherapyRule,
    alterations: Vec<String>,
    grade: (&str, &str, &str),
    extra: Option<String>,
) -> TherapyMatch {
    let note = match (&rule.note, extra) {
        (Some(n), Some(e)) => Some(format!("{n} {e}")),
        (Some(n), None) => Some(n.clone()),
        (None, Some(e)) => Some(e),
        (None, None) => None,
    };
    TherapyMatch {
        rule_id: rule.id.clone(),
        therapy: rule.therapy.clone(),
        drugs: rule.drugs.clone(),
        kind: rule.kind.clone(),
        biomarker: rule.biomarker_label(),
        alterations,
        direction: rule.direction.as_str().to_string(),
        evidence_level: rule.evidence_level.as_str().to_string(),
        amp_tier: grade.1.to_string(),
        escat_tier: grade.2.to_string(),
        context: grade.0.to_string(),
        tumor_types: rule.tumor_types.clone(),
        references: rule.references.clone(),
        note,
    }
}

/// Match alterations and biomarkers against the rules. Returns the matches
/// and any warnings (e.g. tumour type unknown).
pub fn match_therapies(
    kb: &KnowledgeBase,
    tumor_type: Option<&str>,
    alterations: &[Alteration],
    biomarkers: &Biomarkers,
) -> (Therapies, Vec<String>) {
    let mut warnings: Vec<String> = Vec::new();
    // Resolve the patient's tumour type to its canonical code.
    let patient: Option<String> = match tumor_type.map(str::trim).filter(|t| !t.is_empty()) {
        None => {
            warnings.push(
                "no tumour type given (--tumor-type): therapy matches are listed with context \
                 tumor_type_unknown and conservative tiers; on-label status cannot be decided"
                    .to_string(),
            );
            None
        }
        Some(t) => match kb.tumor_types.get(t) {
            Some(tt) => Some(tt.code.clone()),
            None => {
                warnings.push(format!(
                    "tumour type `{t}` is not in the knowledge base: therapy matches are listed with \
                     context tumor_type_unknown and conservative tiers"
                ));
                None
            }
        },
    };
    let patient = patient.as_deref();

    let msi_h = biomarkers.msi.as_ref().is_some_and(|m| m.status == MsiStatus::MsiH);
    let tmb = biomarkers.tmb.as_ref();
    let tmb_high = tmb.is_some_and(|t| t.status == TmbStatus::High);

    let mut sensitivity = Vec::new();
    let mut resistance = Vec::new();
    let mut notes = Vec::new();
    let mut tmb_warned = false;

    for rule in &kb.therapies {
        let f = fit(kb, patient, rule);
        if rule.biomarker.is_note() {
            if f == Fit::Applies {
                let m = make_match(rule, vec![], ("on_label", "n/a", "n/a"), None);
                notes.push(m);
            }
            continue;
        }
        let (ids, extra) = match rule.biomarker {
            BiomarkerType::MsiH => (if msi_h { vec!["MSI-H".to_string()] } else { vec![] }, None),
            BiomarkerType::TmbH => {
                if !tmb_high {
                    (vec![], None)
                } else {
                    let value = tmb.and_then(|t| t.value);
                    match (rule.tmb_min(), value) {
                        (Some(min), Some(v)) if v < min => {
                            if !tmb_warned {
                                warnings.push(format!(
                                    "TMB status is high ({v:.1} mut/Mb) but below the {min} mut/Mb of the \
                                     TMB-H approval: TMB-H rules were not matched"
                                ));
                                tmb_warned = true;
                            }
                            (vec![], None)
                        }
                        (Some(min), None) => (
                            vec!["TMB-high".to_string()],
                            Some(format!("TMB value not available to compare with {min} mut/Mb.")),
                        ),
                        _ => (vec!["TMB-high".to_string()], None),
                    }
                }
            }
            _ => (triggers(rule, alterations), None),
        };
        if ids.is_empty() {
            continue;
        }
        let Some(g) = grade(rule, f) else {
            continue;
        };
        let mut extra = extra;
        if f == Fit::Unknown && !rule.is_tissue_agnostic() {
            let e = format!(
                "Tumour type not given: the tier assumes it is not one of {}.",
                rule.tumor_types.join(", ")
            );
            extra = Some(match extra {
                Some(x) => format!("{x} {e}"),
                None => e,
            });
        }
        if f == Fit::Unknown && !rule.excluded_tumor_types.is_empty() {
            let e = format!("Not applicable to {}.", rule.excluded_tumor_types.join(", "));
            extra = Some(match extra {
                Some(x) => format!("{x} {e}"),
                None => e,
            });
        }
        let m = make_match(rule, ids, g, extra);
        match rule.direction {
            Direction::Sensitivity => sensitivity.push(m),
            Direction::Resistance => resistance.push(m),
        }
    }

    // dMMR evidence from MMR gene alterations is reported, not treated as MSI-H.
    if !msi_h {
        let mut hits: Vec<String> = alterations
            .iter()
            .filter(|a| a.call.driver)
            .filter_map(|a| {
                let g = alteration_gene(a)?;
                MMR_GENES.contains(&g).then(|| format!("{g} ({})", a.id))
            })
            .collect();
        hits.sort();
        hits.dedup();
        if !hits.is_empty() {
            let status = biomarkers
                .msi
                .as_ref()
                .map(|m| m.status.as_str())
                .unwrap_or("not assessed");
            warnings.push(format!(
                "driver alteration in mismatch-repair gene(s) {} suggests possible dMMR, but MSI status is {}: \
                 MSI-H/dMMR therapies were not matched; confirm by MMR immunohistochemistry or an MSI assay",
                hits.join(", "),
                status
            ));
        }
    }

    let therapies = Therapies {
        sensitivity: merge_and_sort(sensitivity),
        resistance: merge_and_sort(resistance),
        notes: merge_and_sort(notes),
    };
    (therapies, warnings)
}

fn sort_key(m: &TherapyMatch) -> (usize, usize, String, String) {
    (
        rank(AMP_ORDER, &m.amp_tier),
        rank(ESCAT_ORDER, &m.escat_tier),
        m.therapy.to_ascii_lowercase(),
        m.rule_id.clone(),
    )
}

/// How many merged rule ids are named in a note before "and N more".
const MAX_ALSO: usize = 6;

fn merge_and_sort(mut v: Vec<TherapyMatch>) -> Vec<TherapyMatch> {
    v.sort_by_key(sort_key);
    let key = |x: &TherapyMatch| {
        let mut a = x.alterations.clone();
        a.sort();
        (x.therapy.to_ascii_lowercase(), x.direction.clone(), a)
    };
    let mut out: Vec<(TherapyMatch, Vec<String>)> = Vec::new();
    for m in v {
        // Resistance to a drug is also resistance to a regimen listing it: a CIViC
        // "cetuximab" resistance row merges into the curated anti-EGFR entry.
        let same = |p: &TherapyMatch| {
            key(p) == key(&m)
                || (m.direction == "resistance"
                    && p.direction == "resistance"
                    && key(p).2 == key(&m).2
                    && m.drugs
                        .iter()
                        .all(|d| p.drugs.iter().any(|x| x.eq_ignore_ascii_case(d))))
        };
        if let Some((prim, also)) = out.iter_mut().find(|(p, _)| same(p)) {
            also.push(format!("{} ({}, {})", m.rule_id, m.context, m.evidence_level));
            // Sources and tumour types are pooled only when the merged entry has the same
            // context (an off-label approval does not support an on-label claim).
            if m.context != prim.context {
                continue;
            }
            for r in &m.references {
                if !prim.references.contains(r) {
                    prim.references.push(r.clone());
                }
            }
            for t in &m.tumor_types {
                if !prim.tumor_types.contains(t) {
                    prim.tumor_types.push(t.clone());
                }
            }
        } else {
            out.push((m, Vec::new()));
        }
    }
    // Already in order: merging keeps the first (best) entry's position.
    out.into_iter()
        .map(|(mut m, also)| {
            if !also.is_empty() {
                let mut text = format!(
                    "also: {}",
                    also.iter().take(MAX_ALSO).cloned().collect::<Vec<_>>().join("; ")
                );
                if also.len() > MAX_ALSO {
                    text.push_str(&format!("; and {} more", also.len() - MAX_ALSO));
                }
                text.push('.');
                m.note = Some(match m.note.take() {
                    Some(n) => format!("{n} {text}"),
                    None => text,
                });
            }
            m
        })
        .collect()
}
