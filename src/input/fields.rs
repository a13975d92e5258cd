//! The vocabulary of one data line that the record reader ([`super::record`]) and the per-caller
//! depth readers ([`super::depth`]) share: the file's record context, per-record counters, the
//! borrowed INFO column, and number/text helpers for error messages. It imports neither of them.

use crate::error::Error;
use std::path::PathBuf;

/// Everything needed to turn a line into variants, built once per file.
#[derive(Debug, Clone)]
pub struct RecordContext {
    pub file: PathBuf,
    pub tumor: Option<usize>,
    pub normal: Option<usize>,
    pub vaf_tag: Option<String>,
    pub depth_tag: Option<String>,
    /// The header defines caller repeat fields (Mutect2 `STR`/`RU`/`RPA`, Strelka2 `RU`/`RC`).
    pub repeat_fields: bool,
    /// Header lines before the first record (for line numbers in errors); None when records are
    /// not read from the start (through an index).
    pub header_lines: Option<u64>,
}

impl RecordContext {
    pub(crate) fn err(&self, record_no: u64, field: Option<&str>, reason: impl std::fmt::Display) -> Error {
        Error::at_record(
            &self.file,
            record_no,
            self.header_lines.map(|h| h + record_no),
            field,
            reason,
        )
    }
}

/// Per-record counters the pipeline turns into warnings.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RecordStats {
    /// Per-allele FORMAT fields (Number=A/R) of the tumour or normal sample whose value count
    /// did not fit the ALT count; their alleles' alt depth and VAF are `None`. One per field,
    /// sample and record.
    pub(crate) per_allele_count_mismatches: u64,
    /// The first such mismatch, e.g. `record 12: FORMAT/AF has 3 values for 1 ALT allele (Number=A)`.
    pub(crate) first_mismatch: Option<String>,
}

impl RecordStats {
    pub fn note(&mut self, record_no: u64, key: &str, got: usize, n_alts: usize, number: &str) {
        self.per_allele_count_mismatches += 1;
        if self.first_mismatch.is_none() {
            let s = if n_alts == 1 { "" } else { "s" };
            self.first_mismatch = Some(format!(
                "record {record_no}: FORMAT/{key} has {got} values for {n_alts} ALT allele{s} (Number={number})"
            ));
        }
    }

    /// Add another chunk's counts (the first mismatch in file order is kept when `self` comes first).
    pub fn merge(&mut self, o: RecordStats) {
        self.per_allele_count_mismatches += o.per_allele_count_mismatches;
        if self.first_mismatch.is_none() {
            self.first_mismatch = o.first_mismatch;
        }
    }
}

/// A fraction 0–1, or a percentage written `38.5%` (VarScan2).
pub(crate) fn parse_fraction(s_orig: &str) -> Option<f64> {
    if let Some(v) = plain_decimal(s_orig) {
        return Some(v);
    }
    let s_orig = s_orig.trim();
    let s = s_orig;
    // `%25` is a percent-encoded `%` (seen after VEP re-encoding of FORMAT values).
    let s = s.strip_suffix("%25").map(|x| format!("{x}%"));
    let s = s.as_deref().unwrap_or(s_orig);
    let v = if let Some(p) = s.strip_suffix('%') {
        p.trim().parse::<f64>().ok()? / 100.0
    } else {
        s.parse::<f64>().ok()?
    };
    v.is_finite().then_some(v)
}

/// Powers of ten up to 1e15, each exact in an `f64`.
const POW10: [f64; 16] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
];

