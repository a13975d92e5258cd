//! The knowledge base: curated `annotations/` files, embedded with `include_str!`
//! and overridable with `--annotations DIR`.
//!
//! Files (formats documented in `annotations/README.md`):
//! `VERSION`, `genes.tsv`, `hotspots.tsv`, `tumor_types.tsv`, `patterns.tsv`,
//! `therapies.tsv`, `assays.tsv`, `thresholds.toml`, and the optional
//! `genes.imported.tsv` / `hotspots.imported.tsv` written by `kb import`.
//!
//! Every parse error names `file:line:column: reason`; loading collects all
//! errors instead of stopping at the first one.

pub mod assays;
pub mod import;
pub mod therapies;
pub mod thresholds;
mod tsv;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;
use std::sync::OnceLock;

use crate::input::GenomeBuild;
use crate::model::Oncogenicity;
use tsv::{Row, Table};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}:{line}:{column}: {reason}")]
pub struct KbError {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub reason: String,
}

impl KbError {
    pub fn new(file: &str, line: usize, column: usize, reason: impl Into<String>) -> KbError {
        KbError {
            file: file.to_string(),
            line,
            column,
            reason: reason.into(),
        }
    }
}

/// The fixed pathway vocabulary of `genes.tsv`.
pub const PATHWAYS: &[&str] = &[
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
pub const ROLES: &[&str] = &["oncogene", "tumor_suppressor", "both", "other"];

#[derive(Debug, Clone, Default)]
pub struct Gene {
    pub symbol: String,
    /// `oncogene`, `tumor_suppressor`, `both` (or `other`).
    pub role: String,
    pub pathways: Vec<String>,
    pub source: String,
    /// Previous or alternative HGNC symbols (`H3F3A` for `H3-3A`).
    pub aliases: Vec<String>,
    /// Loss of function is an established mechanism (truncations → oncogenic).
    pub lof_established: bool,
    /// Relevance for neuroendocrine neoplasms, with `nen_source`.
    pub nen_relevance: Option<String>,
    pub nen_source: Option<String>,
    /// True for rows from `genes.imported.tsv`.
    pub imported: bool,
}

impl Gene {
    pub fn is_tumor_suppressor_like(&self) -> bool {
        self.role == "tumor_suppressor" || self.role == "both"
    }
}

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

/// An interpretation pattern (`patterns.tsv`).
#[derive(Debug, Clone, Default)]
pub struct Pattern {
    pub id: String,
    /// Genes that must all carry a driver alteration.
    pub all_of: Vec<String>,
    /// Genes of which at least `min_any` must carry a driver alteration.
    pub any_of: Vec<String>,
    pub min_any: usize,
    /// Tumour-type codes the pattern applies to (the given type lies on the
    /// same branch); `*` = any; `UNKNOWN` = also when no tumour type is given.
    pub tumor_types: Vec<String>,
    pub statement: String,
    pub sources: Vec<String>,
}

/// Row count of one loaded file, for `kb info`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FileInfo {
    pub name: String,
    pub rows: usize,
}

/// Lookup tables built once from the hotspot rows.
#[derive(Debug, Clone, Default)]
pub struct KbIndex {
    /// Gene symbol or alias → index in `genes`.
    pub genes: HashMap<String, usize>,
    /// (gene, protein position) → codon/exact rows.
    pub by_position: HashMap<(String, u32), Vec<usize>>,
    /// (build, chrom, pos, ref, alt) → exact rows.
    pub by_allele: HashMap<(GenomeBuild, GenomicAllele), Vec<usize>>,
    /// gene → range/domain rows.
    pub ranges: HashMap<String, Vec<usize>>,
    /// (build, chrom) → range rows with a genomic window.
    pub windows: HashMap<(GenomeBuild, String), Vec<usize>>,
}

