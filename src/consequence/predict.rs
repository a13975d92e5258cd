//! The consequence of one change on one transcript: where it falls (exon,
//! intron, splice sites, UTRs, CDS, flanks) and, in the CDS, what it does to
//! the protein ([`super::coding`]).
//!
//! Regions, strand-aware, 1-based:
//! - splice donor / acceptor: the first / last 2 bases of an intron (5' / 3'
//!   end in transcript orientation);
//! - splice region: exon bases 1–3 next to an intron, intron bases 3–8 from
//!   either end (as VEP and bcftools define it), not added to a deletion that
//!   reaches a splice site (bcftools; VEP would add it);
//! - up-/downstream: within [`FLANK`] bases of the transcript, 5' / 3' of it.
//!
//! A substitution or deletion hits a region when it overlaps it. An
//! insertion lies in a transcript when both bases flanking it do; it then hits
//! an exon, CDS, UTR, intron or splice site when the base after it (genomic
//! order) lies there, and a splice region when either flanking base does.
//! That is bcftools' genomic-order reading (an insertion between an exon's
//! last base and a plus-strand intron disrupts the donor; between an intron's
//! last base and the next exon it is exonic). `intron_variant` is added
//! when the change reaches an intron beyond its splice sites. A transcript
//! without CDS gets `non_coding_transcript_exon_variant` / `intron_variant`
//! and splice terms only. A change crossing a CDS boundary (into an intron or
//! UTR) is `coding_sequence_variant`, or `frameshift_variant` when it crosses
//! into an intron and deletes a number of coding bases not divisible by 3.
//! `NMD_transcript_variant` is added to NMD transcripts (biotype
//! `nonsense_mediated_decay` or `NMD`) with an exonic consequence.

use super::coding::{coding_effect, revcomp, start_codon_kept, translate_codon, Edit};
use std::sync::Arc;

use super::gff::{Strand, Transcript};
use crate::so::consequence_rank;

/// Up-/downstream distance, as VEP's default.
pub(crate) const FLANK: u64 = 5000;

/// A VCF allele reduced to the bases it changes: `start..=end` of the
/// reference replaced by `ins`; an insertion has `end == start - 1`
/// (between `end` and `start`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub start: u64,
    pub end: u64,
    pub(crate) ins: Vec<u8>,
    /// The REF bases `start..=end` (upper case; empty for an insertion).
    pub(crate) deleted: Vec<u8>,
    /// The VCF REF had a base before `start` (trimmed as common prefix).
    pub(crate) pad_left: bool,
    /// The VCF REF had a base after `end` (trimmed as common suffix).
    pub(crate) pad_right: bool,
}

/// A transcript's spliced CDS with the bases 5' of it, on both strands
/// (built once per transcript and cached by the engine).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CdsSeq {
    /// The CDS rows' bases, plus strand, genomic order.
    pub(crate) plus: Vec<u8>,
    /// The same on the coding strand, 5' → 3'.
    pub coding: Vec<u8>,
    /// Up to 10 bases just 5' of the CDS, coding strand (they end next to its first base).
    pub(crate) upstream: Vec<u8>,
}

impl CdsSeq {
    /// From the plus-strand CDS and the plus-strand bases beside its 5' end
    /// (left of it on the plus strand, right of it on the minus strand).
    pub fn new(plus: Vec<u8>, flank5: &[u8], strand: Strand) -> CdsSeq {
        let (coding, upstream) = match strand {
            Strand::Plus => (plus.clone(), flank5.to_vec()),
            Strand::Minus => (revcomp(&plus), revcomp(flank5)),
        };
        CdsSeq { plus, coding, upstream }
    }
}

