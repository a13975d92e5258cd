//! Our own consequence engine: gene models (GFF3) + reference FASTA → SO
//! consequences per transcript, for VCFs that carry no VEP/SnpEff/BCSQ annotation.
//!
//! - [`gff`]: transcripts from Ensembl/GENCODE/RefSeq GFF3 or GTF in a per-contig interval index;
//! - [`fasta`]: the indexed reference;
//! - [`predict`]: one change on one transcript (regions, splice sites, flanks);
//! - [`coding`]: codons, translation, protein terms and notation;
//! - [`hgvs`]: `c.` positions and HGVSc outside the CDS (UTR, intron);
//! - [`contig`]: contig names across VCF, GFF and FASTA (RefSeq accessions included);
//! - [`pack`]: transcript packs (models and coding bases, no FASTA needed).
//!
//! [`Engine::predict`] runs every transcript within [`predict::FLANK`] of a
//! VCF allele; [`Engine::annotate`] also picks the one transcript reported,
//! with the rule of VEP input (see [`crate::annotation`]): a protein-coding
//! transcript the variant lies in first, then MANE Select, Ensembl canonical,
//! the most severe consequence, the longest CDS, the transcript id.
//! Contig names are unified across VCF, GFF and FASTA (`chr1` = `1`, RefSeq
//! `NC_000001.11` = `1`: [`contig`]).
//!
//! This module never reads a VCF: callers hand it POS/REF/ALT.

pub mod coding;
pub mod fasta;
pub mod gff;
pub mod hgvs;
pub mod pack;
pub mod predict;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use crate::model::{Annotation, AnnotationSource};
use fasta::{FastaError, Reference};
use gff::{GeneModels, GffError, ModelFormat, Transcript};
use predict::{CdsSeq, Change, Detail, Prediction};

/// CDS rows at most this many bases apart are read from the FASTA in one query.
const FETCH_GAP: u64 = 8192;

/// Spliced CDS sequences kept per engine before the cache is emptied.
const CACHE_LIMIT: usize = 4096;

