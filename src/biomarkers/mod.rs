//! TMB and MSI from the passing variants.
//!
//! The pipeline calls [`Accumulator::observe`] on every variant that passed
//! the FILTER/depth/VAF filters, after annotation and classification, in
//! parallel chunks; chunk accumulators are merged in file order and
//! [`finish`] turns the totals into the report's [`Biomarkers`].
//!
//! An accumulator holds a fixed table of counters (by coding class, SNV/indel,
//! inside the targets or not, caller somatic status and population-AF class)
//! plus only the indels whose repeat context must be looked up in the
//! `--reference` FASTA, so memory does not grow with the number of SNVs.
//! Build chunk accumulators with [`Accumulator::new`] (targets loaded once,
//! shared); a `Default` accumulator also works but keeps a compact record per
//! variant until [`finish`] loads the targets.
//!
//! Methods and thresholds: see [`tmb`], [`msi`] and `annotations/thresholds.toml`.

pub mod msi;
pub mod regions;
pub mod repeat;
pub mod stats;
pub mod tmb;

use crate::annotation::consequence;
use crate::kb::assays::{self, Assay};
use crate::kb::thresholds::{self, Thresholds};
use crate::kb::KnowledgeBase;
use crate::model::{Alteration, AnnotationSource, Variant, VariantKind};
use crate::report::Biomarkers;
use regions::RegionSet;
use repeat::{CallerContext, RepeatRules};
use std::path::PathBuf;
use std::sync::Arc;

#[derive(Debug, Clone, Default)]
pub struct BiomarkerOptions {
    /// BED of the assessed region (plain, gzip or bgzip): counting region and denominator.
    pub targets: Option<PathBuf>,
    /// Size of the assessed region in Mb (denominator).
    pub target_mb: Option<f64>,
    /// Assay preset name from `annotations/assays.tsv` (denominator).
    pub assay: Option<String>,
    /// Count synonymous coding variants too (`coding_all`).
    pub tmb_include_synonymous: bool,
    /// Tumour-only: exclude variants with population AF above this (default 0.001).
    pub max_pop_af: f64,
    /// TMB-high threshold; None → `tmb_high` from thresholds.toml.
    pub tmb_threshold: Option<f64>,
    /// Indexed FASTA for MSI repeat context.
    pub reference: Option<PathBuf>,
    /// BED of exons (0-based): TMB region for unannotated input.
    pub gene_models: Option<PathBuf>,
}

/// Options-derived state shared by all chunk accumulators.
#[derive(Debug)]
struct Setup {
    targets: Option<RegionSet>,
    gene_models: Option<RegionSet>,
    max_pop_af: f64,
    keep_unknown_indels: bool,
}

