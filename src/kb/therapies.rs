//! Biomarker → therapy rules (`annotations/therapies.tsv`, and the optional
//! `therapies.civic.tsv` written by `oncoprofile kb import civic`).
//!
//! # File format
//!
//! Tab-separated, one header line naming the columns (any order; `#` lines
//! and blank lines are ignored). Multi-valued cells are `,`-separated, except
//! `references` which is `; `-separated. `.` means empty.
//!
//! | column | meaning |
//! |---|---|
//! | `id` | unique rule id (`TA-PEMBROLIZUMAB-MSIH`, `CIVIC:EID1234`) |
//! | `biomarker_type` | `variant` (exact protein change), `codon`, `class`, `fusion`, `msi_h`, `tmb_h`, `none`, `protein` |
//! | `gene` | gene symbol(s); `.` for `msi_h`, `tmb_h`, `none` (optional for `protein`) |
//! | `alteration` | `variant`: protein changes (`V600E`, `E746_A750del`); `codon`: `G12`; `class`: classifier classes (`exon19_deletion`, `oncogenic`, …); a `!V600E` token excludes that protein change; `tmb_h`: minimum mut/Mb (`10`) or `.`; free text otherwise |
//! | `tumor_types` | tumour-type codes (`SOLID` = tissue-agnostic); `disease:<text>` for an unmapped imported disease |
//! | `excluded_tumor_types` | codes the rule must never be applied to, on- or off-label (`COADREAD` for the BRAF V600E tissue-agnostic label) |
//! | `therapy`, `drugs` | display name; drug list |
//! | `kind` | `targeted`, `immunotherapy`, `chemotherapy`, `hormonal`, `radioligand` |
//! | `evidence_level` | `fda_approved`, `fda_tissue_agnostic`, `guideline`, `clinical_trial`, `case_report_preclinical` |
//! | `trial_design` | optional: `randomised`, `single_arm` or `.` (decides ESCAT I-A vs I-B) |
//! | `direction` | `sensitivity` or `resistance` |
//! | `references` | at least one: `PMID:…`, `FDA label <brand> (<drug>) <year>`, `NCCN <topic> <year>`, `ESMO <year>`, `ENETS <year>`, `CIViC EID…` |
//! | `note` | free text |
//!
//! The tier derivation lives in [`crate::therapies`] and `annotations/THERAPIES.md`.

use super::{KbError, KnowledgeBase};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Classes the classifier sets on `Call.classes` that a `class` rule may name.
pub const CLASSES: &[&str] = &[
    "hotspot",
    "truncating",
    "missense",
    "inframe",
    "exon19_deletion",
    "exon20_insertion",
    "exon11_mutation",
    "exon14_skipping",
    "oncogenic",
    "fusion",
];

pub const KINDS: &[&str] = &["targeted", "immunotherapy", "chemotherapy", "hormonal", "radioligand"];

/// Columns of the rule table, in the order we write them.
pub const COLUMNS: &[&str] = &[
    "id",
    "biomarker_type",
    "gene",
    "alteration",
    "tumor_types",
    "excluded_tumor_types",
    "therapy",
    "drugs",
    "kind",
    "evidence_level",
    "trial_design",
    "direction",
    "references",
    "note",
];
const OPTIONAL_COLUMNS: &[&str] = &["trial_design"];

/// Prefix of a tumour-type token that keeps an unmapped disease name.
pub const DISEASE_PREFIX: &str = "disease:";
/// Prefix of imported CIViC rule ids.
pub const CIVIC_PREFIX: &str = "CIVIC:";

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum BiomarkerType {
    /// Exact protein change(s).
    Variant,
    /// Any change at the named codon(s).
    Codon,
    /// A classifier class (`exon19_deletion`, `truncating`, `oncogenic`, …).
    Class,
    /// A gene fusion (never matched from SNV/indel VCFs).
    Fusion,
    MsiH,
    TmbH,
    /// Not biomarker-driven: a note for matching tumour types.
    None,
    /// A protein target (DLL3, somatostatin receptor): a note only.
    Protein,
}

