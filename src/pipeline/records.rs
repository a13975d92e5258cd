//! The per-chunk work of one patient: each data line is split, filtered, annotated, classified
//! and counted for the biomarkers; the variants worth listing are kept.

use crate::annotation::{kb_fallback, Annotator};
use crate::biomarkers::Accumulator;
use crate::classify;
use crate::engine::Chunk;
use crate::engine::{ChunkWork, Merge};
use crate::error::Result;
use crate::filter::{self, FilterOptions};
use crate::genome::GenomeBuild;
use crate::input::fields::{RecordContext, RecordStats};
use crate::kb::KnowledgeBase;
use crate::model::Variant;
use crate::so::is_coding;
use std::collections::{BTreeMap, BTreeSet};

/// What every chunk of one patient shares.
pub(super) struct RecordWork<'a> {
    pub(crate) rc: RecordContext,
    pub(crate) n_samples: usize,
    pub(crate) annotator: Annotator,
    /// Our consequence engine, for files without an annotation (`--gene-models` GFF3/GTF).
    pub(crate) consequence: Option<std::sync::Arc<crate::consequence::Engine>>,
    /// Several files merged: each file, as the chunks' line origins index them (empty for one).
    pub(crate) merged: Vec<crate::input::merge::Source>,
    pub(crate) stages: Stages<'a>,
}

/// The stages after reading and annotation, shared by VCF records and MAF rows: filter (depth,
/// VAF), knowledge-base fallback, classification, biomarker counts.
pub(super) struct Stages<'a> {
    pub kb: &'a KnowledgeBase,
    pub build: Option<GenomeBuild>,
    pub filter: FilterOptions,
    pub all_variants: bool,
    /// Biomarker accumulator with the regions (BED files) loaded once; cloned into every chunk.
    pub(crate) acc_template: Accumulator,
    /// `-r/-R`: records outside are skipped and are not part of the input (`Tally::outside_regions`).
    pub regions: Option<crate::input::regions::Regions>,
    /// Which listed alterations the later stages read (the others are spilled).
    pub(crate) needed: super::listed::Needed<'a>,
    /// Reads each passing variant's context for the signature catalogues (with `--reference`, or
    /// a MAF's context column).
    pub signatures: Option<crate::signatures::collect::Collector>,
    /// `--population-vcf`, `--panel-of-normals`: read by region around each chunk (VCF records
    /// and MAF rows alike).
    pub(crate) resources: std::sync::Arc<crate::germline::resources::Resources>,
}

impl RecordWork<'_> {
    /// The file's annotation, or [`AnnotationKind::GeneModels`] when our engine annotates it.
    pub(crate) fn annotation_kind(&self) -> crate::model::AnnotationKind {
        match (self.annotator.kind(), &self.consequence) {
            (crate::model::AnnotationKind::None, Some(_)) => crate::model::AnnotationKind::GeneModels,
            (k, _) => k,
        }
    }
}

/// Counters and kept variants of a chunk (or, merged, of the whole file).
#[derive(Default)]
pub(super) struct Tally {
    pub(crate) alleles: u64,
    pub(crate) passing: u64,
    pub(crate) not_listed: u64,
    pub(crate) no_depth: u64,
    pub(crate) removed: BTreeMap<crate::filter::FilterReason, u64>,
    pub(crate) listed: super::listed::Listed,
    pub(crate) acc: Accumulator,
    pub(crate) annotation_errors: u64,
    pub(crate) first_annotation_error: Option<String>,
    pub(crate) stats: RecordStats,
    /// Distinct genes hit by passing coding variants (the assay-footprint check).
    pub(crate) coding_genes: BTreeSet<String>,
    /// Records read but outside the `-r/-R` regions (not counted anywhere else).
    pub(crate) outside_regions: u64,
    /// Mutation catalogues (with `--reference`).
    pub signatures: crate::signatures::Catalogue,
    /// The tumour VAFs of the passing calls (the germline screen's median).
    pub vafs: crate::germline::VafSpread,
    /// Alleles found in the `--population-vcf` (those with an AF, and those without).
    pub population_matches: u64,
    pub population_matches_without_af: u64,
    /// The resources read (their match counts are filled in by the germline screen).
    pub resources: Vec<crate::germline::resources::ResourceUse>,
}

