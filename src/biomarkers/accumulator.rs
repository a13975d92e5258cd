//! Counting: the streaming [`Accumulator`] that every passing variant goes
//! through, its fixed table of counter cells, and the indels kept for a
//! `--reference` lookup.

use super::embedded_rules;
use super::error::{BiomarkerError, Result};
use super::options::BiomarkerOptions;
use super::repeat::{self, CallerContext, RepeatRules};
use crate::genome::RegionSet;
use crate::model::{AnnotationSource, Variant, VariantKind};
use crate::so;
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Options-derived state shared by all chunk accumulators.
#[derive(Debug)]
pub(crate) struct Setup {
    pub targets: Option<RegionSet>,
    pub gene_models: Option<RegionSet>,
    pub max_pop_af: f64,
    pub(crate) keep_unknown_indels: bool,
}

impl Setup {
    pub fn new(o: &BiomarkerOptions) -> Result<Setup> {
        let load = |flag: &'static str, p: &Option<PathBuf>| -> Result<Option<RegionSet>> {
            match p {
                None => Ok(None),
                Some(p) => RegionSet::from_path(p)
                    .map(Some)
                    .map_err(|source| BiomarkerError::OptionFile {
                        flag,
                        path: p.clone(),
                        source,
                    }),
            }
        };
        Ok(Setup {
            targets: load("--targets", &o.targets)?,
            // GFF3/GTF gene models feed the consequence engine, not a BED region.
            gene_models: match &o.gene_models {
                Some(p) if crate::consequence::is_gene_model_file(p) => None,
                other => load("--gene-models", other)?,
            },
            max_pop_af: o.max_pop_af,
            keep_unknown_indels: o.reference.is_some(),
        })
    }
}

/// Coding class of a variant from its picked consequence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Coding {
    NonSynonymous = 0,
    /// Synonymous or other coding (synonymous_variant, stop/start_retained, coding_sequence_variant…).
    Synonymous = 1,
    Noncoding = 2,
    /// No VEP/SnpEff annotation for this allele (or only a knowledge-base hotspot label).
    Missing = 3,
}

impl Coding {
    pub(crate) const ALL: [Coding; 4] = [
        Coding::NonSynonymous,
        Coding::Synonymous,
        Coding::Noncoding,
        Coding::Missing,
    ];
    pub(crate) fn of(v: &Variant) -> Coding {
        match &v.annotation {
            None => Coding::Missing,
            Some(a) if a.source == Some(AnnotationSource::KnowledgeBase) || a.source.is_none() => Coding::Missing,
            Some(a) => {
                if so::is_coding_nonsynonymous(&a.consequences) {
                    Coding::NonSynonymous
                } else if so::is_coding(&a.consequences) {
                    Coding::Synonymous
                } else {
                    Coding::Noncoding
                }
            }
        }
    }
}

/// Population-AF class: unknown, ≤ max_pop_af, > max_pop_af.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Pop {
    Unknown = 0,
    Low = 1,
    High = 2,
}

impl Pop {
    pub(crate) const ALL: [Pop; 3] = [Pop::Unknown, Pop::Low, Pop::High];
}

/// One counter cell's coordinates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Cell {
    pub coding: Coding,
    pub(crate) indel: bool,
    pub(crate) in_targets: bool,
    pub(crate) in_models: bool,
    pub(crate) somatic_false: bool,
    pub(crate) pop: Pop,
}

pub(crate) const N_CELLS: usize = 4 * 2 * 2 * 2 * 2 * 3;
pub(crate) const N_MSI: usize = 2 * 2 * 2 * 2 * 3;

impl Cell {
    /// The counter cell of one passing variant (SNV/MNV/indel).
    pub(crate) fn of(setup: &Setup, v: &Variant) -> Cell {
        let pop_af = v.annotation.as_ref().and_then(|a| a.population_af);
        Cell {
            coding: Coding::of(v),
            indel: v.kind().is_indel(),
            in_targets: setup
                .targets
                .as_ref()
                .is_none_or(|t| t.overlaps_variant(&v.chrom, v.pos, v.ref_allele.len())),
            in_models: setup
                .gene_models
                .as_ref()
                .is_none_or(|t| t.overlaps_variant(&v.chrom, v.pos, v.ref_allele.len())),
            somatic_false: v.somatic_flag == Some(false),
            pop: pop_class(pop_af, setup.max_pop_af),
        }
    }

