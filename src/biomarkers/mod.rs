//! TMB and MSI from the passing variants.
//!
//! The pipeline calls [`Accumulator::observe`] on every variant that passed
//! the FILTER/depth/VAF filters, after annotation and classification, in
//! parallel chunks; chunk accumulators are merged in file order and
//! [`finish`] turns the totals into [`Biomarkers`]: domain values with enums
//! for the closed sets ([`TmbStatus`], [`MsiStatus`], [`Confidence`], …);
//! `crate::report` converts them into the serialised report.
//!
//! An accumulator holds a fixed table of counters (by coding class, SNV/indel,
//! inside the targets or not, caller somatic status and population-AF class)
//! plus only the indels whose repeat context must be looked up in the
//! `--reference` FASTA, so memory does not grow with the number of SNVs.
//! Build chunk accumulators with [`Accumulator::new`] (targets loaded once,
//! shared); a `Default` accumulator also works but keeps a compact record per
//! variant until [`finish`] loads the targets.
//!
//! Methods and thresholds: see [`tmb`], [`msi`] and `annotations/thresholds.toml`.
//!
//! Layout: `options` (what the user set, validation), `accumulator`
//! (counting), `params` (thresholds, assays), [`tmb`] and [`msi`] (the calls),
//! `types` (the results), [`error`], [`regions`] (BED), [`repeat`] (repeat
//! context), [`stats`] (Poisson interval).

mod accumulator;
pub mod error;
pub mod msi;
mod options;
mod params;

pub mod repeat;
pub(crate) mod stats;
pub mod tmb;
mod types;

pub use accumulator::Accumulator;
pub(crate) use accumulator::{Cell, Coding, MsiCounts, MsiKey, Pop, Setup, N_CELLS};
pub(crate) use error::BiomarkerError;
pub use options::{BiomarkerOptions, Context};
pub use params::{assay_list, embedded_rules, Param, Params};
pub use types::{
    Biomarkers, Confidence, Denominator, DenominatorSource, Exclusion, Msi, MsiFeatures, MsiMethod, MsiStatus, Tmb,
    TmbMethod, TmbStatus,
};

use crate::genome::RegionSet;
use crate::kb::assays::Assay;
use crate::model::Alteration;
use error::Result;
use std::sync::Arc;

/// Everything TMB and MSI need after all variants are counted.
pub(crate) struct Totals<'a> {
    pub(crate) cells: Vec<u64>,
    pub msi: Vec<MsiCounts>,
    pub targets: Option<&'a RegionSet>,
    pub gene_models: Option<&'a RegionSet>,
    pub assay: Option<&'a Assay>,
    pub(crate) with_population_af: u64,
    pub(crate) with_caller_repeat_fields: u64,
    /// Indels the FASTA could not resolve: (contig missing, REF mismatch).
    pub(crate) reference_unresolved: (u64, u64),
    pub(crate) reference_warning: Option<String>,
    /// Counter cells of the calls a later screen found not to be tumour mutations (possible
    /// clonal haematopoiesis): taken out of the TMB count, one per call.
    pub(crate) not_tumour: Vec<Cell>,
    /// Counter cells of the driver calls: the substitutions among them that TMB counted are
    /// `Tmb::driver_snv_count` (bTMB leaves known drivers out, `crate::germline::plasma`).
    pub(crate) drivers: Vec<Cell>,
}

/// TMB and MSI from the counted variants (see the module documentation).
pub fn finish(acc: Accumulator, ctx: &Context, alterations: &[Alteration]) -> Result<Biomarkers> {
    finish_screened(acc, ctx, alterations, &[])
}

/// [`finish`], with the passing calls that are not tumour mutations (possible clonal
/// haematopoiesis, from the germline screen) left out of the TMB count as
/// `possible_clonal_haematopoiesis` (when they would have been counted).
pub fn finish_screened(
    mut acc: Accumulator,
    ctx: &Context,
    alterations: &[Alteration],
    not_tumour: &[&crate::model::Variant],
) -> Result<Biomarkers> {
    let o = ctx.options;
    options::validate(o)?;
    let params = Params::load(ctx.kb)?;
    let all_assays = assay_list(ctx.kb);
    let assay = params::find_assay(&all_assays, o.assay.as_deref())?;
    let setup = match acc.setup.clone() {
        Some(s) => s,
        None => Arc::new(Setup::new(o)?),
    };
    acc.apply_pending(&setup);
    acc.ensure_cells();
    acc.resolve_absent_fields();
    let lookup = match &o.reference {
        Some(path) => acc.resolve_from_reference(path, embedded_rules())?,
        None => Default::default(),
    };
    let totals = Totals {
        cells: acc.cells,
        msi: acc.msi,
        targets: setup.targets.as_ref(),
        gene_models: setup.gene_models.as_ref(),
        assay,
        with_population_af: acc.with_population_af,
        with_caller_repeat_fields: acc.with_caller_repeat_fields,
        reference_unresolved: (lookup.contig_missing, lookup.mismatched),
        reference_warning: lookup.first_mismatch,
        not_tumour: not_tumour.iter().map(|v| Cell::of(&setup, v)).collect(),
        drivers: alterations
            .iter()
            .filter(|a| a.call.driver)
            .map(|a| Cell::of(&setup, &a.variant))
            .collect(),
    };
    let tmb = tmb::compute(&totals, ctx, &params)?;
    let msi = msi::compute(&totals, ctx, &params, alterations)?;
    Ok(Biomarkers {
        tmb: Some(tmb),
        msi: Some(msi),
    })
}

/// Round to `d` decimals (for stable, readable output).
pub(crate) fn round(x: f64, d: i32) -> f64 {
    let f = 10f64.powi(d);
    (x * f).round() / f
}
