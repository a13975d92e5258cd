//! Running the jobs of a batch into an output directory: one report each in the chosen
//! [`Format`], failures isolated, up-to-date reports reused, the cohort summary written last. The
//! directory is locked for the whole run, and temporaries left by killed runs are removed first.

use super::outdir::{remove_stale_temporaries, OutdirLock};
use super::{error_row, row_from_report, write_cohort, CohortRow, CohortRows, Job, Jobs};
use crate::error::{Error, Result};
use crate::input;
use crate::kb::KnowledgeBase;
use crate::output::safe_file_stem;
use crate::pipeline::{self, Options};
use crate::report::{Format, RenderOptions, Report};
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// How a batch runs (beyond each job's own options).
#[derive(Debug, Clone)]
pub struct BatchOptions {
    /// Output formats of the per-patient reports. The JSON report is always written (it is the
    /// resume record); html and tsv add `<patient>.html` / `<patient>.tsv` and the cohort's
    /// `cohort.html` / `cohort_alterations.tsv`.
    pub formats: Vec<Format>,
    /// Render-time values (the report date of the HTML pages).
    pub render: RenderOptions,
    /// Redo patients whose report is already up to date.
    pub force: bool,
    /// Show a patient progress bar (only when stderr is a terminal).
    pub progress: bool,
    /// Write the cohort's Parquet tables (`patients.parquet`, …: [`crate::batch::tables`]).
    pub parquet: bool,
}

impl Default for BatchOptions {
    fn default() -> Self {
        BatchOptions {
            formats: vec![Format::Json],
            render: RenderOptions::from_env(),
            force: false,
            progress: false,
            parquet: false,
        }
    }
}

/// `<outdir>/<safe patient stem>.<format extension>`.
pub fn report_path(outdir: &Path, patient: &str, format: Format) -> PathBuf {
    outdir.join(format!("{}.{}", safe_file_stem(patient), format.extension()))
}

/// Whether an existing report was made from the same input bytes, options, tool and KB version.
/// Only the JSON report is re-read: it is the resume record.
fn up_to_date(path: &Path, job: &Job, kb: &KnowledgeBase, known_sha: Option<&str>) -> Option<Report> {
    let bytes = super::cohort::read_capped(path).ok()?;
    let r: Report = serde_json::from_slice(&bytes).ok()?;
    let sha = match known_sha {
        Some(s) => s.to_string(),
        // A copy-number/fusion-only patient is made again (its files are small).
        None => input::sha256_file(job.vcf_path()?).ok()?,
    };
    // Several files: every one unchanged, in the same order.
    let others_same = job.more_vcfs.is_empty()
        || (r.input.files.len() == job.more_vcfs.len() + 1
            && r.input.files[1..]
                .iter()
                .zip(&job.more_vcfs)
                .all(|(f, p)| input::sha256_file(p).is_ok_and(|s| s == f.sha256)));
    let same = others_same
        && r.input.sha256 == sha
        && r.provenance.parameters == job.options.settings().parameters
        && r.provenance.tool_version == crate::TOOL_VERSION
        && r.provenance.knowledge_base_version == kb.version
        && r.patient.id == job.patient;
    same.then_some(r)
}

/// Run every job into `outdir` and write `cohort.tsv` / `cohort.json` there (and `cohort.html` /
/// `cohort_alterations.tsv` / the Parquet tables when asked); returns one row per job in job
/// order, spilled to disk as each job ends. The directory is created if needed and locked
/// (`.oncoprofile.lock`) for the whole run: a batch already working there is refused. The jobs
/// are made one at a time as workers take them (a manifest's rows are not all held as jobs).
pub fn run_batch(jobs: &Jobs, kb: &KnowledgeBase, outdir: &Path, opts: BatchOptions) -> Result<CohortRows> {
    jobs.check_names(Format::Json.extension(), opts.formats.contains(&Format::Tsv))?;
    let dir = Outdir::open(outdir)?;
    let bar = cohort_bar(opts.progress, jobs.len() as u64);
    let rows = Mutex::new(CohortRows::new()?);
    let mut order = jobs
        .iter()
        .enumerate()
        .par_bridge()
        .map(|(i, job)| {
            let job = job?;
            let row = run_job(&job, kb, outdir, &opts);
            if let Some(b) = &bar {
                b.inc(1);
                if !row.is_ok() {
                    b.set_message(format!("{} failed", job.patient));
                }
            }
            Ok((i, push(&rows, &row)?))
        })
        .collect::<Result<Vec<(usize, usize)>>>()?;
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    // Job order: the workers finish in any order.
    order.sort_unstable_by_key(|&(i, _)| i);
    let mut rows = rows.into_inner().unwrap_or_else(|p| p.into_inner());
    rows.set_order(order.into_iter().map(|(_, slot)| slot).collect())?;
    dir.finish(rows, &opts)
}

/// Spill one row (the lock is held only to append it).
fn push(rows: &Mutex<CohortRows>, row: &CohortRow) -> Result<usize> {
    rows.lock().unwrap_or_else(|p| p.into_inner()).push(row)
}

