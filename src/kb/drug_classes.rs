//! `drug_classes.tsv`: the mechanism classes each drug belongs to (binding site, conformation,
//! target), so that one resistance rule names a class (`class:egfr_c797_covalent` in its `drugs`
//! cell) and covers every drug of it (THERAPIES.md, "Resistance as a mechanism").
//!
//! Columns: `drug` (lower case, as in `therapies.tsv`), `classes` (comma-separated snake_case
//! class names), `source` (publication, label or guideline that establishes the mechanism). A drug
//! is listed once. The file is optional in a `--annotations` directory; a rule naming a class that
//! no drug carries is an error (`kb check`).

use std::collections::{BTreeMap, HashMap};

use super::tsv::{require_source, Table};
use super::KbError;

pub(crate) const FILE: &str = "drug_classes.tsv";
const HEADER: &[&str] = &["drug", "classes", "source"];

#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct DrugClasses {
    pub(crate) drug: String,
    pub classes: Vec<String>,
    pub source: String,
}

fn is_class_name(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

pub fn parse(text: &str, file: &str, errors: &mut Vec<KbError>) -> Vec<DrugClasses> {
    let Some(table) = Table::parse(text, file, HEADER, errors) else {
        return vec![];
    };
    let mut out = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for row in &table.rows {
        let n0 = errors.len();
        let drug = row.get("drug").trim().to_string();
        if drug.is_empty() || drug != drug.to_lowercase() {
            errors.push(row.err("drug", format!("drug must be a lower-case name, got {drug:?}")));
        }
        let classes: Vec<String> = row
            .get("classes")
            .split(',')
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .map(str::to_string)
            .collect();
        if classes.is_empty() || classes.iter().any(|c| !is_class_name(c)) {
            errors.push(row.err(
                "classes",
                format!(
                    "classes must be snake_case names separated by commas, got {:?}",
                    row.get("classes")
                ),
            ));
        }
        let source = require_source(row, "source", errors);
        if let Some(prev) = seen.get(&drug) {
            errors.push(row.err("drug", format!("{drug} is already listed on line {prev}")));
        }
        if errors.len() > n0 {
            continue;
        }
        seen.insert(drug.clone(), row.line);
        out.push(DrugClasses { drug, classes, source });
    }
    out
}

/// Class name → its drugs, in table order.
pub(crate) fn members(rows: &[DrugClasses]) -> BTreeMap<&str, Vec<&str>> {
    let mut out: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for r in rows {
        for c in &r.classes {
            out.entry(c.as_str()).or_default().push(r.drug.as_str());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_groups_by_class() {
        let t = "drug\tclasses\tsource\nosimertinib\tegfr_c797_covalent\tPMID:1\nlazertinib\tegfr_c797_covalent,x_y\tPMID:2\n";
        let mut e = Vec::new();
        let rows = parse(t, "d.tsv", &mut e);
        assert!(e.is_empty(), "{e:?}");
        let m = members(&rows);
        assert_eq!(m["egfr_c797_covalent"], vec!["osimertinib", "lazertinib"]);
        assert_eq!(m["x_y"], vec!["lazertinib"]);
    }

    #[test]
    fn rejects_bad_rows() {
        let t = "drug\tclasses\tsource\nOsimertinib\tEGFR C797\t.\nosimertinib\ta\tPMID:1\nosimertinib\ta\tPMID:1\n";
        let mut e = Vec::new();
        let rows = parse(t, "d.tsv", &mut e);
        assert_eq!(rows.len(), 1);
        let s: Vec<String> = e.iter().map(|x| x.to_string()).collect();
        assert!(
            s.iter().any(|m| m.starts_with("d.tsv:2:") && m.contains("lower-case")),
            "{s:?}"
        );
        assert!(s.iter().any(|m| m.contains("snake_case")), "{s:?}");
        assert!(
            s.iter()
                .any(|m| m.starts_with("d.tsv:4:") && m.contains("already listed on line 3")),
            "{s:?}"
        );
    }
}
