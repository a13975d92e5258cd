//! MAF rows through our consequence engine (`--gene-models` GFF3/GTF with `--reference`, or a
//! transcript pack), as VCF records without an annotation go through it
//! ([`super::records`]).
//!
//! A MAF row keeps what it states: its gene, and its protein change where it has one (`HGVSp_Short`,
//! `HGVSp`, `Protein_Change`, `AAChange`). The engine fills in what the row lacks: a row without a
//! protein change takes the engine's picked transcript, HGVSc, protein change, consequence and exon
//! when the engine's gene is the row's gene. Where both give a protein change and they differ, the
//! MAF's is kept and the disagreement counted; the report names the first one in a warning.
//! Without gene models nothing is guessed: a row with `HGVSc` but no `HGVSp` keeps no protein
//! change unless it is a curated hotspot allele ([`crate::annotation::kb_fallback`]).

use crate::consequence::Engine;
use crate::kb::KnowledgeBase;
use crate::model::Variant;

/// What the engine did to one row.
#[derive(Debug, PartialEq)]
pub(super) enum EngineUse {
    /// No prediction, another gene's transcript, or nothing to fill in.
    Unused,
    /// The row had no protein change: the engine's was taken.
    Filled,
    /// Both gave the same protein change.
    Agreed,
    /// Both gave a protein change and they differ: the MAF's is kept; the text describes it.
    Disagreed(String),
    /// The engine refused the row (REF not the FASTA's base in a CDS: another build?).
    Error(String),
}

/// The HGVS one-letter form of a protein change (`p.Q1276X` → `p.Q1276*`).
fn normalised(change: &str) -> String {
    crate::protein::normalise_hgvs(change).unwrap_or_else(|| change.trim().to_string())
}

/// The engine's prediction for `v` merged into its MAF annotation (see the module doc).
pub(super) fn apply(engine: &Engine, kb: &KnowledgeBase, v: &mut Variant) -> EngineUse {
    let predicted = match engine.annotate(&v.chrom, v.pos, &v.ref_allele, &v.alt) {
        Ok(Some(a)) => a,
        Ok(None) => return EngineUse::Unused,
        Err(e) => return EngineUse::Error(e.to_string()),
    };
    let Some(maf) = v.annotation.as_mut() else {
        v.annotation = Some(predicted);
        return EngineUse::Filled;
    };
    let canonical = |g: &str| kb.gene(g).map_or_else(|| g.to_ascii_uppercase(), |x| x.symbol.clone());
    let same_gene = match (maf.gene.as_deref(), predicted.gene.as_deref()) {
        (None, _) => true,
        (Some(m), Some(p)) => canonical(m) == canonical(p),
        (Some(_), None) => false,
    };
    if !same_gene {
        return EngineUse::Unused;
    }
    match (maf.protein_change.as_deref(), predicted.protein_change.as_deref()) {
        (Some(m), Some(p)) => {
            if normalised(m) == normalised(p) {
                EngineUse::Agreed
            } else {
                EngineUse::Disagreed(format!(
                    "{} {}:{} {}>{}: MAF {}, gene models {} ({})",
                    maf.gene.as_deref().unwrap_or("?"),
                    v.chrom,
                    v.pos,
                    v.ref_allele,
                    v.alt,
                    m,
                    p,
                    predicted.transcript.as_deref().unwrap_or("?")
                ))
            }
        }
        (None, Some(_)) => {
            let gene = maf.gene.take().or(predicted.gene.clone());
            let population_af = maf.population_af;
            let population_af_field = maf.population_af_field.take();
            *maf = crate::model::Annotation {
                gene,
                population_af,
                population_af_field,
                ..predicted
            };
            EngineUse::Filled
        }
        (_, None) => {
            if maf.consequences.is_empty() && !predicted.consequences.is_empty() {
                maf.consequences = predicted.consequences;
            }
            EngineUse::Unused
        }
    }
}

/// The engine's work on a sample's rows, for the report's warnings.
#[derive(Debug, Default)]
pub(super) struct EngineCounts {
    pub filled: u64,
    pub agreed: u64,
    pub disagreed: u64,
    pub first_disagreement: Option<String>,
}

impl EngineCounts {
    pub(super) fn merge(&mut self, o: EngineCounts) {
        self.filled += o.filled;
        self.agreed += o.agreed;
        self.disagreed += o.disagreed;
        if self.first_disagreement.is_none() {
            self.first_disagreement = o.first_disagreement;
        }
    }

