//! The cohort summary (`cohort.tsv`, `cohort.json`): written by `batch`, rebuilt from existing
//! reports by the `cohort` subcommand.
//!
//! Rebuilding is isolated like `batch`: a report that cannot be read (truncated, a directory, a
//! symlink loop, too large, another schema major version) and a patient ID carried by several
//! reports become failure rows with their reason; the summary is always written. Patients that
//! `batch` recorded as failed in the directory's `cohort.json` stay in the summary.

use super::{error_row, row_from_report, CohortRow, CohortRows, Manifest};
use crate::error::{Error, Result};
use crate::output::{safe_file_stem, tsv_cell};
use crate::report::{Report, SCHEMA_VERSION};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};

/// Largest report (or other file: manifest, `.error`, `cohort.json`) `cohort` and `batch` read: 1 GiB.
pub const MAX_READ_BYTES: u64 = 1 << 30;

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
    pub(crate) schema_version: String,
    pub(crate) disclaimer: String,
    pub(crate) patients: usize,
    pub(crate) failed: usize,
    pub rows: Vec<CohortRow>,
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

/// Write `cohort.tsv` and `cohort.json` atomically into `outdir`, streamed from the spilled rows.
pub fn write_cohort(outdir: &Path, rows: &mut CohortRows) -> Result<()> {
    crate::output::write_regular_with(&outdir.join("cohort.tsv"), |w| {
        writeln!(w, "{}", TSV_COLUMNS.join("\t"))?;
        each_row(rows, |r| writeln!(w, "{}", tsv_row(&r)))
    })?;
    let (patients, failed) = (rows.len(), rows.failed().len());
    crate::output::write_regular_with(&outdir.join("cohort.json"), |w| {
        // The layout of [`CohortFile`] (pretty-printed), one row at a time.
        #[derive(Serialize)]
        struct Head<'a> {
            schema_version: &'a str,
            disclaimer: &'a str,
            patients: usize,
            failed: usize,
        }
        let head = Head {
            schema_version: SCHEMA_VERSION,
            disclaimer: crate::report::DISCLAIMER,
            patients,
            failed,
        };
        let head = serde_json::to_string_pretty(&head).map_err(std::io::Error::other)?;
        // `{ ... "failed": n\n}`: reopen the object to add the rows.
        let head = head.strip_suffix("\n}").unwrap_or(&head);
        write!(w, "{head},\n  \"rows\": [")?;
        let mut first = true;
        each_row(rows, |r| {
            let text = serde_json::to_string_pretty(&r).map_err(std::io::Error::other)?;
            let sep = if first { "\n" } else { ",\n" };
            first = false;
            write!(w, "{sep}")?;
            for (i, line) in text.lines().enumerate() {
                if i > 0 {
                    writeln!(w)?;
                }
                write!(w, "    {line}")?;
            }
            Ok(())
        })?;
        if patients == 0 {
            writeln!(w, "]\n}}")
        } else {
            writeln!(w, "\n  ]\n}}")
        }
    })
}

/// [`CohortRows::for_each`] for a writer: the first error (of the rows' file or of `f`) as I/O.
fn each_row(rows: &mut CohortRows, mut f: impl FnMut(CohortRow) -> std::io::Result<()>) -> std::io::Result<()> {
    let mut failure: Option<std::io::Error> = None;
    let walked = rows.for_each(|r| {
        f(r).map_err(|e| {
            let msg = e.to_string();
            failure = Some(e);
            Error::Internal(msg)
        })
    });
    match (failure, walked) {
        (Some(e), _) => Err(e),
        (None, Err(e)) => Err(std::io::Error::other(e.to_string())),
        (None, Ok(())) => Ok(()),
    }
}

/// Why a report (or another file `cohort` reads) could not be used: the reason of its failure row.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error("cannot read: {0}")]
    Io(#[source] std::io::Error),
    #[error("is a directory")]
    Directory,
    #[error("is not a regular file (a FIFO, device or socket)")]
    NotAFile,
    #[error("larger than the {} GiB read limit", MAX_READ_BYTES >> 30)]
    TooLarge,
    #[error("not an oncoprofile report: {0}")]
    Parse(String),
    #[error(
        "schema version {found} is not readable by this oncoprofile (schema version {ours}: major version differs)"
    )]
    SchemaMajor { found: String, ours: &'static str },
}

