//! `genes.tsv` (and `genes.imported.tsv`): the gene list with roles and pathways.

use std::collections::HashMap;

use super::tsv::{is_symbol, list, opt, require_source, Row, Table};
use super::KbError;

/// The fixed pathway vocabulary of `genes.tsv`.
pub(crate) const PATHWAYS: &[&str] = &[
    "RAS-MAPK",
    "PI3K-AKT-mTOR",
    "TP53",
    "cell_cycle_RB1",
    "DNA_damage_repair",
    "mismatch_repair",
    "chromatin_ALT",
    "WNT",
    "NOTCH",
    "RTK_fusion_kinase",
    "epigenetic",
    "splicing",
    "hedgehog",
    "hippo",
    "TGFB",
    "NRF2",
    "hormone_receptor",
    "immune",
    "JAK-STAT",
    "MYC",
    "apoptosis",
    "NF-kB",
    "metabolism",
    "hypoxia",
    "telomere",
    "cohesin",
    "transcription",
    "other",
];

/// Gene roles accepted in `genes.tsv`. `other` marks genes listed for a
/// non-driver reason (e.g. DLL3, a therapy target).
pub(crate) const ROLES: &[&str] = &["oncogene", "tumor_suppressor", "both", "other"];

#[derive(Debug, Clone, Default)]
pub struct Gene {
    pub symbol: String,
    /// `oncogene`, `tumor_suppressor`, `both` (or `other`).
    pub role: String,
    pub pathways: Vec<String>,
    pub source: String,
    /// Previous or alternative HGNC symbols (`H3F3A` for `H3-3A`).
    pub(crate) aliases: Vec<String>,
    /// Loss of function is an established mechanism (truncations → oncogenic).
    pub(crate) lof_established: bool,
    /// Relevance for neuroendocrine neoplasms, with `nen_source`.
    pub(crate) nen_relevance: Option<String>,
    pub(crate) nen_source: Option<String>,
    /// Last codon of the most C-terminal region essential for the protein's function, with
    /// `essential_source`: a truncation that escapes nonsense-mediated decay is a driver only
    /// when it stops at or before this codon (it removes part of the region). None: unknown.
    pub(crate) essential_c_terminal_end: Option<u32>,
    pub(crate) essential_source: Option<String>,
    /// True for rows from `genes.imported.tsv`.
    pub imported: bool,
}

impl Gene {
    pub(crate) fn is_tumor_suppressor_like(&self) -> bool {
        self.role == "tumor_suppressor" || self.role == "both"
    }
}

pub(crate) const GENES_HEADER: &[&str] = &[
    "symbol",
    "aliases",
    "role",
    "lof_established",
    "pathways",
    "nen_relevance",
    "nen_source",
    "source",
    "essential_c_terminal_end",
    "essential_source",
];

/// `essential_c_terminal_end` (a codon number) and its `essential_source`, which go together.
fn essential_end(row: &Row, errors: &mut Vec<KbError>) -> (Option<u32>, Option<String>) {
    let end = match opt(row.get("essential_c_terminal_end")) {
        None => None,
        Some(t) => match t.parse::<u32>() {
            Ok(n) if n > 0 => Some(n),
            _ => {
                errors.push(row.err(
                    "essential_c_terminal_end",
                    format!("expected a codon number (a whole number > 0) or ., got {t:?}"),
                ));
                None
            }
        },
    };
    let source = opt(row.get("essential_source")).map(str::to_string);
    if end.is_some() != source.is_some() {
        errors.push(row.err(
            "essential_source",
            "essential_c_terminal_end and essential_source go together",
        ));
    }
    (end, source)
}

pub(crate) fn parse_genes(text: &str, file: &str, imported: bool, errors: &mut Vec<KbError>) -> Vec<Gene> {
    let Some(table) = Table::parse(text, file, GENES_HEADER, errors) else {
        return vec![];
    };
    let mut out: Vec<Gene> = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for row in &table.rows {
        let n0 = errors.len();
        let symbol = row.get("symbol").trim().to_string();
        if !is_symbol(&symbol) {
            errors.push(row.err("symbol", format!("invalid gene symbol {symbol:?}")));
        }
        let aliases = list(row.get("aliases"));
        for a in &aliases {
            if !is_symbol(a) {
                errors.push(row.err("aliases", format!("invalid alias {a:?}")));
            }
        }
        let role = row.get("role").trim().to_string();
        if !ROLES.contains(&role.as_str()) {
            errors.push(row.err(
                "role",
                format!("unknown role {role:?} (expected one of {})", ROLES.join(", ")),
            ));
        }
        let lof = match row.get("lof_established").trim() {
            "yes" => true,
            "no" => false,
            other => {
                errors.push(row.err("lof_established", format!("expected yes or no, got {other:?}")));
                false
            }
        };
        if lof && role == "oncogene" {
            errors.push(row.err(
                "lof_established",
                "loss of function cannot be established for an oncogene",
            ));
        }
        let pathways = list(row.get("pathways"));
        if pathways.is_empty() {
            errors.push(row.err("pathways", "at least one pathway is required"));
        }
        for p in &pathways {
            if !PATHWAYS.contains(&p.as_str()) {
                errors.push(row.err("pathways", format!("unknown pathway {p:?}")));
            }
        }
        let nen_relevance = opt(row.get("nen_relevance")).map(str::to_string);
        let nen_source = opt(row.get("nen_source")).map(str::to_string);
        if nen_relevance.is_some() != nen_source.is_some() {
            errors.push(row.err("nen_source", "nen_relevance and nen_source go together"));
        }
        let source = require_source(row, "source", errors);
        let (essential_c_terminal_end, essential_source) = essential_end(row, errors);
        for name in std::iter::once(&symbol).chain(aliases.iter()) {
            if let Some(prev) = seen.get(name) {
                errors.push(row.err("symbol", format!("{name} is already defined on line {prev}")));
            }
        }
        if errors.len() > n0 {
            continue;
        }
        for name in std::iter::once(&symbol).chain(aliases.iter()) {
            seen.insert(name.clone(), row.line);
        }
        out.push(Gene {
            symbol,
            role,
            pathways,
            source,
            aliases,
            lof_established: lof,
            nen_relevance,
            nen_source,
            essential_c_terminal_end,
            essential_source,
            imported,
        });
    }
    out
}
