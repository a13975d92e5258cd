//! Named thresholds with sources (`annotations/thresholds.toml`).
//!
//! Format: one TOML table per threshold,
//! ```toml
//! [tmb_high]
//! value = 10.0
//! source = "FDA pembrolizumab label 2020 (TMB-H ≥10 mut/Mb, KEYNOTE-158)"
//! description = "…"
//! ```
//! `value` is a finite number, `source` a non-empty string, `description` optional;
//! no other keys. Only the tables below are accepted, each value within its range
//! (a value outside would silently change clinical calls, e.g. a negative `tmb_high`):
//!
//! | table | unit | valid range |
//! |---|---|---|
//! | `tmb_high`, `tmb_hypermutated`, `pole_ultramutated` | mutations per Mb | > 0 and ≤ 1000 |
//! | `msi_repeat_indels_per_mb`, `msi_indels_per_mb_fallback`, `msi_indels_per_mb_fallback_mss` | indels per Mb | > 0 and ≤ 1000 |
//! | `tmb_min_region_mb`, `msi_min_region_mb`, `msi_high_confidence_region_mb` | region size in Mb | > 0 and ≤ 3500 |
//! | `pole_max_indel_fraction` | fraction | 0 to 1 |
//! | `population_af_benign` | population allele frequency | > 0 and ≤ 0.5 |
//! | `msi_min_indels_small_region` | count | whole number, 0 to 1,000,000 |
//! | `repeat_homopolymer_min_length`, `repeat_min_length` | reference bases | whole number, 1 to 1000 |
//! | `repeat_unit_min_copies` | tandem copies | whole number, 2 to 1000 |
//! | `pole_exo_first_codon`, `pole_exo_last_codon`, `pold1_exo_first_codon`, `pold1_exo_last_codon` | protein position | whole number, 1 to 40,000 |
//!
//! Pairs must be ordered: `*_exo_first_codon` ≤ `*_exo_last_codon`, and
//! `msi_indels_per_mb_fallback_mss` ≤ `msi_indels_per_mb_fallback`. An empty file is an error.
use super::KbError;
use serde::Deserialize;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Threshold {
    pub value: f64,
    pub source: String,
    pub description: String,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Thresholds {
    pub values: BTreeMap<String, Threshold>,
}

impl Thresholds {
    pub(crate) fn get(&self, key: &str) -> Option<&Threshold> {
        self.values.get(key)
    }
}

/// The valid values of one threshold.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Range {
    /// A rate per Mb: > 0 and ≤ 1000.
    PerMb(&'static str),
    /// A region size in Mb: > 0 and ≤ 3500 (a human genome).
    RegionMb,
    /// A fraction in [0, 1].
    Fraction,
    /// A population allele frequency: > 0 and ≤ 0.5 (0 would call every observed allele benign).
    AlleleFrequency,
    /// A whole number in [min, max] (`what` names the unit).
    Whole { min: f64, max: f64, what: &'static str },
}

impl Range {
    /// Why `v` is outside the range, if it is.
    fn check(self, v: f64) -> Option<String> {
        let ok = match self {
            Range::PerMb(_) => v > 0.0 && v <= 1000.0,
            Range::RegionMb => v > 0.0 && v <= 3500.0,
            Range::Fraction => (0.0..=1.0).contains(&v),
            Range::AlleleFrequency => v > 0.0 && v <= 0.5,
            Range::Whole { min, max, .. } => v.fract() == 0.0 && (min..=max).contains(&v),
        };
        if ok {
            return None;
        }
        Some(match self {
            Range::PerMb(what) => format!("{what} per Mb must be > 0 and ≤ 1000"),
            Range::RegionMb => "a region size in Mb must be > 0 and ≤ 3500".to_string(),
            Range::Fraction => "a fraction must lie between 0 and 1".to_string(),
            Range::AlleleFrequency => "a population allele frequency must be > 0 and ≤ 0.5".to_string(),
            Range::Whole { min, max, what } => format!("{what} must be a whole number from {min} to {max}"),
        })
    }
}

const CODON: Range = Range::Whole {
    min: 1.0,
    max: 40000.0,
    what: "a protein position",
};

/// Every threshold oncoprofile reads, with its valid range.
const KNOWN: &[(&str, Range)] = &[
    ("tmb_high", Range::PerMb("mutations")),
    ("tmb_min_region_mb", Range::RegionMb),
    ("tmb_hypermutated", Range::PerMb("mutations")),
    ("pole_ultramutated", Range::PerMb("mutations")),
    ("pole_max_indel_fraction", Range::Fraction),
    ("population_af_benign", Range::AlleleFrequency),
    ("msi_repeat_indels_per_mb", Range::PerMb("indels")),
    ("msi_indels_per_mb_fallback", Range::PerMb("indels")),
    ("msi_indels_per_mb_fallback_mss", Range::PerMb("indels")),
    ("msi_min_region_mb", Range::RegionMb),
    (
        "msi_min_indels_small_region",
        Range::Whole {
            min: 0.0,
            max: 1_000_000.0,
            what: "a count",
        },
    ),
    ("msi_high_confidence_region_mb", Range::RegionMb),
    (
        "repeat_homopolymer_min_length",
        Range::Whole {
            min: 1.0,
            max: 1000.0,
            what: "a length in bases",
        },
    ),
    (
        "repeat_unit_min_copies",
        Range::Whole {
            min: 2.0,
            max: 1000.0,
            what: "a number of tandem copies",
        },
    ),
    (
        "repeat_min_length",
        Range::Whole {
            min: 1.0,
            max: 1000.0,
            what: "a length in bases",
        },
    ),
    ("pole_exo_first_codon", CODON),
    ("pole_exo_last_codon", CODON),
    ("pold1_exo_first_codon", CODON),
    ("pold1_exo_last_codon", CODON),
];

/// (lower, upper): the first value must not exceed the second.
const ORDERED: &[(&str, &str)] = &[
    ("pole_exo_first_codon", "pole_exo_last_codon"),
    ("pold1_exo_first_codon", "pold1_exo_last_codon"),
    ("msi_indels_per_mb_fallback_mss", "msi_indels_per_mb_fallback"),
];

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    value: toml::Spanned<f64>,
    source: String,
    #[serde(default)]
    description: String,
}

/// 1-based line and column of a byte offset in `text`.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map(|l| l.chars().count()).unwrap_or(0) + 1;
    (line, col)
}

