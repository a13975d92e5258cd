//! Germline-risk flags: a pathogenic-looking tumour call (oncogenic or likely oncogenic) in a gene
//! of `germline_genes.tsv`, in a tumour type the row names, at a VAF compatible with a
//! heterozygous germline allele (the row's cut-offs: ≥ 0.30 for SNVs/MNVs, ≥ 0.20 for indels, the
//! ESMO PMWG filter of Mandelker et al. 2019 as a secondary summary states it; see the table's
//! header for what was verified), or any call
//! of a curated pathogenic allele (`germline_alleles.tsv`). Only calls without a matched-normal
//! measurement are screened (tumour-only samples, or a record without the normal's depth).
//!
//! A flag keeps the somatic interpretation untouched: it adds the finding "possible germline
//! variant: germline testing and genetic counselling recommended". The VAF is set against
//! `--purity` (a clonal heterozygous somatic call is expected near purity / 2) and against the
//! median VAF of the sample's passing calls; neither silences a flag.

use super::Context;
use crate::kb::germline::Tables;
use crate::model::{Alteration, VariantKind};

/// The finding every flag carries.
pub const FINDING: &str = "possible germline variant: germline testing and genetic counselling recommended";

/// The PARP-inhibitor labels that need a germline BRCA variant (verified FDA announcements).
const PARP_GERMLINE_LABEL: &str = "PARP-inhibitor labels here require a germline BRCA1/2 variant detected by an \
FDA-approved test: talazoparib in gBRCAm HER2-negative breast cancer (FDA 2018-10-16) and olaparib maintenance \
in gBRCAm metastatic pancreatic adenocarcinoma (FDA 2019-12-27); a tumour-only call does not show germline status";

/// How the VAF compares with what a somatic call would show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VafAssessment {
    /// Above the clonal somatic expectation (purity / 2) or well above the sample's median.
    AboveSomaticExpectation,
    /// Compatible with a clonal somatic call: germline origin is not excluded.
    CompatibleWithSomatic,
    /// No VAF, or neither purity nor other VAFs to compare with.
    NotJudged,
}

impl VafAssessment {
    pub fn as_str(self) -> &'static str {
        match self {
            VafAssessment::AboveSomaticExpectation => "above_somatic_expectation",
            VafAssessment::CompatibleWithSomatic => "compatible_with_somatic",
            VafAssessment::NotJudged => "not_judged",
        }
    }
}

/// One variant that may be germline.
#[derive(Debug, Clone, PartialEq)]
pub struct GermlineFlag {
    pub alteration_id: String,
    pub gene: String,
    pub protein_change: Option<String>,
    pub vaf: Option<f64>,
    pub syndrome: String,
    /// The curated allele's label, when the call is one.
    pub curated_allele: Option<String>,
    /// Why the call was flagged (the rule and the values).
    pub reason: String,
    /// VAF expected for a clonal heterozygous somatic call (purity / 2), with `--purity`.
    pub expected_somatic_vaf: Option<f64>,
    pub assessment: VafAssessment,
    /// The assessment in words.
    pub vaf_context: String,
    /// Therapy labels that need the germline status (PARP inhibitors in breast and pancreatic cancer).
    pub therapy_note: Option<String>,
    pub sources: Vec<String>,
}

/// Margin above a somatic expectation (purity / 2, or the sample's median) that counts as "above".
const MARGIN: f64 = 0.10;

fn applies(ctx: &Context<'_>, codes: &[String]) -> bool {
    codes.iter().any(|c| c == "*")
        || ctx
            .tumor_type
            .is_some_and(|t| codes.iter().any(|c| ctx.kb.tumor_types.is_a(t, c)))
}

