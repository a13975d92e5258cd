//! The signature stage of one patient (`report` with `--reference FASTA`, or a
//! MAF with a context column): from the patient's catalogue, the
//! reference-free indicators, one fit per reference set given with
//! `--signatures` (exposures with 95 % bootstrap intervals, the cosine
//! similarity of the reconstruction) and the clinical readouts, as a typed
//! [`Profile`]. The report renders it (`report::signatures` owns the output
//! keys and the rounding); nothing here knows a key.
//! For research use only.

use super::catalogue::Catalogue;
use super::fit::{MIN_MUTATIONS, REMOVE_PENALTY};
use super::indicators::{indicators, Indicators};
use super::readouts::{readouts, Context, MsiCall, Readout};
use super::reference::SignatureSet;
use super::{refit, Kind};
use crate::biomarkers::{Biomarkers, MsiStatus};

/// Bootstrap resamples per fit in a report.
pub(crate) const BOOTSTRAP: usize = 200;

/// Where the SNVs' trinucleotides came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Contexts {
    /// `--reference FASTA` alone.
    Fasta,
    /// A MAF's context column alone (no FASTA: indels are not placed).
    Column,
    /// The column where its centre agrees with the FASTA, else the FASTA.
    ColumnAndFasta,
}

/// One patient's signatures.
#[derive(Debug, Clone, PartialEq)]
pub struct Profile {
    /// How the catalogues and fits were made, with the sources.
    pub method: String,
    /// The catalogue, every held SNV counted.
    pub catalogue: Catalogue,
    pub(crate) indicators: Indicators,
    /// One fit per reference set given, in the order given.
    pub fits: Vec<SetFit>,
    /// The clinical readouts of the SBS96 fit (empty without one, or with too few mutations).
    pub(crate) readouts: Vec<Readout>,
}

/// The fit of the catalogue against one reference set.
#[derive(Debug, Clone, PartialEq)]
pub struct SetFit {
    pub kind: Kind,
    pub version: String,
    pub sha256: String,
    pub source: String,
    pub mutations: f64,
    pub cosine: Option<f64>,
    /// `not enough mutations` (fewer than [`MIN_MUTATIONS`]), or empty.
    pub note: &'static str,
    /// Signatures with a non-zero exposure, largest first (then by name).
    pub exposures: Vec<Exposure>,
}

/// One signature's exposure (mutations) with its 95 % bootstrap interval.
#[derive(Debug, Clone, PartialEq)]
pub struct Exposure {
    pub signature: String,
    pub mutations: f64,
    /// Share of the catalogue's mutations.
    pub share: f64,
    pub low: f64,
    pub high: f64,
}

/// The catalogue of one kind as fitting input.
fn catalogue_of(c: &Catalogue, kind: Kind) -> Vec<f64> {
    match kind {
        Kind::Sbs96 => c.sbs96.iter().map(|&n| n as f64).collect(),
        Kind::Dbs78 => c.dbs78.iter().map(|&n| n as f64).collect(),
        Kind::Id83 => c.id83.iter().map(|&n| n as f64).collect(),
    }
}

fn method(contexts: Contexts) -> String {
    let from = match contexts {
        Contexts::Fasta => "SBS96/DBS78/ID83 from the passing variants with the reference FASTA",
        Contexts::Column => {
            "SBS96 from the passing variants with the MAF's CONTEXT column (DBS78 from adjacent SNVs; \
             no ID83 without a reference FASTA)"
        }
        Contexts::ColumnAndFasta => {
            "SBS96/DBS78/ID83 from the passing variants with the reference FASTA, SNVs with the MAF's \
             CONTEXT column where its centre base agrees with the FASTA"
        }
    };
    format!(
        "{from} (pyrimidine strand, SigProfiler row names); \
         NNLS (Lawson-Hanson) with backward elimination while the relative L2 error rises by at most {REMOVE_PENALTY} \
         per step (SigProfilerAssignment's removal criterion, Diaz-Gay et al. 2023, Bioinformatics 39:btad756); {BOOTSTRAP} multinomial \
         bootstrap resamples for 95 % intervals; no fit below {MIN_MUTATIONS} mutations (Medo et al. 2024, PMID 39487150)"
    )
}

/// The fit against one set, exposures largest first.
fn set_fit(c: &Catalogue, set: &SignatureSet, seed: &str) -> (SetFit, super::fit::Fit) {
    let f = set
        .fitter()
        .fit(&catalogue_of(c, set.kind), BOOTSTRAP, refit::seed_of(seed));
    let mut exposures: Vec<Exposure> = f
        .exposures
        .iter()
        .flat_map(|x| x.iter().enumerate())
        .filter(|(_, v)| **v > 0.0)
        .map(|(i, &v)| {
            let (low, high) = f.intervals.as_ref().and_then(|ci| ci.get(i)).copied().unwrap_or((v, v));
            Exposure {
                signature: set.names.get(i).cloned().unwrap_or_default(),
                mutations: v,
                share: v / f.mutations,
                low,
                high,
            }
        })
        .collect();
    exposures.sort_by(|a, b| b.mutations.total_cmp(&a.mutations).then(a.signature.cmp(&b.signature)));
    let out = SetFit {
        kind: set.kind,
        version: set.version.clone(),
        sha256: set.sha256.clone(),
        source: set.source.clone(),
        mutations: f.mutations,
        cosine: f.cosine,
        note: f.note,
        exposures,
    };
    (out, f)
}

/// The signatures of one patient; `seed` names the sample (bootstrap seed).
pub(crate) fn profile(
    c: &Catalogue,
    sets: &[SignatureSet],
    biomarkers: &Biomarkers,
    seed: &str,
    contexts: Contexts,
) -> Profile {
    let mut c = c.clone();
    c.flush();
    let ind = indicators(&c);
    let msi = match biomarkers.msi.as_ref().map(|m| m.status) {
        Some(MsiStatus::MsiH) => MsiCall::High,
        Some(MsiStatus::Mss) => MsiCall::Stable,
        _ => MsiCall::Unknown,
    };
    let pole = biomarkers
        .msi
        .as_ref()
        .and_then(|m| m.features.pole_exonuclease_hits.first().map(String::as_str));
    let mut fits = Vec::new();
    let mut outs = Vec::new();
    for set in sets {
        let (fit, f) = set_fit(&c, set, seed);
        if set.kind == Kind::Sbs96 {
            let ctx = Context {
                msi,
                pole_exo_variant: pole,
                indicators: Some(&ind),
            };
            outs = readouts(&set.names, &f, &ctx);
        }
        fits.push(fit);
    }
    Profile {
        method: method(contexts),
        catalogue: c,
        indicators: ind,
        fits,
        readouts: outs,
    }
}