/// Parse `thresholds.toml`. Errors name file:line:column where the TOML parser
/// or the check can point at one.
pub fn parse(text: &str, file: &str) -> Result<Thresholds, Vec<KbError>> {
    let at = |offset: Option<usize>, reason: String| {
        let (line, column) = offset.map(|o| line_col(text, o)).unwrap_or((0, 0));
        KbError {
            file: file.to_string(),
            line,
            column,
            reason,
        }
    };
    let map: BTreeMap<String, toml::Spanned<Raw>> = toml::from_str(text).map_err(|e| {
        let msg = e.message().trim().replace('\n', " ");
        vec![at(e.span().map(|s| s.start), msg)]
    })?;
    let mut errors = Vec::new();
    if map.is_empty() {
        errors.push(at(
            Some(0),
            "empty file: no thresholds (expected one [table] per threshold)".into(),
        ));
    }
    let mut values = BTreeMap::new();
    let mut value_at: BTreeMap<String, usize> = BTreeMap::new();
    for (key, spanned) in map {
        let start = spanned.span().start;
        let raw = spanned.into_inner();
        let value_start = raw.value.span().start;
        let value = raw.value.into_inner();
        let Some((_, range)) = KNOWN.iter().find(|(k, _)| *k == key) else {
            let known: Vec<&str> = KNOWN.iter().map(|(k, _)| *k).collect();
            errors.push(at(
                Some(start),
                format!("unknown threshold [{key}] (known: {})", known.join(", ")),
            ));
            continue;
        };
        if !value.is_finite() {
            errors.push(at(Some(start), format!("[{key}] value must be a finite number")));
            continue;
        }
        if let Some(why) = range.check(value) {
            errors.push(at(
                Some(value_start),
                format!("[{key}] value {value} is out of range: {why}"),
            ));
            continue;
        }
        if raw.source.trim().is_empty() {
            errors.push(at(Some(start), format!("[{key}] has an empty source")));
            continue;
        }
        value_at.insert(key.clone(), value_start);
        values.insert(
            key,
            Threshold {
                value,
                source: raw.source,
                description: raw.description,
            },
        );
    }
    for (lo, hi) in ORDERED {
        if let (Some(a), Some(b)) = (values.get(*lo), values.get(*hi)) {
            if a.value > b.value {
                errors.push(at(
                    value_at.get(*lo).copied(),
                    format!("[{lo}] value {} exceeds [{hi}] value {}", a.value, b.value),
                ));
            }
        }
    }
    if errors.is_empty() {
        Ok(Thresholds { values })
    } else {
        Err(errors)
    }
}

