//! ID83: small insertions and deletions by size, repeat context and
//! microhomology, with the row names of SigProfiler/COSMIC (`1:Del:C:0` …
//! `5:Del:M:5`), in COSMIC's row order.
//!
//! The repeat context is the one the MSI module computes
//! ([`crate::biomarkers::repeat::indel_sequence`] and
//! [`crate::biomarkers::repeat::tandem_copies`] on the reference around the
//! left-aligned indel), read the ID83 way:
//! - 1 bp: the changed base on the pyrimidine strand (C or T) and the
//!   homopolymer length beside it (deletions: other copies of the base, 0–5+;
//!   insertions: copies of the base in the reference, 0–5+);
//! - 2–5+ bp: the number of further tandem copies of the whole changed sequence
//!   (0–5+); a deletion with none is classed by microhomology (the longest
//!   stretch of the deleted sequence's start repeated after it, or of its end
//!   repeated before it; 1–5+, less than the deletion's size) when there is any.

use crate::biomarkers::repeat::{indel_sequence, tandem_copies};

/// The 83 ID row names in COSMIC's order.
pub(crate) fn id83_labels() -> Vec<String> {
    let mut v = Vec::with_capacity(83);
    for kind in ["Del", "Ins"] {
        for base in ["C", "T"] {
            for n in 0..=5 {
                v.push(format!("1:{kind}:{base}:{n}"));
            }
        }
    }
    for kind in ["Del", "Ins"] {
        for size in 2..=5 {
            for n in 0..=5 {
                v.push(format!("{size}:{kind}:R:{n}"));
            }
        }
    }
    for size in 2..=5 {
        for mh in 1..size.min(5) + usize::from(size == 5) {
            v.push(format!("{size}:Del:M:{mh}"));
        }
    }
    v
}

/// The row of a label (the labels built once).
fn row_of(label: &str) -> Option<usize> {
    static LABELS: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    LABELS.get_or_init(id83_labels).iter().position(|l| l == label)
}

/// The ID83 row of an anchored indel (`pos`, `ref_allele`, `alt` as in a VCF)
/// given reference bases `window` starting at 1-based `window_start` (enough
/// flank on both sides for the repeat: the MSI module's 100 bp). None when it
/// is not an anchored indel or REF does not match the window.
pub(crate) fn id83_row(window: &[u8], window_start: u64, pos: u64, ref_allele: &str, alt: &str) -> Option<usize> {
    let seq = indel_sequence(ref_allele, alt)?.as_bytes().to_ascii_uppercase();
    let anchor = usize::try_from(pos.checked_sub(window_start)?).ok()?;
    let r = ref_allele.as_bytes();
    if !window.get(anchor..anchor + r.len())?.eq_ignore_ascii_case(r) {
        return None;
    }
    let deletion = r.len() > alt.len();
    let kind = if deletion { "Del" } else { "Ins" };
    // First changed base (deletion) or insertion point, in window coordinates.
    let at = anchor + 1;
    let copies = tandem_copies(window, at, &seq);
    let label = if seq.len() == 1 {
        let base = match seq[0] {
            b'C' | b'G' => "C",
            b'T' | b'A' => "T",
            _ => return None,
        };
        let n = if deletion { copies.saturating_sub(1) } else { copies };
        format!("1:{kind}:{base}:{}", n.min(5))
    } else {
        let size = seq.len().min(5);
        let n = if deletion { copies.saturating_sub(1) } else { copies };
        let mh = if deletion && n == 0 {
            microhomology(window, at, &seq)
        } else {
            0
        };
        if mh > 0 {
            format!("{size}:Del:M:{}", mh.min(5).min(size - usize::from(size < 5)))
        } else {
            format!("{size}:{kind}:R:{}", n.min(5))
        }
    };
    row_of(&label)
}

/// Microhomology of the deletion of `del` starting at window index `at`: the
/// longest prefix of `del` repeated right after it, or suffix right before it,
/// shorter than the deletion.
fn microhomology(window: &[u8], at: usize, del: &[u8]) -> usize {
    let after = window.get(at + del.len()..).unwrap_or(&[]);
    let before = window.get(..at).unwrap_or(&[]);
    let mut best = 0;
    for k in 1..del.len() {
        let prefix = after.len() >= k && after[..k].eq_ignore_ascii_case(&del[..k]);
        let suffix = before.len() >= k && before[before.len() - k..].eq_ignore_ascii_case(&del[del.len() - k..]);
        if prefix || suffix {
            best = k;
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    fn label(window: &str, pos: u64, r: &str, a: &str) -> String {
        let i = id83_row(window.as_bytes(), 1, pos, r, a).expect("classified");
        id83_labels()[i].clone()
    }

    #[test]
    fn eighty_three_distinct_rows() {
        let l = id83_labels();
        assert_eq!(l.len(), 83);
        assert_eq!(l[0], "1:Del:C:0");
        assert_eq!(l[24], "2:Del:R:0");
        assert_eq!(l[72], "2:Del:M:1");
        assert_eq!(l[82], "5:Del:M:5");
        let mut d = l.clone();
        d.sort();
        d.dedup();
        assert_eq!(d.len(), 83);
    }

    #[test]
    fn single_base_indels_by_homopolymer_length() {
        // G then AAAAAA: deleting one A of a 6-A run leaves 5 others -> T:5
        assert_eq!(label("CGAAAAAACG", 2, "GA", "G"), "1:Del:T:5");
        // lone C deleted
        assert_eq!(label("ATCAT", 2, "TC", "T"), "1:Del:C:0");
        // G deleted from GG: other strand, one other copy -> C:1
        assert_eq!(label("ATGGAT", 2, "TG", "T"), "1:Del:C:1");
        // T inserted before TTT: 3 copies in the reference
        assert_eq!(label("CATTTGC", 2, "A", "AT"), "1:Ins:T:3");
        assert_eq!(label("CACGC", 2, "A", "AT"), "1:Ins:T:0");
    }

    #[test]
    fn longer_indels_by_repeats_and_microhomology() {
        // AC deleted from ACACAC: two further copies
        assert_eq!(label("GTACACACGG", 2, "TAC", "T"), "2:Del:R:2");
        // ACG deleted, followed by AC (prefix microhomology 2)
        assert_eq!(label("TTACGACTT", 2, "TACG", "T"), "3:Del:M:2");
        // no repeat, no microhomology
        assert_eq!(label("TTACGTTT", 2, "TACG", "T"), "3:Del:R:0");
        // 6 bp deletion: size 5+
        assert_eq!(label("GGACGTACCCCC", 2, "GACGTAC", "G"), "5:Del:R:0");
        assert_eq!(label("GGACGTACAGCC", 2, "GACGTAC", "G"), "5:Del:M:1");
        assert_eq!(label("GTAGAGTT", 2, "T", "TAG"), "2:Ins:R:2");
        assert_eq!(id83_row(b"ACGT", 1, 2, "A", "AT"), None, "REF mismatch");
        assert_eq!(id83_row(b"ACGT", 1, 2, "C", "T"), None, "not an indel");
    }
}
