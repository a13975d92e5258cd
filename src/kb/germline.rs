//! The curated tables of the germline and clonal-haematopoiesis screen: `germline_genes.tsv`,
//! `germline_alleles.tsv` and `chip_genes.tsv`, compiled into the binary and overridable, each on
//! its own, by the same-named file of an `--annotations DIR` ([`load_dir`]; the knowledge base
//! holds what it loaded, [`KnowledgeBase::germline_tables`]). Each row names its source; the
//! formats are in `annotations/README.md`.

use crate::kb::tsv::Table;
use crate::kb::{KbError, KnowledgeBase};
use crate::model::Annotation;
use std::sync::OnceLock;

/// The file names (a knowledge-base directory may hold copies: `kb export` writes them).
pub const GENES_FILE: &str = "germline_genes.tsv";
pub const ALLELES_FILE: &str = "germline_alleles.tsv";
pub const CHIP_FILE: &str = "chip_genes.tsv";

const GENES_TEXT: &str = include_str!("../../annotations/germline_genes.tsv");
const ALLELES_TEXT: &str = include_str!("../../annotations/germline_alleles.tsv");
const CHIP_TEXT: &str = include_str!("../../annotations/chip_genes.tsv");

const GENES_HEADER: &[&str] = &[
    "gene",
    "tumor_types",
    "min_vaf_snv",
    "min_vaf_indel",
    "syndrome",
    "source",
];
const ALLELES_HEADER: &[&str] = &["gene", "protein_change", "hgvsc", "label", "source"];
const CHIP_HEADER: &[&str] = &["gene", "protein_changes", "source"];

/// A gene where a tumour finding should prompt germline follow-up.
#[derive(Debug, Clone, PartialEq)]
pub struct GermlineGene {
    pub gene: String,
    /// Knowledge-base tumour-type codes (the row holds for each and every type below it); `*` = any.
    pub tumor_types: Vec<String>,
    pub min_vaf_snv: f64,
    pub min_vaf_indel: f64,
    pub syndrome: String,
    pub source: String,
}

/// A curated pathogenic germline allele.
#[derive(Debug, Clone, PartialEq)]
pub struct CuratedAllele {
    pub gene: String,
    pub protein_change: String,
    pub hgvsc: String,
    pub label: String,
    pub source: String,
}

/// A gene (or allele) of clonal haematopoiesis.
#[derive(Debug, Clone, PartialEq)]
pub struct ChipGene {
    pub gene: String,
    /// Empty = any change in the gene.
    pub protein_changes: Vec<String>,
    pub source: String,
}

/// The three tables.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Tables {
    pub genes: Vec<GermlineGene>,
    pub alleles: Vec<CuratedAllele>,
    pub chip: Vec<ChipGene>,
}

fn list(s: &str) -> Vec<String> {
    s.split(',')
        .map(str::trim)
        .filter(|x| !x.is_empty())
        .map(String::from)
        .collect()
}

fn vaf(row: &crate::kb::tsv::Row, col: &str, errors: &mut Vec<KbError>) -> f64 {
    match row.get(col).parse::<f64>() {
        Ok(v) if (0.0..=1.0).contains(&v) => v,
        _ => {
            errors.push(row.err(col, "expected a VAF between 0 and 1"));
            0.0
        }
    }
}

fn require(row: &crate::kb::tsv::Row, cols: &[&str], errors: &mut Vec<KbError>) {
    for c in cols {
        if row.get(c).trim().is_empty() {
            errors.push(row.err(c, "must not be empty"));
        }
    }
}

/// One table's text with the name its errors show.
pub(crate) type Text<'a> = (&'a str, &'a str);

