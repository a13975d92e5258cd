//! log2 copy ratio → absolute copy number, as `cnvkit call` does (CNVkit `call.py`,
//! `_log2_ratio_to_absolute` and `absolute_threshold`; Talevich et al. 2016, PMID:27100738).
//!
//! - Reference copies: the ploidy, halved (integer division) on Y, and on X when the reference is
//!   male (haploid X: `cnvkit call --male-reference`).
//! - `threshold` (CNVkit's default method, used when no purity is given): log2 ≤ −1.1 → 0,
//!   ≤ −0.25 → 1, ≤ 0.2 → 2, ≤ 0.7 → 3 (each scaled by reference copies / ploidy off the
//!   autosomes), above that ⌈ref · 2^log2⌉.
//! - `clonal` (used with a purity below 1): ncopies = (ref · 2^log2 − expect · (1 − purity)) / purity,
//!   rounded, never below 0; the expected copies are taken equal to the reference copies (sample
//!   sex not known).
//!
//! Formats without a CNVkit call convention (GATK, SEG) keep the continuous value
//! [`continuous`] so that the thresholds of [`super::call`] decide.

/// CNVkit's default `threshold` cut-offs (log2).
pub(crate) const CNVKIT_THRESHOLDS: [f64; 4] = [-1.1, -0.25, 0.2, 0.7];

/// Reference copies of a contig (normalised name) at a ploidy.
pub(crate) fn reference_copies(contig: &str, ploidy: u32, haploid_x_reference: bool) -> u32 {
    if contig == "Y" || (haploid_x_reference && contig == "X") {
        ploidy / 2
    } else {
        ploidy
    }
}

/// `cnvkit call -m threshold`.
pub fn threshold(log2: f64, contig: &str, ploidy: u32, haploid_x_reference: bool) -> f64 {
    let r = reference_copies(contig, ploidy, haploid_x_reference);
    for (cn, t) in CNVKIT_THRESHOLDS.iter().enumerate() {
        if log2 <= *t {
            let cn = cn as u32;
            return if r != ploidy && ploidy > 0 {
                (cn * r / ploidy) as f64
            } else {
                cn as f64
            };
        }
    }
    (r as f64 * log2.exp2()).ceil()
}

/// `cnvkit call -m clonal` with a purity.
pub(crate) fn clonal(log2: f64, contig: &str, ploidy: u32, purity: f64, haploid_x_reference: bool) -> f64 {
    continuous(log2, contig, ploidy as f64, Some(purity), haploid_x_reference)
        .round()
        .max(0.0)
}

/// The unrounded copy number of a log2 ratio, purity-adjusted when a purity below 1 is given.
pub(crate) fn continuous(log2: f64, contig: &str, ploidy: f64, purity: Option<f64>, haploid_x_reference: bool) -> f64 {
    let r = if contig == "Y" || (haploid_x_reference && contig == "X") {
        (ploidy / 2.0).floor()
    } else {
        ploidy
    };
    let pure = r * log2.exp2();
    match purity {
        Some(p) if p > 0.0 && p < 1.0 => ((pure - r * (1.0 - p)) / p).max(0.0),
        _ => pure,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn threshold_matches_cnvkit_boundaries() {
        assert_eq!(threshold(-0.505883, "1", 2, true), 1.0);
        assert_eq!(threshold(-0.247877, "1", 2, true), 2.0);
        assert_eq!(threshold(-1.2, "1", 2, true), 0.0);
        assert_eq!(threshold(0.5, "1", 2, true), 3.0);
        // ⌈2 · 2^1.5⌉ = ⌈5.66⌉
        assert_eq!(threshold(1.5, "1", 2, true), 6.0);
        // Haploid X: the 2-copy threshold row scaled by 1/2.
        assert_eq!(threshold(0.0, "X", 2, true), 1.0);
    }

    #[test]
    fn clonal_corrects_for_purity() {
        // 50% purity, log2 0.585 (ratio 1.5): (2·1.5 − 2·0.5) / 0.5 = 4.
        assert_eq!(clonal(1.5f64.log2(), "1", 2, 0.5, false), 4.0);
        assert!((continuous(1.0, "1", 2.0, None, false) - 4.0).abs() < 1e-9);
    }
}
