//! The cohort summary (`cohort.tsv`, `cohort.json`): written by `batch`, rebuilt from existing
//! reports by the `cohort` subcommand.

use super::{error_row, row_from_report, CohortRow, Job};
use crate::error::{Error, Result};
use crate::output::{safe_file_stem, write_atomic};
use crate::report::{Report, SCHEMA_VERSION};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

const TSV_COLUMNS: [&str; 12] = [
    "patient",
    "status",
    "tumor_type",
    "tmb_value",
    "tmb_status",
    "msi_status",
    "drivers",
    "best_amp_tier",
    "top_therapies",
    "reused",
    "report",
    "error",
];

#[derive(Debug, Serialize, Deserialize, schemars::JsonSchema)]
pub struct CohortFile {
    pub schema_version: String,
    pub disclaimer: String,
    pub patients: usize,
    pub failed: usize,
    pub rows: Vec<CohortRow>,
}

fn tsv_cell(s: &str) -> String {
    s.replace(['\t', '\n', '\r'], " ")
}

fn tsv_row(r: &CohortRow) -> String {
    let opt = |x: &Option<String>| x.clone().unwrap_or_default();
    let report_name = r
        .report
        .as_deref()
        .and_then(|p| Path::new(p).file_name())
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let cells = [
        r.patient.clone(),
        r.status.clone(),
        opt(&r.tumor_type),
        r.tmb_value.map(|v| format!("{v}")).unwrap_or_default(),
        opt(&r.tmb_status),
        opt(&r.msi_status),
        r.drivers.join("; "),
        opt(&r.best_amp_tier),
        r.top_therapies.join("; "),
        r.reused.to_string(),
        report_name,
        opt(&r.error),
    ];
    cells.iter().map(|c| tsv_cell(c)).collect::<Vec<_>>().join("\t")
}

/// Write `cohort.tsv` and `cohort.json` atomically into `outdir`.
pub fn write_cohort(outdir: &Path, rows: &[CohortRow]) -> Result<()> {
    let mut tsv = TSV_COLUMNS.join("\t");
    tsv.push('\n');
    for r in rows {
        tsv.push_str(&tsv_row(r));
        tsv.push('\n');
    }
    write_atomic(&outdir.join("cohort.tsv"), tsv.as_bytes())?;
    let json = serde_json::to_string_pretty(&CohortFile {
        schema_version: SCHEMA_VERSION.into(),
        disclaimer: crate::report::DISCLAIMER.into(),
        patients: rows.len(),
        failed: rows.iter().filter(|r| !r.is_ok()).count(),
        rows: rows.to_vec(),
    })
    .map_err(|e| Error::Internal(e.to_string()))?;
    write_atomic(&outdir.join("cohort.json"), format!("{json}\n").as_bytes())
}

/// Cohort rows from existing reports (the `cohort` subcommand and workflow engines).
/// With a manifest, every manifest patient gets a row; a missing report is an error row whose
/// message comes from `<reports_dir>/<patient>.error` when a failed job left one.
pub fn rows_from_reports(
    reports: &[PathBuf],
    manifest: Option<&[Job]>,
    reports_dir: Option<&Path>,
) -> Result<Vec<CohortRow>> {
    let mut by_patient: BTreeMap<String, (PathBuf, Report)> = BTreeMap::new();
    let mut paths: Vec<PathBuf> = reports.to_vec();
    if let Some(d) = reports_dir {
        let rd = std::fs::read_dir(d).map_err(|e| Error::io(d, e))?;
        for e in rd.flatten() {
            let p = e.path();
            if p.extension().is_some_and(|x| x == "json") && p.file_name().is_some_and(|n| n != "cohort.json") {
                paths.push(p);
            }
        }
    }
    paths.sort();
    paths.dedup();
    for p in &paths {
        let text = std::fs::read_to_string(p).map_err(|e| Error::io(p, e))?;
        let r: Report =
            serde_json::from_str(&text).map_err(|e| Error::input(p, format!("not an oncoprofile report: {e}")))?;
        by_patient.insert(r.patient.id.clone(), (p.clone(), r));
    }
    let mut rows = Vec::new();
    match manifest {
        Some(jobs) => {
            for j in jobs {
                match by_patient.get(&j.patient) {
                    Some((p, r)) => rows.push(row_from_report(&j.patient, Some(&j.vcf), Some(p), r, false)),
                    None => {
                        let msg = reports_dir
                            .map(|d| d.join(format!("{}.error", safe_file_stem(&j.patient))))
                            .and_then(|ep| std::fs::read_to_string(ep).ok())
                            .map(|s| {
                                s.lines()
                                    .rfind(|l| !l.trim().is_empty())
                                    .unwrap_or("")
                                    .trim()
                                    .to_string()
                            })
                            .filter(|s| !s.is_empty())
                            .unwrap_or_else(|| "no report was produced".to_string());
                        rows.push(error_row(
                            &j.patient,
                            Some(&j.vcf),
                            j.options.tumor_type.as_deref(),
                            &msg,
                        ));
                    }
                }
            }
        }
        None => {
            for (patient, (p, r)) in &by_patient {
                rows.push(row_from_report(patient, None, Some(p), r, false));
            }
        }
    }
    Ok(rows)
}
