//! The reading frame of a DNA fusion from the consequence engine's transcript models
//! (`--gene-models` GFF3/GTF or a transcript pack: [`crate::consequence::gff`]).
//!
//! Each partner's transcript is its MANE Select one at the breakpoint (else the Ensembl canonical,
//! else the longest CDS). A breakpoint in an intron joins the 5' partner's exons before it to the
//! 3' partner's exons after it (splicing skips the intronic rest), so the fusion is in frame when
//! the coding bases of the 5' partner before its breakpoint and those of the 3' partner before
//! its breakpoint are equal modulo 3. No frame is derived when a breakpoint lies in an exon
//! (the junction's bases decide), or outside a partner's coding region (a 5' breakpoint before the
//! start codon or after the stop, a 3' breakpoint after the stop).

use crate::consequence::gff::{GeneModels, Strand, Transcript};

/// The frame derived for one fusion, with the transcripts it was read on.
#[derive(Debug, Clone, PartialEq)]
pub struct DerivedFrame {
    /// `in-frame` or `out-of-frame`.
    pub frame: &'static str,
    pub five_transcript: String,
    pub three_transcript: String,
}

/// The transcript of `gene` at `contig:pos`: MANE Select, else canonical, else the longest CDS.
pub(crate) fn transcript<'m>(models: &'m GeneModels, gene: &str, contig: &str, pos: u64) -> Option<&'m Transcript> {
    models
        .overlapping(contig, pos, pos, 0)
        .into_iter()
        .filter(|t| &*t.gene == gene && t.is_coding())
        .max_by_key(|t| (t.mane_select, t.canonical, t.cds_len(), std::cmp::Reverse(t.id.clone())))
}

/// Coding bases of `t` upstream (in transcript order) of `pos`, or None when `pos` lies in an exon.
fn coding_before(t: &Transcript, pos: u64) -> Option<u64> {
    if t.exons.iter().any(|&(s, e)| s <= pos && pos <= e) {
        return None;
    }
    let upstream = |s: u64, e: u64| -> u64 {
        match t.strand {
            // Bases below pos.
            Strand::Plus if s < pos => e.min(pos - 1) - s + 1,
            // Bases above pos.
            Strand::Minus if e > pos => e - s.max(pos + 1) + 1,
            _ => 0,
        }
    };
    Some(t.cds.iter().map(|&(s, e)| upstream(s, e)).sum())
}

/// The frame of a fusion of `five` (breakpoint `five_at`) and `three` (breakpoint `three_at`),
/// each `(contig, pos)`, or None (no transcript, an exonic breakpoint, outside the coding region).
pub fn derive(
    models: &GeneModels,
    five: &str,
    five_at: (&str, u64),
    three: &str,
    three_at: (&str, u64),
) -> Option<DerivedFrame> {
    let t5 = transcript(models, five, five_at.0, five_at.1)?;
    let t3 = transcript(models, three, three_at.0, three_at.1)?;
    let c5 = coding_before(t5, five_at.1)?;
    let c3 = coding_before(t3, three_at.1)?;
    // The 5' part must hold the start codon and not the whole CDS; the 3' part must hold coding
    // bases after the breakpoint.
    if c5 == 0 || c5 >= t5.cds_len() || c3 >= t3.cds_len() {
        return None;
    }
    // A 3' breakpoint upstream of the CDS: the 5' UTR of the 3' partner is read as coding.
    if c3 == 0 {
        return None;
    }
    Some(DerivedFrame {
        frame: if c5 % 3 == c3 % 3 { "in-frame" } else { "out-of-frame" },
        five_transcript: t5.id.to_string(),
        three_transcript: t3.id.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    fn tx(id: &str, gene: &str, strand: Strand, exons: Vec<(u64, u64)>, cds: Vec<(u64, u64)>) -> Transcript {
        Transcript {
            id: Arc::from(id),
            gene: Arc::from(gene),
            biotype: Arc::from("protein_coding"),
            chrom: "1".into(),
            strand,
            start: exons.first().map(|e| e.0).unwrap_or(0),
            end: exons.last().map(|e| e.1).unwrap_or(0),
            exons,
            cds,
            cds_phase: 0,
            canonical: true,
            mane_select: true,
        }
    }

    #[test]
    fn frame_from_coding_bases_before_the_breakpoints() {
        // A (+): CDS 100..=150 (51) and 200..=249 (50); breakpoint at 170 keeps 51 coding bases.
        let a = tx(
            "TA",
            "A",
            Strand::Plus,
            vec![(90, 150), (200, 260)],
            vec![(100, 150), (200, 249)],
        );
        // B (−): exons 1000..=1100 (first in transcript order) and 500..=600; CDS 1000..=1090 (91)
        // and 500..=590; breakpoint 800 leaves 91 coding bases upstream: 91 % 3 = 1, 51 % 3 = 0.
        let b = tx(
            "TB",
            "B",
            Strand::Minus,
            vec![(500, 600), (1000, 1100)],
            vec![(500, 590), (1000, 1090)],
        );
        // C (−) with 90 coding bases before its breakpoint: 90 % 3 = 0, in frame with A.
        let c = tx(
            "TC",
            "C",
            Strand::Minus,
            vec![(2500, 2600), (3000, 3100)],
            vec![(2500, 2590), (3000, 3089)],
        );
        let m = GeneModels::new(vec![a, b, c]);
        let out = derive(&m, "A", ("1", 170), "B", ("1", 800)).map(|f| f.frame);
        assert_eq!(out, Some("out-of-frame"));
        let d = derive(&m, "A", ("1", 170), "C", ("1", 2800));
        assert_eq!(
            d.map(|f| (f.frame, f.five_transcript, f.three_transcript)),
            Some(("in-frame", "TA".into(), "TC".into()))
        );
        // Exonic breakpoint, or a 5' breakpoint before the start codon: no frame.
        assert_eq!(derive(&m, "A", ("1", 120), "C", ("1", 2800)), None);
        assert_eq!(derive(&m, "A", ("1", 80), "C", ("1", 2800)), None);
    }
}