/// Why the engine could not be set up.
#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    #[error(transparent)]
    Models(#[from] GffError),
    #[error(transparent)]
    Reference(#[from] FastaError),
}

/// Why one allele could not be annotated.
#[derive(Debug, thiserror::Error)]
pub enum PredictError {
    #[error(transparent)]
    Reference(#[from] FastaError),
    #[error("{chrom}:{pos}: REF {reference} differs from the reference FASTA in the CDS of {transcript} (another genome build?)")]
    RefMismatch {
        chrom: String,
        pos: u64,
        reference: String,
        transcript: String,
    },
}

/// True when `path` holds GFF3 or GTF gene models (not a BED), by content, or is a transcript
/// pack directory ([`pack`]).
pub(crate) fn is_gene_model_file(path: &Path) -> bool {
    pack::is_pack(path) || gff::detect(path).is_ok_and(|f| matches!(f, ModelFormat::Gff3 | ModelFormat::Gtf))
}

/// Spliced CDS sequences by transcript index in the gene models.
type CdsCache = rustc_hash::FxHashMap<usize, Arc<CdsSeq>>;

/// Gene models and reference, shared by every record (and patient).
#[derive(Debug)]
pub struct Engine {
    models: GeneModels,
    reference: Reference,
    cds_cache: Mutex<CdsCache>,
}

impl Engine {
    pub fn new(models: GeneModels, reference: Reference) -> Engine {
        Engine {
            models,
            reference,
            cds_cache: Mutex::new(CdsCache::default()),
        }
    }

    /// Load gene models (GFF3/GTF) and open the reference FASTA.
    pub(crate) fn from_paths(models: &Path, reference: &Path) -> Result<Engine, EngineError> {
        Ok(Engine::new(GeneModels::from_path(models)?, Reference::open(reference)?))
    }

    /// The engine for these files, loaded once per process: the patients of
    /// a batch share one set of gene models (kept until the process ends).
    pub(crate) fn shared(models: &Path, reference: &Path) -> Result<Arc<Engine>, EngineError> {
        type Loaded = Mutex<HashMap<(PathBuf, PathBuf), Arc<Engine>>>;
        static LOADED: OnceLock<Loaded> = OnceLock::new();
        let key = (models.to_path_buf(), reference.to_path_buf());
        // Held while loading, so concurrent patients wait for one load instead of each loading.
        let mut map = LOADED
            .get_or_init(Loaded::default)
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        if let Some(e) = map.get(&key) {
            return Ok(Arc::clone(e));
        }
        let e = Arc::new(Engine::from_paths(models, reference)?);
        map.insert(key, Arc::clone(&e));
        Ok(e)
    }

    /// The engine of a transcript pack (no FASTA needed), loaded once per process like [`Engine::shared`].
    pub(crate) fn shared_pack(dir: &Path) -> Result<Arc<Engine>, pack::PackError> {
        static LOADED: OnceLock<Mutex<HashMap<PathBuf, Arc<Engine>>>> = OnceLock::new();
        let mut map = LOADED
            .get_or_init(Default::default)
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        if let Some(e) = map.get(dir) {
            return Ok(Arc::clone(e));
        }
        let e = Arc::new(pack::read(dir)?);
        map.insert(dir.to_path_buf(), Arc::clone(&e));
        Ok(e)
    }

    /// The reference the engine reads its coding bases from.
    pub fn reference(&self) -> &Reference {
        &self.reference
    }

    pub(crate) fn models(&self) -> &GeneModels {
        &self.models
    }

    /// The spliced CDS of `t` and its 5' flank, from the cache or the FASTA.
    fn cds_sequence(&self, key: usize, t: &Transcript) -> Result<Arc<CdsSeq>, FastaError> {
        if let Some(s) = self.cds_cache.lock().unwrap_or_else(|p| p.into_inner()).get(&key) {
            return Ok(Arc::clone(s));
        }
        let plus = self.cds_bases(t)?;
        let (lo, hi) = (t.cds.first().map_or(0, |c| c.0), t.cds.last().map_or(0, |c| c.1));
        let length = self.reference.length(&t.chrom).unwrap_or(0);
        let flank5 = match t.strand {
            gff::Strand::Plus if lo > 1 => self.reference.fetch(&t.chrom, lo.saturating_sub(10).max(1), lo - 1)?,
            gff::Strand::Minus if hi < length => self.reference.fetch(&t.chrom, hi + 1, (hi + 10).min(length))?,
            _ => Vec::new(),
        };
        let seq = Arc::new(CdsSeq::new(plus, &flank5, t.strand));
        let mut cache = self.cds_cache.lock().unwrap_or_else(|p| p.into_inner());
        if cache.len() >= CACHE_LIMIT {
            cache.clear();
        }
        cache.insert(key, Arc::clone(&seq));
        Ok(seq)
    }

    /// The bases of `t`'s CDS rows, plus strand. Rows less than [`FETCH_GAP`] apart are read in
    /// one FASTA query (each query seeks and refills the reader's buffer); a transcript pack,
    /// which holds only the rows and their margins, is read row by row.
    fn cds_bases(&self, t: &Transcript) -> Result<Vec<u8>, FastaError> {
        let mut plus = Vec::with_capacity(usize::try_from(t.cds_len()).unwrap_or(0));
        let mut k = 0;
        while k < t.cds.len() {
            let (from, mut to) = t.cds[k];
            let mut j = k + 1;
            while j < t.cds.len() && t.cds[j].0.saturating_sub(to) <= FETCH_GAP {
                to = to.max(t.cds[j].1);
                j += 1;
            }
            match self.reference.fetch(&t.chrom, from, to) {
                Ok(block) => {
                    for &(s, e) in &t.cds[k..j] {
                        if let (Ok(a), Ok(b)) = (usize::try_from(s - from), usize::try_from(e - from)) {
                            plus.extend_from_slice(block.get(a..=b).unwrap_or(&[]));
                        }
                    }
                }
                Err(_) if j > k + 1 => {
                    for &(s, e) in &t.cds[k..j] {
                        plus.extend(self.reference.fetch(&t.chrom, s, e)?);
                    }
                }
                Err(e) => return Err(e),
            }
            k = j;
        }
        Ok(plus)
    }

    /// Consequences of one ALT on every transcript within the flank, in
    /// transcript start order. Empty for symbolic alleles or no nearby
    /// transcript. An error when the FASTA lacks a transcript's contig or range.
    pub fn predict(&self, chrom: &str, pos: u64, r: &str, alt: &str) -> Result<Vec<Prediction>, FastaError> {
        let Some(c) = Self::change(pos, r, alt) else {
            return Ok(Vec::new());
        };
        let preds = self.predictions(chrom, &c, Detail::Full, false)?;
        Ok(preds.into_iter().map(|(_, p)| p).collect())
    }

    /// The change a VCF allele makes, read as bcftools csq reads it.
    fn change(pos: u64, r: &str, alt: &str) -> Option<Change> {
        let mut c = Change::from_vcf(pos, r, alt)?;
        c.left_align_in_record(pos, r);
        Some(c)
    }

    /// (transcript index, prediction) for every transcript within the flank; with
    /// `only_within`, the transcripts the change lies in when there are any (an up- or
    /// downstream one is then never picked).
    fn predictions(
        &self,
        chrom: &str,
        c: &Change,
        detail: Detail,
        only_within: bool,
    ) -> Result<Vec<(usize, Prediction)>, FastaError> {
        let (lo, hi) = if c.is_insertion() {
            (c.end, c.start)
        } else {
            (c.start, c.end)
        };
        let transcripts = self.models.transcripts();
        let near: Vec<usize> = self.models.overlapping_ids(chrom, lo, hi, predict::FLANK).collect();
        let within = only_within && near.iter().any(|&i| predict::lies_in(&transcripts[i], c));
        let mut out = Vec::with_capacity(near.len());
        for i in near {
            let t = &transcripts[i];
            if within && !predict::lies_in(t, c) {
                continue;
            }
            if let Some(p) = self.predict_one(i, t, c, detail)? {
                out.push((i, p));
            }
        }
        Ok(out)
    }

    fn predict_one(
        &self,
        i: usize,
        t: &Transcript,
        c: &Change,
        detail: Detail,
    ) -> Result<Option<Prediction>, FastaError> {
        let (lo, hi) = if c.is_insertion() {
            (c.end, c.start)
        } else {
            (c.start, c.end)
        };
        let needs_cds = t.is_coding() && t.cds.iter().any(|&(s, e)| s <= hi && e >= lo);
        let seq = if needs_cds {
            Some(self.cds_sequence(i, t)?)
        } else {
            None
        };
        Ok(predict::predict_with(t, c, seq.as_deref(), detail))
    }

    /// The picked transcript's consequence of one ALT as an [`Annotation`].
    /// An error when the REF does not match the FASTA in a CDS it covers.
    pub fn annotate(&self, chrom: &str, pos: u64, r: &str, alt: &str) -> Result<Option<Annotation>, PredictError> {
        let Some(c) = Self::change(pos, r, alt) else {
            return Ok(None);
        };
        // Every transcript is predicted as far as picking needs; the picked one in full.
        let preds = self.predictions(chrom, &c, Detail::Pick, true)?;
        if let Some((_, p)) = preds.iter().find(|(_, p)| p.ref_mismatch) {
            return Err(PredictError::RefMismatch {
                chrom: chrom.to_string(),
                pos,
                reference: r.to_string(),
                transcript: p.transcript.to_string(),
            });
        }
        let Some(best) = pick_index(preds.iter().map(|(_, p)| p)) else {
            return Ok(None);
        };
        let i = preds[best].0;
        let full = self.predict_one(i, &self.models.transcripts()[i], &c, Detail::Full)?;
        Ok(full.map(to_annotation))
    }
}

/// Location class, the one of VEP input ([`crate::annotation`]): 0 = protein-coding
/// transcript the change lies in, 1 = another transcript it lies in, 2 = only up-/downstream.
fn location_class(p: &Prediction) -> u8 {
    // VEP input's class of the joined terms is the smallest class of any one term.
    let pc = &*p.biotype == "protein_coding";
    p.consequences
        .iter()
        .map(|t| crate::so::location_class(true, pc, t))
        .min()
        .unwrap_or(3)
}

/// The one prediction reported (see the module doc).
#[cfg(test)]
pub(crate) fn pick(preds: Vec<Prediction>) -> Option<Prediction> {
    let i = pick_index(preds.iter())?;
    preds.into_iter().nth(i)
}

/// The position of the prediction [`pick`] reports.
fn pick_index<'a>(preds: impl Iterator<Item = &'a Prediction>) -> Option<usize> {
    // Each key is computed once.
    let key = |p: &Prediction| {
        (
            location_class(p),
            !p.mane_select,
            !p.canonical,
            p.consequences
                .iter()
                .map(|c| crate::so::consequence_rank(c))
                .min()
                .unwrap_or(u32::MAX),
            std::cmp::Reverse(p.cds_len),
        )
    };
    preds
        .enumerate()
        .map(|(i, p)| (key(p), p, i))
        .min_by(|(ka, a, _), (kb, b, _)| ka.cmp(kb).then_with(|| a.transcript.cmp(&b.transcript)))
        .map(|(_, _, i)| i)
}

pub(crate) fn to_annotation(p: Prediction) -> Annotation {
    // `String::from`, not `to_string`: no formatting machinery for a plain copy.
    let consequences: Vec<String> = p.consequences.iter().map(|&c| String::from(c)).collect();
    Annotation {
        source: Some(AnnotationSource::Engine),
        gene: Some(String::from(&*p.gene)),
        transcript: Some(String::from(&*p.transcript)),
        impact: consequences.first().map(|c| String::from(crate::so::impact_of(c))),
        consequences,
        hgvsc: p.hgvsc,
        hgvsp: None,
        protein_change: p.protein_change,
        protein_position: p.protein_position,
        exon: p.exon,
        canonical: p.canonical,
        mane_select: p.mane_select,
        population_af: None,
        population_af_field: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use gff::Strand;

    fn pred(tx: &str, biotype: &str, terms: &[&'static str], mane: bool, cds_len: u64) -> Prediction {
        Prediction {
            transcript: tx.into(),
            gene: "G".into(),
            biotype: biotype.into(),
            strand: Strand::Plus,
            consequences: terms.to_vec(),
            protein_position: None,
            protein_change: None,
            hgvsc: None,
            exon: None,
            intron: None,
            canonical: false,
            mane_select: mane,
            cds_len,
            ref_mismatch: false,
        }
    }

    #[test]
    fn pick_follows_the_vep_rule() {
        let pc = "protein_coding";
        // MANE Select beats a more severe consequence on another transcript.
        let p = pick(vec![
            pred("T2", pc, &["missense_variant"], false, 900),
            pred("T1", pc, &["intron_variant"], true, 300),
        ]);
        assert_eq!(p.map(|p| p.transcript).as_deref(), Some("T1"));
        // A MANE transcript the variant is only downstream of does not hide one it lies in.
        let p = pick(vec![
            pred("T1", pc, &["downstream_gene_variant"], true, 300),
            pred("T3", "lncRNA", &["non_coding_transcript_exon_variant"], false, 0),
            pred("T2", pc, &["synonymous_variant"], false, 900),
        ]);
        assert_eq!(p.map(|p| p.transcript).as_deref(), Some("T2"));
        // Equal otherwise: the longest CDS, then the id.
        let p = pick(vec![
            pred("T1", pc, &["missense_variant"], false, 300),
            pred("T9", pc, &["missense_variant"], false, 900),
        ]);
        assert_eq!(p.map(|p| p.transcript).as_deref(), Some("T9"));
        assert!(pick(Vec::new()).is_none());
    }
}
