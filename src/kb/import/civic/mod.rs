//! `oncoprofile kb import civic`: CIViC predictive evidence → `therapies.civic.tsv`.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

mod vocabulary;

use crate::kb::rules::{
    clean_cell, header_line, parse, BiomarkerType, Direction, EvidenceLevel, TherapyRule, CIVIC_FILE, CIVIC_PREFIX,
    DISEASE_PREFIX,
};
use crate::model::AlterationClass;
use vocabulary::{civic_disease_code, civic_kind, civic_variant};

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
        let text = crate::lines::read_to_string(f).map_err(|e| crate::Error::io(f, e))?;
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
    // Atomically, through an unpredictable exclusive temporary (crate::output).
    crate::output::write_atomic(&path, s.as_bytes())?;
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

fn civic_eid(id: &str) -> u64 {
    id.trim_start_matches(CIVIC_PREFIX)
        .trim_start_matches("EID")
        .parse()
        .unwrap_or(u64::MAX)
}

/// Column indices of a CIViC evidence TSV, from its header line.
struct CivicColumns {
    gene: usize,
    variant: usize,
    disease: usize,
    drugs: usize,
    evidence_type: usize,
    direction: usize,
    level: usize,
    significance: usize,
    status: usize,
    eid: usize,
    pmid: Option<usize>,
    citation: Option<usize>,
    source_type: Option<usize>,
    interaction: Option<usize>,
    statement: Option<usize>,
}

impl CivicColumns {
    fn from_header(head: &str, file: &Path) -> Result<CivicColumns, crate::Error> {
        let cols: Vec<&str> = head.trim_end_matches('\r').split('\t').map(str::trim).collect();
        let col = |name: &str| cols.iter().position(|c| *c == name);
        let need = |name: &str| {
            col(name).ok_or_else(|| {
                crate::Error::at_line(file, 1, format!("not a CIViC evidence TSV: header lacks `{name}`"))
            })
        };
        let c = CivicColumns {
            gene: need("gene")?,
            variant: need("variant")?,
            disease: need("disease")?,
            drugs: need("drugs")?,
            evidence_type: need("evidence_type")?,
            direction: need("evidence_direction")?,
            level: need("evidence_level")?,
            significance: need("clinical_significance")?,
            status: need("evidence_status")?,
            eid: need("evidence_id")?,
            pmid: col("pubmed_id"),
            citation: col("citation_id"),
            source_type: col("source_type"),
            interaction: col("drug_interaction_type"),
            statement: col("evidence_statement"),
        };
        if c.pmid.is_none() && c.citation.is_none() {
            return Err(crate::Error::at_line(
                file,
                1,
                "not a CIViC evidence TSV: header lacks `pubmed_id` or `citation_id`",
            ));
        }
        Ok(c)
    }
}

/// One data line of a CIViC evidence TSV.
struct CivicRow<'a> {
    cells: Vec<&'a str>,
    cols: &'a CivicColumns,
}

impl<'a> CivicRow<'a> {
    fn get(&self, c: usize) -> &'a str {
        self.cells.get(c).map(|s| s.trim()).unwrap_or("")
    }
    fn geto(&self, c: Option<usize>) -> &'a str {
        c.map(|c| self.get(c)).unwrap_or("")
    }

    /// Sensitivity or resistance from the clinical significance; None for other significances.
    fn direction(&self) -> Option<Direction> {
        let sig = self.get(self.cols.significance).to_ascii_lowercase();
        if sig.starts_with("sensitivity") || sig == "response" {
            Some(Direction::Sensitivity)
        } else if sig.starts_with("resistance") || sig == "reduced sensitivity" {
            Some(Direction::Resistance)
        } else {
            None
        }
    }

    fn drugs(&self) -> Vec<String> {
        self.get(self.cols.drugs)
            .split(',')
            .map(|d| d.trim().to_ascii_lowercase())
            .filter(|d| !d.is_empty())
            .collect()
    }

    /// The display name of the therapy: drugs joined by their interaction type.
    fn therapy(&self, drug_names: &[String]) -> String {
        let joiner = match self.geto(self.cols.interaction) {
            "Combination" => " + ",
            "Substitutes" => " or ",
            "Sequential" => " then ",
            _ if drug_names.len() > 1 => ", ",
            _ => "",
        };
        drug_names.join(joiner)
    }

    fn level(&self) -> Option<EvidenceLevel> {
        match self.get(self.cols.level) {
            "A" => Some(EvidenceLevel::Guideline),
            "B" => Some(EvidenceLevel::ClinicalTrial),
            "C" | "D" | "E" => Some(EvidenceLevel::CaseReportPreclinical),
            _ => None,
        }
    }

    /// PMID / ASCO references (without the CIViC EID).
    fn references(&self) -> Vec<String> {
        let mut references = Vec::new();
        if let Some(c) = self.cols.pmid {
            let p = self.get(c).trim_end_matches(".0");
            if !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()) {
                references.push(format!("PMID:{p}"));
            }
        }
        if let Some(c) = self.cols.citation {
            let raw = self.get(c);
            let src = self.geto(self.cols.source_type);
            let num: String = raw.chars().take_while(|c| c.is_ascii_digit()).collect();
            if !num.is_empty() {
                if src.eq_ignore_ascii_case("ASCO") || raw.contains("(ASCO)") {
                    references.push(format!("ASCO abstract {num}"));
                } else {
                    references.push(format!("PMID:{num}"));
                }
            }
        }
        references
    }

    /// The mapped tumour-type code, or `disease:<name>`; the bool is true when mapped.
    fn tumor_types(&self) -> (Vec<String>, bool) {
        let disease = self.get(self.cols.disease);
        match civic_disease_code(disease) {
            Some(code) => (vec![code.to_string()], true),
            None => {
                let d: String = disease
                    .chars()
                    .map(|c| if c == ',' || c == '\t' || c == ';' { ' ' } else { c })
                    .collect();
                let d = d.split_whitespace().collect::<Vec<_>>().join(" ");
                let name = if d.is_empty() { "unspecified" } else { &d };
                (vec![format!("{DISEASE_PREFIX}{name}")], false)
            }
        }
    }

    fn note(&self) -> String {
        let disease = self.get(self.cols.disease);
        let mut note = format!(
            "CIViC evidence level {} ({}; {}) in {}",
            self.get(self.cols.level),
            self.get(self.cols.significance),
            self.get(self.cols.variant),
            if disease.is_empty() {
                "unspecified disease"
            } else {
                disease
            }
        );
        let stmt = self.geto(self.cols.statement);
        if !stmt.is_empty() {
            let short: String = stmt.chars().take(240).collect();
            note.push_str(": ");
            note.push_str(&short);
            if stmt.chars().count() > 240 {
                note.push('…');
            }
        }
        clean_cell(&note)
    }
}