/// The thresholds shipped in `annotations/thresholds.toml`.
pub fn embedded() -> Result<Thresholds, Vec<KbError>> {
    parse(include_str!("../../annotations/thresholds.toml"), "thresholds.toml")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_file_parses_with_sources() {
        let t = embedded().unwrap();
        let h = t.get("tmb_high").unwrap();
        assert_eq!(h.value, 10.0);
        assert!(h.source.contains("FDA pembrolizumab label 2020"));
        assert_eq!(t.get("msi_repeat_indels_per_mb").unwrap().value, 0.395);
        assert_eq!(t.get("tmb_min_region_mb").unwrap().value, 0.5);
        for (k, v) in &t.values {
            assert!(!v.source.is_empty(), "{k}");
            assert!(!v.description.is_empty(), "{k}");
        }
    }

    #[test]
    fn integers_are_accepted() {
        let t = parse("[repeat_min_length]\nvalue = 3\nsource = \"s\"\n", "t.toml").unwrap();
        assert_eq!(t.get("repeat_min_length").unwrap().value, 3.0);
    }

    #[test]
    fn errors_name_line_and_column() {
        let e = parse(
            "[tmb_high]\nvalue = 1.0\nsource = \"s\"\n\n[tmb_hypermutated]\nvalue = \"x\"\nsource = \"s\"\n",
            "t.toml",
        )
        .unwrap_err();
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].line, 6, "{e:?}");
        assert!(e[0].to_string().starts_with("t.toml:6:"), "{}", e[0]);
        let e = parse("[tmb_high]\nvalue = 1.0\nsource = \"s\"\ncolour = 1\n", "t.toml").unwrap_err();
        assert_eq!(e[0].line, 4, "{e:?}");
        assert!(e[0].reason.contains("colour"));
        let e = parse("[tmb_high]\nvalue = 1.0\nsource = \"\"\n", "t.toml").unwrap_err();
        assert_eq!((e[0].line, e[0].column), (1, 1));
        assert!(e[0].reason.contains("empty source"));
        let e = parse("[tmb_high]\nvalue = \n", "t.toml").unwrap_err();
        assert_eq!(e[0].line, 2);
        let e = parse("[tmb_high]\nsource = \"s\"\n", "t.toml").unwrap_err();
        assert!(e[0].reason.contains("value"), "{e:?}");
    }

    #[test]
    fn values_out_of_range_are_rejected() {
        let e = parse("# c\n[tmb_high]\nvalue = -10.0\nsource = \"s\"\n", "t.toml").unwrap_err();
        assert_eq!(e.len(), 1, "{e:?}");
        assert_eq!(
            e[0].to_string(),
            "t.toml:3:9: [tmb_high] value -10 is out of range: mutations per Mb must be > 0 and ≤ 1000"
        );
        for (key, bad) in [
            ("tmb_high", "0"),
            ("pole_max_indel_fraction", "1.5"),
            ("tmb_min_region_mb", "0"),
            ("msi_min_indels_small_region", "-1"),
            ("msi_min_indels_small_region", "2.5"),
            ("repeat_unit_min_copies", "1"),
            ("pole_exo_first_codon", "0"),
            ("population_af_benign", "0"),
            ("population_af_benign", "0.6"),
        ] {
            let e = parse(&format!("[{key}]\nvalue = {bad}\nsource = \"s\"\n"), "t.toml").unwrap_err();
            assert!(e[0].reason.contains("out of range"), "{key} = {bad}: {e:?}");
        }
        let ok = parse("[pole_max_indel_fraction]\nvalue = 0\nsource = \"s\"\n", "t.toml");
        assert!(ok.is_ok(), "{ok:?}");
    }

    #[test]
    fn ordered_pairs_are_checked() {
        let e = parse(
            "[pole_exo_first_codon]\nvalue = 471\nsource = \"s\"\n[pole_exo_last_codon]\nvalue = 268\nsource = \"s\"\n",
            "t.toml",
        )
        .unwrap_err();
        assert_eq!(e.len(), 1, "{e:?}");
        assert_eq!(e[0].line, 2);
        assert!(e[0].reason.contains("exceeds [pole_exo_last_codon]"), "{e:?}");
    }

    #[test]
    fn empty_file_is_rejected() {
        for text in ["", "# only a comment\n"] {
            let e = parse(text, "t.toml").unwrap_err();
            assert_eq!(e.len(), 1);
            assert_eq!(
                e[0].to_string(),
                "t.toml:1:1: empty file: no thresholds (expected one [table] per threshold)"
            );
        }
    }

    #[test]
    fn unknown_tables_and_keys_are_rejected() {
        let e = parse("[tmb_hihg]\nvalue = 10\nsource = \"s\"\n", "t.toml").unwrap_err();
        assert_eq!((e[0].line, e[0].column), (1, 1));
        assert!(
            e[0].reason
                .starts_with("unknown threshold [tmb_hihg] (known: tmb_high,"),
            "{e:?}"
        );
        let e = parse("[tmb_high]\nvalue = 10\nsource = \"s\"\nunit = \"mut/Mb\"\n", "t.toml").unwrap_err();
        assert_eq!(e[0].line, 4, "{e:?}");
        assert!(e[0].reason.contains("unknown field `unit`"), "{e:?}");
    }
}