/// The assessment of a VAF against the purity and the sample's median.
fn assess(vaf: Option<f64>, purity: Option<f64>, median: Option<f64>) -> (Option<f64>, VafAssessment, String) {
    let expected = purity.map(|p| p / 2.0);
    let Some(v) = vaf else {
        return (expected, VafAssessment::NotJudged, "no tumour VAF in the file".into());
    };
    let mut parts = Vec::new();
    let mut above = false;
    let mut judged = false;
    if let (Some(e), Some(p)) = (expected, purity) {
        judged = true;
        if v > e + MARGIN {
            above = true;
            parts.push(format!(
                "VAF {v:.2} is above the {e:.2} expected for a clonal heterozygous somatic call at purity {p:.2}"
            ));
        } else {
            parts.push(format!("VAF {v:.2} is compatible with a clonal somatic call at purity {p:.2} (expected {e:.2}): germline origin is not excluded"));
        }
    }
    if let Some(m) = median {
        judged = true;
        if v > m + MARGIN {
            above = true;
            parts.push(format!("above the sample's median VAF {m:.3}"));
        } else {
            parts.push(format!("the sample's median VAF is {m:.3}"));
        }
    }
    let assessment = match (judged, above) {
        (false, _) => VafAssessment::NotJudged,
        (true, true) => VafAssessment::AboveSomaticExpectation,
        (true, false) => VafAssessment::CompatibleWithSomatic,
    };
    if parts.is_empty() {
        parts.push("no --purity and no other VAFs to compare with".into());
    }
    (expected, assessment, parts.join("; "))
}

/// The flag of one alteration, if it gets one.
pub(super) fn flag(a: &Alteration, t: &Tables, ctx: &Context<'_>, median: Option<f64>) -> Option<GermlineFlag> {
    let v = &a.variant;
    // A matched normal measured this record: the caller has seen the germline.
    if v.normal.as_ref().is_some_and(|n| n.depth.is_some()) {
        return None;
    }
    let ann = v.annotation.as_ref()?;
    let gene = ann.gene.as_deref()?;
    let vaf = v.tumor.vaf;
    let curated = t.curated_allele(ann);
    let (syndrome, reason, mut sources) = if let Some(c) = curated {
        let syndrome = t.gene(gene).map_or_else(
            || format!("{gene}-associated cancer predisposition"),
            |g| g.syndrome.clone(),
        );
        (
            syndrome,
            format!("{}: a curated pathogenic germline allele (flagged at any VAF)", c.label),
            vec![c.source.clone()],
        )
    } else {
        let row = t.gene(gene)?;
        if !a.call.oncogenicity.is_driver() || !applies(ctx, &row.tumor_types) {
            return None;
        }
        let (min, kind) = match v.kind() {
            VariantKind::Snv | VariantKind::Mnv => (row.min_vaf_snv, "SNV"),
            _ => (row.min_vaf_indel, "indel"),
        };
        let reason = match vaf {
            Some(x) if x < min => return None,
            Some(x) => format!("{gene} {} call at VAF {x:.2} ≥ {min:.2} ({kind}) in a gene where tumour findings warrant germline follow-up", a.call.oncogenicity.as_str().replace('_', " ")),
            None => format!("{gene} {} call without a VAF in a gene where tumour findings warrant germline follow-up", a.call.oncogenicity.as_str().replace('_', " ")),
        };
        (row.syndrome.clone(), reason, vec![row.source.clone()])
    };
    if let Some(row) = t.gene(gene) {
        if !sources.contains(&row.source) {
            sources.push(row.source.clone());
        }
    }
    let (expected_somatic_vaf, assessment, vaf_context) = assess(vaf, ctx.purity, median);
    let therapy_note = (matches!(gene, "BRCA1" | "BRCA2")
        && ctx
            .tumor_type
            .is_some_and(|t| ctx.kb.tumor_types.is_a(t, "BRCA") || ctx.kb.tumor_types.is_a(t, "PAAD")))
    .then(|| PARP_GERMLINE_LABEL.to_string());
    Some(GermlineFlag {
        alteration_id: a.id.clone(),
        gene: gene.to_string(),
        protein_change: ann.protein_change.clone(),
        vaf,
        syndrome,
        curated_allele: curated.map(|c| c.label.clone()),
        reason,
        expected_somatic_vaf,
        assessment,
        vaf_context,
        therapy_note,
        sources,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn purity_and_median_judge_the_vaf() {
        let (e, a, text) = assess(Some(0.5), Some(0.3), Some(0.12));
        assert_eq!(e, Some(0.15));
        assert_eq!(a, VafAssessment::AboveSomaticExpectation);
        assert!(text.contains("above the 0.15 expected"), "{text}");
        let (_, a, text) = assess(Some(0.45), Some(0.9), Some(0.42));
        assert_eq!(a, VafAssessment::CompatibleWithSomatic);
        assert!(text.contains("not excluded"), "{text}");
        assert_eq!(assess(Some(0.5), None, None).1, VafAssessment::NotJudged);
        assert_eq!(assess(None, Some(0.5), Some(0.3)).1, VafAssessment::NotJudged);
    }
}
