//! Named thresholds with sources (`annotations/thresholds.toml`).
//!
//! Format: one TOML table per threshold,
//! ```toml
//! [tmb_high]
//! value = 10.0
//! source = "FDA pembrolizumab label 2020 (TMB-H ≥10 mut/Mb, KEYNOTE-158)"
//! description = "…"
//! ```
//! `value` is a finite number, `source` a non-empty string; no other keys.
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
    pub fn get(&self, key: &str) -> Option<&Threshold> {
        self.values.get(key)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    value: f64,
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
    let mut values = BTreeMap::new();
    for (key, spanned) in map {
        let start = spanned.span().start;
        let raw = spanned.into_inner();
        if !raw.value.is_finite() {
            errors.push(at(Some(start), format!("[{key}] value must be a finite number")));
            continue;
        }
        if raw.source.trim().is_empty() {
            errors.push(at(Some(start), format!("[{key}] has an empty source")));
            continue;
        }
        values.insert(
            key,
            Threshold {
                value: raw.value,
                source: raw.source,
                description: raw.description,
            },
        );
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
        let t = parse("[a]\nvalue = 3\nsource = \"s\"\n", "t.toml").unwrap();
        assert_eq!(t.get("a").unwrap().value, 3.0);
    }

    #[test]
    fn errors_name_line_and_column() {
        let e = parse(
            "[a]\nvalue = 1.0\nsource = \"s\"\n\n[b]\nvalue = \"x\"\nsource = \"s\"\n",
            "t.toml",
        )
        .unwrap_err();
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].line, 6, "{e:?}");
        assert!(e[0].to_string().starts_with("t.toml:6:"), "{}", e[0]);
        let e = parse("[a]\nvalue = 1.0\nsource = \"s\"\ncolour = 1\n", "t.toml").unwrap_err();
        assert_eq!(e[0].line, 4, "{e:?}");
        assert!(e[0].reason.contains("colour"));
        let e = parse("[a]\nvalue = 1.0\nsource = \"\"\n", "t.toml").unwrap_err();
        assert_eq!((e[0].line, e[0].column), (1, 1));
        assert!(e[0].reason.contains("empty source"));
        let e = parse("[a]\nvalue = \n", "t.toml").unwrap_err();
        assert_eq!(e[0].line, 2);
        let e = parse("[a]\nsource = \"s\"\n", "t.toml").unwrap_err();
        assert!(e[0].reason.contains("value"), "{e:?}");
    }
}