/// Parse the three tables' texts, each `(name shown in errors, text)`.
pub(crate) fn parse(genes: Text<'_>, alleles: Text<'_>, chip: Text<'_>) -> Result<Tables, Vec<KbError>> {
    let mut errors = Vec::new();
    let mut out = Tables::default();
    if let Some(t) = Table::parse(genes.1, genes.0, GENES_HEADER, &mut errors) {
        for r in &t.rows {
            require(r, &["gene", "tumor_types", "syndrome", "source"], &mut errors);
            out.genes.push(GermlineGene {
                gene: r.get("gene").to_string(),
                tumor_types: list(r.get("tumor_types")),
                min_vaf_snv: vaf(r, "min_vaf_snv", &mut errors),
                min_vaf_indel: vaf(r, "min_vaf_indel", &mut errors),
                syndrome: r.get("syndrome").to_string(),
                source: r.get("source").to_string(),
            });
        }
    }
    if let Some(t) = Table::parse(alleles.1, alleles.0, ALLELES_HEADER, &mut errors) {
        for r in &t.rows {
            require(r, ALLELES_HEADER, &mut errors);
            out.alleles.push(CuratedAllele {
                gene: r.get("gene").to_string(),
                protein_change: r.get("protein_change").to_string(),
                hgvsc: r.get("hgvsc").to_string(),
                label: r.get("label").to_string(),
                source: r.get("source").to_string(),
            });
        }
    }
    if let Some(t) = Table::parse(chip.1, chip.0, CHIP_HEADER, &mut errors) {
        for r in &t.rows {
            require(r, CHIP_HEADER, &mut errors);
            let changes = r.get("protein_changes");
            out.chip.push(ChipGene {
                gene: r.get("gene").to_string(),
                protein_changes: if changes == "*" { vec![] } else { list(changes) },
                source: r.get("source").to_string(),
            });
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

/// The embedded tables (parsed once; a parse error is reported, never a panic).
pub fn embedded() -> Result<&'static Tables, crate::error::Error> {
    static TABLES: OnceLock<Result<Tables, Vec<KbError>>> = OnceLock::new();
    let tables = TABLES.get_or_init(|| {
        parse(
            ("annotations/germline_genes.tsv", GENES_TEXT),
            ("annotations/germline_alleles.tsv", ALLELES_TEXT),
            ("annotations/chip_genes.tsv", CHIP_TEXT),
        )
    });
    match tables {
        Ok(t) => Ok(t),
        Err(e) => Err(crate::error::Error::Kb(
            e.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "),
        )),
    }
}

/// The tables of a knowledge-base directory: each of the three files present in `dir` replaces
/// its embedded table (the others stay embedded); None when the directory holds none of them.
/// Errors name `file:line:column`, as for every other table.
pub(crate) fn load_dir(dir: &std::path::Path) -> Result<Option<Tables>, Vec<KbError>> {
    let mut errors = Vec::new();
    let mut read = |name: &str, embedded: &'static str| -> (String, String, bool) {
        let path = dir.join(name);
        let shown = path.display().to_string();
        match crate::lines::read_to_string(&path) {
            Ok(t) => (shown, t, true),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                (format!("annotations/{name}"), embedded.into(), false)
            }
            Err(e) => {
                errors.push(KbError::new(&shown, 0, 0, format!("cannot read: {e}")));
                (shown, String::new(), true)
            }
        }
    };
    let g = read(GENES_FILE, GENES_TEXT);
    let a = read(ALLELES_FILE, ALLELES_TEXT);
    let c = read(CHIP_FILE, CHIP_TEXT);
    if !errors.is_empty() {
        return Err(errors);
    }
    if !(g.2 || a.2 || c.2) {
        return Ok(None);
    }
    parse((&g.0, &g.1), (&a.0, &a.1), (&c.0, &c.1)).map(Some)
}

/// Write the three embedded tables into `dir` (`kb export`: a starting point for curation).
pub(crate) fn write_embedded(dir: &std::path::Path) -> std::io::Result<()> {
    for (name, text) in [
        (GENES_FILE, GENES_TEXT),
        (ALLELES_FILE, ALLELES_TEXT),
        (CHIP_FILE, CHIP_TEXT),
    ] {
        std::fs::write(dir.join(name), text)?;
    }
    Ok(())
}

impl KnowledgeBase {
    /// The germline screen's tables: those of `--annotations DIR` where it holds them, else the
    /// embedded ones.
    pub fn germline_tables(&self) -> Result<&Tables, crate::error::Error> {
        match &self.germline {
            Some(t) => Ok(t),
            None => embedded(),
        }
    }
}

/// The `c.` part of an HGVSc string (`ENST…:c.68_69delAG` → `c.68_69del`, deleted bases dropped).
fn cdot(hgvsc: &str) -> String {
    let c = hgvsc.rsplit(':').next().unwrap_or(hgvsc);
    match c.find("del").or_else(|| c.find("dup")) {
        Some(i) => c[..i + 3].to_string(),
        None => c.to_string(),
    }
}

