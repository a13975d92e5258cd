//! Merging matches that name the same therapy for the same alterations, and their order
//! (AMP tier, ESCAT tier, therapy name, rule id).

use super::tier::{AmpTier, Context, EscatTier};
use super::TherapyMatch;
use crate::kb::rules::Direction;

/// Demoted matches (ESCAT X: a resistance alteration is present) come after all others, and
/// matches that need confirmation of a weak biomarker call after the confirmed ones, so that
/// neither leads the list; before them, off-label matches come after all on-label,
/// tissue-agnostic, investigational and tumour-type-unknown ones; then AMP tier, ESCAT tier,
/// therapy name, rule id.
fn sort_key(m: &TherapyMatch) -> (bool, bool, bool, AmpTier, EscatTier, String, String) {
    (
        m.grade.escat == EscatTier::X,
        m.confirmation_required,
        m.grade.context == Context::OffLabel,
        m.grade.amp,
        m.grade.escat,
        m.therapy.to_ascii_lowercase(),
        m.rule_id.clone(),
    )
}

/// Re-sort a merged list (after demotion).
pub(super) fn sort(v: &mut [TherapyMatch]) {
    v.sort_by_key(sort_key);
}

/// How many merged rule ids are named in a note before "and N more".
const MAX_ALSO: usize = 6;

pub(super) fn merge_and_sort(mut v: Vec<TherapyMatch>) -> Vec<TherapyMatch> {
    v.sort_by_key(sort_key);
    let key = |x: &TherapyMatch| {
        let mut a = x.alterations.clone();
        a.sort();
        (x.therapy.to_ascii_lowercase(), x.direction, a)
    };
    let mut out: Vec<(TherapyMatch, Vec<String>)> = Vec::new();
    for m in v {
        // Resistance to a drug is also resistance to a regimen listing it: a CIViC
        // "cetuximab" resistance row merges into the curated anti-EGFR entry.
        let same = |p: &TherapyMatch| {
            key(p) == key(&m)
                || (m.direction == Direction::Resistance
                    && p.direction == Direction::Resistance
                    && key(p).2 == key(&m).2
                    && m.drugs
                        .iter()
                        .all(|d| p.drugs.iter().any(|x| x.eq_ignore_ascii_case(d))))
        };
        if let Some((prim, also)) = out.iter_mut().find(|(p, _)| same(p)) {
            also.push(format!(
                "{} ({}, {})",
                m.rule_id,
                m.grade.context.as_str(),
                m.evidence_level.as_str()
            ));
            // Sources and tumour types are pooled only when the merged entry has the same
            // context (an off-label approval does not support an on-label claim).
            if m.grade.context != prim.grade.context {
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