impl KbIndex {
    fn build(genes: &[Gene], hotspots: &[Hotspot]) -> KbIndex {
        let mut ix = KbIndex::default();
        for (i, g) in genes.iter().enumerate() {
            ix.genes.entry(g.symbol.clone()).or_insert(i);
        }
        for (i, g) in genes.iter().enumerate() {
            for a in &g.aliases {
                ix.genes.entry(a.clone()).or_insert(i);
            }
        }
        for (i, h) in hotspots.iter().enumerate() {
            match h.kind {
                HotspotType::Codon | HotspotType::Exact => {
                    ix.by_position
                        .entry((h.gene.clone(), h.protein_start))
                        .or_default()
                        .push(i);
                }
                HotspotType::Range | HotspotType::Domain => {
                    ix.ranges.entry(h.gene.clone()).or_default().push(i);
                }
            }
            for build in [GenomeBuild::GRCh37, GenomeBuild::GRCh38] {
                match h.genomic(build) {
                    GenomicSpec::Allele(a) => ix.by_allele.entry((build, a.clone())).or_default().push(i),
                    GenomicSpec::Window(w) => ix.windows.entry((build, w.chrom.clone())).or_default().push(i),
                    GenomicSpec::None => {}
                }
            }
        }
        ix
    }
}

#[derive(Debug, Clone, Default)]
pub struct KnowledgeBase {
    pub version: String,
    /// `embedded` or the directory it was loaded from.
    pub source: String,
    pub genes: Vec<Gene>,
    pub tumor_types: TumorTypes,
    pub assays: Vec<assays::Assay>,
    pub thresholds: thresholds::Thresholds,
    pub therapies: Vec<therapies::TherapyRule>,
    pub hotspots: Vec<Hotspot>,
    pub patterns: Vec<Pattern>,
    /// Row counts per loaded file, in load order.
    pub files: Vec<FileInfo>,
    /// Lookup tables, built on first use from `genes` and `hotspots`.
    /// (Do not mutate `genes`/`hotspots` after the first lookup.)
    pub index: OnceLock<KbIndex>,
}

/// The embedded files: (name, text).
const EMBEDDED: &[(&str, &str)] = &[
    ("VERSION", include_str!("../../annotations/VERSION")),
    ("genes.tsv", include_str!("../../annotations/genes.tsv")),
    ("tumor_types.tsv", include_str!("../../annotations/tumor_types.tsv")),
    ("hotspots.tsv", include_str!("../../annotations/hotspots.tsv")),
    ("patterns.tsv", include_str!("../../annotations/patterns.tsv")),
    ("assays.tsv", include_str!("../../annotations/assays.tsv")),
    ("thresholds.toml", include_str!("../../annotations/thresholds.toml")),
    ("therapies.tsv", include_str!("../../annotations/therapies.tsv")),
];

/// Required file names of a knowledge-base directory.
pub const REQUIRED_FILES: &[&str] = &[
    "VERSION",
    "genes.tsv",
    "tumor_types.tsv",
    "hotspots.tsv",
    "patterns.tsv",
    "assays.tsv",
    "thresholds.toml",
    "therapies.tsv",
];

/// Optional files written by `kb import`.
pub const IMPORTED_GENES: &str = "genes.imported.tsv";
pub const IMPORTED_HOTSPOTS: &str = "hotspots.imported.tsv";

pub const GENES_HEADER: &[&str] = &[
    "symbol",
    "aliases",
    "role",
    "lof_established",
    "pathways",
    "nen_relevance",
    "nen_source",
    "source",
];
pub const HOTSPOTS_HEADER: &[&str] = &[
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
pub const TUMOR_TYPES_HEADER: &[&str] = &[
    "code",
    "name",
    "aliases",
    "parent",
    "tissue",
    "neuroendocrine",
    "source",
];
pub const PATTERNS_HEADER: &[&str] = &[
    "id",
    "all_of",
    "any_of",
    "min_any",
    "tumor_types",
    "statement",
    "source",
];

/// One file's text with the name used in error messages.
struct Source<'a> {
    /// Name shown in errors (path for a directory, `annotations/…` when embedded).
    shown: String,
    text: &'a str,
}

