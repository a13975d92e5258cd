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

/// `c.` position (without `c.`) of an exonic base.
fn exonic(t: &Transcript, g: u64) -> Option<String> {
    let (lo, hi) = (t.cds.first()?.0, t.cds.last()?.1);
    let (first, last) = match t.strand {
        Strand::Plus => (lo, hi),
        Strand::Minus => (hi, lo),
    };
    let [x, a, b] = tx_offsets(t, [g, first, last]);
    let (x, a, b) = (x?, a?, b?);
    Some(if x < a {
        format!("-{}", a - x)
    } else if x > b {
        format!("*{}", x - b)
    } else {
        // Coding position: CDS bases only (UTR exons between CDS rows do not occur in Ensembl models).
        format!("{}", x - a + 1)
    })
}

/// `c.` position (without `c.`) of any base within the transcript.
pub(crate) fn c_position(t: &Transcript, g: u64) -> Option<String> {
    if let Some(p) = exonic(t, g) {
        return Some(p);
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
        format!("{}+{d_up}", exonic(t, up)?)
    } else {
        format!("{}-{d_down}", exonic(t, down)?)
    })
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// `hgvsc` of a change on a coding transcript, from [`c_position`]s.
pub fn hgvsc(t: &Transcript, c: &Change) -> Option<String> {
    let plus = t.strand == Strand::Plus;
    let coding = |b: &[u8]| if plus { b.to_vec() } else { revcomp(b) };
    let (ins, del) = (coding(&c.ins), coding(&c.deleted));
    if c.is_insertion() {
        let (a, b) = if plus { (c.end, c.start) } else { (c.start, c.end) };
        return Some(format!(
            "c.{}_{}ins{}",
            c_position(t, a)?,
            c_position(t, b)?,
            text(&ins)
        ));
    }
    let (first, last) = if plus { (c.start, c.end) } else { (c.end, c.start) };
    let (p, q) = (c_position(t, first)?, c_position(t, last)?);
    let span = if first == last { p } else { format!("{p}_{q}") };
    Some(match (del.len(), ins.len()) {
        (1, 1) => format!("c.{span}{}>{}", text(&del), text(&ins)),
        (_, 0) => format!("c.{span}del"),
        _ => format!("c.{span}delins{}", text(&ins)),
    })
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
