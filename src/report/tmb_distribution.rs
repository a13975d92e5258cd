//! A TMB reference distribution the user has (`report`/`batch --tmb-reference FILE`): one TMB per
//! patient with its tumour type, read from a TSV with a header (oncoprofile's own `cohort.tsv`, or
//! any table with a tumour-type and a TMB column; plain or gzip) or from a `patients.parquet` of a
//! cohort store. The report gives the patient's exact percentile within its tumour type, with
//! the number of reference patients, the file's name and its SHA-256.
//!
//! The percentile is the mid-rank one: 100 × (values below + ½ × values equal) / n, so that a
//! value equal to every reference value is at the 50th percentile and no value is at 0 or 100
//! unless it lies outside the reference.

use crate::kb::KnowledgeBase;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::io::{BufRead, Read};
use std::path::{Path, PathBuf};

/// Fewer reference patients of a type than this: no percentile (a note says why).
pub const MIN_PATIENTS: usize = 10;

/// Column names read as the tumour type, in order of preference (case-insensitive).
const TYPE_COLUMNS: [&str; 5] = [
    "tumor_type",
    "tumour_type",
    "oncotree_code",
    "cancer_type",
    "tumor_type_code",
];
/// Column names read as the TMB in mutations per Mb (case-insensitive).
const TMB_COLUMNS: [&str; 4] = ["tmb_value", "tmb", "tmb_mut_per_mb", "tmb_nonsynonymous"];
/// A status column: rows whose TMB is `indeterminate` or `not_computed` are left out.
const STATUS_COLUMN: &str = "tmb_status";

/// Why a reference file cannot be used (the caller names the file).
#[derive(Debug, thiserror::Error)]
pub enum DistributionError {
    #[error("no tumour-type column (one of {})", TYPE_COLUMNS.join(", "))]
    NoTypeColumn,
    #[error("no TMB column (one of {})", TMB_COLUMNS.join(", "))]
    NoTmbColumn,
    #[error("line {line}: field {field}: '{value}' is not a TMB (a number ≥ 0)")]
    NotATmb { line: u64, field: String, value: String },
    #[error("no patient with both a tumour type and a TMB")]
    Empty,
    #[error("not a patients table: {0}")]
    Parquet(String),
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

/// The reference values by tumour type, sorted.
#[derive(Debug, Clone, PartialEq)]
pub struct TmbDistribution {
    /// The path as given (`--tmb-reference`).
    pub path: PathBuf,
    /// The file name the report states.
    pub file: String,
    pub sha256: String,
    /// Tumour type (a knowledge-base code when it resolves, else the text as written, upper case)
    /// → sorted TMB values.
    by_type: BTreeMap<String, Vec<f64>>,
}

/// Where a patient's TMB lies in a reference distribution (`biomarkers.tmb.reference_distribution`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct TmbPercentile {
    /// The tumour type of the reference patients compared with (the patient's or an ancestor).
    pub tumor_type: String,
    /// Reference patients of that type with a TMB.
    pub n: usize,
    /// Reference values below the patient's, and equal to it.
    pub below: usize,
    pub equal: usize,
    /// The mid-rank percentile (0–100), two decimals.
    pub percentile: f64,
    /// The median of the reference values (mut/Mb).
    pub median: f64,
    /// The reference file's name and SHA-256.
    pub file: String,
    pub sha256: String,
    pub caveat: String,
}

/// The caveat of a user distribution: comparable only when counted the same way.
pub const CAVEAT: &str = "exact percentile within the reference file's patients of this tumour type; \
comparable only when their TMB was counted with the same assay, region and rule as this report's";

fn open(path: &Path) -> Result<(Vec<u8>, String), DistributionError> {
    let mut raw = Vec::new();
    std::fs::File::open(path)?.read_to_end(&mut raw)?;
    let sha = format!("{:x}", Sha256::digest(&raw));
    Ok((raw, sha))
}

impl TmbDistribution {
    /// Read `path` (TSV, gzip TSV or Parquet, by content); tumour types are resolved with `kb`
    /// (codes, aliases, names) so that `colon adenocarcinoma` and `COAD` are one type.
    pub fn load(path: &Path, kb: &KnowledgeBase) -> Result<TmbDistribution, DistributionError> {
        let (raw, sha256) = open(path)?;
        let pairs = if raw.starts_with(b"PAR1") {
            parquet_pairs(path)?
        } else if raw.starts_with(&[0x1f, 0x8b]) {
            let mut text = Vec::new();
            flate2::read::MultiGzDecoder::new(raw.as_slice()).read_to_end(&mut text)?;
            tsv_pairs(&text)?
        } else {
            tsv_pairs(&raw)?
        };
        let mut by_type: BTreeMap<String, Vec<f64>> = BTreeMap::new();
        for (t, v) in pairs {
            let key = match kb.tumor_types.resolve(&t) {
                Some(tt) => tt.code.clone(),
                None => t.trim().to_ascii_uppercase(),
            };
            by_type.entry(key).or_default().push(v);
        }
        if by_type.is_empty() {
            return Err(DistributionError::Empty);
        }
        for v in by_type.values_mut() {
            v.sort_by(f64::total_cmp);
        }
        let file = path
            .file_name()
            .map(|f| f.to_string_lossy().into_owned())
            .unwrap_or_else(|| path.display().to_string());
        Ok(TmbDistribution {
            path: path.to_path_buf(),
            file,
            sha256,
            by_type,
        })
    }

