//! `patterns.tsv`: interpretation patterns ("consistent with …" statements).

use std::collections::BTreeSet;

use super::tsv::{list, opt, require_source, split_sources, Table};
use super::tumor_types::TumorTypes;
use super::KbError;

/// The pseudo-gene of the chromosomal-instability tokens (`CIN:high`, `CIN:low`) a pattern may
/// name (the interpretation stage sets them from the copy-number segments).
pub(crate) const CIN_TOKEN: &str = "CIN";

/// An interpretation pattern (`patterns.tsv`).
///
/// A gene token is a gene (`TP53`: the gene carries a driver alteration) or a gene with one
/// alteration class (`EGFR:amplification`, `CDKN2A:homozygous_deletion`, `SMARCB1:biallelic`: the
/// gene carries an alteration of that class, a copy-number call from `--cna` for the copy-number
/// classes; see [`token_parts`]). `CIN:high` / `CIN:low` hold where the copy-number segments
/// were assessed at that chromosomal-instability level ([`crate::cna::cin`]).
#[derive(Debug, Clone, Default)]
pub struct Pattern {
    pub id: String,
    /// Gene tokens that must all hold.
    pub(crate) all_of: Vec<String>,
    /// Gene tokens of which at least `min_any` must hold.
    pub(crate) any_of: Vec<String>,
    pub(crate) min_any: usize,
    /// Tumour-type codes the pattern applies to: the patient's type is one of them or lies below
    /// one (a pattern of a subtype never fires for its parent); `*` = any, also when no tumour
    /// type is given; `UNKNOWN` = also when no (known) tumour type is given.
    pub tumor_types: Vec<String>,
    pub(crate) statement: String,
    /// A caveat reported as a warning when the pattern fires (e.g. a label limitation), or None.
    pub caution: Option<String>,
    pub sources: Vec<String>,
}

/// The alteration classes a gene token may name: any class an alteration carries
/// ([`crate::model::AlterationClass`]: the copy-number calls of `--cna`, the classifier's classes).
fn token_class_known(class: &str) -> bool {
    crate::model::AlterationClass::parse(class).is_some()
}

/// A gene token's gene and optional class: `EGFR:amplification` → (`EGFR`, Some(`amplification`)).
pub(crate) fn token_parts(token: &str) -> (&str, Option<&str>) {
    match token.split_once(':') {
        Some((g, c)) => (g, Some(c)),
        None => (token, None),
    }
}

const PATTERNS_HEADER: &[&str] = &[
    "id",
    "all_of",
    "any_of",
    "min_any",
    "tumor_types",
    "statement",
    "caution",
    "source",
];

pub(crate) fn parse_patterns(
    text: &str,
    file: &str,
    genes: &BTreeSet<String>,
    tumor_types: &TumorTypes,
    errors: &mut Vec<KbError>,
) -> Vec<Pattern> {
    let Some(table) = Table::parse(text, file, PATTERNS_HEADER, errors) else {
        return vec![];
    };
    let mut out = Vec::new();
    let mut ids = BTreeSet::new();
    for row in &table.rows {
        let n0 = errors.len();
        let id = row.get("id").trim().to_string();
        if id.is_empty()
            || !id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        {
            errors.push(row.err("id", format!("invalid id {id:?} (snake_case)")));
        } else if !ids.insert(id.clone()) {
            errors.push(row.err("id", format!("duplicate id {id}")));
        }
        let all_of = list(row.get("all_of"));
        let any_of = list(row.get("any_of"));
        for (col, gs) in [("all_of", &all_of), ("any_of", &any_of)] {
            for t in gs {
                let (g, class) = token_parts(t);
                if g == CIN_TOKEN {
                    if !matches!(class, Some("high" | "low")) {
                        errors.push(row.err(col, format!("{t}: the CIN token is CIN:high or CIN:low")));
                    }
                    continue;
                }
                if !genes.contains(g) {
                    errors.push(row.err(col, format!("unknown gene {g} (not in genes.tsv)")));
                }
                if let Some(c) = class.filter(|c| !token_class_known(c)) {
                    errors.push(row.err(col, format!("unknown alteration class {c} in {t}")));
                }
            }
        }
        let min_any = match row.get("min_any").trim().parse::<usize>() {
            Ok(v) => v,
            Err(_) => {
                errors.push(row.err("min_any", format!("expected a number, got {:?}", row.get("min_any"))));
                0
            }
        };
        if min_any > any_of.len() {
            errors.push(row.err("min_any", "min_any exceeds the number of any_of genes"));
        }
        if all_of.is_empty() && (any_of.is_empty() || min_any == 0) {
            errors.push(row.err("all_of", "a pattern needs all_of genes or any_of with min_any ≥ 1"));
        }
        let tts = list(row.get("tumor_types"));
        if tts.is_empty() {
            errors.push(row.err("tumor_types", "list tumour-type codes, * or UNKNOWN"));
        }
        for t in &tts {
            if t != "*" && t != "UNKNOWN" && tumor_types.get(t).is_none() {
                errors.push(row.err("tumor_types", format!("unknown tumour-type code {t}")));
            }
        }
        let statement = row.get("statement").trim().to_string();
        if !statement.contains("consistent with") {
            errors.push(row.err(
                "statement",
                "a statement must be worded 'consistent with …' (never a diagnosis)",
            ));
        }
        let caution = opt(row.get("caution")).map(str::to_string);
        let source = require_source(row, "source", errors);
        if errors.len() > n0 {
            continue;
        }
        out.push(Pattern {
            id,
            all_of,
            any_of,
            min_any,
            tumor_types: tts,
            statement,
            caution,
            sources: split_sources(&source),
        });
    }
    out
}
