//! The tumour-only screen: possible germline variants and possible clonal haematopoiesis (CH).
//!
//! A stage of its own between classification and the biomarkers (see `src/lib.rs`): it consumes
//! the classified, ordered alterations and hands on
//!
//! - the same alterations, except that a call marked as possible CH in a solid tumour is re-stated
//!   (not a tumour driver, with the reason and its source) — [`chip`];
//! - [`Findings`]: the germline follow-up flags ([`flags`]) and the CH calls, for the report, and
//!   the CH calls' variants, which the biomarker stage leaves out of TMB.
//!
//! It owns the curated tables ([`tables`]: `annotations/germline_genes.tsv`,
//! `germline_alleles.tsv`, `chip_genes.tsv`, overridable through `--annotations DIR`) and the spread of the sample's VAFs ([`spread`]),
//! which the per-record work fills while the file streams. The rules and what a flag does and does
//! not mean are in the README ("Germline and clonal-haematopoiesis screen").

pub(crate) mod chip;
pub(crate) mod flags;
pub mod plasma;
pub mod resources;
pub(crate) mod spread;

pub(crate) use spread::VafSpread;

use crate::kb::KnowledgeBase;
use crate::model::Alteration;

/// What the screen needs besides the alterations.
pub(crate) struct Context<'a> {
    pub kb: &'a KnowledgeBase,
    /// The patient's knowledge-base tumour-type code (None: not given or unknown).
    pub tumor_type: Option<&'a str>,
    /// `--purity` (0–1]: a clonal heterozygous somatic call is expected near purity / 2.
    pub purity: Option<f64>,
    /// The VAFs of every passing call of the sample.
    pub spread: &'a VafSpread,
    /// `--sample-type plasma` (cell-free DNA).
    pub plasma: bool,
    /// `--population-vcf`, `--panel-of-normals`, as read.
    pub resources: Vec<resources::ResourceUse>,
}

/// What the screen found.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct Findings {
    /// Variants that may be germline: testing and counselling recommended.
    pub germline: Vec<flags::GermlineFlag>,
    /// Calls that may come from clonal haematopoiesis.
    pub chip: Vec<chip::ChipCall>,
    /// The median VAF of the sample's passing calls, and how many calls had a VAF.
    pub median_vaf: Option<f64>,
    pub calls_with_vaf: u64,
    pub purity: Option<f64>,
    /// The population and panel-of-normals resources read, with what they matched.
    pub resources: Vec<resources::ResourceUse>,
    /// `--sample-type plasma`.
    pub plasma: bool,
    /// Plasma: bTMB, set once TMB is counted ([`Findings::set_btmb`]).
    pub btmb: Option<plasma::Btmb>,
}

impl Findings {
    /// Plasma: bTMB from the TMB counts, with the highest VAF of the driver calls (a floor of the
    /// maximum somatic allele frequency).
    pub fn set_btmb(&mut self, tmb: Option<&crate::biomarkers::Tmb>, min_vaf: f64, alterations: &[Alteration]) {
        if !self.plasma {
            return;
        }
        let msaf = alterations
            .iter()
            .filter(|a| a.call.driver)
            .filter_map(|a| a.variant.tumor.vaf.filter(|v| v.is_finite()))
            .fold(None, |m: Option<f64>, v| Some(m.map_or(v, |m| m.max(v))));
        self.btmb = Some(plasma::btmb(tmb, min_vaf, msaf));
    }

    /// Ids of the alterations marked as possible CH (whether or not they had been drivers).
    pub fn not_tumour_ids(&self) -> impl Iterator<Item = &str> {
        self.chip.iter().map(|c| c.alteration_id.as_str())
    }

    /// The variants of the CH calls among `alterations`: the biomarker stage leaves them out of TMB.
    pub fn not_tumour<'a>(&self, alterations: &'a [Alteration]) -> Vec<&'a crate::model::Variant> {
        alterations
            .iter()
            .filter(|a| self.not_tumour_ids().any(|id| id == a.id))
            .map(|a| &a.variant)
            .collect()
    }
}

/// The screen's output: the alterations to hand on, and the findings.
pub(crate) struct Screened {
    pub alterations: Vec<Alteration>,
    pub findings: Findings,
}

/// True for an alteration the screen reads (its gene is in one of the tables): the listed
/// alterations keep it in memory (`pipeline::listed`).
pub(crate) fn reads(kb: &KnowledgeBase, a: &Alteration) -> bool {
    let Some(gene) = a.variant.annotation.as_ref().and_then(|x| x.gene.as_deref()) else {
        return false;
    };
    kb.germline_tables().is_ok_and(|t| {
        t.gene(gene).is_some() || t.alleles.iter().any(|x| x.gene == gene) || t.chip.iter().any(|c| c.gene == gene)
    })
}

/// True when the tumour type lies under the haematological root (CH genes are drivers there).
pub(crate) fn is_blood_cancer(kb: &KnowledgeBase, tumor_type: Option<&str>) -> bool {
    tumor_type.is_some_and(|t| kb.tumor_types.is_a(t, "HEME"))
}

/// Screen the classified alterations of one patient (in report order, with their ids).
pub(crate) fn screen(alterations: Vec<Alteration>, ctx: &Context<'_>) -> crate::error::Result<Screened> {
    let tables = ctx.kb.germline_tables()?;
    let median = ctx.spread.median();
    let germline = alterations
        .iter()
        .filter_map(|a| flags::flag(a, tables, ctx, median))
        .collect();
    let (alterations, chip) = chip::screen(alterations, tables, ctx, median);
    Ok(Screened {
        alterations,
        findings: Findings {
            germline,
            chip,
            median_vaf: median,
            calls_with_vaf: ctx.spread.len(),
            purity: ctx.purity,
            resources: ctx.resources.clone(),
            plasma: ctx.plasma,
            btmb: None,
        },
    })
}