impl Merge for Tally {
    fn merge(&mut self, o: Tally) {
        self.alleles += o.alleles;
        self.passing += o.passing;
        self.not_listed += o.not_listed;
        self.no_depth += o.no_depth;
        for (k, v) in o.removed {
            *self.removed.entry(k).or_default() += v;
        }
        self.listed.append(o.listed);
        self.acc.merge(o.acc);
        self.annotation_errors += o.annotation_errors;
        if self.first_annotation_error.is_none() {
            self.first_annotation_error = o.first_annotation_error;
        }
        self.stats.merge(o.stats);
        self.coding_genes.extend(o.coding_genes);
        self.outside_regions += o.outside_regions;
        self.signatures.merge(&o.signatures);
        self.vafs.merge(o.vafs);
        self.population_matches += o.population_matches;
        self.population_matches_without_af += o.population_matches_without_af;
    }
}

impl Stages<'_> {
    pub(crate) fn empty(&self) -> Tally {
        Tally {
            acc: self.acc_template.clone(),
            resources: self.resources.uses(),
            ..Default::default()
        }
    }

    /// [`Stages::variant`] after the resources' match (`--population-vcf`, `--panel-of-normals`):
    /// a panel-of-normals match is removed, a population match may set the population AF;
    /// `context` as for [`Stages::variant`].
    pub(crate) fn admit(
        &self,
        sites: &Option<crate::germline::resources::ChunkSites>,
        mut v: Variant,
        build: Option<GenomeBuild>,
        coordinates: bool,
        context: Option<[u8; 3]>,
        out: &mut Tally,
    ) {
        if Self::match_resources(sites, &mut v, out) {
            self.variant(v, build, coordinates, context, out);
        }
    }

    /// Match a passing variant against `--population-vcf`/`--panel-of-normals` (VCF records and
    /// MAF rows alike) and count what it matched; false when the panel of normals removes it.
    pub(crate) fn match_resources(
        sites: &Option<crate::germline::resources::ChunkSites>,
        v: &mut Variant,
        out: &mut Tally,
    ) -> bool {
        use crate::germline::resources::Match;
        let Some(sites) = sites else { return true };
        match sites.apply(v) {
            Match::PanelOfNormals => {
                *out.removed.entry(filter::FilterReason::PanelOfNormals).or_default() += 1;
                return false;
            }
            Match::Population(Some(_)) => out.population_matches += 1,
            Match::Population(None) => out.population_matches_without_af += 1,
            Match::None => {}
        }
        true
    }

    /// One annotated variant that passed the record-level filters: its allele-level filter, then
    /// the knowledge-base fallback, classification and the biomarker counts. `build` is the
    /// variant's build; `coordinates` false when the knowledge base's coordinates do not apply;
    /// `context`: an SNV's trinucleotide from the input's context column (a MAF's `CONTEXT`).
    pub fn variant(
        &self,
        mut v: Variant,
        build: Option<GenomeBuild>,
        coordinates: bool,
        context: Option<[u8; 3]>,
        out: &mut Tally,
    ) {
        if coordinates {
            kb_fallback::fill(self.kb, &mut v, build);
        }
        if v.tumor.depth.is_none() {
            out.no_depth += 1;
        }
        out.passing += 1;
        out.vafs.observe(v.tumor.vaf);
        if let Some(a) = v.annotation.as_ref() {
            if let (Some(g), true) = (a.gene.as_ref(), is_coding(&a.consequences)) {
                if !out.coding_genes.contains(g) {
                    out.coding_genes.insert(g.clone());
                }
            }
        }
        let call = classify::classify_listed(self.kb, &v, build, coordinates, self.all_variants);
        out.acc.observe(&v);
        if let Some(s) = &self.signatures {
            s.observe(&v, context, &mut out.signatures);
        }
        match call {
            Some(call) => {
                let a = crate::model::Alteration {
                    id: String::new(),
                    variant: v,
                    call,
                };
                let needed = self.needed.of(&a);
                out.listed.push(a, needed);
            }
            None => out.not_listed += 1,
        }
    }
}

