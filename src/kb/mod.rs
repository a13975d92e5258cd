//! The knowledge base: curated `annotations/` files, embedded with `include_str!`
//! and overridable with `--annotations DIR`.
//!
//! Files (formats documented in `annotations/README.md`):
//! `VERSION`, `genes.tsv`, `hotspots.tsv`, `tumor_types.tsv`, `patterns.tsv`,
//! `therapies.tsv`, `assays.tsv`, `thresholds.toml`, `benign_truncations.tsv`, `not_assessed.tsv`, and the optional
//! `genes.imported.tsv` / `hotspots.imported.tsv` written by `kb import`, and the optional
//! `drug_classes.tsv` (embedded; in a directory a rule naming a class then needs it).
//!
//! Every parse error names `file:line:column: reason`; loading collects all
//! errors instead of stopping at the first one.
//!
//! What would silently change clinical output is refused: a required table
//! without data rows, a file in a knowledge-base directory that is none of the
//! above (nor `therapies.civic.tsv`, `README*`, `*.md` or a hidden file),
//! unknown tables or keys and out-of-range values in `thresholds.toml`
//! (see [`thresholds`]), and duplicates (gene symbols and aliases, tumour-type
//! codes and aliases, pattern ids, rule ids — also across `therapies.tsv` and
//! `therapies.civic.tsv` —, assay names, and hotspot rows equal in gene, type,
//! positions, change, variant class and alleles).
//!
//! Modules: one per table (`genes.rs`, `hotspots.rs`, `tumor_types.rs`, `patterns.rs`,
//! [`assays`], [`thresholds`]), the therapy-rule model [`rules`], the importers
//! [`import`], lookups in `index.rs` and the TSV reader in `tsv.rs`.

pub(crate) mod assays;
pub(crate) mod benign_truncations;
mod dir;
pub(crate) mod drug_classes;
pub mod germline;
use dir::{read_kb_file, unknown_files};
mod genes;
mod hotspots;
pub mod import;
mod index;
pub mod not_assessed;
pub(crate) mod patterns;
pub mod rules;
pub mod thresholds;
pub(crate) mod tsv;
mod tumor_types;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;
use std::sync::OnceLock;

use tsv::split_sources;

pub(crate) use genes::Gene;
pub(crate) use hotspots::parse_simple_change;
pub use hotspots::{GenomicAllele, GenomicSpec, GenomicWindow, Hotspot, HotspotType, VariantClass};
pub(crate) use index::KbIndex;
pub(crate) use patterns::{token_parts, Pattern};
pub(crate) use tumor_types::TumorTypes;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}:{line}:{column}: {reason}")]
pub struct KbError {
    pub(crate) file: String,
    pub line: usize,
    pub(crate) column: usize,
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

/// Row count of one loaded file, for `kb info`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FileInfo {
    pub name: String,
    pub rows: usize,
}

#[derive(Debug, Clone, Default)]
pub struct KnowledgeBase {
    pub version: String,
    /// `embedded` or the directory it was loaded from.
    pub source: String,
    pub(crate) genes: Vec<Gene>,
    pub tumor_types: TumorTypes,
    pub(crate) assays: Vec<assays::Assay>,
    pub thresholds: thresholds::Thresholds,
    pub therapies: Vec<rules::TherapyRule>,
    pub hotspots: Vec<Hotspot>,
    pub patterns: Vec<Pattern>,
    /// Truncating alleles known not to be oncogenic (`benign_truncations.tsv`).
    pub(crate) benign_truncations: Vec<benign_truncations::BenignTruncation>,
    /// What a VCF cannot show (`not_assessed.tsv`).
    pub(crate) not_assessed: Vec<not_assessed::NotAssessed>,
    /// The month up to which FDA approvals were reviewed (`# approvals reviewed through YYYY-MM`
    /// in `therapies.tsv`), stated by `kb info` and in every report.
    pub approvals_reviewed_through: Option<String>,
    /// The mechanism classes of each drug (`drug_classes.tsv`).
    pub(crate) drug_classes: Vec<drug_classes::DrugClasses>,
    /// Row counts per loaded file, in load order.
    pub files: Vec<FileInfo>,
    /// The germline screen's tables when `--annotations DIR` holds any of them (None: embedded;
    /// see `crate::germline::tables`).
    pub(crate) germline: Option<std::sync::Arc<germline::Tables>>,
    /// Lookup tables, built on first use from `genes` and `hotspots`.
    /// (Do not mutate `genes`/`hotspots` after the first lookup.)
    pub(crate) index: OnceLock<KbIndex>,
}