impl KnowledgeBase {
    /// The knowledge base compiled into the binary.
    pub fn embedded() -> Result<KnowledgeBase, Vec<KbError>> {
        let files: BTreeMap<&str, Source> = EMBEDDED
            .iter()
            .map(|(name, text)| {
                (
                    *name,
                    Source {
                        shown: format!("annotations/{name}"),
                        text,
                    },
                )
            })
            .collect();
        Self::assemble(&files, None, None, "embedded".into())
    }

    /// Load a knowledge-base directory (same files as `annotations/`; the
    /// `*.imported.tsv` files are optional).
    pub fn load_dir(dir: &Path) -> Result<KnowledgeBase, Vec<KbError>> {
        let mut errors = Vec::new();
        let mut texts: BTreeMap<&str, (String, String)> = BTreeMap::new();
        if !dir.is_dir() {
            return Err(vec![KbError::new(&dir.display().to_string(), 0, 0, "not a directory")]);
        }
        for name in REQUIRED_FILES {
            let path = dir.join(name);
            let shown = path.display().to_string();
            match std::fs::read_to_string(&path) {
                Ok(t) => {
                    texts.insert(name, (shown, t));
                }
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                    errors.push(KbError::new(&shown, 0, 0, format!("required file {name} is missing")))
                }
                Err(e) => errors.push(KbError::new(&shown, 0, 0, format!("cannot read: {e}"))),
            }
        }
        let mut optional: Vec<(String, String)> = Vec::new();
        for name in [IMPORTED_GENES, IMPORTED_HOTSPOTS] {
            let path = dir.join(name);
            if path.exists() {
                match std::fs::read_to_string(&path) {
                    Ok(t) => optional.push((path.display().to_string(), t)),
                    Err(e) => errors.push(KbError::new(
                        &path.display().to_string(),
                        0,
                        0,
                        format!("cannot read: {e}"),
                    )),
                }
            } else {
                optional.push((String::new(), String::new()));
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let files: BTreeMap<&str, Source> = texts
            .iter()
            .map(|(k, (shown, t))| {
                (
                    *k,
                    Source {
                        shown: shown.clone(),
                        text: t.as_str(),
                    },
                )
            })
            .collect();
        let imported_genes = (!optional[0].0.is_empty()).then(|| Source {
            shown: optional[0].0.clone(),
            text: optional[0].1.as_str(),
        });
        let imported_hotspots = (!optional[1].0.is_empty()).then(|| Source {
            shown: optional[1].0.clone(),
            text: optional[1].1.as_str(),
        });
        let mut kb = Self::assemble(
            &files,
            imported_genes.as_ref(),
            imported_hotspots.as_ref(),
            dir.display().to_string(),
        )?;
        // Optional CIViC rules written by `kb import civic`.
        let civic = therapies::load_civic(dir)?;
        if !civic.is_empty() {
            kb.files.push(FileInfo {
                name: therapies::CIVIC_FILE.into(),
                rows: civic.len(),
            });
            kb.therapies.extend(civic);
            let errors = therapies::check(&kb.therapies, &kb);
            if !errors.is_empty() {
                return Err(errors);
            }
        }
        Ok(kb)
    }

    fn assemble(
        files: &BTreeMap<&str, Source>,
        imported_genes: Option<&Source>,
        imported_hotspots: Option<&Source>,
        source: String,
    ) -> Result<KnowledgeBase, Vec<KbError>> {
        let mut errors = Vec::new();
        let get = |n: &str| files.get(n).map(|s| (s.shown.as_str(), s.text)).unwrap_or(("", ""));
        let mut kb = KnowledgeBase {
            source,
            ..Default::default()
        };

        let (vf, vt) = get("VERSION");
        kb.version = parse_version(vt, vf, &mut errors);

        let (gf, gt) = get("genes.tsv");
        kb.genes = parse_genes(gt, gf, false, &mut errors);
        kb.files.push(FileInfo {
            name: "genes.tsv".into(),
            rows: kb.genes.len(),
        });
        if let Some(s) = imported_genes {
            let extra = parse_genes(s.text, &s.shown, true, &mut errors);
            kb.files.push(FileInfo {
                name: IMPORTED_GENES.into(),
                rows: extra.len(),
            });
            let known: BTreeSet<String> = kb.genes.iter().map(|g| g.symbol.clone()).collect();
            // Curated rows win over imported ones.
            kb.genes
                .extend(extra.into_iter().filter(|g| !known.contains(&g.symbol)));
        }

        let (tf, tt) = get("tumor_types.tsv");
        kb.tumor_types = parse_tumor_types(tt, tf, &mut errors);
        kb.files.push(FileInfo {
            name: "tumor_types.tsv".into(),
            rows: kb.tumor_types.types.len(),
        });

        let gene_names: BTreeSet<String> = kb
            .genes
            .iter()
            .flat_map(|g| std::iter::once(g.symbol.clone()).chain(g.aliases.iter().cloned()))
            .collect();
        let (hf, ht) = get("hotspots.tsv");
        kb.hotspots = parse_hotspots(ht, hf, Some(&gene_names), &mut errors);
        kb.files.push(FileInfo {
            name: "hotspots.tsv".into(),
            rows: kb.hotspots.len(),
        });
        if let Some(s) = imported_hotspots {
            let extra = parse_hotspots(s.text, &s.shown, None, &mut errors);
            kb.files.push(FileInfo {
                name: IMPORTED_HOTSPOTS.into(),
                rows: extra.len(),
            });
            kb.hotspots.extend(extra);
        }

        let (pf, pt) = get("patterns.tsv");
        kb.patterns = parse_patterns(pt, pf, &gene_names, &kb.tumor_types, &mut errors);
        kb.files.push(FileInfo {
            name: "patterns.tsv".into(),
            rows: kb.patterns.len(),
        });

        let (af, at) = get("assays.tsv");
        match assays::parse(at, af) {
            Ok(a) => kb.assays = a,
            Err(e) => errors.extend(e),
        }
        kb.files.push(FileInfo {
            name: "assays.tsv".into(),
            rows: kb.assays.len(),
        });
        let (thf, tht) = get("thresholds.toml");
        match thresholds::parse(tht, thf) {
            Ok(t) => kb.thresholds = t,
            Err(e) => errors.extend(e),
        }
        kb.files.push(FileInfo {
            name: "thresholds.toml".into(),
            rows: kb.thresholds.values.len(),
        });
        let (rf, rt) = get("therapies.tsv");
        match therapies::parse(rt, rf) {
            Ok(r) => kb.therapies = r,
            Err(e) => errors.extend(e),
        }
        kb.files.push(FileInfo {
            name: "therapies.tsv".into(),
            rows: kb.therapies.len(),
        });
        if errors.is_empty() {
            errors.extend(therapies::check(&kb.therapies, &kb));
        }
        if errors.is_empty() {
            Ok(kb)
        } else {
            Err(errors)
        }
    }

    fn ix(&self) -> &KbIndex {
        self.index.get_or_init(|| KbIndex::build(&self.genes, &self.hotspots))
    }

    /// The lookup tables (built on first use).
    pub fn index(&self) -> &KbIndex {
        self.ix()
    }

    /// A gene by symbol or alias.
    pub fn gene(&self, symbol: &str) -> Option<&Gene> {
        self.ix().genes.get(symbol).and_then(|&i| self.genes.get(i))
    }

    /// Codon/exact hotspot rows at one protein position of a gene.
    pub fn hotspots_at(&self, gene: &str, position: u32) -> impl Iterator<Item = &Hotspot> {
        self.ix()
            .by_position
            .get(&(gene.to_string(), position))
            .into_iter()
            .flatten()
            .filter_map(|&i| self.hotspots.get(i))
    }

    /// Exact rows whose genomic allele on `build` is (chrom, pos, ref, alt); chrom is normalised.
    pub fn hotspots_by_allele(
        &self,
        build: GenomeBuild,
        chrom: &str,
        pos: u64,
        ref_allele: &str,
        alt: &str,
    ) -> Vec<&Hotspot> {
        let key = (
            build,
            GenomicAllele {
                chrom: crate::model::normalise_chrom(chrom).to_string(),
                pos,
                ref_allele: ref_allele.to_ascii_uppercase(),
                alt: alt.to_ascii_uppercase(),
            },
        );
        self.ix()
            .by_allele
            .get(&key)
            .into_iter()
            .flatten()
            .filter_map(|&i| self.hotspots.get(i))
            .collect()
    }

    /// Range/domain rows of a gene.
    pub fn ranges_of(&self, gene: &str) -> impl Iterator<Item = &Hotspot> {
        self.ix()
            .ranges
            .get(gene)
            .into_iter()
            .flatten()
            .filter_map(|&i| self.hotspots.get(i))
    }

    /// Range rows whose genomic window on `build` overlaps [start, end] of `chrom`.
    pub fn windows_overlapping(&self, build: GenomeBuild, chrom: &str, start: u64, end: u64) -> Vec<&Hotspot> {
        let chrom = crate::model::normalise_chrom(chrom).to_string();
        self.ix()
            .windows
            .get(&(build, chrom))
            .into_iter()
            .flatten()
            .filter_map(|&i| self.hotspots.get(i))
            .filter(|h| match h.genomic(build) {
                GenomicSpec::Window(w) => w.start <= end && start <= w.end,
                _ => false,
            })
            .collect()
    }

    /// Human-readable summary for `oncoprofile kb info`: version, source,
    /// row counts per file, and the distinct sources cited.
    pub fn info(&self) -> String {
        let mut s = format!("version {}\nsource {}\nfiles:\n", self.version, self.source);
        for f in &self.files {
            s.push_str(&format!("  {:<24} {:>6} rows\n", f.name, f.rows));
        }
        let mut cited: BTreeSet<String> = BTreeSet::new();
        let mut add = |text: &str| {
            for part in split_sources(text) {
                cited.insert(part);
            }
        };
        for g in &self.genes {
            add(&g.source);
            if let Some(n) = &g.nen_source {
                add(n);
            }
        }
        for h in &self.hotspots {
            add(&h.source);
        }
        for t in &self.tumor_types.types {
            add(&t.source);
        }
        for p in &self.patterns {
            for x in &p.sources {
                add(x);
            }
        }
        for a in &self.assays {
            add(&a.source);
        }
        for t in self.thresholds.values.values() {
            add(&t.source);
        }
        s.push_str(&format!("sources cited ({}):\n", cited.len()));
        for c in &cited {
            s.push_str(&format!("  {c}\n"));
        }
        s
    }

    /// Write the embedded files (same format as `annotations/`) to `dir`.
    pub fn write_embedded_files(dir: &Path) -> std::io::Result<()> {
        std::fs::create_dir_all(dir)?;
        for (name, text) in EMBEDDED {
            std::fs::write(dir.join(name), text)?;
        }
        Ok(())
    }

    /// The embedded text of one file (`genes.tsv`), if it is one of the embedded files.
    pub fn embedded_file(name: &str) -> Option<&'static str> {
        EMBEDDED.iter().find(|(n, _)| *n == name).map(|(_, t)| *t)
    }
}