impl Change {
    /// From VCF POS/REF/ALT; the common prefix, then the common suffix, is
    /// trimmed. None for symbolic, `*`, `.` or identical alleles.
    pub(crate) fn from_vcf(pos: u64, r: &str, a: &str) -> Option<Change> {
        let valid = |s: &str| !s.is_empty() && s.bytes().all(|b| b"ACGTNacgtn".contains(&b));
        if !valid(r) || !valid(a) || r.eq_ignore_ascii_case(a) {
            return None;
        }
        let (rb, ab) = (r.as_bytes(), a.as_bytes());
        let p = rb.iter().zip(ab).take_while(|(x, y)| x.eq_ignore_ascii_case(y)).count();
        let (rr, aa) = (&rb[p..], &ab[p..]);
        let s = rr
            .iter()
            .rev()
            .zip(aa.iter().rev())
            .take_while(|(x, y)| x.eq_ignore_ascii_case(y))
            .count();
        let del = rr.len() - s;
        let start = pos.checked_add(p as u64)?;
        Some(Change {
            start,
            end: (start + del as u64).checked_sub(1)?,
            ins: aa[..aa.len() - s].to_ascii_uppercase(),
            deleted: rr[..del].to_ascii_uppercase(),
            pad_left: p > 0,
            pad_right: s > 0,
        })
    }

    /// Move a pure insertion or deletion 5' in genomic order (left) as far as the bases
    /// `left` (reference `left_start..start`, those before the change) allow. The moved change
    /// has a left padding base. Substitutions and complex changes are left as they are.
    /// Returns the bases moved.
    pub(crate) fn left_align(&mut self, left_start: u64, left: &[u8]) -> u64 {
        let base_before = |start: u64| {
            let i = start.checked_sub(1)?.checked_sub(left_start)?;
            left.get(usize::try_from(i).ok()?).copied()
        };
        let mut moved = 0;
        if self.is_insertion() && !self.ins.is_empty() {
            while self.start > 1 && base_before(self.start) == self.ins.last().copied() {
                self.ins.rotate_right(1);
                self.start -= 1;
                self.end -= 1;
                moved += 1;
            }
        } else if self.ins.is_empty() && !self.deleted.is_empty() {
            while self.start > 1 && base_before(self.start) == self.deleted.last().copied() {
                self.deleted.rotate_right(1);
                self.start -= 1;
                self.end -= 1;
                moved += 1;
            }
        }
        if moved > 0 {
            self.pad_left = true;
            self.pad_right = false;
        }
        moved
    }

    /// bcftools csq's reading of a record: the common suffix is trimmed before the common
    /// prefix, so an indel sits as far left as the record's own REF bases allow (an insertion
    /// keeps the first REF base before it). Aligning further left against the reference was
    /// measured on the bcftools suite and not kept: bcftools does not, and two of its
    /// expectations depend on it (docs/csq-conformance.md).
    pub(crate) fn left_align_in_record(&mut self, pos: u64, r: &str) -> u64 {
        let Some(p) = self.start.checked_sub(pos).and_then(|p| usize::try_from(p).ok()) else {
            return 0;
        };
        let left = r.as_bytes().get(..p).unwrap_or(&[]).to_ascii_uppercase();
        if self.is_insertion() {
            left.get(1..).map_or(0, |l| self.left_align(pos + 1, l))
        } else {
            self.left_align(pos, &left)
        }
    }

    pub(crate) fn is_insertion(&self) -> bool {
        self.end < self.start
    }

    fn del_len(&self) -> u64 {
        self.end + 1 - self.start
    }

    /// Does the change hit `[s, e]` (see the module doc)?
    pub(crate) fn hits(&self, s: u64, e: u64) -> bool {
        if s > e {
            false
        } else if self.is_insertion() {
            s <= self.start && self.start <= e
        } else {
            self.start <= e && self.end >= s
        }
    }

    /// Like [`Change::hits`], but an insertion touches `[s, e]` when either
    /// flanking base lies in it (splice regions).
    pub(crate) fn touches(&self, s: u64, e: u64) -> bool {
        if self.is_insertion() {
            s <= e && ((s..=e).contains(&self.end) || (s..=e).contains(&self.start))
        } else {
            self.hits(s, e)
        }
    }

    /// Reference bases `lo..=hi` the change touches, insertion flanks included.
    fn span(&self) -> (u64, u64) {
        if self.is_insertion() {
            (self.end, self.start)
        } else {
            (self.start, self.end)
        }
    }
}

