//! Interpretation over the classified alterations: altered pathways and the NEN patterns of the
//! knowledge base ("consistent with…", never a diagnosis), each with its sources. The
//! chromosomal-instability level of the copy-number segments ([`crate::cna::cin`]) is read by the
//! pattern tokens `CIN:high` and `CIN:low`.

use std::collections::{BTreeMap, BTreeSet};

use crate::kb::KnowledgeBase;
use crate::model::Alteration;
use crate::warning::{Warning, WarningKind};

/// Pathways and patterns found in one patient.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Interpretation {
    pub altered_pathways: Vec<PathwayHit>,
    pub patterns: Vec<PatternHit>,
    /// Chromosomal instability from the `--cna` segments; None without copy-number input.
    pub cin: Option<crate::cna::cin::Cin>,
}

use crate::kb::patterns::CIN_TOKEN;

/// Driver genes of one pathway.
#[derive(Debug, Clone, PartialEq)]
pub struct PathwayHit {
    pub(crate) pathway: String,
    pub(crate) genes: Vec<String>,
}

/// A knowledge-base pattern that the driver genes satisfy.
#[derive(Debug, Clone, PartialEq)]
pub struct PatternHit {
    pub id: String,
    pub(crate) statement: String,
    pub(crate) genes: Vec<String>,
    pub sources: Vec<String>,
    /// The pattern's caveat (a report warning), if any.
    pub caution: Option<String>,
}

fn alteration_gene(kb: &KnowledgeBase, a: &Alteration) -> Option<String> {
    let sym = a.variant.annotation.as_ref()?.gene.as_ref()?;
    Some(kb.gene(sym).map(|g| g.symbol.clone()).unwrap_or_else(|| sym.clone()))
}

/// A pattern applies where its site condition holds: the patient's type is one of the pattern's
/// codes or lies below one (`GEPNEC` patterns fire for `CRCNEC`, never for the parent `NEC`);
/// `*` = any; `UNKNOWN` = no (known) tumour type given.
fn pattern_applies(kb: &KnowledgeBase, codes: &[String], tumor_type: Option<&str>) -> bool {
    if codes.iter().any(|c| c == "*") {
        return true;
    }
    let known = tumor_type.and_then(|t| kb.tumor_types.get(t));
    match known {
        None => codes.iter().any(|c| c == "UNKNOWN"),
        Some(t) => codes
            .iter()
            .filter(|c| *c != "UNKNOWN")
            .any(|c| kb.tumor_types.is_a(&t.code, c)),
    }
}

/// Whether a pattern's gene token holds: a plain gene carries a driver alteration; `GENE:class`
/// carries an alteration of that class (`EGFR:amplification`).
fn token_holds(token: &str, drivers: &BTreeSet<String>, classes: &BTreeSet<(String, String)>) -> bool {
    match crate::kb::token_parts(token) {
        (g, None) => drivers.contains(g),
        (g, Some(c)) => classes.contains(&(g.to_string(), c.to_string())),
    }
}

/// Summarise altered pathways and NEN patterns over the driver alterations.
pub fn interpret(kb: &KnowledgeBase, alterations: &[Alteration], tumor_type: Option<&str>) -> Interpretation {
    interpret_with(kb, alterations, tumor_type, None)
}

/// [`interpret`] with the chromosomal-instability summary of the copy-number input (`CIN:high` /
/// `CIN:low` hold where it was assessed at that level).
pub fn interpret_with(
    kb: &KnowledgeBase,
    alterations: &[Alteration],
    tumor_type: Option<&str>,
    cin: Option<crate::cna::cin::Cin>,
) -> Interpretation {
    let mut by_pathway: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut driver_genes: BTreeSet<String> = BTreeSet::new();
    // (gene, class) of every listed alteration, driver or not, for `GENE:class` tokens.
    let mut gene_classes: BTreeSet<(String, String)> = BTreeSet::new();
    for a in alterations {
        let Some(g) = alteration_gene(kb, a) else { continue };
        for c in &a.call.classes {
            gene_classes.insert((g.clone(), c.as_str().to_string()));
        }
        if !a.call.driver {
            continue;
        }
        for p in &a.call.pathways {
            by_pathway.entry(p.to_string()).or_default().insert(g.clone());
        }
        driver_genes.insert(g);
    }
    if let Some(level) = cin.as_ref().and_then(|c| c.level) {
        gene_classes.insert((CIN_TOKEN.to_string(), level.as_str().to_string()));
    }
    let altered_pathways = by_pathway
        .into_iter()
        .map(|(pathway, genes)| PathwayHit {
            pathway,
            genes: genes.into_iter().collect(),
        })
        .collect();
    let mut patterns = Vec::new();
    for p in &kb.patterns {
        if !pattern_applies(kb, &p.tumor_types, tumor_type) {
            continue;
        }
        let holds = |t: &String| token_holds(t, &driver_genes, &gene_classes);
        if !p.all_of.iter().all(holds) {
            continue;
        }
        let any: Vec<&String> = p.any_of.iter().filter(|t| holds(t)).collect();
        if any.len() < p.min_any {
            continue;
        }
        let gene_of = |t: &String| crate::kb::token_parts(t).0.to_string();
        let mut genes: BTreeSet<String> = p.all_of.iter().map(gene_of).collect();
        genes.extend(any.into_iter().map(gene_of));
        genes.remove(CIN_TOKEN);
        patterns.push(PatternHit {
            id: p.id.clone(),
            statement: p.statement.clone(),
            genes: genes.into_iter().collect(),
            sources: p.sources.clone(),
            caution: p.caution.clone(),
        });
    }
    Interpretation {
        altered_pathways,
        patterns,
        cin,
    }
}

impl Interpretation {
    /// The report warnings of the patterns that fired with a caveat, each with its sources.
    pub(crate) fn cautions(&self) -> Vec<Warning> {
        self.patterns
            .iter()
            .filter_map(|p| {
                let c = p.caution.as_ref()?;
                let text = format!("caution ({}): {c} [{}]", p.id, p.sources.join("; "));
                Some(Warning::new(WarningKind::Caution, text))
            })
            .collect()
    }
}
