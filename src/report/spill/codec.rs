//! The encoding of a spilled alteration: little-endian integers, strings as a u32 length and
//! UTF-8 bytes, options as a tag byte, floats by their bits (exact). A damaged or truncated
//! encoding is an error, never a panic, and a length read from it never drives an allocation
//! past the bytes at hand.

use super::{level_of, SpillError};
use crate::report::model::{AlterationOut, Evidence, Oncogenicity, Shared, VariantKind};

fn put_u64(b: &mut Vec<u8>, x: u64) {
    b.extend_from_slice(&x.to_le_bytes());
}

fn put_str(b: &mut Vec<u8>, s: &str) {
    b.extend_from_slice(&(s.len() as u32).to_le_bytes());
    b.extend_from_slice(s.as_bytes());
}

fn put_opt_str(b: &mut Vec<u8>, s: Option<&str>) {
    match s {
        Some(s) => {
            b.push(1);
            put_str(b, s);
        }
        None => b.push(0),
    }
}

fn put_strs<S: AsRef<str>>(b: &mut Vec<u8>, v: &[S]) {
    b.extend_from_slice(&(v.len() as u32).to_le_bytes());
    for s in v {
        put_str(b, s.as_ref());
    }
}

fn put_opt_f64(b: &mut Vec<u8>, x: Option<f64>) {
    match x {
        Some(x) => {
            b.push(1);
            put_u64(b, x.to_bits());
        }
        None => b.push(0),
    }
}

fn put_opt_u32(b: &mut Vec<u8>, x: Option<u32>) {
    match x {
        Some(x) => {
            b.push(1);
            b.extend_from_slice(&x.to_le_bytes());
        }
        None => b.push(0),
    }
}

fn kind_code(k: VariantKind) -> u8 {
    match k {
        VariantKind::Snv => 0,
        VariantKind::Mnv => 1,
        VariantKind::Insertion => 2,
        VariantKind::Deletion => 3,
        VariantKind::Complex => 4,
        VariantKind::Symbolic => 5,
    }
}

/// Encode one alteration (all but its id) with its ALT index. The pattern names every field, so
/// a field added to [`AlterationOut`] cannot be left out of the encoding.
pub(super) fn encode(b: &mut Vec<u8>, alt_index: u64, a: &AlterationOut) {
    let AlterationOut {
        id: _,
        chrom,
        pos,
        ref_allele,
        alt,
        kind,
        record,
        gene,
        transcript,
        consequence,
        exon,
        hgvsc,
        hgvsp,
        protein_change,
        protein_change_input,
        annotation_source,
        vaf,
        depth,
        alt_depth,
        normal_vaf,
        normal_depth,
        population_af,
        filters,
        oncogenicity,
        driver,
        gene_role,
        pathways,
        hotspot,
        evidence,
    } = a;
    put_u64(b, alt_index);
    put_str(b, chrom);
    put_u64(b, *pos);
    put_str(b, ref_allele);
    put_str(b, alt);
    b.push(kind_code(*kind));
    put_u64(b, *record);
    put_opt_str(b, gene.as_deref());
    put_opt_str(b, transcript.as_deref());
    put_strs(b, consequence);
    put_opt_str(b, exon.as_deref());
    put_opt_str(b, hgvsc.as_deref());
    put_opt_str(b, hgvsp.as_deref());
    put_opt_str(b, protein_change.as_deref());
    put_opt_str(b, protein_change_input.as_deref());
    put_opt_str(b, annotation_source.as_deref());
    put_opt_f64(b, *vaf);
    put_opt_u32(b, *depth);
    put_opt_u32(b, *alt_depth);
    put_opt_f64(b, *normal_vaf);
    put_opt_u32(b, *normal_depth);
    put_opt_f64(b, *population_af);
    put_strs(b, filters);
    b.push(level_of(*oncogenicity) as u8);
    b.push(*driver as u8);
    put_opt_str(b, gene_role.as_deref());
    put_strs(b, pathways);
    put_opt_str(b, hotspot.as_deref());
    b.extend_from_slice(&(evidence.len() as u32).to_le_bytes());
    for e in evidence {
        put_str(b, &e.reason);
        put_str(b, &e.source);
    }
}

/// Reads the encoding.
struct Cursor<'a> {
    b: &'a [u8],
    at: usize,
}

const SHORT: SpillError = SpillError::Corrupt("a record ends early");

