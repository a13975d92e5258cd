//! One VCF data line → one `Variant` per ALT allele, with the tumour's (and
//! normal's) depth and VAF read the way each caller writes them.
//!
//! Depth/VAF conventions (per ALT allele, tier 1 where the caller has tiers):
//! - GATK Mutect2 / DRAGEN / VarDict: FORMAT `AD` (ref, alt…), `AF` (per ALT), `DP`; MuTect1 `FA`.
//! - Strelka2 SNVs: `AU/CU/GU/TU` tier-1 counts; alt = count of the ALT base, VAF = alt / sum of the
//!   four counts, depth = FORMAT `DP`.
//! - Strelka2 indels: `TAR`/`TIR` tier 1; VAF = TIR / (TAR + TIR), depth = FORMAT `DP`.
//! - VarScan2: `FREQ` (a percentage), `AD` = alt reads, `RD` = ref reads, `DP`.
//! - Custom tags (`--vaf-tag`, `--depth-tag`): FORMAT of the tumour sample first, then INFO; without
//!   them, when the sample has nothing usable, INFO `TVAF`/`TDP` are tried. Alt reads are not derived
//!   from VAF × depth: a count the file does not give stays `None`.
//!
//! A value the file does not give is `None`, never 0.

use super::depth::{Allele, FormatIdx, SampleColumns, NO_COLUMNS};
use super::fields::{clip, Info, InfoKey, RecordContext, RecordStats};
use crate::error::Result;
use crate::model::{CallerRepeat, Variant};
use crate::text::Fields;

/// The columns of one data line, borrowed from the line.
#[derive(Debug, Clone)]
pub struct RawRecord<'a> {
    pub chrom: &'a str,
    pub pos: u64,
    pub ref_allele: &'a str,
    pub alts: Fields<'a, 4>,
    pub filter: &'a str,
    pub info: &'a str,
    pub format: Option<&'a str>,
    pub samples: Fields<'a, 4>,
}