/// `s.parse::<f64>()` for the usual FORMAT/INFO fraction (`0.083`, `1`, `12.5`): digits with at
/// most one `.`, at most 15 digits in all; anything else is None (the caller's general parse).
/// The digits form an integer below 2^53 and the power of ten is exact, so the one IEEE division
/// rounds exactly as the general parse does (Clinger's fast path): the same bits, without its
/// set-up.
#[inline]
fn plain_decimal(s: &str) -> Option<f64> {
    let (mut n, mut digits, mut frac, mut dot) = (0u64, 0usize, 0usize, false);
    for &b in s.as_bytes() {
        match b {
            b'0'..=b'9' => {
                n = n * 10 + u64::from(b - b'0');
                digits += 1;
                frac += usize::from(dot);
            }
            b'.' if !dot => dot = true,
            _ => return None,
        }
        if digits > 15 {
            return None;
        }
    }
    if digits == 0 {
        return None;
    }
    Some(n as f64 / *POW10.get(frac)?)
}

/// INFO keys the record readers look up (somatic status, caller repeats, INFO depth/VAF) and the
/// annotation readers' keys (VEP, SnpEff, bcftools csq), found in the same pass.
const INFO_KEYS: [&str; 13] = [
    "SS", "STATUS", "SOMATIC", "RU", "RPA", "RC", "STR", "TVAF", "TDP", "CSQ", "ANN", "BCSQ", "EFF",
];

/// The record readers' keys of [`INFO_KEYS`], by their place there: [`Info::known`] reads one
/// without matching its name on every call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum InfoKey {
    Ss = 0,
    Status = 1,
    Somatic = 2,
    Ru = 3,
    Rpa = 4,
    Rc = 5,
    Str = 6,
    Tvaf = 7,
    Tdp = 8,
}

/// The place of `CSQ` in [`INFO_KEYS`]: the annotation readers' keys come from here on.
const FIRST_ANNOTATION_KEY: usize = 9;

/// The place of `k` in [`INFO_KEYS`] (a `match`: a length switch, then word compares).
fn info_key(k: &str) -> Option<usize> {
    info_key_bytes(k.as_bytes())
}

/// [`info_key`] of the key's bytes (the INFO scan slices a `str` only for the keys it keeps).
#[inline]
fn info_key_bytes(k: &[u8]) -> Option<usize> {
    Some(match k {
        b"SS" => 0,
        b"STATUS" => 1,
        b"SOMATIC" => 2,
        b"RU" => 3,
        b"RPA" => 4,
        b"RC" => 5,
        b"STR" => 6,
        b"TVAF" => 7,
        b"TDP" => 8,
        b"CSQ" => 9,
        b"ANN" => 10,
        b"BCSQ" => 11,
        b"EFF" => 12,
        _ => return None,
    })
}

/// A borrowed INFO column with key lookup: one pass over the column keeps the values of the
/// keys in [`INFO_KEYS`]; any other key (`--vaf-tag`, `--depth-tag`) is searched for when asked.
#[derive(Debug, Clone)]
pub struct Info<'a> {
    s: &'a str,
    known: [Option<&'a str>; INFO_KEYS.len()],
}

/// One `key=value` (or flag) of INFO: `(key, value)`, `""` as the value of a flag.
fn info_pair(kv: &str) -> (&str, &str) {
    // Keys are a few bytes long: a byte loop finds the '=' sooner than a search call would.
    match kv.bytes().position(|b| b == b'=') {
        // '=' is ASCII: both sides are on char boundaries.
        Some(i) => (kv.get(..i).unwrap_or(kv), kv.get(i + 1..).unwrap_or("")),
        None => (kv, ""),
    }
}

/// The offset of the first `;` at or after `from`, or the length: a byte loop over the first
/// bytes (most INFO values are a few bytes long), `memchr` beyond them (a CSQ value).
#[inline]
fn next_semicolon(b: &[u8], from: usize) -> usize {
    let near = (from + 16).min(b.len());
    let mut j = from;
    while j < near {
        if b.get(j) == Some(&b';') {
            return j;
        }
        j += 1;
    }
    match b.get(near..) {
        Some(rest) if !rest.is_empty() => memchr::memchr(b';', rest).map_or(b.len(), |p| near + p),
        _ => b.len(),
    }
}