    pub(crate) fn index(&self) -> usize {
        (((((self.coding as usize) * 2 + self.indel as usize) * 2 + self.in_targets as usize) * 2
            + self.in_models as usize)
            * 2
            + self.somatic_false as usize)
            * 3
            + self.pop as usize
    }
    /// The MSI counter cell of a variant in this cell (coding class and
    /// SNV/indel are counted inside it; `exonic` splits it instead).
    pub(crate) fn msi_key(&self, exonic: bool) -> MsiKey {
        MsiKey {
            exonic,
            in_targets: self.in_targets,
            in_models: self.in_models,
            somatic_false: self.somatic_false,
            pop: self.pop,
        }
    }
    pub(crate) fn all() -> Vec<Cell> {
        let mut out = Vec::with_capacity(N_CELLS);
        for coding in Coding::ALL {
            for indel in [false, true] {
                for in_targets in [false, true] {
                    for in_models in [false, true] {
                        for somatic_false in [false, true] {
                            for pop in Pop::ALL {
                                out.push(Cell {
                                    coding,
                                    indel,
                                    in_targets,
                                    in_models,
                                    somatic_false,
                                    pop,
                                });
                            }
                        }
                    }
                }
            }
        }
        out
    }
}

/// One MSI counter cell's coordinates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct MsiKey {
    /// The picked VEP/SnpEff consequence is exonic ([`so::is_exonic`]).
    pub(crate) exonic: bool,
    pub(crate) in_targets: bool,
    pub(crate) in_models: bool,
    pub(crate) somatic_false: bool,
    pub(crate) pop: Pop,
}

impl MsiKey {
    pub(crate) fn index(&self) -> usize {
        ((((self.exonic as usize) * 2 + self.in_targets as usize) * 2 + self.in_models as usize) * 2
            + self.somatic_false as usize)
            * 3
            + self.pop as usize
    }
    pub(crate) fn all() -> Vec<MsiKey> {
        let mut out = Vec::with_capacity(N_MSI);
        for exonic in [false, true] {
            for in_targets in [false, true] {
                for in_models in [false, true] {
                    for somatic_false in [false, true] {
                        for pop in Pop::ALL {
                            out.push(MsiKey {
                                exonic,
                                in_targets,
                                in_models,
                                somatic_false,
                                pop,
                            });
                        }
                    }
                }
            }
        }
        out
    }
}

/// MSI counters for one [`MsiKey`] cell.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MsiCounts {
    pub snvs: u64,
    pub indels: u64,
    /// Indels in a microsatellite (context known).
    pub repeat: u64,
    /// 1 bp indels in homopolymers (context known).
    pub(crate) hp1: u64,
    /// Indels whose context came from the caller's fields.
    pub(crate) from_caller: u64,
    /// Indels whose context came from the reference FASTA.
    pub(crate) from_reference: u64,
    /// Indels with no known context.
    pub(crate) unknown: u64,
    /// Indels without repeat fields in a file that defines them (see [`CallerContext::Absent`]).
    pub(crate) absent: u64,
}

impl MsiCounts {
    pub(crate) fn add(&mut self, o: &MsiCounts) {
        self.snvs += o.snvs;
        self.indels += o.indels;
        self.repeat += o.repeat;
        self.hp1 += o.hp1;
        self.from_caller += o.from_caller;
        self.from_reference += o.from_reference;
        self.unknown += o.unknown;
        self.absent += o.absent;
    }
}

/// An indel whose repeat context is looked up in the reference at the end.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct PendingIndel {
    pub chrom: String,
    pub pos: u64,
    pub ref_allele: String,
    pub alt: String,
    pub(crate) msi_index: usize,
    /// Caller fields absent on this record (resolved at the end, see [`CallerContext::Absent`]).
    pub(crate) absent: bool,
}

/// A compact observation (only kept when the accumulator has no [`Setup`]).
#[derive(Debug, Clone, PartialEq)]
struct Obs {
    contig: u32,
    pos: u64,
    ref_len: u32,
    coding: Coding,
    exonic: bool,
    indel: bool,
    somatic_false: bool,
    pop_af: Option<f64>,
    repeat: CallerContext,
    /// REF/ALT of an indel with unknown repeat context.
    alleles: Option<Box<(String, String)>>,
}

