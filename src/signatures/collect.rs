//! Catalogues from the passing variants of `report --reference FASTA`: each
//! SNV's trinucleotide and each indel's flanks are read from the FASTA with the
//! crate's reader ([`crate::consequence::fasta::Reference`], positioned reads,
//! shared by every chunk), and counted into the chunk's [`Catalogue`]; chunks
//! merge by adding. Memory does not grow with the number of variants.
//!
//! A MAF's context column (GDC `CONTEXT`) gives an SNV's trinucleotide
//! without a FASTA. With both, the column's trinucleotide is used when its
//! centre agrees with the FASTA's base at the variant; when it does not (most
//! likely the MAF and the FASTA are on different builds) the FASTA's is used
//! and the SNV is counted in [`Catalogue::context_mismatches`] for a warning.
//! Without a FASTA, indels have no flanks and count as unplaced.
//!
//! Doublets are counted from two-base MNV records and from two passing SNVs at
//! adjacent positions ([`Catalogue::add_snv`]), across chunk boundaries too
//! ([`Catalogue::merge`] joins the SNVs left open at the ends of two chunks; a
//! run of three or more adjacent SNVs pairs greedily from its first SNV in its
//! chunk, so its split can depend on a chunk boundary inside it). A
//! variant whose contig is not in the FASTA, or whose REF does not match it, is
//! counted as unplaced.

use std::sync::Arc;

use super::catalogue::Catalogue;
use super::indel::id83_row;
use crate::biomarkers::repeat::FLANK;
use crate::consequence::fasta::Reference;
use crate::model::{Variant, VariantKind};

/// Reads contexts for one report: from the FASTA (`--reference`), from the
/// input's context column, or both.
#[derive(Debug, Clone)]
pub(crate) struct Collector {
    reference: Option<Arc<Reference>>,
}

impl Collector {
    pub fn new(reference: Arc<Reference>) -> Collector {
        Collector {
            reference: Some(reference),
        }
    }

    /// Without a FASTA: SNVs take their context from the input's column only.
    pub fn from_column_only() -> Collector {
        Collector { reference: None }
    }

    /// Bases `start..=end`, clamped to the contig; with the clamped start.
    fn fetch(&self, chrom: &str, start: u64, end: u64) -> Option<(u64, Vec<u8>)> {
        let reference = self.reference.as_ref()?;
        let len = reference.length(chrom)?;
        let (s, e) = (start.max(1), end.min(len));
        (s <= e).then(|| reference.fetch(chrom, s, e).ok().map(|b| (s, b)))?
    }

    /// An SNV's trinucleotide: the column's (`column`) when the FASTA agrees with its centre or
    /// has no base there, else the FASTA's.
    fn snv_context(&self, v: &Variant, column: Option<[u8; 3]>, cat: &mut Catalogue) -> Option<[u8; 3]> {
        let fasta = match self.fetch(&v.chrom, v.pos.saturating_sub(1), v.pos + 1) {
            Some((s, ctx)) if s + 1 == v.pos => <[u8; 3]>::try_from(ctx.as_slice())
                .ok()
                .map(|c| c.map(|b| b.to_ascii_uppercase())),
            _ => None,
        };
        match (column, fasta) {
            (Some(c), Some(f)) if c[1] != f[1] => {
                cat.context_mismatches += 1;
                Some(f)
            }
            (Some(c), _) => {
                cat.column_contexts += 1;
                Some(c)
            }
            (None, f) => f,
        }
    }

