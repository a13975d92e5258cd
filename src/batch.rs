//! Batch mode: many patients in parallel on one rayon pool, one report each,
//! failures isolated (a panic in one patient becomes that patient's error row),
//! resume by input checksum + options, and a cohort summary (`cohort.tsv`,
//! `cohort.json`) shared with the `cohort` subcommand.

use crate::error::{Error, Result};
use crate::input;
use crate::kb::KnowledgeBase;
use crate::output::{safe_file_stem, write_atomic};
use crate::pipeline::{self, Options};
use crate::report::Report;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// One patient to run.
#[derive(Debug, Clone)]
pub struct Job {
    pub patient: String,
    pub vcf: PathBuf,
    pub options: Options,
}

/// One row of the cohort summary.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct CohortRow {
    pub patient: String,
    /// `ok` or `error`.
    pub status: String,
    pub vcf: Option<String>,
    pub report: Option<String>,
    pub tumor_type: Option<String>,
    pub tmb_value: Option<f64>,
    pub tmb_status: Option<String>,
    pub msi_status: Option<String>,
    pub drivers: Vec<String>,
    pub best_amp_tier: Option<String>,
    pub top_therapies: Vec<String>,
    /// True when an up-to-date report was kept instead of being recomputed.
    pub reused: bool,
    pub error: Option<String>,
}

/// File-name stem for a patient id; the stem of a VCF path.
pub fn patient_from_path(p: &Path) -> String {
    let name = p
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "patient".into());
    let mut stem = name.as_str();
    for ext in [".gz", ".bgz", ".vcf", ".bcf"] {
        if let Some(s) = stem.strip_suffix(ext) {
            stem = s;
        }
    }
    stem.to_string()
}

pub fn jobs_from_files(files: &[PathBuf], base: &Options) -> Vec<Job> {
    files
        .iter()
        .map(|f| Job {
            patient: patient_from_path(f),
            vcf: f.clone(),
            options: base.clone(),
        })
        .collect()
}

/// Read a manifest TSV (header required; `patient` and `vcf` columns required). Relative paths
/// resolve against the manifest's folder. Every bad row is reported (with its line) before any work.
pub fn read_manifest(path: &Path, base: &Options) -> Result<Vec<Job>> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
    let resolve = |s: &str| -> PathBuf {
        let p = PathBuf::from(s);
        if p.is_absolute() {
            p
        } else {
            dir.join(p)
        }
    };
    let mut lines = text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'));
    let Some((hline, header)) = lines.next() else {
        return Err(Error::input(
            path,
            "empty manifest: expected a header line with columns patient and vcf",
        ));
    };
    let cols: Vec<String> = header.split('\t').map(|c| c.trim().to_ascii_lowercase()).collect();
    let col = |name: &str| cols.iter().position(|c| c == name);
    let (Some(pc), Some(vc)) = (col("patient"), col("vcf")) else {
        return Err(Error::at_line(
            path,
            hline as u64 + 1,
            "manifest header must have the columns 'patient' and 'vcf'",
        ));
    };
    const KNOWN: [&str; 8] = [
        "patient",
        "vcf",
        "tumor_sample",
        "normal_sample",
        "tumor_type",
        "targets",
        "target_mb",
        "assay",
    ];
    let mut errors = Vec::new();
    for c in &cols {
        if !KNOWN.contains(&c.as_str()) {
            errors.push(format!("line {}: unknown column '{}'", hline + 1, c));
        }
    }
    let mut jobs = Vec::new();
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for (i, line) in lines {
        let ln = i + 1;
        let f: Vec<&str> = line.split('\t').map(str::trim).collect();
        if f.len() != cols.len() {
            errors.push(format!("line {ln}: {} columns, the header has {}", f.len(), cols.len()));
            continue;
        }
        let get = |name: &str| {
            col(name)
                .map(|c| f[c])
                .filter(|v| !v.is_empty() && *v != "." && *v != "NA")
        };
        let patient = f[pc].to_string();
        if patient.is_empty() {
            errors.push(format!("line {ln}: empty patient"));
            continue;
        }
        if f[vc].is_empty() {
            errors.push(format!("line {ln}: empty vcf"));
            continue;
        }
        let stem = safe_file_stem(&patient);
        if let Some(prev) = seen.insert(stem.clone(), ln) {
            errors.push(format!(
                "line {ln}: patient '{patient}' collides with line {prev} (both write {stem}.json)"
            ));
            continue;
        }
        let mut o = base.clone();
        o.patient = Some(patient.clone());
        if let Some(v) = get("tumor_sample") {
            o.sample = Some(v.to_string());
        }
        if let Some(v) = get("normal_sample") {
            o.normal = Some(v.to_string());
        }
        if let Some(v) = get("tumor_type") {
            o.tumor_type = Some(v.to_string());
        }
        if let Some(v) = get("targets") {
            o.biomarkers.targets = Some(resolve(v));
        }
        if let Some(v) = get("assay") {
            o.biomarkers.assay = Some(v.to_string());
        }
        if let Some(v) = get("target_mb") {
            match v.parse::<f64>() {
                Ok(x) if x > 0.0 && x.is_finite() => o.biomarkers.target_mb = Some(x),
                _ => {
                    errors.push(format!("line {ln}: target_mb '{v}' is not a positive number"));
                    continue;
                }
            }
        }
        jobs.push(Job {
            patient,
            vcf: resolve(f[vc]),
            options: o,
        });
    }
    if !errors.is_empty() {
        return Err(Error::input(
            path,
            format!("{} bad manifest row(s): {}", errors.len(), errors.join("; ")),
        ));
    }
    if jobs.is_empty() {
        return Err(Error::input(path, "the manifest lists no patients"));
    }
    Ok(jobs)
}

