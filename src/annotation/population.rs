//! Population allele frequencies carried by the annotation.
//!
//! A field counts when its name, split at `_`, has the token `AF` and either
//! starts with `gnomAD` (gnomAD_AF, gnomADe_AF, gnomADg_AF, gnomAD_NFE_AF,
//! gnomADe_AF_AFR, gnomAD2.1_AF_popmax, gnomAD_exomes_AF…), `ExAC` (ExAC_AF,
//! ExAC_Adj_AF, ExAC_NFE_AF…), `1000Gp3`, `ESP6500` or `TOPMed`, or is one of
//! VEP's `AF`, `MAX_AF`, `AFR_AF`, `AMR_AF`, `EAS_AF`, `EUR_AF`, `SAS_AF`,
//! `AA_AF`, `EA_AF` (1000 Genomes / ESP). `MAX_AF_POPS` is a label, not a number.
//!
//! Raw INFO fields (SnpEff/SnpSift files) count only with the `dbNSFP_`
//! prefix (dbNSFP_gnomAD_exomes_AF, dbNSFP_ExAC_AF, dbNSFP_1000Gp3_AF…) or a
//! `gnomAD`/`ExAC` prefix: a bare INFO `AF` is the caller's own allele
//! frequency and never counts.
//!
//! Values may be lists (`&`, `,`, `|`): the largest number in [0, 1] is
//! taken. Across fields the largest value wins; on ties the first field in
//! header (or INFO) order names the source.

const VEP_PLAIN: &[&str] = &[
    "AF", "MAX_AF", "AFR_AF", "AMR_AF", "EAS_AF", "EUR_AF", "SAS_AF", "AA_AF", "EA_AF",
];
const PREFIXES: &[&str] = &["gnomAD", "ExAC", "1000Gp3", "ESP6500", "TOPMed", "TOPMED"];

/// Whether a CSQ field name holds a population allele frequency.
pub(crate) fn is_population_af_field(name: &str) -> bool {
    if VEP_PLAIN.contains(&name) {
        return true;
    }
    if !name.split('_').any(|t| t == "AF") || name.ends_with("_POPS") {
        return false;
    }
    PREFIXES.iter().any(|p| name.starts_with(p))
}

/// Whether a raw INFO key holds a population allele frequency (see module docs).
pub(crate) fn is_info_population_af_key(key: &str) -> bool {
    match key.strip_prefix("dbNSFP_") {
        Some(rest) => is_population_af_field(rest) && !VEP_PLAIN.contains(&rest),
        None => is_population_af_field(key) && !VEP_PLAIN.contains(&key),
    }
}

/// Largest frequency in a (possibly list-valued) field value.
pub(crate) fn max_value(v: &str) -> Option<f64> {
    // Most entries leave these fields empty: no split set up for them.
    if v.is_empty() || v == "." {
        return None;
    }
    let mut best: Option<f64> = None;
    for part in v.split(['&', ',', '|']) {
        let part = part.trim();
        if part.is_empty() || part == "." {
            continue;
        }
        if let Ok(x) = part.parse::<f64>() {
            if x.is_finite() && (0.0..=1.0).contains(&x) && best.is_none_or(|b| x > b) {
                best = Some(x);
            }
        }
    }
    best
}

/// Running maximum over fields: keeps the first field on ties.
#[derive(Debug, Default, Clone)]
pub(crate) struct MaxAf {
    pub value: Option<f64>,
    pub(crate) field: Option<String>,
}

impl MaxAf {
    pub(crate) fn offer(&mut self, field: &str, raw: &str) {
        if let Some(x) = max_value(raw) {
            if self.value.is_none_or(|b| x > b) {
                self.value = Some(x);
                self.field = Some(field.to_string());
            }
        }
    }
}

/// Population AF from raw INFO keys (SnpEff/SnpSift dbNSFP annotation).
pub(crate) fn from_info(info: &str) -> MaxAf {
    let mut m = MaxAf::default();
    for item in info.split(';') {
        if let Some((k, v)) = item.split_once('=') {
            if is_info_population_af_key(k) {
                m.offer(k, v);
            }
        }
    }
    m
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_names() {
        for f in [
            "gnomAD_AF",
            "gnomADe_AF",
            "gnomADg_AF",
            "gnomAD_NFE_AF",
            "gnomADe_AF_AFR",
            "MAX_AF",
            "AF",
            "ExAC_AF",
            "ExAC_Adj_AF",
            "ExAC_SAS_AF",
            "gnomAD2.1_AF_popmax",
        ] {
            assert!(is_population_af_field(f), "{f}");
        }
        for f in [
            "MAX_AF_POPS",
            "gnomADe",
            "ExACpLI",
            "CADD_PHRED",
            "Allele",
            "AF_something_else",
        ] {
            assert!(!is_population_af_field(f), "{f}");
        }
        assert!(is_info_population_af_key("dbNSFP_gnomAD_exomes_AF"));
        assert!(is_info_population_af_key("dbNSFP_1000Gp3_AF"));
        assert!(is_info_population_af_key("dbNSFP_ExAC_AF"));
        assert!(!is_info_population_af_key("AF"));
        assert!(!is_info_population_af_key("POP_AF"));
    }

    #[test]
    fn max_over_lists_and_fields() {
        assert_eq!(max_value("0.1&0.3&."), Some(0.3));
        assert_eq!(max_value(""), None);
        assert_eq!(max_value("abc"), None);
        assert_eq!(max_value("1.5"), None);
        let m = from_info("DP=10;AF=0.9;dbNSFP_ExAC_AF=0.01;dbNSFP_gnomAD_exomes_AF=0.02,0.005;dbNSFP_1000Gp3_AF=.");
        assert_eq!(m.value, Some(0.02));
        assert_eq!(m.field.as_deref(), Some("dbNSFP_gnomAD_exomes_AF"));
    }
}