impl BiomarkerType {
    pub fn parse(s: &str) -> Option<BiomarkerType> {
        Some(match s {
            "variant" => BiomarkerType::Variant,
            "codon" => BiomarkerType::Codon,
            "class" => BiomarkerType::Class,
            "fusion" => BiomarkerType::Fusion,
            "msi_h" => BiomarkerType::MsiH,
            "tmb_h" => BiomarkerType::TmbH,
            "none" => BiomarkerType::None,
            "protein" => BiomarkerType::Protein,
            _ => return Option::None,
        })
    }
    pub fn as_str(self) -> &'static str {
        match self {
            BiomarkerType::Variant => "variant",
            BiomarkerType::Codon => "codon",
            BiomarkerType::Class => "class",
            BiomarkerType::Fusion => "fusion",
            BiomarkerType::MsiH => "msi_h",
            BiomarkerType::TmbH => "tmb_h",
            BiomarkerType::None => "none",
            BiomarkerType::Protein => "protein",
        }
    }
    /// True for rules that list a note instead of matching a genomic trigger.
    pub fn is_note(self) -> bool {
        matches!(self, BiomarkerType::None | BiomarkerType::Protein)
    }
    fn needs_gene(self) -> bool {
        matches!(
            self,
            BiomarkerType::Variant | BiomarkerType::Codon | BiomarkerType::Class | BiomarkerType::Fusion
        )
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum EvidenceLevel {
    FdaApproved,
    FdaTissueAgnostic,
    Guideline,
    ClinicalTrial,
    CaseReportPreclinical,
}

impl EvidenceLevel {
    pub fn parse(s: &str) -> Option<EvidenceLevel> {
        Some(match s {
            "fda_approved" => EvidenceLevel::FdaApproved,
            "fda_tissue_agnostic" => EvidenceLevel::FdaTissueAgnostic,
            "guideline" => EvidenceLevel::Guideline,
            "clinical_trial" => EvidenceLevel::ClinicalTrial,
            "case_report_preclinical" => EvidenceLevel::CaseReportPreclinical,
            _ => return None,
        })
    }
    pub fn as_str(self) -> &'static str {
        match self {
            EvidenceLevel::FdaApproved => "fda_approved",
            EvidenceLevel::FdaTissueAgnostic => "fda_tissue_agnostic",
            EvidenceLevel::Guideline => "guideline",
            EvidenceLevel::ClinicalTrial => "clinical_trial",
            EvidenceLevel::CaseReportPreclinical => "case_report_preclinical",
        }
    }
    /// Approval or guideline: the levels that carry over to other tumour types as off-label evidence.
    pub fn is_approval_or_guideline(self) -> bool {
        matches!(
            self,
            EvidenceLevel::FdaApproved | EvidenceLevel::FdaTissueAgnostic | EvidenceLevel::Guideline
        )
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Direction {
    Sensitivity,
    Resistance,
}

impl Direction {
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Sensitivity => "sensitivity",
            Direction::Resistance => "resistance",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TrialDesign {
    Randomised,
    SingleArm,
}

/// One row of the rule table.
#[derive(Debug, Clone, PartialEq)]
pub struct TherapyRule {
    pub id: String,
    pub biomarker: BiomarkerType,
    /// Gene symbols (upper-case as written); empty when `.`.
    pub genes: Vec<String>,
    /// Alteration tokens, without the `!` exclusions (see `except`).
    pub alterations: Vec<String>,
    /// Protein changes excluded from a `class`/`codon` rule (`!D842V`).
    pub except: Vec<String>,
    /// The raw alteration cell (for display of `none`/`protein` rules).
    pub alteration_text: String,
    pub tumor_types: Vec<String>,
    pub excluded_tumor_types: Vec<String>,
    pub therapy: String,
    pub drugs: Vec<String>,
    pub kind: String,
    pub evidence_level: EvidenceLevel,
    pub trial_design: Option<TrialDesign>,
    pub direction: Direction,
    pub references: Vec<String>,
    pub note: Option<String>,
    /// Where the rule was read from, for `kb check` messages.
    pub file: String,
    pub line: usize,
    /// 1-based character columns of the `gene`, `tumor_types` and `excluded_tumor_types` cells.
    pub gene_column: usize,
    pub tumor_types_column: usize,
    pub excluded_column: usize,
}

impl TherapyRule {
    /// True for rules imported from CIViC (lenient gene check).
    pub fn is_imported(&self) -> bool {
        self.id.starts_with(CIVIC_PREFIX)
    }
    /// True when the rule names the tissue-agnostic root.
    pub fn is_tissue_agnostic(&self) -> bool {
        self.tumor_types.iter().any(|t| t.eq_ignore_ascii_case("SOLID"))
    }
    /// Minimum TMB (mut/Mb) of a `tmb_h` rule, when given.
    pub fn tmb_min(&self) -> Option<f64> {
        if self.biomarker != BiomarkerType::TmbH {
            return None;
        }
        self.alterations.first().and_then(|a| a.parse::<f64>().ok())
    }
    /// Human-readable biomarker label (`BRAF V600E`, `EGFR exon19_deletion`, `MSI-H`).
    pub fn biomarker_label(&self) -> String {
        let genes = self.genes.join("/");
        match self.biomarker {
            BiomarkerType::MsiH => "MSI-H".to_string(),
            BiomarkerType::TmbH => match self.tmb_min() {
                Some(m) => format!("TMB-high (>= {m} mut/Mb)"),
                None => "TMB-high".to_string(),
            },
            BiomarkerType::None => "none (not biomarker-driven)".to_string(),
            BiomarkerType::Protein => {
                let t = self.alteration_text.trim();
                if genes.is_empty() {
                    format!("{t} (protein target)")
                } else {
                    format!("{genes} {t} (protein target)")
                }
            }
            BiomarkerType::Fusion => format!("{genes} fusion"),
            _ => {
                let mut s = format!("{genes} {}", self.alterations.join("/"));
                if !self.except.is_empty() {
                    s.push_str(&format!(" (except {})", self.except.join("/")));
                }
                s
            }
        }
    }

    /// The row as one TSV line in [`COLUMNS`] order (no trailing newline).
    pub fn to_tsv(&self) -> String {
        let dot = |v: &[String], sep: &str| {
            if v.is_empty() {
                ".".to_string()
            } else {
                v.join(sep)
            }
        };
        let mut alts: Vec<String> = self.alterations.clone();
        alts.extend(self.except.iter().map(|e| format!("!{e}")));
        let alteration = match self.biomarker {
            BiomarkerType::None | BiomarkerType::Protein => {
                if self.alteration_text.is_empty() {
                    ".".to_string()
                } else {
                    self.alteration_text.clone()
                }
            }
            _ => dot(&alts, ","),
        };
        let cells = [
            self.id.clone(),
            self.biomarker.as_str().to_string(),
            dot(&self.genes, ","),
            alteration,
            dot(&self.tumor_types, ","),
            dot(&self.excluded_tumor_types, ","),
            self.therapy.clone(),
            dot(&self.drugs, ","),
            self.kind.clone(),
            self.evidence_level.as_str().to_string(),
            match self.trial_design {
                Some(TrialDesign::Randomised) => "randomised".into(),
                Some(TrialDesign::SingleArm) => "single_arm".into(),
                None => ".".into(),
            },
            self.direction.as_str().to_string(),
            dot(&self.references, "; "),
            self.note.clone().unwrap_or_else(|| ".".into()),
        ];
        cells.iter().map(|c| clean_cell(c)).collect::<Vec<_>>().join("\t")
    }
}

/// Make free text safe for one TSV cell.
fn clean_cell(s: &str) -> String {
    let t: String = s
        .chars()
        .map(|c| if c == '\t' || c == '\n' || c == '\r' { ' ' } else { c })
        .collect();
    let t = t.trim().to_string();
    if t.is_empty() {
        ".".into()
    } else {
        t
    }
}

/// The header line of the rule table.
pub fn header_line() -> String {
    COLUMNS.join("\t")
}

fn cell_opt(s: &str) -> Option<&str> {
    let s = s.trim();
    if s.is_empty() || s == "." {
        None
    } else {
        Some(s)
    }
}

fn split_list(s: &str, sep: char) -> Vec<String> {
    cell_opt(s)
        .map(|s| {
            s.split(sep)
                .map(str::trim)
                .filter(|x| !x.is_empty() && *x != ".")
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

/// Strip `p.` and compare protein changes case-insensitively.
pub fn norm_protein(s: &str) -> String {
    let s = s.trim();
    let s = s.strip_prefix("p.").unwrap_or(s);
    s.trim_start_matches('(').trim_end_matches(')').to_ascii_uppercase()
}

fn looks_like_protein_change(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 3 && (b[0].is_ascii_uppercase() || b[0] == b'*') && b[1].is_ascii_digit()
}

fn looks_like_codon(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 2 && b[0].is_ascii_uppercase() && b[1..].iter().all(|c| c.is_ascii_digit())
}

/// Parse the rule table. Errors name `file:line:column: reason`; all rows are checked.
pub fn parse(text: &str, file: &str) -> Result<Vec<TherapyRule>, Vec<KbError>> {
    let mut errors = Vec::new();
    let mut rules = Vec::new();
    let mut header: Option<Vec<String>> = None;
    let mut idx: BTreeMap<&str, usize> = BTreeMap::new();
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for (i, raw) in text.lines().enumerate() {
        let line_no = i + 1;
        let line = raw.trim_end_matches('\r');
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let cells: Vec<&str> = line.split('\t').collect();
        // 1-based character column where each cell starts.
        let mut starts = Vec::with_capacity(cells.len());
        let mut col = 1;
        for c in &cells {
            starts.push(col);
            col += c.chars().count() + 1;
        }
        let Some(h) = &header else {
            let names: Vec<String> = cells.iter().map(|c| c.trim().to_string()).collect();
            for &want in COLUMNS {
                match names.iter().position(|n| n == want) {
                    Some(p) => {
                        idx.insert(want, p);
                    }
                    None if OPTIONAL_COLUMNS.contains(&want) => {}
                    None => errors.push(KbError::new(file, line_no, 1, format!("header lacks column `{want}`"))),
                }
            }
            if !errors.is_empty() {
                return Err(errors);
            }
            header = Some(names);
            continue;
        };
        if cells.len() != h.len() {
            errors.push(KbError::new(
                file,
                line_no,
                1,
                format!("expected {} tab-separated fields, found {}", h.len(), cells.len()),
            ));
            continue;
        }
        let get = |name: &str| -> (&str, usize) {
            match idx.get(name) {
                Some(&p) => (cells[p].trim(), starts[p]),
                None => ("", 1),
            }
        };
        let mut row_err = |col: usize, reason: String| errors.push(KbError::new(file, line_no, col, reason));

        let (id, id_col) = get("id");
        if cell_opt(id).is_none() {
            row_err(id_col, "empty rule id".into());
        } else if let Some(prev) = seen.get(id) {
            row_err(id_col, format!("duplicate rule id `{id}` (first on line {prev})"));
        } else {
            seen.insert(id.to_string(), line_no);
        }

        let (bt, bt_col) = get("biomarker_type");
        let biomarker = BiomarkerType::parse(bt);
        if biomarker.is_none() {
            row_err(
                bt_col,
                format!("unknown biomarker_type `{bt}` (variant, codon, class, fusion, msi_h, tmb_h, none, protein)"),
            );
        }

        let (gene, gene_col) = get("gene");
        let genes: Vec<String> = split_list(gene, ',');
        if let Some(b) = biomarker {
            if b.needs_gene() && genes.is_empty() {
                row_err(gene_col, format!("biomarker_type {} needs a gene", b.as_str()));
            }
            if matches!(b, BiomarkerType::MsiH | BiomarkerType::TmbH | BiomarkerType::None) && !genes.is_empty() {
                row_err(
                    gene_col,
                    format!("biomarker_type {} takes no gene (use `.`)", b.as_str()),
                );
            }
        }

        let (alt, alt_col) = get("alteration");
        let mut alterations = Vec::new();
        let mut except = Vec::new();
        for tok in split_list(alt, ',') {
            if let Some(x) = tok.strip_prefix('!') {
                except.push(norm_protein(x));
            } else {
                alterations.push(tok);
            }
        }
        match biomarker {
            Some(BiomarkerType::Variant) => {
                if alterations.is_empty() {
                    row_err(alt_col, "variant rule needs at least one protein change".into());
                }
                for a in alterations.iter_mut() {
                    let n = a.strip_prefix("p.").unwrap_or(a).to_string();
                    if !looks_like_protein_change(&n) {
                        row_err(alt_col, format!("`{a}` is not a protein change like V600E"));
                    }
                    *a = n;
                }
            }
            Some(BiomarkerType::Codon) => {
                if alterations.is_empty() {
                    row_err(alt_col, "codon rule needs at least one codon like G12".into());
                }
                for a in alterations.iter_mut() {
                    let n = a.strip_prefix("p.").unwrap_or(a).to_string();
                    if !looks_like_codon(&n) {
                        row_err(alt_col, format!("`{a}` is not a codon like G12"));
                    }
                    *a = n;
                }
            }
            Some(BiomarkerType::Class) => {
                if alterations.is_empty() {
                    row_err(alt_col, "class rule needs a class".into());
                }
                for a in &alterations {
                    if !CLASSES.contains(&a.as_str()) {
                        row_err(alt_col, format!("unknown class `{a}` (one of {})", CLASSES.join(", ")));
                    }
                }
            }
            Some(BiomarkerType::TmbH)
                if alterations.len() > 1
                    || alterations
                        .iter()
                        .any(|a| a.parse::<f64>().map_or(true, |v| v.is_nan() || v < 0.0)) =>
            {
                row_err(
                    alt_col,
                    format!("tmb_h alteration must be a minimum in mut/Mb or `.`, not `{alt}`"),
                );
            }
            _ => {}
        }
        if !except.is_empty() && !matches!(biomarker, Some(BiomarkerType::Class | BiomarkerType::Codon)) {
            row_err(
                alt_col,
                "`!` exclusions are allowed only in class and codon rules".into(),
            );
        }

        let (tt, tt_col) = get("tumor_types");
        let tumor_types = split_list(tt, ',');
        if tumor_types.is_empty() {
            row_err(tt_col, "tumor_types is empty (use SOLID for tissue-agnostic)".into());
        }
        let (ex, ex_col) = get("excluded_tumor_types");
        let excluded_tumor_types = split_list(ex, ',');

        let (therapy, th_col) = get("therapy");
        if cell_opt(therapy).is_none() {
            row_err(th_col, "empty therapy".into());
        }
        let (drugs, dr_col) = get("drugs");
        let drugs = split_list(drugs, ',');
        if drugs.is_empty() {
            row_err(dr_col, "empty drugs".into());
        }
        let (kind, kind_col) = get("kind");
        if !KINDS.contains(&kind) {
            row_err(kind_col, format!("unknown kind `{kind}` (one of {})", KINDS.join(", ")));
        }
        let (lvl, lvl_col) = get("evidence_level");
        let evidence_level = EvidenceLevel::parse(lvl);
        if evidence_level.is_none() {
            row_err(
                lvl_col,
                format!("unknown evidence_level `{lvl}` (fda_approved, fda_tissue_agnostic, guideline, clinical_trial, case_report_preclinical)"),
            );
        }
        let (td, td_col) = get("trial_design");
        let trial_design = match cell_opt(td) {
            None => None,
            Some("randomised") | Some("randomized") => Some(TrialDesign::Randomised),
            Some("single_arm") => Some(TrialDesign::SingleArm),
            Some(other) => {
                row_err(
                    td_col,
                    format!("unknown trial_design `{other}` (randomised, single_arm or .)"),
                );
                None
            }
        };
        let (dir, dir_col) = get("direction");
        let direction = match dir {
            "sensitivity" => Some(Direction::Sensitivity),
            "resistance" => Some(Direction::Resistance),
            _ => {
                row_err(
                    dir_col,
                    format!("unknown direction `{dir}` (sensitivity or resistance)"),
                );
                None
            }
        };
        let (refs, ref_col) = get("references");
        let references: Vec<String> = refs
            .split(';')
            .map(str::trim)
            .filter(|s| !s.is_empty() && *s != ".")
            .map(str::to_string)
            .collect();
        if references.is_empty() {
            row_err(ref_col, "every rule needs at least one reference".into());
        }
        for r in &references {
            if let Some(p) = r.strip_prefix("PMID:") {
                if p.trim().is_empty() || !p.trim().chars().all(|c| c.is_ascii_digit()) {
                    row_err(ref_col, format!("malformed PMID reference `{r}`"));
                }
            }
        }
        let (note, _) = get("note");

        if let (Some(biomarker), Some(evidence_level), Some(direction)) = (biomarker, evidence_level, direction) {
            rules.push(TherapyRule {
                id: id.to_string(),
                biomarker,
                genes,
                alterations,
                except,
                alteration_text: cell_opt(alt).unwrap_or("").to_string(),
                tumor_types,
                excluded_tumor_types,
                therapy: therapy.to_string(),
                drugs,
                kind: kind.to_string(),
                evidence_level,
                trial_design,
                direction,
                references,
                note: cell_opt(note).map(str::to_string),
                file: file.to_string(),
                line: line_no,
                gene_column: gene_col,
                tumor_types_column: tt_col,
                excluded_column: ex_col,
            });
        }
    }
    if header.is_none() && !text.trim().is_empty() {
        errors.push(KbError::new(file, 1, 1, "no header line"));
    }
    if errors.is_empty() {
        Ok(rules)
    } else {
        Err(errors)
    }
}

/// Cross-checks against the rest of the base: every tumour-type code must be in
/// `tumor_types.tsv` (tokens `disease:<text>` are kept from imports and skipped),
/// and every gene must be in `genes.tsv` — except for rules imported from CIViC,
/// whose genes may lie outside the curated gene list (they still match by symbol).
pub fn check(rules: &[TherapyRule], kb: &KnowledgeBase) -> Vec<KbError> {
    let mut errors = Vec::new();
    for r in rules {
        for (list, col, what) in [
            (&r.tumor_types, r.tumor_types_column, "tumor_types"),
            (&r.excluded_tumor_types, r.excluded_column, "excluded_tumor_types"),
        ] {
            for code in list {
                if code.starts_with(DISEASE_PREFIX) {
                    continue;
                }
                if kb.tumor_types.get(code).is_none() {
                    errors.push(KbError::new(
                        &r.file,
                        r.line,
                        col,
                        format!(
                            "rule {}: unknown tumour type `{code}` in {what} (not in tumor_types.tsv)",
                            r.id
                        ),
                    ));
                }
            }
        }
        if !r.is_imported() {
            for g in &r.genes {
                if kb.gene(g).is_none() {
                    errors.push(KbError::new(
                        &r.file,
                        r.line,
                        r.gene_column,
                        format!("rule {}: unknown gene `{g}` (not in genes.tsv)", r.id),
                    ));
                }
            }
        }
    }
    errors
}

// ---------------------------------------------------------------------------
// CIViC import
// ---------------------------------------------------------------------------

/// File name the CIViC import writes into the knowledge-base directory.
pub const CIVIC_FILE: &str = "therapies.civic.tsv";

/// CIViC disease names → tumour-type codes. Anything else is kept as
/// `disease:<name>` and can only ever be off-label evidence.
const CIVIC_DISEASES: &[(&str, &str)] = &[
    ("non-small cell lung carcinoma", "NSCLC"),
    ("lung non-small cell carcinoma", "NSCLC"),
    ("lung adenocarcinoma", "LUAD"),
    ("lung squamous cell carcinoma", "LUSC"),
    ("lung small cell carcinoma", "SCLC"),
    ("small cell lung carcinoma", "SCLC"),
    ("colorectal cancer", "COADREAD"),
    ("colorectal adenocarcinoma", "COADREAD"),
    ("colorectal carcinoma", "COADREAD"),
    ("colon cancer", "COAD"),
    ("colon adenocarcinoma", "COAD"),
    ("rectum cancer", "READ"),
    ("rectal adenocarcinoma", "READ"),
    ("melanoma", "MEL"),
    ("skin melanoma", "SKCM"),
    ("cutaneous melanoma", "SKCM"),
    ("uveal melanoma", "UM"),
    ("breast cancer", "BRCA"),
    ("her2-receptor positive breast cancer", "BRCA"),
    ("estrogen-receptor positive breast cancer", "BRCA"),
    ("triple-receptor negative breast cancer", "BRCA"),
    ("breast carcinoma", "BRCA"),
    ("ovarian cancer", "OV"),
    ("ovarian carcinoma", "OV"),
    ("epithelial ovarian cancer", "OV"),
    ("ovarian serous carcinoma", "HGSOC"),
    ("high grade ovarian serous adenocarcinoma", "HGSOC"),
    ("gastrointestinal stromal tumor", "GIST"),
    ("prostate cancer", "PRAD"),
    ("prostate adenocarcinoma", "PRAD"),
    ("castration-resistant prostate carcinoma", "PRAD"),
    ("pancreatic cancer", "PAAD"),
    ("pancreatic adenocarcinoma", "PAAD"),
    ("pancreatic ductal adenocarcinoma", "PAAD"),
    ("pancreatic carcinoma", "PAAD"),
    ("cholangiocarcinoma", "CHOL"),
    ("intrahepatic cholangiocarcinoma", "CHOL"),
    ("bladder carcinoma", "BLCA"),
    ("urothelial carcinoma", "BLCA"),
    ("transitional cell carcinoma", "BLCA"),
    ("bladder urothelial carcinoma", "BLCA"),
    ("thyroid carcinoma", "THCA"),
    ("thyroid gland cancer", "THCA"),
    ("thyroid gland carcinoma", "THCA"),
    ("thyroid gland papillary carcinoma", "THPA"),
    ("papillary thyroid carcinoma", "THPA"),
    ("thyroid gland anaplastic carcinoma", "THAP"),
    ("anaplastic thyroid carcinoma", "THAP"),
    ("thyroid medullary carcinoma", "THME"),
    ("thyroid gland medullary carcinoma", "THME"),
    ("medullary thyroid carcinoma", "THME"),
    ("stomach carcinoma", "STAD"),
    ("stomach cancer", "STAD"),
    ("gastric adenocarcinoma", "STAD"),
    ("stomach adenocarcinoma", "STAD"),
    ("esophagus adenocarcinoma", "EGC"),
    ("esophageal squamous cell carcinoma", "ESCC"),
    ("head and neck squamous cell carcinoma", "HNSC"),
    ("endometrial cancer", "UCEC"),
    ("endometrial carcinoma", "UCEC"),
    ("uterine corpus endometrial carcinoma", "UCEC"),
    ("glioblastoma", "GBM"),
    ("glioblastoma multiforme", "GBM"),
    ("malignant glioma", "GLIOMA"),
    ("brain glioma", "GLIOMA"),
    ("high grade glioma", "GLIOMA"),
    ("low grade glioma", "GLIOMA"),
    ("astrocytoma", "ASTR"),
    ("oligodendroglioma", "ODG"),
    ("renal cell carcinoma", "RCC"),
    ("clear cell renal cell carcinoma", "CCRCC"),
    ("hepatocellular carcinoma", "HCC"),
    ("malignant mesothelioma", "MESO"),
    ("pleural mesothelioma", "MESO"),
    ("peritoneal mesothelioma", "MESO"),
    ("sarcoma", "SARCOMA"),
    ("soft tissue sarcoma", "SARCOMA"),
    ("adrenal cortex carcinoma", "ACC"),
    ("adrenocortical carcinoma", "ACC"),
    ("cervical cancer", "CESC"),
    ("merkel cell carcinoma", "MCC"),
    ("neuroendocrine tumor", "NET"),
    ("pancreatic neuroendocrine tumor", "PANET"),
    ("neuroendocrine carcinoma", "NEC"),
    ("pheochromocytoma", "PHC"),
    ("paraganglioma", "PGNG"),
];

fn civic_disease_code(disease: &str) -> Option<&'static str> {
    let d = disease.trim().to_ascii_lowercase();
    CIVIC_DISEASES.iter().find(|(n, _)| *n == d).map(|(_, c)| *c)
}

/// How a CIViC variant name maps onto a rule's biomarker.
fn civic_variant(gene: &str, variant: &str) -> Option<(BiomarkerType, Vec<String>)> {
    let v = variant.trim();
    let up = v.to_ascii_uppercase();
    let one = |b: BiomarkerType, s: &str| Some((b, vec![s.to_string()]));
    match up.as_str() {
        "MUTATION"
        | "LOSS-OF-FUNCTION"
        | "LOSS OF FUNCTION"
        | "DELETERIOUS MUTATION"
        | "ACTIVATING MUTATION"
        | "ONCOGENIC MUTATION" => return one(BiomarkerType::Class, "oncogenic"),
        "TRUNCATING MUTATION" | "FRAMESHIFT TRUNCATION" | "NONSENSE MUTATION" => {
            return one(BiomarkerType::Class, "truncating")
        }
        "EXON 19 DELETION" => return one(BiomarkerType::Class, "exon19_deletion"),
        "EXON 20 INSERTION" => return one(BiomarkerType::Class, "exon20_insertion"),
        "EXON 14 SKIPPING MUTATION" | "EXON 14 SKIPPING" => return one(BiomarkerType::Class, "exon14_skipping"),
        "EXON 11 MUTATION" if gene == "KIT" => return one(BiomarkerType::Class, "exon11_mutation"),
        "EXON 2 MUTATION" if gene == "KRAS" || gene == "NRAS" => {
            return Some((BiomarkerType::Codon, vec!["G12".into(), "G13".into()]))
        }
        "FUSION" | "FUSIONS" | "REARRANGEMENT" | "TRANSLOCATION" => return one(BiomarkerType::Fusion, "fusion"),
        _ => {}
    }
    if up.ends_with(" FUSION") || up.ends_with(" FUSIONS") {
        // `ALK FUSIONS`, `EML4-ALK` style without a resistance mutation.
        let head = up.trim_end_matches(" FUSIONS").trim_end_matches(" FUSION");
        if !head.contains(' ') {
            return one(BiomarkerType::Fusion, "fusion");
        }
        return None;
    }
    if up.contains("::")
        || (up.contains('-')
            && !up.contains(' ')
            && up
                .split('-')
                .all(|p| p.len() >= 2 && p.chars().all(|c| c.is_ascii_alphanumeric()))
            && up.split('-').any(|p| p == gene))
    {
        // Bare fusion names (`ETV6::NTRK3`, `EML4-ALK`); fusions with extra tokens are skipped.
        if up.contains(' ') {
            return None;
        }
        return one(BiomarkerType::Fusion, "fusion");
    }
    // `G12/G13`, `V600E/K` are codon or change lists.
    let parts: Vec<&str> = v.split('/').map(str::trim).collect();
    if parts.iter().all(|p| looks_like_codon(p)) {
        return Some((BiomarkerType::Codon, parts.iter().map(|p| p.to_string()).collect()));
    }
    if parts.len() == 1 && looks_like_protein_change(v) && !v.contains(' ') {
        // Normalise CIViC case: `E746_A750DEL` → `E746_A750del`, `M774INSAYVM` → `M774insAYVM`.
        return one(BiomarkerType::Variant, &civic_protein_case(v));
    }
    None
}

/// Write CIViC protein changes with lower-case HGVS keywords, like the annotation does.
fn civic_protein_case(v: &str) -> String {
    let mut s = v.to_string();
    for (up, low) in [
        ("DELINS", "delins"),
        ("DEL", "del"),
        ("INS", "ins"),
        ("DUP", "dup"),
        ("FS", "fs"),
    ] {
        s = s.replace(up, low);
    }
    s
}

const CHECKPOINT: &[&str] = &[
    "pembrolizumab",
    "nivolumab",
    "ipilimumab",
    "atezolizumab",
    "durvalumab",
    "avelumab",
    "cemiplimab",
    "dostarlimab",
    "tremelimumab",
];
const CHEMO: &[&str] = &[
    "cisplatin",
    "carboplatin",
    "oxaliplatin",
    "fluorouracil",
    "capecitabine",
    "irinotecan",
    "paclitaxel",
    "docetaxel",
    "gemcitabine",
    "etoposide",
    "temozolomide",
    "doxorubicin",
    "cyclophosphamide",
    "pemetrexed",
    "cytarabine",
    "daunorubicin",
    "streptozocin",
    "idarubicin",
    "epirubicin",
    "mitomycin",
    "vinorelbine",
    "vincristine",
    "methotrexate",
    "azacitidine",
    "decitabine",
    "trabectedin",
    "eribulin",
    "topotecan",
    "lurbinectedin",
    "dacarbazine",
];
const HORMONAL: &[&str] = &[
    "tamoxifen",
    "fulvestrant",
    "letrozole",
    "anastrozole",
    "exemestane",
    "enzalutamide",
    "abiraterone",
    "elacestrant",
];

fn civic_kind(drugs: &[String]) -> &'static str {
    let has = |list: &[&str]| drugs.iter().any(|d| list.iter().any(|x| d.contains(x)));
    if has(CHECKPOINT) {
        "immunotherapy"
    } else if drugs.iter().all(|d| CHEMO.iter().any(|x| d.contains(x))) {
        "chemotherapy"
    } else if drugs.iter().all(|d| HORMONAL.iter().any(|x| d.contains(x))) {
        "hormonal"
    } else {
        "targeted"
    }
}

/// Counters reported by the CIViC import.
#[derive(Debug, Default)]
struct CivicStats {
    rows: usize,
    predictive_accepted: usize,
    written: usize,
    not_supports: usize,
    other_significance: usize,
    unmapped_variant: usize,
    no_drug: usize,
    no_citation: usize,
    duplicate: usize,
    mapped_disease: usize,
    unmapped_disease: usize,
}

/// `oncoprofile kb import civic FILE… --out DIR`: add CIViC predictive evidence to the
/// knowledge-base directory `out` (which already holds the base files) as
/// `therapies.civic.tsv`. Reads the 2018 nightly `ClinicalEvidenceSummaries` format
/// and the 2022 accepted-evidence format (header names decide). Returns a summary line.
///
/// Kept: `evidence_type` Predictive, `evidence_status` accepted, `evidence_direction`
/// Supports, clinical significance sensitivity/response (→ sensitivity) or
/// resistance / reduced sensitivity (→ resistance), with drugs and a citation.
/// Levels: A → guideline, B → clinical_trial, C/D/E → case_report_preclinical.
/// Variants: protein changes → `variant`, codons → `codon`, MUTATION / LOSS-OF-FUNCTION →
/// `class oncogenic`, exon classes → their class, fusions → `fusion`; expression,
/// amplification, compound and other variants are skipped.
pub fn import_civic(files: &[PathBuf], out: &Path) -> Result<String, crate::Error> {
    if files.is_empty() {
        return Err(crate::Error::Usage("kb import civic: no CIViC file given".into()));
    }
    let mut rules: Vec<TherapyRule> = Vec::new();
    let mut ids: BTreeSet<String> = BTreeSet::new();
    let mut stats = CivicStats::default();
    for f in files {
        let text = std::fs::read_to_string(f).map_err(|e| crate::Error::io(f, e))?;
        import_civic_text(&text, f, &mut rules, &mut ids, &mut stats)?;
    }
    rules.sort_by(|a, b| civic_eid(&a.id).cmp(&civic_eid(&b.id)).then_with(|| a.id.cmp(&b.id)));
    std::fs::create_dir_all(out).map_err(|e| crate::Error::io(out, e))?;
    let mut s = String::new();
    s.push_str("# CIViC predictive evidence imported by `oncoprofile kb import civic` (CC0, civicdb.org).\n");
    s.push_str("# Same format as therapies.tsv; unmapped diseases are kept as `disease:<name>` (off-label only).\n");
    s.push_str(&header_line());
    s.push('\n');
    for r in &rules {
        s.push_str(&r.to_tsv());
        s.push('\n');
    }
    let path = out.join(CIVIC_FILE);
    // Write atomically: temp file then rename.
    let tmp = out.join(format!(".{CIVIC_FILE}.tmp"));
    std::fs::write(&tmp, &s).map_err(|e| crate::Error::io(&tmp, e))?;
    std::fs::rename(&tmp, &path).map_err(|e| crate::Error::io(&path, e))?;
    // The written file must parse back.
    if let Err(errs) = parse(&s, &path.display().to_string()) {
        let first = errs.first().map(|e| e.to_string()).unwrap_or_default();
        return Err(crate::Error::Internal(format!(
            "CIViC import wrote an unreadable file: {first}"
        )));
    }
    Ok(format!(
        "CIViC: {} rows read, {} predictive accepted, {} rules written to {} \
         (diseases mapped to tumour types: {}, kept as disease text: {}); skipped: \
         {} not 'Supports', {} other significance, {} unmapped variant (expression/amplification/compound), \
         {} without drug, {} without citation, {} evidence ids repeated in a later file (later file kept)",
        stats.rows,
        stats.predictive_accepted,
        stats.written,
        path.display(),
        stats.mapped_disease,
        stats.unmapped_disease,
        stats.not_supports,
        stats.other_significance,
        stats.unmapped_variant,
        stats.no_drug,
        stats.no_citation,
        stats.duplicate,
    ))
}

/// Read `therapies.civic.tsv` from a knowledge-base directory, when present
/// (empty when absent). The KB loader appends these rules to `kb.therapies`
/// and runs [`check`] on them (imported genes are not required in `genes.tsv`).
pub fn load_civic(dir: &Path) -> Result<Vec<TherapyRule>, Vec<KbError>> {
    let path = dir.join(CIVIC_FILE);
    if !path.exists() {
        return Ok(vec![]);
    }
    let shown = path.display().to_string();
    match std::fs::read_to_string(&path) {
        Ok(text) => parse(&text, &shown),
        Err(e) => Err(vec![KbError::new(&shown, 0, 0, format!("cannot read: {e}"))]),
    }
}

fn civic_eid(id: &str) -> u64 {
    id.trim_start_matches(CIVIC_PREFIX)
        .trim_start_matches("EID")
        .parse()
        .unwrap_or(u64::MAX)
}

fn import_civic_text(
    text: &str,
    file: &Path,
    rules: &mut Vec<TherapyRule>,
    ids: &mut BTreeSet<String>,
    stats: &mut CivicStats,
) -> Result<(), crate::Error> {
    let mut lines = text.lines().enumerate();
    let Some((_, head)) = lines.next() else {
        return Err(crate::Error::input(file, "empty CIViC file"));
    };
    let cols: Vec<&str> = head.trim_end_matches('\r').split('\t').map(str::trim).collect();
    let col = |name: &str| cols.iter().position(|c| *c == name);
    let need = |name: &str| {
        col(name)
            .ok_or_else(|| crate::Error::at_line(file, 1, format!("not a CIViC evidence TSV: header lacks `{name}`")))
    };
    let c_gene = need("gene")?;
    let c_variant = need("variant")?;
    let c_disease = need("disease")?;
    let c_drugs = need("drugs")?;
    let c_type = need("evidence_type")?;
    let c_dir = need("evidence_direction")?;
    let c_level = need("evidence_level")?;
    let c_sig = need("clinical_significance")?;
    let c_status = need("evidence_status")?;
    let c_eid = need("evidence_id")?;
    let c_pmid = col("pubmed_id");
    let c_cit = col("citation_id");
    let c_src = col("source_type");
    let c_inter = col("drug_interaction_type");
    let c_stmt = col("evidence_statement");
    if c_pmid.is_none() && c_cit.is_none() {
        return Err(crate::Error::at_line(
            file,
            1,
            "not a CIViC evidence TSV: header lacks `pubmed_id` or `citation_id`",
        ));
    }
    let fname = file.display().to_string();
    for (i, raw) in lines {
        let line = raw.trim_end_matches('\r');
        if line.trim().is_empty() {
            continue;
        }
        stats.rows += 1;
        let cells: Vec<&str> = line.split('\t').collect();
        let get = |c: usize| cells.get(c).map(|s| s.trim()).unwrap_or("");
        let geto = |c: Option<usize>| c.map(get).unwrap_or("");
        if get(c_type) != "Predictive" || !get(c_status).eq_ignore_ascii_case("accepted") {
            continue;
        }
        stats.predictive_accepted += 1;
        if get(c_dir) != "Supports" {
            stats.not_supports += 1;
            continue;
        }
        let sig = get(c_sig).to_ascii_lowercase();
        let direction = if sig.starts_with("sensitivity") || sig == "response" {
            Direction::Sensitivity
        } else if sig.starts_with("resistance") || sig == "reduced sensitivity" {
            Direction::Resistance
        } else {
            stats.other_significance += 1;
            continue;
        };
        let gene = get(c_gene).to_string();
        let Some((biomarker, alterations)) = civic_variant(&gene, get(c_variant)) else {
            stats.unmapped_variant += 1;
            continue;
        };
        if gene.is_empty() {
            stats.unmapped_variant += 1;
            continue;
        }
        let drug_names: Vec<String> = get(c_drugs)
            .split(',')
            .map(|d| d.trim().to_ascii_lowercase())
            .filter(|d| !d.is_empty())
            .collect();
        if drug_names.is_empty() {
            stats.no_drug += 1;
            continue;
        }
        let joiner = match geto(c_inter) {
            "Combination" => " + ",
            "Substitutes" => " or ",
            "Sequential" => " then ",
            _ if drug_names.len() > 1 => ", ",
            _ => "",
        };
        let therapy = drug_names.join(joiner);
        let level = match get(c_level) {
            "A" => EvidenceLevel::Guideline,
            "B" => EvidenceLevel::ClinicalTrial,
            "C" | "D" | "E" => EvidenceLevel::CaseReportPreclinical,
            _ => {
                stats.other_significance += 1;
                continue;
            }
        };
        let eid = get(c_eid).trim_end_matches(".0").to_string();
        if eid.is_empty() || !eid.chars().all(|c| c.is_ascii_digit()) {
            stats.no_citation += 1;
            continue;
        }
        let id = format!("{CIVIC_PREFIX}EID{eid}");
        if !ids.insert(id.clone()) {
            // The same evidence item in several dumps: the later file (newer dump) wins.
            stats.duplicate += 1;
            rules.retain(|r| r.id != id);
            stats.written = stats.written.saturating_sub(1);
        }
        let mut references = Vec::new();
        if let Some(c) = c_pmid {
            let p = get(c).trim_end_matches(".0");
            if !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()) {
                references.push(format!("PMID:{p}"));
            }
        }
        if let Some(c) = c_cit {
            let raw = get(c);
            let src = geto(c_src);
            let num: String = raw.chars().take_while(|c| c.is_ascii_digit()).collect();
            if !num.is_empty() {
                if src.eq_ignore_ascii_case("ASCO") || raw.contains("(ASCO)") {
                    references.push(format!("ASCO abstract {num}"));
                } else {
                    references.push(format!("PMID:{num}"));
                }
            }
        }
        if references.is_empty() {
            stats.no_citation += 1;
            continue;
        }
        references.push(format!("CIViC EID{eid}"));
        let disease = get(c_disease);
        let tumor_types = match civic_disease_code(disease) {
            Some(code) => {
                stats.mapped_disease += 1;
                vec![code.to_string()]
            }
            None => {
                stats.unmapped_disease += 1;
                let d: String = disease
                    .chars()
                    .map(|c| if c == ',' || c == '\t' || c == ';' { ' ' } else { c })
                    .collect();
                let d = d.split_whitespace().collect::<Vec<_>>().join(" ");
                vec![format!(
                    "{DISEASE_PREFIX}{}",
                    if d.is_empty() { "unspecified" } else { &d }
                )]
            }
        };
        let level_letter = get(c_level);
        let mut note = format!(
            "CIViC evidence level {level_letter} ({}; {}) in {}",
            get(c_sig),
            get(c_variant),
            if disease.is_empty() {
                "unspecified disease"
            } else {
                disease
            }
        );
        let stmt = geto(c_stmt);
        if !stmt.is_empty() {
            let short: String = stmt.chars().take(240).collect();
            note.push_str(": ");
            note.push_str(&short);
            if stmt.chars().count() > 240 {
                note.push('…');
            }
        }
        let kind = civic_kind(&drug_names).to_string();
        rules.push(TherapyRule {
            id,
            biomarker,
            genes: vec![gene],
            alterations,
            except: vec![],
            alteration_text: get(c_variant).to_string(),
            tumor_types,
            excluded_tumor_types: vec![],
            therapy,
            drugs: drug_names,
            kind,
            evidence_level: level,
            trial_design: None,
            direction,
            references,
            note: Some(clean_cell(&note)),
            file: fname.clone(),
            line: i + 1,
            gene_column: 1,
            tumor_types_column: 1,
            excluded_column: 1,
        });
        stats.written += 1;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEAD: &str = "id\tbiomarker_type\tgene\talteration\ttumor_types\texcluded_tumor_types\ttherapy\tdrugs\tkind\tevidence_level\ttrial_design\tdirection\treferences\tnote";

    #[test]
    fn parses_a_row_and_round_trips() {
        let t = format!("{HEAD}\nR1\tvariant\tBRAF\tp.V600E\tSOLID\tCOADREAD\td + t\tdabrafenib,trametinib\ttargeted\tfda_tissue_agnostic\t.\tsensitivity\tFDA label Tafinlar (dabrafenib) 2022\tnote\n");
        let r = parse(&t, "x.tsv").unwrap();
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].alterations, vec!["V600E"]);
        assert_eq!(r[0].excluded_tumor_types, vec!["COADREAD"]);
        assert_eq!(r[0].line, 2);
        let again = parse(&format!("{HEAD}\n{}\n", r[0].to_tsv()), "x.tsv").unwrap();
        assert_eq!(again[0].alterations, r[0].alterations);
        assert_eq!(again[0].references, r[0].references);
    }

    #[test]
    fn errors_name_line_and_column() {
        let t = format!("{HEAD}\nR1\tvariant\tBRAF\tV600E\tSOLID\t.\tx\tx\ttargeted\tbogus\t.\tsensitivity\t.\t.\n");
        let e = parse(&t, "x.tsv").unwrap_err();
        let s: Vec<String> = e.iter().map(|e| e.to_string()).collect();
        assert!(
            s.iter()
                .any(|m| m.starts_with("x.tsv:2:") && m.contains("evidence_level")),
            "{s:?}"
        );
        assert!(s.iter().any(|m| m.contains("at least one reference")), "{s:?}");
    }

    #[test]
    fn civic_variant_names() {
        assert_eq!(
            civic_variant("BRAF", "V600E"),
            Some((BiomarkerType::Variant, vec!["V600E".into()]))
        );
        assert_eq!(
            civic_variant("KRAS", "G12"),
            Some((BiomarkerType::Codon, vec!["G12".into()]))
        );
        assert_eq!(
            civic_variant("EGFR", "MUTATION"),
            Some((BiomarkerType::Class, vec!["oncogenic".into()]))
        );
        assert_eq!(
            civic_variant("NTRK3", "ETV6::NTRK3").map(|x| x.0),
            Some(BiomarkerType::Fusion)
        );
        assert_eq!(
            civic_variant("ALK", "EML4-ALK").map(|x| x.0),
            Some(BiomarkerType::Fusion)
        );
        assert_eq!(civic_variant("ERBB2", "AMPLIFICATION"), None);
        assert_eq!(civic_variant("ROS1", "CD74-ROS1 G2032R"), None);
        assert_eq!(
            civic_variant("EGFR", "E746_A750DEL"),
            Some((BiomarkerType::Variant, vec!["E746_A750del".into()]))
        );
    }
}
