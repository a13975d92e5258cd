//! What in a patient triggers a rule: the alterations a variant, codon, class or fusion rule
//! names (biomarker rules are decided in [`super::match_therapies`]).

use crate::kb::rules::{BiomarkerType, TherapyRule};
use crate::kb::KnowledgeBase;
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

/// The rule names the alteration's gene: its symbol as annotated, or the gene table's canonical
/// symbol or one of its aliases (a VEP annotation `MRE11A` matches a rule for `MRE11`).
fn gene_matches(kb: &KnowledgeBase, rule: &TherapyRule, gene: &str) -> bool {
    let same = |s: &str| rule.genes.iter().any(|g| g.eq_ignore_ascii_case(s));
    if same(gene) {
        return true;
    }
    kb.gene(gene)
        .or_else(|| kb.gene(&gene.to_ascii_uppercase()))
        .is_some_and(|g| same(&g.symbol) || g.aliases.iter().any(|a| same(a)))
}

/// A codon rule needs a missense or in-frame change at the codon: a frameshift or stop that
/// starts there (`D842fs`, `R132*`) does not match.
fn codon_change_ok(a: &Alteration) -> bool {
    let has = |c: &str| a.call.classes.iter().any(|x| x == c);
    (has("missense") || has("inframe")) && !has("truncating")
}

/// Ids of the alterations that trigger a genomic rule.
pub(super) fn triggers(kb: &KnowledgeBase, rule: &TherapyRule, alterations: &[Alteration]) -> Vec<String> {
    let mut out = Vec::new();
    for a in alterations {
        let Some(gene) = alteration_gene(a) else {
            continue;
        };
        if !gene_matches(kb, rule, gene) {
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
            BiomarkerType::Codon => {
                codon_change_ok(a)
                    && protein.as_ref().is_some_and(|p| {
                        rule.alterations.iter().any(|c| {
                            let c = c.to_ascii_uppercase();
                            p.strip_prefix(&c).is_some_and(|rest| {
                                !rest.is_empty() && !rest.starts_with(|ch: char| ch.is_ascii_digit())
                            })
                        })
                    })
            }
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