/// Streaming accumulator: `observe` every passing variant (after annotation),
/// `merge` accumulators from parallel chunks in order, then [`super::finish`].
#[derive(Debug, Clone, Default)]
pub struct Accumulator {
    pub(crate) setup: Option<Arc<Setup>>,
    /// TMB counters, `N_CELLS` long once used.
    pub(crate) cells: Vec<u64>,
    /// MSI counters, `N_MSI` long once used.
    pub msi: Vec<MsiCounts>,
    pub(crate) pending_indels: Vec<PendingIndel>,
    pending: Vec<Obs>,
    contigs: Vec<String>,
    /// Passing variants observed (SNV/MNV/indel; symbolic alleles are ignored).
    pub(crate) observed: u64,
    /// Variants whose annotation carried a population AF.
    pub(crate) with_population_af: u64,
    /// Variants whose VCF carried caller repeat fields.
    pub(crate) with_caller_repeat_fields: u64,
}

impl Accumulator {
    /// An accumulator with the targets/gene-model BEDs loaded once; clone it
    /// for each chunk. Errors name the flag and file.
    pub fn new(options: &BiomarkerOptions) -> Result<Accumulator> {
        Ok(Accumulator {
            setup: Some(Arc::new(Setup::new(options)?)),
            ..Default::default()
        })
    }

    pub fn observe(&mut self, v: &Variant) {
        let kind = v.kind();
        if kind == VariantKind::Symbolic {
            return;
        }
        self.observed += 1;
        let indel = kind.is_indel();
        let coding = Coding::of(v);
        let exonic = coding != Coding::Missing && v.annotation.as_ref().is_some_and(|a| so::is_exonic(&a.consequences));
        let pop_af = v.annotation.as_ref().and_then(|a| a.population_af);
        if pop_af.is_some() {
            self.with_population_af += 1;
        }
        if v.repeat.known {
            self.with_caller_repeat_fields += 1;
        }
        let repeat = if indel {
            repeat::from_caller(&v.repeat, &v.ref_allele, &v.alt, embedded_rules())
        } else {
            CallerContext::None
        };
        let needs_lookup = indel && !matches!(repeat, CallerContext::Fields(_));
        match self.setup.clone() {
            Some(setup) => {
                let cell = Cell::of(&setup, v);
                let alleles = if needs_lookup && setup.keep_unknown_indels {
                    Some((v.chrom.as_str(), v.pos, v.ref_allele.as_str(), v.alt.as_str()))
                } else {
                    None
                };
                self.tally(cell, exonic, repeat, alleles);
            }
            None => {
                let contig = self.intern(&v.chrom);
                self.pending.push(Obs {
                    contig,
                    pos: v.pos,
                    ref_len: v.ref_allele.len() as u32,
                    coding,
                    exonic,
                    indel,
                    somatic_false: v.somatic_flag == Some(false),
                    pop_af,
                    repeat,
                    alleles: needs_lookup.then(|| Box::new((v.ref_allele.clone(), v.alt.clone()))),
                });
            }
        }
    }

    fn intern(&mut self, chrom: &str) -> u32 {
        if let Some(i) = self.contigs.iter().rposition(|c| c == chrom) {
            return i as u32;
        }
        self.contigs.push(chrom.to_string());
        (self.contigs.len() - 1) as u32
    }

    fn tally(&mut self, cell: Cell, exonic: bool, repeat: CallerContext, alleles: Option<(&str, u64, &str, &str)>) {
        let msi_index = cell.msi_key(exonic).index();
        if self.cells.is_empty() {
            self.cells = vec![0; N_CELLS];
            self.msi = vec![MsiCounts::default(); N_MSI];
        }
        self.cells[cell.index()] += 1;
        let m = &mut self.msi[msi_index];
        if !cell.indel {
            m.snvs += 1;
            return;
        }
        m.indels += 1;
        match repeat {
            CallerContext::Fields(r) => {
                m.from_caller += 1;
                m.repeat += r.repeat as u64;
                m.hp1 += r.homopolymer_1bp as u64;
            }
            other => {
                let absent = other == CallerContext::Absent;
                if absent {
                    m.absent += 1;
                } else {
                    m.unknown += 1;
                }
                if let Some((chrom, pos, r, a)) = alleles {
                    self.pending_indels.push(PendingIndel {
                        chrom: chrom.to_string(),
                        pos,
                        ref_allele: r.to_string(),
                        alt: a.to_string(),
                        msi_index,
                        absent,
                    });
                }
            }
        }
    }