impl<'a> Info<'a> {
    /// Split an INFO column once, keeping the known keys' values (the first of a repeated key).
    ///
    /// One pass over the bytes: a key ends at the first `=` or `;`, its value at the next `;`
    /// (what `split(';')` then a split at the first `=` give, without a search call per item).
    pub fn new(s: &'a str) -> Info<'a> {
        let mut known = [None; INFO_KEYS.len()];
        if s == "." || s.is_empty() {
            return Info { s: "", known };
        }
        let b = s.as_bytes();
        let mut start = 0;
        while start <= b.len() {
            let mut i = start;
            while let Some(&c) = b.get(i) {
                if c == b'=' || c == b';' {
                    break;
                }
                i += 1;
            }
            let k = b.get(start..i).unwrap_or(&[]);
            // The value's bounds: (start, end) after the `=`; none for a flag.
            let (value, next) = if b.get(i) == Some(&b'=') {
                let end = next_semicolon(b, i + 1);
                (Some((i + 1, end)), end + 1)
            } else {
                (None, i + 1)
            };
            start = next;
            let Some(slot) = info_key_bytes(k) else { continue };
            let is_pair = value.is_some();
            // `=` and `;` are ASCII: every offset here is on a char boundary.
            let v = value.and_then(|(a, z)| s.get(a..z)).unwrap_or("");
            // An annotation is the first `KEY=value` item: a bare `CSQ` flag is not one.
            if slot >= FIRST_ANNOTATION_KEY && !is_pair {
                continue;
            }
            if let Some(slot) = known.get_mut(slot) {
                slot.get_or_insert(v);
            }
        }
        Info { s, known }
    }
    /// Value of `key` (`""` for a flag), or None.
    pub(crate) fn get(&self, key: &str) -> Option<&'a str> {
        match info_key(key) {
            Some(i) => self.known.get(i).copied().flatten(),
            None => crate::text::split_byte(self.s, b';')
                .filter(|kv| !kv.is_empty())
                .map(info_pair)
                .find(|(k, _)| crate::text::eq_key(k, key))
                .map(|(_, v)| v),
        }
    }
    /// Value of one of the record readers' keys (`""` for a flag), or None: [`Info::get`] of its
    /// name, read by index.
    #[inline]
    pub(crate) fn known(&self, key: InfoKey) -> Option<&'a str> {
        self.known.get(key as usize).copied().flatten()
    }
    /// The whole column as read (`""` for `.`).
    pub(crate) fn raw(&self) -> &'a str {
        self.s
    }
}

