//! Plasma (cell-free DNA) samples, `--sample-type plasma`: the lower default VAF threshold, the
//! depth rule that goes with it, the stronger clonal-haematopoiesis rule (CH1 without the median
//! condition, [`super::chip`]), bTMB ([`btmb`], Gandara et al. 2018) and the note that a negative
//! result does not exclude an alteration.

/// Default minimum VAF for cfDNA (`--min-vaf` still overrides it): 0.5 %.
pub const MIN_VAF: f64 = 0.005;

/// The minimum VAF's rationale and source.
pub const MIN_VAF_SOURCE: &str = "bTMB assay calls at allele frequency >= 0.5 % (Gandara et al., Nat Med 2018, \
doi:10.1038/s41591-018-0134-3); circulating tumour DNA is often below 1 % of cell-free DNA";

/// The blood-TMB definition the report states (computed by [`btmb`] where the input allows).
pub const BTMB_DEFINITION: &str = "bTMB (Gandara et al., Nat Med 2018): the number of somatic base substitutions \
at allele frequency >= 0.5 % in the 1.1 Mb captured by the FoundationOne bTMB assay, known drivers and germline \
variants excluded, with bTMB >= 16 as the high cut-off in the POPLAR and OAK atezolizumab trials; the assay needs a \
maximum somatic allele frequency of at least 1 %";
pub const BTMB_SOURCE: &str = "Gandara et al., Nat Med 2018;24:1441 (doi:10.1038/s41591-018-0134-3)";
pub const BTMB_NOTE: &str = "the TMB value of this report is the per-Mb rate of its own counted calls, not bTMB; \
bTMB (btmb) counts the coding substitutions among them without the known drivers, scaled to the assay's 1.1 Mb \
when this panel's region differs (an estimate: the cut-off 16 was set on the bTMB assay)";

/// The bTMB cut-off of POPLAR/OAK (a count over the assay's region), that region, and the
/// maximum somatic allele frequency the assay needs to report bTMB at all.
pub const BTMB_HIGH: f64 = 16.0;
pub const BTMB_REGION_MB: f64 = 1.1;
pub const MSAF_MIN: f64 = 0.01;

/// bTMB as computed here (Gandara et al. 2018; see the README, "Plasma").
#[derive(Debug, Clone, PartialEq)]
pub struct Btmb {
    /// Counted substitutions: TMB's counted SNVs without the known drivers (None: not computed).
    pub count: Option<u64>,
    /// The region the count covers (TMB's denominator).
    pub region_mb: Option<f64>,
    /// The count scaled to the assay's 1.1 Mb (count × 1.1 / region), compared with 16.
    pub count_per_assay_region: Option<f64>,
    /// The highest VAF of the driver calls: a floor of the maximum somatic allele frequency.
    pub max_somatic_af: Option<f64>,
    /// `high`, `low`, `indeterminate` or `not_computed`.
    pub status: &'static str,
    /// Why, in words (what was counted, or why not).
    pub reason: String,
}

/// The bTMB of a plasma sample from its TMB counts: computed when the calls are annotated
/// (coding substitutions can be told apart) and the minimum VAF is the definition's 0.5 %.
pub fn btmb(tmb: Option<&crate::biomarkers::Tmb>, min_vaf: f64, max_somatic_af: Option<f64>) -> Btmb {
    use crate::biomarkers::TmbMethod;
    let not = |reason: String| Btmb {
        count: None,
        region_mb: None,
        count_per_assay_region: None,
        max_somatic_af,
        status: "not_computed",
        reason,
    };
    let Some(t) = tmb else {
        return not("no SNV/indel calls: bTMB is not computed".into());
    };
    if !matches!(t.method, TmbMethod::CodingNonsynonymous | TmbMethod::CodingAll) {
        return not(
            "the calls carry no consequence annotation: coding substitutions cannot be counted, bTMB is not computed"
                .into(),
        );
    }
    if (min_vaf - MIN_VAF).abs() > 1e-9 {
        return not(format!(
            "bTMB counts substitutions at VAF >= 0.5 %; this report's minimum VAF is {min_vaf} (--min-vaf): bTMB is not computed"
        ));
    }
    let count = t.snv_count.saturating_sub(t.driver_snv_count);
    let region_mb = t.denominator.as_ref().map(|d| d.mb).filter(|mb| *mb > 0.0);
    let scaled = region_mb.map(|mb| crate::biomarkers::round(count as f64 * BTMB_REGION_MB / mb, 2));
    let counted = format!(
        "{count} coding substitution(s) at VAF >= 0.5 % ({} counted by TMB, {} known driver(s) left out; germline-like and possible clonal haematopoiesis calls already out of TMB)",
        t.snv_count, t.driver_snv_count
    );
    let (status, why) = match (scaled, max_somatic_af) {
        (None, _) => (
            "indeterminate",
            "no region size (--target-mb, --assay or --targets): the count cannot be set against the assay's 1.1 Mb"
                .to_string(),
        ),
        (Some(_), m) if m.is_none_or(|m| m < MSAF_MIN) => (
            "indeterminate",
            "the maximum somatic allele frequency is not shown to be >= 1 % (the assay's condition for a bTMB result)"
                .to_string(),
        ),
        (Some(x), _) => (
            if x >= BTMB_HIGH { "high" } else { "low" },
            format!(
                "{x} per 1.1 Mb against the cut-off 16{}",
                if region_mb.is_some_and(|mb| (mb - BTMB_REGION_MB).abs() > 0.05) {
                    " (scaled from this panel's region: an estimate; the cut-off was set on the 1.1 Mb bTMB assay)"
                } else {
                    ""
                }
            ),
        ),
    };
    Btmb {
        count: Some(count),
        region_mb,
        count_per_assay_region: scaled,
        max_somatic_af,
        status,
        reason: format!("{counted}; {why}"),
    }
}

/// What a negative result means in plasma.
pub const NEGATIVE_RESULT: &str = "plasma (cfDNA) sample: a negative result does not exclude an alteration \
(a low tumour fraction can leave it below detection); confirm in tissue when it matters";

/// The depth a call needs to reach `min_vaf` with `min_alt_reads` supporting reads.
pub fn depth_for(min_vaf: f64, min_alt_reads: u32) -> Option<u64> {
    (min_vaf > 0.0 && min_vaf.is_finite()).then(|| (f64::from(min_alt_reads) / min_vaf).ceil() as u64)
}

#[cfg(test)]
mod tests {
    #[test]
    fn depth_rule() {
        assert_eq!(super::depth_for(0.005, 3), Some(600));
        assert_eq!(super::depth_for(0.05, 3), Some(60));
        assert_eq!(super::depth_for(0.0, 3), None);
    }
}
