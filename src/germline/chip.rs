//! Possible clonal haematopoiesis (CH) in solid tumours.
//!
//! Rule CH1 (project rule from the tumour-only CH literature: Ptashkin et al., JAMA Oncol 2018,
//! PMID 29872864; Coombs et al., Clin Cancer Res 2018): a call in a gene (or at an allele) of
//! `chip_genes.tsv`, in a tumour type that is not a haematological neoplasm, with a tumour VAF
//! below 0.10 and below half the median VAF of the sample's passing calls (the median condition is
//! dropped when no call has a VAF to compare with, and for plasma, whose tumour fraction is
//! itself low). Such a call is marked "possible clonal haematopoiesis": it is not called a tumour
//! driver (its oncogenicity, the effect of the allele, stays), and the biomarker stage leaves it
//! out of TMB (`possible_clonal_haematopoiesis`). TP53, KRAS and the other tumour drivers are not
//! in the table: a low VAF there may be a subclonal tumour driver. In haematological neoplasms the
//! CH genes are drivers and nothing is marked.

use super::Context;
use crate::kb::germline::Tables;
use crate::model::{Alteration, Evidence};

/// The VAF below which a CH-gene call may come from blood (CH1).
pub const MAX_VAF: f64 = 0.10;
/// The fraction of the sample's median VAF below which it may (CH1).
pub const MEDIAN_FRACTION: f64 = 0.5;
/// The rule's statement and source, as the report names them.
pub const RULE: &str =
    "CH1: a call in a clonal-haematopoiesis gene (annotations/chip_genes.tsv) in a tumour that is not a \
haematological neoplasm, at a VAF below 0.10 and below half the sample's median VAF (plasma: below 0.10 alone), is \
possible clonal haematopoiesis: not a tumour driver, left out of TMB";
pub const RULE_SOURCE: &str =
    "Ptashkin et al., JAMA Oncol 2018 (PMID 29872864); Coombs et al., Clin Cancer Res 2018;24:5918";

/// One call marked as possible clonal haematopoiesis.
#[derive(Debug, Clone, PartialEq)]
pub struct ChipCall {
    pub alteration_id: String,
    pub gene: String,
    pub protein_change: Option<String>,
    pub vaf: f64,
    pub median_vaf: Option<f64>,
    /// The call had been a tumour driver and is not any more.
    pub driver_withdrawn: bool,
    /// Why, with the values.
    pub reason: String,
    pub sources: Vec<String>,
}

/// The CH finding of one alteration, if any.
fn finding(a: &Alteration, t: &Tables, ctx: &Context<'_>, median: Option<f64>) -> Option<ChipCall> {
    let ann = a.variant.annotation.as_ref()?;
    let gene = ann.gene.as_deref()?;
    let row = t.chip(gene, ann.protein_change.as_deref())?;
    let vaf = a.variant.tumor.vaf.filter(|v| v.is_finite())?;
    if vaf >= MAX_VAF {
        return None;
    }
    let median_clause = match median {
        Some(m) if !ctx.plasma => {
            if vaf >= MEDIAN_FRACTION * m {
                return None;
            }
            format!(" and below half the sample's median VAF {m:.3}")
        }
        _ if ctx.plasma => " (plasma: the median condition does not apply)".to_string(),
        _ => " (no other VAF to compare with)".to_string(),
    };
    let reason = format!(
        "possible clonal haematopoiesis: {gene}{} at VAF {vaf:.3} < {MAX_VAF}{median_clause} (rule CH1); may come from blood cells in the sample rather than the tumour, not called a tumour driver{}",
        ann.protein_change.as_deref().map(|p| format!(" {p}")).unwrap_or_default(),
        if ctx.tumor_type.is_none() { " (tumour type not given: treated as a solid tumour)" } else { "" }
    );
    Some(ChipCall {
        alteration_id: a.id.clone(),
        gene: gene.to_string(),
        protein_change: ann.protein_change.clone(),
        vaf,
        median_vaf: median,
        driver_withdrawn: a.call.driver,
        reason,
        sources: vec![RULE_SOURCE.to_string(), row.source.clone()],
    })
}

/// Mark the CH calls: each is handed on with its call re-stated (not a driver, the reason added).
pub(super) fn screen(
    alterations: Vec<Alteration>,
    t: &Tables,
    ctx: &Context<'_>,
    median: Option<f64>,
) -> (Vec<Alteration>, Vec<ChipCall>) {
    if super::is_blood_cancer(ctx.kb, ctx.tumor_type) {
        return (alterations, vec![]);
    }
    let mut found = Vec::new();
    let out = alterations
        .into_iter()
        .map(|mut a| {
            if let Some(c) = finding(&a, t, ctx, median) {
                a.call.driver = false;
                a.call.evidence.push(Evidence {
                    reason: c.reason.as_str().into(),
                    source: c.sources.join("; ").into(),
                });
                found.push(c);
            }
            a
        })
        .collect();
    (out, found)
}
