//! One MAF sample's tally ([`SampleTally`]): its rows' stage tally and the counts the report's
//! input notes and warnings are made from (builds, normals, skipped and contradicting rows, what
//! the consequence engine did); merged across the chunks of the parallel reader.

use super::records::Tally;
use crate::engine::Merge;
use crate::error::Error;
use crate::genome::GenomeBuild;
use crate::input::maf::MafBuild;
use std::collections::BTreeSet;

/// The rows of one tumour sample.
#[derive(Default)]
pub(crate) struct SampleTally {
    pub(super) tally: Tally,
    pub(super) rows: u64,
    pub(super) normals: BTreeSet<String>,
    pub(super) builds: BTreeSet<String>,
    /// Rows on a build the knowledge base has no coordinates for (NCBI36/hg18…).
    pub(super) other_build_rows: u64,
    /// Rows without an `NCBI_Build` value.
    pub(super) unstated_build_rows: u64,
    /// Rows whose Variant_Classification is not a small variant (Fusion…), skipped.
    pub(super) not_small: u64,
    /// The first bad row of this sample (file order): in a batch the sample fails alone.
    pub(super) error: Option<Error>,
    /// Rows whose `Variant_Type` contradicts their alleles (the alleles are used).
    pub(super) type_mismatches: u64,
    /// What the consequence engine (`--gene-models`) did to the rows.
    pub(super) engine: super::maf_engine::EngineCounts,
}

impl SampleTally {
    pub(super) fn merge(&mut self, o: SampleTally) {
        self.tally.merge(o.tally);
        self.rows += o.rows;
        self.normals.extend(o.normals);
        self.builds.extend(o.builds);
        self.other_build_rows += o.other_build_rows;
        self.unstated_build_rows += o.unstated_build_rows;
        self.not_small += o.not_small;
        self.type_mismatches += o.type_mismatches;
        self.engine.merge(o.engine);
        if self.error.is_none() {
            self.error = o.error;
        }
    }

    /// The one GRCh37/GRCh38 build every row states, if they agree.
    pub(super) fn build(&self) -> Option<GenomeBuild> {
        let mut known: Vec<GenomeBuild> = self
            .builds
            .iter()
            .filter_map(|b| match MafBuild::parse(b) {
                MafBuild::Known(g) => Some(g),
                _ => None,
            })
            .collect();
        known.sort_by_key(|b| b.as_str());
        known.dedup();
        match known.as_slice() {
            [one] => Some(*one),
            _ => None,
        }
    }
}