/// Read a file of at most [`MAX_READ_BYTES`] (through `Read::take`, so a device or a growing
/// file cannot exhaust memory). Directories, devices, FIFOs and sockets (or symlinks to them) are
/// refused before and after opening: the file is opened non-blocking, so that a FIFO swapped in
/// between never blocks, and its type is checked again on the open file.
pub(crate) fn read_capped(path: &Path) -> std::result::Result<Vec<u8>, ReportError> {
    let meta = std::fs::metadata(path).map_err(ReportError::Io)?;
    check_kind(&meta)?;
    let f = open_nonblocking(path).map_err(ReportError::Io)?;
    let meta = f.metadata().map_err(ReportError::Io)?;
    check_kind(&meta)?;
    if meta.len() > MAX_READ_BYTES {
        return Err(ReportError::TooLarge);
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    f.take(MAX_READ_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(ReportError::Io)?;
    if bytes.len() as u64 > MAX_READ_BYTES {
        return Err(ReportError::TooLarge);
    }
    Ok(bytes)
}

fn check_kind(meta: &std::fs::Metadata) -> std::result::Result<(), ReportError> {
    if meta.is_dir() {
        Err(ReportError::Directory)
    } else if !meta.is_file() {
        Err(ReportError::NotAFile)
    } else {
        Ok(())
    }
}

#[cfg(unix)]
fn open_nonblocking(path: &Path) -> std::io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
}

#[cfg(not(unix))]
fn open_nonblocking(path: &Path) -> std::io::Result<std::fs::File> {
    std::fs::File::open(path)
}

fn major(version: &str) -> &str {
    version.split('.').next().unwrap_or(version)
}

/// Read and check one report.
pub fn read_report(path: &Path) -> std::result::Result<Report, ReportError> {
    #[derive(Deserialize)]
    struct Head {
        schema_version: Option<String>,
    }
    let bytes = read_capped(path)?;
    let check = |found: &str| {
        if major(found) == major(SCHEMA_VERSION) {
            Ok(())
        } else {
            Err(ReportError::SchemaMajor {
                found: found.to_string(),
                ours: SCHEMA_VERSION,
            })
        }
    };
    match serde_json::from_slice::<Report>(&bytes) {
        Ok(r) => check(&r.schema_version).map(|()| r),
        Err(e) => {
            // Another major version may fail to parse: say so rather than give the parse error.
            if let Ok(Head {
                schema_version: Some(v),
            }) = serde_json::from_slice::<Head>(&bytes)
            {
                check(&v)?;
            }
            Err(ReportError::Parse(e.to_string()))
        }
    }
}

/// The reports found, by patient ID (each file with its row in `rows`), and the files that could
/// not be used. Only the paths and row offsets stay in memory: a report is dropped once its row is
/// made, the row spilled.
struct Loaded {
    by_patient: BTreeMap<String, Vec<(PathBuf, usize)>>,
    bad: Vec<(PathBuf, ReportError)>,
    rows: CohortRows,
}

fn report_paths(reports: &[PathBuf], reports_dir: Option<&Path>) -> Result<Vec<PathBuf>> {
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
    // The same file named twice (`out/P1.json` and `./out/P1.json`) is read once, not a duplicate.
    let mut seen = std::collections::BTreeSet::new();
    paths.retain(|p| seen.insert(std::fs::canonicalize(p).unwrap_or_else(|_| p.clone())));
    Ok(paths)
}

fn load(paths: &[PathBuf]) -> Result<Loaded> {
    let mut l = Loaded {
        by_patient: BTreeMap::new(),
        bad: Vec::new(),
        rows: CohortRows::new()?,
    };
    for p in paths {
        match read_report(p) {
            Ok(r) => {
                let slot = l.rows.push(&row_from_report(&r.patient.id, None, Some(p), &r, false))?;
                l.by_patient
                    .entry(r.patient.id.clone())
                    .or_default()
                    .push((p.clone(), slot));
            }
            Err(e) => {
                tracing::warn!("{}: {e}", p.display());
                l.bad.push((p.clone(), e));
            }
        }
    }
    Ok(l)
}

/// The failure rows `batch` recorded in `<dir>/cohort.json` (patients without a report), by patient.
fn recorded_failures(dir: &Path) -> BTreeMap<String, CohortRow> {
    let path = dir.join("cohort.json");
    if !path.exists() {
        return BTreeMap::new();
    }
    let file = read_capped(&path)
        .and_then(|b| serde_json::from_slice::<CohortFile>(&b).map_err(|e| ReportError::Parse(e.to_string())));
    match file {
        Ok(f) => f
            .rows
            .into_iter()
            .filter(|r| !r.is_ok() && r.report.is_none() && r.vcf.is_some())
            .map(|r| (r.patient.clone(), r))
            .collect(),
        Err(e) => {
            tracing::warn!(
                "{}: {e}; failures recorded by batch are not carried over",
                path.display()
            );
            BTreeMap::new()
        }
    }
}

fn file_list(files: &[(PathBuf, usize)]) -> String {
    files
        .iter()
        .map(|(p, _)| p.display().to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The row of a patient with reports: ok with one (its input the manifest's when given), a
/// failure naming the files with several.
fn patient_row(
    patient: &str,
    vcf: Option<&Path>,
    tumor_type: Option<&str>,
    files: &[(PathBuf, usize)],
    rows: &mut CohortRows,
) -> Result<CohortRow> {
    match files {
        [(_, slot)] => {
            let mut row = rows.get(*slot)?;
            if let Some(v) = vcf {
                row.vcf = Some(v.display().to_string());
            }
            Ok(row)
        }
        _ => {
            let first = match files.first() {
                Some((_, slot)) if tumor_type.is_none() => rows.get(*slot)?.tumor_type,
                _ => None,
            };
            let tt = tumor_type.or(first.as_deref());
            let msg = format!(
                "duplicate patient ID '{patient}' in {} reports: {}",
                files.len(),
                file_list(files)
            );
            Ok(error_row(patient, vcf, tt, &msg))
        }
    }
}

fn bad_row(path: &Path, e: &ReportError) -> CohortRow {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string());
    let mut row = error_row(&stem, None, None, &format!("{}: {e}", path.display()));
    row.report = Some(path.display().to_string());
    row
}

/// The last non-empty line of `<dir>/<patient>.error` left by a failed workflow job.
fn error_file_message(dir: &Path, patient: &str) -> Option<String> {
    let path = dir.join(format!("{}.error", safe_file_stem(patient)));
    let bytes = read_capped(&path).ok()?;
    let text = String::from_utf8_lossy(&bytes);
    let line = text.lines().rfind(|l| !l.trim().is_empty())?.trim().to_string();
    (!line.is_empty()).then_some(line)
}

/// Cohort rows from existing reports (the `cohort` subcommand and workflow engines), spilled
/// (memory holds paths and offsets, not reports nor rows).
/// With a manifest, every manifest patient gets a row, in manifest order; a missing report is an
/// error row whose message comes from its unreadable report file, from `<reports_dir>/<patient>.error`
/// when a failed job left one, or from the failure `batch` recorded. Without a manifest, rows are
/// sorted by patient. Files that could not be used are failure rows too.
pub fn rows_from_reports(
    reports: &[PathBuf],
    manifest: Option<&Manifest>,
    reports_dir: Option<&Path>,
) -> Result<CohortRows> {
    let paths = report_paths(reports, reports_dir)?;
    let mut loaded = load(&paths)?;
    let mut recorded = reports_dir.map(recorded_failures).unwrap_or_default();
    let mut rows = CohortRows::new()?;
    match manifest {
        Some(manifest) => {
            for j in manifest.jobs() {
                let j = j?;
                let tt = j.options.tumor_type.as_deref();
                if let Some(files) = loaded.by_patient.get(&j.patient) {
                    rows.push(&patient_row(&j.patient, j.vcf_path(), tt, files, &mut loaded.rows)?)?;
                    continue;
                }
                let stem = safe_file_stem(&j.patient);
                let bad = loaded
                    .bad
                    .iter()
                    .position(|(p, _)| p.file_stem().is_some_and(|s| s.to_string_lossy() == stem));
                let msg = match bad {
                    Some(i) => {
                        let (p, e) = loaded.bad.remove(i);
                        format!("{}: {e}", p.display())
                    }
                    None => reports_dir
                        .and_then(|d| error_file_message(d, &j.patient))
                        .or_else(|| recorded.remove(&j.patient).and_then(|r| r.error))
                        .unwrap_or_else(|| "no report was produced".to_string()),
                };
                rows.push(&error_row(&j.patient, j.vcf_path(), tt, &msg))?;
            }
        }
        None => {
            // Patients with reports and the failures batch recorded, merged in patient order.
            for patient in loaded.by_patient.keys() {
                recorded.remove(patient);
            }
            let mut failures = std::mem::take(&mut recorded).into_iter().peekable();
            for (patient, files) in &loaded.by_patient {
                while let Some(f) = failures.next_if(|(p, _)| p < patient) {
                    rows.push(&f.1)?;
                }
                rows.push(&patient_row(patient, None, None, files, &mut loaded.rows)?)?;
            }
            for (_, f) in failures {
                rows.push(&f)?;
            }
        }
    }
    for (p, e) in &loaded.bad {
        rows.push(&bad_row(p, e))?;
    }
    Ok(rows)
}