impl<'a> Cursor<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], SpillError> {
        let end = self.at.checked_add(n).ok_or(SHORT)?;
        let s = self.b.get(self.at..end).ok_or(SHORT)?;
        self.at = end;
        Ok(s)
    }
    fn u8(&mut self) -> Result<u8, SpillError> {
        Ok(self.take(1)?[0])
    }
    fn u32(&mut self) -> Result<u32, SpillError> {
        let s = self.take(4)?;
        Ok(u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
    }
    fn u64(&mut self) -> Result<u64, SpillError> {
        let s = self.take(8)?;
        let mut x = [0u8; 8];
        x.copy_from_slice(s);
        Ok(u64::from_le_bytes(x))
    }
    fn str(&mut self) -> Result<&'a str, SpillError> {
        let n = self.u32()? as usize;
        std::str::from_utf8(self.take(n)?).map_err(|_| SpillError::Corrupt("a text is not UTF-8"))
    }
    fn string(&mut self) -> Result<String, SpillError> {
        self.str().map(str::to_string)
    }
    fn tag(&mut self) -> Result<bool, SpillError> {
        match self.u8()? {
            0 => Ok(false),
            1 => Ok(true),
            _ => Err(SpillError::Corrupt("a bad tag")),
        }
    }
    fn opt_string(&mut self) -> Result<Option<String>, SpillError> {
        Ok(if self.tag()? { Some(self.string()?) } else { None })
    }
    fn opt_shared(&mut self) -> Result<Option<Shared>, SpillError> {
        Ok(if self.tag()? { Some(self.str()?.into()) } else { None })
    }
    fn strings(&mut self) -> Result<Vec<String>, SpillError> {
        let n = self.u32()? as usize;
        let mut v = Vec::with_capacity(n.min(1024));
        for _ in 0..n {
            v.push(self.string()?);
        }
        Ok(v)
    }
    fn shareds(&mut self) -> Result<Vec<Shared>, SpillError> {
        let n = self.u32()? as usize;
        let mut v = Vec::with_capacity(n.min(1024));
        for _ in 0..n {
            v.push(self.str()?.into());
        }
        Ok(v)
    }
    fn opt_f64(&mut self) -> Result<Option<f64>, SpillError> {
        Ok(if self.tag()? {
            Some(f64::from_bits(self.u64()?))
        } else {
            None
        })
    }
    fn opt_u32(&mut self) -> Result<Option<u32>, SpillError> {
        Ok(if self.tag()? { Some(self.u32()?) } else { None })
    }
}

/// Decode the alteration at `*at` (its id empty) and its ALT index; `*at` moves past it.
pub(super) fn decode(b: &[u8], at: &mut usize) -> Result<(u64, AlterationOut), SpillError> {
    let mut c = Cursor { b, at: *at };
    let alt_index = c.u64()?;
    let a = AlterationOut {
        id: String::new(),
        chrom: c.string()?,
        pos: c.u64()?,
        ref_allele: c.string()?,
        alt: c.string()?,
        kind: match c.u8()? {
            0 => VariantKind::Snv,
            1 => VariantKind::Mnv,
            2 => VariantKind::Insertion,
            3 => VariantKind::Deletion,
            4 => VariantKind::Complex,
            5 => VariantKind::Symbolic,
            _ => return Err(SpillError::Corrupt("a bad variant kind")),
        },
        record: c.u64()?,
        gene: c.opt_string()?,
        transcript: c.opt_string()?,
        consequence: c.strings()?,
        exon: c.opt_string()?,
        hgvsc: c.opt_string()?,
        hgvsp: c.opt_string()?,
        protein_change: c.opt_string()?,
        protein_change_input: c.opt_string()?,
        annotation_source: c.opt_string()?,
        vaf: c.opt_f64()?,
        depth: c.opt_u32()?,
        alt_depth: c.opt_u32()?,
        normal_vaf: c.opt_f64()?,
        normal_depth: c.opt_u32()?,
        population_af: c.opt_f64()?,
        filters: c.strings()?,
        oncogenicity: match c.u8()? {
            0 => Oncogenicity::Oncogenic,
            1 => Oncogenicity::LikelyOncogenic,
            2 => Oncogenicity::Vus,
            3 => Oncogenicity::LikelyBenign,
            _ => return Err(SpillError::Corrupt("a bad oncogenicity")),
        },
        driver: c.tag()?,
        gene_role: c.opt_shared()?,
        pathways: c.shareds()?,
        hotspot: c.opt_string()?,
        evidence: {
            let n = c.u32()? as usize;
            let mut v = Vec::with_capacity(n.min(1024));
            for _ in 0..n {
                v.push(Evidence {
                    reason: c.str()?.into(),
                    source: c.str()?.into(),
                });
            }
            v
        },
    };
    *at = c.at;
    Ok((alt_index, a))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::spill::tests::{full, sparse};

    #[test]
    fn every_field_survives_the_encoding_exactly() {
        let mut b = Vec::new();
        encode(&mut b, 3, &full(11));
        encode(&mut b, 1, &sparse(12));
        let mut at = 0;
        let (i, a) = decode(&b, &mut at).expect("first");
        assert_eq!((i, a), (3, full(11)));
        let (i, a) = decode(&b, &mut at).expect("second");
        assert_eq!((i, a), (1, sparse(12)));
        assert_eq!(at, b.len());
        // Floats by their bits: -0.0 stays negative, 0.1 + 0.2 stays 0.30000000000000004.
        let mut at = 0;
        let (_, a) = decode(&b, &mut at).expect("again");
        assert!(a.population_af.is_some_and(|x| x.is_sign_negative()));
        assert_eq!(a.vaf, Some(0.30000000000000004));
    }

    #[test]
    fn a_damaged_encoding_is_an_error_never_a_panic() {
        let mut b = Vec::new();
        encode(&mut b, 1, &full(1));
        for cut in 0..b.len() {
            let mut at = 0;
            assert!(decode(&b[..cut], &mut at).is_err(), "cut at {cut}");
        }
        // A huge length prefix does not allocate: the read fails on the missing bytes.
        let mut bad = b.clone();
        bad[8..12].copy_from_slice(&u32::MAX.to_le_bytes());
        assert!(decode(&bad, &mut 0).is_err());
    }
}
