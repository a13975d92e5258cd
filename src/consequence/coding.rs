//! Coding consequences of a change inside one transcript's CDS, on the coding
//! strand: codons, translation, and the protein-level SO terms.
//!
//! Rules (bcftools csq's where VEP and bcftools differ, so the conformance
//! suite measures one behaviour):
//! - a change in codon 1 of a CDS that starts with `ATG`: `start_lost` when
//!   the new sequence no longer starts with `ATG`, else `start_retained_variant`
//!   (a frameshift there is reported by the start term alone; an in-frame
//!   indel adds its inframe term);
//! - length change not a multiple of 3: `frameshift_variant` (plus `stop_lost`
//!   when the stop codon is hit and lost);
//! - in-frame: the codons spanning the change are translated; a new `*` →
//!   `stop_gained`, a lost `*` → `stop_lost` (with the inframe term), the same
//!   `*` → `stop_retained_variant`, equal amino acids → `synonymous_variant`,
//!   else `missense_variant` (same length) or `inframe_insertion`/`inframe_deletion`;
//! - a CDS not starting with `ATG` (5' incomplete), or of a single codon
//!   (bcftools), never gets start terms; one whose last codon is not a stop
//!   never gets stop_lost.
//!
//! Positions: `protein_position` is the first codon the change touches (an
//! insertion between two codons belongs to the codon before, as bcftools and
//! VEP number it). `protein_change` is our one-letter form: `p.V600E`,
//! `p.K132Nfs*5` (`p.K132fs` when no stop follows within the CDS), `p.E746_A750del`.
//! `protein_change` and `hgvsc` describe the indel shifted 3' as HGVS requires
//! (terms and `protein_position` the edit as written, as VEP does); an inserted
//! copy of the preceding bases is written `ins`, not `dup`.

use crate::protein::from_position_and_aa;

const CODONS: &[u8; 64] = b"FFLLSSSSYY**CC*WLLLLPPPPHHQQRRRRIIIMTTTTNNKKSSRRVVVVAAAADDEEGGGG";

fn base_index(b: u8) -> Option<usize> {
    match b {
        b'T' | b't' => Some(0),
        b'C' | b'c' => Some(1),
        b'A' | b'a' => Some(2),
        b'G' | b'g' => Some(3),
        _ => None,
    }
}

/// Amino acid of one codon (`X` for N or other symbols, or an incomplete codon).
pub(crate) fn translate_codon(c: &[u8]) -> u8 {
    match c {
        [a, b, d] => match (base_index(*a), base_index(*b), base_index(*d)) {
            (Some(a), Some(b), Some(d)) => CODONS[a * 16 + b * 4 + d],
            _ => b'X',
        },
        _ => b'X',
    }
}

/// Translate whole codons; a trailing partial codon is dropped.
pub(crate) fn translate(seq: &[u8]) -> Vec<u8> {
    seq.chunks_exact(3).map(translate_codon).collect()
}

pub fn revcomp(seq: &[u8]) -> Vec<u8> {
    seq.iter()
        .rev()
        .map(|b| match b {
            b'A' | b'a' => b'T',
            b'C' | b'c' => b'G',
            b'G' | b'g' => b'C',
            b'T' | b't' => b'A',
            _ => b'N',
        })
        .collect()
}

/// What a change does to the protein.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct CodingEffect {
    pub(crate) terms: Vec<&'static str>,
    pub protein_position: Option<u32>,
    pub protein_change: Option<String>,
    pub hgvsc: Option<String>,
}

fn as_str(v: &[u8]) -> String {
    String::from_utf8_lossy(v).into_owned()
}

/// `c.` notation of deleting `del_len` bases at 0-based `c0` and inserting `ins`.
fn hgvsc(cds: &[u8], c0: usize, del_len: usize, ins: &[u8]) -> String {
    let (a, b) = (c0 + 1, c0 + del_len);
    let deleted = &cds[c0..c0 + del_len];
    match (del_len, ins.len()) {
        (0, _) => format!("c.{}_{}ins{}", c0, c0 + 1, as_str(ins)),
        (1, 1) => format!("c.{a}{}>{}", as_str(deleted), as_str(ins)),
        (_, 0) if a == b => format!("c.{a}del"),
        (_, 0) => format!("c.{a}_{b}del"),
        _ if a == b => format!("c.{a}delins{}", as_str(ins)),
        _ => format!("c.{a}_{b}delins{}", as_str(ins)),
    }
}

