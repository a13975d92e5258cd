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
