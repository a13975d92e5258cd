//! `oncoprofile batch`: many patients in parallel, one report each plus the cohort summary.

use super::common::{parse_formats, CommonArgs, FormatError, RenderArgs};
use super::Global;
use oncoprofile::batch::{self, BatchOptions, CohortRows};
use oncoprofile::error::{exit, Error};
use oncoprofile::report::Format;
use std::path::{Path, PathBuf};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// VCF/BCF files (one patient each; the patient ID is the file name without extension).
    pub vcfs: Vec<PathBuf>,
    /// Manifest TSV with a header: patient, vcf [, tumor_sample, normal_sample, tumor_type, targets, target_mb, assay].
    #[arg(long, value_name = "TSV")]
    pub manifest: Option<PathBuf>,
    /// A MAF cohort (plain or gzip): one report per Tumor_Sample_Barcode, the file read once.
    #[arg(long, value_name = "MAF", conflicts_with_all = ["manifest", "vcfs", "check_manifest"])]
    pub maf: Option<PathBuf>,
    /// A cBioPortal study folder (meta_*.txt; data_mutations*.txt, data_CNA.txt, data_sv.txt,
    /// data_clinical_sample.txt, any subset): one report per sample, its tumour type from ONCOTREE_CODE.
    #[arg(long, value_name = "DIR", conflicts_with_all = ["manifest", "vcfs", "maf"])]
    pub cbioportal_study: Option<PathBuf>,
    /// Output directory for <patient>.json, cohort.tsv and cohort.json.
    #[arg(long, value_name = "DIR", required_unless_present = "check_manifest")]
    pub outdir: Option<PathBuf>,
    /// Read and check the manifest (and the options) exactly as a run would, print each
    /// patient's plan as JSON (stem, resolved paths, the `oncoprofile report` arguments) and stop.
    /// Workflow engines use it instead of re-implementing the manifest rules.
    #[arg(long)]
    pub check_manifest: bool,
    /// Redo patients whose report is already up to date.
    #[arg(long)]
    pub force: bool,
    /// Report formats, comma-separated: json (always written: the resume record), html (adds
    /// <patient>.html and cohort.html), tsv (adds <patient>.tsv and cohort_alterations.tsv),
    /// parquet (adds the cohort tables patients.parquet, alterations.parquet, therapies.parquet,
    /// copy_number.parquet, fusions.parquet, signatures.parquet).
    #[arg(long, value_name = "LIST", default_value = "json", value_parser = parse_cohort_formats)]
    pub formats: CohortFormats,
    #[command(flatten)]
    pub render: RenderArgs,
    #[command(flatten)]
    pub common: CommonArgs,
}

pub fn run(a: Args, global: &Global) -> Result<i32, Error> {
    let render = a.render.options()?;
    // Options first: they set the side-file line limit the knowledge base is read with.
    let mut base = a.common.options(global)?;
    let kb = a.common.kb.load()?;
    base.tmb_reference = a.common.tmb_reference(&kb)?;
    if let Some(maf) = &a.maf {
        let (outdir, pool, opts) = run_setup(&a, render, global)?;
        let mut o = base.clone();
        o.progress = false;
        let rows = pool.install(|| batch::run_maf_batch(maf, &o, &kb, outdir, opts))?;
        return Ok(finish(&rows, outdir, global));
    }
    // A manifest's rows are checked here and made into jobs one at a time as the run takes them.
    let manifest = a
        .manifest
        .as_deref()
        .map(|m| batch::Manifest::read(m, &base))
        .transpose()?;
    let mut listed = match (&manifest, &a.cbioportal_study) {
        (None, Some(dir)) => {
            let mut o = base.clone();
            o.progress = false;
            let (_, jobs) = batch::cbioportal::study_jobs(dir, &o)?;
            if jobs.is_empty() {
                return Err(Error::input(dir, "no sample with data in the study"));
            }
            jobs
        }
        _ => vec![],
    };
    listed.extend(batch::jobs_from_files(&a.vcfs, &base));
    let jobs = batch::Jobs::new(manifest, listed);
    if jobs.is_empty() {
        return Err(Error::Usage(
            "batch needs VCF files, --manifest or --cbioportal-study".into(),
        ));
    }
    check_denominators(&jobs)?;
    if a.check_manifest {
        jobs.check_names(oncoprofile::report::Format::Json.extension(), false)?;
        let plan = super::plan::plan(
            &jobs.to_vec()?,
            a.manifest.as_deref(),
            a.common.kb.annotations.as_deref(),
        );
        let text = serde_json::to_string_pretty(&plan).map_err(|e| Error::Internal(e.to_string()))?;
        return super::print(&(text + "\n"));
    }
    let (outdir, pool, opts) = run_setup(&a, render, global)?;
    let rows = pool.install(|| batch::run_batch(&jobs, &kb, outdir, opts))?;
    Ok(finish(&rows, outdir, global))
}