/// Frameshift protein change: the first residue that differs, and the new stop after it.
/// `ref_seq` and `alt` (its length, and its bases by index) start at codon `k0` (0-based) of
/// the CDS. Codons are translated only as far as needed (not to the CDS end).
fn frameshift_change(ref_seq: &[u8], alt: (usize, impl Fn(usize) -> u8), k0: usize) -> Option<String> {
    let (alt_len, alt_base) = alt;
    let alt_codon = |i: usize| {
        (3 * i + 3 <= alt_len).then(|| translate_codon(&[alt_base(3 * i), alt_base(3 * i + 1), alt_base(3 * i + 2)]))
    };
    let i = (0..ref_seq.len() / 3).find(|&i| alt_codon(i) != Some(translate_codon(&ref_seq[3 * i..3 * i + 3])))?;
    let r = translate_codon(&ref_seq[3 * i..3 * i + 3]) as char;
    let pos = k0 + i + 1;
    match alt_codon(i) {
        Some(b'*') => Some(format!("p.{r}{pos}*")),
        Some(a) => match (i..alt_len / 3).position(|j| alt_codon(j) == Some(b'*')) {
            Some(j) => Some(format!("p.{r}{pos}{}fs*{}", a as char, j + 1)),
            None => Some(format!("p.{r}{pos}{}fs", a as char)),
        },
        None => Some(format!("p.{r}{pos}fs")),
    }
}

/// One change on the coding strand: `cds[c0..c0 + del_len]` replaced by `ins`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Edit<'a> {
    pub(crate) c0: usize,
    pub(crate) del_len: usize,
    pub(crate) ins: &'a [u8],
    /// Coding index of the first base of the VCF REF allele, its padding base
    /// included when that lies in the CDS: the codon bcftools numbers the
    /// change by (an insertion between two codons belongs to the one holding
    /// the padding base).
    pub(crate) first_ref: usize,
    /// Bases just 5' of the CDS (coding orientation; empty when unknown), for
    /// the start codon after a deletion or insertion at it.
    pub(crate) upstream: &'a [u8],
}

/// Is there still an `ATG` where translation starts, after replacing
/// `padded[c0p..c0p + del_len]` by `ins` in `padded = upstream + cds`? A
/// change beginning at or before the `A` moves the start by its length change.
pub(crate) fn start_codon_kept(upstream: &[u8], cds: &[u8], c0p: usize, del_len: usize, ins: &[u8]) -> bool {
    // The new start codon lies within the first `c0p + del_len + 3` padded bases.
    let needed = (c0p.saturating_sub(upstream.len()) + del_len + 3).min(cds.len());
    let mut padded = upstream.to_vec();
    padded.extend_from_slice(&cds[..needed]);
    if c0p + del_len > padded.len() {
        return false;
    }
    let mut alt = padded[..c0p].to_vec();
    alt.extend_from_slice(ins);
    alt.extend_from_slice(&padded[c0p + del_len..]);
    let a = upstream.len() as i64;
    let dlen = ins.len() as i64 - del_len as i64;
    let pos = if c0p as i64 <= a { a + dlen } else { a };
    usize::try_from(pos).is_ok_and(|p| alt.get(p..p + 3) == Some(b"ATG".as_slice()))
}

/// The edit moved 3' (towards the CDS end) as far as the sequence allows, as HGVS
/// describes indels: a deletion while the base after it equals its first base,
/// an insertion while the base after it equals the first inserted base (rotating
/// the insertion). Substitutions are returned unchanged.
pub(crate) fn shifted_3prime(cds: &[u8], edit: &Edit<'_>) -> (usize, Vec<u8>) {
    let (mut c0, del) = (edit.c0, edit.del_len);
    let mut ins = edit.ins.to_vec();
    if del > 0 && ins.is_empty() {
        while c0 + del < cds.len() && cds[c0] == cds[c0 + del] {
            c0 += 1;
        }
    } else if del == 0 && !ins.is_empty() {
        while c0 < cds.len() && ins[0] == cds[c0] {
            ins.rotate_left(1);
            c0 += 1;
        }
    }
    (c0, ins)
}

/// The effect of one [`Edit`]. Terms and position come from the edit as
/// given; `protein_change` and `hgvsc` from the edit shifted 3'
/// ([`shifted_3prime`]), as VEP writes HGVS. An edit reaching past the CDS is
/// only a `coding_sequence_variant`.
pub(crate) fn coding_effect(cds: &[u8], edit: &Edit<'_>) -> CodingEffect {
    if edit.c0 + edit.del_len > cds.len() {
        return CodingEffect {
            terms: vec!["coding_sequence_variant"],
            ..CodingEffect::default()
        };
    }
    let mut e = effect_at(cds, edit);
    let (c0, ins) = shifted_3prime(cds, edit);
    if c0 != edit.c0 {
        let moved = Edit {
            c0,
            ins: &ins,
            first_ref: c0,
            ..*edit
        };
        let m = effect_at(cds, &moved);
        e.protein_change = m.protein_change;
        e.hgvsc = m.hgvsc;
    }
    e
}

