//! HGVS `c.` positions outside the CDS of a coding transcript: 5′ UTR
//! `c.-12`, 3′ UTR `c.*40`, intron `c.100+3` / `c.101-2` (offset from the
//! nearer exon base; the upstream one on a tie), and `hgvsc` built from them
//! for changes that [`super::coding`] does not describe (UTR, intron, splice
//! site, changes crossing a CDS end). Bases are written on the coding strand;
//! indels are not shifted 3′ here.

use super::coding::revcomp;
use super::gff::{Strand, Transcript};
use super::predict::Change;

/// Exons in transcript order.
fn exons_5to3(t: &Transcript) -> impl Iterator<Item = (u64, u64)> + '_ {
    let n = t.exons.len();
    let minus = t.strand == Strand::Minus;
    (0..n).map(move |i| t.exons[if minus { n - 1 - i } else { i }])
}

/// 0-based offsets of exonic bases in the spliced transcript (5′ → 3′), in one walk over the exons.
fn tx_offsets<const N: usize>(t: &Transcript, gs: [u64; N]) -> [Option<u64>; N] {
    let mut out = [None; N];
    let mut off = 0;
    for (s, e) in exons_5to3(t) {
        for (g, o) in gs.iter().zip(out.iter_mut()) {
            if o.is_none() && (s..=e).contains(g) {
                *o = Some(
                    off + match t.strand {
                        Strand::Plus => g - s,
                        Strand::Minus => e - g,
                    },
                );
            }
        }
        off += e - s + 1;
    }
    out
}

/// A `c.` position: an exonic base (5′ UTR `-n`, coding `n`, 3′ UTR `*n`), with an intronic
/// offset (`+n` / `-n` from that exon base) when the base lies in an intron. Written by its
/// `Display` straight into the HGVS text (no string per position).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct CPos {
    exonic: Exonic,
    /// Intronic offset: `true` for `+` (after the exon base in transcript order).
    intron: Option<(bool, u64)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Exonic {
    Utr5(u64),
    Coding(u64),
    Utr3(u64),
}

impl std::fmt::Display for CPos {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.exonic {
            Exonic::Utr5(n) => write!(f, "-{n}")?,
            Exonic::Coding(n) => write!(f, "{n}")?,
            Exonic::Utr3(n) => write!(f, "*{n}")?,
        }
        match self.intron {
            Some((true, d)) => write!(f, "+{d}"),
            Some((false, d)) => write!(f, "-{d}"),
            None => Ok(()),
        }
    }
}

/// The `c.` position of an exonic base.
fn exonic(t: &Transcript, g: u64) -> Option<Exonic> {
    let (lo, hi) = (t.cds.first()?.0, t.cds.last()?.1);
    let (first, last) = match t.strand {
        Strand::Plus => (lo, hi),
        Strand::Minus => (hi, lo),
    };
    let [x, a, b] = tx_offsets(t, [g, first, last]);
    let (x, a, b) = (x?, a?, b?);
    Some(if x < a {
        Exonic::Utr5(a - x)
    } else if x > b {
        Exonic::Utr3(x - b)
    } else {
        // Coding position: CDS bases only (UTR exons between CDS rows do not occur in Ensembl models).
        Exonic::Coding(x - a + 1)
    })
}

/// The `c.` position of any base within the transcript.
fn position(t: &Transcript, g: u64) -> Option<CPos> {
    if let Some(p) = exonic(t, g) {
        return Some(CPos {
            exonic: p,
            intron: None,
        });
    }
    // Intronic: offset from the nearer flanking exon base.
    let w = t.exons.windows(2).find(|w| w[0].1 < g && g < w[1].0)?;
    let (left, right) = (w[0].1, w[1].0);
    let (dl, dr) = (g - left, right - g);
    // In transcript order the upstream exon is the left one on the plus strand.
    let (up, d_up, down, d_down) = match t.strand {
        Strand::Plus => (left, dl, right, dr),
        Strand::Minus => (right, dr, left, dl),
    };
    Some(if d_up <= d_down {
        CPos {
            exonic: exonic(t, up)?,
            intron: Some((true, d_up)),
        }
    } else {
        CPos {
            exonic: exonic(t, down)?,
            intron: Some((false, d_down)),
        }
    })
}

