//! Catalogues from the passing variants of `report --reference FASTA`: each
//! SNV's trinucleotide and each indel's flanks are read from the FASTA with the
//! crate's reader ([`crate::consequence::fasta::Reference`], positioned reads,
//! shared by every chunk), and counted into the chunk's [`Catalogue`]; chunks
//! merge by adding. Memory does not grow with the number of variants.
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

/// Reads contexts for one report.
#[derive(Debug, Clone)]
pub(crate) struct Collector {
    reference: Arc<Reference>,
}

impl Collector {
    pub fn new(reference: Arc<Reference>) -> Collector {
        Collector { reference }
    }

    /// Bases `start..=end`, clamped to the contig; with the clamped start.
    fn fetch(&self, chrom: &str, start: u64, end: u64) -> Option<(u64, Vec<u8>)> {
        let len = self.reference.length(chrom)?;
        let (s, e) = (start.max(1), end.min(len));
        (s <= e).then(|| self.reference.fetch(chrom, s, e).ok().map(|b| (s, b)))?
    }

    /// Count one passing variant (SNV, two-base MNV, anchored indel; others are not counted).
    pub fn observe(&self, v: &Variant, cat: &mut Catalogue) {
        match v.kind() {
            VariantKind::Snv => {
                let (r, a) = (v.ref_allele.as_bytes()[0], v.alt.as_bytes()[0]);
                let context = match self.fetch(&v.chrom, v.pos.saturating_sub(1), v.pos + 1) {
                    Some((s, ctx)) if s + 1 == v.pos => <[u8; 3]>::try_from(ctx.as_slice()).ok(),
                    _ => None,
                };
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
        c.observe(&variant("1", 2, "C", "T"), &mut cat); // ACG -> A[C>T]G
        c.observe(&variant("chr1", 7, "G", "T"), &mut cat); // AGC, G>T -> G[C>A]T
        c.observe(&variant("chr1", 7, "GC", "G"), &mut cat); // C deleted from a run of 6
        c.observe(&variant("chr2", 7, "G", "T"), &mut cat); // no such contig
        c.observe(&variant("chr1", 1, "A", "T"), &mut cat); // no 5' base
        c.observe(&variant("chr1", 9, "C", "T"), &mut cat); // CC>TT: adjacent SNVs make a doublet
        c.observe(&variant("chr1", 10, "C", "T"), &mut cat);
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
}