impl ChunkWork for RecordWork<'_> {
    type Out = Tally;

    fn empty(&self) -> Tally {
        self.stages.empty()
    }

    fn process(&self, lines: &Chunk, first: u64) -> Result<Tally> {
        let mut out = self.empty();
        let sites = self.resource_sites(lines)?;
        for (i, line) in lines.lines().enumerate() {
            if let Err(e) = self.record(line, first + i as u64, &mut out, &sites) {
                // A merged line's error names its own file and record.
                return Err(match lines.origin.get(i) {
                    Some(&(f, record)) => match self.merged.get(f as usize) {
                        Some(src) => crate::input::merge::relocate(e, src, record),
                        None => e,
                    },
                    None => e,
                });
            }
        }
        Ok(out)
    }
}

impl RecordWork<'_> {
    /// The resources' sites around this chunk's records (one index query per resource), or
    /// None without resources.
    fn resource_sites(&self, lines: &Chunk) -> Result<Option<crate::germline::resources::ChunkSites>> {
        if self.stages.resources.is_empty() {
            return Ok(None);
        }
        let intervals = lines.lines().filter_map(|l| {
            let mut f = l.split('\t');
            let chrom = f.next()?;
            let pos: u64 = f.next()?.parse().ok()?;
            let ref_len = f.nth(1)?.len() as u64;
            Some((
                chrom.to_string(),
                pos.saturating_sub(1),
                pos.saturating_sub(1) + ref_len.max(1),
            ))
        });
        let regions = crate::genome::RegionSet::from_intervals(intervals);
        self.stages
            .resources
            .sites(&regions)
            .map(Some)
            .map_err(crate::germline::resources::ResourceError::into_error)
    }

    fn record(
        &self,
        line: &str,
        record_no: u64,
        out: &mut Tally,
        sites: &Option<crate::germline::resources::ChunkSites>,
    ) -> Result<()> {
        let filter = &self.stages.filter;
        let raw = self.rc.split(line, record_no)?;
        if let Some(r) = &self.stages.regions {
            if !r.keeps(raw.chrom, raw.pos, raw.ref_allele.len()) {
                // Not part of the input, as in `bcftools view -r` output.
                out.outside_regions += 1;
                return Ok(());
            }
        }
        if let Some(reasons) = filter::reject_record(raw.filter, raw.ref_allele, &raw.alts, filter) {
            for reason in reasons {
                out.alleles += 1;
                *out.removed.entry(reason).or_default() += 1;
            }
            return Ok(());
        }
        // INFO is split once, for the record reader and the annotation reader.
        let info = crate::input::fields::Info::new(raw.info);
        let mut vars = self
            .rc
            .variants_with_info(&raw, &info, record_no, self.n_samples, &mut out.stats)?;
        out.alleles += vars.len() as u64;
        vars.retain(|v| match filter::reject_reason(v, filter) {
            Some(r) => {
                *out.removed.entry(r).or_default() += 1;
                false
            }
            None => true,
        });
        if vars.is_empty() {
            return Ok(());
        }
        // An annotation string with no usable entry leaves the record unannotated (counted and
        // reported as a warning) rather than failing the patient.
        // The transcript-level detail of an annotation is read only where a call may be listed.
        let kb = self.stages.kb;
        let all = self.stages.all_variants;
        let detail = |gene: Option<&str>| all || gene.is_some_and(|g| kb.knows_symbol(g));
        let mut anns = match self
            .annotator
            .annotate_info_gated(&info, raw.ref_allele, &raw.alts, &detail)
        {
            Ok(a) => a,
            Err(reason) => {
                out.annotation_errors += 1;
                if out.first_annotation_error.is_none() {
                    out.first_annotation_error = Some(format!("record {record_no}: {reason}"));
                }
                vec![None; raw.alts.len()]
            }
        };
        let engine = self
            .consequence
            .as_deref()
            .filter(|_| self.annotator.kind() == crate::model::AnnotationKind::None);
        for mut v in vars {
            // One variant per ALT: its annotation is moved out, not cloned.
            v.annotation = anns.get_mut(v.alt_index - 1).and_then(Option::take);
            if let Some(engine) = engine {
                match engine.annotate(&v.chrom, v.pos, &v.ref_allele, &v.alt) {
                    Ok(a) => v.annotation = a,
                    Err(reason) => {
                        out.annotation_errors += 1;
                        if out.first_annotation_error.is_none() {
                            out.first_annotation_error = Some(format!("record {record_no}: {reason}"));
                        }
                    }
                }
            }
            self.stages.admit(sites, v, self.stages.build, true, None, out);
        }
        Ok(())
    }
}
