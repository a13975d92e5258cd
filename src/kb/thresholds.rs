//! Named thresholds with sources (`annotations/thresholds.toml`). STUB — biomarker owner.
use super::KbError;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Threshold {
    pub value: f64,
    pub source: String,
    pub description: String,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Thresholds {
    pub values: BTreeMap<String, Threshold>,
}

impl Thresholds {
    pub fn get(&self, key: &str) -> Option<&Threshold> {
        self.values.get(key)
    }
}

pub fn parse(_text: &str, _file: &str) -> Result<Thresholds, Vec<KbError>> {
    Ok(Thresholds::default())
}
