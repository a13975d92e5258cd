//! What in a patient triggers a rule: the alterations a variant, codon, class or fusion rule
//! names (biomarker rules are decided in [`super::match_therapies`]).

use crate::kb::rules::{BiomarkerType, TherapyRule};
use crate::model::Alteration;

/// Classes that need `driver == true` to trigger a class rule.
const GENERIC_CLASSES: &[&str] = &["oncogenic", "truncating", "missense", "inframe"];

pub(super) fn alteration_gene(a: &Alteration) -> Option<&str> {
    a.variant.annotation.as_ref().and_then(|x| x.gene.as_deref())
}

fn alteration_protein(a: &Alteration) -> Option<String> {
    a.variant
        .annotation
        .as_ref()
        .and_then(|x| x.protein_change.as_deref())
        .map(crate::kb::rules::norm_protein)
}

fn gene_matches(rule: &TherapyRule, gene: &str) -> bool {
    rule.genes.iter().any(|g| g.eq_ignore_ascii_case(gene))
}

/// Ids of the alterations that trigger a genomic rule.
pub(super) fn triggers(rule: &TherapyRule, alterations: &[Alteration]) -> Vec<String> {
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
