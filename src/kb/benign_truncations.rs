//! `benign_truncations.tsv`: truncating alleles that are known not to be oncogenic (e.g. BRCA2
//! p.K3326*, a common polymorphic stop codon in the last exon), each with its source.
//!
//! Columns: `gene` (a `genes.tsv` symbol or alias), `protein_change` (one-letter, without `p.`:
//! `K3326*`), `source` (publication, database accession or guideline), `note` (free text or `.`).
//! The classifier calls a listed allele likely benign and names the row's source.

use std::collections::{BTreeSet, HashMap};

use super::tsv::{opt, require_source, Table};
use super::KbError;

pub(crate) const FILE: &str = "benign_truncations.tsv";
const HEADER: &[&str] = &["gene", "protein_change", "source", "note"];

#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct BenignTruncation {
    pub gene: String,
    /// One-letter protein change without `p.` (`K3326*`).
    pub protein_change: String,
    pub source: String,
    pub note: Option<String>,
}

pub fn parse(
    text: &str,
    file: &str,
    gene_names: &BTreeSet<String>,
    errors: &mut Vec<KbError>,
) -> Vec<BenignTruncation> {
    let Some(table) = Table::parse(text, file, HEADER, errors) else {
        return vec![];
    };
    let mut out = Vec::new();
    let mut seen: HashMap<(String, String), usize> = HashMap::new();
    for row in &table.rows {
        let n0 = errors.len();
        let gene = row.get("gene").trim().to_string();
        if !gene_names.contains(&gene) {
            errors.push(row.err("gene", format!("gene {gene} is not in genes.tsv")));
        }
        let change = row.get("protein_change").trim();
        let change = change.strip_prefix("p.").unwrap_or(change).to_string();
        let truncating = change.ends_with('*') || change.contains("fs") || change.contains("Ter");
        if !truncating || change.chars().filter(char::is_ascii_digit).count() == 0 {
            errors.push(row.err(
                "protein_change",
                format!("expected a one-letter stop or frameshift change such as K3326*, got {change:?}"),
            ));
        }
        let source = require_source(row, "source", errors);
        let note = opt(row.get("note")).map(str::to_string);
        if let Some(prev) = seen.get(&(gene.clone(), change.clone())) {
            errors.push(row.err(
                "protein_change",
                format!("{gene} {change} is already listed on line {prev}"),
            ));
        }
        if errors.len() > n0 {
            continue;
        }
        seen.insert((gene.clone(), change.clone()), row.line);
        out.push(BenignTruncation {
            gene,
            protein_change: change,
            source,
            note,
        });
    }
    out
}
