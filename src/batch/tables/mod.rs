//! The cohort as Parquet tables (`--formats parquet` of `batch` and `cohort`): `patients`,
//! `alterations`, `therapies`, `copy_number`, `fusions` and `signatures`, typed (integers as
//! integers, vocabularies and tiers dictionary-encoded), Snappy-compressed, for DuckDB, Polars,
//! R/arrow or Spark. Columns: [`schema`]; the README documents them.
//!
//! Two layouts:
//! - [`Target::Beside`]: `<outdir>/<table>.parquet`, beside `cohort.tsv`, replaced on each run;
//! - [`Target::Append`] (`cohort --append`): a store that grows, one partition folder per run,
//!   `<store>/run=<UTC time>/<table>.parquet`, never rewritten. The run's folder is written under
//!   a temporary name and renamed when complete, so a reader never sees half a run. Patients
//!   already in the store are skipped.
//!
//! Each file is streamed in row batches into a temporary file and renamed into place
//! ([`columns::TableWriter`]): memory does not grow with the cohort.

pub mod columns;
pub mod schema;

use super::cohort::read_report;
use super::CohortRows;
use crate::error::{Error, Result};
use columns::TableWriter;
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// The tables, in the order they are written.
pub const TABLES: [&str; 6] = [
    "patients",
    "alterations",
    "therapies",
    "copy_number",
    "fusions",
    "signatures",
];

/// Where the tables go.
#[derive(Debug, Clone)]
pub enum Target {
    /// `<dir>/<table>.parquet`.
    Beside(PathBuf),
    /// A new partition `<store>/run=<id>/` of a growing store.
    Append(PathBuf),
}

/// What was written: the files and their row counts; the patients skipped (already in the store).
#[derive(Debug, Default)]
pub struct Written {
    pub files: Vec<(PathBuf, u64)>,
    pub skipped: usize,
}

impl schema::Writers {
    fn create(dir: &Path) -> Result<schema::Writers> {
        Ok(schema::Writers {
            patients: TableWriter::create(dir, TABLES[0], schema::PATIENTS)?,
            alterations: TableWriter::create(dir, TABLES[1], schema::ALTERATIONS)?,
            therapies: TableWriter::create(dir, TABLES[2], schema::THERAPIES)?,
            copy_number: TableWriter::create(dir, TABLES[3], schema::COPY_NUMBER)?,
            fusions: TableWriter::create(dir, TABLES[4], schema::FUSIONS)?,
            signatures: TableWriter::create(dir, TABLES[5], schema::SIGNATURES)?,
        })
    }

    fn finish(self) -> Result<Vec<(PathBuf, u64)>> {
        Ok(vec![
            self.patients.finish()?,
            self.alterations.finish()?,
            self.therapies.finish()?,
            self.copy_number.finish()?,
            self.fusions.finish()?,
            self.signatures.finish()?,
        ])
    }
}

/// Write the tables of `rows` (each ok row's report is read again from its file, one at a time).
/// A report that can no longer be read makes its patient an error row in `patients`.
pub fn write_tables(target: &Target, rows: &mut CohortRows) -> Result<Written> {
    match target {
        Target::Beside(dir) => {
            let (files, _) = fill(dir, rows, &HashSet::new())?;
            Ok(Written { files, skipped: 0 })
        }
        Target::Append(store) => append(store, rows),
    }
}

/// Fill every table in `dir` from the rows, skipping the patients in `skip`.
fn fill(dir: &Path, rows: &mut CohortRows, skip: &HashSet<String>) -> Result<(Vec<(PathBuf, u64)>, usize)> {
    let mut w = schema::Writers::create(dir)?;
    let mut skipped = 0;
    rows.for_each(|mut row| {
        if skip.contains(&row.patient) {
            skipped += 1;
            return Ok(());
        }
        let report = match (row.is_ok(), row.report.as_deref()) {
            (true, Some(p)) => match read_report(Path::new(p)) {
                Ok(r) => Some(r),
                Err(e) => {
                    tracing::warn!("{p}: {e}");
                    row.status = "error".into();
                    row.error = Some(format!("{p}: {e}"));
                    None
                }
            },
            _ => None,
        };
        schema::patient(&mut w.patients, &row, report.as_ref())?;
        if let Some(r) = &report {
            schema::report_rows(&mut w, r)?;
        }
        Ok(())
    })?;
    Ok((w.finish()?, skipped))
}