/// Where the rules of one import go, with the ids seen so far and the counters.
struct CivicSink<'a> {
    rules: &'a mut Vec<TherapyRule>,
    ids: &'a mut BTreeSet<String>,
    stats: &'a mut CivicStats,
}

impl CivicSink<'_> {
    /// Turn one accepted row into a rule, or count why it was skipped.
    fn row(&mut self, row: &CivicRow, file: &str, line: usize) {
        let c = row.cols;
        if row.get(c.evidence_type) != "Predictive" || !row.get(c.status).eq_ignore_ascii_case("accepted") {
            return;
        }
        self.stats.predictive_accepted += 1;
        if row.get(c.direction) != "Supports" {
            self.stats.not_supports += 1;
            return;
        }
        let Some(direction) = row.direction() else {
            self.stats.other_significance += 1;
            return;
        };
        let gene = row.get(c.gene).to_string();
        let Some((biomarker, alterations)) = civic_variant(&gene, row.get(c.variant)) else {
            self.stats.unmapped_variant += 1;
            return;
        };
        if gene.is_empty() {
            self.stats.unmapped_variant += 1;
            return;
        }
        let drug_names = row.drugs();
        if drug_names.is_empty() {
            self.stats.no_drug += 1;
            return;
        }
        let therapy = row.therapy(&drug_names);
        let Some(level) = row.level() else {
            self.stats.other_significance += 1;
            return;
        };
        let eid = row.get(c.eid).trim_end_matches(".0").to_string();
        if eid.is_empty() || !eid.chars().all(|c| c.is_ascii_digit()) {
            self.stats.no_citation += 1;
            return;
        }
        let id = format!("{CIVIC_PREFIX}EID{eid}");
        if !self.ids.insert(id.clone()) {
            // The same evidence item in several dumps: the later file (newer dump) wins.
            self.stats.duplicate += 1;
            self.rules.retain(|r| r.id != id);
            self.stats.written = self.stats.written.saturating_sub(1);
        }
        let mut references = row.references();
        if references.is_empty() {
            self.stats.no_citation += 1;
            return;
        }
        references.push(format!("CIViC EID{eid}"));
        let (tumor_types, mapped) = row.tumor_types();
        if mapped {
            self.stats.mapped_disease += 1;
        } else {
            self.stats.unmapped_disease += 1;
        }
        let kind = civic_kind(&drug_names).to_string();
        let classes = match biomarker {
            BiomarkerType::Class => alterations.iter().filter_map(|a| AlterationClass::parse(a)).collect(),
            _ => Vec::new(),
        };
        self.rules.push(TherapyRule {
            id,
            biomarker,
            genes: vec![gene],
            alterations,
            classes,
            except: vec![],
            with: vec![],
            alteration_text: row.get(c.variant).to_string(),
            tumor_types,
            excluded_tumor_types: vec![],
            therapy,
            drugs: drug_names,
            drug_classes: vec![],
            class_drugs: vec![],
            kind,
            evidence_level: level,
            trial_design: None,
            direction,
            extrapolation: false,
            references,
            note: Some(row.note()),
            file: file.to_string(),
            line,
            gene_column: 1,
            tumor_types_column: 1,
            excluded_column: 1,
        });
        self.stats.written += 1;
    }
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
    let cols = CivicColumns::from_header(head, file)?;
    let fname = file.display().to_string();
    let mut sink = CivicSink { rules, ids, stats };
    for (i, raw) in lines {
        let line = raw.trim_end_matches('\r');
        if line.trim().is_empty() {
            continue;
        }
        sink.stats.rows += 1;
        let row = CivicRow {
            cells: line.split('\t').collect(),
            cols: &cols,
        };
        sink.row(&row, &fname, i + 1);
    }
    Ok(())
}