/// What a run needs besides its jobs: the output directory, the pool and the batch options.
fn run_setup<'a>(
    a: &'a Args,
    render: oncoprofile::report::RenderOptions,
    global: &Global,
) -> Result<(&'a Path, rayon::ThreadPool, BatchOptions), Error> {
    let outdir = a
        .outdir
        .as_deref()
        .ok_or_else(|| Error::Usage("batch needs --outdir".into()))?;
    let opts = BatchOptions {
        formats: a.formats.reports.clone(),
        parquet: a.formats.parquet,
        render,
        force: a.force,
        progress: !global.quiet,
    };
    Ok((outdir, a.common.pool()?, opts))
}

/// The summary on stderr and the exit status: partial when any patient failed.
fn finish(rows: &CohortRows, outdir: &Path, global: &Global) -> i32 {
    summarise(rows, outdir, global);
    if !rows.failed().is_empty() {
        exit::PARTIAL
    } else {
        exit::OK
    }
}

/// A patient whose manifest cells and options give more than one TMB denominator (targets,
/// target_mb, assay) is ambiguous: refuse the batch before any work, as `report` refuses the flags.
fn check_denominators(jobs: &batch::Jobs) -> Result<(), Error> {
    for j in jobs.iter() {
        let j = j?;
        let given = j.options.biomarkers.denominators();
        if given.len() > 1 {
            return Err(Error::Usage(format!(
                "patient '{}' gets more than one of targets / target_mb / assay ({}) from the manifest and the options",
                j.patient,
                given.join(", ")
            )));
        }
    }
    Ok(())
}

/// The closing lines on stderr: counts (unless quiet) and one line per failed patient.
fn summarise(rows: &CohortRows, outdir: &Path, global: &Global) {
    let failed = rows.failed();
    let reused = rows.reused();
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
    for r in failed {
        eprintln!(
            "oncoprofile: failed: {}: {}",
            r.patient,
            r.error.as_deref().unwrap_or("")
        );
    }
}

/// The `--formats` of `batch` and `cohort`: the per-patient report formats, and whether the
/// cohort's Parquet tables are written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CohortFormats {
    /// Deduplicated, in the order of [`Format::ALL`]; json always among them.
    pub reports: Vec<Format>,
    pub parquet: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum CohortFormatError {
    #[error("unknown format '{0}': use json, html, tsv or parquet")]
    Unknown(String),
    #[error("--formats needs at least one of json, html, tsv, parquet")]
    Empty,
}

/// `--formats json,html,tsv,parquet` (json is implied: it is always written).
pub fn parse_cohort_formats(s: &str) -> Result<CohortFormats, CohortFormatError> {
    let parts: Vec<&str> = s.split(',').map(str::trim).filter(|p| !p.is_empty()).collect();
    let parquet = parts.iter().any(|p| p.eq_ignore_ascii_case("parquet"));
    let rest: Vec<&str> = parts
        .into_iter()
        .filter(|p| !p.eq_ignore_ascii_case("parquet"))
        .collect();
    let mut reports = match parse_formats(&rest.join(",")) {
        Ok(f) => f.0,
        Err(FormatError::Empty) if parquet => vec![],
        Err(FormatError::Empty) => return Err(CohortFormatError::Empty),
        Err(FormatError::Unknown(u)) => return Err(CohortFormatError::Unknown(u)),
    };
    if !reports.contains(&Format::Json) {
        reports.push(Format::Json);
        reports.sort();
    }
    Ok(CohortFormats { reports, parquet })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cohort_formats() {
        let f = parse_cohort_formats("parquet").unwrap();
        assert_eq!((f.reports, f.parquet), (vec![Format::Json], true));
        let f = parse_cohort_formats("tsv, Parquet,html,t").unwrap();
        assert_eq!(
            (f.reports, f.parquet),
            (vec![Format::Json, Format::Html, Format::Tsv], true)
        );
        let f = parse_cohort_formats("json").unwrap();
        assert!(!f.parquet);
        assert_eq!(
            parse_cohort_formats("csv").unwrap_err().to_string(),
            "unknown format 'csv': use json, html, tsv or parquet"
        );
        assert!(matches!(parse_cohort_formats(" , "), Err(CohortFormatError::Empty)));
    }
}