pub(crate) fn clip(s: &str) -> String {
    if s.chars().count() > 40 {
        format!("{}…", s.chars().take(40).collect::<String>())
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn plain_decimal_is_the_general_parse(s in "[0-9]{0,9}[.]?[0-9]{0,9}") {
            let general = s.parse::<f64>().ok();
            match plain_decimal(&s) {
                Some(v) => prop_assert_eq!(Some(v.to_bits()), general.map(f64::to_bits), "{:?}", s),
                None => prop_assert!(s.bytes().filter(u8::is_ascii_digit).count() > 15 || general.is_none()),
            }
            prop_assert_eq!(parse_fraction(&s).map(f64::to_bits), general.filter(|v| v.is_finite()).map(f64::to_bits));
        }
    }

    proptest! {
        /// The one-pass scan keeps what splitting on `;` and then at the first `=` keeps.
        #[test]
        fn info_scan_is_split_then_pair(s in "((SS|STATUS|SOMATIC|RU|RPA|RC|STR|TVAF|TDP|CSQ|ANN|BCSQ|EFF|DP|X)(=[A-Za-z0-9|,=.]{0,24})?;{0,2}){0,8}") {
            let info = Info::new(&s);
            for (i, key) in INFO_KEYS.iter().enumerate() {
                let expected = if s == "." || s.is_empty() {
                    None
                } else {
                    crate::text::split_byte(&s, b';')
                        .filter(|kv| i < FIRST_ANNOTATION_KEY || kv.contains('='))
                        .map(info_pair)
                        .find(|(k, _)| k == key)
                        .map(|(_, v)| v)
                };
                prop_assert_eq!(info.get(key), expected, "{} in {:?}", key, s);
            }
        }
    }

    #[test]
    fn info_keys_by_index_are_the_named_keys() {
        use InfoKey::*;
        let info = Info::new("SS=2;STATUS=StrongSomatic;SOMATIC;RU=A;RPA=3,4;RC=5;STR;TVAF=0.2;TDP=30;CSQ=x");
        for (k, name) in [
            (Ss, "SS"),
            (Status, "STATUS"),
            (Somatic, "SOMATIC"),
            (Ru, "RU"),
            (Rpa, "RPA"),
            (Rc, "RC"),
            (Str, "STR"),
            (Tvaf, "TVAF"),
            (Tdp, "TDP"),
        ] {
            assert_eq!(INFO_KEYS[k as usize], name);
            assert_eq!(info.known(k), info.get(name), "{name}");
            assert!(info.known(k).is_some(), "{name}");
        }
        assert_eq!(info.known(Rpa), Some("3,4"));
        assert_eq!(Info::new("DP=3").known(Somatic), None);
    }

    #[test]
    fn plain_decimal_takes_only_plain_decimals() {
        assert_eq!(plain_decimal("0.083"), Some(0.083));
        assert_eq!(plain_decimal("1"), Some(1.0));
        assert_eq!(plain_decimal(".5"), Some(0.5));
        assert_eq!(plain_decimal("0.1234567890123"), Some(0.1234567890123));
        for s in [
            "",
            ".",
            "-0.1",
            "1e-3",
            " 0.1",
            "0.1%",
            "1.2.3",
            "0.1234567890123456",
            "nan",
        ] {
            assert_eq!(plain_decimal(s), None, "{s:?}");
        }
        assert_eq!(parse_fraction("38.5%"), Some(0.385));
        assert_eq!(parse_fraction(" 0.25 "), Some(0.25));
    }

    #[test]
    fn every_info_key_is_found_by_its_name_and_no_other() {
        assert_eq!(&INFO_KEYS[FIRST_ANNOTATION_KEY..], ["CSQ", "ANN", "BCSQ", "EFF"]);
        for (i, k) in INFO_KEYS.iter().enumerate() {
            assert_eq!(info_key(k), Some(i), "{k}");
            assert_eq!(info_key(&k.to_ascii_lowercase()), None, "{k}");
        }
        for other in [
            "", "S", "DP", "RX", "RUU", "SSS", "TLOD", "CSQX", "AN", "ECNT", "BCS", "EFFF", "ST",
        ] {
            assert_eq!(info_key(other), None, "{other:?}");
        }
        let info = Info::new("DP=5;CSQ=a|b;RU=CA;RC=3;RPA=2,3;SOMATIC;CSQ=second");
        assert_eq!(info.get("CSQ"), Some("a|b"), "the first of a repeated key");
        assert_eq!(
            (info.get("RU"), info.get("RC"), info.get("RPA")),
            (Some("CA"), Some("3"), Some("2,3"))
        );
        assert!(info.get("SOMATIC").is_some());
        assert_eq!(info.get("DP"), Some("5"), "a key outside the list is searched for");
        assert_eq!(info.get("ANN"), None);
        // An annotation key is taken from its first `KEY=value` item; other keys from their first.
        let info = Info::new("CSQ;SOMATIC;CSQ=x;SOMATIC=1");
        assert_eq!((info.get("CSQ"), info.get("SOMATIC")), (Some("x"), Some("")));
        assert_eq!(Info::new("CSQ").get("CSQ"), None);
        assert_eq!(Info::new("CSQ=").get("CSQ"), Some(""));
    }
}
