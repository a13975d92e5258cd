//! `tumor_types.tsv`: the tumour-type tree (codes, aliases, parents) rooted at `SOLID`.

use std::collections::HashMap;

use super::tsv::{list, opt, require_source, Row, Table};
use super::KbError;

#[derive(Debug, Clone, Default)]
pub struct TumorType {
    pub(crate) code: String,
    pub name: String,
    pub(crate) parent: Option<String>,
    pub(crate) aliases: Vec<String>,
    /// Common names matched by [`TumorTypes::resolve`] besides `name` (case-insensitive).
    pub(crate) synonyms: Vec<String>,
    pub source: String,
}

#[derive(Debug, Clone, Default)]
pub struct TumorTypes {
    pub(crate) types: Vec<TumorType>,
}

impl TumorTypes {
    /// Look a code up (case-insensitive), also by alias (`CRC` → `COADREAD`).
    pub(crate) fn get(&self, code: &str) -> Option<&TumorType> {
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
    /// Resolve what the user gave: a code or alias ([`Self::get`]), else free text matched by
    /// normalised tokens ([`name_tokens`]: case, punctuation, `of`/`the`, carcinoma = cancer,
    /// site nouns as adjectives, plurals) against every name and synonym: first an equal token
    /// set; else the names whose tokens the text contains, the one with the most tokens when it is
    /// unique ("diffuse midline glioma, H3 K27M-mutant" → `DMG`; "neuroendocrine carcinoma of the
    /// rectum" → `CRCNEC`).
    pub fn resolve(&self, given: &str) -> Option<&TumorType> {
        if let Some(t) = self.get(given) {
            return Some(t);
        }
        let g = name_tokens(given);
        if g.is_empty() {
            return None;
        }
        let names = || {
            self.types.iter().flat_map(|t| {
                std::iter::once(&t.name)
                    .chain(t.synonyms.iter())
                    .map(move |n| (t, name_tokens(n)))
            })
        };
        if let Some((t, _)) = names().find(|(_, n)| *n == g) {
            return Some(t);
        }
        let mut best: Vec<(&TumorType, usize)> = Vec::new();
        for (t, n) in names().filter(|(_, n)| !n.is_empty() && n.iter().all(|w| g.contains(w))) {
            match best.first().map(|(_, k)| *k) {
                Some(k) if n.len() < k => {}
                Some(k) if n.len() == k => {
                    if !best.iter().any(|(x, _)| x.code == t.code) {
                        best.push((t, k));
                    }
                }
                _ => best = vec![(t, n.len())],
            }
        }
        match best.as_slice() {
            [(t, _)] => Some(t),
            _ => None,
        }
    }

    /// The known codes closest to an unknown type, for a "did you mean" hint: for a code-like
    /// word the codes and aliases at the smallest edit distance (at most 2); for free text the
    /// codes whose name or a synonym shares the most tokens with it (at least half of the
    /// shorter); at most three.
    pub(crate) fn closest(&self, given: &str) -> Vec<String> {
        let by_code = self.closest_code(given);
        if !by_code.is_empty() || !given.trim().contains(char::is_whitespace) {
            return by_code;
        }
        let g = name_tokens(given);
        let mut scored: Vec<(std::cmp::Reverse<usize>, usize, String)> = Vec::new();
        for (i, t) in self.types.iter().enumerate() {
            let shared = std::iter::once(&t.name)
                .chain(t.synonyms.iter())
                .map(|n| {
                    let n = name_tokens(n);
                    let k = n.iter().filter(|w| g.contains(w)).count();
                    if k > 0 && 2 * k >= n.len().min(g.len()) {
                        k
                    } else {
                        0
                    }
                })
                .max()
                .unwrap_or(0);
            if shared > 0 {
                scored.push((std::cmp::Reverse(shared), i, t.code.clone()));
            }
        }
        scored.sort();
        scored.into_iter().take(3).map(|(_, _, c)| c).collect()
    }

    /// Codes and aliases at the smallest edit distance (at most 2) from a code-like word.
    fn closest_code(&self, given: &str) -> Vec<String> {
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
    pub(crate) fn lineage(&self, code: &str) -> Vec<String> {
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
    pub(crate) fn is_a(&self, code: &str, ancestor: &str) -> bool {
        let Some(anc) = self.get(ancestor) else {
            return false;
        };
        self.lineage(code).iter().any(|c| c == &anc.code)
    }
    /// True for a haematological type (below `HEME`). The knowledge base serves such a type only
    /// where a therapy rule names it or one of its haematological ancestors (AML, MDS); the others
    /// (MPN, lymphoid neoplasms) are recognised but not served (`crate::therapies`).
    pub(crate) fn haematological(&self, code: &str) -> bool {
        self.is_a(code, HEME_ROOT)
    }
}

/// Words that carry no meaning in a tumour-type name.
const STOP_WORDS: &[&str] = &["of", "the", "in", "and", "a", "an", "with", "type"];

/// One spelling per word: carcinoma and cancer alike, British and American spellings, and the
/// site nouns people type as their adjectives ("of the rectum" = rectal).
const WORD_FORMS: &[(&str, &str)] = &[
    ("carcinoma", "cancer"),
    ("carcinomas", "cancer"),
    ("cancers", "cancer"),
    ("tumor", "tumour"),
    ("tumors", "tumour"),
    ("tumours", "tumour"),
    ("neoplasia", "neoplasm"),
    ("pediatric", "paediatric"),
    ("childhood", "paediatric"),
    ("esophageal", "oesophageal"),
    ("pheochromocytoma", "phaeochromocytoma"),
    ("rectum", "rectal"),
    ("colonic", "colon"),
    ("pancreas", "pancreatic"),
    ("stomach", "gastric"),
    ("ovary", "ovarian"),
    ("ovaries", "ovarian"),
    ("lungs", "lung"),
    ("pulmonary", "lung"),
    ("kidney", "renal"),
];

/// The normalised tokens of a tumour-type name, sorted and unique: lower case, every character
/// other than a letter, digit or `*` a separator, `non small` as one word, stop words dropped,
/// one spelling per word ([`WORD_FORMS`]), a plural `s` dropped from longer words.
pub(crate) fn name_tokens(s: &str) -> Vec<String> {
    let lower = s.to_lowercase();
    let raw: Vec<&str> = lower
        .split(|c: char| !(c.is_alphanumeric() || c == '*'))
        .filter(|w| !w.is_empty())
        .collect();
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    while i < raw.len() {
        let mut w = raw[i].to_string();
        if w == "non" && i + 1 < raw.len() {
            w = format!("non{}", raw[i + 1]);
            i += 1;
        }
        i += 1;
        if STOP_WORDS.contains(&w.as_str()) {
            continue;
        }
        let plural = w.len() > 4 && w.ends_with('s') && !["ss", "us", "is"].iter().any(|e| w.ends_with(e));
        let w = match WORD_FORMS.iter().find(|(from, _)| *from == w) {
            Some((_, to)) => to.to_string(),
            None if plural => w[..w.len() - 1].to_string(),
            None => w,
        };
        out.push(w);
    }
    out.sort();
    out.dedup();
    out
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

/// The second root: haematological neoplasms. Rules for solid tumours (`SOLID`) never apply to them
/// and theirs never apply to solid tumours; a type below it that no rule names (MPN, lymphoid
/// neoplasms) is recognised but not served: its report gets a loud warning and no therapy matches.
pub(crate) const HEME_ROOT: &str = "HEME";

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
            if let Some(prev) = seen_names.get(&name_tokens(n).join(" ")).filter(|l| **l != row.line) {
                errors.push(row.err("synonyms", format!("name {n:?} is already used on line {prev}")));
            }
        }
        let parent = opt(row.get("parent")).map(str::to_string);
        // `tissue` is free text; `neuroendocrine` is checked here but read by nothing yet.
        let ne = row.get("neuroendocrine").trim();
        if ne != "yes" && ne != "no" {
            errors.push(row.err("neuroendocrine", format!("expected yes or no, got {ne:?}")));
        }
        let source = require_source(row, "source", errors);
        if errors.len() > n0 {
            continue;
        }
        for c in std::iter::once(&code).chain(aliases.iter()) {
            seen.insert(c.to_ascii_uppercase(), row.line);
        }
        for n in std::iter::once(&name).chain(synonyms.iter()) {
            seen_names.insert(name_tokens(n).join(" "), row.line);
        }
        types.push(TumorType {
            code,
            name,
            parent,
            aliases,
            synonyms,
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
            // HEME roots the haematological neoplasms (served only where rules name them).
            None if t.code == HEME_ROOT => {}
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
            format!("{roots} root codes (rows without a parent); expected one: SOLID (besides {HEME_ROOT})"),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_normalise_what_people_type() {
        let t = |s: &str| name_tokens(s).join(" ");
        assert_eq!(
            t("Large cell neuroendocrine carcinoma of lung"),
            t("large cell neuroendocrine carcinoma of the lung")
        );
        assert_eq!(
            t("neuroendocrine carcinoma of the rectum"),
            "cancer neuroendocrine rectal"
        );
        assert_eq!(
            t("Low-grade serous ovarian carcinoma"),
            t("low grade serous ovarian cancer")
        );
        assert_eq!(
            t("diffuse midline glioma, H3 K27M-mutant"),
            "diffuse glioma h3 k27m midline mutant"
        );
        assert_eq!(t("non-small cell lung cancers"), "cancer cell lung nonsmall");
        assert_ne!(t("non-small cell lung cancer"), t("small cell lung cancer"));
        assert_eq!(t("Tumors of the pancreas"), "pancreatic tumour");
    }

    #[test]
    fn names_and_distances() {
        assert_eq!(edit_distance("NCE", "NEC"), 1);
        assert_eq!(edit_distance("NCE", "MCC"), 2);
        assert_eq!(edit_distance("NEC", "NEC"), 0);
        assert_eq!(edit_distance("", "NET"), 3);
    }
}