impl RecordContext {
    /// Split a data line into its columns and check the fixed ones.
    pub fn split<'a>(&self, line: &'a str, record_no: u64) -> Result<RawRecord<'a>> {
        let line = line.strip_suffix('\r').unwrap_or(line);
        let mut cols = Columns { rest: Some(line), n: 0 };
        let mut next = |name: &str| {
            cols.next().ok_or_else(|| {
                self.err(
                    record_no,
                    None,
                    format!("missing column {name} (is the line tab-separated?)"),
                )
            })
        };
        let chrom = next("CHROM")?;
        let pos_s = next("POS")?;
        let _id = next("ID")?;
        let ref_allele = next("REF")?;
        let alt = next("ALT")?;
        let qual = next("QUAL")?;
        let filter = next("FILTER")?;
        let info = next("INFO")?;
        if chrom.is_empty() || chrom.contains(|c: char| c.is_whitespace()) {
            return Err(self.err(record_no, Some("CHROM"), "empty or contains white space"));
        }
        let pos = parse_pos(pos_s)
            .ok_or_else(|| self.err(record_no, Some("POS"), format!("'{}' is not a position", clip(pos_s))))?;
        if pos > MAX_POS {
            return Err(self.err(
                record_no,
                Some("POS"),
                format!("{pos} is beyond the largest position a VCF can hold ({MAX_POS})"),
            ));
        }
        if qual != "." && qual.parse::<f64>().is_err() {
            return Err(self.err(
                record_no,
                Some("QUAL"),
                format!("'{}' is not a number or '.'", clip(qual)),
            ));
        }
        if ref_allele.is_empty()
            || !ref_allele
                .bytes()
                .all(|b| matches!(b.to_ascii_uppercase(), b'A' | b'C' | b'G' | b'T' | b'N'))
        {
            return Err(self.err(
                record_no,
                Some("REF"),
                format!("'{}' is not a base sequence", clip(ref_allele)),
            ));
        }
        let alts: Fields<'_, 4> = crate::text::split_short(alt, b',').collect();
        for a in &alts {
            if a.is_empty() {
                return Err(self.err(record_no, Some("ALT"), "empty allele"));
            }
        }
        let format = cols.next();
        let samples: Fields<'_, 4> = cols.collect();
        Ok(RawRecord {
            chrom,
            pos,
            ref_allele,
            alts,
            filter,
            info,
            format,
            samples,
        })
    }

    /// The variants of one record (one per real ALT allele; `.` and `*` are skipped).
    pub fn variants(&self, r: &RawRecord<'_>, record_no: u64, n_samples: usize) -> Result<Vec<Variant>> {
        self.variants_counted(r, record_no, n_samples, &mut RecordStats::default())
    }

    /// [`RecordContext::variants`], counting into `stats` the per-allele FORMAT fields (Number=A/R:
    /// `AD`, `AF`, `FA`) whose value count does not fit the record's ALT count. Such a field is not
    /// read at all: the sample's alt depth and VAF from it stay `None`.
    pub fn variants_counted(
        &self,
        r: &RawRecord<'_>,
        record_no: u64,
        n_samples: usize,
        stats: &mut RecordStats,
    ) -> Result<Vec<Variant>> {
        self.variants_with_info(r, &Info::new(r.info), record_no, n_samples, stats)
    }

    /// [`RecordContext::variants_counted`] with the record's INFO already split (`Info::new` of
    /// `r.info`), so that the annotation reader can take its value from the same pass.
    pub(crate) fn variants_with_info<'a>(
        &self,
        r: &RawRecord<'a>,
        info: &Info<'_>,
        record_no: u64,
        n_samples: usize,
        stats: &mut RecordStats,
    ) -> Result<Vec<Variant>> {
        if r.samples.len() != n_samples {
            return Err(self.err(
                record_no,
                None,
                format!("{} sample columns, but the header names {}", r.samples.len(), n_samples),
            ));
        }
        let mut filters: Vec<String> = if r.filter == "." {
            vec![]
        } else {
            crate::text::split_short(r.filter, b';').map(str::to_string).collect()
        };
        // Split into lists declared here (a returned or `Option`-wrapped list is copied whole).
        let (mut fmt_keys, mut tumor_buf, mut normal_buf): (Fields<'_, 16>, Fields<'_, 16>, Fields<'_, 16>) =
            Default::default();
        if let Some(f) = r.format {
            crate::text::split_short_into(f, b':', &mut fmt_keys);
        }
        let sample = |i: Option<usize>, buf: &mut Fields<'a, 16>| {
            i.map(|i| crate::text::split_short_into(r.samples[i], b':', buf))
                .is_some()
        };
        let tumor_vals: Option<&[&str]> = sample(self.tumor, &mut tumor_buf).then_some(&tumor_buf[..]);
        let normal_vals: Option<&[&str]> = sample(self.normal, &mut normal_buf).then_some(&normal_buf[..]);
        for (vals, which) in [(tumor_vals, "tumour"), (normal_vals, "normal")] {
            if let Some(v) = vals {
                if v.len() > fmt_keys.len() && !(v.len() == 1 && v[0] == ".") {
                    return Err(self.err(
                        record_no,
                        Some("FORMAT"),
                        format!(
                            "{which} sample has {} values but FORMAT lists {} keys",
                            v.len(),
                            fmt_keys.len()
                        ),
                    ));
                }
            }
        }
        let fmt_idx = FormatIdx::new(&fmt_keys);
        fn cols<'a>(keys: &'a [&'a str], idx: &'a FormatIdx, vals: Option<&'a [&'a str]>) -> Option<SampleColumns<'a>> {
            vals.map(|vals| SampleColumns { keys, idx, vals })
        }
        let tumor_cols = cols(&fmt_keys, &fmt_idx, tumor_vals).unwrap_or(NO_COLUMNS);
        let normal_cols = cols(&fmt_keys, &fmt_idx, normal_vals);
        let somatic_flag = somatic_status(info);
        let mut repeat = self.repeat(info, record_no)?;
        let n_alts = r.alts.len();
        let mut out = Vec::with_capacity(n_alts);
        let first_real = r.alts.iter().position(|a| *a != "." && *a != "*").unwrap_or(0);
        let last_real = r.alts.iter().rposition(|a| *a != "." && *a != "*").unwrap_or(0);
        for (i, alt) in r.alts.iter().enumerate() {
            if *alt == "." || *alt == "*" {
                continue;
            }
            let alt_index = i + 1;
            // Count mismatches once per sample and record, not once per allele.
            let mut seen = RecordStats::default();
            let st = if i == first_real { &mut *stats } else { &mut seen };
            let allele = Allele::new(r.ref_allele, alt, alt_index, n_alts);
            let tumor = self.depth(tumor_cols, Some(info), allele, record_no, st)?;
            let normal = match normal_cols {
                Some(c) => Some(self.depth(c, None, allele, record_no, st)?),
                None => None,
            };
            let (ref_allele, alt_allele) = trim_suffix(r.ref_allele, alt);
            out.push(Variant {
                chrom: r.chrom.to_string(),
                pos: r.pos,
                ref_allele: ref_allele.to_ascii_uppercase(),
                alt: alt_allele.to_ascii_uppercase(),
                alt_index,
                record_no,
                // The last allele takes the record's values; the others copy them.
                filters: if i == last_real {
                    std::mem::take(&mut filters)
                } else {
                    filters.clone()
                },
                tumor,
                normal,
                somatic_flag,
                repeat: if i == last_real {
                    std::mem::take(&mut repeat)
                } else {
                    repeat.clone()
                },
                annotation: None,
            });
        }
        Ok(out)
    }

    fn repeat(&self, info: &Info<'_>, record_no: u64) -> Result<CallerRepeat> {
        if !self.repeat_fields {
            return Ok(CallerRepeat::default());
        }
        let unit = info
            .known(InfoKey::Ru)
            .filter(|s| !s.is_empty() && *s != ".")
            .map(str::to_string);
        // Mutect2 RPA is Number=R (ref count first); Strelka2 RC is the ref count.
        let count_s = info.known(InfoKey::Rpa).or_else(|| info.known(InfoKey::Rc));
        let ref_count = match count_s.and_then(|s| s.split(',').next()) {
            Some(".") | None => None,
            Some(c) => Some(
                c.parse::<u32>()
                    .map_err(|_| self.err(record_no, Some("INFO/RPA"), format!("'{}' is not a count", clip(c))))?,
            ),
        };
        Ok(CallerRepeat {
            is_str: info.known(InfoKey::Str).is_some() || unit.is_some(),
            unit,
            ref_count,
            known: true,
        })
    }
}

