//! `oncoprofile kb import SOURCE FILE… --out DIR [--base DIR]`. STUB — knowledge-base owner.
use std::path::{Path, PathBuf};

/// `source` is `cancerhotspots`, `intogen` or `civic`. Writes a complete knowledge-base
/// directory to `out`: the base (embedded, or `base`) plus the imported rows.
/// Returns a one-paragraph summary for the user.
pub fn import(source: &str, _files: &[PathBuf], _base: Option<&Path>, _out: &Path) -> Result<String, crate::Error> {
    Err(crate::Error::Usage(format!("unknown import source {source}")))
}
