//! Resistance beats sensitivity for the same drug (THERAPIES.md, "Resistance and sensitivity for
//! the same drug").
//!
//! When a resistance entry and a sensitivity entry share a drug (case-insensitive intersection of
//! their drug lists) and the resistance is triggered by an alteration that does not trigger the
//! sensitivity entry, the sensitivity entry is **demoted**: AMP tier IID (or worse, unchanged),
//! ESCAT tier X, and its note starts with `demoted: <gene change> confers resistance to <drugs>
//! (<rule>; <references>)`; the report gets a warning. The lists are then re-sorted, so demoted
//! entries move behind the others.
//!
//! A resistance entry triggered only by alterations that also trigger the sensitivity entry does
//! not demote it: the sensitivity rule was written for that alteration (BRAF V600E colorectal
//! cancer: encorafenib + cetuximab despite the anti-EGFR resistance of BRAF V600E; KRAS G12C:
//! adagrasib + cetuximab).

use super::tier::{AmpTier, EscatTier};
use super::triggers::alteration_gene;
use super::TherapyMatch;
use crate::model::Alteration;

fn label(alterations: &[Alteration], id: &str) -> String {
    let Some(a) = alterations.iter().find(|a| a.id == id) else {
        return id.to_string();
    };
    let gene = alteration_gene(a).unwrap_or("?");
    let change = a
        .variant
        .annotation
        .as_ref()
        .and_then(|x| x.protein_change.as_deref())
        .unwrap_or("alteration");
    format!("{gene} {change}")
}

fn shared_drugs(s: &TherapyMatch, r: &TherapyMatch) -> Vec<String> {
    s.drugs
        .iter()
        .filter(|d| r.drugs.iter().any(|x| x.eq_ignore_ascii_case(d)))
        .cloned()
        .collect()
}

/// Demote sensitivity entries contradicted by a resistance entry; returns the warnings.
pub(super) fn demote(
    sensitivity: &mut [TherapyMatch],
    resistance: &[TherapyMatch],
    alterations: &[Alteration],
) -> Vec<String> {
    let mut warnings = Vec::new();
    for s in sensitivity.iter_mut() {
        let mut reasons: Vec<String> = Vec::new();
        for r in resistance {
            let drugs = shared_drugs(s, r);
            let other: Vec<&String> = r.alterations.iter().filter(|id| !s.alterations.contains(id)).collect();
            if drugs.is_empty() || other.is_empty() {
                continue;
            }
            let who: Vec<String> = other.iter().map(|id| label(alterations, id)).collect();
            let refs: Vec<&str> = r.references.iter().take(2).map(String::as_str).collect();
            let source = std::iter::once(r.rule_id.as_str())
                .chain(refs)
                .collect::<Vec<_>>()
                .join("; ");
            reasons.push(format!(
                "{} confer{} resistance to {} ({source})",
                who.join(", "),
                if who.len() == 1 { "s" } else { "" },
                drugs.join(", ")
            ));
            warnings.push(format!(
                "{} ({}) confer{} resistance to {}: the sensitivity entry {} ({}) is demoted to AMP IID / ESCAT X",
                who.join(", "),
                other.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", "),
                if who.len() == 1 { "s" } else { "" },
                drugs.join(", "),
                s.rule_id,
                s.therapy
            ));
        }
        if reasons.is_empty() {
            continue;
        }
        if s.grade.amp < AmpTier::IID {
            s.grade.amp = AmpTier::IID;
        }
        s.grade.escat = EscatTier::X;
        let text = format!("demoted: {}.", reasons.join("; "));
        s.note = Some(match s.note.take() {
            Some(n) => format!("{text} {n}"),
            None => text,
        });
    }
    warnings
}
