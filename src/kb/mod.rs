//! The knowledge base: curated `annotations/` files, embedded with `include_str!`
//! and overridable with `--annotations DIR`.
//! STUB — to be replaced by the knowledge-base owner.

pub mod assays;
pub mod import;
pub mod therapies;
pub mod thresholds;

use std::path::Path;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}:{line}:{column}: {reason}")]
pub struct KbError {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub reason: String,
}

#[derive(Debug, Clone, Default)]
pub struct Gene {
    pub symbol: String,
    /// `oncogene`, `tumor_suppressor`, `both`.
    pub role: String,
    pub pathways: Vec<String>,
    pub source: String,
}

#[derive(Debug, Clone, Default)]
pub struct TumorType {
    pub code: String,
    pub name: String,
    pub parent: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub struct TumorTypes {
    pub types: Vec<TumorType>,
}

impl TumorTypes {
    pub fn get(&self, code: &str) -> Option<&TumorType> {
        self.types.iter().find(|t| t.code.eq_ignore_ascii_case(code))
    }
    /// The code and its ancestors up to the root, most specific first; empty for an unknown code.
    pub fn lineage(&self, code: &str) -> Vec<String> {
        let mut out = Vec::new();
        let mut cur = self.get(code);
        while let Some(t) = cur {
            if out.contains(&t.code) {
                break;
            }
            out.push(t.code.clone());
            cur = t.parent.as_deref().and_then(|p| self.get(p));
        }
        out
    }
    /// True when `code` is `ancestor` or lies below it.
    pub fn is_a(&self, code: &str, ancestor: &str) -> bool {
        self.lineage(code).iter().any(|c| c.eq_ignore_ascii_case(ancestor))
    }
}

#[derive(Debug, Clone, Default)]
pub struct KnowledgeBase {
    pub version: String,
    /// `embedded` or the directory it was loaded from.
    pub source: String,
    pub genes: Vec<Gene>,
    pub tumor_types: TumorTypes,
    pub assays: Vec<assays::Assay>,
    pub thresholds: thresholds::Thresholds,
    pub therapies: Vec<therapies::TherapyRule>,
}

impl KnowledgeBase {
    pub fn embedded() -> Result<KnowledgeBase, Vec<KbError>> {
        Ok(KnowledgeBase { version: "0".into(), source: "embedded".into(), ..Default::default() })
    }
    pub fn load_dir(dir: &Path) -> Result<KnowledgeBase, Vec<KbError>> {
        Ok(KnowledgeBase { version: "0".into(), source: dir.display().to_string(), ..Default::default() })
    }
    pub fn gene(&self, symbol: &str) -> Option<&Gene> {
        self.genes.iter().find(|g| g.symbol == symbol)
    }
    /// Human-readable summary for `oncoprofile kb info`.
    pub fn info(&self) -> String {
        format!("version {}\nsource {}\n", self.version, self.source)
    }
    /// Write the files of this knowledge base (as text, same format as `annotations/`) to `dir`.
    pub fn write_embedded_files(dir: &Path) -> std::io::Result<()> {
        std::fs::create_dir_all(dir)
    }
}
