//! Why an annotation string could not be used. The record is then treated as unannotated and
//! counted in a report warning; these never fail a patient.

/// An annotation field with no usable entry.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AnnotationError {
    /// VEP CSQ (or a CSQ-like key): no entry carries the Allele and Consequence fields.
    #[error(
        "{key}: no entry has the Allele and Consequence fields of the header Format ({expected} fields expected, first entry has {found})"
    )]
    Vep { key: String, expected: usize, found: usize },
    #[error("ANN: no entry has the Allele and Annotation fields")]
    Ann,
    #[error("EFF: no entry has the form Effect(Impact|…)")]
    Eff,
    #[error("BCSQ: no entry has a bcftools consequence (missense, frameshift, …) or an @POS reference")]
    Bcsq,
}
