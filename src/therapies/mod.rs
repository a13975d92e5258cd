//! Therapy matching: alterations and biomarkers → candidate therapies with
//! evidence tiers, from the rules of [`crate::kb::rules`].
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
//! | fda_approved / fda_tissue_agnostic / guideline, `extrapolation` yes | no (other type) | off_label | IIC | III-A |
//! | fda_approved / guideline, `extrapolation` no | no (other type) | not listed | – | – |
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
//!   status: the rule names the exact change); a `codon` rule also needs a missense or
//!   in-frame change (classes `missense`/`inframe`, not `truncating`): a frameshift or stop
//!   starting at the codon does not match. Genes match by symbol, or through the gene
//!   table's canonical symbol and aliases (`MRE11A` → `MRE11`).
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
//! they share the kept entry's context. Lists are sorted off-label last, then by
//! AMP tier, ESCAT tier, therapy name, rule id.
//!
//! # Resistance beats sensitivity
//!
//! A sensitivity entry that shares a drug with a resistance entry triggered by another of the
//! patient's alterations is demoted to AMP IID / ESCAT X, its note starts with `demoted: …`, and
//! a warning is added (see `conflict.rs`).
//!
//! # No top tier on a weak call
//!
//! A match on a low-confidence MSI-H call (indel burden without repeat context) keeps its rule's
//! tier but carries `confirmation_required`, and its note starts with "confirm MSI/dMMR by IHC or
//! PCR"; it is sorted after the confirmed options, so it never leads (`merge.rs`).

mod conflict;
mod grade;
mod merge;
mod tier;
mod triggers;

pub(crate) use tier::{AmpTier, Context, EscatTier, Grade};
pub(crate) use triggers::RuleGenes;

use crate::biomarkers::{Biomarkers, Confidence, MsiStatus, TmbStatus};
use crate::kb::rules::{BiomarkerType, Direction, EvidenceLevel, TherapyRule};
use crate::kb::KnowledgeBase;
use crate::model::Alteration;
use crate::warning::{StageWarnings, Warning, WarningKind};
use grade::{fit, grade, served, Fit};
use merge::merge_and_sort;
use triggers::{alteration_gene, triggers};

/// One rule matched to this patient.
#[derive(Debug, Clone, PartialEq)]
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
    pub(crate) grade: Grade,
    pub tumor_types: Vec<String>,
    pub references: Vec<String>,
    pub note: Option<String>,
    /// The match rests on a low-confidence biomarker call (MSI-H from the indel burden without
    /// repeat context): its tier holds only if confirmed ("IA if confirmed"), it is listed after
    /// the confirmed options and never leads.
    pub confirmation_required: bool,
}

/// Every match for one patient, by direction; notes are not biomarker-triggered.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Therapies {
    pub sensitivity: Vec<TherapyMatch>,
    pub resistance: Vec<TherapyMatch>,
    pub notes: Vec<TherapyMatch>,
}

impl Therapies {
    /// The best AMP tier among sensitivity matches.
    pub(crate) fn best_amp_tier(&self) -> Option<AmpTier> {
        self.sensitivity.iter().map(|t| t.grade.amp).min()
    }
}

pub(crate) const MMR_GENES: &[&str] = &["MLH1", "MSH2", "MSH6", "PMS2"];

/// The patient's tumour-type code in the knowledge base, or None (with a warning) when none is
/// given or the code is unknown.
fn patient_type(kb: &KnowledgeBase, tumor_type: Option<&str>, warnings: &mut StageWarnings) -> Option<String> {
    match tumor_type.map(str::trim).filter(|t| !t.is_empty()) {
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
                warnings.push_kind(
                    WarningKind::UnknownTumourType,
                    format!(
                        "tumour type `{t}` is not in the knowledge base: therapy matches are listed with \
                         context tumor_type_unknown and conservative tiers"
                    ),
                );
                None
            }
        },
    }
}