/// The partition folders of a store (`run=*`, complete runs only), sorted.
pub fn runs(store: &Path) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    let rd = match std::fs::read_dir(store) {
        Ok(rd) => rd,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(out),
        Err(e) => return Err(Error::io(store, e)),
    };
    for e in rd {
        let e = e.map_err(|e| Error::io(store, e))?;
        let name = e.file_name();
        if name.to_string_lossy().starts_with("run=") && e.path().is_dir() {
            out.push(e.path());
        }
    }
    out.sort();
    Ok(out)
}

/// The patient IDs already in a store (the `patient` column of every run's `patients.parquet`).
pub fn stored_patients(store: &Path) -> Result<HashSet<String>> {
    use arrow_array::cast::AsArray;
    use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
    use parquet::arrow::ProjectionMask;
    let mut out = HashSet::new();
    for run in runs(store)? {
        let path = run.join("patients.parquet");
        let bad =
            |e: &dyn std::fmt::Display| Error::input(&path, format!("not a patients table of a cohort store: {e}"));
        let file = std::fs::File::open(&path).map_err(|e| Error::io(&path, e))?;
        let builder = ParquetRecordBatchReaderBuilder::try_new(file).map_err(|e| bad(&e))?;
        let mask = ProjectionMask::columns(builder.parquet_schema(), ["patient"]);
        let reader = builder.with_projection(mask).build().map_err(|e| bad(&e))?;
        for batch in reader {
            let batch = batch.map_err(|e| bad(&e))?;
            let col = batch
                .column_by_name("patient")
                .and_then(|c| c.as_string_opt::<i32>())
                .ok_or_else(|| bad(&"no text column 'patient'"))?;
            out.extend(col.iter().flatten().map(str::to_string));
        }
    }
    Ok(out)
}

/// A new run's name: `run=<UTC date>T<time>Z`, with `-2`, `-3`… when a run of that second exists.
fn run_name(store: &Path) -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    let date = crate::report::render::date_of_epoch(secs).replace('-', "");
    let t = secs.rem_euclid(86_400);
    let base = format!("run={date}T{:02}{:02}{:02}Z", t / 3600, t / 60 % 60, t % 60);
    let mut name = base.clone();
    let mut n = 1;
    while store.join(&name).exists() {
        n += 1;
        name = format!("{base}-{n}");
    }
    name
}

/// One run into a store: its tables in a temporary folder, renamed to `run=<id>` when complete.
fn append(store: &Path, rows: &mut CohortRows) -> Result<Written> {
    std::fs::create_dir_all(store).map_err(|e| Error::output(store, e))?;
    let skip = stored_patients(store)?;
    let tmp = tempfile::Builder::new()
        .prefix(crate::output::TEMP_PREFIX)
        .suffix(".run")
        .tempdir_in(store)
        .map_err(|e| Error::output(store, e))?;
    let (files, skipped) = fill(tmp.path(), rows, &skip)?;
    if files.first().is_none_or(|(_, n)| *n == 0) {
        // Nothing new: no empty run in the store (the temporary folder goes with `tmp`).
        return Ok(Written { files: vec![], skipped });
    }
    let dest = store.join(run_name(store));
    let tmp_path = tmp.keep();
    std::fs::rename(&tmp_path, &dest).map_err(|e| {
        let _ = std::fs::remove_dir_all(&tmp_path);
        Error::output(&dest, e)
    })?;
    let files = files
        .into_iter()
        .map(|(p, n)| (dest.join(p.file_name().unwrap_or_default()), n))
        .collect();
    Ok(Written { files, skipped })
}