/// One transcript's consequence.
#[derive(Debug, Clone, PartialEq)]
pub struct Prediction {
    pub transcript: Arc<str>,
    pub gene: Arc<str>,
    pub(crate) biotype: Arc<str>,
    pub(crate) strand: Strand,
    /// SO terms (VEP names), most severe first.
    pub consequences: Vec<&'static str>,
    pub protein_position: Option<u32>,
    pub protein_change: Option<String>,
    pub hgvsc: Option<String>,
    /// `N/M` in transcript order.
    pub exon: Option<String>,
    pub(crate) intron: Option<String>,
    pub canonical: bool,
    pub mane_select: bool,
    pub cds_len: u64,
    /// The VCF REF differs from the reference CDS bases it covers (wrong build or FASTA?).
    pub ref_mismatch: bool,
}

fn push(terms: &mut Vec<&'static str>, t: &'static str) {
    if !terms.contains(&t) {
        terms.push(t);
    }
}

/// Number in transcript order (1-based) of genomic-order index `i` of `n`.
fn ordinal(t: &Transcript, i: usize, n: usize) -> String {
    match t.strand {
        Strand::Plus => format!("{}/{n}", i + 1),
        Strand::Minus => format!("{}/{n}", n - i),
    }
}

/// Splice terms and intron hits; returns the genomic-order index of the first intron hit.
fn splice(t: &Transcript, c: &Change, terms: &mut Vec<&'static str>) -> Option<usize> {
    let mut first = None;
    for (i, w) in t.exons.windows(2).enumerate() {
        let (is, ie) = (w[0].1 + 1, w[1].0.saturating_sub(1));
        if is > ie {
            continue;
        }
        // In an intron shorter than 4 bases each base belongs to the nearer end.
        let mid = is + (ie - is) / 2;
        let left = (is, (is + 1).min(mid));
        let right = (ie.saturating_sub(1).max(mid + 1).min(ie), ie);
        let (donor, acceptor) = match t.strand {
            Strand::Plus => (left, right),
            Strand::Minus => (right, left),
        };
        if c.hits(donor.0, donor.1) {
            push(terms, "splice_donor_variant");
        }
        if c.hits(acceptor.0, acceptor.1) {
            push(terms, "splice_acceptor_variant");
        }
        let regions = [
            (is + 2, (is + 7).min(ie)),
            (ie.saturating_sub(7).max(is), ie.saturating_sub(2)),
            (is.saturating_sub(3).max(w[0].0), is - 1),
            (ie + 1, (ie + 3).min(w[1].1)),
        ];
        // bcftools: a deletion reaching a splice site is not also a splice-region change.
        let site = c.hits(donor.0, donor.1) || c.hits(acceptor.0, acceptor.1);
        if !(site && c.del_len() > 1) && regions.iter().any(|&(s, e)| c.touches(s, e)) {
            push(terms, "splice_region_variant");
        }
        if c.hits(is, ie) {
            first.get_or_insert(i);
            if c.hits(is + 2, ie.saturating_sub(2)) {
                push(terms, "intron_variant");
            }
        }
    }
    first
}

/// Up- or downstream term of a change outside the transcript.
fn flank_term(t: &Transcript, c: &Change) -> Option<&'static str> {
    let (lo, hi) = c.span();
    let before = hi <= t.start;
    let dist = if before { t.start - hi } else { lo.saturating_sub(t.end) };
    if dist > FLANK {
        return None;
    }
    Some(match (before, t.strand) {
        (true, Strand::Plus) | (false, Strand::Minus) => "upstream_gene_variant",
        _ => "downstream_gene_variant",
    })
}

/// Offset of genomic `g` in the plus-strand spliced CDS.
fn cds_offset(cds: &[(u64, u64)], g: u64) -> Option<usize> {
    let mut off = 0u64;
    for &(s, e) in cds {
        if (s..=e).contains(&g) {
            return usize::try_from(off + g - s).ok();
        }
        off += e - s + 1;
    }
    None
}

