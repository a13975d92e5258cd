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
    /// Common names matched by [`TumorTypes::resolve`] besides `name` (case-insensitive).
    pub synonyms: Vec<String>,
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
    /// Resolve what the user gave: a code or alias ([`Self::get`]), else the name or a synonym,
    /// compared case-insensitively with `-`/`_` as spaces and `tumor` as `tumour`
    /// (`small cell lung cancer` → `SCLC`).
    pub fn resolve(&self, given: &str) -> Option<&TumorType> {
        self.get(given).or_else(|| {
            let g = normalise_name(given);
            self.types
                .iter()
                .find(|t| normalise_name(&t.name) == g || t.synonyms.iter().any(|s| normalise_name(s) == g))
        })
    }
    /// The known codes and aliases closest to an unknown one (the nearest, at edit distance at
    /// most 2, at most three), for a "did you mean" hint.
    pub fn closest(&self, given: &str) -> Vec<String> {
        let g = given.trim().to_ascii_uppercase();
        let mut scored: Vec<(usize, String)> = self
            .types
            .iter()
            .flat_map(|t| std::iter::once(&t.code).chain(t.aliases.iter()))
            .map(|c| (edit_distance(&g, c), c.clone()))
            .filter(|(d, _)| *d <= 2)
            .collect();
        scored.sort();
        let best = scored.first().map(|(d, _)| *d).unwrap_or(0);
        scored
            .into_iter()
            .filter(|(d, _)| *d == best)
            .take(3)
            .map(|(_, c)| c)
            .collect()
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

/// Lower case, `-`/`_` as spaces, runs of spaces as one, `tumor` as `tumour`.
fn normalise_name(s: &str) -> String {
    let s = s.to_lowercase().replace(['-', '_'], " ");
    s.split_whitespace()
        .map(|w| match w {
            "tumor" => "tumour",
            "tumors" => "tumours",
            w => w,
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Edit distance over characters, a swap of two neighbours counting as one edit (optimal string
/// alignment): `NCE` is one edit from `NEC`.
fn edit_distance(a: &str, b: &str) -> usize {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (d[i - 1][j] + 1).min(d[i][j - 1] + 1).min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = v;
        }
    }
    d[a.len()][b.len()]
}

const TUMOR_TYPES_HEADER: &[&str] = &[
    "code",
    "name",
    "aliases",
    "synonyms",
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
    let mut seen_names: HashMap<String, usize> = HashMap::new();
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
        let synonyms = list(row.get("synonyms"));
        for n in std::iter::once(&name).chain(synonyms.iter()) {
            if let Some(prev) = seen_names.get(&normalise_name(n)) {
                errors.push(row.err("synonyms", format!("name {n:?} is already used on line {prev}")));
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
        for n in std::iter::once(&name).chain(synonyms.iter()) {
            seen_names.insert(normalise_name(n), row.line);
        }
        types.push(TumorType {
            code,
            name,
            parent,
            aliases,
            synonyms,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_distances() {
        assert_eq!(normalise_name(" Small-cell  lung Tumor "), "small cell lung tumour");
        assert_eq!(edit_distance("NCE", "NEC"), 1);
        assert_eq!(edit_distance("NCE", "MCC"), 2);
        assert_eq!(edit_distance("NEC", "NEC"), 0);
        assert_eq!(edit_distance("", "NET"), 3);
    }
}
