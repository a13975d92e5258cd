//! Biomarker → therapy rules (`annotations/therapies.tsv`).
//! STUB — to be replaced by the therapy owner.

#[derive(Debug, Clone, Default)]
pub struct TherapyRule {
    pub id: String,
}