/// Protein-level consequence for a change in a coding transcript.
fn coding(t: &Transcript, c: &Change, cds_plus: Option<&CdsSeq>, in_intron: bool, p: &mut Prediction) {
    let (Some(&(lo, _)), Some(&(_, hi))) = (t.cds.first(), t.cds.last()) else {
        return;
    };
    let five_left = t.strand == Strand::Plus;
    for &(s, e) in &t.exons {
        if lo > s && c.hits(s, e.min(lo - 1)) {
            push(
                &mut p.consequences,
                if five_left {
                    "5_prime_UTR_variant"
                } else {
                    "3_prime_UTR_variant"
                },
            );
        }
        if hi < e && c.hits(s.max(hi + 1), e) {
            push(
                &mut p.consequences,
                if five_left {
                    "3_prime_UTR_variant"
                } else {
                    "5_prime_UTR_variant"
                },
            );
        }
    }
    let inside = t.cds.iter().any(|&(s, e)| {
        if c.is_insertion() {
            s <= c.start && c.start <= e
        } else {
            s <= c.start && c.end <= e
        }
    });
    let n_cds: u64 = t
        .cds
        .iter()
        .filter(|&&(s, e)| c.hits(s, e))
        .map(|&(s, e)| c.end.min(e) + 1 - c.start.max(s))
        .sum();
    let Some(cds) = cds_plus else {
        if n_cds > 0 {
            push(&mut p.consequences, "coding_sequence_variant");
        }
        return;
    };
    let plus = cds.plus.as_slice();
    if inside && !c.is_insertion() {
        if let Some(o) = cds_offset(&t.cds, c.start) {
            let found = plus.get(o..o + c.deleted.len());
            p.ref_mismatch = found.is_none_or(|f| {
                f.iter()
                    .zip(&c.deleted)
                    .any(|(a, b)| a != b && *a != b'N' && *b != b'N')
            });
        }
    }
    let seq = cds.coding.as_slice();
    let ins = match t.strand {
        Strand::Plus => c.ins.clone(),
        Strand::Minus => revcomp(&c.ins),
    };
    // A 5' incomplete CDS starts with `phase` bases of a partial codon.
    let phase = usize::from(t.cds_phase).min(seq.len());
    let upstream: &[u8] = if phase == 0 { &cds.upstream } else { &[] };
    if !inside {
        if n_cds > 0 {
            boundary(t, c, &seq[phase..], upstream, in_intron, n_cds, p);
        }
        return;
    }
    let len = plus.len();
    let del = c.del_len() as usize;
    // Coding index of a genomic base inside the CDS.
    let coding_index = |g: u64| {
        cds_offset(&t.cds, g).and_then(|o| match t.strand {
            Strand::Plus => Some(o),
            Strand::Minus => len.checked_sub(o + 1),
        })
    };
    let c0 = match t.strand {
        Strand::Plus => coding_index(c.start),
        Strand::Minus if c.is_insertion() => coding_index(c.end).or(coding_index(c.start).map(|i| i + 1)),
        Strand::Minus => coding_index(c.end),
    };
    let Some(c0) = c0.filter(|&c0| c0 + del <= len).and_then(|c0| c0.checked_sub(phase)) else {
        push(&mut p.consequences, "coding_sequence_variant");
        return;
    };
    // bcftools keeps a padding base for changes of length only (not for substitutions).
    let indel = c.ins.len() != c.deleted.len();
    let padding = match t.strand {
        Strand::Plus if c.pad_left && indel => c.start.checked_sub(1),
        Strand::Minus if (c.pad_right && indel) || c.is_insertion() => Some(c.end + u64::from(c.pad_right)),
        _ => None,
    };
    let first_ref = padding
        .and_then(coding_index)
        .and_then(|i| i.checked_sub(phase))
        .unwrap_or(c0);
    let edit = Edit {
        c0,
        del_len: del,
        ins: &ins,
        first_ref,
        upstream,
    };
    let effect = coding_effect(&seq[phase..], &edit);
    for term in effect.terms {
        push(&mut p.consequences, term);
    }
    p.protein_position = effect.protein_position;
    p.protein_change = effect.protein_change;
    p.hgvsc = effect.hgvsc;
}

