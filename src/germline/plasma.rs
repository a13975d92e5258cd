//! Plasma (cell-free DNA) samples, `--sample-type plasma`: the lower default VAF threshold, the
//! depth rule that goes with it, the stronger clonal-haematopoiesis rule (CH1 without the median
//! condition, [`super::chip`]), the blood-TMB definition and the note that a negative result does
//! not exclude an alteration.

/// Default minimum VAF for cfDNA (`--min-vaf` still overrides it): 0.5 %.
pub const MIN_VAF: f64 = 0.005;

/// The minimum VAF's rationale and source.
pub const MIN_VAF_SOURCE: &str = "bTMB assay calls at allele frequency >= 0.5 % (Gandara et al., Nat Med 2018, \
doi:10.1038/s41591-018-0134-3); circulating tumour DNA is often below 1 % of cell-free DNA";

/// The blood-TMB definition the report states (bTMB is not computed as such: see [`BTMB_NOTE`]).
pub const BTMB_DEFINITION: &str = "bTMB (Gandara et al., Nat Med 2018): the number of somatic base substitutions \
at allele frequency >= 0.5 % in the 1.1 Mb captured by the FoundationOne bTMB assay, known drivers and germline \
variants excluded, with bTMB >= 16 as the high cut-off in the POPLAR and OAK atezolizumab trials; the assay needs a \
maximum somatic allele frequency of at least 1 %";
pub const BTMB_SOURCE: &str = "Gandara et al., Nat Med 2018;24:1441 (doi:10.1038/s41591-018-0134-3)";
pub const BTMB_NOTE: &str = "the TMB value of this report is the per-Mb rate of its own counted calls; it is not bTMB \
and not comparable with the bTMB cut-off (a count over a different region, substitutions only)";

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