impl Tables {
    /// The curated allele an annotation names (by its short protein change or its c. change).
    pub fn curated_allele(&self, ann: &Annotation) -> Option<&CuratedAllele> {
        let gene = ann.gene.as_deref()?;
        self.alleles.iter().find(|a| {
            a.gene == gene
                && (ann.protein_change.as_deref() == Some(a.protein_change.as_str())
                    || ann.hgvsc.as_deref().is_some_and(|h| cdot(h) == cdot(&a.hgvsc)))
        })
    }

    /// The tables' row counts, for `kb info` (`from`: `embedded` or the directory).
    pub fn info(&self, from: &str) -> String {
        format!(
            "germline screen tables ({from}):\n  {GENES_FILE:<24} {:>6} rows\n  {ALLELES_FILE:<24} {:>6} rows\n  {CHIP_FILE:<24} {:>6} rows\n",
            self.genes.len(),
            self.alleles.len(),
            self.chip.len()
        )
    }

    pub fn gene(&self, gene: &str) -> Option<&GermlineGene> {
        self.genes.iter().find(|g| g.gene == gene)
    }

    /// The CH row of a gene and protein change, when the change is one the row names.
    pub fn chip(&self, gene: &str, protein_change: Option<&str>) -> Option<&ChipGene> {
        self.chip.iter().find(|c| {
            c.gene == gene
                && (c.protein_changes.is_empty()
                    || protein_change.is_some_and(|p| c.protein_changes.iter().any(|x| x == p)))
        })
    }
}

/// True when the annotation names a curated pathogenic germline allele: such an allele is exempt
/// from the population-AF cut-off of classification.
pub(crate) fn is_curated_pathogenic(kb: &KnowledgeBase, ann: &Annotation) -> bool {
    kb.germline_tables().is_ok_and(|t| t.curated_allele(ann).is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_tables_parse_with_sources() {
        let t = embedded().unwrap();
        assert_eq!(t.genes.len(), 26);
        assert_eq!(t.alleles.len(), 4);
        assert_eq!(t.chip.len(), 10);
        assert!(
            t.info("embedded").contains("germline_alleles.tsv          4 rows"),
            "{}",
            t.info("embedded")
        );
        assert!(t.genes.iter().all(|g| !g.source.is_empty()));
        let men1 = t.gene("MEN1").unwrap();
        assert_eq!(men1.tumor_types, vec!["NEN", "PHC", "PGNG"]);
        assert_eq!(men1.min_vaf_indel, 0.20);
        assert_eq!(t.chip("JAK2", Some("p.V617F")).map(|c| c.gene.as_str()), Some("JAK2"));
        assert!(t.chip("JAK2", Some("p.K539L")).is_none());
        assert!(t.chip("TP53", Some("p.R175H")).is_none());
    }

    #[test]
    fn curated_alleles_match_by_protein_or_cdna() {
        let t = embedded().unwrap();
        let ann = |g: &str, p: Option<&str>, c: Option<&str>| Annotation {
            gene: Some(g.into()),
            protein_change: p.map(String::from),
            hgvsc: c.map(String::from),
            ..Default::default()
        };
        let by_p = ann("BRCA2", Some("p.S1982Rfs*22"), None);
        assert_eq!(
            t.curated_allele(&by_p).unwrap().label,
            "BRCA2 6174delT (Ashkenazi founder allele)"
        );
        let by_c = ann("BRCA1", None, Some("ENST00000357654.9:c.68_69delAG"));
        assert_eq!(t.curated_allele(&by_c).unwrap().protein_change, "p.E23Vfs*17");
        assert!(t.curated_allele(&ann("CHEK2", Some("p.I157T"), None)).is_none());
    }

    #[test]
    fn a_bad_row_names_file_line_and_column() {
        let genes = "gene\ttumor_types\tmin_vaf_snv\tmin_vaf_indel\tsyndrome\tsource\nX\t*\t1.5\t0.2\ts\tsrc\n";
        let e = parse(
            ("d/germline_genes.tsv", genes),
            ("d/germline_alleles.tsv", "gene\tprotein_change\thgvsc\tlabel\tsource\n"),
            ("d/chip_genes.tsv", "gene\tprotein_changes\tsource\n"),
        )
        .unwrap_err();
        assert_eq!(e.len(), 1);
        assert_eq!(
            e[0].to_string(),
            "d/germline_genes.tsv:2:5: column min_vaf_snv: expected a VAF between 0 and 1"
        );
    }
}