    /// The warning for the rows whose protein change the gene models contradict.
    pub(super) fn warning(&self) -> Option<String> {
        (self.disagreed > 0).then(|| {
            format!(
                "{} MAF row(s) have a protein change that the gene models (--gene-models) predict differently: the MAF's was kept (first: {})",
                self.disagreed,
                self.first_disagreement.as_deref().unwrap_or("?")
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::consequence::{fasta::Reference, gff::GeneModels};
    use crate::model::{Annotation, AnnotationSource};
    use std::path::Path;

    /// Contig `1`: BRAF on the plus strand, CDS 11-25 = ATG GTG AAA GGG TAA (M V K G *).
    fn engine(gene: &str) -> Engine {
        let gff = format!(
            "##gff-version 3\n\
1\tt\tgene\t11\t25\t.\t+\t.\tID=gene:G1;Name={gene};biotype=protein_coding\n\
1\tt\tmRNA\t11\t25\t.\t+\t.\tID=transcript:T1;Parent=gene:G1;biotype=protein_coding;tag=basic;transcript_id=T1\n\
1\tt\texon\t11\t25\t.\t+\t.\tParent=transcript:T1\n\
1\tt\tCDS\t11\t25\t.\t+\t0\tParent=transcript:T1\n"
        );
        let models = GeneModels::from_reader(gff.as_bytes(), Path::new("t.gff3")).expect("models");
        let seq = b"ACGTACGTACATGGTGAAAGGGTAAACGTACGTAC".to_vec();
        let reference = Reference::from_segments(
            Path::new("t.fa"),
            vec![("1".into(), seq.len() as u64)],
            vec![("1".into(), 1, seq)],
        );
        Engine::new(models, reference)
    }

    /// A MAF row's variant: codon 2 (GTG, positions 14-16), middle base T>A = p.V2E.
    fn row(gene: Option<&str>, change: Option<&str>) -> Variant {
        Variant {
            chrom: "1".into(),
            pos: 15,
            ref_allele: "T".into(),
            alt: "A".into(),
            alt_index: 1,
            record_no: 1,
            filters: vec![],
            tumor: crate::model::SampleDepth::default(),
            normal: None,
            somatic_flag: None,
            repeat: crate::model::CallerRepeat::default(),
            annotation: Some(Annotation {
                source: Some(AnnotationSource::Maf),
                gene: gene.map(str::to_string),
                consequences: vec!["missense_variant".into()],
                protein_change: change.map(str::to_string),
                population_af: Some(0.001),
                ..Annotation::default()
            }),
        }
    }

    #[test]
    fn a_row_without_a_protein_change_takes_the_engines() {
        let kb = KnowledgeBase::embedded().expect("kb");
        let e = engine("BRAF");
        let mut v = row(Some("BRAF"), None);
        assert_eq!(apply(&e, &kb, &mut v), EngineUse::Filled);
        let a = v.annotation.expect("annotation");
        assert_eq!(a.protein_change.as_deref(), Some("p.V2E"));
        assert_eq!(a.hgvsc.as_deref(), Some("c.5T>A"));
        assert_eq!(a.transcript.as_deref(), Some("T1"));
        assert_eq!(a.source, Some(AnnotationSource::Engine));
        assert_eq!(a.gene.as_deref(), Some("BRAF"));
        assert_eq!(a.population_af, Some(0.001), "the MAF's population AF is kept");
    }

    #[test]
    fn a_rows_own_protein_change_is_kept_and_a_contradiction_reported() {
        let kb = KnowledgeBase::embedded().expect("kb");
        let e = engine("BRAF");
        let mut same = row(Some("BRAF"), Some("p.V2E"));
        assert_eq!(apply(&e, &kb, &mut same), EngineUse::Agreed);
        let mut other = row(Some("BRAF"), Some("p.V2D"));
        match apply(&e, &kb, &mut other) {
            EngineUse::Disagreed(t) => assert!(t.contains("MAF p.V2D, gene models p.V2E (T1)"), "{t}"),
            u => panic!("{u:?}"),
        }
        let a = other.annotation.expect("annotation");
        assert_eq!(a.protein_change.as_deref(), Some("p.V2D"));
        assert_eq!(a.source, Some(AnnotationSource::Maf));
    }

    #[test]
    fn another_genes_transcript_fills_nothing() {
        let kb = KnowledgeBase::embedded().expect("kb");
        let e = engine("KRAS");
        let mut v = row(Some("BRAF"), None);
        assert_eq!(apply(&e, &kb, &mut v), EngineUse::Unused);
        assert_eq!(v.annotation.and_then(|a| a.protein_change), None);
        // A REF the FASTA contradicts inside the CDS is refused, as for VCF records.
        let mut wrong = row(Some("KRAS"), None);
        wrong.ref_allele = "C".into();
        assert!(matches!(apply(&e, &kb, &mut wrong), EngineUse::Error(_)));
    }

    #[test]
    fn the_warning_names_the_first_disagreement() {
        let mut c = EngineCounts::default();
        assert_eq!(c.warning(), None);
        c.merge(EngineCounts {
            disagreed: 2,
            first_disagreement: Some("record 3: X".into()),
            ..EngineCounts::default()
        });
        let w = c.warning().expect("warning");
        assert!(w.starts_with("2 MAF row(s) have a protein change"), "{w}");
        assert!(w.ends_with("(first: record 3: X)"), "{w}");
    }
}
