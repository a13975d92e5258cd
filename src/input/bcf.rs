//! A bounded BCF 2.1/2.2 record decoder.
//!
//! Each record is rendered as the VCF text line the record parser reads, so one parser serves
//! every format. Everything a record says is checked against the record's own length and the
//! header before it is used: lengths and counts must fit inside the record, every contig, FILTER,
//! INFO and FORMAT dictionary index must be defined by the header (with the right kind), and the
//! sample count must be the header's. Nothing is allocated from a size the file states without
//! that size having been checked first; the rendered line is bounded too.
//!
//! Layout (BCF2.2): `l_shared` u32, `l_indiv` u32, then the shared part (CHROM i32, POS i32
//! 0-based, rlen i32, QUAL f32, n_allele << 16 | n_info u32, n_fmt << 24 | n_sample u32, ID,
//! alleles, FILTER, INFO pairs) and the individual part (per FORMAT key: key, typed descriptor,
//! n_sample × count values). Typed values: a descriptor byte (low 4 bits the type — 0 missing,
//! 1 int8, 2 int16, 3 int32, 5 float, 7 char; high 4 bits the count, 15 = a typed integer
//! follows with the count), then the values. Integer missing / end-of-vector sentinels are
//! `0x80`/`0x81` (int8), `0x8000`/`0x8001` (int16), `0x80000000`/`0x80000001` (int32); float
//! `0x7F800001` / `0x7F800002`; strings are NUL padded.

use super::header::parse_structured;
use std::collections::HashMap;
use std::fmt::Write as _;

/// Size of the fixed part of a record's shared data (six 32-bit fields).
pub(crate) const SHARED_FIXED: usize = 24;

/// One entry of the string dictionary: what the header defines under this index.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Entry {
    pub id: String,
    pub filter: bool,
    pub info: bool,
    /// INFO `Type=Flag`.
    pub(crate) flag: bool,
    pub format: bool,
}

/// The header's string and contig dictionaries (BCF indices → names).
#[derive(Debug, Clone, Default)]
pub struct Dictionaries {
    pub(crate) strings: HashMap<i64, Entry>,
    pub(crate) contigs: HashMap<i64, String>,
}

impl Dictionaries {
    /// Build the dictionaries from the header text: `IDX=` where given, otherwise the order of
    /// the `##FILTER`/`##INFO`/`##FORMAT` lines (one index per distinct ID, `PASS` always 0) and of
    /// the `##contig` lines.
    pub fn from_header_text(text: &str) -> Dictionaries {
        let mut d = Dictionaries::default();
        let mut by_id: HashMap<String, i64> = HashMap::new();
        let mut next_string: i64 = 0;
        let mut next_contig: i64 = 0;
        // PASS is index 0 unless the header places it elsewhere with IDX.
        let explicit_pass = text
            .lines()
            .any(|l| l.starts_with("##FILTER=<") && l.contains("ID=PASS") && l.contains("IDX="));
        if !explicit_pass {
            by_id.insert("PASS".into(), 0);
            d.strings.insert(
                0,
                Entry {
                    id: "PASS".into(),
                    filter: true,
                    ..Default::default()
                },
            );
            next_string = 1;
        }
        for raw in text.lines() {
            let line = raw.strip_suffix('\r').unwrap_or(raw);
            let Some(rest) = line.strip_prefix("##") else {
                continue;
            };
            let Some((key, value)) = rest.split_once('=') else {
                continue;
            };
            if !matches!(key, "FILTER" | "INFO" | "FORMAT" | "contig") {
                continue;
            }
            let Some(fields) = parse_structured(value) else {
                continue;
            };
            let get = |k: &str| fields.iter().find(|(a, _)| a == k).map(|(_, b)| b.as_str());
            let Some(id) = get("ID").filter(|s| !s.is_empty()) else {
                continue;
            };
            let idx = get("IDX").and_then(|s| s.parse::<i64>().ok()).filter(|&i| i >= 0);
            if key == "contig" {
                let i = idx.unwrap_or(next_contig);
                next_contig = next_contig.max(i + 1);
                d.contigs.entry(i).or_insert_with(|| id.to_string());
                continue;
            }
            let i = match (idx, by_id.get(id)) {
                (Some(i), _) => i,
                (None, Some(&i)) => i,
                (None, None) => next_string,
            };
            next_string = next_string.max(i + 1);
            by_id.entry(id.to_string()).or_insert(i);
            let e = d.strings.entry(i).or_insert_with(|| Entry {
                id: id.to_string(),
                ..Default::default()
            });
            if e.id != id {
                // Two IDs claim one index: keep the first; records using it name that one.
                continue;
            }
            match key {
                "FILTER" => e.filter = true,
                "INFO" => {
                    e.info = true;
                    e.flag = get("Type") == Some("Flag");
                }
                _ => e.format = true,
            }
        }
        d
    }
}