    pub fn merge(&mut self, other: Accumulator) {
        if self.setup.is_none() {
            self.setup = other.setup.clone();
        }
        if !other.cells.is_empty() {
            if self.cells.is_empty() {
                self.cells = vec![0; N_CELLS];
                self.msi = vec![MsiCounts::default(); N_MSI];
            }
            for (a, b) in self.cells.iter_mut().zip(&other.cells) {
                *a += b;
            }
            for (a, b) in self.msi.iter_mut().zip(&other.msi) {
                a.add(b);
            }
        }
        self.pending_indels.extend(other.pending_indels);
        for mut o in other.pending {
            let name = other.contigs.get(o.contig as usize).map(String::as_str).unwrap_or("");
            o.contig = self.intern(name);
            self.pending.push(o);
        }
        self.observed += other.observed;
        self.with_population_af += other.with_population_af;
        self.with_caller_repeat_fields += other.with_caller_repeat_fields;
    }

    /// Fold compact observations into the counters once the setup is known.
    pub(crate) fn apply_pending(&mut self, setup: &Setup) {
        let pending = std::mem::take(&mut self.pending);
        let contigs = std::mem::take(&mut self.contigs);
        for o in pending {
            let chrom = contigs.get(o.contig as usize).map(String::as_str).unwrap_or("");
            let cell = Cell {
                coding: o.coding,
                indel: o.indel,
                in_targets: setup
                    .targets
                    .as_ref()
                    .is_none_or(|t| t.overlaps_variant(chrom, o.pos, o.ref_len as usize)),
                in_models: setup
                    .gene_models
                    .as_ref()
                    .is_none_or(|t| t.overlaps_variant(chrom, o.pos, o.ref_len as usize)),
                somatic_false: o.somatic_false,
                pop: pop_class(o.pop_af, setup.max_pop_af),
            };
            let alleles = o.alleles.as_deref().filter(|_| setup.keep_unknown_indels);
            self.tally(
                cell,
                o.exonic,
                o.repeat,
                alleles.map(|(r, a)| (chrom, o.pos, r.as_str(), a.as_str())),
            );
        }
    }

    /// The counter tables, zero, when nothing was counted.
    pub(crate) fn ensure_cells(&mut self) {
        if self.cells.is_empty() {
            self.cells = vec![0; N_CELLS];
            self.msi = vec![MsiCounts::default(); N_MSI];
        }
    }

    /// Indels without fields in a file that has them: "not a repeat" when the
    /// caller wrote fields for other indels (Mutect2 writes them only for
    /// repeats), otherwise unknown (fields stripped).
    pub(crate) fn resolve_absent_fields(&mut self) {
        let with_fields: u64 = self.msi.iter().map(|m| m.from_caller).sum();
        for m in self.msi.iter_mut() {
            if with_fields > 0 {
                m.from_caller += m.absent;
            } else {
                m.unknown += m.absent;
            }
            m.absent = 0;
        }
        if with_fields > 0 {
            self.pending_indels.retain(|p| !p.absent);
        }
    }

    /// Repeat context from the `--reference` FASTA for the indels the caller
    /// did not describe. Only opening the FASTA is an error; indels it cannot
    /// resolve are counted in the outcome.
    pub(crate) fn resolve_from_reference(&mut self, path: &Path, rules: &RepeatRules) -> Result<ReferenceLookup> {
        let mut out = ReferenceLookup::default();
        if self.pending_indels.is_empty() {
            return Ok(out);
        }
        // Looked up in parallel batches, each with its own reader (a reader seeks), then counted
        // in file order: the first mismatch reported is the first in the file.
        let open = || {
            repeat::Reference::open(path).map_err(|source| BiomarkerError::Reference {
                path: path.to_path_buf(),
                source,
            })
        };
        let pending = std::mem::take(&mut self.pending_indels);
        let looked_up: Vec<Vec<_>> = pending
            .par_chunks(INDELS_PER_READER)
            .map(|batch| {
                let mut r = open()?;
                Ok(batch
                    .iter()
                    .map(|p| r.repeat_context(&p.chrom, p.pos, &p.ref_allele, &p.alt, rules))
                    .collect())
            })
            .collect::<Result<_>>()?;
        for (p, found) in pending.iter().zip(looked_up.into_iter().flatten()) {
            match found {
                Ok(Some(call)) => {
                    let m = &mut self.msi[p.msi_index];
                    m.unknown = m.unknown.saturating_sub(1);
                    m.from_reference += 1;
                    m.repeat += call.repeat as u64;
                    m.hp1 += call.homopolymer_1bp as u64;
                }
                Ok(None) => out.contig_missing += 1,
                Err(e) => {
                    out.mismatched += 1;
                    if out.first_mismatch.is_none() {
                        out.first_mismatch = Some(format!(
                            "{}:{} {}>{}: {e} — is --reference the genome build of the VCF?",
                            p.chrom, p.pos, p.ref_allele, p.alt
                        ));
                    }
                }
            }
        }
        Ok(out)
    }
}

