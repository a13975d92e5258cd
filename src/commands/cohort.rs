//! `oncoprofile cohort`: cohort.tsv / cohort.json from existing per-patient reports. A report
//! that cannot be used is a failure row (exit 5), never an abort.

use super::common::{parse_formats, Formats, RenderArgs};
use super::Global;
use oncoprofile::batch;
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
    /// (adds cohort.html, linking each <patient>.html beside its report), tsv (adds cohort_alterations.tsv).
    #[arg(long, value_name = "LIST", default_value = "json", value_parser = parse_formats)]
    pub formats: Formats,
    #[command(flatten)]
    pub render: RenderArgs,
}

pub fn run(a: Args, _: &Global) -> Result<i32, Error> {
    let ro = a.render.options()?;
    let jobs = match &a.manifest {
        Some(m) => Some(batch::read_manifest(m, &Options::default())?),
        None => None,
    };
    if a.reports.is_empty() && a.reports_dir.is_none() {
        return Err(Error::Usage("cohort needs report files or --reports-dir".into()));
    }
    let rows = batch::rows_from_reports(&a.reports, jobs.as_deref(), a.reports_dir.as_deref())?;
    std::fs::create_dir_all(&a.outdir).map_err(|e| Error::output(&a.outdir, e))?;
    batch::write_cohort(&a.outdir, &rows)?;
    batch::write_cohort_extras(&a.outdir, &rows, &a.formats.0, &ro)?;
    for r in rows.iter().filter(|r| !r.is_ok()) {
        eprintln!(
            "oncoprofile: failed: {}: {}",
            r.patient,
            r.error.as_deref().unwrap_or("")
        );
    }
    let failed = rows.iter().any(|r| !r.is_ok());
    Ok(if failed { exit::PARTIAL } else { exit::OK })
}