/// A change crossing a CDS end (into an intron, UTR or beyond the transcript).
/// `coding` is the coding-strand CDS (phase removed), `upstream` the bases 5' of it.
fn boundary(
    t: &Transcript,
    c: &Change,
    coding: &[u8],
    upstream: &[u8],
    in_intron: bool,
    n_cds: u64,
    p: &mut Prediction,
) {
    let (Some(&(lo, _)), Some(&(_, hi))) = (t.cds.first(), t.cds.last()) else {
        return;
    };
    let utr = ["5_prime_UTR_variant", "3_prime_UTR_variant"];
    p.consequences.retain(|t| !utr.contains(t));
    // Bases deleted 5' of the CDS start, and whether the change reaches its first / last codon.
    let (before_start, hits_first, hits_last) = match t.strand {
        Strand::Plus => (
            lo.saturating_sub(c.start),
            c.hits(lo, lo + 2),
            c.hits(hi.saturating_sub(2), hi),
        ),
        Strand::Minus => (
            c.end.saturating_sub(hi),
            c.hits(hi.saturating_sub(2), hi),
            c.hits(lo, lo + 2),
        ),
    };
    let within = c.start >= t.start && c.end <= t.end;
    if hits_first && before_start > 0 && coding.starts_with(b"ATG") && within {
        let kept = usize::try_from(before_start)
            .ok()
            .and_then(|b| upstream.len().checked_sub(b))
            .is_some_and(|c0p| start_codon_kept(upstream, coding, c0p, c.del_len() as usize, &c.ins));
        push(
            &mut p.consequences,
            if kept { "start_retained_variant" } else { "start_lost" },
        );
        return;
    }
    let stop = coding.len() % 3 == 0 && coding.len() >= 3 && translate_codon(&coding[coding.len() - 3..]) == b'*';
    if hits_last && stop && c.ins.is_empty() {
        push(&mut p.consequences, "stop_lost");
        push(
            &mut p.consequences,
            if n_cds % 3 == 0 {
                "inframe_deletion"
            } else {
                "frameshift_variant"
            },
        );
        return;
    }
    push(
        &mut p.consequences,
        if in_intron && n_cds % 3 != 0 {
            "frameshift_variant"
        } else {
            "coding_sequence_variant"
        },
    );
}

/// The consequence of `c` on `t`, or None when the change is farther than
/// [`FLANK`] from it. `cds_plus` is the plus-strand spliced CDS sequence
/// (None: unknown, coding changes become `coding_sequence_variant`).
pub fn predict(t: &Transcript, c: &Change, cds_plus: Option<&CdsSeq>) -> Option<Prediction> {
    predict_with(t, c, cds_plus, Detail::Full)
}

/// How much of a [`Prediction`] to build.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Detail {
    /// Everything.
    Full,
    /// What picking a transcript needs: no exon/intron numbers and no HGVSc outside the CDS
    /// (the engine builds those for the picked transcript only).
    Pick,
}

/// [`predict`] with the detail asked for.
pub(crate) fn predict_with(
    t: &Transcript,
    c: &Change,
    cds_plus: Option<&CdsSeq>,
    detail: Detail,
) -> Option<Prediction> {
    let mut p = Prediction {
        transcript: Arc::clone(&t.id),
        gene: Arc::clone(&t.gene),
        biotype: Arc::clone(&t.biotype),
        strand: t.strand,
        consequences: Vec::new(),
        protein_position: None,
        protein_change: None,
        hgvsc: None,
        exon: None,
        intron: None,
        canonical: t.canonical,
        mane_select: t.mane_select,
        cds_len: t.cds_len(),
        ref_mismatch: false,
    };
    if !lies_in(t, c) {
        p.consequences.push(flank_term(t, c)?);
        return Some(p);
    }
    let full = detail == Detail::Full;
    let intron = splice(t, c, &mut p.consequences);
    let n = t.exons.len();
    if let Some(i) = intron.filter(|_| full) {
        p.intron = Some(ordinal(t, i, n - 1));
    }
    let exon = t.exons.iter().position(|&(s, e)| c.hits(s, e));
    if let Some(i) = exon.filter(|_| full) {
        p.exon = Some(ordinal(t, i, n));
    }
    if t.is_coding() {
        if exon.is_some() {
            coding(t, c, cds_plus, intron.is_some(), &mut p);
        }
        if matches!(&*t.biotype, "nonsense_mediated_decay" | "NMD") && exon.is_some() {
            push(&mut p.consequences, "NMD_transcript_variant");
        }
        if p.hgvsc.is_none() && full {
            p.hgvsc = super::hgvs::hgvsc(t, c);
        }
    } else if exon.is_some() {
        push(&mut p.consequences, "non_coding_transcript_exon_variant");
    }
    if p.consequences.is_empty() {
        // An insertion exactly at an exon/intron junction, outside every region.
        push(
            &mut p.consequences,
            if exon.is_some() {
                "coding_sequence_variant"
            } else {
                "intron_variant"
            },
        );
    }
    p.consequences.sort_by_cached_key(|t| consequence_rank(t));
    Some(p)
}

