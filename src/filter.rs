//! The filter stage: FILTER=PASS (unless `--include-filtered`) and the tumour
//! sample's depth, alt reads and VAF. A value the caller did not give cannot
//! fail a threshold: such alleles pass and are counted, and the report warns.

use crate::model::{Variant, VariantKind};

#[derive(Debug, Clone, PartialEq)]
pub struct FilterOptions {
    pub include_filtered: bool,
    pub min_depth: u32,
    pub min_alt_reads: u32,
    pub min_vaf: f64,
}

impl Default for FilterOptions {
    fn default() -> Self {
        FilterOptions {
            include_filtered: false,
            min_depth: 20,
            min_alt_reads: 3,
            min_vaf: 0.05,
        }
    }
}

/// Why an allele was removed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum FilterReason {
    /// A symbolic or breakend ALT (`<DEL>`, `N[1:100[`): structural variants are not SNVs/indels.
    SymbolicOrStructuralAllele,
    /// FILTER is neither PASS nor `.` (and `--include-filtered` was not given).
    FilterNotPass,
    DepthBelowMin,
    AltReadsBelowMin,
    VafBelowMin,
    /// The allele is in the `--panel-of-normals` (artefact-like: `crate::germline::resources`).
    PanelOfNormals,
}

impl FilterReason {
    /// The report's `filters.removed[].key`.
    pub fn as_str(self) -> &'static str {
        match self {
            FilterReason::SymbolicOrStructuralAllele => "symbolic_or_structural_allele",
            FilterReason::FilterNotPass => "filter_not_pass",
            FilterReason::DepthBelowMin => "depth_below_min",
            FilterReason::AltReadsBelowMin => "alt_reads_below_min",
            FilterReason::VafBelowMin => "vaf_below_min",
            FilterReason::PanelOfNormals => "panel_of_normals",
        }
    }
}

/// Removal reason of an allele that is symbolic or fails FILTER.
fn allele_reason(kind: VariantKind, pass: bool, o: &FilterOptions) -> Option<FilterReason> {
    if kind == VariantKind::Symbolic {
        return Some(FilterReason::SymbolicOrStructuralAllele);
    }
    if !o.include_filtered && !pass {
        return Some(FilterReason::FilterNotPass);
    }
    None
}

/// FILTER checked on a record's raw columns before its samples and INFO are parsed (lazy
/// parsing): when the whole record fails FILTER, the removal reason of each of its ALT alleles
/// (`*` and `.` are not alleles); `None` when the record must be parsed.
pub(crate) fn reject_record<'a>(
    filter: &str,
    ref_allele: &'a str,
    alts: &'a [&'a str],
    o: &'a FilterOptions,
) -> Option<impl Iterator<Item = FilterReason> + 'a> {
    if o.include_filtered || filter == "PASS" || filter == "." {
        return None;
    }
    Some(
        alts.iter()
            .filter(|a| **a != "." && **a != "*")
            .filter_map(move |alt| allele_reason(VariantKind::of(ref_allele, alt), false, o)),
    )
}

/// Why an allele was removed, if it was.
pub(crate) fn reject_reason(v: &Variant, o: &FilterOptions) -> Option<FilterReason> {
    if let Some(r) = allele_reason(v.kind(), v.is_pass(), o) {
        return Some(r);
    }
    if v.tumor.depth.is_some_and(|d| d < o.min_depth) {
        return Some(FilterReason::DepthBelowMin);
    }
    if v.tumor.alt_depth.is_some_and(|a| a < o.min_alt_reads) {
        return Some(FilterReason::AltReadsBelowMin);
    }
    if v.tumor.vaf.is_some_and(|f| f < o.min_vaf) {
        return Some(FilterReason::VafBelowMin);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{CallerRepeat, SampleDepth};

    fn v(filters: &[&str], depth: Option<u32>, alt: Option<u32>, vaf: Option<f64>) -> Variant {
        Variant {
            chrom: "1".into(),
            pos: 1,
            ref_allele: "C".into(),
            alt: "T".into(),
            alt_index: 1,
            record_no: 1,
            filters: filters.iter().map(|s| s.to_string()).collect(),
            tumor: SampleDepth {
                depth,
                alt_depth: alt,
                vaf,
            },
            normal: None,
            somatic_flag: None,
            repeat: CallerRepeat::default(),
            annotation: None,
        }
    }

    #[test]
    fn thresholds_and_missing_values() {
        let o = FilterOptions::default();
        assert_eq!(reject_reason(&v(&["PASS"], Some(100), Some(10), Some(0.1)), &o), None);
        assert_eq!(reject_reason(&v(&[], None, None, None), &o), None);
        assert_eq!(
            reject_reason(&v(&["germline"], Some(100), Some(10), Some(0.1)), &o),
            Some(FilterReason::FilterNotPass)
        );
        assert_eq!(
            reject_reason(&v(&["PASS"], Some(19), Some(10), Some(0.5)), &o),
            Some(FilterReason::DepthBelowMin)
        );
        assert_eq!(
            reject_reason(&v(&["PASS"], Some(100), Some(2), Some(0.5)), &o),
            Some(FilterReason::AltReadsBelowMin)
        );
        assert_eq!(
            reject_reason(&v(&["PASS"], Some(100), Some(4), Some(0.04)), &o),
            Some(FilterReason::VafBelowMin)
        );
        let o2 = FilterOptions {
            include_filtered: true,
            ..o
        };
        assert_eq!(
            reject_reason(&v(&["germline"], Some(100), Some(10), Some(0.1)), &o2),
            None
        );
    }
}