/// A bounds-checked reader over one record's bytes.
struct Cur<'a> {
    b: &'a [u8],
    i: usize,
    part: &'static str,
}

pub use super::bcf_error::BcfRecordError;

type R<T> = Result<T, BcfRecordError>;

impl<'a> Cur<'a> {
    fn take(&mut self, n: usize) -> R<&'a [u8]> {
        let end = self
            .i
            .checked_add(n)
            .filter(|&e| e <= self.b.len())
            .ok_or(BcfRecordError::Overrun {
                bytes: n,
                offset: self.i,
                part: self.part,
                len: self.b.len(),
            })?;
        let s = &self.b[self.i..end];
        self.i = end;
        Ok(s)
    }
    fn u8(&mut self) -> R<u8> {
        Ok(self.take(1)?[0])
    }
    fn u32(&mut self) -> R<u32> {
        let s = self.take(4)?;
        Ok(u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
    }
    fn i32(&mut self) -> R<i32> {
        Ok(self.u32()? as i32)
    }
    /// A typed descriptor: (type, count).
    fn desc(&mut self) -> R<(u8, usize)> {
        let b = self.u8()?;
        let ty = b & 0x0f;
        let mut count = (b >> 4) as usize;
        if count == 15 {
            let n = self.int()?;
            count = usize::try_from(n).map_err(|_| BcfRecordError::NegativeCount(n))?;
        }
        if !matches!(ty, 0 | 1 | 2 | 3 | 5 | 7) {
            return Err(BcfRecordError::UnknownType(ty));
        }
        Ok((ty, count))
    }
    /// One typed integer (a dictionary index or a count).
    fn int(&mut self) -> R<i64> {
        let b = self.u8()?;
        let (ty, count) = (b & 0x0f, b >> 4);
        if count != 1 {
            return Err(BcfRecordError::NotOneInteger(count));
        }
        let s = self.take(size_of_type(ty).ok_or(BcfRecordError::NotAnInteger)?)?;
        match ty {
            1 => Ok(s[0] as i8 as i64),
            2 => Ok(i16::from_le_bytes([s[0], s[1]]) as i64),
            3 => Ok(i32::from_le_bytes([s[0], s[1], s[2], s[3]]) as i64),
            _ => Err(BcfRecordError::NotAnInteger),
        }
    }
    /// A typed value's bytes: (type, count, bytes).
    fn typed(&mut self) -> R<(u8, usize, &'a [u8])> {
        let (ty, count) = self.desc()?;
        let size = size_of_type(ty).unwrap_or(0);
        let n = count.checked_mul(size).ok_or(BcfRecordError::CountOverflow(count))?;
        Ok((ty, count, self.take(n)?))
    }
}

fn size_of_type(ty: u8) -> Option<usize> {
    match ty {
        0 => Some(0),
        1 | 7 => Some(1),
        2 => Some(2),
        3 | 5 => Some(4),
        _ => None,
    }
}

/// One number of a typed vector.
enum Val {
    Int(i32),
    Float(f32),
    Missing,
    End,
}