    /// How the provenance records it: `cohort.tsv (sha256 …)`.
    pub fn describe(&self) -> String {
        format!("{} (sha256 {})", self.file, self.sha256)
    }

    /// Reference patients of a type (resolved code or upper-case text).
    pub fn count(&self, tumor_type: &str) -> usize {
        self.by_type.get(tumor_type).map_or(0, Vec::len)
    }

    /// The percentile of `value` among the reference patients of the nearest type of `lineage`
    /// (the patient's code first, then its ancestors) that has at least [`MIN_PATIENTS`].
    pub fn percentile(&self, lineage: &[String], value: f64) -> Option<TmbPercentile> {
        let (code, values) = lineage.iter().find_map(|c| {
            self.by_type
                .get_key_value(c.as_str())
                .filter(|(_, v)| v.len() >= MIN_PATIENTS)
        })?;
        let n = values.len();
        let below = values.partition_point(|x| *x < value);
        let equal = values[below..].partition_point(|x| *x <= value);
        let percentile = 100.0 * (below as f64 + equal as f64 / 2.0) / n as f64;
        let median = if n % 2 == 1 {
            values[n / 2]
        } else {
            (values[n / 2 - 1] + values[n / 2]) / 2.0
        };
        Some(TmbPercentile {
            tumor_type: code.clone(),
            n,
            below,
            equal,
            percentile: (percentile * 100.0).round() / 100.0,
            median: (median * 100.0).round() / 100.0,
            file: self.file.clone(),
            sha256: self.sha256.clone(),
            caveat: CAVEAT.into(),
        })
    }
}

fn column(header: &[&str], names: &[&str]) -> Option<usize> {
    names
        .iter()
        .find_map(|n| header.iter().position(|h| h.trim().eq_ignore_ascii_case(n)))
}

/// Is a status one whose value is not comparable?
fn not_comparable(status: &str) -> bool {
    matches!(status.trim(), "indeterminate" | "not_computed" | "not_assessed")
}

/// (tumour type, TMB) of every row with both; `#` lines are comments, the first other line the header.
fn tsv_pairs(text: &[u8]) -> Result<Vec<(String, f64)>, DistributionError> {
    let mut lines = text.lines().enumerate().filter(|(_, l)| match l {
        Ok(l) => !l.starts_with('#') && !l.trim().is_empty(),
        Err(_) => true,
    });
    let Some((_, header)) = lines.next() else {
        return Err(DistributionError::Empty);
    };
    let header = header?;
    let cols: Vec<&str> = header.split('\t').collect();
    let ti = column(&cols, &TYPE_COLUMNS).ok_or(DistributionError::NoTypeColumn)?;
    let vi = column(&cols, &TMB_COLUMNS).ok_or(DistributionError::NoTmbColumn)?;
    let si = column(&cols, &[STATUS_COLUMN]);
    let mut out = Vec::new();
    for (i, line) in lines {
        let line = line?;
        let f: Vec<&str> = line.split('\t').collect();
        let t = f.get(ti).map(|s| s.trim()).unwrap_or("");
        let v = f.get(vi).map(|s| s.trim()).unwrap_or("");
        if t.is_empty() || v.is_empty() || v == "NA" || si.and_then(|s| f.get(s)).is_some_and(|s| not_comparable(s)) {
            continue;
        }
        let x: f64 = v
            .parse()
            .ok()
            .filter(|x: &f64| x.is_finite() && *x >= 0.0)
            .ok_or_else(|| DistributionError::NotATmb {
                line: i as u64 + 1,
                field: cols[vi].trim().to_string(),
                value: v.chars().take(40).collect(),
            })?;
        out.push((t.to_string(), x));
    }
    Ok(out)
}

/// (tumour type, TMB) of a `patients.parquet` (`tumor_type`, `tmb_value`, `tmb_status`).
fn parquet_pairs(path: &Path) -> Result<Vec<(String, f64)>, DistributionError> {
    use arrow_array::cast::AsArray;
    use arrow_array::types::Float64Type;
    use arrow_array::Array;
    use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
    let bad = |e: &dyn std::fmt::Display| DistributionError::Parquet(e.to_string());
    let reader = ParquetRecordBatchReaderBuilder::try_new(std::fs::File::open(path)?)
        .map_err(|e| bad(&e))?
        .build()
        .map_err(|e| bad(&e))?;
    let mut out = Vec::new();
    for batch in reader {
        let batch = batch.map_err(|e| bad(&e))?;
        let text = |name: &str| -> Option<Vec<Option<String>>> {
            let c = batch.column_by_name(name)?;
            let c = arrow_cast_utf8(c.as_ref())?;
            Some(c)
        };
        let types = text("tumor_type").ok_or(DistributionError::NoTypeColumn)?;
        let status = text(STATUS_COLUMN);
        let values = batch
            .column_by_name("tmb_value")
            .and_then(|c| c.as_primitive_opt::<Float64Type>())
            .ok_or(DistributionError::NoTmbColumn)?;
        for (i, t) in types.into_iter().enumerate() {
            let comparable = status
                .as_ref()
                .and_then(|s| s.get(i).cloned().flatten())
                .is_none_or(|s| !not_comparable(&s));
            if let (Some(t), true, false) = (t, comparable, values.is_null(i)) {
                let v = values.value(i);
                if v.is_finite() && v >= 0.0 && !t.is_empty() {
                    out.push((t, v));
                }
            }
        }
    }
    Ok(out)
}

