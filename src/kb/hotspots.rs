//! `hotspots.tsv` (and `hotspots.imported.tsv`): codon, exact, range and domain rows.

use std::collections::{BTreeSet, HashMap};

use super::rules::class_names;
use super::tsv::{is_symbol, opt, require_source, Row, Table};
use super::KbError;
use crate::genome::GenomeBuild;
use crate::model::{AlterationClass, Oncogenicity, RuleColumn};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum HotspotType {
    /// Any missense change at one codon (`KRAS G12`).
    Codon,
    /// One protein change, with its genomic alleles on both builds.
    Exact,
    /// An exon-level / in-frame class over a protein range (`EGFR exon 19 deletion`).
    Range,
    /// A domain rule (`TP53` DNA-binding domain missense); not a hotspot label.
    Domain,
}

impl HotspotType {
    pub fn as_str(self) -> &'static str {
        match self {
            HotspotType::Codon => "codon",
            HotspotType::Exact => "exact",
            HotspotType::Range => "range",
            HotspotType::Domain => "domain",
        }
    }
}

/// Which variants a hotspot row accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum VariantClass {
    Missense,
    Nonsense,
    InframeDeletion,
    InframeInsertion,
    /// In-frame insertion or deletion (incl. delins).
    Inframe,
    MissenseOrInframe,
    /// Canonical splice donor/acceptor (and donor 5th base / donor region).
    Splice,
    Truncating,
}

impl VariantClass {
    pub fn parse(s: &str) -> Option<VariantClass> {
        Some(match s {
            "missense" => VariantClass::Missense,
            "nonsense" => VariantClass::Nonsense,
            "inframe_deletion" => VariantClass::InframeDeletion,
            "inframe_insertion" => VariantClass::InframeInsertion,
            "inframe" => VariantClass::Inframe,
            "missense_or_inframe" => VariantClass::MissenseOrInframe,
            "splice" => VariantClass::Splice,
            "truncating" => VariantClass::Truncating,
            _ => return None,
        })
    }
    pub fn as_str(self) -> &'static str {
        match self {
            VariantClass::Missense => "missense",
            VariantClass::Nonsense => "nonsense",
            VariantClass::InframeDeletion => "inframe_deletion",
            VariantClass::InframeInsertion => "inframe_insertion",
            VariantClass::Inframe => "inframe",
            VariantClass::MissenseOrInframe => "missense_or_inframe",
            VariantClass::Splice => "splice",
            VariantClass::Truncating => "truncating",
        }
    }
}

/// One genomic allele (`12:25398284:C:T`), contig without `chr`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct GenomicAllele {
    pub chrom: String,
    pub pos: u64,
    pub ref_allele: String,
    pub alt: String,
}

/// A genomic window (`7:55242415-55242513`), contig without `chr`, 1-based inclusive.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct GenomicWindow {
    pub chrom: String,
    pub start: u64,
    pub end: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum GenomicSpec {
    None,
    Allele(GenomicAllele),
    Window(GenomicWindow),
}

#[derive(Debug, Clone)]
pub struct Hotspot {
    pub gene: String,
    /// `KRAS G12`, `EGFR exon 19 deletion`; None for domain rows.
    pub label: Option<String>,
    pub kind: HotspotType,
    pub(crate) protein_start: u32,
    pub(crate) protein_end: u32,
    /// Reference amino acid (codon/exact rows).
    pub(crate) ref_aa: Option<char>,
    /// Exact protein change without `p.` (`G12D`), exact rows only.
    pub change: Option<String>,
    pub(crate) variant_class: VariantClass,
    /// Extra class for the therapy stage (`exon19_deletion`), when any.
    pub(crate) biomarker_class: Option<AlterationClass>,
    pub(crate) oncogenicity: Oncogenicity,
    pub grch37: GenomicSpec,
    pub grch38: GenomicSpec,
    pub source: String,
    pub line: usize,
}

impl Hotspot {
    pub(crate) fn genomic(&self, build: GenomeBuild) -> &GenomicSpec {
        match build {
            GenomeBuild::GRCh37 => &self.grch37,
            GenomeBuild::GRCh38 => &self.grch38,
        }
    }
}

pub(crate) const HOTSPOTS_HEADER: &[&str] = &[
    "gene",
    "label",
    "type",
    "protein_start",
    "protein_end",
    "ref_aa",
    "change",
    "variant_class",
    "biomarker_class",
    "oncogenicity",
    "grch37",
    "grch38",
    "source",
];