/// The tab-separated columns of a data line (`line.split('\t')`): a byte loop for the seven short
/// fixed columns (CHROM to FILTER, a few bytes each, where a `memchr` call costs more than it
/// saves), `memchr` from INFO on (hundreds of bytes with an annotation).
struct Columns<'a> {
    rest: Option<&'a str>,
    /// Columns returned so far.
    n: usize,
}

impl<'a> Iterator for Columns<'a> {
    type Item = &'a str;

    #[inline]
    fn next(&mut self) -> Option<&'a str> {
        let s = self.rest?;
        let at = if self.n < 7 {
            s.bytes().position(|b| b == b'\t')
        } else {
            memchr::memchr(b'\t', s.as_bytes())
        };
        self.n += 1;
        match at {
            // A tab is ASCII: both sides are on char boundaries.
            Some(i) => {
                self.rest = s.get(i + 1..);
                s.get(..i)
            }
            None => {
                self.rest = None;
                Some(s)
            }
        }
    }
}

/// Largest POS a VCF/BCF can hold (BCF stores it as a signed 32-bit integer).
pub(crate) const MAX_POS: u64 = (1 << 31) - 1;

/// POS: digits only (no sign); the caller checks the range 0 to 2^31-1. (0 and N+1 mark telomeres in the VCF spec.)
fn parse_pos(s: &str) -> Option<u64> {
    if s.is_empty() || s.len() > 10 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse::<u64>().ok()
}