/// The embedded files: (name, text).
const EMBEDDED: &[(&str, &str)] = &[
    ("VERSION", include_str!("../../annotations/VERSION")),
    ("genes.tsv", include_str!("../../annotations/genes.tsv")),
    ("tumor_types.tsv", include_str!("../../annotations/tumor_types.tsv")),
    ("hotspots.tsv", include_str!("../../annotations/hotspots.tsv")),
    ("patterns.tsv", include_str!("../../annotations/patterns.tsv")),
    ("not_assessed.tsv", include_str!("../../annotations/not_assessed.tsv")),
    ("assays.tsv", include_str!("../../annotations/assays.tsv")),
    ("thresholds.toml", include_str!("../../annotations/thresholds.toml")),
    ("therapies.tsv", include_str!("../../annotations/therapies.tsv")),
    (
        "benign_truncations.tsv",
        include_str!("../../annotations/benign_truncations.tsv"),
    ),
    (drug_classes::FILE, include_str!("../../annotations/drug_classes.tsv")),
];

/// Required file names of a knowledge-base directory.
pub(crate) const REQUIRED_FILES: &[&str] = &[
    "VERSION",
    "genes.tsv",
    "tumor_types.tsv",
    "hotspots.tsv",
    "patterns.tsv",
    "not_assessed.tsv",
    "assays.tsv",
    "thresholds.toml",
    "therapies.tsv",
    "benign_truncations.tsv",
];

/// Optional files written by `kb import`.
pub(crate) const IMPORTED_GENES: &str = "genes.imported.tsv";
pub(crate) const IMPORTED_HOTSPOTS: &str = "hotspots.imported.tsv";
/// The copy-number gene spans (`crate::cna::spans`, always the embedded copy): allowed in a directory.
pub(crate) const GENE_SPANS: &str = "gene_spans.tsv";
/// The embedded exon models of the fusion drivers, EGFR and MET (read by `crate::sv::exons`).
pub(crate) const GENE_EXONS: &str = "gene_exons.tsv";

/// One file's text with the name used in error messages.
struct Source<'a> {
    /// Name shown in errors (path for a directory, `annotations/…` when embedded).
    shown: String,
    text: &'a str,
}