/// Does `c` lie in `t` (not only up- or downstream of it)?
pub(crate) fn lies_in(t: &Transcript, c: &Change) -> bool {
    if c.is_insertion() {
        t.start <= c.end && c.start <= t.end
    } else {
        c.hits(t.start, t.end)
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Plus-strand transcript: exons 101-120, 201-230; CDS 111-120, 201-220.
    pub(crate) fn tx(strand: Strand) -> Transcript {
        Transcript {
            id: "T1".into(),
            gene: "G1".into(),
            biotype: "protein_coding".into(),
            chrom: "1".into(),
            strand,
            start: 101,
            end: 230,
            exons: vec![(101, 120), (201, 230)],
            cds: vec![(111, 120), (201, 220)],
            cds_phase: 0,
            canonical: true,
            mane_select: false,
        }
    }

    // CDS: ATG GTT GAG A | AA TGG CCC TTT GGG AAA TAA (30 bases) -> M V E K W P F G K *
    const CDS: &[u8] = b"ATGGTTGAGAAATGGCCCTTTGGGAAATAA";

    fn seq(plus: &[u8], strand: Strand) -> CdsSeq {
        CdsSeq::new(plus.to_vec(), b"CCCCC", strand)
    }

    fn run(t: &Transcript, pos: u64, r: &str, a: &str) -> Prediction {
        let c = Change::from_vcf(pos, r, a).unwrap();
        predict(t, &c, Some(&seq(CDS, t.strand))).unwrap()
    }

    #[test]
    fn change_trimming() {
        assert_eq!(
            Change::from_vcf(10, "CA", "C").unwrap(),
            Change {
                start: 11,
                end: 11,
                ins: vec![],
                deleted: b"A".to_vec(),
                pad_left: true,
                pad_right: false,
            }
        );
        let i = Change::from_vcf(10, "C", "CTT").unwrap();
        assert!(i.is_insertion() && i.start == 11 && i.ins == b"TT");
        assert_eq!(Change::from_vcf(10, "A", "<DEL>"), None);
        assert_eq!(Change::from_vcf(10, "A", "*"), None);
    }

    #[test]
    fn left_alignment() {
        // ref 1..=5: G C A C A; deleting "CA" at 4-5 moves to 2-3.
        let mut c = Change::from_vcf(3, "ACA", "A").unwrap();
        assert_eq!(c.left_align(1, b"GCA"), 2);
        assert_eq!((c.start, c.end, c.deleted.as_slice()), (2, 3, b"CA".as_slice()));
        assert!(c.pad_left && !c.pad_right);
        // An insertion of "TT" after 8 (T T before it) moves to after 6.
        let mut c = Change::from_vcf(8, "T", "TTT").unwrap();
        assert_eq!(c.left_align(1, b"ACACAGTT"), 2);
        assert_eq!((c.start, c.end, c.ins.as_slice()), (7, 6, b"TT".as_slice()));
        // Bounded by the sequence given; substitutions never move.
        let mut c = Change::from_vcf(3, "ACA", "A").unwrap();
        assert_eq!(c.left_align(3, b"A"), 1);
        let mut c = Change::from_vcf(3, "A", "C").unwrap();
        assert_eq!(c.left_align(1, b"AC"), 0);
    }

    #[test]
    fn regions_plus_strand() {
        let t = tx(Strand::Plus);
        assert_eq!(run(&t, 105, "A", "C").consequences, vec!["5_prime_UTR_variant"]);
        let p = run(&t, 114, "G", "A");
        assert_eq!(p.consequences, vec!["missense_variant"]);
        assert_eq!(p.protein_change.as_deref(), Some("p.V2I"));
        assert_eq!(p.hgvsc.as_deref(), Some("c.4G>A"));
        assert_eq!(p.exon.as_deref(), Some("1/2"));
        assert_eq!(run(&t, 112, "T", "A").consequences, vec!["start_lost"]);
        assert!(!run(&t, 112, "T", "A").ref_mismatch);
        assert!(run(&t, 112, "G", "A").ref_mismatch, "CDS base 2 is T");
        // last 3 exon bases: CDS + splice region
        assert_eq!(
            run(&t, 119, "A", "C").consequences,
            vec!["missense_variant", "splice_region_variant"]
        );
        assert_eq!(run(&t, 121, "G", "A").consequences, vec!["splice_donor_variant"]);
        assert_eq!(run(&t, 199, "G", "A").consequences, vec!["splice_acceptor_variant"]);
        assert_eq!(
            run(&t, 125, "G", "A").consequences,
            vec!["splice_region_variant", "intron_variant"]
        );
        assert_eq!(run(&t, 150, "G", "A").consequences, vec!["intron_variant"]);
        assert_eq!(run(&t, 150, "G", "A").intron.as_deref(), Some("1/1"));
        assert_eq!(run(&t, 125, "G", "A").hgvsc.as_deref(), Some("c.10+5G>A"));
        assert_eq!(run(&t, 228, "A", "C").consequences, vec!["3_prime_UTR_variant"]);
        assert_eq!(run(&t, 228, "A", "C").exon.as_deref(), Some("2/2"));
        assert_eq!(run(&t, 300, "A", "C").consequences, vec!["downstream_gene_variant"]);
        assert_eq!(run(&t, 50, "A", "C").consequences, vec!["upstream_gene_variant"]);
        assert!(predict(&t, &Change::from_vcf(9000, "A", "C").unwrap(), None).is_none());
        // deletion across the exon 1 end into the intron: 2 coding bases
        let p = run(&t, 118, "AAAG", "A");
        assert!(p.consequences.contains(&"frameshift_variant"), "{p:?}");
        assert!(p.consequences.contains(&"splice_donor_variant"));
    }

    #[test]
    fn minus_strand_codons() {
        let t = tx(Strand::Minus);
        // On the minus strand the coding sequence is the reverse complement of the plus bases.
        let plus = seq(&revcomp(CDS), Strand::Minus);
        let c = Change::from_vcf(220, "T", "C").unwrap(); // last plus base = first coding base (A of ATG)
        let p = predict(&t, &c, Some(&plus)).unwrap();
        assert_eq!(p.consequences, vec!["start_lost"]);
        assert_eq!(p.protein_position, Some(1));
        // donor of the minus-strand intron is at its right end
        let c = Change::from_vcf(200, "G", "A").unwrap();
        assert_eq!(
            predict(&t, &c, Some(&plus)).unwrap().consequences,
            vec!["splice_donor_variant"]
        );
        let c = Change::from_vcf(50, "G", "A").unwrap();
        assert_eq!(
            predict(&t, &c, Some(&plus)).unwrap().consequences,
            vec!["downstream_gene_variant"]
        );
    }

    proptest::proptest! {
        /// Any allele anywhere near either strand's transcript: no panic, and a
        /// prediction inside the flank always has a term.
        #[test]
        fn arbitrary_changes_never_panic(
            pos in 1u64..400,
            r in "[ACGTN]{1,6}",
            a in "[ACGTN]{1,6}",
            minus in proptest::bool::ANY,
            phase in 0u8..3,
        ) {
            let mut t = tx(if minus { Strand::Minus } else { Strand::Plus });
            t.cds_phase = phase;
            if let Some(c) = Change::from_vcf(pos, &r, &a) {
                for s in [Some(seq(CDS, t.strand)), Some(seq(b"ATG", t.strand)), Some(CdsSeq::default()), None] {
                    if let Some(p) = predict(&t, &c, s.as_ref()) {
                        proptest::prop_assert!(!p.consequences.is_empty());
                    }
                }
            }
        }
    }

    #[test]
    fn non_coding() {
        let mut t = tx(Strand::Plus);
        t.cds.clear();
        t.biotype = "lncRNA".into();
        let c = Change::from_vcf(112, "T", "A").unwrap();
        assert_eq!(
            predict(&t, &c, None).unwrap().consequences,
            vec!["non_coding_transcript_exon_variant"]
        );
    }
}
