//! `oncoprofile cohort`: cohort.tsv / cohort.json (and the Parquet tables) from existing
//! per-patient reports; `--append` adds a run to a Parquet cohort store instead. A report that
//! cannot be used is a failure row (exit 5), never an abort.

use super::batch::{parse_cohort_formats, CohortFormats};
use super::common::RenderArgs;
use super::Global;
use oncoprofile::batch;
use oncoprofile::batch::tables::{self, Target};
use oncoprofile::error::{exit, Error};
use oncoprofile::pipeline::Options;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Per-patient JSON reports.
    pub reports: Vec<PathBuf>,
    /// Manifest of the cohort: patients without a report get an error row.
    #[arg(long, value_name = "TSV")]
    pub manifest: Option<PathBuf>,
    /// Directory holding <patient>.json reports (and <patient>.error files from failed jobs; the
    /// failures a batch recorded in its cohort.json are kept).
    #[arg(long, value_name = "DIR")]
    pub reports_dir: Option<PathBuf>,
    /// Where to write cohort.tsv and cohort.json.
    #[arg(long, value_name = "DIR")]
    pub outdir: PathBuf,
    /// Cohort outputs, comma-separated: json (cohort.tsv and cohort.json, always written), html
    /// (adds cohort.html, linking each <patient>.html beside its report), tsv (adds
    /// cohort_alterations.tsv), parquet (adds patients.parquet, alterations.parquet, …).
    #[arg(long, value_name = "LIST", default_value = "json", value_parser = parse_cohort_formats)]
    pub formats: CohortFormats,
    /// Add these reports to the Parquet cohort store in --outdir, as one new partition
    /// <outdir>/run=<UTC time>/<table>.parquet; earlier runs are never rewritten, and patients
    /// already in the store are skipped. Writes only the Parquet tables.
    #[arg(long)]
    pub append: bool,
    #[command(flatten)]
    pub render: RenderArgs,
}

pub fn run(a: Args, _: &Global) -> Result<i32, Error> {
    let ro = a.render.options()?;
    let jobs = match &a.manifest {
        Some(m) => Some(batch::Manifest::read(m, &Options::default())?),
        None => None,
    };
    if a.reports.is_empty() && a.reports_dir.is_none() {
        return Err(Error::Usage("cohort needs report files or --reports-dir".into()));
    }
    if a.append && (a.formats.reports.len() > 1) {
        return Err(Error::Usage(
            "--append writes only the Parquet tables: use --formats parquet (or leave --formats out)".into(),
        ));
    }
    let mut rows = batch::rows_from_reports(&a.reports, jobs.as_ref(), a.reports_dir.as_deref())?;
    std::fs::create_dir_all(&a.outdir).map_err(|e| Error::output(&a.outdir, e))?;
    if a.append {
        let w = tables::write_tables(&Target::Append(a.outdir.clone()), &mut rows)?;
        match w.files.first() {
            Some((p, n)) => eprintln!(
                "oncoprofile: {n} patient(s) added to the cohort store in {} ({} already there, skipped)",
                p.parent().unwrap_or(&a.outdir).display(),
                w.skipped
            ),
            None => eprintln!(
                "oncoprofile: nothing new for the cohort store in {} ({} already there, skipped)",
                a.outdir.display(),
                w.skipped
            ),
        }
    } else {
        batch::write_cohort(&a.outdir, &mut rows)?;
        // The page and the alterations table, one row at a time (only when asked for).
        if a.formats.reports.len() > 1 {
            batch::write_cohort_extras(&a.outdir, &mut rows, &a.formats.reports, &ro)?;
        }
        if a.formats.parquet {
            tables::write_tables(&Target::Beside(a.outdir.clone()), &mut rows)?;
        }
    }
    for r in rows.failed() {
        eprintln!(
            "oncoprofile: failed: {}: {}",
            r.patient,
            r.error.as_deref().unwrap_or("")
        );
    }
    let failed = !rows.failed().is_empty();
    Ok(if failed { exit::PARTIAL } else { exit::OK })
}