impl<'a> Source<'a> {
    fn of((shown, text): &'a (String, String)) -> Source<'a> {
        Source {
            shown: shown.clone(),
            text: text.as_str(),
        }
    }
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
            match read_kb_file(dir, name) {
                Ok(Some(t)) => {
                    texts.insert(name, t);
                }
                Ok(None) => errors.push(KbError::new(
                    &dir.join(name).display().to_string(),
                    0,
                    0,
                    format!("required file {name} is missing"),
                )),
                Err(e) => errors.push(e),
            }
        }
        let mut optional: Vec<Option<(String, String)>> = Vec::new();
        match read_kb_file(dir, drug_classes::FILE) {
            Ok(Some(t)) => {
                texts.insert(drug_classes::FILE, t);
            }
            Ok(None) => {}
            Err(e) => errors.push(e),
        }
        for name in [IMPORTED_GENES, IMPORTED_HOTSPOTS] {
            match read_kb_file(dir, name) {
                Ok(t) => optional.push(t),
                Err(e) => errors.push(e),
            }
        }
        // Reported with the table errors, so one `kb check` lists everything.
        let unknown = unknown_files(dir);
        if !errors.is_empty() {
            errors.extend(unknown);
            return Err(errors);
        }
        let files: BTreeMap<&str, Source> = texts.iter().map(|(k, t)| (*k, Source::of(t))).collect();
        let imported_genes = optional.first().and_then(|o| o.as_ref()).map(Source::of);
        let imported_hotspots = optional.get(1).and_then(|o| o.as_ref()).map(Source::of);
        let assembled = Self::assemble(
            &files,
            imported_genes.as_ref(),
            imported_hotspots.as_ref(),
            dir.display().to_string(),
        );
        let mut kb = match assembled {
            Ok(kb) if unknown.is_empty() => kb,
            Ok(_) => return Err(unknown),
            Err(e) => return Err(unknown.into_iter().chain(e).collect()),
        };
        // The germline screen's tables, each optional (embedded where absent).
        kb.germline = germline::load_dir(dir)?.map(std::sync::Arc::new);
        // Optional CIViC rules written by `kb import civic`.
        let civic = rules::load_civic(dir)?;
        if !civic.is_empty() {
            kb.files.push(FileInfo {
                name: rules::CIVIC_FILE.into(),
                rows: civic.len(),
            });
            let mut errors = duplicate_rule_ids(&kb.therapies, &civic);
            kb.therapies.extend(civic);
            errors.extend(rules::check(&kb.therapies, &kb));
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
        kb.load_genes(get("genes.tsv"), imported_genes, &mut errors);

        let (tf, tt) = get("tumor_types.tsv");
        kb.tumor_types = tumor_types::parse_tumor_types(tt, tf, &mut errors);
        kb.count("tumor_types.tsv", kb.tumor_types.types.len());

        let gene_names: BTreeSet<String> = kb
            .genes
            .iter()
            .flat_map(|g| std::iter::once(g.symbol.clone()).chain(g.aliases.iter().cloned()))
            .collect();
        kb.load_hotspots(get("hotspots.tsv"), imported_hotspots, &gene_names, &mut errors);
        let (bf, bt) = get(benign_truncations::FILE);
        kb.benign_truncations = benign_truncations::parse(bt, bf, &gene_names, &mut errors);
        kb.count(benign_truncations::FILE, kb.benign_truncations.len());

        let (pf, pt) = get("patterns.tsv");
        kb.patterns = patterns::parse_patterns(pt, pf, &gene_names, &kb.tumor_types, &mut errors);
        kb.count("patterns.tsv", kb.patterns.len());

        let (nf, nt) = get("not_assessed.tsv");
        kb.not_assessed = not_assessed::parse(nt, nf, &kb.tumor_types, &mut errors);
        kb.count("not_assessed.tsv", kb.not_assessed.len());

        let (af, at) = get("assays.tsv");
        match assays::parse(at, af) {
            Ok(a) => kb.assays = a,
            Err(e) => errors.extend(e),
        }
        kb.count("assays.tsv", kb.assays.len());
        let (thf, tht) = get("thresholds.toml");
        match thresholds::parse(tht, thf) {
            Ok(t) => kb.thresholds = t,
            Err(e) => errors.extend(e),
        }
        kb.count("thresholds.toml", kb.thresholds.values.len());
        let (rf, rt) = get("therapies.tsv");
        match rules::parse(rt, rf) {
            Ok(r) => kb.therapies = r,
            Err(e) => errors.extend(e),
        }
        kb.count("therapies.tsv", kb.therapies.len());
        kb.approvals_reviewed_through = approvals_reviewed(rt, rf, &mut errors);
        if let Some((df, dt)) = files.get(drug_classes::FILE).map(|s| (s.shown.as_str(), s.text)) {
            kb.drug_classes = drug_classes::parse(dt, df, &mut errors);
            kb.count(drug_classes::FILE, kb.drug_classes.len());
        }
        kb.check_not_empty(files, &mut errors);
        if errors.is_empty() {
            errors.extend(kb.expand_drug_classes());
            errors.extend(rules::check(&kb.therapies, &kb));
        }
        if errors.is_empty() {
            Ok(kb)
        } else {
            Err(errors)
        }
    }

    /// Fill each rule's `class_drugs` from `drug_classes.tsv`; a class no drug carries is an error.
    fn expand_drug_classes(&mut self) -> Vec<KbError> {
        let members: BTreeMap<String, Vec<String>> = drug_classes::members(&self.drug_classes)
            .into_iter()
            .map(|(c, d)| (c.to_string(), d.into_iter().map(str::to_string).collect()))
            .collect();
        let mut errors = Vec::new();
        for r in &mut self.therapies {
            r.class_drugs.clear();
            for c in &r.drug_classes {
                match members.get(c) {
                    Some(drugs) => r.class_drugs.extend(drugs.iter().cloned()),
                    None => errors.push(KbError::new(
                        &r.file,
                        r.line,
                        1,
                        format!(
                            "rule {}: drug class `{c}` is carried by no drug of {}",
                            r.id,
                            drug_classes::FILE
                        ),
                    )),
                }
            }
        }
        errors
    }

    /// A required table without data rows is an error (unless the file already has one):
    /// an empty `therapies.tsv` or `thresholds.toml` would silently change every report.
    fn check_not_empty(&self, files: &BTreeMap<&str, Source>, errors: &mut Vec<KbError>) {
        for f in &self.files {
            if f.rows > 0 || !REQUIRED_FILES.contains(&f.name.as_str()) {
                continue;
            }
            let shown = files.get(f.name.as_str()).map_or(f.name.as_str(), |s| s.shown.as_str());
            if errors.iter().any(|e| e.file == shown) {
                continue;
            }
            errors.push(KbError::new(
                shown,
                1,
                1,
                "empty file: no data rows (a knowledge base needs at least one)",
            ));
        }
    }

