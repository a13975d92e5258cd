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

/// The alterations by every name of their gene, upper case: the symbol as annotated, and the gene
/// table's canonical symbol and aliases (a VEP annotation `MRE11A` is found under a rule's `MRE11`).
/// Built once per patient, so that a rule looks its genes up instead of scanning every alteration.
pub(super) struct ByGene {
    names: rustc_hash::FxHashMap<String, Vec<usize>>,
}

impl ByGene {
    pub(super) fn new(kb: &KnowledgeBase, alterations: &[Alteration]) -> ByGene {
        let mut names: rustc_hash::FxHashMap<String, Vec<usize>> = Default::default();
        for (i, a) in alterations.iter().enumerate() {
            let Some(gene) = alteration_gene(a) else {
                continue;
            };
            let mut all = vec![gene.to_ascii_uppercase()];
            if let Some(g) = kb.gene(gene).or_else(|| kb.gene(&all[0])) {
                all.extend(
                    std::iter::once(&g.symbol)
                        .chain(&g.aliases)
                        .map(|s| s.to_ascii_uppercase()),
                );
            }
            all.sort_unstable();
            all.dedup();
            for n in all {
                names.entry(n).or_default().push(i);
            }
        }
        ByGene { names }
    }

    /// Indices (in list order) of the alterations in one of the rule's genes.
    fn of(&self, rule: &TherapyRule) -> Vec<usize> {
        let mut out: Vec<usize> = rule
            .genes
            .iter()
            .filter_map(|g| self.names.get(&g.to_ascii_uppercase()))
            .flatten()
            .copied()
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }
}

/// A codon rule needs a missense or in-frame change at the codon: a frameshift or stop that
/// starts there (`D842fs`, `R132*`) does not match.
fn codon_change_ok(a: &Alteration) -> bool {
    let has = |c: &str| a.call.classes.iter().any(|x| x == c);
    (has("missense") || has("inframe")) && !has("truncating")
}

/// Ids of the alterations that trigger a genomic rule.
pub(super) fn triggers(rule: &TherapyRule, alterations: &[Alteration], by_gene: &ByGene) -> Vec<String> {
    let mut out = Vec::new();
    for a in by_gene.of(rule).into_iter().filter_map(|i| alterations.get(i)) {
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