/// Refuse two jobs that would write the same report file.
pub fn check_collisions(jobs: &[Job]) -> Result<()> {
    let mut seen: BTreeMap<String, &Job> = BTreeMap::new();
    for j in jobs {
        let stem = safe_file_stem(&j.patient);
        if stem == "cohort" {
            return Err(Error::Usage(format!(
                "patient '{}' would overwrite cohort.json: rename it",
                j.patient
            )));
        }
        if let Some(prev) = seen.insert(stem.clone(), j) {
            return Err(Error::Usage(format!(
                "patients '{}' ({}) and '{}' ({}) would both write {stem}.json",
                prev.patient,
                prev.vcf.display(),
                j.patient,
                j.vcf.display()
            )));
        }
    }
    Ok(())
}

pub fn report_path(outdir: &Path, patient: &str) -> PathBuf {
    outdir.join(format!("{}.json", safe_file_stem(patient)))
}

/// Whether an existing report was made from the same input bytes, options, tool and KB version.
fn up_to_date(path: &Path, job: &Job, kb: &KnowledgeBase) -> Option<Report> {
    let text = std::fs::read_to_string(path).ok()?;
    let r: Report = serde_json::from_str(&text).ok()?;
    let sha = input::sha256_file(&job.vcf).ok()?;
    let same = r.input.sha256 == sha
        && r.provenance.parameters == crate::report::build::parameters(&job.options)
        && r.provenance.tool_version == crate::TOOL_VERSION
        && r.provenance.knowledge_base_version == kb.version
        && r.patient.id == job.patient;
    same.then_some(r)
}

pub fn row_from_report(
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
        tmb_status: r.biomarkers.tmb.as_ref().map(|t| t.status.clone()),
        msi_status: r.biomarkers.msi.as_ref().map(|m| m.status.clone()),
        drivers: r.summary.driver_labels.clone(),
        best_amp_tier: r.summary.best_amp_tier.clone(),
        top_therapies: top,
        reused,
        error: None,
    }
}

