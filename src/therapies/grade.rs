//! Tumour-type fit of a rule and the grade (context, AMP tier, ESCAT tier) it earns; the table
//! is in the module documentation of [`super`].

use super::tier::{AmpTier, Context, EscatTier, Grade};
use crate::kb::rules::{Direction, EvidenceLevel, TherapyRule, TrialDesign};
use crate::kb::KnowledgeBase;

/// How a rule's tumour types relate to the patient.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Fit {
    Applies,
    Other,
    Excluded,
    Unknown,
}

pub(super) fn fit(kb: &KnowledgeBase, patient: Option<&str>, rule: &TherapyRule) -> Fit {
    let Some(p) = patient else {
        return Fit::Unknown;
    };
    if rule.excluded_tumor_types.iter().any(|x| kb.tumor_types.is_a(p, x)) {
        return Fit::Excluded;
    }
    // Solid-tumour evidence is never extrapolated to a blood cancer, nor the reverse: a rule
    // applies across the two roots neither on- nor off-label.
    if kb.tumor_types.haematological(p) != haematological_rule(kb, rule) {
        return Fit::Excluded;
    }
    if rule.tumor_types.iter().any(|t| kb.tumor_types.is_a(p, t)) {
        Fit::Applies
    } else {
        Fit::Other
    }
}

/// True when the rule names a haematological type (its tumour types lie below `HEME`).
fn haematological_rule(kb: &KnowledgeBase, rule: &TherapyRule) -> bool {
    rule.tumor_types.iter().any(|t| kb.tumor_types.haematological(t))
}

/// True when the knowledge base serves the patient's type: every solid type, and a haematological
/// type that a rule names (or names one of its ancestors below `HEME`): AML and MDS.
pub(super) fn served(kb: &KnowledgeBase, code: &str) -> bool {
    !kb.tumor_types.haematological(code)
        || kb.therapies.iter().any(|r| {
            r.tumor_types
                .iter()
                .any(|t| kb.tumor_types.haematological(t) && kb.tumor_types.is_a(code, t))
        })
}

/// Context, AMP tier and ESCAT tier for a rule with a given fit; None = not listed.
pub(super) fn grade(rule: &TherapyRule, f: Fit) -> Option<Grade> {
    use EvidenceLevel::*;
    let agnostic = rule.is_tissue_agnostic() || rule.evidence_level == FdaTissueAgnostic;
    match f {
        Fit::Excluded => None,
        Fit::Applies => Some(match rule.evidence_level {
            FdaApproved | Guideline | FdaTissueAgnostic if agnostic => {
                Grade::new(Context::TissueAgnostic, AmpTier::IA, EscatTier::IC)
            }
            FdaApproved | Guideline | FdaTissueAgnostic => match rule.trial_design {
                Some(TrialDesign::SingleArm) => Grade::new(Context::OnLabel, AmpTier::IA, EscatTier::IB),
                _ => Grade::new(Context::OnLabel, AmpTier::IA, EscatTier::IA),
            },
            ClinicalTrial => match rule.trial_design {
                Some(TrialDesign::Randomised) => Grade::new(Context::Investigational, AmpTier::IB, EscatTier::IA),
                _ => Grade::new(Context::Investigational, AmpTier::IIC, EscatTier::IIB),
            },
            CaseReportPreclinical => Grade::new(Context::Investigational, AmpTier::IID, EscatTier::IV),
        }),
        Fit::Other => {
            // Only rules marked `extrapolation` yes are evidence for other tumour types.
            // A tissue-agnostic restatement for one type (NEC rows) is not evidence from
            // "another tumour type": the tissue-agnostic rule itself covers every patient.
            if rule.direction == Direction::Resistance
                || !rule.extrapolation
                || !rule.evidence_level.is_approval_or_guideline()
                || rule.evidence_level == FdaTissueAgnostic
            {
                None
            } else {
                Some(Grade::new(Context::OffLabel, AmpTier::IIC, EscatTier::IIIA))
            }
        }
        Fit::Unknown => Some(match rule.evidence_level {
            FdaApproved | Guideline | FdaTissueAgnostic
                if rule.is_tissue_agnostic() && rule.excluded_tumor_types.is_empty() =>
            {
                Grade::new(Context::TumorTypeUnknown, AmpTier::IA, EscatTier::IC)
            }
            FdaApproved | Guideline | FdaTissueAgnostic => {
                Grade::new(Context::TumorTypeUnknown, AmpTier::IIC, EscatTier::IIIA)
            }
            ClinicalTrial => Grade::new(Context::TumorTypeUnknown, AmpTier::IID, EscatTier::IIIA),
            CaseReportPreclinical => Grade::new(Context::TumorTypeUnknown, AmpTier::IID, EscatTier::IV),
        }),
    }
}