/// A text column, plain or dictionary-encoded (Int32 or Int8 keys), as owned strings.
fn arrow_cast_utf8(c: &dyn arrow_array::Array) -> Option<Vec<Option<String>>> {
    use arrow_array::cast::AsArray;
    use arrow_array::types::{Int32Type, Int8Type};
    if let Some(s) = c.as_string_opt::<i32>() {
        return Some(s.iter().map(|x| x.map(str::to_string)).collect());
    }
    dictionary_utf8::<Int32Type>(c).or_else(|| dictionary_utf8::<Int8Type>(c))
}

/// A dictionary-encoded text column with keys of type `K`; a key outside the values is null.
fn dictionary_utf8<K: arrow_array::types::ArrowDictionaryKeyType>(
    c: &dyn arrow_array::Array,
) -> Option<Vec<Option<String>>> {
    use arrow_array::cast::AsArray;
    use arrow_array::Array;
    let d = c.as_dictionary_opt::<K>()?;
    let v = d.values().as_string_opt::<i32>()?;
    Some(
        (0..d.len())
            .map(|i| d.key(i).filter(|k| *k < v.len()).map(|k| v.value(k).to_string()))
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kb() -> KnowledgeBase {
        KnowledgeBase::embedded().expect("embedded knowledge base") // ok: test
    }

    fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
        let p = dir.join(name);
        std::fs::write(&p, text).expect("write"); // ok: test
        p
    }

    #[test]
    fn mid_rank_percentile_within_the_type_from_a_cohort_tsv() {
        let d = tempfile::tempdir().expect("tempdir"); // ok: test
                                                       // cohort.tsv layout: 12 COAD patients 1..=12 mut/Mb, one indeterminate, 3 LUAD.
        let mut text = String::from("patient\tstatus\ttumor_type\ttmb_value\ttmb_status\n");
        for i in 1..=12 {
            text.push_str(&format!("C{i}\tok\tCOAD\t{i}.0\tlow\n"));
        }
        text.push_str("C13\tok\tcolon adenocarcinoma\t500\tindeterminate\n");
        text.push_str("L1\tok\tLUAD\t3\tlow\nL2\tok\tLUAD\t4\tlow\nL3\tok\tLUAD\t\tnot_computed\n");
        let p = write(d.path(), "cohort.tsv", &text);
        let dist = TmbDistribution::load(&p, &kb()).expect("loads"); // ok: test
        assert_eq!(dist.count("COAD"), 12);
        assert_eq!(dist.count("LUAD"), 2);
        assert_eq!(dist.file, "cohort.tsv");
        assert_eq!(dist.sha256, format!("{:x}", Sha256::digest(text.as_bytes())));
        let lineage = vec!["COAD".to_string(), "CRC".into(), "SOLID".into()];
        // 8.0: 7 below, 1 equal → (7 + 0.5) / 12 = 62.5 %.
        let p8 = dist.percentile(&lineage, 8.0).expect("COAD has 12"); // ok: test
        assert_eq!((p8.n, p8.below, p8.equal, p8.percentile), (12, 7, 1, 62.5));
        assert_eq!(p8.median, 6.5);
        assert_eq!(p8.tumor_type, "COAD");
        // 30: above all → 100; 0.5: below all → 0.
        assert_eq!(dist.percentile(&lineage, 30.0).map(|p| p.percentile), Some(100.0));
        assert_eq!(dist.percentile(&lineage, 0.5).map(|p| p.percentile), Some(0.0));
        // LUAD has 2 < MIN_PATIENTS: no percentile.
        assert!(dist.percentile(&["LUAD".to_string()], 3.5).is_none());
    }

    #[test]
    fn a_bad_value_names_its_line_and_column() {
        let d = tempfile::tempdir().expect("tempdir"); // ok: test
        let p = write(d.path(), "ref.tsv", "# comment\ncancer_type\tTMB\nCOAD\t3\nCOAD\tabc\n");
        let e = TmbDistribution::load(&p, &kb()).expect_err("abc"); // ok: test
        assert_eq!(e.to_string(), "line 4: field TMB: 'abc' is not a TMB (a number ≥ 0)");
        let p = write(d.path(), "ref2.tsv", "patient\tvalue\nA\t3\n");
        let e = TmbDistribution::load(&p, &kb()).expect_err("no type"); // ok: test
        assert!(e.to_string().starts_with("no tumour-type column"), "{e}");
    }
}
