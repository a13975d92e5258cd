//! Biomarker → therapy rules (`annotations/therapies.tsv`). STUB — therapy owner.
use super::{KbError, KnowledgeBase};

#[derive(Debug, Clone, Default)]
pub struct TherapyRule {
    pub id: String,
}

pub fn parse(_text: &str, _file: &str) -> Result<Vec<TherapyRule>, Vec<KbError>> {
    Ok(vec![])
}

/// Cross-checks against the rest of the base (unknown genes, tumour types).
pub fn check(_rules: &[TherapyRule], _kb: &KnowledgeBase) -> Vec<KbError> {
    vec![]
}

/// `oncoprofile kb import civic FILE… --out DIR`: add CIViC predictive evidence to the
/// knowledge-base directory `out` (which already holds the base files). Returns a summary line.
pub fn import_civic(_files: &[std::path::PathBuf], _out: &std::path::Path) -> Result<String, crate::Error> {
    Err(crate::Error::Usage("CIViC import is not implemented yet".into()))
}