/// Split a source cell on `; ` into distinct citations.
pub fn split_sources(text: &str) -> Vec<String> {
    text.split("; ")
        .map(str::trim)
        .filter(|s| !s.is_empty() && *s != ".")
        .map(str::to_string)
        .collect()
}

fn parse_version(text: &str, file: &str, errors: &mut Vec<KbError>) -> String {
    let lines: Vec<(usize, &str)> = text
        .lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim()))
        .filter(|(_, l)| !l.is_empty() && !l.starts_with('#'))
        .collect();
    match lines.as_slice() {
        [(_, v)] if v.chars().all(|c| c.is_ascii_alphanumeric() || ".-_+".contains(c)) => v.to_string(),
        [(n, v)] => {
            errors.push(KbError::new(file, *n, 1, format!("invalid version string {v:?}")));
            String::new()
        }
        [] => {
            errors.push(KbError::new(file, 1, 1, "empty VERSION file"));
            String::new()
        }
        [_, (n, _), ..] => {
            errors.push(KbError::new(file, *n, 1, "VERSION must hold one line"));
            String::new()
        }
    }
}

/// A cell that may be `.` (missing).
fn opt(s: &str) -> Option<&str> {
    let s = s.trim();
    if s.is_empty() || s == "." {
        None
    } else {
        Some(s)
    }
}

