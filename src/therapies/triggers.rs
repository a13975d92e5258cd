//! What in a patient triggers a rule: the alterations a variant, codon, class or fusion rule
//! names (biomarker rules are decided in [`super::match_therapies`]).

use crate::kb::rules::{BiomarkerType, TherapyRule};
use crate::kb::KnowledgeBase;
use crate::model::{Alteration, AlterationClass};

pub(super) fn alteration_gene(a: &Alteration) -> Option<&str> {
    a.variant.annotation.as_ref().and_then(|x| x.gene.as_deref())
}

fn alteration_protein(a: &Alteration) -> Option<String> {
    a.variant
        .annotation
        .as_ref()
        .and_then(|x| x.protein_change.as_deref())
        // The HGVS one-letter form: a legacy `p.Q1276X` matches a rule's `Q1276*`.
        .map(|p| match crate::protein::normalise_hgvs(p) {
            Some(n) => crate::kb::rules::norm_protein(&n),
            None => crate::kb::rules::norm_protein(p),
        })
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
            for n in gene_names(kb, gene) {
                names.entry(n).or_default().push(i);
            }
        }
        ByGene { names }
    }

    /// Indices of the alterations in one gene (any of its names).
    fn of_gene(&self, gene: &str) -> &[usize] {
        self.names.get(&gene.to_ascii_uppercase()).map_or(&[], Vec::as_slice)
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

/// Every name of a gene, upper case, sorted: the symbol as annotated, and the gene table's
/// canonical symbol and aliases.
fn gene_names(kb: &KnowledgeBase, gene: &str) -> Vec<String> {
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
    all
}

/// The genomic rules (variant, codon, class, fusion) by the upper-case names of their genes: which
/// alterations a therapy rule could ever match ([`RuleGenes::may_trigger`]). Built once per patient.
pub(crate) struct RuleGenes {
    rules: rustc_hash::FxHashMap<String, Vec<usize>>,
}

impl RuleGenes {
    pub fn new(kb: &KnowledgeBase) -> RuleGenes {
        let mut rules: rustc_hash::FxHashMap<String, Vec<usize>> = Default::default();
        for (i, r) in kb.therapies.iter().enumerate() {
            if r.biomarker.is_note() || !r.biomarker.needs_gene() {
                continue;
            }
            for g in &r.genes {
                rules.entry(g.to_ascii_uppercase()).or_default().push(i);
            }
        }
        RuleGenes { rules }
    }

    /// Whether a rule triggers on `a` for some tumour type: the same test as
    /// [`super::match_therapies`], so an alteration for which this is false is never in a match.
    pub(crate) fn may_trigger(&self, kb: &KnowledgeBase, a: &Alteration) -> bool {
        let Some(gene) = alteration_gene(a) else {
            return false;
        };
        gene_names(kb, gene)
            .iter()
            .filter_map(|n| self.rules.get(n))
            .flatten()
            .filter_map(|&i| kb.therapies.get(i))
            .any(|rule| triggers_on(rule, a))
    }
}

/// A codon rule needs a missense or in-frame change at the codon: a frameshift or stop that
/// starts there (`D842fs`, `R132*`) does not match.
fn codon_change_ok(a: &Alteration) -> bool {
    let has = |c| a.call.has(c);
    (has(AlterationClass::Missense) || has(AlterationClass::Inframe)) && !has(AlterationClass::Truncating)
}

/// Ids of the alterations that trigger a genomic rule.
pub(super) fn triggers(rule: &TherapyRule, alterations: &[Alteration], by_gene: &ByGene) -> Vec<String> {
    let mut out = Vec::new();
    for a in by_gene.of(rule).into_iter().filter_map(|i| alterations.get(i)) {
        if triggers_on(rule, a) {
            out.push(a.id.clone());
        }
    }
    out
}

/// Whether the patient carries one of the rule's `with:` alterations (true when it names none).
pub(super) fn with_met(rule: &TherapyRule, alterations: &[Alteration], by_gene: &ByGene) -> bool {
    rule.with.is_empty()
        || rule.with.iter().any(|(gene, change)| {
            by_gene
                .of_gene(gene)
                .iter()
                .filter_map(|&i| alterations.get(i))
                .any(|a| alteration_protein(a).is_some_and(|p| p.eq_ignore_ascii_case(change)))
        })
}

/// Whether a genomic rule triggers on an alteration of one of its genes.
fn triggers_on(rule: &TherapyRule, a: &Alteration) -> bool {
    let protein = alteration_protein(a);
    if let Some(p) = &protein {
        if rule.except.iter().any(|e| e == p) {
            return false;
        }
    }
    match rule.biomarker {
        BiomarkerType::Variant => protein
            .as_ref()
            .is_some_and(|p| rule.alterations.iter().any(|x| x.eq_ignore_ascii_case(p))),
        BiomarkerType::Codon => {
            codon_change_ok(a)
                && protein.as_ref().is_some_and(|p| {
                    rule.alterations.iter().any(|c| {
                        let c = c.to_ascii_uppercase();
                        p.strip_prefix(&c)
                            .is_some_and(|rest| !rest.is_empty() && !rest.starts_with(|ch: char| ch.is_ascii_digit()))
                    })
                })
        }
        // Generic classes (any variant of the effect carries them) trigger only on a driver.
        BiomarkerType::Class => rule
            .classes
            .iter()
            .any(|&c| a.call.has(c) && (a.call.driver || !c.is_generic())),
        BiomarkerType::Fusion => a.call.has(AlterationClass::Fusion),
        // Copy-number alterations (`--cna`) carry their call as classes.
        BiomarkerType::Amplification => a.call.has(AlterationClass::Amplification),
        BiomarkerType::Deletion => rule.classes.iter().any(|&c| a.call.has(c)),
        _ => false,
    }
}
