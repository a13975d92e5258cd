//! A sample's depth and VAF for one ALT allele, read the way each caller writes them (see the
//! conventions in `record.rs`). A value the file does not give is `None`, never 0.

use super::fields::{clip, parse_fraction, Info, InfoKey, RecordContext, RecordStats};
use crate::error::{Error, Result};
use crate::model::SampleDepth;
use smallvec::SmallVec;

/// A FORMAT list of numbers, on the stack for the usual lengths.
type Nums<T> = SmallVec<[Option<T>; 8]>;

/// The FORMAT keys the depth readers know.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Key {
    Dp,
    Ad,
    Af,
    Fa,
    Au,
    Cu,
    Gu,
    Tu,
    Tir,
    Tar,
    Freq,
    Rd,
    Vd,
    Bcount,
    Dp4,
}

impl Key {
    const ALL: [Key; 15] = [
        Key::Dp,
        Key::Ad,
        Key::Af,
        Key::Fa,
        Key::Au,
        Key::Cu,
        Key::Gu,
        Key::Tu,
        Key::Tir,
        Key::Tar,
        Key::Freq,
        Key::Rd,
        Key::Vd,
        Key::Bcount,
        Key::Dp4,
    ];

    /// The key named `k` (a `match` on the string: a length switch, then word compares, where
    /// a search of [`Key::ALL`] would compare every name).
    fn of(k: &str) -> Option<Key> {
        Some(match k {
            "DP" => Key::Dp,
            "AD" => Key::Ad,
            "AF" => Key::Af,
            "FA" => Key::Fa,
            "AU" => Key::Au,
            "CU" => Key::Cu,
            "GU" => Key::Gu,
            "TU" => Key::Tu,
            "TIR" => Key::Tir,
            "TAR" => Key::Tar,
            "FREQ" => Key::Freq,
            "RD" => Key::Rd,
            "VD" => Key::Vd,
            "BCOUNT" => Key::Bcount,
            "DP4" => Key::Dp4,
            _ => return None,
        })
    }

    pub(super) fn name(self) -> &'static str {
        match self {
            Key::Dp => "DP",
            Key::Ad => "AD",
            Key::Af => "AF",
            Key::Fa => "FA",
            Key::Au => "AU",
            Key::Cu => "CU",
            Key::Gu => "GU",
            Key::Tu => "TU",
            Key::Tir => "TIR",
            Key::Tar => "TAR",
            Key::Freq => "FREQ",
            Key::Rd => "RD",
            Key::Vd => "VD",
            Key::Bcount => "BCOUNT",
            Key::Dp4 => "DP4",
        }
    }
}

/// Where the known keys sit in one record's FORMAT list, found in one pass over the list
/// (instead of a search per key, sample and allele). The first occurrence of a key counts.
#[derive(Debug, Clone, Default)]
pub(super) struct FormatIdx {
    at: [Option<u16>; Key::ALL.len()],
}

impl FormatIdx {
    pub(super) fn new(keys: &[&str]) -> FormatIdx {
        let mut idx = FormatIdx::default();
        for (i, k) in keys.iter().enumerate() {
            if let (Some(key), Ok(i)) = (Key::of(k), u16::try_from(i)) {
                idx.at[key as usize].get_or_insert(i);
            }
        }
        idx
    }
}

/// One sample's FORMAT keys and values, with the record number for errors.
struct SampleFields<'a> {
    ctx: &'a RecordContext,
    keys: &'a [&'a str],
    idx: &'a FormatIdx,
    vals: &'a [&'a str],
    record_no: u64,
}

/// A FORMAT list of numbers (`.` entries are None); an unparsable entry is an error naming the field.
fn list<T>(s: &str, parse: fn(&str) -> Option<T>, what: &str, err: impl Fn(String) -> Error) -> Result<Nums<T>> {
    let mut out = Nums::new();
    for x in crate::text::split_short(s, b',') {
        out.push(match x {
            "." => None,
            _ => Some(parse(x).ok_or_else(|| err(format!("'{}' is not {what}", clip(s))))?),
        });
    }
    Ok(out)
}

