//! One patient's copy-number result (the domain value the report section is built from):
//! the files read, the thresholds in force and the gene events with their alterations.

use super::{CnaFile, GeneCall, Thresholds};
use crate::genome::GenomeBuild;
use crate::model::Alteration;

/// The copy-number domain result of one patient.
#[derive(Debug, Clone)]
pub(crate) struct CopyNumber {
    pub files: Vec<CnaFile>,
    pub thresholds: Thresholds,
    pub(crate) purity: Option<f64>,
    /// `cli` or `default`.
    pub(crate) ploidy_source: &'static str,
    pub build: Option<GenomeBuild>,
    pub(crate) events: Vec<Event>,
    /// Chromosomal instability over the segments of every file.
    pub cin: super::cin::Cin,
}

/// One gene call with its alteration (id, oncogenicity, evidence, classes).
#[derive(Debug, Clone)]
pub(crate) struct Event {
    pub call: GeneCall,
    pub(crate) alteration: Alteration,
    pub(crate) biallelic: bool,
    /// Index into [`CopyNumber::files`].
    pub(crate) file: usize,
}
