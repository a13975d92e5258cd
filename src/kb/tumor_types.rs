//! `tumor_types.tsv`: the tumour-type tree (codes, aliases, parents) rooted at `SOLID`.

use std::collections::HashMap;

use super::tsv::{list, opt, require_source, Row, Table};
use super::KbError;

#[derive(Debug, Clone, Default)]
pub struct TumorType {
    pub code: String,
    pub name: String,
    pub parent: Option<String>,
    pub aliases: Vec<String>,
    pub tissue: Option<String>,
    pub neuroendocrine: bool,
    pub source: String,
}

#[derive(Debug, Clone, Default)]
pub struct TumorTypes {
    pub types: Vec<TumorType>,
}

impl TumorTypes {
    /// Look a code up (case-insensitive), also by alias (`CRC` → `COADREAD`).
    pub fn get(&self, code: &str) -> Option<&TumorType> {
        let code = code.trim();
        self.types
            .iter()
            .find(|t| t.code.eq_ignore_ascii_case(code))
            .or_else(|| {
                self.types
                    .iter()
                    .find(|t| t.aliases.iter().any(|a| a.eq_ignore_ascii_case(code)))
            })
    }
    /// The code and its ancestors up to the root, most specific first; empty for an unknown code.
    pub fn lineage(&self, code: &str) -> Vec<String> {
        let mut out = Vec::new();
        let mut cur = self.get(code);
        while let Some(t) = cur {
            if out.contains(&t.code) {
                break;
            }
            out.push(t.code.clone());
            cur = t.parent.as_deref().and_then(|p| self.get(p));
        }
        out
    }
    /// True when `code` is `ancestor` or lies below it.
    pub fn is_a(&self, code: &str, ancestor: &str) -> bool {
        let Some(anc) = self.get(ancestor) else {
            return false;
        };
        self.lineage(code).iter().any(|c| c == &anc.code)
    }
    /// True when the two codes lie on one branch (either is an ancestor of the other).
    pub fn related(&self, a: &str, b: &str) -> bool {
        self.is_a(a, b) || self.is_a(b, a)
    }
}

const TUMOR_TYPES_HEADER: &[&str] = &[
    "code",
    "name",
    "aliases",
    "parent",
    "tissue",
    "neuroendocrine",
    "source",
];

fn valid_code(c: &str) -> bool {
    !c.is_empty()
        && c.chars()
            .all(|x| x.is_ascii_uppercase() || x.is_ascii_digit() || x == '_' || x == '-')
}

/// Parse `tumor_types.tsv`; codes and aliases are unique case-insensitively.
pub(crate) fn parse_tumor_types(text: &str, file: &str, errors: &mut Vec<KbError>) -> TumorTypes {
    let Some(table) = Table::parse(text, file, TUMOR_TYPES_HEADER, errors) else {
        return TumorTypes::default();
    };
    let mut types: Vec<TumorType> = Vec::new();
    let mut rows_of: Vec<&Row> = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for row in &table.rows {
        let n0 = errors.len();
        let code = row.get("code").trim().to_string();
        if !valid_code(&code) {
            errors.push(row.err(
                "code",
                format!("invalid code {code:?} (upper case letters, digits, _ or -)"),
            ));
        }
        let name = row.get("name").trim().to_string();
        if opt(&name).is_none() {
            errors.push(row.err("name", "a name is required"));
        }
        let aliases = list(row.get("aliases"));
        for a in &aliases {
            if !valid_code(a) {
                errors.push(row.err("aliases", format!("invalid alias {a:?}")));
            }
        }
        for c in std::iter::once(&code).chain(aliases.iter()) {
            if let Some(prev) = seen.get(&c.to_ascii_uppercase()) {
                errors.push(row.err("code", format!("{c} is already defined on line {prev}")));
            }
        }
        let parent = opt(row.get("parent")).map(str::to_string);
        let tissue = opt(row.get("tissue")).map(str::to_string);
        let ne = match row.get("neuroendocrine").trim() {
            "yes" => true,
            "no" => false,
            other => {
                errors.push(row.err("neuroendocrine", format!("expected yes or no, got {other:?}")));
                false
            }
        };
        let source = require_source(row, "source", errors);
        if errors.len() > n0 {
            continue;
        }
        for c in std::iter::once(&code).chain(aliases.iter()) {
            seen.insert(c.to_ascii_uppercase(), row.line);
        }
        types.push(TumorType {
            code,
            name,
            parent,
            aliases,
            tissue,
            neuroendocrine: ne,
            source,
        });
        rows_of.push(row);
    }
    let tt = TumorTypes { types };
    check_tree(&tt, &rows_of, file, errors);
    tt
}

/// Parents must exist and lead to the single root `SOLID` without cycles.
fn check_tree(tt: &TumorTypes, rows_of: &[&Row], file: &str, errors: &mut Vec<KbError>) {
    let mut roots = 0;
    for (t, row) in tt.types.iter().zip(rows_of.iter()) {
        match &t.parent {
            None => roots += 1,
            Some(p) => {
                if tt.types.iter().all(|x| &x.code != p) {
                    errors.push(row.err("parent", format!("unknown parent code {p}")));
                } else {
                    // Cycle check: walking up must end at a root.
                    let mut cur = Some(p.clone());
                    let mut steps = 0;
                    while let Some(c) = cur {
                        if c == t.code || steps > tt.types.len() {
                            errors.push(row.err("parent", format!("cycle through {}", t.code)));
                            break;
                        }
                        cur = tt.types.iter().find(|x| x.code == c).and_then(|x| x.parent.clone());
                        steps += 1;
                    }
                }
            }
        }
    }
    if !tt.types.is_empty() && tt.get("SOLID").is_none() {
        errors.push(KbError::new(file, 1, 1, "the root code SOLID is missing"));
    }
    if roots > 1 {
        errors.push(KbError::new(
            file,
            1,
            1,
            format!("{roots} root codes (rows without a parent); expected one: SOLID"),
        ));
    }
}