fn value(ty: u8, s: &[u8]) -> Val {
    match ty {
        1 => match s[0] {
            0x80 => Val::Missing,
            0x81 => Val::End,
            b => Val::Int(b as i8 as i32),
        },
        2 => match u16::from_le_bytes([s[0], s[1]]) {
            0x8000 => Val::Missing,
            0x8001 => Val::End,
            b => Val::Int(b as i16 as i32),
        },
        3 => match u32::from_le_bytes([s[0], s[1], s[2], s[3]]) {
            0x8000_0000 => Val::Missing,
            0x8000_0001 => Val::End,
            b => Val::Int(b as i32),
        },
        5 => match u32::from_le_bytes([s[0], s[1], s[2], s[3]]) {
            0x7F80_0001 => Val::Missing,
            0x7F80_0002 => Val::End,
            b => Val::Float(f32::from_bits(b)),
        },
        _ => Val::Missing,
    }
}

/// The text of a char value (up to the first NUL); tabs and line breaks would break the line.
fn chars<'a>(s: &'a [u8], what: &str) -> R<&'a [u8]> {
    let end = memchr::memchr(0, s).unwrap_or(s.len());
    let t = &s[..end];
    if t.iter().any(|&c| matches!(c, b'\t' | b'\n' | b'\r')) {
        return Err(BcfRecordError::LineBreak(what.to_string()));
    }
    Ok(t)
}

struct Out<'o> {
    buf: &'o mut Vec<u8>,
    start: usize,
    max: usize,
}

impl Out<'_> {
    fn push(&mut self, s: &[u8]) -> R<()> {
        self.buf.extend_from_slice(s);
        self.check()
    }
    fn check(&self) -> R<()> {
        if self.buf.len() - self.start > self.max {
            return Err(BcfRecordError::TooLong(self.max));
        }
        Ok(())
    }
    fn num(&mut self, v: Val) {
        match v {
            Val::Int(i) => {
                let _ = write!(ByteWriter(self.buf), "{i}");
            }
            Val::Float(f) => {
                let _ = write!(ByteWriter(self.buf), "{f}");
            }
            Val::Missing | Val::End => self.buf.push(b'.'),
        }
    }
    /// A vector of numbers or a string; `.` when nothing is there.
    fn values(&mut self, ty: u8, count: usize, bytes: &[u8], what: &str) -> R<()> {
        if ty == 7 {
            let t = chars(bytes, what)?;
            return self.push(if t.is_empty() { b"." } else { t });
        }
        let size = size_of_type(ty).unwrap_or(0);
        if size == 0 || count == 0 {
            return self.push(b".");
        }
        let mark = self.buf.len();
        let mut any = false;
        for (j, s) in bytes.chunks_exact(size).enumerate() {
            let v = value(ty, s);
            if matches!(v, Val::End) {
                break;
            }
            if !matches!(v, Val::Missing) {
                any = true;
            }
            if j > 0 {
                self.buf.push(b',');
            }
            self.num(v);
            if j % 64 == 0 {
                self.check()?;
            }
        }
        if !any {
            self.buf.truncate(mark);
            self.buf.push(b'.');
        }
        self.check()
    }
    /// A genotype: `(allele + 1) << 1 | phased` per value.
    fn genotype(&mut self, ty: u8, bytes: &[u8]) -> R<()> {
        let size = size_of_type(ty).unwrap_or(0);
        if ty == 5 || ty == 7 || size == 0 {
            return Err(BcfRecordError::GenotypeNotIntegers);
        }
        let mark = self.buf.len();
        for (j, s) in bytes.chunks_exact(size).enumerate() {
            let (allele, phased) = match value(ty, s) {
                Val::End => break,
                Val::Missing => (None, false),
                Val::Int(v) => (((v >> 1) > 0).then_some((v >> 1) - 1), v & 1 == 1),
                Val::Float(_) => (None, false),
            };
            if j > 0 {
                self.buf.push(if phased { b'|' } else { b'/' });
            }
            match allele {
                Some(a) => {
                    let _ = write!(ByteWriter(self.buf), "{a}");
                }
                None => self.buf.push(b'.'),
            }
        }
        if self.buf.len() == mark {
            self.buf.push(b'.');
        }
        self.check()
    }
}