    /// Record the row count of a loaded file for `kb info`.
    fn count(&mut self, name: &str, rows: usize) {
        self.files.push(FileInfo {
            name: name.into(),
            rows,
        });
    }

    /// `genes.tsv`, then the imported genes not already curated (curated rows win).
    fn load_genes(&mut self, (gf, gt): (&str, &str), imported: Option<&Source>, errors: &mut Vec<KbError>) {
        self.genes = genes::parse_genes(gt, gf, false, errors);
        self.count("genes.tsv", self.genes.len());
        if let Some(s) = imported {
            let extra = genes::parse_genes(s.text, &s.shown, true, errors);
            self.count(IMPORTED_GENES, extra.len());
            let known: BTreeSet<String> = self.genes.iter().map(|g| g.symbol.clone()).collect();
            self.genes
                .extend(extra.into_iter().filter(|g| !known.contains(&g.symbol)));
        }
    }

    /// `hotspots.tsv` (genes must be known), then the imported rows.
    fn load_hotspots(
        &mut self,
        (hf, ht): (&str, &str),
        imported: Option<&Source>,
        gene_names: &BTreeSet<String>,
        errors: &mut Vec<KbError>,
    ) {
        self.hotspots = hotspots::parse_hotspots(ht, hf, Some(gene_names), errors);
        self.count("hotspots.tsv", self.hotspots.len());
        if let Some(s) = imported {
            let extra = hotspots::parse_hotspots(s.text, &s.shown, None, errors);
            self.count(IMPORTED_HOTSPOTS, extra.len());
            self.hotspots.extend(extra);
        }
    }

    /// Human-readable summary for `oncoprofile kb info`: version, source,
    /// row counts per file, and the distinct sources cited.
    pub fn info(&self) -> String {
        let mut s = format!("version {}\nsource {}\n", self.version, self.source);
        if let Some(m) = &self.approvals_reviewed_through {
            s.push_str(&format!("approvals reviewed through {m}\n"));
        }
        s.push_str("files:\n");
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
        for d in &self.drug_classes {
            add(&d.source);
        }
        s.push_str(&format!("sources cited ({}):\n", cited.len()));
        for c in &cited {
            s.push_str(&format!("  {c}\n"));
        }
        s
    }

    /// Write the embedded files (same format as `annotations/`) to `dir`.
    /// True when `--annotations DIR` gave the germline screen's tables (any of the three).
    pub fn has_own_germline_tables(&self) -> bool {
        self.germline.is_some()
    }

    pub fn write_embedded_files(dir: &Path) -> std::io::Result<()> {
        std::fs::create_dir_all(dir)?;
        for (name, text) in EMBEDDED {
            std::fs::write(dir.join(name), text)?;
        }
        germline::write_embedded(dir)
    }
}

/// Rule ids of `therapies.civic.tsv` that `therapies.tsv` already uses.
fn duplicate_rule_ids(curated: &[rules::TherapyRule], civic: &[rules::TherapyRule]) -> Vec<KbError> {
    let first: HashMap<&str, &rules::TherapyRule> = curated.iter().map(|r| (r.id.as_str(), r)).collect();
    civic
        .iter()
        .filter_map(|r| {
            let prev = first.get(r.id.as_str())?;
            Some(KbError::new(
                &r.file,
                r.line,
                1,
                format!(
                    "duplicate rule id `{}` (first in {} line {})",
                    r.id, prev.file, prev.line
                ),
            ))
        })
        .collect()
}

/// The comment `# approvals reviewed through YYYY-MM` of `therapies.tsv`: the month, checked.
fn approvals_reviewed(text: &str, file: &str, errors: &mut Vec<KbError>) -> Option<String> {
    const KEY: &str = "# approvals reviewed through ";
    let (n, line) = text.lines().enumerate().find(|(_, l)| l.starts_with(KEY))?;
    let month = line[KEY.len()..].split_whitespace().next().unwrap_or("");
    let b = month.as_bytes();
    let ok = b.len() == 7
        && b[4] == b'-'
        && b[..4].iter().chain(&b[5..]).all(u8::is_ascii_digit)
        && matches!(month[5..].parse::<u8>(), Ok(1..=12));
    if ok {
        Some(month.to_string())
    } else {
        errors.push(KbError::new(
            file,
            n + 1,
            KEY.len() + 1,
            format!("approvals reviewed through: expected a month YYYY-MM, got {month:?}"),
        ));
        None
    }
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

#[cfg(test)]
mod tests;