    /// Count one passing variant (SNV, two-base MNV, anchored indel; others are not counted);
    /// `column`: the SNV's trinucleotide from the input's context column, if any.
    pub fn observe(&self, v: &Variant, column: Option<[u8; 3]>, cat: &mut Catalogue) {
        match v.kind() {
            VariantKind::Snv => {
                let (Some(&r), Some(&a)) = (v.ref_allele.as_bytes().first(), v.alt.as_bytes().first()) else {
                    return;
                };
                let context = self.snv_context(v, column, cat);
                cat.add_snv(v.chrom_norm(), v.pos, r, a, context);
            }
            VariantKind::Mnv if v.ref_allele.len() == 2 => {
                cat.add_dbs(v.ref_allele.as_bytes(), v.alt.as_bytes());
            }
            VariantKind::Insertion | VariantKind::Deletion => {
                let end = v.pos + v.ref_allele.len() as u64 + FLANK;
                let row = self
                    .fetch(&v.chrom, v.pos.saturating_sub(FLANK), end)
                    .and_then(|(s, w)| id83_row(&w, s, v.pos, &v.ref_allele, &v.alt));
                match row {
                    Some(i) => cat.id83[i] += 1,
                    None => cat.unplaced += 1,
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::signatures::catalogue::sbs96_labels;
    use crate::signatures::indel::id83_labels;
    use std::path::Path;

    fn variant(chrom: &str, pos: u64, r: &str, a: &str) -> Variant {
        Variant {
            chrom: chrom.into(),
            pos,
            ref_allele: r.into(),
            alt: a.into(),
            alt_index: 1,
            record_no: 1,
            filters: vec![],
            tumor: Default::default(),
            normal: None,
            somatic_flag: None,
            repeat: Default::default(),
            annotation: None,
        }
    }

    #[test]
    fn contexts_from_the_fasta() {
        // chr1: ACGTTAGCCCCCCA (1-based: A1 C2 G3 T4 T5 A6 G7 C8 ...)
        let reference = Reference::from_segments(
            Path::new("mem.fa"),
            vec![("chr1".into(), 14)],
            vec![("chr1".into(), 1, b"ACGTTAGCCCCCCA".to_vec())],
        );
        let c = Collector::new(Arc::new(reference));
        let mut cat = Catalogue::default();
        c.observe(&variant("1", 2, "C", "T"), None, &mut cat); // ACG -> A[C>T]G
        c.observe(&variant("chr1", 7, "G", "T"), None, &mut cat); // AGC, G>T -> G[C>A]T
        c.observe(&variant("chr1", 7, "GC", "G"), None, &mut cat); // C deleted from a run of 6
        c.observe(&variant("chr2", 7, "G", "T"), None, &mut cat); // no such contig
        c.observe(&variant("chr1", 1, "A", "T"), None, &mut cat); // no 5' base
        c.observe(&variant("chr1", 9, "C", "T"), None, &mut cat); // CC>TT: adjacent SNVs make a doublet
        c.observe(&variant("chr1", 10, "C", "T"), None, &mut cat);
        cat.flush();
        assert_eq!(
            cat.dbs78[crate::signatures::catalogue::DBS78
                .iter()
                .position(|x| *x == "CC>TT")
                .unwrap()],
            1
        );
        assert_eq!(cat.snvs(), 2);
        let l = sbs96_labels();
        assert_eq!(cat.sbs96[l.iter().position(|x| x == "A[C>T]G").unwrap()], 1);
        assert_eq!(cat.sbs96[l.iter().position(|x| x == "G[C>A]T").unwrap()], 1);
        assert_eq!(
            cat.id83[id83_labels().iter().position(|x| x == "1:Del:C:5").unwrap()],
            1
        );
        assert_eq!(cat.unplaced, 2);
    }

    #[test]
    fn context_column_with_and_without_the_fasta() {
        let reference = Reference::from_segments(
            Path::new("mem.fa"),
            vec![("chr1".into(), 14)],
            vec![("chr1".into(), 1, b"ACGTTAGCCCCCCA".to_vec())],
        );
        let l = sbs96_labels();
        let row = |x: &str| l.iter().position(|y| y == x).unwrap();
        // Without a FASTA: the column's trinucleotide; indels are unplaced.
        let c = Collector::from_column_only();
        let mut cat = Catalogue::default();
        c.observe(&variant("chr1", 2, "C", "T"), Some(*b"TCA"), &mut cat);
        c.observe(&variant("chr1", 5, "T", "G"), None, &mut cat);
        c.observe(&variant("chr1", 7, "GC", "G"), None, &mut cat);
        cat.flush();
        assert_eq!(cat.sbs96[row("T[C>T]A")], 1);
        assert_eq!((cat.snvs(), cat.unplaced, cat.column_contexts), (1, 2, 1));
        // With the FASTA: the column wins where its centre agrees (flanks from the column), the
        // FASTA where it does not (a build mismatch), counted for the warning.
        let c = Collector::new(Arc::new(reference));
        let mut cat = Catalogue::default();
        c.observe(&variant("chr1", 2, "C", "T"), Some(*b"TCA"), &mut cat);
        c.observe(&variant("chr1", 5, "T", "A"), Some(*b"GGG"), &mut cat);
        c.observe(&variant("chr2", 9, "C", "A"), Some(*b"ACA"), &mut cat);
        cat.flush();
        assert_eq!(cat.sbs96[row("T[C>T]A")], 1);
        assert_eq!(cat.sbs96[row("T[T>A]A")], 1, "GTTAG: the FASTA's TTA");
        assert_eq!(cat.sbs96[row("A[C>A]A")], 1, "contig not in the FASTA: the column");
        assert_eq!((cat.column_contexts, cat.context_mismatches), (2, 1));
    }
}
