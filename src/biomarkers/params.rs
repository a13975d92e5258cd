//! The thresholds the stage reads (`annotations/thresholds.toml`, overridden
//! key by key by the knowledge base) and the assay presets.

use super::error::{BiomarkerError, Result};
use super::repeat::RepeatRules;
use crate::kb::assays::{self, Assay};
use crate::kb::thresholds::{self, Thresholds};
use crate::kb::KnowledgeBase;

/// The repeat definition from the embedded thresholds.toml (used for caller
/// fields in `observe` and for FASTA lookups, so both agree).
pub fn embedded_rules() -> &'static RepeatRules {
    static RULES: std::sync::OnceLock<RepeatRules> = std::sync::OnceLock::new();
    RULES.get_or_init(|| {
        thresholds::embedded()
            .ok()
            .map(|t| Params { thresholds: t })
            .and_then(|p| p.repeat_rules().ok())
            .unwrap_or_default()
    })
}

/// One threshold value with its source.
#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    pub value: f64,
    pub source: String,
}

/// The thresholds the biomarker stage uses: the knowledge base's, falling
/// back key by key to the embedded `annotations/thresholds.toml`.
#[derive(Debug, Clone)]
pub struct Params {
    pub thresholds: Thresholds,
}

impl Params {
    pub fn load(kb: &KnowledgeBase) -> Result<Params> {
        let mut t = thresholds::embedded().map_err(|e| BiomarkerError::Threshold {
            key: None,
            reason: e.iter().map(|x| x.to_string()).collect::<Vec<_>>().join("; "),
        })?;
        for (k, v) in &kb.thresholds.values {
            t.values.insert(k.clone(), v.clone());
        }
        Ok(Params { thresholds: t })
    }
    pub(crate) fn get(&self, key: &str) -> Result<Param> {
        self.thresholds
            .get(key)
            .map(|t| Param {
                value: t.value,
                source: t.source.clone(),
            })
            .ok_or_else(|| BiomarkerError::missing_threshold(key))
    }
    pub fn value(&self, key: &str) -> Result<f64> {
        self.get(key).map(|p| p.value)
    }
    pub(crate) fn repeat_rules(&self) -> Result<RepeatRules> {
        Ok(RepeatRules {
            homopolymer_min: self.value("repeat_homopolymer_min_length")?.max(1.0) as u32,
            unit_min_copies: self.value("repeat_unit_min_copies")?.max(1.0) as u32,
            min_length: self.value("repeat_min_length")?.max(0.0) as u32,
        })
    }
}

/// The knowledge base's assays, or the embedded ones when it has none.
pub fn assay_list(kb: &KnowledgeBase) -> Vec<Assay> {
    if kb.assays.is_empty() {
        assays::embedded().unwrap_or_default()
    } else {
        kb.assays.clone()
    }
}

/// The `--assay` preset by name (case-insensitive, aliases), or an error listing the known ones.
pub(crate) fn find_assay<'a>(all: &'a [Assay], name: Option<&str>) -> Result<Option<&'a Assay>> {
    let Some(n) = name else { return Ok(None) };
    match assays::find(all, n) {
        Some(a) => Ok(Some(a)),
        None => Err(BiomarkerError::UnknownAssay {
            name: n.to_string(),
            known: all.iter().map(|a| a.name.clone()).collect(),
        }),
    }
}