/// `c.` position (without `c.`) of any base within the transcript.
#[cfg(test)]
pub(crate) fn c_position(t: &Transcript, g: u64) -> Option<String> {
    position(t, g).map(|p| p.to_string())
}

/// Bases as text (they are ASCII; anything else is replaced, as `from_utf8_lossy` does).
fn push_bases(out: &mut String, b: &[u8]) {
    match std::str::from_utf8(b) {
        Ok(s) => out.push_str(s),
        Err(_) => out.push_str(&String::from_utf8_lossy(b)),
    }
}

/// `hgvsc` of a change on a coding transcript, from its `c.` positions, written into one string.
pub fn hgvsc(t: &Transcript, c: &Change) -> Option<String> {
    use std::fmt::Write;
    let plus = t.strand == Strand::Plus;
    let coding = |b: &[u8]| if plus { b.to_vec() } else { revcomp(b) };
    let mut out = String::with_capacity(32);
    if c.is_insertion() {
        let (a, b) = if plus { (c.end, c.start) } else { (c.start, c.end) };
        let (p, q) = (position(t, a)?, position(t, b)?);
        write!(out, "c.{p}_{q}ins").ok()?;
        push_bases(&mut out, &coding(&c.ins));
        return Some(out);
    }
    let (first, last) = if plus { (c.start, c.end) } else { (c.end, c.start) };
    let (p, q) = (position(t, first)?, position(t, last)?);
    if first == last {
        write!(out, "c.{p}").ok()?;
    } else {
        write!(out, "c.{p}_{q}").ok()?;
    }
    match (c.deleted.len(), c.ins.len()) {
        (1, 1) => {
            push_bases(&mut out, &coding(&c.deleted));
            out.push('>');
            push_bases(&mut out, &coding(&c.ins));
        }
        (_, 0) => out.push_str("del"),
        _ => {
            out.push_str("delins");
            push_bases(&mut out, &coding(&c.ins));
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    // Exons 101-120 and 201-230, CDS 111-120 and 201-220.
    use crate::consequence::predict::tests::tx;

    #[test]
    fn positions_plus_strand() {
        let t = tx(Strand::Plus);
        let c = |g| c_position(&t, g);
        assert_eq!(c(111).as_deref(), Some("1"));
        assert_eq!(c(105).as_deref(), Some("-6"));
        assert_eq!(c(220).as_deref(), Some("30"));
        assert_eq!(c(225).as_deref(), Some("*5"));
        assert_eq!(c(123).as_deref(), Some("10+3"));
        assert_eq!(c(199).as_deref(), Some("11-2"));
        assert_eq!(c(300), None);
        let ch = Change::from_vcf(123, "G", "A").unwrap();
        assert_eq!(hgvsc(&t, &ch).as_deref(), Some("c.10+3G>A"));
        let del = Change::from_vcf(104, "ACG", "A").unwrap();
        assert_eq!(hgvsc(&t, &del).as_deref(), Some("c.-6_-5del"));
    }

    #[test]
    fn positions_minus_strand() {
        let t = tx(Strand::Minus);
        let c = |g| c_position(&t, g);
        // Coding starts at 220 (c.1), runs down to 201 (c.20), then 120 … 111 (c.21 … c.30).
        assert_eq!(c(220).as_deref(), Some("1"));
        assert_eq!(c(225).as_deref(), Some("-5"));
        assert_eq!(c(111).as_deref(), Some("30"));
        assert_eq!(c(105).as_deref(), Some("*6"));
        assert_eq!(c(199).as_deref(), Some("20+2"));
        assert_eq!(c(122).as_deref(), Some("21-2"));
        let ch = Change::from_vcf(199, "G", "A").unwrap();
        assert_eq!(hgvsc(&t, &ch).as_deref(), Some("c.20+2C>T"));
    }
}