impl Setup {
    fn new(o: &BiomarkerOptions) -> Result<Setup, String> {
        let load = |flag: &str, p: &Option<PathBuf>| -> Result<Option<RegionSet>, String> {
            match p {
                None => Ok(None),
                Some(p) => RegionSet::from_path(p)
                    .map(Some)
                    .map_err(|e| format!("{flag} {}: {e}", p.display())),
            }
        };
        Ok(Setup {
            targets: load("--targets", &o.targets)?,
            gene_models: load("--gene-models", &o.gene_models)?,
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
    fn of(v: &Variant) -> Coding {
        match &v.annotation {
            None => Coding::Missing,
            Some(a) if a.source == Some(AnnotationSource::KnowledgeBase) || a.source.is_none() => Coding::Missing,
            Some(a) => {
                if consequence::is_coding_nonsynonymous(&a.consequences) {
                    Coding::NonSynonymous
                } else if consequence::is_coding(&a.consequences) {
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
    pub indel: bool,
    pub in_targets: bool,
    pub in_models: bool,
    pub somatic_false: bool,
    pub pop: Pop,
}

pub(crate) const N_CELLS: usize = 4 * 2 * 2 * 2 * 2 * 3;
pub(crate) const N_MSI: usize = 2 * 2 * 2 * 3;

impl Cell {
    pub(crate) fn index(&self) -> usize {
        (((((self.coding as usize) * 2 + self.indel as usize) * 2 + self.in_targets as usize) * 2
            + self.in_models as usize)
            * 2
            + self.somatic_false as usize)
            * 3
            + self.pop as usize
    }
    /// Index into the MSI counters (coding class and SNV/indel are counted there).
    pub(crate) fn msi_index(&self) -> usize {
        (((self.in_targets as usize) * 2 + self.in_models as usize) * 2 + self.somatic_false as usize) * 3
            + self.pop as usize
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

/// MSI counters for one (region, somatic, population) cell.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct MsiCounts {
    pub snvs: u64,
    pub indels: u64,
    /// Indels in a microsatellite (context known).
    pub repeat: u64,
    /// 1 bp indels in homopolymers (context known).
    pub hp1: u64,
    /// Indels whose context came from the caller's fields.
    pub from_caller: u64,
    /// Indels whose context came from the reference FASTA.
    pub from_reference: u64,
    /// Indels with no known context.
    pub unknown: u64,
    /// Indels without repeat fields in a file that defines them (see [`CallerContext::Absent`]).
    pub absent: u64,
}

impl MsiCounts {
    fn add(&mut self, o: &MsiCounts) {
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
struct PendingIndel {
    chrom: String,
    pos: u64,
    ref_allele: String,
    alt: String,
    msi_index: usize,
    /// Caller fields absent on this record (resolved at the end, see [`CallerContext::Absent`]).
    absent: bool,
}

/// A compact observation (only kept when the accumulator has no [`Setup`]).
#[derive(Debug, Clone, PartialEq)]
struct Obs {
    contig: u32,
    pos: u64,
    ref_len: u32,
    coding: Coding,
    indel: bool,
    somatic_false: bool,
    pop_af: Option<f64>,
    repeat: CallerContext,
    /// REF/ALT of an indel with unknown repeat context.
    alleles: Option<Box<(String, String)>>,
}

/// Streaming accumulator: `observe` every passing variant (after annotation),
/// `merge` accumulators from parallel chunks in order, then [`finish`].
#[derive(Debug, Clone, Default)]
pub struct Accumulator {
    setup: Option<Arc<Setup>>,
    /// TMB counters, `N_CELLS` long once used.
    cells: Vec<u64>,
    /// MSI counters, `N_MSI` long once used.
    msi: Vec<MsiCounts>,
    pending_indels: Vec<PendingIndel>,
    pending: Vec<Obs>,
    contigs: Vec<String>,
    /// Passing variants observed (SNV/MNV/indel; symbolic alleles are ignored).
    pub observed: u64,
    /// Variants whose annotation carried a population AF.
    pub with_population_af: u64,
    /// Variants whose VCF carried caller repeat fields.
    pub with_caller_repeat_fields: u64,
}

impl Accumulator {
    /// An accumulator with the targets/gene-model BEDs loaded once; clone it
    /// for each chunk. Errors are one line naming the flag and file.
    pub fn new(options: &BiomarkerOptions) -> Result<Accumulator, String> {
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
                let cell = Cell {
                    coding,
                    indel,
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
                };
                let alleles = if needs_lookup && setup.keep_unknown_indels {
                    Some((v.chrom.as_str(), v.pos, v.ref_allele.as_str(), v.alt.as_str()))
                } else {
                    None
                };
                self.tally(cell, repeat, alleles);
            }
            None => {
                let contig = self.intern(&v.chrom);
                self.pending.push(Obs {
                    contig,
                    pos: v.pos,
                    ref_len: v.ref_allele.len() as u32,
                    coding,
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

    fn tally(&mut self, cell: Cell, repeat: CallerContext, alleles: Option<(&str, u64, &str, &str)>) {
        if self.cells.is_empty() {
            self.cells = vec![0; N_CELLS];
            self.msi = vec![MsiCounts::default(); N_MSI];
        }
        self.cells[cell.index()] += 1;
        let m = &mut self.msi[cell.msi_index()];
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
                        msi_index: cell.msi_index(),
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
    fn apply_pending(&mut self, setup: &Setup) {
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
                o.repeat,
                alleles.map(|(r, a)| (chrom, o.pos, r.as_str(), a.as_str())),
            );
        }
    }
}

/// The repeat definition from the embedded thresholds.toml (used for caller
/// fields in `observe` and for FASTA lookups, so both agree).
pub fn embedded_rules() -> &'static RepeatRules {
    static RULES: std::sync::OnceLock<RepeatRules> = std::sync::OnceLock::new();
    RULES.get_or_init(|| {
        thresholds::embedded()
            .ok()
            .map(|t| Params { thresholds: t })
            .and_then(|p| p.repeat_rules().ok())
            .unwrap_or_default()
    })
}

fn pop_class(af: Option<f64>, max: f64) -> Pop {
    match af {
        None => Pop::Unknown,
        Some(x) if x > max => Pop::High,
        Some(_) => Pop::Low,
    }
}

/// Context the biomarker stage needs besides the variants.
pub struct Context<'a> {
    pub kb: &'a KnowledgeBase,
    pub options: &'a BiomarkerOptions,
    pub tumor_only: bool,
    pub annotated: bool,
    pub build: Option<crate::input::GenomeBuild>,
}

/// One threshold value with its source.
#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    pub value: f64,
    pub source: String,
}

/// The thresholds the biomarker stage uses: the knowledge base's, falling
/// back key by key to the embedded `annotations/thresholds.toml`.
#[derive(Debug, Clone)]
pub struct Params {
    pub thresholds: Thresholds,
}

impl Params {
    pub fn load(kb: &KnowledgeBase) -> Result<Params, String> {
        let mut t =
            thresholds::embedded().map_err(|e| e.iter().map(|x| x.to_string()).collect::<Vec<_>>().join("; "))?;
        for (k, v) in &kb.thresholds.values {
            t.values.insert(k.clone(), v.clone());
        }
        Ok(Params { thresholds: t })
    }
    pub fn get(&self, key: &str) -> Result<Param, String> {
        self.thresholds
            .get(key)
            .map(|t| Param {
                value: t.value,
                source: t.source.clone(),
            })
            .ok_or_else(|| format!("thresholds.toml has no [{key}]"))
    }
    pub fn value(&self, key: &str) -> Result<f64, String> {
        self.get(key).map(|p| p.value)
    }
    pub fn repeat_rules(&self) -> Result<RepeatRules, String> {
        Ok(RepeatRules {
            homopolymer_min: self.value("repeat_homopolymer_min_length")?.max(1.0) as u32,
            unit_min_copies: self.value("repeat_unit_min_copies")?.max(1.0) as u32,
            min_length: self.value("repeat_min_length")?.max(0.0) as u32,
        })
    }
}

/// The knowledge base's assays, or the embedded ones when it has none.
pub fn assay_list(kb: &KnowledgeBase) -> Vec<Assay> {
    if kb.assays.is_empty() {
        assays::embedded().unwrap_or_default()
    } else {
        kb.assays.clone()
    }
}

fn validate(o: &BiomarkerOptions) -> Result<(), String> {
    if !(o.max_pop_af.is_finite() && (0.0..=1.0).contains(&o.max_pop_af)) {
        return Err(format!("--max-pop-af {}: must be between 0 and 1", o.max_pop_af));
    }
    if let Some(x) = o.target_mb {
        if !(x.is_finite() && x > 0.0) {
            return Err(format!("--target-mb {x}: must be a positive number of megabases"));
        }
    }
    if let Some(x) = o.tmb_threshold {
        if !(x.is_finite() && x >= 0.0) {
            return Err(format!(
                "--tmb-threshold {x}: must be a non-negative number of mutations per Mb"
            ));
        }
    }
    Ok(())
}

/// Everything TMB and MSI need after all variants are counted.
pub(crate) struct Totals<'a> {
    pub cells: Vec<u64>,
    pub msi: Vec<MsiCounts>,
    pub targets: Option<&'a RegionSet>,
    pub gene_models: Option<&'a RegionSet>,
    pub assay: Option<&'a Assay>,
    pub with_population_af: u64,
    pub with_caller_repeat_fields: u64,
    /// Indels the FASTA could not resolve: (contig missing, REF mismatch).
    pub reference_unresolved: (u64, u64),
    pub reference_warning: Option<String>,
}

pub fn finish(mut acc: Accumulator, ctx: &Context, alterations: &[Alteration]) -> Result<Biomarkers, String> {
    let o = ctx.options;
    validate(o)?;
    let params = Params::load(ctx.kb)?;
    let rules = *embedded_rules();
    let all_assays = assay_list(ctx.kb);
    let assay = match &o.assay {
        None => None,
        Some(n) => Some(assays::find(&all_assays, n).ok_or_else(|| {
            let names: Vec<&str> = all_assays.iter().map(|a| a.name.as_str()).collect();
            format!("unknown --assay '{n}': known assays are {}", names.join(", "))
        })?),
    };
    let setup = match acc.setup.clone() {
        Some(s) => s,
        None => Arc::new(Setup::new(o)?),
    };
    acc.apply_pending(&setup);
    if acc.cells.is_empty() {
        acc.cells = vec![0; N_CELLS];
        acc.msi = vec![MsiCounts::default(); N_MSI];
    }

    // Indels without fields in a file that has them: "not a repeat" when the
    // caller wrote fields for other indels (Mutect2 writes them only for
    // repeats), otherwise unknown (fields stripped).
    let with_fields: u64 = acc.msi.iter().map(|m| m.from_caller).sum();
    for m in acc.msi.iter_mut() {
        if with_fields > 0 {
            m.from_caller += m.absent;
        } else {
            m.unknown += m.absent;
        }
        m.absent = 0;
    }
    if with_fields > 0 {
        acc.pending_indels.retain(|p| !p.absent);
    }

    // Repeat context from the reference for indels the caller did not describe.
    let mut unresolved = (0u64, 0u64);
    let mut reference_warning = None;
    if let (Some(path), false) = (&o.reference, acc.pending_indels.is_empty()) {
        let mut r = repeat::Reference::open(path).map_err(|e| format!("--reference {}: {e}", path.display()))?;
        for p in std::mem::take(&mut acc.pending_indels) {
            match r.repeat_context(&p.chrom, p.pos, &p.ref_allele, &p.alt, &rules) {
                Ok(Some(call)) => {
                    let m = &mut acc.msi[p.msi_index];
                    m.unknown = m.unknown.saturating_sub(1);
                    m.from_reference += 1;
                    m.repeat += call.repeat as u64;
                    m.hp1 += call.homopolymer_1bp as u64;
                }
                Ok(None) => unresolved.0 += 1,
                Err(e) => {
                    unresolved.1 += 1;
                    if reference_warning.is_none() {
                        reference_warning = Some(format!(
                            "{}:{} {}>{}: {e} — is --reference the genome build of the VCF?",
                            p.chrom, p.pos, p.ref_allele, p.alt
                        ));
                    }
                }
            }
        }
    }
    let totals = Totals {
        cells: acc.cells,
        msi: acc.msi,
        targets: setup.targets.as_ref(),
        gene_models: setup.gene_models.as_ref(),
        assay,
        with_population_af: acc.with_population_af,
        with_caller_repeat_fields: acc.with_caller_repeat_fields,
        reference_unresolved: unresolved,
        reference_warning,
    };
    let tmb = tmb::compute(&totals, ctx, &params)?;
    let msi = msi::compute(&totals, ctx, &params, alterations)?;
    Ok(Biomarkers {
        tmb: Some(tmb),
        msi: Some(msi),
    })
}

/// Round to `d` decimals (for stable, readable output).
pub(crate) fn round(x: f64, d: i32) -> f64 {
    let f = 10f64.powi(d);
    (x * f).round() / f
}
