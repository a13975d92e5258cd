//! Oncogenicity classification. STUB — to be replaced by the knowledge-base owner.

use crate::input::GenomeBuild;
use crate::kb::KnowledgeBase;
use crate::model::{Alteration, Call, Oncogenicity, Variant};
use crate::report::Interpretation;

/// Classify one passing variant. May fill `v.annotation` from the knowledge
/// base's coordinate hotspots when the input is unannotated.
pub fn classify(_kb: &KnowledgeBase, v: &mut Variant, _build: Option<GenomeBuild>) -> Call {
    Call {
        oncogenicity: Oncogenicity::Vus,
        driver: false,
        gene_role: None,
        pathways: vec![],
        evidence: vec![],
        hotspot: None,
        classes: vec![],
        reportable: v.annotation.as_ref().and_then(|a| a.gene.as_ref()).is_some(),
    }
}

/// Summarise altered pathways and NEN patterns.
pub fn interpret(_kb: &KnowledgeBase, _alterations: &[Alteration], _tumor_type: Option<&str>) -> Interpretation {
    Interpretation::default()
}