impl<'a> SampleFields<'a> {
    fn has(&self, k: Key) -> bool {
        self.idx.at[k as usize].is_some()
    }

    fn get(&self, k: Key) -> Option<&'a str> {
        self.idx.at[k as usize]
            .and_then(|i| self.vals.get(usize::from(i)).copied())
            .filter(|v| *v != ".")
    }

    /// A key not known in advance (`--vaf-tag`, `--depth-tag`).
    fn get_named(&self, k: &str) -> Option<&'a str> {
        self.keys
            .iter()
            .position(|x| crate::text::eq_key(x, k))
            .and_then(|i| self.vals.get(i).copied())
            .filter(|v| *v != ".")
    }

    fn field_err(&self, k: Key, r: String) -> Error {
        self.ctx.err(self.record_no, Some(&format!("FORMAT/{}", k.name())), r)
    }

    fn ints(&self, k: Key) -> Result<Option<Nums<u32>>> {
        self.get(k)
            .map(|s| list(s, parse_count, "a count", |r| self.field_err(k, r)))
            .transpose()
    }

    fn floats(&self, k: Key) -> Result<Option<Nums<f64>>> {
        self.get(k)
            .map(|s| list(s, parse_fraction, "a number", |r| self.field_err(k, r)))
            .transpose()
    }

    fn first_int(&self, k: Key) -> Result<Option<u32>> {
        Ok(self.ints(k)?.and_then(|v| v.first().copied().flatten()))
    }
}

/// One sample's columns of a record: the FORMAT keys, where the known ones sit, the values.
#[derive(Clone, Copy)]
pub(super) struct SampleColumns<'a> {
    pub(crate) keys: &'a [&'a str],
    pub(crate) idx: &'a FormatIdx,
    pub(crate) vals: &'a [&'a str],
}

/// A sample with no columns (sites-only file, or no tumour column).
pub(super) const NO_COLUMNS: SampleColumns<'static> = SampleColumns {
    keys: &[],
    idx: &FormatIdx {
        at: [None; Key::ALL.len()],
    },
    vals: &[],
};

/// Where the ALT allele sits in the record and how many ALTs it has.
#[derive(Clone, Copy)]
pub(super) struct Allele<'a> {
    alt: &'a str,
    alt_index: usize,
    n_alts: usize,
    is_snv: bool,
}

impl<'a> Allele<'a> {
    pub(super) fn new(ref_allele: &str, alt: &'a str, alt_index: usize, n_alts: usize) -> Allele<'a> {
        Allele {
            alt,
            alt_index,
            n_alts,
            is_snv: ref_allele.len() == 1 && alt.len() == 1,
        }
    }
}

impl RecordContext {
    /// One sample's depth and VAF for one ALT allele; `info` for the tumour (INFO-level tags).
    pub(super) fn depth(
        &self,
        cols: SampleColumns<'_>,
        info: Option<&Info<'_>>,
        a: Allele<'_>,
        record_no: u64,
        stats: &mut RecordStats,
    ) -> Result<SampleDepth> {
        let f = SampleFields {
            ctx: self,
            keys: cols.keys,
            idx: cols.idx,
            vals: cols.vals,
            record_no,
        };
        let (alt, alt_index) = (a.alt, a.alt_index);
        let dp = f.first_int(Key::Dp)?;
        let mut d = if f.has(Key::Au) && f.has(Key::Tu) && a.is_snv {
            strelka_snv(&f, dp, alt)?
        } else if f.has(Key::Tir) && f.has(Key::Tar) {
            strelka_indel(&f, dp)?
        } else if f.has(Key::Freq) {
            varscan(&f, dp)?
        } else {
            generic(&f, dp, a, stats)?
        };
        self.custom_tags(&f, info, alt_index, &mut d)?;
        if let Some(info) = info {
            self.info_tvaf_tdp(info, alt_index, record_no, &mut d)?;
        }
        if let Some(v) = d.vaf {
            if !(0.0..=1.0).contains(&v) || v.is_nan() {
                return Err(self.err(record_no, None, format!("allele fraction {v} is outside 0–1")));
            }
        }
        Ok(d)
    }