fn list(s: &str) -> Vec<String> {
    opt(s)
        .map(|s| {
            s.split(',')
                .map(str::trim)
                .filter(|x| !x.is_empty())
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

fn require_source(row: &Row, col: &str, errors: &mut Vec<KbError>) -> String {
    let s = row.get(col).trim();
    if opt(s).is_none() {
        errors.push(row.err(col, "every row must name its source"));
    }
    s.to_string()
}

fn is_symbol(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.' || c == '_')
        && s.chars().next().is_some_and(|c| c.is_ascii_alphanumeric())
}

fn parse_genes(text: &str, file: &str, imported: bool, errors: &mut Vec<KbError>) -> Vec<Gene> {
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
            imported,
        });
    }
    out
}

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
pub fn parse_simple_change(s: &str) -> Option<(char, u32, char)> {
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

fn parse_hotspots(text: &str, file: &str, genes: Option<&BTreeSet<String>>, errors: &mut Vec<KbError>) -> Vec<Hotspot> {
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

fn parse_tumor_types(text: &str, file: &str, errors: &mut Vec<KbError>) -> TumorTypes {
    let Some(table) = Table::parse(text, file, TUMOR_TYPES_HEADER, errors) else {
        return TumorTypes::default();
    };
    let mut types: Vec<TumorType> = Vec::new();
    let mut rows_of: Vec<&Row> = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for row in &table.rows {
        let n0 = errors.len();
        let code = row.get("code").trim().to_string();
        let valid_code = |c: &str| {
            !c.is_empty()
                && c.chars()
                    .all(|x| x.is_ascii_uppercase() || x.is_ascii_digit() || x == '_' || x == '-')
        };
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
    let mut roots = 0;
    for (t, row) in tt.types.iter().zip(rows_of) {
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
    tt
}

fn parse_patterns(
    text: &str,
    file: &str,
    genes: &BTreeSet<String>,
    tumor_types: &TumorTypes,
    errors: &mut Vec<KbError>,
) -> Vec<Pattern> {
    let Some(table) = Table::parse(text, file, PATTERNS_HEADER, errors) else {
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
        let all_of = list(row.get("all_of"));
        let any_of = list(row.get("any_of"));
        for (col, gs) in [("all_of", &all_of), ("any_of", &any_of)] {
            for g in gs {
                if !genes.contains(g) {
                    errors.push(row.err(col, format!("unknown gene {g} (not in genes.tsv)")));
                }
            }
        }
        let min_any = match row.get("min_any").trim().parse::<usize>() {
            Ok(v) => v,
            Err(_) => {
                errors.push(row.err("min_any", format!("expected a number, got {:?}", row.get("min_any"))));
                0
            }
        };
        if min_any > any_of.len() {
            errors.push(row.err("min_any", "min_any exceeds the number of any_of genes"));
        }
        if all_of.is_empty() && (any_of.is_empty() || min_any == 0) {
            errors.push(row.err("all_of", "a pattern needs all_of genes or any_of with min_any ≥ 1"));
        }
        let tts = list(row.get("tumor_types"));
        if tts.is_empty() {
            errors.push(row.err("tumor_types", "list tumour-type codes, * or UNKNOWN"));
        }
        for t in &tts {
            if t != "*" && t != "UNKNOWN" && tumor_types.get(t).is_none() {
                errors.push(row.err("tumor_types", format!("unknown tumour-type code {t}")));
            }
        }
        let statement = row.get("statement").trim().to_string();
        if !statement.contains("consistent with") {
            errors.push(row.err(
                "statement",
                "a statement must be worded 'consistent with …' (never a diagnosis)",
            ));
        }
        let source = require_source(row, "source", errors);
        if errors.len() > n0 {
            continue;
        }
        out.push(Pattern {
            id,
            all_of,
            any_of,
            min_any,
            tumor_types: tts,
            statement,
            sources: split_sources(&source),
        });
    }
    out
}

#[cfg(test)]
mod tests;
