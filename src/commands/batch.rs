//! `oncoprofile batch`: many patients in parallel, one report each plus the cohort summary.

use super::common::{parse_formats, CommonArgs, Formats, RenderArgs};
use super::Global;
use oncoprofile::batch::{self, BatchOptions, CohortRow};
use oncoprofile::error::{exit, Error};
use std::path::{Path, PathBuf};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// VCF/BCF files (one patient each; the patient ID is the file name without extension).
    pub vcfs: Vec<PathBuf>,
    /// Manifest TSV with a header: patient, vcf [, tumor_sample, normal_sample, tumor_type, targets, target_mb, assay].
    #[arg(long, value_name = "TSV")]
    pub manifest: Option<PathBuf>,
    /// Output directory for <patient>.json, cohort.tsv and cohort.json.
    #[arg(long, value_name = "DIR")]
    pub outdir: PathBuf,
    /// Redo patients whose report is already up to date.
    #[arg(long)]
    pub force: bool,
    /// Report formats, comma-separated: json (always written: the resume record), html (adds
    /// <patient>.html and cohort.html), tsv (adds <patient>.tsv and cohort_alterations.tsv).
    #[arg(long, value_name = "LIST", default_value = "json", value_parser = parse_formats)]
    pub formats: Formats,
    #[command(flatten)]
    pub render: RenderArgs,
    #[command(flatten)]
    pub common: CommonArgs,
}

pub fn run(a: Args, global: &Global) -> Result<i32, Error> {
    let render = a.render.options()?;
    let kb = a.common.kb.load()?;
    let base = a.common.options(global)?;
    let mut jobs = match &a.manifest {
        Some(m) => batch::read_manifest(m, &base)?,
        None => vec![],
    };
    jobs.extend(batch::jobs_from_files(&a.vcfs, &base));
    if jobs.is_empty() {
        return Err(Error::Usage("batch needs VCF files or --manifest".into()));
    }
    let pool = a.common.pool()?;
    let opts = BatchOptions {
        formats: a.formats.0.clone(),
        render,
        force: a.force,
        progress: !global.quiet,
    };
    let rows = pool.install(|| batch::run_batch(&jobs, &kb, &a.outdir, opts))?;
    summarise(&rows, &a.outdir, global);
    let failed = rows.iter().any(|r| !r.is_ok());
    Ok(if failed { exit::PARTIAL } else { exit::OK })
}

/// The closing lines on stderr: counts (unless quiet) and one line per failed patient.
fn summarise(rows: &[CohortRow], outdir: &Path, global: &Global) {
    let failed: Vec<&CohortRow> = rows.iter().filter(|r| !r.is_ok()).collect();
    let reused = rows.iter().filter(|r| r.reused).count();
    if !global.quiet {
        eprintln!(
            "oncoprofile: {} patient(s): {} ok ({} up to date, skipped), {} failed; summary in {}",
            rows.len(),
            rows.len() - failed.len(),
            reused,
            failed.len(),
            outdir.join("cohort.tsv").display()
        );
    }
    for r in &failed {
        eprintln!(
            "oncoprofile: failed: {}: {}",
            r.patient,
            r.error.as_deref().unwrap_or("")
        );
    }
}