fn parse_oncogenicity(s: &str) -> Option<Oncogenicity> {
    Some(match s {
        "oncogenic" => Oncogenicity::Oncogenic,
        "likely_oncogenic" => Oncogenicity::LikelyOncogenic,
        "vus" => Oncogenicity::Vus,
        "likely_benign" => Oncogenicity::LikelyBenign,
        _ => return None,
    })
}

fn is_nucleotides(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| matches!(c, 'A' | 'C' | 'G' | 'T' | 'N'))
}

/// Why a `grch37`/`grch38` cell is neither an allele nor a window.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum GenomicError {
    #[error("invalid contig {0:?} (write it without 'chr')")]
    Contig(String),
    #[error("invalid position {text:?}")]
    Position {
        text: String,
        #[source]
        source: std::num::ParseIntError,
    },
    #[error("position must be ≥ 1")]
    ZeroPosition,
    #[error("REF/ALT must be A/C/G/T/N in VCF style, got {0:?}/{1:?}")]
    Alleles(String, String),
    #[error("REF equals ALT")]
    RefIsAlt,
    #[error("expected chrom:start-end, got {0:?}")]
    NoRange(String),
    #[error("invalid start {text:?}")]
    Start {
        text: String,
        #[source]
        source: std::num::ParseIntError,
    },
    #[error("invalid end {text:?}")]
    End {
        text: String,
        #[source]
        source: std::num::ParseIntError,
    },
    #[error("invalid window {0}-{1}")]
    Window(u64, u64),
    #[error("expected chrom:pos:ref:alt or chrom:start-end, got {0:?}")]
    Shape(String),
}

fn check_contig(c: &str) -> Result<(), GenomicError> {
    if !c.is_empty() && !c.starts_with("chr") && c.chars().all(|x| x.is_ascii_alphanumeric() || x == '_') {
        Ok(())
    } else {
        Err(GenomicError::Contig(c.to_string()))
    }
}

/// A genomic cell: `.` (none), `chrom:pos:ref:alt` or `chrom:start-end`.
pub(crate) fn parse_genomic(s: &str) -> Result<GenomicSpec, GenomicError> {
    let Some(s) = opt(s) else {
        return Ok(GenomicSpec::None);
    };
    let parts: Vec<&str> = s.split(':').collect();
    match parts.as_slice() {
        [c, p, r, a] => {
            check_contig(c)?;
            let pos: u64 = p.parse().map_err(|source| GenomicError::Position {
                text: p.to_string(),
                source,
            })?;
            if pos == 0 {
                return Err(GenomicError::ZeroPosition);
            }
            if !is_nucleotides(r) || !is_nucleotides(a) {
                return Err(GenomicError::Alleles(r.to_string(), a.to_string()));
            }
            if r == a {
                return Err(GenomicError::RefIsAlt);
            }
            Ok(GenomicSpec::Allele(GenomicAllele {
                chrom: c.to_string(),
                pos,
                ref_allele: r.to_string(),
                alt: a.to_string(),
            }))
        }
        [c, range] => {
            check_contig(c)?;
            let (a, b) = range
                .split_once('-')
                .ok_or_else(|| GenomicError::NoRange(s.to_string()))?;
            let start: u64 = a.parse().map_err(|source| GenomicError::Start {
                text: a.to_string(),
                source,
            })?;
            let end: u64 = b.parse().map_err(|source| GenomicError::End {
                text: b.to_string(),
                source,
            })?;
            if start == 0 || end < start {
                return Err(GenomicError::Window(start, end));
            }
            Ok(GenomicSpec::Window(GenomicWindow {
                chrom: c.to_string(),
                start,
                end,
            }))
        }
        _ => Err(GenomicError::Shape(s.to_string())),
    }
}

/// Parse a one-letter protein change `G12D` / `R213*` into (ref, position, alt).
pub(crate) fn parse_simple_change(s: &str) -> Option<(char, u32, char)> {
    let s = s.strip_prefix("p.").unwrap_or(s);
    let mut chars = s.chars();
    let r = chars.next()?;
    let last = s.chars().last()?;
    if s.len() < 3 || !r.is_ascii_uppercase() || !(last.is_ascii_uppercase() || last == '*') {
        return None;
    }
    let num = &s[1..s.len() - 1];
    if num.is_empty() || !num.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    Some((r, num.parse().ok()?, last))
}