/// Trim the common suffix of a split allele pair (keeping ≥ 1 base each):
/// `ATT`/`AT` from a multi-allelic record becomes `AT`/`A`.
fn trim_suffix<'a>(r: &'a str, a: &'a str) -> (&'a str, &'a str) {
    if a.starts_with('<') || a.contains('[') || a.contains(']') {
        return (r, a);
    }
    let (rb, ab) = (r.as_bytes(), a.as_bytes());
    let mut n = 0;
    while n + 1 < rb.len() && n + 1 < ab.len() && rb[rb.len() - 1 - n].eq_ignore_ascii_case(&ab[ab.len() - 1 - n]) {
        n += 1;
    }
    (&r[..r.len() - n], &a[..a.len() - n])
}

/// Somatic status the caller states: INFO `SOMATIC` flag, VarScan `SS` (2 somatic, 1 germline,
/// 3 LOH), VarDict `STATUS`.
fn somatic_status(info: &Info<'_>) -> Option<bool> {
    if let Some(ss) = info.known(InfoKey::Ss) {
        return match ss {
            "2" => Some(true),
            "1" | "3" => Some(false),
            _ => None,
        };
    }
    if let Some(st) = info.known(InfoKey::Status) {
        let l = st.to_ascii_lowercase();
        if l.contains("somatic") {
            return Some(true);
        }
        if l.contains("germline") || l.contains("loh") {
            return Some(false);
        }
    }
    if info.known(InfoKey::Somatic).is_some() {
        return Some(true);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::SampleDepth;

    fn ctx(tumor: Option<usize>, normal: Option<usize>) -> RecordContext {
        RecordContext {
            file: "t.vcf".into(),
            tumor,
            normal,
            vaf_tag: None,
            depth_tag: None,
            repeat_fields: true,
            header_lines: Some(10),
        }
    }

    fn one(line: &str, c: &RecordContext, n: usize) -> Vec<Variant> {
        let r = c.split(line, 1).unwrap();
        c.variants(&r, 1, n).unwrap()
    }

    #[test]
    fn gatk_ad_af_multiallelic() {
        let c = ctx(Some(1), Some(0));
        let v = one("chr1\t100\t.\tATT\tA,AT\t.\tPASS\tSTR;RU=T;RPA=5,3,4\tGT:AD:AF:DP\t0/0:30,0,0:0,0:30\t0/1/2:50,20,10:0.25,0.125:80", &c, 2);
        assert_eq!(v.len(), 2);
        assert_eq!((v[0].ref_allele.as_str(), v[0].alt.as_str()), ("ATT", "A"));
        assert_eq!((v[1].ref_allele.as_str(), v[1].alt.as_str()), ("AT", "A"));
        assert_eq!(
            v[0].tumor,
            SampleDepth {
                depth: Some(80),
                alt_depth: Some(20),
                vaf: Some(0.25)
            }
        );
        assert_eq!(v[1].tumor.alt_depth, Some(10));
        assert_eq!(v[1].normal.as_ref().unwrap().depth, Some(30));
        assert_eq!(v[0].repeat.unit.as_deref(), Some("T"));
        assert_eq!(v[0].repeat.ref_count, Some(5));
    }

    #[test]
    fn strelka_snv_and_indel() {
        let c = ctx(Some(1), Some(0));
        let v = one("1\t35944648\t.\tG\tA\t.\tPASS\tSOMATIC\tDP:FDP:SDP:SUBDP:AU:CU:GU:TU\t78:0:0:0:0,0:0,0:78,78:0,0\t58:0:0:0:56,57:0,0:2,2:0,0", &c, 2);
        assert_eq!(v[0].tumor.depth, Some(58));
        assert_eq!(v[0].tumor.alt_depth, Some(56));
        assert!((v[0].tumor.vaf.unwrap() - 56.0 / 58.0).abs() < 1e-12);
        assert_eq!(v[0].somatic_flag, Some(true));
        let v = one("1\t100\t.\tAT\tA\t.\tPASS\tSOMATIC;RU=T;RC=7;IC=6\tDP:DP2:TAR:TIR:TOR\t40:40:40,41:0,0:0,0\t50:50:30,31:15,16:5,5", &c, 2);
        assert_eq!(
            v[0].tumor,
            SampleDepth {
                depth: Some(50),
                alt_depth: Some(15),
                vaf: Some(15.0 / 45.0)
            }
        );
        assert_eq!(v[0].repeat.ref_count, Some(7));
    }

    #[test]
    fn varscan_freq_percent() {
        let c = ctx(Some(1), Some(0));
        let v = one("1\t1991014\t.\tA\tG\t.\tPASS\tDP=208;SS=2\tGT:GQ:DP:RD:AD:FREQ:DP4\t0/0:.:117:117:0:0%:1,2,3,4\t0/1:.:91:56:35:38.46%:31,25,16,19", &c, 2);
        assert_eq!(v[0].tumor.depth, Some(91));
        assert_eq!(v[0].tumor.alt_depth, Some(35));
        assert!((v[0].tumor.vaf.unwrap() - 0.3846).abs() < 1e-12);
        assert_eq!(v[0].somatic_flag, Some(true));
    }

    #[test]
    fn info_custom_tags_and_missing_values() {
        let c = ctx(Some(0), None);
        let v = one("1\t10\t.\tC\tT\t.\tPASS\tTDP=120;TVAF=0.1\tGT\t0/1", &c, 1);
        assert_eq!(
            v[0].tumor,
            SampleDepth {
                depth: Some(120),
                alt_depth: None,
                vaf: Some(0.1)
            }
        );
        let v = one("1\t10\t.\tC\tT\t.\tPASS\t.\tGT\t0/1", &c, 1);
        assert_eq!(v[0].tumor, SampleDepth::default());
        let mut c2 = ctx(Some(0), None);
        c2.vaf_tag = Some("MYVAF".into());
        c2.depth_tag = Some("MYDP".into());
        let v = one("1\t10\t.\tC\tT\t.\tPASS\tMYDP=50\tGT:MYVAF\t0/1:0.2", &c2, 1);
        assert_eq!(
            v[0].tumor,
            SampleDepth {
                depth: Some(50),
                alt_depth: None,
                vaf: Some(0.2)
            }
        );
    }

    #[test]
    fn errors_name_record_and_field() {
        let c = ctx(Some(0), None);
        let e = c.split("1\tabc\t.\tC\tT\t.\tPASS\t.", 3).unwrap_err().to_string();
        assert_eq!(e, "t.vcf: record 3 (line 13): field POS: 'abc' is not a position");
        let r = c.split("1\t5\t.\tC\tT\t.\tPASS\t.\tGT:AD\t0/1:x,3", 2).unwrap();
        let e = c.variants(&r, 2, 1).unwrap_err().to_string();
        assert!(e.contains("record 2") && e.contains("FORMAT/AD"), "{e}");
        let r = c.split("1\t5\t.\tC\tT\t.\tPASS\t.\tGT\t0/1\t0/1", 2).unwrap();
        assert!(c
            .variants(&r, 2, 1)
            .unwrap_err()
            .to_string()
            .contains("2 sample columns"));
    }

    #[test]
    fn columns_are_split_on_tabs() {
        for line in [
            "",
            "a",
            "1\t2\t3\t4\t5\t6\t7\t8\t9\t10\t11",
            "1\t\t\t\t\t\t\t\t\t",
            "chr1\t5\t.\tC\tT\t.\tPASS\tDP=5;CSQ=x|y\tGT:AD\t0/1:3,4\t0/0:9,0\t",
            "é\tü\t\tß",
        ] {
            let got: Vec<&str> = Columns { rest: Some(line), n: 0 }.collect();
            assert_eq!(got, line.split('\t').collect::<Vec<_>>(), "{line:?}");
        }
    }

    #[test]
    fn pos_and_qual_are_checked() {
        let c = ctx(Some(0), None);
        for (pos, ok) in [
            ("0", true),
            ("1", true),
            ("2147483647", true),
            ("+5", false),
            ("-1", false),
            ("2147483648", false),
            ("99999999999999999999", false),
            ("", false),
        ] {
            let line = format!("1\t{pos}\t.\tC\tT\t.\tPASS\t.");
            let r = c.split(&line, 1);
            assert_eq!(r.is_ok(), ok, "POS {pos}: {:?}", r.err().map(|e| e.to_string()));
            if let Err(e) = r {
                assert!(e.to_string().contains("field POS"), "{e}");
            }
        }
        for (q, ok) in [
            (".", true),
            ("30", true),
            ("1e3", true),
            ("0.5", true),
            ("abc", false),
            ("", false),
            ("3O", false),
        ] {
            let line = format!("1\t5\t.\tC\tT\t{q}\tPASS\t.");
            let r = c.split(&line, 1);
            assert_eq!(r.is_ok(), ok, "QUAL {q}");
            if let Err(e) = r {
                assert!(e.to_string().contains("field QUAL"), "{e}");
            }
        }
    }

    #[test]
    fn per_allele_count_mismatch_gives_null_and_is_counted() {
        let c = ctx(Some(0), None);
        let run = |line: &str| {
            let r = c.split(line, 4).unwrap();
            let mut st = RecordStats::default();
            let v = c.variants_counted(&r, 4, 1, &mut st).unwrap();
            (v, st)
        };
        // Three AF values for one ALT: no VAF (not the first value), counted once.
        let (v, st) = run("1\t5\t.\tC\tT\t.\tPASS\t.\tGT:AD:AF:DP\t0/1:30,10:0.25,0.5,0.75:40");
        assert_eq!(
            v[0].tumor,
            SampleDepth {
                depth: Some(40),
                alt_depth: None,
                vaf: None
            }
        );
        assert_eq!(st.per_allele_count_mismatches, 1);
        assert_eq!(
            st.first_mismatch.as_deref(),
            Some("record 4: FORMAT/AF has 3 values for 1 ALT allele (Number=A)")
        );
        // AD with three counts for one ALT.
        let (v, st) = run("1\t5\t.\tC\tT\t.\tPASS\t.\tGT:AD:DP\t0/1:30,10,5:45");
        assert_eq!(
            v[0].tumor,
            SampleDepth {
                depth: Some(45),
                alt_depth: None,
                vaf: None
            }
        );
        assert_eq!(st.per_allele_count_mismatches, 1);
        // Two ALTs, AD with two values (one too few for Number=R is still read as per-ALT), AF with one.
        let (v, st) = run("1\t5\t.\tC\tT,G\t.\tPASS\t.\tGT:AD:AF:DP\t0/1:10,5:0.2:40");
        assert_eq!(v.len(), 2);
        assert!(v.iter().all(|v| v.tumor.vaf.is_none() && v.tumor.alt_depth.is_none()));
        assert_eq!(st.per_allele_count_mismatches, 1, "once per record, not per allele");
        // Right counts: nothing counted.
        let (v, st) = run("1\t5\t.\tC\tT\t.\tPASS\t.\tGT:AD:AF:DP\t0/1:30,10:0.25:40");
        assert_eq!(v[0].tumor.vaf, Some(0.25));
        assert_eq!(st, RecordStats::default());
    }
}