pub fn error_row(patient: &str, vcf: Option<&Path>, tumor_type: Option<&str>, e: &str) -> CohortRow {
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

/// Run every job; returns one row per job in job order.
pub fn run_batch(
    jobs: &[Job],
    kb: &KnowledgeBase,
    outdir: &Path,
    force: bool,
    progress: bool,
) -> Result<Vec<CohortRow>> {
    check_collisions(jobs)?;
    std::fs::create_dir_all(outdir).map_err(|e| Error::Output {
        file: outdir.into(),
        reason: e.to_string(),
    })?;
    let bar = cohort_bar(progress, jobs.len() as u64);
    let rows: Vec<CohortRow> = jobs
        .par_iter()
        .map(|job| {
            let out = report_path(outdir, &job.patient);
            let tt = job.options.tumor_type.as_deref();
            let row = if let Some(r) = (!force).then(|| up_to_date(&out, job, kb)).flatten() {
                tracing::info!(patient = %job.patient, "report up to date; skipped");
                row_from_report(&job.patient, Some(&job.vcf), Some(&out), &r, true)
            } else {
                let mut o = job.options.clone();
                o.reader_thread = false;
                o.progress = false;
                match pipeline::run_report_isolated(&job.vcf, &o, kb).and_then(|r| {
                    crate::report::write(crate::report::Format::Json, &out, &r)?;
                    Ok(r)
                }) {
                    Ok(r) => row_from_report(&job.patient, Some(&job.vcf), Some(&out), &r, false),
                    Err(e) => {
                        tracing::warn!(patient = %job.patient, "{e}");
                        error_row(&job.patient, Some(&job.vcf), tt, &e.to_string())
                    }
                }
            };
            if let Some(b) = &bar {
                b.inc(1);
                if row.status == "error" {
                    b.set_message(format!("{} failed", job.patient));
                }
            }
            row
        })
        .collect();
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    Ok(rows)
}

fn cohort_bar(enabled: bool, n: u64) -> Option<indicatif::ProgressBar> {
    use std::io::IsTerminal;
    if !enabled || !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = indicatif::ProgressBar::new(n);
    if let Ok(s) = indicatif::ProgressStyle::with_template("{pos}/{len} patients [{bar:30}] {eta} {msg}") {
        bar.set_style(s);
    }
    Some(bar)
}

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

fn tsv_cell(s: &str) -> String {
    s.replace(['\t', '\n', '\r'], " ")
}

/// Write `cohort.tsv` and `cohort.json` atomically into `outdir`.
pub fn write_cohort(outdir: &Path, rows: &[CohortRow]) -> Result<()> {
    let mut tsv = TSV_COLUMNS.join("\t");
    tsv.push('\n');
    for r in rows {
        let opt = |x: &Option<String>| x.clone().unwrap_or_default();
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
            r.report
                .as_deref()
                .map(|p| {
                    Path::new(p)
                        .file_name()
                        .map(|n| n.to_string_lossy().into_owned())
                        .unwrap_or_default()
                })
                .unwrap_or_default(),
            opt(&r.error),
        ];
        tsv.push_str(&cells.iter().map(|c| tsv_cell(c)).collect::<Vec<_>>().join("\t"));
        tsv.push('\n');
    }
    write_atomic(&outdir.join("cohort.tsv"), tsv.as_bytes())?;
    let json = serde_json::to_string_pretty(&CohortFile {
        schema_version: crate::report::SCHEMA_VERSION.into(),
        disclaimer: crate::report::DISCLAIMER.into(),
        patients: rows.len(),
        failed: rows.iter().filter(|r| r.status != "ok").count(),
        rows: rows.to_vec(),
    })
    .map_err(|e| Error::Internal(e.to_string()))?;
    write_atomic(&outdir.join("cohort.json"), format!("{json}\n").as_bytes())
}

#[derive(Debug, Serialize, Deserialize, schemars::JsonSchema)]
pub struct CohortFile {
    pub schema_version: String,
    pub disclaimer: String,
    pub patients: usize,
    pub failed: usize,
    pub rows: Vec<CohortRow>,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn manifest_rows_and_errors() {
        let d = tempfile::tempdir().unwrap();
        let m = d.path().join("m.tsv");
        std::fs::write(
            &m,
            "patient\tvcf\ttumor_type\ttarget_mb\nP1\ta.vcf\tNEC\t30\nP2\t/abs/b.vcf\t\t\n",
        )
        .unwrap();
        let jobs = read_manifest(&m, &Options::default()).unwrap();
        assert_eq!(jobs.len(), 2);
        assert_eq!(jobs[0].vcf, d.path().join("a.vcf"));
        assert_eq!(jobs[0].options.tumor_type.as_deref(), Some("NEC"));
        assert_eq!(jobs[0].options.biomarkers.target_mb, Some(30.0));
        assert_eq!(jobs[1].vcf, PathBuf::from("/abs/b.vcf"));
        std::fs::write(
            &m,
            "patient\tvcf\ttarget_mb\nP1\ta.vcf\tx\nP/1\tb.vcf\t1\nP_1\tc.vcf\t2\n",
        )
        .unwrap();
        let e = read_manifest(&m, &Options::default()).unwrap_err().to_string();
        assert!(e.contains("line 2: target_mb 'x'"), "{e}");
        assert!(e.contains("line 4: patient 'P_1' collides with line 3"), "{e}");
    }

    #[test]
    fn patient_names_from_paths() {
        assert_eq!(patient_from_path(Path::new("/x/P1.vcf.gz")), "P1");
        assert_eq!(patient_from_path(Path::new("P2.bcf")), "P2");
    }
}