/// Indels looked up by one FASTA reader (a batch of the parallel lookup).
const INDELS_PER_READER: usize = 512;

fn pop_class(af: Option<f64>, max: f64) -> Pop {
    match af {
        None => Pop::Unknown,
        Some(x) if x > max => Pop::High,
        Some(_) => Pop::Low,
    }
}

/// What the `--reference` lookup could not resolve.
#[derive(Debug, Default)]
pub(crate) struct ReferenceLookup {
    /// Indels on contigs absent from the FASTA.
    pub(crate) contig_missing: u64,
    /// Indels whose REF did not match (or could not be read).
    pub(crate) mismatched: u64,
    /// The first of those, as a warning.
    pub(crate) first_mismatch: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A FASTA of one contig (60 bases a line) with its `.fai`; homopolymer runs every 50 bases.
    fn fasta(dir: &Path, len: usize) -> (PathBuf, Vec<u8>) {
        let seq: Vec<u8> = (0..len)
            .map(|i| if i % 50 < 8 { b'A' } else { b"CGT"[i % 3] })
            .collect();
        let path = dir.join("ref.fa");
        let mut text = b">chr1\n".to_vec();
        for line in seq.chunks(60) {
            text.extend_from_slice(line);
            text.push(b'\n');
        }
        std::fs::write(&path, &text).unwrap();
        std::fs::write(dir.join("ref.fa.fai"), format!("chr1\t{len}\t6\t60\t61\n")).unwrap();
        (path, seq)
    }

    #[test]
    fn reference_lookups_in_parallel_batches_count_as_one_serial_pass() {
        let dir = tempfile::tempdir().unwrap();
        let (path, seq) = fasta(dir.path(), 200_000);
        let n = INDELS_PER_READER * 3 + 17;
        let bad = [INDELS_PER_READER + 5, INDELS_PER_READER * 2 + 1];
        let pending: Vec<PendingIndel> = (0..n)
            .map(|i| {
                let pos = 100 + i as u64 * 37;
                let base = seq[pos as usize - 1] as char;
                let next = seq[pos as usize] as char;
                // A one-base deletion after `pos`; two with a REF the reference does not have.
                let wrong = ['A', 'C', 'G', 'T'].into_iter().find(|b| *b != next).unwrap_or('A');
                let r = format!("{base}{}", if bad.contains(&i) { wrong } else { next });
                PendingIndel {
                    chrom: if i == 3 { "chrUn".into() } else { "1".into() },
                    pos,
                    ref_allele: r,
                    alt: base.to_string(),
                    msi_index: i % 2,
                    absent: false,
                }
            })
            .collect();
        let rules = RepeatRules::default();
        // The serial pass, with one reader.
        let mut r = repeat::Reference::open(&path).unwrap();
        let mut want = [MsiCounts::default(), MsiCounts::default()];
        let (mut missing, mut mismatched) = (0, 0);
        for p in &pending {
            match r.repeat_context(&p.chrom, p.pos, &p.ref_allele, &p.alt, &rules) {
                Ok(Some(c)) => {
                    want[p.msi_index].from_reference += 1;
                    want[p.msi_index].repeat += c.repeat as u64;
                    want[p.msi_index].hp1 += c.homopolymer_1bp as u64;
                }
                Ok(None) => missing += 1,
                Err(_) => mismatched += 1,
            }
        }
        let mut acc = Accumulator {
            msi: vec![MsiCounts::default(), MsiCounts::default()],
            pending_indels: pending,
            ..Default::default()
        };
        let out = acc.resolve_from_reference(&path, &rules).unwrap();
        assert_eq!((out.contig_missing, out.mismatched), (missing, mismatched));
        assert_eq!((missing, mismatched), (1, 2));
        let first = out.first_mismatch.expect("a mismatch");
        assert!(
            first.starts_with(&format!("1:{} ", 100 + bad[0] as u64 * 37)),
            "{first}"
        );
        for (got, want) in acc.msi.iter().zip(&want) {
            assert_eq!(
                (got.from_reference, got.repeat, got.hp1),
                (want.from_reference, want.repeat, want.hp1)
            );
        }
        assert!(
            want[0].repeat > 0 && want[0].repeat < want[0].from_reference,
            "{want:?}"
        );
        assert!(acc.pending_indels.is_empty());
    }
}