    /// Custom tags: explicit options win over what was found.
    fn custom_tags(
        &self,
        f: &SampleFields<'_>,
        info: Option<&Info<'_>>,
        alt_index: usize,
        d: &mut SampleDepth,
    ) -> Result<()> {
        let tag_val = |tag: &str| {
            f.get_named(tag)
                .or_else(|| info.and_then(|i| i.get(tag)))
                .filter(|v| *v != "." && !v.is_empty())
        };
        if let Some(tag) = &self.vaf_tag {
            if let Some(s) = tag_val(tag) {
                let x = pick_number(s, alt_index);
                d.vaf = Some(
                    parse_fraction(x)
                        .ok_or_else(|| self.err(f.record_no, Some(tag), format!("'{}' is not a VAF", clip(s))))?,
                );
            }
        }
        if let Some(tag) = &self.depth_tag {
            if let Some(s) = tag_val(tag) {
                let x = s.split(',').next().unwrap_or(s);
                d.depth = Some(
                    parse_count(x)
                        .ok_or_else(|| self.err(f.record_no, Some(tag), format!("'{}' is not a depth", clip(s))))?,
                );
            }
        }
        Ok(())
    }

    /// Without custom tags, INFO `TVAF`/`TDP` fill what the sample did not give.
    fn info_tvaf_tdp(&self, info: &Info<'_>, alt_index: usize, record_no: u64, d: &mut SampleDepth) -> Result<()> {
        if d.vaf.is_none() && self.vaf_tag.is_none() {
            if let Some(s) = info.known(InfoKey::Tvaf).filter(|v| *v != ".") {
                d.vaf =
                    Some(parse_fraction(pick_number(s, alt_index)).ok_or_else(|| {
                        self.err(record_no, Some("INFO/TVAF"), format!("'{}' is not a VAF", clip(s)))
                    })?);
            }
        }
        if d.depth.is_none() && self.depth_tag.is_none() {
            if let Some(s) = info.known(InfoKey::Tdp).filter(|v| *v != ".") {
                d.depth =
                    Some(parse_count(s).ok_or_else(|| {
                        self.err(record_no, Some("INFO/TDP"), format!("'{}' is not a depth", clip(s)))
                    })?);
            }
        }
        Ok(())
    }
}

fn pick_number(s: &str, alt_index: usize) -> &str {
    s.split(',')
        .nth(alt_index - 1)
        .or_else(|| s.split(',').next())
        .unwrap_or(s)
}

/// Strelka2 SNV tiers: alt = count of the ALT base, VAF = alt / sum of the four counts.
fn strelka_snv(f: &SampleFields<'_>, dp: Option<u32>, alt: &str) -> Result<SampleDepth> {
    let mut total: Option<u32> = Some(0);
    let mut alt_count = None;
    for (base, key) in [("A", Key::Au), ("C", Key::Cu), ("G", Key::Gu), ("T", Key::Tu)] {
        let c = f.first_int(key)?;
        total = match (total, c) {
            (Some(t), Some(c)) => Some(t + c),
            _ => None,
        };
        if alt.eq_ignore_ascii_case(base) {
            alt_count = c;
        }
    }
    Ok(SampleDepth {
        depth: dp,
        alt_depth: alt_count,
        vaf: match (alt_count, total) {
            (Some(a), Some(t)) if t > 0 => Some(a as f64 / t as f64),
            _ => None,
        },
    })
}

/// Strelka2 indels: VAF = TIR / (TAR + TIR).
fn strelka_indel(f: &SampleFields<'_>, dp: Option<u32>) -> Result<SampleDepth> {
    let tir = f.first_int(Key::Tir)?;
    let tar = f.first_int(Key::Tar)?;
    Ok(SampleDepth {
        depth: dp,
        alt_depth: tir,
        vaf: match (tir, tar) {
            (Some(a), Some(r)) if a + r > 0 => Some(a as f64 / (a + r) as f64),
            _ => None,
        },
    })
}

/// VarScan2: `FREQ` (a percentage), `AD` = alt reads, `RD` = ref reads.
fn varscan(f: &SampleFields<'_>, dp: Option<u32>) -> Result<SampleDepth> {
    let alt_depth = f.first_int(Key::Ad)?;
    let mut vaf = f.floats(Key::Freq)?.and_then(|v| v.first().copied().flatten());
    if vaf.is_none() {
        let rd = f.first_int(Key::Rd)?;
        vaf = ratio(alt_depth, rd.zip(alt_depth).map(|(r, a)| r + a));
    }
    Ok(SampleDepth {
        depth: dp,
        alt_depth,
        vaf,
    })
}

/// AD is Number=R (one count per allele, REF first); a count list of one per ALT is read too
/// (older callers). Any other length is not read at all (and counted): `(AD, mismatch)`.
fn ad_counts(f: &SampleFields<'_>, n_alts: usize, stats: &mut RecordStats) -> Result<(Option<Nums<u32>>, bool)> {
    Ok(match f.ints(Key::Ad)? {
        Some(v) if v.len() != n_alts + 1 && v.len() != n_alts => {
            stats.note(f.record_no, "AD", v.len(), n_alts, "R");
            (None, true)
        }
        other => (other, false),
    })
}

/// SomaticSniper / bam-readcount style: BCOUNT = A,C,G,T counts; DP4 = ref-fwd, ref-rev, alt-fwd, alt-rev.
fn sniper_counts(f: &SampleFields<'_>, a: Allele<'_>, d: &mut SampleDepth) -> Result<()> {
    if let (Some(b), true) = (f.ints(Key::Bcount)?, a.is_snv) {
        let idx = "ACGT".find(a.alt.to_ascii_uppercase().as_str());
        if let (Some(i), 4) = (idx, b.len()) {
            d.alt_depth = b[i];
            let sum = b.iter().try_fold(0u32, |acc, x| x.map(|x| acc + x));
            d.vaf = ratio(d.alt_depth, sum);
        }
    } else if let Some(dp4) = f.ints(Key::Dp4)?.filter(|v| v.len() == 4 && a.n_alts == 1) {
        if let (Some(x), Some(y)) = (dp4[2], dp4[3]) {
            d.alt_depth = Some(x + y);
            let sum = dp4.iter().try_fold(0u32, |acc, x| x.map(|x| acc + x));
            d.vaf = ratio(d.alt_depth, sum);
        }
    }
    Ok(())
}

/// AF/FA are Number=A; some callers (RADIA) write one value per allele including REF. A list of
/// any other length is skipped (and counted): `(values, mismatch)`.
fn allele_fractions(f: &SampleFields<'_>, n_alts: usize, stats: &mut RecordStats) -> Result<(Option<Nums<f64>>, bool)> {
    let mut mismatch = false;
    for key in [Key::Af, Key::Fa] {
        match f.floats(key)? {
            Some(v) if v.len() != n_alts && v.len() != n_alts + 1 => {
                stats.note(f.record_no, key.name(), v.len(), n_alts, "A");
                mismatch = true;
            }
            Some(v) => return Ok((Some(v), mismatch)),
            None => {}
        }
    }
    Ok((None, mismatch))
}

/// GATK Mutect2 / DRAGEN / VarDict / MuTect1 / SomaticSniper: AD (or VD, BCOUNT, DP4) counts,
/// AF/FA fractions, VAF from the counts when no fraction is given.
fn generic(f: &SampleFields<'_>, dp: Option<u32>, a: Allele<'_>, stats: &mut RecordStats) -> Result<SampleDepth> {
    let (n_alts, alt_index) = (a.n_alts, a.alt_index);
    let mut d = SampleDepth::default();
    let (ad, ad_mismatch) = ad_counts(f, n_alts, stats)?;
    let ad_total: Option<u32> = ad
        .as_ref()
        .and_then(|v| v.iter().try_fold(0u32, |acc, x| x.map(|x| acc + x)));
    if let Some(ad) = &ad {
        if ad.len() == n_alts + 1 {
            d.alt_depth = ad.get(alt_index).copied().flatten();
        } else if ad.len() == n_alts {
            d.alt_depth = ad.get(alt_index - 1).copied().flatten();
        }
    }
    if d.alt_depth.is_none() {
        // VarDict VD: variant depth of the (single) ALT.
        d.alt_depth = f.first_int(Key::Vd)?;
    }
    d.depth = dp.or(ad_total.filter(|_| ad.as_ref().is_some_and(|a| a.len() == n_alts + 1)));
    if d.alt_depth.is_none() {
        sniper_counts(f, a, &mut d)?;
    }
    let (mut af, af_mismatch) = allele_fractions(f, n_alts, stats)?;
    let mismatch = ad_mismatch || af_mismatch;
    if mismatch {
        // The sample's per-allele values do not fit the record: nothing allele-specific
        // of it is trusted (depth from DP stays).
        d.depth = dp;
        d.alt_depth = None;
        d.vaf = None;
        af = None;
    }
    // AF is Number=A for GATK; some callers (RADIA) write one value per allele including REF.
    let af_index = if af.as_ref().is_some_and(|v| v.len() == n_alts + 1 && n_alts + 1 > 1) {
        alt_index
    } else {
        alt_index - 1
    };
    if let Some(v) = af.and_then(|v| v.get(af_index).copied().flatten()) {
        d.vaf = Some(v);
    }
    if d.vaf.is_none() && !mismatch {
        let full_ad = ad.as_ref().is_some_and(|a| a.len() == n_alts + 1) && ad_total.is_some();
        let denom = if full_ad { ad_total } else { d.depth };
        d.vaf = ratio(d.alt_depth, denom);
    }
    Ok(d)
}

fn ratio(num: Option<u32>, den: Option<u32>) -> Option<f64> {
    match (num, den) {
        (Some(a), Some(d)) if d > 0 && a <= d => Some(a as f64 / d as f64),
        _ => None,
    }
}

fn parse_count(s: &str) -> Option<u32> {
    // The usual case, a few ASCII digits, without the Unicode-aware trim and the generic parse.
    let b = s.as_bytes();
    if !b.is_empty() && b.len() <= 9 && b.iter().all(u8::is_ascii_digit) {
        return Some(b.iter().fold(0u32, |n, d| n * 10 + u32::from(d - b'0')));
    }
    parse_count_general(s)
}

/// [`parse_count`] for any text: trimmed, then an integer or an integral float.
fn parse_count_general(s: &str) -> Option<u32> {
    s.trim().parse::<u32>().ok().or_else(|| {
        // Some tools write integral floats ("12.0").
        let f: f64 = s.trim().parse().ok()?;
        (f >= 0.0 && f.fract() == 0.0 && f <= u32::MAX as f64).then_some(f as u32)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_is_found_by_its_name_and_no_other() {
        for k in Key::ALL {
            assert_eq!(Key::of(k.name()), Some(k));
            assert_eq!(Key::of(&k.name().to_ascii_lowercase()), None);
        }
        for other in ["", "D", "DPX", "GT", "SB", "F1R2", "AD ", " DP"] {
            assert_eq!(Key::of(other), None, "{other:?}");
        }
        let idx = FormatIdx::new(&["GT", "AD", "AF", "DP", "AD"]);
        assert_eq!(idx.at[Key::Ad as usize], Some(1), "the first AD counts");
        assert_eq!(idx.at[Key::Dp as usize], Some(3));
        assert_eq!(idx.at[Key::Tir as usize], None);
    }

    #[test]
    fn counts_parse_the_same_on_the_fast_path_and_the_general_one() {
        for s in [
            "0",
            "7",
            "007",
            "45",
            "999999999",
            "1000000000",
            "4294967295",
            "4294967296",
            "12.0",
            "12.5",
            " 3",
            "+5",
            "-1",
            "",
            ".",
            "1e3",
            "٣",
        ] {
            assert_eq!(parse_count(s), parse_count_general(s), "{s:?}");
        }
        assert_eq!(parse_count("999999999"), Some(999_999_999));
        assert_eq!(parse_count("0045"), Some(45));
    }
}