struct ByteWriter<'a>(&'a mut Vec<u8>);

impl std::fmt::Write for ByteWriter<'_> {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.0.extend_from_slice(s.as_bytes());
        Ok(())
    }
}

/// Decode one record (`shared` and `indiv` parts, without the two length words) and append it to
/// `out` as a VCF data line without a line break. `n_samples` is the header's sample count;
/// `max_line` bounds the rendered text. On error `out` is left as it was.
pub fn decode_record(
    shared: &[u8],
    indiv: &[u8],
    dict: &Dictionaries,
    n_samples: usize,
    out: &mut Vec<u8>,
    max_line: usize,
) -> Result<(), BcfRecordError> {
    let start = out.len();
    decode_into(shared, indiv, dict, n_samples, out, max_line).inspect_err(|_| out.truncate(start))
}

fn decode_into(
    shared: &[u8],
    indiv: &[u8],
    dict: &Dictionaries,
    n_samples: usize,
    buf: &mut Vec<u8>,
    max_line: usize,
) -> R<()> {
    let mut c = Cur {
        b: shared,
        i: 0,
        part: "shared",
    };
    let start = buf.len();
    let mut o = Out {
        buf,
        start,
        max: max_line,
    };
    let chrom = c.i32()?;
    let pos = c.i32()?;
    let _rlen = c.i32()?;
    let qual = c.u32()?;
    let n_allele_info = c.u32()?;
    let n_fmt_sample = c.u32()?;
    let n_allele = (n_allele_info >> 16) as usize;
    let n_info = (n_allele_info & 0xffff) as usize;
    let n_fmt = (n_fmt_sample >> 24) as usize;
    let n_sample = (n_fmt_sample & 0x00ff_ffff) as usize;
    if n_sample != n_samples {
        return Err(BcfRecordError::SampleCount {
            record: n_sample,
            header: n_samples,
        });
    }
    if n_allele == 0 {
        return Err(BcfRecordError::NoRef);
    }
    let name = dict.contigs.get(&(chrom as i64)).ok_or(BcfRecordError::NotInHeader {
        what: "CHROM index",
        index: chrom as i64,
        header: "##contig",
    })?;
    o.push(name.as_bytes())?;
    o.push(b"\t")?;
    let _ = write!(ByteWriter(o.buf), "{}\t", pos as i64 + 1);
    write_id_alleles(&mut c, &mut o, n_allele)?;
    match qual {
        0x7F80_0001 | 0x7F80_0002 => o.push(b".")?,
        q => o.num(Val::Float(f32::from_bits(q))),
    }
    o.push(b"\t")?;
    write_filter(&mut c, &mut o, dict)?;
    o.push(b"\t")?;
    write_info(&mut c, &mut o, dict, n_info)?;
    if n_sample == 0 {
        return Ok(());
    }
    let mut c = Cur {
        b: indiv,
        i: 0,
        part: "per-sample",
    };
    write_samples(&mut c, &mut o, dict, n_fmt, n_sample)
}

/// ID, REF and ALT columns, each followed by a tab.
fn write_id_alleles(c: &mut Cur<'_>, o: &mut Out<'_>, n_allele: usize) -> R<()> {
    let (ty, _, id) = c.typed()?;
    let id = if ty == 7 { chars(id, "ID")? } else { &[][..] };
    o.push(if id.is_empty() { b"." } else { id })?;
    o.push(b"\t")?;
    for a in 0..n_allele {
        let (ty, _, s) = c.typed()?;
        if ty != 7 && !(ty == 0 && s.is_empty()) {
            return Err(BcfRecordError::AlleleNotString);
        }
        let s = chars(s, "an allele")?;
        if a == 1 {
            o.push(b"\t")?;
        } else if a > 1 {
            o.push(b",")?;
        }
        o.push(if s.is_empty() { b"." } else { s })?;
    }
    if n_allele == 1 {
        o.push(b"\t.")?;
    }
    o.push(b"\t")
}