/// Every sample (`Tumor_Sample_Barcode`) of one MAF into `outdir`, as [`run_batch`] does for
/// files: the MAF is read once, each sample's report is its own (a failing sample is an error
/// row), up-to-date reports are kept (same MAF bytes, options, tool and KB versions).
pub fn run_maf_batch(
    maf: &Path,
    options: &Options,
    kb: &KnowledgeBase,
    outdir: &Path,
    opts: BatchOptions,
) -> Result<CohortRows> {
    // The patients are known only after reading: the directory is locked first (a batch already
    // working there is refused before the MAF is read), the names are checked before anything
    // is written.
    let dir = Outdir::open(outdir)?;
    let job = |barcode: &str| Job {
        patient: barcode.to_string(),
        vcf: maf.to_path_buf(),
        more_vcfs: vec![],
        options: options.clone(),
    };
    // Names only: no job (and its options) per sample.
    let check = |samples: &[String]| {
        super::manifest::check_name_collisions(samples.iter().map(|b| (b.as_str(), maf)), Format::Json.extension())?;
        check_alterations_name(samples.iter().map(String::as_str), &opts)
    };
    // Each sample's report is written (and dropped) as soon as its rows end, its summary row spilled.
    let rows = Mutex::new(CohortRows::new()?);
    let on_sample = |info: &pipeline::maf::MafInfo, barcode: &str, make: Box<dyn FnOnce() -> Result<Report> + '_>| {
        let job = job(barcode);
        let out = report_path(outdir, &job.patient, Format::Json);
        if !opts.force {
            if let Some(old) = up_to_date(&out, &job, kb, Some(&info.sha256)) {
                return push(&rows, &reuse(&job, old, outdir, &opts));
            }
        }
        push(&rows, &write_job(&job, make(), outdir, &opts))
    };
    let (_, slots) = pipeline::maf_batch::stream_reports(maf, options, kb, &check, &on_sample)?;
    let order = slots
        .into_iter()
        .map(|(_, slot)| slot)
        .collect::<Result<Vec<usize>>>()?;
    let mut rows = rows.into_inner().unwrap_or_else(|p| p.into_inner());
    rows.set_order(order)?;
    dir.finish(rows, &opts)
}

/// With tsv among the formats, no patient may write `cohort_alterations.tsv`.
fn check_alterations_name<'a>(mut patients: impl Iterator<Item = &'a str>, opts: &BatchOptions) -> Result<()> {
    if opts.formats.contains(&Format::Tsv) {
        if let Some(p) = patients.find(|p| safe_file_stem(p) == "cohort_alterations") {
            return Err(super::manifest::alterations_collision(p));
        }
    }
    Ok(())
}

/// An output directory held for one batch run: created, locked, its stale temporaries removed;
/// [`Outdir::finish`] writes the cohort files and releases it.
struct Outdir<'a> {
    path: &'a Path,
    _lock: OutdirLock,
}

impl<'a> Outdir<'a> {
    fn open(path: &'a Path) -> Result<Outdir<'a>> {
        let started = std::time::SystemTime::now();
        std::fs::create_dir_all(path).map_err(|e| Error::output(path, e))?;
        let lock = OutdirLock::acquire(path)?;
        remove_stale_temporaries(path, started);
        Ok(Outdir { path, _lock: lock })
    }

    fn finish(self, mut rows: CohortRows, opts: &BatchOptions) -> Result<CohortRows> {
        write_cohort(self.path, &mut rows)?;
        // The page and the alterations table, one row at a time (only when asked for).
        if opts.formats.iter().any(|f| *f != Format::Json) {
            super::write_cohort_extras(self.path, &mut rows, &opts.formats, &opts.render)?;
        }
        if opts.parquet {
            super::tables::write_tables(&super::tables::Target::Beside(self.path.into()), &mut rows)?;
        }
        Ok(rows)
    }
}

fn fail(job: &Job, e: &Error) -> CohortRow {
    tracing::warn!(patient = %job.patient, "{e}");
    let tt = job.options.tumor_type.as_deref();
    error_row(&job.patient, job.vcf_path(), tt, &e.to_string())
}

/// An up-to-date report kept: the other formats are written from it when missing.
fn reuse(job: &Job, r: Report, outdir: &Path, opts: &BatchOptions) -> CohortRow {
    tracing::info!(patient = %job.patient, "report up to date; skipped");
    let out = report_path(outdir, &job.patient, Format::Json);
    for f in opts.formats.iter().copied().filter(|f| *f != Format::Json) {
        let p = report_path(outdir, &job.patient, f);
        if !p.exists() {
            if let Err(e) = write_report(f, &p, &r, opts) {
                return fail(job, &e);
            }
        }
    }
    row_from_report(&job.patient, job.vcf_path(), Some(&out), &r, true)
}

/// Write one report file into the output directory: never in place, never into a special file.
fn write_report(format: Format, path: &Path, r: &Report, opts: &BatchOptions) -> Result<()> {
    crate::output::write_regular_with(path, |w| crate::report::write_to_with(format, r, &opts.render, w))
}

/// Write a job's freshly made report (or its error row).
fn write_job(job: &Job, report: Result<Report>, outdir: &Path, opts: &BatchOptions) -> CohortRow {
    let out = report_path(outdir, &job.patient, Format::Json);
    let result = report.and_then(|r| {
        // The other formats first: the JSON (the resume record) is written only when all are.
        for f in opts.formats.iter().copied().filter(|f| *f != Format::Json) {
            write_report(f, &report_path(outdir, &job.patient, f), &r, opts)?;
        }
        write_report(Format::Json, &out, &r, opts)?;
        Ok(r)
    });
    match result {
        Ok(r) => row_from_report(&job.patient, job.vcf_path(), Some(&out), &r, false),
        Err(e) => fail(job, &e),
    }
}

/// One patient: reuse its up-to-date report, or run the pipeline and write the report.
fn run_job(job: &Job, kb: &KnowledgeBase, outdir: &Path, opts: &BatchOptions) -> CohortRow {
    if !opts.force {
        if let Some(r) = up_to_date(&report_path(outdir, &job.patient, Format::Json), job, kb, None) {
            return reuse(job, r, outdir, opts);
        }
    }
    let mut o = job.options.clone();
    o.reader_thread = false;
    o.progress = false;
    write_job(
        job,
        pipeline::run_report_files_isolated(&job.files(), &o, kb),
        outdir,
        opts,
    )
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
