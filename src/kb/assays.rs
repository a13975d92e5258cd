//! Assay presets (`annotations/assays.tsv`). STUB — biomarker owner.
use super::KbError;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Assay {
    pub name: String,
    /// Size of the region used as TMB denominator, in megabases.
    pub region_mb: f64,
    pub description: String,
    pub source: String,
}

pub fn parse(_text: &str, _file: &str) -> Result<Vec<Assay>, Vec<KbError>> {
    Ok(vec![])
}
