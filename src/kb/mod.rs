//! The knowledge base: curated `annotations/` files, embedded with `include_str!`
//! and overridable with `--annotations DIR`.
//! STUB — to be replaced by the knowledge-base owner.

pub mod therapies;

use std::path::Path;

#[derive(Debug, Clone, thiserror::Error)]
#[error("{file}:{line}:{column}: {reason}")]
pub struct KbError {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub reason: String,
}

#[derive(Debug, Clone, Default)]
pub struct KnowledgeBase {
    pub version: String,
    /// `embedded` or the directory it was loaded from.
    pub source: String,
    pub therapies: Vec<therapies::TherapyRule>,
}

impl KnowledgeBase {
    pub fn embedded() -> Result<KnowledgeBase, Vec<KbError>> {
        Ok(KnowledgeBase { version: "0".into(), source: "embedded".into(), ..Default::default() })
    }
    pub fn load_dir(dir: &Path) -> Result<KnowledgeBase, Vec<KbError>> {
        Ok(KnowledgeBase { version: "0".into(), source: dir.display().to_string(), ..Default::default() })
    }
}
