//! Parser and cross-checks of the rule table (`therapies.tsv`, `therapies.civic.tsv`).

use std::collections::BTreeMap;
use std::path::Path;

use super::{
    cell_opt, class_names, looks_like_codon, looks_like_protein_change, norm_protein, split_list, BiomarkerType,
    Direction, EvidenceLevel, TherapyRule, TrialDesign, CIVIC_FILE, CIVIC_PREFIX, COLUMNS, DISEASE_PREFIX,
    DRUG_CLASS_PREFIX, KINDS, WITH_PREFIX,
};
use crate::kb::{KbError, KnowledgeBase};
use crate::model::{AlterationClass, RuleColumn};

const OPTIONAL_COLUMNS: &[&str] = &["trial_design", "extrapolation"];

/// The header line: column name → cell index, and the number of cells.
struct Header {
    idx: BTreeMap<&'static str, usize>,
    len: usize,
}

/// Split a line on tabs; each cell with the 1-based character column where it starts.
fn split_cells(line: &str) -> (Vec<&str>, Vec<usize>) {
    let cells: Vec<&str> = line.split('\t').collect();
    let mut starts = Vec::with_capacity(cells.len());
    let mut col = 1;
    for c in &cells {
        starts.push(col);
        col += c.chars().count() + 1;
    }
    (cells, starts)
}

fn parse_header(cells: &[&str], file: &str, line_no: usize) -> Result<Header, Vec<KbError>> {
    let names: Vec<String> = cells.iter().map(|c| c.trim().to_string()).collect();
    let mut idx = BTreeMap::new();
    let mut errors = Vec::new();
    for &want in COLUMNS {
        match names.iter().position(|n| n == want) {
            Some(p) => {
                idx.insert(want, p);
            }
            None if OPTIONAL_COLUMNS.contains(&want) => {}
            None => errors.push(KbError::new(file, line_no, 1, format!("header lacks column `{want}`"))),
        }
    }
    if errors.is_empty() {
        Ok(Header { idx, len: names.len() })
    } else {
        Err(errors)
    }
}

/// The parsed `alteration` cell.
struct Alterations<'a> {
    alterations: Vec<String>,
    /// The alterations of a class or deletion rule as classes.
    classes: Vec<AlterationClass>,
    except: Vec<String>,
    with: Vec<(String, String)>,
    text: &'a str,
}

/// One data row being parsed; errors are collected, not returned.
struct RuleRow<'a> {
    file: &'a str,
    line_no: usize,
    cells: Vec<&'a str>,
    starts: Vec<usize>,
    header: &'a Header,
    errors: &'a mut Vec<KbError>,
}

impl<'a> RuleRow<'a> {
    /// The trimmed cell of a column and its 1-based start column (`""`, 1 when absent).
    fn get(&self, name: &str) -> (&'a str, usize) {
        match self.header.idx.get(name) {
            Some(&p) => (
                self.cells.get(p).map_or("", |c| c.trim()),
                self.starts.get(p).copied().unwrap_or(1),
            ),
            None => ("", 1),
        }
    }

    fn err(&mut self, col: usize, reason: String) {
        self.errors.push(KbError::new(self.file, self.line_no, col, reason));
    }