fn effect_at(cds: &[u8], edit: &Edit<'_>) -> CodingEffect {
    let Edit {
        c0,
        del_len,
        ins,
        first_ref,
        upstream,
    } = *edit;
    // Only the codons from the change on are built and translated (a CDS may be 100 kb long).
    let has_start = cds.starts_with(b"ATG");
    let has_stop = cds.len() % 3 == 0 && cds.len() >= 3 && translate_codon(&cds[cds.len() - 3..]) == b'*';
    let last_codon = (cds.len() / 3).saturating_sub(1);
    let k0 = first_ref.min(c0) / 3;
    let k1 = if del_len == 0 { k0 } else { (c0 + del_len - 1) / 3 };
    let k1 = k1.max(k0);
    let dlen = ins.len() as i64 - del_len as i64;
    let mut e = CodingEffect {
        protein_position: u32::try_from(k0 + 1).ok(),
        hgvsc: Some(hgvsc(cds, c0, del_len, ins)),
        ..CodingEffect::default()
    };
    // bcftools: a CDS of a single codon gets no start terms.
    let start_hit = c0 < 3 && has_start && cds.len() > 3;
    let start_kept = start_hit && start_codon_kept(upstream, cds, upstream.len() + c0, del_len, ins);
    // The sequence from codon k0 on, before and after the change.
    let rs = 3 * k0;
    let alt_from = |end: usize| {
        let mut a = Vec::with_capacity(end - rs + ins.len());
        a.extend_from_slice(&cds[rs..c0]);
        a.extend_from_slice(ins);
        a.extend_from_slice(&cds[c0 + del_len..end]);
        a
    };
    if dlen % 3 != 0 {
        if start_hit {
            e.terms.push(if start_kept {
                "start_retained_variant"
            } else {
                "start_lost"
            });
            e.protein_change = Some(if start_kept { "p.M1=" } else { "p.M1?" }.to_string());
            return e;
        }
        e.terms.push("frameshift_variant");
        if has_stop && k1 >= last_codon {
            e.terms.push("stop_lost");
        }
        // The sequence after the change, read in place: cds[rs..c0] + ins + cds[c0 + del_len..].
        let (head, tail) = (c0 - rs, c0 + del_len);
        let alt_base = |i: usize| {
            if i < head {
                cds[rs + i]
            } else if i < head + ins.len() {
                ins[i - head]
            } else {
                cds[tail + i - head - ins.len()]
            }
        };
        let alt_len = head + ins.len() + (cds.len() - tail);
        e.protein_change = frameshift_change(&cds[rs..], (alt_len, alt_base), k0);
        return e;
    }
    // In frame: the codons spanning the change.
    let re = (3 * (k1 + 1)).min(cds.len()).max(c0 + del_len);
    let r_aa = translate(&cds[rs..re]);
    let a_aa = translate(&alt_from(re));
    let stop_in_ref = r_aa.contains(&b'*') && has_stop && k1 >= last_codon;
    let stop_in_alt = a_aa.contains(&b'*');
    if start_hit {
        e.terms.push(if start_kept {
            "start_retained_variant"
        } else {
            "start_lost"
        });
    }
    if stop_in_ref && !stop_in_alt {
        e.terms.push("stop_lost");
    } else if stop_in_alt && !r_aa.contains(&b'*') {
        e.terms.push("stop_gained");
    }
    let gained = e.terms.contains(&"stop_gained");
    if dlen > 0 && !gained {
        e.terms.push("inframe_insertion");
    } else if dlen < 0 && !gained {
        e.terms.push("inframe_deletion");
    } else if dlen == 0 && e.terms.is_empty() {
        if r_aa == a_aa {
            e.terms.push(if r_aa.first() == Some(&b'*') {
                "stop_retained_variant"
            } else {
                "synonymous_variant"
            });
        } else {
            e.terms.push("missense_variant");
        }
    }
    // An in-frame change through the stop codon that ends in a stop keeps it.
    if stop_in_ref && a_aa.last() == Some(&b'*') && !e.terms.contains(&"stop_retained_variant") {
        e.terms.push("stop_retained_variant");
    }
    let position = if r_aa.len() > 1 {
        format!("{}-{}", k0 + 1, k0 + r_aa.len())
    } else {
        format!("{}", k0 + 1)
    };
    let terms: Vec<String> = e.terms.iter().map(|t| t.to_string()).collect();
    e.protein_change = from_position_and_aa(&position, &format!("{}/{}", as_str(&r_aa), as_str(&a_aa)), &terms);
    e
}

#[cfg(test)]
mod tests {
    use super::*;

    // ATG GTT GAG AAA TAA: M V E K *
    const CDS: &[u8] = b"ATGGTTGAGAAATAA";

