//! Therapy matching. STUB — to be replaced by the therapy owner.

use crate::kb::KnowledgeBase;
use crate::model::Alteration;
use crate::report::{Biomarkers, Therapies};

/// Match alterations and biomarkers against the rules. Returns the matches
/// and any warnings (e.g. tumour type unknown).
pub fn match_therapies(_kb: &KnowledgeBase, _tumor_type: Option<&str>, _alterations: &[Alteration], _biomarkers: &Biomarkers) -> (Therapies, Vec<String>) {
    (Therapies::default(), vec![])
}