/// One `hotspots.tsv` row being parsed; errors go to `errors`, located at the cell.
struct HotspotRow<'r> {
    row: &'r Row,
    errors: &'r mut Vec<KbError>,
}

impl HotspotRow<'_> {
    fn err(&mut self, col: &str, reason: impl std::fmt::Display) {
        self.errors.push(self.row.err(col, reason));
    }

    fn gene(&mut self, genes: Option<&BTreeSet<String>>) -> String {
        let gene = self.row.get("gene").trim().to_string();
        if !is_symbol(&gene) {
            self.err("gene", format!("invalid gene symbol {gene:?}"));
        } else if let Some(g) = genes {
            if !g.contains(&gene) {
                self.err("gene", format!("gene {gene} is not in genes.tsv"));
            }
        }
        gene
    }

    fn kind(&mut self) -> Option<HotspotType> {
        Some(match self.row.get("type").trim() {
            "codon" => HotspotType::Codon,
            "exact" => HotspotType::Exact,
            "range" => HotspotType::Range,
            "domain" => HotspotType::Domain,
            other => {
                self.err("type", format!("unknown type {other:?} (codon, exact, range, domain)"));
                return None;
            }
        })
    }

    /// A protein position ≥ 1 (0 after an error).
    fn position(&mut self, col: &str) -> u32 {
        match self.row.get(col).trim().parse::<u32>() {
            Ok(v) if v > 0 => v,
            _ => {
                let reason = format!("expected a protein position ≥ 1, got {:?}", self.row.get(col));
                self.err(col, reason);
                0
            }
        }
    }

    fn ref_aa(&mut self) -> Option<char> {
        match opt(self.row.get("ref_aa")) {
            None => None,
            Some(s) if s.len() == 1 && s.chars().all(|c| c.is_ascii_uppercase()) => s.chars().next(),
            Some(s) => {
                let reason = format!("expected one amino-acid letter, got {s:?}");
                self.err("ref_aa", reason);
                None
            }
        }
    }

    fn variant_class(&mut self) -> VariantClass {
        VariantClass::parse(self.row.get("variant_class").trim()).unwrap_or_else(|| {
            let reason = format!("unknown variant class {:?}", self.row.get("variant_class"));
            self.err("variant_class", reason);
            VariantClass::Missense
        })
    }

    fn biomarker_class(&mut self) -> Option<AlterationClass> {
        let b = opt(self.row.get("biomarker_class"))?;
        let class = AlterationClass::parse(b).filter(|c| c.rule_column() == Some(RuleColumn::Class));
        if class.is_none() {
            self.err(
                "biomarker_class",
                format!("unknown class `{b}` (one of {})", class_names()),
            );
        }
        class
    }

    fn oncogenicity(&mut self) -> Oncogenicity {
        parse_oncogenicity(self.row.get("oncogenicity").trim()).unwrap_or_else(|| {
            let reason = format!(
                "expected oncogenic, likely_oncogenic, vus or likely_benign, got {:?}",
                self.row.get("oncogenicity")
            );
            self.err("oncogenicity", reason);
            Oncogenicity::Vus
        })
    }

    fn genomic(&mut self, col: &str) -> GenomicSpec {
        parse_genomic(self.row.get(col)).unwrap_or_else(|e| {
            self.err(col, e);
            GenomicSpec::None
        })
    }

    /// Every cell, in column order; None when the type is unknown.
    fn parse(&mut self, genes: Option<&BTreeSet<String>>) -> Option<Hotspot> {
        let gene = self.gene(genes);
        let kind = self.kind()?;
        let label = opt(self.row.get("label")).map(str::to_string);
        if label.is_none() && kind != HotspotType::Domain {
            self.err("label", "a label is required");
        }
        let protein_start = self.position("protein_start");
        let protein_end = self.position("protein_end");
        if protein_start > protein_end {
            self.err("protein_end", "protein_end is before protein_start");
        }
        Some(Hotspot {
            gene,
            label,
            kind,
            protein_start,
            protein_end,
            ref_aa: self.ref_aa(),
            change: opt(self.row.get("change")).map(str::to_string),
            variant_class: self.variant_class(),
            biomarker_class: self.biomarker_class(),
            oncogenicity: self.oncogenicity(),
            grch37: self.genomic("grch37"),
            grch38: self.genomic("grch38"),
            source: require_source(self.row, "source", self.errors),
            line: self.row.line,
        })
    }

    /// The rules of each row type (one position, reference amino acid, alleles, …).
    fn check_type(&mut self, h: &Hotspot, imported: bool) {
        match h.kind {
            HotspotType::Codon | HotspotType::Exact => {
                if h.protein_start != h.protein_end {
                    self.err("protein_end", "codon and exact rows cover one position");
                }
                if h.ref_aa.is_none() {
                    self.err("ref_aa", "codon and exact rows need the reference amino acid");
                }
            }
            HotspotType::Range | HotspotType::Domain => {
                if h.change.is_some() {
                    self.err("change", "range and domain rows take no exact change");
                }
                for (col, g) in [("grch37", &h.grch37), ("grch38", &h.grch38)] {
                    if matches!(g, GenomicSpec::Allele(_)) {
                        self.err(col, "range rows take a window chrom:start-end, not an allele");
                    }
                }
            }
        }
        if h.kind == HotspotType::Codon {
            if h.change.is_some() {
                self.err("change", "codon rows take no exact change (use type exact)");
            }
            if h.variant_class != VariantClass::Missense {
                self.err("variant_class", "codon rows match missense changes");
            }
        }
        if h.kind == HotspotType::Exact {
            self.check_exact(h, imported);
        }
    }

    fn check_exact(&mut self, h: &Hotspot, imported: bool) {
        match h.change.as_deref().map(parse_simple_change) {
            Some(Some((r, p, _))) => {
                if p != h.protein_start {
                    let reason = format!("change position {p} differs from protein_start {}", h.protein_start);
                    self.err("change", reason);
                }
                if Some(r) != h.ref_aa {
                    self.err("change", "change reference amino acid differs from ref_aa");
                }
            }
            _ => {
                let reason = format!(
                    "exact rows need a one-letter change like G12D, got {:?}",
                    self.row.get("change")
                );
                self.err("change", reason)
            }
        }
        // Curated rows carry both builds; imported rows at least one.
        let have = [&h.grch37, &h.grch38].map(|g| matches!(g, GenomicSpec::Allele(_)));
        if !imported || !have.iter().any(|h| *h) {
            for (col, h) in [("grch37", have[0]), ("grch38", have[1])] {
                if !h {
                    self.err(col, "exact rows need the allele on both builds (chrom:pos:ref:alt)");
                }
            }
        }
    }
}

