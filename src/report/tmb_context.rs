//! TMB in context: the patient's TMB against the published TMB of its tumour type
//! (`annotations/tmb_reference.tsv`, embedded), with the reference figures used and the assay
//! caveat. The table holds per-type medians (Chalmers et al. 2017); the report says where the
//! value lies against the median and never claims a finer percentile than the table supports.
//! With `--tmb-reference FILE` ([`super::tmb_distribution`]) the report adds the exact percentile
//! within the tumour type among the file's patients. A tumour type with neither gets a note
//! saying so (`reference_note`): no published per-type distribution with quantiles was found,
//! and none with a median for NEC/NET on a comparable (coding, panel or exome) count.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::sync::OnceLock;

const TABLE: &str = include_str!("../../annotations/tmb_reference.tsv");

/// Why the comparison is approximate: the reference counted on another assay.
pub const ASSAY_CAVEAT: &str = "the reference TMB was measured with the FoundationOne targeted panel (about 1.1 Mb; \
coding substitutions and indels including synonymous ones, known somatic driver and germline variants removed); \
a TMB from another assay, region or counting rule (this report's definition above) is comparable only approximately";

/// One row of the reference table.
#[derive(Debug, Clone, PartialEq)]
pub struct ReferenceRow {
    pub tumor_type: String,
    pub disease: String,
    pub median: f64,
    pub row: String,
    pub source: String,
}

/// The reference figures a report used (`biomarkers.tmb.reference`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct TmbReference {
    /// The knowledge-base tumour type whose reference row was used (the patient's or an ancestor).
    pub tumor_type: String,
    /// The reference group as the source names it.
    pub disease: String,
    /// The median TMB of the reference group (mut/Mb).
    pub median: f64,
    /// `above_median`, `at_median` or `below_median`.
    pub position: String,
    /// The patient's TMB divided by the reference median.
    pub ratio_to_median: f64,
    /// The source, with the table and row of the figure.
    pub source: String,
    pub caveat: String,
}

/// The embedded table; a malformed row is a build defect that the unit test catches.
pub fn table() -> &'static [ReferenceRow] {
    static ROWS: OnceLock<Vec<ReferenceRow>> = OnceLock::new();
    ROWS.get_or_init(|| parse(TABLE))
}

fn parse(text: &str) -> Vec<ReferenceRow> {
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.starts_with("tumor_type\t") && !l.trim().is_empty())
        .filter_map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            let [code, disease, median, row, source] = f.as_slice() else {
                return None;
            };
            Some(ReferenceRow {
                tumor_type: code.to_string(),
                disease: disease.to_string(),
                median: median.parse().ok()?,
                row: row.to_string(),
                source: source.to_string(),
            })
        })
        .collect()
}

/// The reference for a TMB value of a patient whose tumour type has this lineage (the code first,
/// then its ancestors): the row of the nearest code that has one. None without a value or a row,
/// or when the value is indeterminate (not comparable with anything).
pub fn reference(lineage: &[String], t: &super::Tmb) -> Option<TmbReference> {
    if t.status == super::TmbStatus::Indeterminate {
        return None;
    }
    let v = t.value?;
    let row = lineage
        .iter()
        .find_map(|code| table().iter().find(|r| &r.tumor_type == code))?;
    let ratio = if row.median > 0.0 {
        v / row.median
    } else {
        f64::INFINITY
    };
    // The value and the median are both given to one decimal: equal at that precision is "at".
    let position = if (v * 10.0).round() == (row.median * 10.0).round() {
        "at_median"
    } else if v > row.median {
        "above_median"
    } else {
        "below_median"
    };
    Some(TmbReference {
        tumor_type: row.tumor_type.clone(),
        disease: row.disease.clone(),
        median: row.median,
        position: position.into(),
        ratio_to_median: (ratio * 100.0).round() / 100.0,
        source: format!("{}, {}", row.source, row.row),
        caveat: ASSAY_CAVEAT.into(),
    })
}

/// Put a TMB in context: the published median of its tumour type ([`reference`]), its percentile
/// in the user's distribution, and a note when a comparable value has neither.
pub fn put_in_context(
    t: &mut super::Tmb,
    patient: &super::Patient,
    distribution: Option<&super::tmb_distribution::TmbDistribution>,
) {
    let lineage = &patient.tumor_type_lineage;
    t.reference = reference(lineage, t);
    let value = t.value.filter(|_| t.status != super::TmbStatus::Indeterminate);
    let (Some(v), Some(code)) = (value, lineage.first()) else {
        return;
    };
    let mut notes = Vec::new();
    if t.reference.is_none() {
        notes.push(format!(
            "no published TMB reference for {code} or its parent types (the embedded table has \
             per-type medians of Chalmers et al. 2017 for {} types)",
            table().len()
        ));
    }
    if let Some(d) = distribution {
        t.reference_distribution = d.percentile(lineage, v);
        if t.reference_distribution.is_none() {
            notes.push(format!(
                "--tmb-reference {}: {} patient(s) of type {code}, at least {} needed for a percentile",
                d.file,
                d.count(code),
                super::tmb_distribution::MIN_PATIENTS
            ));
        }
    } else if t.reference.is_none() {
        notes.push("--tmb-reference FILE gives the percentile within a cohort of your own".into());
    }
    t.reference_note = (!notes.is_empty()).then(|| notes.join("; "));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_row_parses_and_names_a_known_tumour_type() {
        let rows = table();
        let data = TABLE
            .lines()
            .filter(|l| !l.starts_with('#') && !l.starts_with("tumor_type\t") && !l.trim().is_empty())
            .count();
        assert_eq!(rows.len(), data, "a row did not parse");
        assert_eq!(rows.len(), 11);
        let kb = crate::kb::KnowledgeBase::embedded().expect("embedded knowledge base"); // ok: test
        for r in rows {
            assert!(kb.tumor_types.get(&r.tumor_type).is_some(), "{}", r.tumor_type);
            assert!(r.source.contains("PMID 28420421"), "{r:?}");
            assert!(r.median > 0.0 && r.median < 100.0, "{r:?}");
        }
        let lcnec = rows.iter().find(|r| r.tumor_type == "LCNEC").expect("LCNEC row"); // ok: test
        assert_eq!(lcnec.median, 9.9);
    }
}
