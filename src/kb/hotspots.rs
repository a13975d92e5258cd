//! `hotspots.tsv` (and `hotspots.imported.tsv`): codon, exact, range and domain rows.

use std::collections::BTreeSet;
use std::path::Path;

use super::tsv::{is_symbol, opt, require_source, Table};
use super::KbError;
use crate::input::GenomeBuild;
use crate::model::Oncogenicity;

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

#[derive(Debug, Clone)]
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
    pub protein_start: u32,
    pub protein_end: u32,
    /// Reference amino acid (codon/exact rows).
    pub ref_aa: Option<char>,
    /// Exact protein change without `p.` (`G12D`), exact rows only.
    pub change: Option<String>,
    pub variant_class: VariantClass,
    /// Extra class for the therapy stage (`exon19_deletion`), when any.
    pub biomarker_class: Option<String>,
    pub oncogenicity: Oncogenicity,
    pub grch37: GenomicSpec,
    pub grch38: GenomicSpec,
    pub source: String,
    /// `hotspots.tsv` or `hotspots.imported.tsv`.
    pub file: String,
    pub line: usize,
}

impl Hotspot {
    pub fn genomic(&self, build: GenomeBuild) -> &GenomicSpec {
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

fn parse_genomic(s: &str) -> Result<GenomicSpec, String> {
    let Some(s) = opt(s) else {
        return Ok(GenomicSpec::None);
    };
    let parts: Vec<&str> = s.split(':').collect();
    let chrom_ok =
        |c: &str| !c.is_empty() && !c.starts_with("chr") && c.chars().all(|x| x.is_ascii_alphanumeric() || x == '_');
    match parts.as_slice() {
        [c, p, r, a] => {
            if !chrom_ok(c) {
                return Err(format!("invalid contig {c:?} (write it without 'chr')"));
            }
            let pos: u64 = p.parse().map_err(|_| format!("invalid position {p:?}"))?;
            if pos == 0 {
                return Err("position must be ≥ 1".into());
            }
            if !is_nucleotides(r) || !is_nucleotides(a) {
                return Err(format!("REF/ALT must be A/C/G/T/N in VCF style, got {r:?}/{a:?}"));
            }
            if r == a {
                return Err("REF equals ALT".into());
            }
            Ok(GenomicSpec::Allele(GenomicAllele {
                chrom: c.to_string(),
                pos,
                ref_allele: r.to_string(),
                alt: a.to_string(),
            }))
        }
        [c, range] => {
            if !chrom_ok(c) {
                return Err(format!("invalid contig {c:?} (write it without 'chr')"));
            }
            let (a, b) = range
                .split_once('-')
                .ok_or_else(|| format!("expected chrom:start-end, got {s:?}"))?;
            let start: u64 = a.parse().map_err(|_| format!("invalid start {a:?}"))?;
            let end: u64 = b.parse().map_err(|_| format!("invalid end {b:?}"))?;
            if start == 0 || end < start {
                return Err(format!("invalid window {start}-{end}"));
            }
            Ok(GenomicSpec::Window(GenomicWindow {
                chrom: c.to_string(),
                start,
                end,
            }))
        }
        _ => Err(format!("expected chrom:pos:ref:alt or chrom:start-end, got {s:?}")),
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

pub(crate) fn parse_hotspots(
    text: &str,
    file: &str,
    genes: Option<&BTreeSet<String>>,
    errors: &mut Vec<KbError>,
) -> Vec<Hotspot> {
    let Some(table) = Table::parse(text, file, HOTSPOTS_HEADER, errors) else {
        return vec![];
    };
    let short = Path::new(file)
        .file_name()
        .map(|f| f.to_string_lossy().to_string())
        .unwrap_or_else(|| file.to_string());
    let mut out = Vec::new();
    for row in &table.rows {
        let n0 = errors.len();
        let gene = row.get("gene").trim().to_string();
        if !is_symbol(&gene) {
            errors.push(row.err("gene", format!("invalid gene symbol {gene:?}")));
        } else if let Some(g) = genes {
            if !g.contains(&gene) {
                errors.push(row.err("gene", format!("gene {gene} is not in genes.tsv")));
            }
        }
        let kind = match row.get("type").trim() {
            "codon" => HotspotType::Codon,
            "exact" => HotspotType::Exact,
            "range" => HotspotType::Range,
            "domain" => HotspotType::Domain,
            other => {
                errors.push(row.err("type", format!("unknown type {other:?} (codon, exact, range, domain)")));
                continue;
            }
        };
        let label = opt(row.get("label")).map(str::to_string);
        if label.is_none() && kind != HotspotType::Domain {
            errors.push(row.err("label", "a label is required"));
        }
        let num = |col: &str, errors: &mut Vec<KbError>| -> u32 {
            match row.get(col).trim().parse::<u32>() {
                Ok(v) if v > 0 => v,
                _ => {
                    errors.push(row.err(col, format!("expected a protein position ≥ 1, got {:?}", row.get(col))));
                    0
                }
            }
        };
        let start = num("protein_start", errors);
        let end = num("protein_end", errors);
        if start > end {
            errors.push(row.err("protein_end", "protein_end is before protein_start"));
        }
        let ref_aa = match opt(row.get("ref_aa")) {
            None => None,
            Some(s) if s.len() == 1 && s.chars().all(|c| c.is_ascii_uppercase()) => s.chars().next(),
            Some(s) => {
                errors.push(row.err("ref_aa", format!("expected one amino-acid letter, got {s:?}")));
                None
            }
        };
        let change = opt(row.get("change")).map(str::to_string);
        let variant_class = match VariantClass::parse(row.get("variant_class").trim()) {
            Some(v) => v,
            None => {
                errors.push(row.err(
                    "variant_class",
                    format!("unknown variant class {:?}", row.get("variant_class")),
                ));
                VariantClass::Missense
            }
        };
        let biomarker_class = opt(row.get("biomarker_class")).map(str::to_string);
        if let Some(b) = &biomarker_class {
            if !b
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
            {
                errors.push(row.err("biomarker_class", format!("expected snake_case, got {b:?}")));
            }
        }
        let oncogenicity = match parse_oncogenicity(row.get("oncogenicity").trim()) {
            Some(o) => o,
            None => {
                errors.push(row.err(
                    "oncogenicity",
                    format!(
                        "expected oncogenic, likely_oncogenic, vus or likely_benign, got {:?}",
                        row.get("oncogenicity")
                    ),
                ));
                Oncogenicity::Vus
            }
        };
        let genomic = |col: &str, errors: &mut Vec<KbError>| match parse_genomic(row.get(col)) {
            Ok(g) => g,
            Err(e) => {
                errors.push(row.err(col, e));
                GenomicSpec::None
            }
        };
        let grch37 = genomic("grch37", errors);
        let grch38 = genomic("grch38", errors);
        let source = require_source(row, "source", errors);
        match kind {
            HotspotType::Codon | HotspotType::Exact => {
                if start != end {
                    errors.push(row.err("protein_end", "codon and exact rows cover one position"));
                }
                if ref_aa.is_none() {
                    errors.push(row.err("ref_aa", "codon and exact rows need the reference amino acid"));
                }
            }
            HotspotType::Range | HotspotType::Domain => {
                if change.is_some() {
                    errors.push(row.err("change", "range and domain rows take no exact change"));
                }
                for (col, g) in [("grch37", &grch37), ("grch38", &grch38)] {
                    if matches!(g, GenomicSpec::Allele(_)) {
                        errors.push(row.err(col, "range rows take a window chrom:start-end, not an allele"));
                    }
                }
            }
        }
        if kind == HotspotType::Codon {
            if change.is_some() {
                errors.push(row.err("change", "codon rows take no exact change (use type exact)"));
            }
            if variant_class != VariantClass::Missense {
                errors.push(row.err("variant_class", "codon rows match missense changes"));
            }
        }
        if kind == HotspotType::Exact {
            match change.as_deref().map(parse_simple_change) {
                Some(Some((r, p, _))) => {
                    if p != start {
                        errors.push(row.err(
                            "change",
                            format!("change position {p} differs from protein_start {start}"),
                        ));
                    }
                    if Some(r) != ref_aa {
                        errors.push(row.err("change", "change reference amino acid differs from ref_aa"));
                    }
                }
                _ => errors.push(row.err(
                    "change",
                    format!(
                        "exact rows need a one-letter change like G12D, got {:?}",
                        row.get("change")
                    ),
                )),
            }
            // Curated rows carry both builds; imported rows at least one.
            let have: Vec<bool> = [&grch37, &grch38]
                .iter()
                .map(|g| matches!(g, GenomicSpec::Allele(_)))
                .collect();
            let imported = genes.is_none();
            if !imported || !have.iter().any(|h| *h) {
                for (col, h) in [("grch37", have[0]), ("grch38", have[1])] {
                    if !h {
                        errors.push(row.err(col, "exact rows need the allele on both builds (chrom:pos:ref:alt)"));
                    }
                }
            }
        }
        if errors.len() > n0 {
            continue;
        }
        out.push(Hotspot {
            gene,
            label,
            kind,
            protein_start: start,
            protein_end: end,
            ref_aa,
            change,
            variant_class,
            biomarker_class,
            oncogenicity,
            grch37,
            grch38,
            source,
            file: short.clone(),
            line: row.line,
        });
    }
    out
}