/// Parse `hotspots.tsv`; `genes` is the known gene list (None for imported rows,
/// whose genes need not be curated and whose exact rows may carry one build).
pub(crate) fn parse_hotspots(
    text: &str,
    file: &str,
    genes: Option<&BTreeSet<String>>,
    errors: &mut Vec<KbError>,
) -> Vec<Hotspot> {
    let Some(table) = Table::parse(text, file, HOTSPOTS_HEADER, errors) else {
        return vec![];
    };
    let mut out = Vec::new();
    let mut seen: HashMap<RowKey, usize> = HashMap::new();
    for row in &table.rows {
        let n0 = errors.len();
        let mut r = HotspotRow { row, errors };
        let Some(h) = r.parse(genes) else {
            continue;
        };
        r.check_type(&h, genes.is_none());
        if errors.len() > n0 {
            continue;
        }
        if let Some(prev) = seen.get(&RowKey::of(&h)) {
            errors.push(row.err(
                "gene",
                format!("duplicate row: same gene, type, positions, change, variant class and alleles as line {prev}"),
            ));
            continue;
        }
        seen.insert(RowKey::of(&h), row.line);
        out.push(h);
    }
    out
}

/// What makes two hotspot rows the same rule (labels, sources and oncogenicity aside).
#[derive(PartialEq, Eq, Hash)]
struct RowKey {
    gene: String,
    kind: HotspotType,
    protein_start: u32,
    protein_end: u32,
    change: Option<String>,
    variant_class: VariantClass,
    grch37: GenomicSpec,
    grch38: GenomicSpec,
}

impl RowKey {
    fn of(h: &Hotspot) -> RowKey {
        RowKey {
            gene: h.gene.clone(),
            kind: h.kind,
            protein_start: h.protein_start,
            protein_end: h.protein_end,
            change: h.change.clone(),
            variant_class: h.variant_class,
            grch37: h.grch37.clone(),
            grch38: h.grch38.clone(),
        }
    }
}
