//! The therapy-rule model: biomarker → therapy rules (`annotations/therapies.tsv`, and the optional
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
//! | `biomarker_type` | `variant` (exact protein change), `codon`, `class`, `fusion`, `amplification`, `deletion`, `msi_h`, `tmb_h`, `none`, `protein` |
//! | `gene` | gene symbol(s); `.` for `msi_h`, `tmb_h`, `none` (optional for `protein`) |
//! | `alteration` | `amplification`: `.`; `deletion`: `homozygous_deletion`, `loss` (any copy loss, homozygous included) or `biallelic` (homozygous deletion, or a loss/LOH with a truncating variant of the gene); `variant`: protein changes (`V600E`, `E746_A750del`); `codon`: `G12`; `class`: classifier classes (`exon19_deletion`, `oncogenic`, …); a `!V600E` token excludes that protein change; `tmb_h`: minimum mut/Mb (`10`) or `.`; free text otherwise |
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
//!
//! This module is the *rule model* and its parser ([`parse`], [`check`]); matching
//! rules to a patient lives in [`crate::therapies`].

mod parse;

pub use parse::{check, load_civic, parse};

use crate::model::{AlterationClass, RuleColumn};

/// Classes a `class` rule (or a hotspot row's `biomarker_class`) may name: those whose
/// [`AlterationClass::rule_column`] is [`RuleColumn::Class`].
pub(crate) fn classes() -> impl Iterator<Item = AlterationClass> {
    AlterationClass::ALL
        .into_iter()
        .filter(|c| c.rule_column() == Some(RuleColumn::Class))
}

/// The alterations a `deletion` rule may name; the copy-number alterations carry them as classes
/// (`crate::pipeline` sets them from the gene calls).
pub(crate) fn deletion_kinds() -> impl Iterator<Item = AlterationClass> {
    AlterationClass::ALL
        .into_iter()
        .filter(|c| c.rule_column() == Some(RuleColumn::Deletion))
}

/// The names of [`classes`], for messages.
pub(crate) fn class_names() -> String {
    classes().map(|c| c.as_str()).collect::<Vec<_>>().join(", ")
}

pub(crate) const KINDS: &[&str] = &["targeted", "immunotherapy", "chemotherapy", "hormonal", "radioligand"];

/// Columns of the rule table, in the order we write them.
pub(crate) const COLUMNS: &[&str] = &[
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
    "extrapolation",
    "references",
    "note",
];

/// Drugs whose use is specific to one tumour type (endocrine therapy, anti-androgens, anti-EGFR
/// antibodies): a rule naming one never has `extrapolation` yes (`kb check`).
pub(crate) const TUMOUR_SPECIFIC_DRUGS: &[&str] = &[
    "fulvestrant",
    "letrozole",
    "anastrozole",
    "exemestane",
    "tamoxifen",
    "elacestrant",
    "imlunestrant",
    "vepdegestrant",
    "abiraterone",
    "abiraterone acetate",
    "enzalutamide",
    "apalutamide",
    "darolutamide",
    "cetuximab",
    "panitumumab",
];

/// Prefix of a `drugs` token that names a drug class of `drug_classes.tsv` (`class:egfr_c797_covalent`).
pub(crate) const DRUG_CLASS_PREFIX: &str = "class:";
/// Prefix of an `alteration` token naming an alteration the patient must also carry
/// (`with:KRAS:G12C`); several are alternatives.
pub(crate) const WITH_PREFIX: &str = "with:";