    fn id(&mut self, seen: &mut BTreeMap<String, usize>) -> &'a str {
        let (id, id_col) = self.get("id");
        if cell_opt(id).is_none() {
            self.err(id_col, "empty rule id".into());
        } else if let Some(prev) = seen.get(id) {
            self.err(id_col, format!("duplicate rule id `{id}` (first on line {prev})"));
        } else {
            seen.insert(id.to_string(), self.line_no);
        }
        id
    }

    fn biomarker(&mut self) -> Option<BiomarkerType> {
        let (bt, bt_col) = self.get("biomarker_type");
        let biomarker = BiomarkerType::parse(bt);
        if biomarker.is_none() {
            self.err(
                bt_col,
                format!("unknown biomarker_type `{bt}` (variant, codon, class, fusion, amplification, deletion, msi_h, tmb_h, none, protein)"),
            );
        }
        biomarker
    }

    fn genes(&mut self, biomarker: Option<BiomarkerType>) -> (Vec<String>, usize) {
        let (gene, gene_col) = self.get("gene");
        let genes: Vec<String> = split_list(gene, ',');
        if let Some(b) = biomarker {
            if b.needs_gene() && genes.is_empty() {
                self.err(gene_col, format!("biomarker_type {} needs a gene", b.as_str()));
            }
            if matches!(b, BiomarkerType::MsiH | BiomarkerType::TmbH | BiomarkerType::None) && !genes.is_empty() {
                self.err(
                    gene_col,
                    format!("biomarker_type {} takes no gene (use `.`)", b.as_str()),
                );
            }
        }
        (genes, gene_col)
    }

    /// Alteration tokens, `!` exclusions and `with:` co-requirements, checked against the
    /// biomarker type.
    fn alterations(&mut self, biomarker: Option<BiomarkerType>) -> Alterations<'a> {
        let (alt, alt_col) = self.get("alteration");
        let mut alterations = Vec::new();
        let mut except = Vec::new();
        let mut with = Vec::new();
        let mut classes = Vec::new();
        for tok in split_list(alt, ',') {
            if let Some(x) = tok.strip_prefix('!') {
                except.push(norm_protein(x));
            } else if let Some(x) = tok.strip_prefix(WITH_PREFIX) {
                match x.split_once(':') {
                    Some((g, c)) if !g.trim().is_empty() && looks_like_protein_change(&norm_protein(c)) => {
                        with.push((g.trim().to_string(), norm_protein(c)));
                    }
                    _ => self.err(alt_col, format!("`{tok}` is not `with:GENE:CHANGE` (with:KRAS:G12C)")),
                }
            } else {
                alterations.push(tok);
            }
        }
        match biomarker {
            Some(BiomarkerType::Variant) => {
                if alterations.is_empty() {
                    self.err(alt_col, "variant rule needs at least one protein change".into());
                }
                self.normalise(
                    &mut alterations,
                    alt_col,
                    looks_like_protein_change,
                    "a protein change like V600E",
                );
            }
            Some(BiomarkerType::Codon) => {
                if alterations.is_empty() {
                    self.err(alt_col, "codon rule needs at least one codon like G12".into());
                }
                self.normalise(&mut alterations, alt_col, looks_like_codon, "a codon like G12");
            }
            Some(BiomarkerType::Class) => {
                if alterations.is_empty() {
                    self.err(alt_col, "class rule needs a class".into());
                }
                for a in &alterations {
                    match AlterationClass::parse(a).filter(|c| c.rule_column() == Some(RuleColumn::Class)) {
                        Some(c) => classes.push(c),
                        None => self.err(alt_col, format!("unknown class `{a}` (one of {})", class_names())),
                    }
                }
            }
            Some(BiomarkerType::Deletion) => {
                classes = alterations
                    .iter()
                    .filter_map(|a| AlterationClass::parse(a).filter(|c| c.rule_column() == Some(RuleColumn::Deletion)))
                    .collect();
                if alterations.is_empty() || classes.len() < alterations.len() {
                    let kinds: Vec<&str> = super::deletion_kinds().map(|k| k.as_str()).collect();
                    self.err(
                        alt_col,
                        format!("deletion rule needs one of {}, not `{alt}`", kinds.join(", ")),
                    );
                }
            }
            Some(BiomarkerType::Amplification) if alterations.iter().any(|a| a != "amplification") => {
                self.err(
                    alt_col,
                    format!("amplification rule takes `.` or `amplification`, not `{alt}`"),
                );
            }
            Some(BiomarkerType::TmbH)
                if alterations.len() > 1
                    || alterations
                        .iter()
                        .any(|a| a.parse::<f64>().map_or(true, |v| v.is_nan() || v < 0.0)) =>
            {
                self.err(
                    alt_col,
                    format!("tmb_h alteration must be a minimum in mut/Mb or `.`, not `{alt}`"),
                );
            }
            _ => {}
        }
        if !except.is_empty() && !matches!(biomarker, Some(BiomarkerType::Class | BiomarkerType::Codon)) {
            self.err(
                alt_col,
                "`!` exclusions are allowed only in class and codon rules".into(),
            );
        }
        if !with.is_empty() && biomarker.is_some_and(|b| !b.needs_gene()) {
            self.err(
                alt_col,
                "`with:` is allowed only in variant, codon, class and fusion rules".into(),
            );
        }
        Alterations {
            alterations,
            classes,
            except,
            with,
            text: alt,
        }
    }

    /// The `drugs` cell: drugs, and `class:NAME` drug classes.
    fn drugs(&mut self) -> (Vec<String>, Vec<String>) {
        let (v, _) = self.required_list("drugs", "empty drugs");
        let (classes, drugs): (Vec<String>, Vec<String>) =
            v.into_iter().partition(|d| d.starts_with(DRUG_CLASS_PREFIX));
        let classes = classes
            .iter()
            .map(|c| c[DRUG_CLASS_PREFIX.len()..].trim().to_string())
            .collect();
        (drugs, classes)
    }

    /// Strip `p.` from each token and check its shape.
    fn normalise(&mut self, tokens: &mut [String], col: usize, ok: fn(&str) -> bool, what: &str) {
        for a in tokens.iter_mut() {
            let n = a.strip_prefix("p.").unwrap_or(a).to_string();
            if !ok(&n) {
                self.err(col, format!("`{a}` is not {what}"));
            }
            *a = n;
        }
    }

    /// A non-empty `,`-list (`what` names it in the error).
    fn required_list(&mut self, name: &str, reason: &str) -> (Vec<String>, usize) {
        let (cell, col) = self.get(name);
        let v = split_list(cell, ',');
        if v.is_empty() {
            self.err(col, reason.into());
        }
        (v, col)
    }

    fn therapy(&mut self) -> &'a str {
        let (therapy, th_col) = self.get("therapy");
        if cell_opt(therapy).is_none() {
            self.err(th_col, "empty therapy".into());
        }
        therapy
    }

    fn kind(&mut self) -> &'a str {
        let (kind, kind_col) = self.get("kind");
        if !KINDS.contains(&kind) {
            self.err(kind_col, format!("unknown kind `{kind}` (one of {})", KINDS.join(", ")));
        }
        kind
    }

    fn evidence_level(&mut self) -> Option<EvidenceLevel> {
        let (lvl, lvl_col) = self.get("evidence_level");
        let evidence_level = EvidenceLevel::parse(lvl);
        if evidence_level.is_none() {
            self.err(
                lvl_col,
                format!("unknown evidence_level `{lvl}` (fda_approved, fda_tissue_agnostic, guideline, clinical_trial, case_report_preclinical)"),
            );
        }
        evidence_level
    }

    fn trial_design(&mut self) -> Option<TrialDesign> {
        let (td, td_col) = self.get("trial_design");
        match cell_opt(td) {
            None => None,
            Some("randomised") | Some("randomized") => Some(TrialDesign::Randomised),
            Some("single_arm") => Some(TrialDesign::SingleArm),
            Some(other) => {
                self.err(
                    td_col,
                    format!("unknown trial_design `{other}` (randomised, single_arm or .)"),
                );
                None
            }
        }
    }

    fn direction(&mut self) -> Option<Direction> {
        let (dir, dir_col) = self.get("direction");
        match dir {
            "sensitivity" => Some(Direction::Sensitivity),
            "resistance" => Some(Direction::Resistance),
            _ => {
                self.err(
                    dir_col,
                    format!("unknown direction `{dir}` (sensitivity or resistance)"),
                );
                None
            }
        }
    }

    /// `extrapolation`: `yes` or `no`; `.` or no column only for imported CIViC rows (→ no).
    fn extrapolation(&mut self, id: &str) -> bool {
        if !self.header.idx.contains_key("extrapolation") {
            return false;
        }
        let (v, col) = self.get("extrapolation");
        match v {
            "yes" => true,
            "no" => false,
            "." | "" if id.starts_with(CIVIC_PREFIX) => false,
            other => {
                self.err(col, format!("extrapolation must be yes or no, got `{other}`"));
                false
            }
        }
    }

    fn references(&mut self) -> Vec<String> {
        let (refs, ref_col) = self.get("references");
        let references: Vec<String> = refs
            .split(';')
            .map(str::trim)
            .filter(|s| !s.is_empty() && *s != ".")
            .map(str::to_string)
            .collect();
        if references.is_empty() {
            self.err(ref_col, "every rule needs at least one reference".into());
        }
        for r in &references {
            if let Some(p) = r.strip_prefix("PMID:") {
                if p.trim().is_empty() || !p.trim().chars().all(|c| c.is_ascii_digit()) {
                    self.err(ref_col, format!("malformed PMID reference `{r}`"));
                }
            }
        }
        references
    }

    /// Parse every cell (errors in column order); the rule when the enums parsed.
    fn rule(mut self, seen: &mut BTreeMap<String, usize>) -> Option<TherapyRule> {
        let id = self.id(seen);
        let biomarker = self.biomarker();
        let (genes, gene_column) = self.genes(biomarker);
        let Alterations {
            alterations,
            classes,
            except,
            with,
            text: alt,
        } = self.alterations(biomarker);
        let (tumor_types, tumor_types_column) =
            self.required_list("tumor_types", "tumor_types is empty (use SOLID for tissue-agnostic)");
        let (ex, excluded_column) = self.get("excluded_tumor_types");
        let excluded_tumor_types = split_list(ex, ',');
        let therapy = self.therapy();
        let (drugs, drug_classes) = self.drugs();
        let kind = self.kind();
        let evidence_level = self.evidence_level();
        let trial_design = self.trial_design();
        let direction = self.direction();
        let extrapolation = self.extrapolation(id);
        let references = self.references();
        let (note, _) = self.get("note");
        Some(TherapyRule {
            id: id.to_string(),
            biomarker: biomarker?,
            genes,
            alterations,
            classes,
            except,
            with,
            alteration_text: cell_opt(alt).unwrap_or("").to_string(),
            tumor_types,
            excluded_tumor_types,
            therapy: therapy.to_string(),
            drugs,
            drug_classes,
            class_drugs: Vec::new(),
            kind: kind.to_string(),
            evidence_level: evidence_level?,
            trial_design,
            direction: direction?,
            extrapolation,
            references,
            note: cell_opt(note).map(str::to_string),
            file: self.file.to_string(),
            line: self.line_no,
            gene_column,
            tumor_types_column,
            excluded_column,
        })
    }
}

