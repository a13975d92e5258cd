//! `oncoprofile signatures MATRIX --signatures REF -o exposures.tsv [--bootstrap N]`: refit a
//! SigProfiler-style matrix (one column per sample) to a reference signature set, and the
//! `kb import signatures` step that writes a reference directory.

use std::path::{Path, PathBuf};

use super::Global;
use oncoprofile::error::{exit, Error};
use oncoprofile::signatures::{reference, refit, table};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// SigProfiler matrix: `MutationType` rows (`A[C>A]A`, …), one column per sample (TSV/CSV).
    pub matrix: PathBuf,
    /// Reference signatures: a COSMIC v3.x file, or a directory from `kb import signatures`.
    #[arg(long, value_name = "FILE|DIR")]
    pub signatures: PathBuf,
    /// Output exposures table (`-` for standard output).
    #[arg(short, long, value_name = "FILE")]
    pub output: PathBuf,
    /// Bootstrap resamples per sample for 95 % intervals (0 = none).
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub bootstrap: usize,
    /// Worker threads [default: all cores].
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
}

pub fn run(a: Args, _: &Global) -> Result<i32, Error> {
    let matrix = table::read(&a.matrix)?;
    let sets = reference::load(&a.signatures)?;
    let set = sets.iter().find(|s| s.kind == matrix.kind).ok_or_else(|| {
        Error::input(
            &a.signatures,
            format!(
                "no {} signature set for the {} matrix",
                matrix.kind.name(),
                matrix.kind.name()
            ),
        )
    })?;
    let mut pool = rayon::ThreadPoolBuilder::new();
    if let Some(n) = a.threads {
        pool = pool.num_threads(n);
    }
    let pool = pool.build().map_err(|e| Error::Internal(format!("thread pool: {e}")))?;
    let fits = pool.install(|| refit::refit(&matrix, set, a.bootstrap));
    let text = refit::exposures_tsv(&matrix.columns, set, &fits, a.bootstrap > 0);
    if a.output.as_os_str() == "-" {
        return super::print(&text);
    }
    oncoprofile::output::write_atomic(&a.output, text.as_bytes())?;
    Ok(exit::OK)
}

/// `kb import signatures FILE… --out DIR [--set-version V]`.
pub fn import(files: &[PathBuf], out: &Path, version: Option<&str>) -> Result<i32, Error> {
    let summary = reference::import(files, out, version).map_err(|e| match e {
        oncoprofile::signatures::SignatureError::Io { path, source } if path.starts_with(out) => {
            Error::output(path, source)
        }
        other => other.into(),
    })?;
    super::print(&format!("{summary}\n"))
}
