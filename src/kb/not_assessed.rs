//! `not_assessed.tsv`: what a somatic SNV/indel VCF cannot show (fusions, copy-number changes,
//! germline status, protein biomarkers), each with the therapies that depend on it and sources.

use std::collections::BTreeSet;

use super::tsv::{list, require_source, Table};
use super::tumor_types::TumorTypes;
use super::KbError;

/// The kinds of finding a VCF cannot show.
pub(crate) const KINDS: &[&str] = &["fusion", "copy_number", "germline", "protein", "methylation"];

/// One row of `not_assessed.tsv`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct NotAssessed {
    pub id: String,
    pub(crate) item: String,
    /// `fusion`, `copy_number`, `germline` or `protein`.
    pub kind: String,
    /// Codes where the item comes first (the patient's type is or lies below one); `*` = every type.
    pub tumor_types: Vec<String>,
    pub(crate) why: String,
    pub(crate) relevance: String,
    pub source: String,
}

impl NotAssessed {
    /// 0 when the patient's type is (below) one of the row's codes, 1 when the row is relevant to
    /// every type (`*`), 2 otherwise: the report lists the rows in this order, then table order.
    pub(crate) fn rank(&self, tt: &TumorTypes, code: Option<&str>) -> u8 {
        let specific = code.is_some_and(|c| self.tumor_types.iter().any(|t| t != "*" && tt.is_a(c, t)));
        if specific {
            0
        } else if self.tumor_types.iter().any(|t| t == "*") {
            1
        } else {
            2
        }
    }
}

const HEADER: &[&str] = &["id", "item", "kind", "tumor_types", "why", "relevance", "source"];

pub fn parse(text: &str, file: &str, tumor_types: &TumorTypes, errors: &mut Vec<KbError>) -> Vec<NotAssessed> {
    let Some(table) = Table::parse(text, file, HEADER, errors) else {
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
        let kind = row.get("kind").trim().to_string();
        if !KINDS.contains(&kind.as_str()) {
            errors.push(row.err("kind", format!("expected one of {}, got {kind:?}", KINDS.join(", "))));
        }
        let tts = list(row.get("tumor_types"));
        if tts.is_empty() {
            errors.push(row.err("tumor_types", "list tumour-type codes or *"));
        }
        for t in &tts {
            if t != "*" && tumor_types.get(t).is_none() {
                errors.push(row.err("tumor_types", format!("unknown tumour-type code {t}")));
            }
        }
        let text_of = |col: &str, errors: &mut Vec<KbError>| {
            let v = row.get(col).trim().to_string();
            if v.is_empty() || v == "." {
                errors.push(row.err(col, format!("{col} is required")));
            }
            v
        };
        let item = text_of("item", errors);
        let why = text_of("why", errors);
        let relevance = text_of("relevance", errors);
        let source = require_source(row, "source", errors);
        if errors.len() > n0 {
            continue;
        }
        out.push(NotAssessed {
            id,
            item,
            kind,
            tumor_types: tts,
            why,
            relevance,
            source,
        });
    }
    out
}