/// Parse the rule table. Errors name `file:line:column: reason`; all rows are checked.
pub fn parse(text: &str, file: &str) -> Result<Vec<TherapyRule>, Vec<KbError>> {
    let mut errors = Vec::new();
    let mut rules = Vec::new();
    let mut header: Option<Header> = None;
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for (i, raw) in text.lines().enumerate() {
        let line_no = i + 1;
        let line = raw.trim_end_matches('\r');
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let (cells, starts) = split_cells(line);
        let Some(h) = &header else {
            header = Some(parse_header(&cells, file, line_no)?);
            continue;
        };
        if cells.len() != h.len {
            errors.push(KbError::new(
                file,
                line_no,
                1,
                format!("expected {} tab-separated fields, found {}", h.len, cells.len()),
            ));
            continue;
        }
        let row = RuleRow {
            file,
            line_no,
            cells,
            starts,
            header: h,
            errors: &mut errors,
        };
        if let Some(r) = row.rule(&mut seen) {
            rules.push(r);
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
        let partners = r.tumour_specific_drugs();
        if r.extrapolation && !partners.is_empty() {
            errors.push(KbError::new(
                &r.file,
                r.line,
                1,
                format!(
                    "rule {}: extrapolation must be no: {} is specific to one tumour type (endocrine therapy, anti-androgen or anti-EGFR antibody)",
                    r.id,
                    partners.join(", ")
                ),
            ));
        }
        if !r.is_imported() {
            for (g, _) in &r.with {
                if kb.gene(g).is_none() {
                    errors.push(KbError::new(
                        &r.file,
                        r.line,
                        r.gene_column,
                        format!("rule {}: unknown gene `{g}` in with: (not in genes.tsv)", r.id),
                    ));
                }
            }
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

/// Read `therapies.civic.tsv` from a knowledge-base directory, when present
/// (empty when absent). The KB loader appends these rules to `kb.therapies`
/// and runs [`check`] on them (imported genes are not required in `genes.tsv`).
pub fn load_civic(dir: &Path) -> Result<Vec<TherapyRule>, Vec<KbError>> {
    let path = dir.join(CIVIC_FILE);
    if !path.exists() {
        return Ok(vec![]);
    }
    let shown = path.display().to_string();
    match crate::lines::read_to_string(&path) {
        Ok(text) => parse(&text, &shown),
        Err(e) => Err(vec![KbError::new(&shown, 0, 0, format!("cannot read: {e}"))]),
    }
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
        let again = parse(
            &format!("{}\n{}\n", super::super::header_line(), r[0].to_tsv()),
            "x.tsv",
        )
        .unwrap();
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
    fn with_tokens_and_drug_classes() {
        let head = super::super::header_line();
        let t = format!("{head}\nR1\tcodon\tKRAS\tY96,with:KRAS:p.G12C\tSOLID\t.\tx\tclass:kras_g12c_switch_ii,foo\ttargeted\tclinical_trial\t.\tresistance\tno\tAwad et al. N Engl J Med 2021\t.\n");
        let r = parse(&t, "x.tsv").unwrap();
        assert_eq!(r[0].with, vec![("KRAS".to_string(), "G12C".to_string())]);
        assert_eq!(r[0].alterations, vec!["Y96"]);
        assert_eq!(r[0].drugs, vec!["foo"]);
        assert_eq!(r[0].drug_classes, vec!["kras_g12c_switch_ii"]);
        assert!(r[0].biomarker_label().contains("(with KRAS G12C)"));
        let again = parse(&format!("{head}\n{}\n", r[0].to_tsv()), "x.tsv").unwrap();
        assert_eq!(
            (&again[0].with, &again[0].drug_classes),
            (&r[0].with, &r[0].drug_classes)
        );
        let bad = t.replace("with:KRAS:p.G12C", "with:KRAS");
        let e = parse(&bad, "x.tsv").unwrap_err();
        assert!(
            e[0].to_string().starts_with("x.tsv:2:") && e[0].reason.contains("with:GENE:CHANGE"),
            "{e:?}"
        );
    }

    #[test]
    fn extrapolation_column() {
        let head = super::super::header_line();
        let row = |id: &str, drugs: &str, ex: &str| {
            format!("{id}\tvariant\tBRAF\tV600E\tMEL\t.\tx\t{drugs}\ttargeted\tfda_approved\t.\tsensitivity\t{ex}\tFDA label X (x) 2020\t.")
        };
        let r = parse(
            &format!("{head}\n{}\n{}\n", row("R1", "x", "yes"), row("R2", "x", "no")),
            "x.tsv",
        )
        .unwrap();
        assert!(r[0].extrapolation && !r[1].extrapolation);
        let e = parse(&format!("{head}\n{}\n", row("R1", "x", ".")), "x.tsv").unwrap_err();
        assert!(e[0].reason.contains("extrapolation must be yes or no"), "{e:?}");
        // Imported rows and files without the column: no.
        let r = parse(&format!("{head}\n{}\n", row("CIVIC:EID1", "x", ".")), "x.tsv").unwrap();
        assert!(!r[0].extrapolation);
        let r = parse(&format!("{HEAD}\nR1\tvariant\tBRAF\tV600E\tMEL\t.\tx\tx\ttargeted\tfda_approved\t.\tsensitivity\tFDA label X (x) 2020\t.\n"), "x.tsv").unwrap();
        assert!(!r[0].extrapolation);
        // Tumour-specific partner drugs.
        let r = parse(&format!("{head}\n{}\n", row("R1", "x,Fulvestrant", "yes")), "x.tsv").unwrap();
        assert_eq!(r[0].tumour_specific_drugs(), vec!["Fulvestrant"]);
    }
}