/// The FILTER column: dictionary indices back to `##FILTER` names.
fn write_filter(c: &mut Cur<'_>, o: &mut Out<'_>, dict: &Dictionaries) -> R<()> {
    let (ty, count, s) = c.typed()?;
    if count == 0 || ty == 0 {
        return o.push(b".");
    }
    let size = size_of_type(ty)
        .filter(|_| ty != 5 && ty != 7)
        .ok_or(BcfRecordError::FilterNotIntegers)?;
    let mut first = true;
    for v in s.chunks_exact(size) {
        let i = match value(ty, v) {
            Val::Int(i) => i,
            Val::End => break,
            _ => continue,
        };
        let e = dict
            .strings
            .get(&(i as i64))
            .filter(|e| e.filter)
            .ok_or(BcfRecordError::NotInHeader {
                what: "FILTER index",
                index: i64::from(i),
                header: "##FILTER",
            })?;
        if !first {
            o.push(b";")?;
        }
        first = false;
        o.push(e.id.as_bytes())?;
    }
    if first {
        o.push(b".")?;
    }
    Ok(())
}

/// The INFO column: `n_info` key/value pairs.
fn write_info(c: &mut Cur<'_>, o: &mut Out<'_>, dict: &Dictionaries, n_info: usize) -> R<()> {
    if n_info == 0 {
        o.push(b".")?;
    }
    for k in 0..n_info {
        let key = c.int()?;
        let e = dict
            .strings
            .get(&key)
            .filter(|e| e.info)
            .ok_or(BcfRecordError::NotInHeader {
                what: "INFO key index",
                index: key,
                header: "an ##INFO",
            })?;
        let (ty, count, s) = c.typed()?;
        if k > 0 {
            o.push(b";")?;
        }
        o.push(e.id.as_bytes())?;
        if e.flag || ty == 0 {
            continue;
        }
        o.push(b"=")?;
        o.values(ty, count, s, &format!("INFO/{}", e.id))?;
    }
    Ok(())
}