    /// A plus-strand edit whose VCF padding base is the one before `c0`.
    fn coding_effect(cds: &[u8], c0: usize, del_len: usize, ins: &[u8]) -> CodingEffect {
        let first_ref = if c0 > 0 && (del_len == 0 || ins.is_empty()) {
            c0 - 1
        } else {
            c0
        };
        super::coding_effect(
            cds,
            &Edit {
                c0,
                del_len,
                ins,
                first_ref,
                upstream: b"CCA",
            },
        )
    }

    #[test]
    fn translation() {
        assert_eq!(translate(CDS), b"MVEK*");
        assert_eq!(translate(b"GTGNNA"), b"VX");
        assert_eq!(revcomp(b"ATGc"), b"GCAT");
    }

    #[test]
    fn snvs() {
        let e = coding_effect(CDS, 4, 1, b"A");
        assert_eq!(e.terms, vec!["missense_variant"]);
        assert_eq!(e.protein_change.as_deref(), Some("p.V2D"));
        assert_eq!(e.protein_position, Some(2));
        assert_eq!(e.hgvsc.as_deref(), Some("c.5T>A"));
        assert_eq!(coding_effect(CDS, 5, 1, b"C").terms, vec!["synonymous_variant"]);
        let e = coding_effect(CDS, 9, 1, b"T");
        assert_eq!(
            (e.terms[0], e.protein_change.as_deref()),
            ("stop_gained", Some("p.K4*"))
        );
        let e = coding_effect(CDS, 13, 1, b"G");
        assert_eq!(e.terms, vec!["stop_retained_variant"]);
        let e = coding_effect(CDS, 12, 1, b"C");
        assert_eq!(e.terms, vec!["stop_lost"]);
        assert_eq!(coding_effect(CDS, 2, 1, b"A").terms, vec!["start_lost"]);
        // 5' incomplete CDS: no start_lost
        assert_eq!(coding_effect(b"ACCGTT", 1, 1, b"T").terms, vec!["missense_variant"]);
    }

    #[test]
    fn indels() {
        // delete GAG (codon 3): in-frame
        let e = coding_effect(CDS, 6, 3, b"");
        assert_eq!(e.terms, vec!["inframe_deletion"]);
        assert_eq!(e.protein_change.as_deref(), Some("p.E3del"));
        assert_eq!(e.hgvsc.as_deref(), Some("c.7_9del"));
        // delete one base in codon 2: frameshift GTT GAG AAA TAA -> GTG AGA AAT AA
        let e = coding_effect(CDS, 5, 1, b"");
        assert_eq!(e.terms, vec!["frameshift_variant"]);
        assert_eq!(e.protein_position, Some(2));
        assert_eq!(e.protein_change.as_deref(), Some("p.E3Rfs"));
        // insertion between codons 2 and 3 belongs to codon 2
        let e = coding_effect(CDS, 6, 0, b"AAA");
        assert_eq!(e.terms, vec!["inframe_insertion"]);
        assert_eq!(e.protein_position, Some(2));
        assert_eq!(e.hgvsc.as_deref(), Some("c.6_7insAAA"));
        // insertion of a stop
        assert_eq!(coding_effect(CDS, 6, 0, b"TAG").terms, vec!["stop_gained"]);
        // frameshift in codon 1 keeping ATG
        assert_eq!(coding_effect(CDS, 2, 1, b"").terms, vec!["start_retained_variant"]);
        // deleting the A: the upstream A of CCA moves in, ATG is kept
        assert_eq!(coding_effect(CDS, 0, 1, b"").terms, vec!["start_retained_variant"]);
        assert!(!start_codon_kept(b"CCC", CDS, 3, 1, b""));
        // as bcftools csq test ENST00000318249.2: UTR …AG + ATG, deleting GA keeps ATG
        assert!(start_codon_kept(b"CAG", CDS, 2, 2, b""));
        // HGVS 3' rule: deleting the first of two GAG codons is p.E3del (the position stays
        // that of the codon holding the VCF padding base, as bcftools numbers it)
        let e = coding_effect(b"ATGGAGGAGTAA", 3, 3, b"");
        assert_eq!(e.protein_change.as_deref(), Some("p.E3del"));
        assert_eq!(e.hgvsc.as_deref(), Some("c.7_9del"));
        assert_eq!(e.protein_position, Some(1));
        // in-frame deletion through the stop codon that keeps a stop: TCT TAA -> TAA
        let e = coding_effect(b"ATGGTTGAGTCTTAA", 10, 3, b"");
        assert_eq!(e.terms, vec!["inframe_deletion", "stop_retained_variant"]);
        // frameshift in the stop codon
        let e = coding_effect(CDS, 13, 1, b"");
        assert_eq!(e.terms, vec!["frameshift_variant", "stop_lost"]);
    }
}
