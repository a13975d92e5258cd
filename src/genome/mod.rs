//! Ground floor: the genome vocabulary every stage shares. The build ([`GenomeBuild`], one name
//! parser), contig names ([`normalise_chrom`], RefSeq chromosome accessions) and sets of regions
//! read from BED or tab-separated files ([`RegionSet`]).
//!
//! This module imports nothing of the crate but [`crate::text`]-level helpers: every stage may use
//! it, and it never knows a stage.

mod build;
mod contig;
pub mod regions;

pub use build::GenomeBuild;
pub(crate) use contig::normalise_chrom;
pub(crate) use regions::{RegionError, RegionSet};