/// FORMAT and the sample columns, from the per-sample block (field by field, each for all samples).
fn write_samples(c: &mut Cur<'_>, o: &mut Out<'_>, dict: &Dictionaries, n_fmt: usize, n_sample: usize) -> R<()> {
    let mut fields: Vec<(&Entry, u8, usize, &[u8])> = Vec::with_capacity(n_fmt.min(256));
    for _ in 0..n_fmt {
        let key = c.int()?;
        let e = dict
            .strings
            .get(&key)
            .filter(|e| e.format)
            .ok_or(BcfRecordError::NotInHeader {
                what: "FORMAT key index",
                index: key,
                header: "##FORMAT",
            })?;
        let (ty, count) = c.desc()?;
        let size = size_of_type(ty).unwrap_or(0);
        let n = count
            .checked_mul(size)
            .and_then(|x| x.checked_mul(n_sample))
            .ok_or_else(|| BcfRecordError::SizeOverflow(format!("FORMAT/{}", e.id)))?;
        let data = c.take(n)?;
        fields.push((e, ty, count * size, data));
    }
    o.push(b"\t")?;
    if fields.is_empty() {
        o.push(b".")?;
    }
    for (j, (e, ..)) in fields.iter().enumerate() {
        if j > 0 {
            o.push(b":")?;
        }
        o.push(e.id.as_bytes())?;
    }
    for s in 0..n_sample {
        o.push(b"\t")?;
        if fields.is_empty() {
            o.push(b".")?;
        }
        for (j, (e, ty, width, data)) in fields.iter().enumerate() {
            if j > 0 {
                o.push(b":")?;
            }
            let bytes = &data[s * width..(s + 1) * width];
            if e.id == "GT" && *ty != 7 {
                o.genotype(*ty, bytes)?;
            } else {
                let count = width / size_of_type(*ty).filter(|&z| z > 0).unwrap_or(1);
                o.values(*ty, count, bytes, &format!("FORMAT/{}", e.id))?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "##fileformat=VCFv4.2\n##FILTER=<ID=PASS,Description=\"All filters passed\">\n##INFO=<ID=DP,Number=1,Type=Integer,Description=\"d\">\n##INFO=<ID=SOMATIC,Number=0,Type=Flag,Description=\"s\">\n##FORMAT=<ID=GT,Number=1,Type=String,Description=\"g\">\n##FORMAT=<ID=AD,Number=R,Type=Integer,Description=\"a \\\"q\\\"\">\n##contig=<ID=chr1,length=1000>\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tS\n";

    fn record(n_sample: u32, info_key: u8) -> (Vec<u8>, Vec<u8>) {
        let mut s = Vec::new();
        s.extend(0i32.to_le_bytes()); // chrom
        s.extend(99i32.to_le_bytes()); // pos
        s.extend(1i32.to_le_bytes()); // rlen
        s.extend(30f32.to_bits().to_le_bytes());
        s.extend(((2u32 << 16) | 2).to_le_bytes());
        s.extend(((2u32 << 24) | n_sample).to_le_bytes());
        s.extend([0x07]); // ID missing
        s.extend([0x17, b'A', 0x17, b'T']);
        s.extend([0x11, 0x00]); // FILTER PASS
        s.extend([0x11, info_key, 0x11, 42]); // DP=42
        s.extend([0x11, 2, 0x00]); // SOMATIC flag
        let mut i = Vec::new();
        i.extend([0x11, 3, 0x21, 2, 4]); // GT 0/1
        i.extend([0x11, 4, 0x21, 10, 0x80]); // AD 10,.
        (s, i)
    }

    #[test]
    fn decodes_a_record() {
        let d = Dictionaries::from_header_text(HEADER);
        let (s, i) = record(1, 1);
        let mut out = Vec::new();
        decode_record(&s, &i, &d, 1, &mut out, 1 << 20).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "chr1\t100\t.\tA\tT\t30\tPASS\tDP=42;SOMATIC\tGT:AD\t0/1:10,."
        );
    }

    #[test]
    fn rejects_undefined_keys_and_sample_counts() {
        let d = Dictionaries::from_header_text(HEADER);
        let (s, i) = record(2, 1);
        let mut out = Vec::new();
        let e = decode_record(&s, &i, &d, 1, &mut out, 1 << 20).unwrap_err();
        assert_eq!(e, BcfRecordError::SampleCount { record: 2, header: 1 });
        assert_eq!(e.to_string(), "the record has 2 samples, but the header names 1");
        let (s, i) = record(1, 9);
        let e = decode_record(&s, &i, &d, 1, &mut out, 1 << 20).unwrap_err();
        assert!(
            matches!(
                e,
                BcfRecordError::NotInHeader {
                    what: "INFO key index",
                    index: 9,
                    ..
                }
            ),
            "{e}"
        );
        assert_eq!(e.to_string(), "INFO key index 9 is not an ##INFO of the header");
        // GT used as an INFO key: defined, but not as INFO.
        let (s, i) = record(1, 3);
        assert!(decode_record(&s, &i, &d, 1, &mut out, 1 << 20).is_err());
        assert!(out.is_empty());
    }

    #[test]
    fn every_truncation_is_an_error() {
        let d = Dictionaries::from_header_text(HEADER);
        let (s, i) = record(1, 1);
        for n in 0..s.len() {
            let mut out = Vec::new();
            assert!(
                decode_record(&s[..n], &i, &d, 1, &mut out, 1 << 20).is_err(),
                "shared cut at {n}"
            );
        }
        for n in 0..i.len() {
            let mut out = Vec::new();
            assert!(
                decode_record(&s, &i[..n], &d, 1, &mut out, 1 << 20).is_err(),
                "indiv cut at {n}"
            );
        }
    }

    #[test]
    fn output_is_bounded() {
        let d = Dictionaries::from_header_text(HEADER);
        let (s, i) = record(1, 1);
        let mut out = Vec::new();
        let e = decode_record(&s, &i, &d, 1, &mut out, 10).unwrap_err();
        assert_eq!(e, BcfRecordError::TooLong(10));
        assert!(e.to_string().contains("--max-line-bytes"), "{e}");
    }
}
