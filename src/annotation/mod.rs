//! Pre-computed annotations: Ensembl VEP `INFO/CSQ` and SnpEff `INFO/ANN` / legacy `EFF`.
//! STUB — to be replaced by the annotation module owner.

use crate::input::header::Header;
use crate::model::Annotation;
use crate::report::AnnotationKind;

/// Built once per file from the header; annotates each record.
#[derive(Debug, Clone)]
pub struct Annotator {
    kind: AnnotationKind,
}

impl Annotator {
    pub fn from_header(header: &Header) -> Annotator {
        let kind = if header.info_def("CSQ").is_some() {
            AnnotationKind::Vep
        } else if header.info_def("ANN").is_some() || header.info_def("EFF").is_some() {
            AnnotationKind::Snpeff
        } else {
            AnnotationKind::None
        };
        Annotator { kind }
    }

    pub fn kind(&self) -> AnnotationKind {
        self.kind
    }

    /// Annotate every ALT of one record. `info` is the raw INFO column; the
    /// result has one entry per ALT in `alts` (None where no consequence applies).
    /// Err(reason) when the annotation string is malformed beyond use.
    pub fn annotate_record(&self, _info: &str, _ref_allele: &str, alts: &[&str]) -> Result<Vec<Option<Annotation>>, String> {
        Ok(vec![None; alts.len()])
    }
}