/// Prefix of a tumour-type token that keeps an unmapped disease name.
pub(crate) const DISEASE_PREFIX: &str = "disease:";
/// Prefix of imported CIViC rule ids.
pub const CIVIC_PREFIX: &str = "CIVIC:";
/// File name the CIViC import writes into the knowledge-base directory.
pub const CIVIC_FILE: &str = "therapies.civic.tsv";

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
    /// A copy-number amplification of the gene (`--cna`).
    Amplification,
    /// A copy-number loss of the gene (`--cna`): which loss, in the rule's alteration
    /// ([`deletion_kinds`]).
    Deletion,
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
            "amplification" => BiomarkerType::Amplification,
            "deletion" => BiomarkerType::Deletion,
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
            BiomarkerType::Amplification => "amplification",
            BiomarkerType::Deletion => "deletion",
            BiomarkerType::MsiH => "msi_h",
            BiomarkerType::TmbH => "tmb_h",
            BiomarkerType::None => "none",
            BiomarkerType::Protein => "protein",
        }
    }
    /// True for rules that list a note instead of matching a genomic trigger.
    pub(crate) fn is_note(self) -> bool {
        matches!(self, BiomarkerType::None | BiomarkerType::Protein)
    }
    pub(crate) fn needs_gene(self) -> bool {
        matches!(
            self,
            BiomarkerType::Variant
                | BiomarkerType::Codon
                | BiomarkerType::Class
                | BiomarkerType::Fusion
                | BiomarkerType::Amplification
                | BiomarkerType::Deletion
        )
    }
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize, schemars::JsonSchema,
)]
pub enum EvidenceLevel {
    #[serde(rename = "fda_approved")]
    FdaApproved,
    #[serde(rename = "fda_tissue_agnostic")]
    FdaTissueAgnostic,
    #[serde(rename = "guideline")]
    Guideline,
    #[serde(rename = "clinical_trial")]
    ClinicalTrial,
    #[serde(rename = "case_report_preclinical")]
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
    pub(crate) fn is_approval_or_guideline(self) -> bool {
        matches!(
            self,
            EvidenceLevel::FdaApproved | EvidenceLevel::FdaTissueAgnostic | EvidenceLevel::Guideline
        )
    }
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize, schemars::JsonSchema,
)]
pub enum Direction {
    #[serde(rename = "sensitivity")]
    Sensitivity,
    #[serde(rename = "resistance")]
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
pub(crate) enum TrialDesign {
    Randomised,
    SingleArm,
}

/// One row of the rule table.
#[derive(Debug, Clone, PartialEq)]
pub struct TherapyRule {
    pub id: String,
    pub biomarker: BiomarkerType,
    /// Gene symbols (upper-case as written); empty when `.`.
    pub(crate) genes: Vec<String>,
    /// Alteration tokens, without the `!` exclusions (see `except`).
    pub alterations: Vec<String>,
    /// The alterations of a `class` or `deletion` rule, as classes (empty for other rules).
    pub(crate) classes: Vec<AlterationClass>,
    /// Protein changes excluded from a `class`/`codon` rule (`!D842V`).
    pub(crate) except: Vec<String>,
    /// Co-occurring alterations, one of which the patient must also carry (`with:KRAS:G12C` →
    /// (`KRAS`, `G12C`)): an acquired-resistance row is about a treatment of that alteration.
    pub(crate) with: Vec<(String, String)>,
    /// The raw alteration cell (for display of `none`/`protein` rules).
    pub(crate) alteration_text: String,
    pub tumor_types: Vec<String>,
    pub excluded_tumor_types: Vec<String>,
    pub therapy: String,
    /// The drugs named one by one in the `drugs` cell.
    pub drugs: Vec<String>,
    /// The drug classes named in the `drugs` cell (`class:NAME` → `NAME`).
    pub(crate) drug_classes: Vec<String>,
    /// The drugs of those classes (from `drug_classes.tsv`), filled in when the knowledge base
    /// is assembled.
    pub(crate) class_drugs: Vec<String>,
    pub kind: String,
    pub evidence_level: EvidenceLevel,
    pub(crate) trial_design: Option<TrialDesign>,
    pub direction: Direction,
    /// The rule may be listed as off-label evidence for other tumour types (`extrapolation` yes;
    /// no for imported CIViC rows and files without the column).
    pub(crate) extrapolation: bool,
    pub references: Vec<String>,
    pub note: Option<String>,
    /// Where the rule was read from, for `kb check` messages.
    pub(crate) file: String,
    pub line: usize,
    /// 1-based character columns of the `gene`, `tumor_types` and `excluded_tumor_types` cells.
    pub(crate) gene_column: usize,
    pub(crate) tumor_types_column: usize,
    pub(crate) excluded_column: usize,
}

impl TherapyRule {
    /// True for rules imported from CIViC (lenient gene check).
    pub fn is_imported(&self) -> bool {
        self.id.starts_with(CIVIC_PREFIX)
    }
    /// The rule's drugs that are specific to one tumour type ([`TUMOUR_SPECIFIC_DRUGS`]).
    pub(crate) fn tumour_specific_drugs(&self) -> Vec<&str> {
        self.drugs
            .iter()
            .map(String::as_str)
            .filter(|d| TUMOUR_SPECIFIC_DRUGS.iter().any(|t| t.eq_ignore_ascii_case(d.trim())))
            .collect()
    }
    /// Every drug of the rule: those named, then those of its classes (no duplicates).
    pub(crate) fn all_drugs(&self) -> Vec<String> {
        let mut out = self.drugs.clone();
        for d in &self.class_drugs {
            if !out.iter().any(|x| x.eq_ignore_ascii_case(d)) {
                out.push(d.clone());
            }
        }
        out
    }
    /// True when the rule names the tissue-agnostic root.
    pub(crate) fn is_tissue_agnostic(&self) -> bool {
        self.tumor_types.iter().any(|t| t.eq_ignore_ascii_case("SOLID"))
    }
    /// Minimum TMB (mut/Mb) of a `tmb_h` rule, when given.
    pub(crate) fn tmb_min(&self) -> Option<f64> {
        if self.biomarker != BiomarkerType::TmbH {
            return None;
        }
        self.alterations.first().and_then(|a| a.parse::<f64>().ok())
    }
    /// Human-readable biomarker label (`BRAF V600E`, `EGFR exon19_deletion`, `MSI-H`).
    pub(crate) fn biomarker_label(&self) -> String {
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
            BiomarkerType::Amplification => format!("{genes} amplification"),
            BiomarkerType::Deletion => format!("{genes} {}", self.alterations.join("/").replace('_', " ")),
            _ => {
                let mut s = format!("{genes} {}", self.alterations.join("/"));
                if !self.except.is_empty() {
                    s.push_str(&format!(" (except {})", self.except.join("/")));
                }
                if !self.with.is_empty() {
                    let with: Vec<String> = self.with.iter().map(|(g, c)| format!("{g} {c}")).collect();
                    s.push_str(&format!(" (with {})", with.join(" or ")));
                }
                s
            }
        }
    }