/// The TMB-high trigger of a rule: the report's status, and the value compared with the rule's
/// minimum (warned once when a high status falls below it).
fn tmb_trigger(
    rule: &TherapyRule,
    tmb: Option<&crate::biomarkers::Tmb>,
    tmb_high: bool,
    tmb_warned: &mut bool,
    warnings: &mut StageWarnings,
) -> (Vec<String>, Option<String>) {
    if !tmb_high {
        (vec![], None)
    } else {
        let value = tmb.and_then(|t| t.value);
        match (rule.tmb_min(), value) {
            (Some(min), Some(v)) if v < min => {
                if !*tmb_warned {
                    warnings.push(format!(
                        "TMB status is high ({v:.1} mut/Mb) but below the {min} mut/Mb of the \
                             TMB-H approval: TMB-H rules were not matched"
                    ));
                    *tmb_warned = true;
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

/// Without a known tumour type, say what the tier assumes (and whether a type was given at all).
fn unknown_type_note(rule: &TherapyRule, f: Fit, given: Option<&str>, mut extra: Option<String>) -> Option<String> {
    if f == Fit::Unknown && !rule.is_tissue_agnostic() {
        let why = match given {
            Some(g) => format!("Tumour type `{g}` not recognised"),
            None => "Tumour type not given".to_string(),
        };
        let e = format!(
            "{why}: the tier assumes it is not one of {}.",
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
    extra
}

/// A driver in a mismatch-repair gene without an MSI-H call: a warning to confirm dMMR.
fn mmr_warning(alterations: &[Alteration], biomarkers: &Biomarkers) -> Option<String> {
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
    if hits.is_empty() {
        return None;
    }
    let status = biomarkers
        .msi
        .as_ref()
        .map(|m| m.status.as_str())
        .unwrap_or("not assessed");
    Some(format!(
        "driver alteration in mismatch-repair gene(s) {} suggests possible dMMR, but MSI status is {}: \
         MSI-H/dMMR therapies were not matched; confirm by MMR immunohistochemistry or an MSI assay",
        hits.join(", "),
        status
    ))
}

fn make_match(rule: &TherapyRule, alterations: Vec<String>, grade: Grade, extra: Option<String>) -> TherapyMatch {
    let note = match (&rule.note, extra) {
        (Some(n), Some(e)) => Some(format!("{n} {e}")),
        (Some(n), None) => Some(n.clone()),
        (None, Some(e)) => Some(e),
        (None, None) => None,
    };
    TherapyMatch {
        rule_id: rule.id.clone(),
        therapy: rule.therapy.clone(),
        drugs: rule.all_drugs(),
        kind: rule.kind.clone(),
        biomarker: rule.biomarker_label(),
        alterations,
        direction: rule.direction,
        evidence_level: rule.evidence_level,
        grade,
        tumor_types: rule.tumor_types.clone(),
        references: rule.references.clone(),
        note,
        confirmation_required: false,
    }
}

/// The caveat that starts the note of a match on a low-confidence MSI-H call.
pub(crate) const MSI_CONFIRM_CAVEAT: &str = "confirm MSI/dMMR by IHC or PCR";

/// Mark a match on a low-confidence MSI-H call: `confirmation_required`, and a note that starts
/// with the caveat and the tier it would hold.
fn needs_confirmation(m: &mut TherapyMatch) {
    m.confirmation_required = true;
    let text = format!(
        "{MSI_CONFIRM_CAVEAT}: the MSI-H call is of low confidence (indel burden without repeat context \
         or counting region), so this {} tier holds only if confirmed.",
        m.grade.amp.as_str()
    );
    m.note = Some(match m.note.take() {
        Some(n) => format!("{text} {n}"),
        None => text,
    });
}

/// Match alterations and biomarkers against the rules. Returns the matches
/// and any warnings (e.g. tumour type unknown).
pub fn match_therapies(
    kb: &KnowledgeBase,
    tumor_type: Option<&str>,
    alterations: &[Alteration],
    biomarkers: &Biomarkers,
) -> (Therapies, Vec<Warning>) {
    let mut warnings = StageWarnings::new(WarningKind::Therapy);
    let patient = patient_type(kb, tumor_type, &mut warnings);
    let patient = patient.as_deref();
    if let Some(code) = patient.filter(|c| !served(kb, c)) {
        let heme: Vec<&str> = (kb.tumor_types.types.iter())
            .map(|t| t.code.as_str())
            .filter(|c| kb.tumor_types.haematological(c) && served(kb, c))
            .collect();
        warnings.push(format!(
            "tumour type {code} is a haematological neoplasm, which this knowledge base does not serve (of \
             the blood cancers it serves {} only): no therapy was matched and driver calls use solid-tumour \
             and myeloid evidence; use a haematology knowledge base",
            if heme.is_empty() {
                "none".to_string()
            } else {
                heme.join(", ")
            }
        ));
        return (Therapies::default(), warnings.into_vec());
    }
    let given = tumor_type.map(str::trim).filter(|t| !t.is_empty());

    let msi_h = biomarkers.msi.as_ref().is_some_and(|m| m.status == MsiStatus::MsiH);
    // A weak call never yields an undecorated top tier (README, "Therapies and evidence tiers").
    let msi_weak = msi_h && biomarkers.msi.as_ref().is_some_and(|m| m.confidence == Confidence::Low);
    let tmb = biomarkers.tmb.as_ref();
    let tmb_high = tmb.is_some_and(|t| t.status == TmbStatus::High);

    let mut sensitivity = Vec::new();
    let mut resistance = Vec::new();
    let mut notes = Vec::new();
    let mut tmb_warned = false;
    let by_gene = triggers::ByGene::new(kb, alterations);

    for rule in &kb.therapies {
        let f = fit(kb, patient, rule);
        if rule.biomarker.is_note() {
            if f == Fit::Applies {
                let m = make_match(
                    rule,
                    vec![],
                    Grade::new(Context::OnLabel, AmpTier::NotApplicable, EscatTier::NotApplicable),
                    None,
                );
                notes.push(m);
            }
            continue;
        }
        let (ids, extra) = match rule.biomarker {
            BiomarkerType::MsiH => (if msi_h { vec!["MSI-H".to_string()] } else { vec![] }, None),
            BiomarkerType::TmbH => tmb_trigger(rule, tmb, tmb_high, &mut tmb_warned, &mut warnings),
            _ => (triggers(rule, alterations, &by_gene), None),
        };
        // An acquired-resistance row (`with:`) is about a treatment of a co-occurring alteration.
        if !ids.is_empty() && !triggers::with_met(rule, alterations, &by_gene) {
            continue;
        }
        if ids.is_empty() {
            continue;
        }
        let Some(g) = grade(rule, f) else {
            continue;
        };
        let extra = unknown_type_note(rule, f, given, extra);
        let mut m = make_match(rule, ids, g, extra);
        if msi_weak && rule.biomarker == BiomarkerType::MsiH {
            needs_confirmation(&mut m);
        }
        match rule.direction {
            Direction::Sensitivity => sensitivity.push(m),
            Direction::Resistance => resistance.push(m),
        }
    }

    // dMMR evidence from MMR gene alterations is reported, not treated as MSI-H.
    if !msi_h {
        if let Some(w) = mmr_warning(alterations, biomarkers) {
            warnings.push(w);
        }
    }

    let mut sensitivity = merge_and_sort(sensitivity);
    let resistance = merge_and_sort(resistance);
    for w in conflict::demote(&mut sensitivity, &resistance, alterations) {
        warnings.push(w);
    }
    merge::sort(&mut sensitivity);
    let therapies = Therapies {
        sensitivity,
        resistance,
        notes: merge_and_sort(notes),
    };
    (therapies, warnings.into_vec())
}
