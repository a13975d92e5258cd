//! Batch mode: many patients in parallel on one rayon pool, one report each,
//! failures isolated (a panic in one patient becomes that patient's error row),
//! resume by input checksum + options, and a cohort summary (`cohort.tsv`,
//! `cohort.json`) shared with the `cohort` subcommand.
//!
//! - [`manifest`]: jobs from a manifest TSV (made one at a time as a run takes them) or a list of files;
//! - [`cbioportal`]: jobs from a cBioPortal study folder (one per sample);
//! - [`run`]: running the jobs into an output directory (lock, stale temporaries, resume);
//! - [`cohort`]: the cohort summary, written by `batch` and rebuilt from reports by `cohort`;
//! - [`rows`]: the summary rows of a run, spilled to a temporary file as they are made;
//! - [`tables`]: the cohort as Parquet tables (`--formats parquet`, `cohort --append`).

pub mod cbioportal;
pub mod cohort;
pub mod extras;
pub(crate) mod manifest;
pub(crate) mod outdir;
pub(crate) mod rows;
pub(crate) mod run;
pub mod tables;

pub use cohort::{rows_from_reports, write_cohort, CohortFile, ReportError, MAX_READ_BYTES};
pub use extras::{write_cohort_extras, COHORT_ALTERATIONS_TSV, COHORT_HTML};
pub use manifest::{check_collisions, jobs_from_files, patient_from_path, read_manifest, Jobs, Manifest};
pub use outdir::{remove_stale_temporaries, OutdirError, OutdirLock};
pub use rows::CohortRows;
pub use run::{report_path, run_batch, run_maf_batch, BatchOptions};

use crate::pipeline::Options;
use crate::report::Report;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// One patient to run.
#[derive(Debug, Clone)]
pub struct Job {
    pub patient: String,
    pub vcf: PathBuf,
    /// Further files of the same patient, read with `vcf` as one (a manifest cell `a.vcf.gz,b.vcf.gz`).
    pub more_vcfs: Vec<PathBuf>,
    pub options: Options,
}

/// One row of the cohort summary.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct CohortRow {
    pub patient: String,
    /// `ok` or `error`.
    pub status: String,
    pub(crate) vcf: Option<String>,
    pub(crate) report: Option<String>,
    pub tumor_type: Option<String>,
    pub(crate) tmb_value: Option<f64>,
    pub(crate) tmb_status: Option<String>,
    pub(crate) msi_status: Option<String>,
    pub(crate) drivers: Vec<String>,
    pub(crate) best_amp_tier: Option<String>,
    pub(crate) top_therapies: Vec<String>,
    /// True when an up-to-date report was kept instead of being recomputed.
    pub reused: bool,
    pub error: Option<String>,
}

impl Job {
    /// Every file of the patient, `vcf` first; none for a copy-number/fusion-only job (an
    /// empty `vcf`: a cBioPortal study sample without mutation rows).
    /// The patient's (first) VCF; None for a copy-number/fusion-only patient.
    pub fn vcf_path(&self) -> Option<&Path> {
        Some(self.vcf.as_path()).filter(|p| !p.as_os_str().is_empty())
    }

    pub fn files(&self) -> Vec<PathBuf> {
        std::iter::once(self.vcf.clone())
            .filter(|p| !p.as_os_str().is_empty())
            .chain(self.more_vcfs.iter().cloned())
            .collect()
    }
}

impl CohortRow {
    pub fn is_ok(&self) -> bool {
        self.status == "ok"
    }
}

pub(crate) fn row_from_report(
    patient: &str,
    vcf: Option<&Path>,
    report: Option<&Path>,
    r: &Report,
    reused: bool,
) -> CohortRow {
    let mut top: Vec<String> = Vec::new();
    for t in &r.therapies.sensitivity {
        let label = format!("{} [{}]", t.therapy, t.amp_tier);
        if !top.contains(&label) {
            top.push(label);
        }
        if top.len() == 3 {
            break;
        }
    }
    CohortRow {
        patient: patient.to_string(),
        status: "ok".into(),
        vcf: vcf
            .map(|p| p.display().to_string())
            .or_else(|| Some(r.input.path.clone())),
        report: report.map(|p| p.display().to_string()),
        tumor_type: r.patient.tumor_type.clone(),
        tmb_value: r.biomarkers.tmb.as_ref().and_then(|t| t.value),
        tmb_status: r.biomarkers.tmb.as_ref().map(|t| t.status.to_string()),
        msi_status: r.biomarkers.msi.as_ref().map(|m| m.status.to_string()),
        drivers: r.summary.driver_labels.clone(),
        best_amp_tier: r.summary.best_amp_tier.map(|t| t.to_string()),
        top_therapies: top,
        reused,
        error: None,
    }
}

pub(crate) fn error_row(patient: &str, vcf: Option<&Path>, tumor_type: Option<&str>, e: &str) -> CohortRow {
    CohortRow {
        patient: patient.to_string(),
        status: "error".into(),
        vcf: vcf.map(|p| p.display().to_string()),
        report: None,
        tumor_type: tumor_type.map(str::to_string),
        tmb_value: None,
        tmb_status: None,
        msi_status: None,
        drivers: vec![],
        best_amp_tier: None,
        top_therapies: vec![],
        reused: false,
        error: Some(e.replace(['\n', '\r', '\t'], " ")),
    }
}