    /// The row as one TSV line in [`COLUMNS`] order (no trailing newline).
    pub(crate) fn to_tsv(&self) -> String {
        let dot = |v: &[String], sep: &str| {
            if v.is_empty() {
                ".".to_string()
            } else {
                v.join(sep)
            }
        };
        let mut alts: Vec<String> = self.alterations.clone();
        alts.extend(self.except.iter().map(|e| format!("!{e}")));
        alts.extend(self.with.iter().map(|(g, c)| format!("{WITH_PREFIX}{g}:{c}")));
        let mut drugs = self.drugs.clone();
        drugs.extend(self.drug_classes.iter().map(|c| format!("{DRUG_CLASS_PREFIX}{c}")));
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
            dot(&drugs, ","),
            self.kind.clone(),
            self.evidence_level.as_str().to_string(),
            match self.trial_design {
                Some(TrialDesign::Randomised) => "randomised".into(),
                Some(TrialDesign::SingleArm) => "single_arm".into(),
                None => ".".into(),
            },
            self.direction.as_str().to_string(),
            if self.extrapolation { "yes" } else { "no" }.to_string(),
            dot(&self.references, "; "),
            self.note.clone().unwrap_or_else(|| ".".into()),
        ];
        cells.iter().map(|c| clean_cell(c)).collect::<Vec<_>>().join("\t")
    }
}

/// Make free text safe for one TSV cell.
pub(crate) fn clean_cell(s: &str) -> String {
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
pub(crate) fn header_line() -> String {
    COLUMNS.join("\t")
}

pub(crate) fn cell_opt(s: &str) -> Option<&str> {
    let s = s.trim();
    if s.is_empty() || s == "." {
        None
    } else {
        Some(s)
    }
}

pub(crate) fn split_list(s: &str, sep: char) -> Vec<String> {
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
pub(crate) fn norm_protein(s: &str) -> String {
    let s = s.trim();
    let s = s.strip_prefix("p.").unwrap_or(s);
    s.trim_start_matches('(').trim_end_matches(')').to_ascii_uppercase()
}

pub(crate) fn looks_like_protein_change(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 3 && (b[0].is_ascii_uppercase() || b[0] == b'*') && b[1].is_ascii_digit()
}

pub(crate) fn looks_like_codon(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 2 && b[0].is_ascii_uppercase() && b[1..].iter().all(|c| c.is_ascii_digit())
}

display_as_str!(EvidenceLevel, Direction);
