//! MAF input: one pass over the rows, a tally per `Tumor_Sample_Barcode`, one report per sample.
//!
//! Each row is parsed by [`crate::input::maf`] into an annotated variant and goes through the
//! same stages as a VCF record ([`Stages::variant`]): filters, classification, biomarker counts.
//! `report x.maf` reports its one sample (or `--sample BARCODE`); `batch --maf` reports every
//! sample of the file ([`super::maf_batch::stream_reports`]): after a first pass over the barcodes
//! ([`super::maf_source::scan`]), each sample's report is made and handed on as soon as the rows
//! of the next sample begin, so memory stays flat however many samples the file holds. A sample
//! whose rows are not contiguous (an unsorted MAF) is held until the end of the file instead.
//! Rows are read through [`super::maf_source::Rows`]: repeated headers skipped, duplicate rows
//! counted once.

use super::checks::TumourType;
use super::maf_source::{Repeats, Rows};
pub(crate) use super::maf_tally::SampleTally;
use super::records::Stages;
use super::{assemble, stages, Assembly, Options};
use crate::biomarkers::repeat::Reference;
use crate::engine::Chunk;
use crate::engine::{self, ChunkWork, EngineOptions, Merge};
use crate::error::{Error, Result};
use crate::genome::GenomeBuild;
use crate::input::maf::{self, MafBuild, MafColumns};
use crate::input::Input;
use crate::kb::KnowledgeBase;
use crate::model::{AnnotationKind, InputFormat};
use crate::report::{self, build::Warnings, Report};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Samples whose rows have ended, with their tallies.
pub(crate) type Ended = Vec<(String, SampleTally)>;

/// Where a batch hands the samples whose rows have ended.
pub(crate) struct Sink<'a> {
    /// Samples whose rows are not contiguous: held to the end of the file.
    pub(crate) scattered: &'a HashSet<String>,
    pub(crate) done: Box<dyn Fn(Ended) + Sync + 'a>,
}

/// What a chunk of rows (or, merged, the whole file) gave.
#[derive(Default)]
pub(crate) struct MafTally<'a> {
    samples: BTreeMap<String, SampleTally>,
    /// Every barcode seen, also those not chosen.
    seen: BTreeSet<String>,
    /// The barcode of the last row (file order).
    last: Option<String>,
    /// Batch: samples are handed on when the rows of a later sample follow.
    sink: Option<&'a Sink<'a>>,
    sites: Option<crate::germline::resources::ChunkSites>, // --population-vcf/--panel-of-normals sites
}

impl Merge for MafTally<'_> {
    fn merge(&mut self, later: MafTally) {
        for (k, v) in later.samples {
            match self.samples.get_mut(&k) {
                Some(s) => s.merge(v),
                None => {
                    self.samples.insert(k, v);
                }
            }
        }
        self.seen.extend(later.seen);
        if later.last.is_some() {
            self.last = later.last;
        }
        let Some(sink) = self.sink else { return };
        let ended: Vec<String> = self
            .samples
            .keys()
            .filter(|k| self.last.as_ref() != Some(*k) && !sink.scattered.contains(*k))
            .cloned()
            .collect();
        if !ended.is_empty() {
            let done = ended
                .into_iter()
                .filter_map(|k| self.samples.remove_entry(&k))
                .collect();
            (sink.done)(done);
        }
    }
}

struct MafWork<'a> {
    file: PathBuf,
    header_lines: u64,
    cols: MafColumns,
    stages: Stages<'a>,
    /// Only this barcode's rows are processed.
    only: Option<String>,
    /// `--genome`: overrides the rows' NCBI_Build.
    genome: Option<GenomeBuild>,
    /// `--reference`: the padding base of indels.
    reference: Option<Mutex<Reference>>,
    /// Our consequence engine (`--gene-models`): fills in the protein change a row lacks.
    consequence: Option<std::sync::Arc<crate::consequence::Engine>>,
    /// A bad row fails its sample only (batch), not the whole file (report).
    isolate: bool,
    /// Batch: where finished samples go.
    sink: Option<&'a Sink<'a>>,
}

impl MafWork<'_> {
    fn padding(&self, chrom: &str, pos: u64) -> Option<u8> {
        let r = self.reference.as_ref()?;
        let mut r = r.lock().ok()?;
        let (_, seq) = r.fetch(chrom, pos, pos).ok()??;
        seq.first().copied()
    }

    fn row(&self, line: &str, record_no: u64, out: &mut MafTally<'_>) -> Result<()> {
        let cells = maf::cells(line);
        let at = |field: &str, reason: String| {
            Error::at_record(
                &self.file,
                record_no,
                Some(self.header_lines + record_no),
                Some(field),
                reason,
            )
        };
        let barcode = self
            .cols
            .barcode_of(&cells)
            .ok_or_else(|| at("Tumor_Sample_Barcode", "empty or missing".into()))?;
        if !out.seen.contains(barcode) {
            out.seen.insert(barcode.to_string());
        }
        if out.last.as_deref() != Some(barcode) {
            out.last = Some(barcode.to_string());
        }
        if self.only.as_deref().is_some_and(|b| b != barcode) {
            return Ok(());
        }
        let sample = match out.samples.get_mut(barcode) {
            Some(s) => s,
            None => out.samples.entry(barcode.to_string()).or_insert_with(|| SampleTally {
                tally: self.stages.empty(),
                ..SampleTally::default()
            }),
        };
        sample.rows += 1;
        if !self.cols.is_small_variant(&cells) {
            sample.not_small += 1;
            sample.tally.alleles += 1;
            *sample
                .tally
                .removed
                .entry(crate::filter::FilterReason::SymbolicOrStructuralAllele)
                .or_default() += 1;
            return Ok(());
        }
        if sample.error.is_some() {
            return Ok(());
        }
        let row = match maf::parse_cells(&cells, &self.cols, record_no, &|c, p| self.padding(c, p)) {
            Ok(r) => r,
            // One sample's bad row fails that sample only when all samples are read (batch).
            Err(e) if self.only.is_none() && self.isolate => {
                sample.error = Some(at(e.field, e.reason));
                return Ok(());
            }
            Err(e) => return Err(at(e.field, e.reason)),
        };
        if let Some(n) = &row.normal_barcode {
            if !sample.normals.contains(n) {
                sample.normals.insert(n.clone());
            }
        }
        if row.type_mismatch {
            sample.type_mismatches += 1;
        }
        if !sample.builds.contains(&row.build_text) {
            sample.builds.insert(row.build_text.clone());
        }
        let (build, coordinates) = match (self.genome, row.build) {
            (Some(g), _) => (Some(g), true),
            (None, MafBuild::Known(b)) => (Some(b), true),
            (None, MafBuild::Other) => {
                sample.other_build_rows += 1;
                (None, false)
            }
            (None, MafBuild::Unstated) => {
                sample.unstated_build_rows += 1;
                (None, true)
            }
        };
        sample.tally.alleles += 1;
        let (mut v, context) = (row.variant, row.context);
        if let Some(r) = &self.stages.regions {
            if !r.keeps(&v.chrom, v.pos, v.ref_allele.len()) {
                // Not part of the input, as for VCF records.
                sample.rows -= 1;
                sample.tally.alleles -= 1;
                return Ok(());
            }
        }
        match crate::filter::reject_reason(&v, &self.stages.filter) {
            Some(r) => *sample.tally.removed.entry(r).or_default() += 1,
            None => {
                if let (Some(engine), true) = (self.consequence.as_deref(), coordinates) {
                    self.engine_row(engine, &mut v, record_no, sample);
                }
                self.stages
                    .admit(&out.sites, v, build, coordinates, context, &mut sample.tally)
            }
        }
        Ok(())
    }

    /// The consequence engine on one passing row (as on a VCF record without annotation).
    fn engine_row(
        &self,
        engine: &crate::consequence::Engine,
        v: &mut crate::model::Variant,
        record_no: u64,
        sample: &mut SampleTally,
    ) {
        use super::maf_engine::EngineUse;
        match super::maf_engine::apply(engine, self.stages.kb, v) {
            EngineUse::Unused => {}
            EngineUse::Filled => sample.engine.filled += 1,
            EngineUse::Agreed => sample.engine.agreed += 1,
            EngineUse::Disagreed(text) => {
                sample.engine.disagreed += 1;
                if sample.engine.first_disagreement.is_none() {
                    sample.engine.first_disagreement = Some(format!("record {record_no}: {text}"));
                }
            }
            EngineUse::Error(reason) => {
                let t = &mut sample.tally;
                t.annotation_errors += 1;
                if t.first_annotation_error.is_none() {
                    t.first_annotation_error = Some(format!("record {record_no}: {reason}"));
                }
            }
        }
    }
}

impl<'a> ChunkWork for MafWork<'a> {
    type Out = MafTally<'a>;

    fn empty(&self) -> MafTally<'a> {
        MafTally {
            sink: self.sink,
            ..MafTally::default()
        }
    }

    #[allow(clippy::field_reassign_with_default)] // the sites are read after `out` exists
    fn process(&self, chunk: &Chunk, first: u64) -> Result<MafTally<'a>> {
        let mut out = MafTally::default();
        out.sites = self.stages.resources.maf_sites(&self.cols, chunk)?;
        for (i, line) in chunk.lines().enumerate() {
            // Rows keep their record numbers when repeated headers or duplicates were dropped.
            let record = chunk.origin.get(i).map_or(first + i as u64, |o| o.1);
            self.row(line, record, &mut out)?;
        }
        Ok(out)
    }
}

/// What the file itself gave, shared by every sample's report.
pub(crate) struct MafInfo {
    pub(crate) path: PathBuf,
    pub(super) compression: Option<&'static str>,
    pub(crate) sha256: String,
    pub samples: Vec<String>,
    /// Header lines repeated mid-file, skipped.
    pub(crate) repeats: Repeats,
    /// Merged CDS Mb of the engine's `--gene-models`: the TMB fallback denominator, as for a VCF.
    pub(crate) gene_models_cds_mb: Option<f64>,
    /// The header has a reference-context column (GDC `CONTEXT`): signature catalogues without
    /// `--reference`.
    pub(crate) context_column: bool,
}

/// A MAF read once: its per-sample tallies.
pub(crate) struct MafFile {
    pub info: MafInfo,
    tallies: BTreeMap<String, SampleTally>,
    duplicates: HashMap<String, u64>,
}

/// Read every row of an opened MAF (only `only`'s rows are processed when given).
pub(crate) fn read(mut input: Input, opts: &Options, kb: &KnowledgeBase, only: Option<&str>) -> Result<MafFile> {
    let duplicates = Mutex::new(HashMap::new());
    let (mut info, tallies) = read_with(&mut input, opts, kb, only, None, &duplicates)?;
    info.sha256 = input.finish_sha256();
    Ok(MafFile {
        info,
        tallies,
        duplicates: duplicates.into_inner().unwrap_or_else(|p| p.into_inner()),
    })
}

pub(super) fn read_with<'a>(
    input: &mut Input,
    opts: &Options,
    kb: &'a KnowledgeBase,
    only: Option<&str>,
    sink: Option<&'a Sink<'a>>,
    duplicates: &Mutex<HashMap<String, u64>>,
) -> Result<(MafInfo, BTreeMap<String, SampleTally>)> {
    let path = input.path.clone();
    let cols = input
        .maf
        .clone()
        .ok_or_else(|| Error::Internal(format!("{}: not a MAF", path.display())))?;
    let reference = match &opts.biomarkers.reference {
        Some(r) => Some(Mutex::new(Reference::open(r).map_err(|source| {
            Error::from(crate::biomarkers::BiomarkerError::Reference {
                path: r.clone(),
                source,
            })
        })?)),
        None => None,
    };
    let work = MafWork {
        file: path.clone(),
        header_lines: input.header.lines,
        cols: cols.clone(),
        stages: stages(opts, kb, opts.genome, cols.has_context())?,
        only: only.map(str::to_string),
        genome: opts.genome,
        reference,
        consequence: super::consequence_engine(opts)?,
        isolate: sink.is_some(),
        sink,
    };
    let engine_opts = EngineOptions {
        reader_thread: opts.reader_thread,
    };
    let compression = input.compression;
    let context_column = cols.has_context();
    let mut rows = Rows::new(input, cols, sink.map(|s| s.scattered), duplicates);
    let tally = engine::run(&mut rows, &work, engine_opts, None)?;
    let info = MafInfo {
        path,
        compression,
        sha256: String::new(),
        samples: tally.seen.into_iter().collect(),
        repeats: rows.repeats,
        gene_models_cds_mb: work.consequence.as_ref().map(|e| e.models().coding_mb()),
        context_column,
    };
    Ok((info, tally.samples))
}

/// Each barcode with its report or the error that stopped it.
pub type SampleReports = Vec<(String, Result<Report>)>;

/// Every sample's report of one MAF read once, each with its own tumour type (`tumour_of`
/// gives it from the barcode; `None`: `opts.tumor_type`): `oncoprofile annotate`. A sample whose
/// report fails (a bad row, an unknown tumour type under `--strict`) gets its error; the others
/// are made. In barcode order.
pub fn sample_reports(
    path: &Path,
    opts: &Options,
    kb: &KnowledgeBase,
    tumour_of: &dyn Fn(&str) -> Option<String>,
) -> Result<SampleReports> {
    let mut input = Input::open_with(path, opts.limits)?;
    if input.maf.is_none() {
        return Err(Error::input(
            path,
            "not a MAF: no Hugo_Symbol … Tumor_Sample_Barcode column header",
        ));
    }
    let duplicates = Mutex::new(HashMap::new());
    // A sink isolates bad rows (a bad row fails its sample only); the samples it is handed are
    // kept with the rest.
    let scattered = HashSet::new();
    let ended: Mutex<Vec<(String, SampleTally)>> = Mutex::new(Vec::new());
    let sink = Sink {
        scattered: &scattered,
        done: Box::new(|e: Ended| ended.lock().unwrap_or_else(|p| p.into_inner()).extend(e)),
    };
    let (mut info, mut tallies) = read_with(&mut input, opts, kb, None, Some(&sink), &duplicates)?;
    info.sha256 = input.finish_sha256();
    drop(sink);
    for (k, v) in ended.into_inner().unwrap_or_else(|p| p.into_inner()) {
        match tallies.get_mut(&k) {
            Some(t) => t.merge(v),
            None => {
                tallies.insert(k, v);
            }
        }
    }
    let duplicates = duplicates.into_inner().unwrap_or_else(|p| p.into_inner());
    let mut out = Vec::with_capacity(tallies.len());
    for (barcode, mut tally) in tallies {
        let mut o = opts.clone();
        if let Some(t) = tumour_of(&barcode) {
            o.tumor_type = Some(t);
        }
        let made = match tally.error.take() {
            Some(e) => Err(e),
            None => super::checks::tumour_type(kb, o.tumor_type.as_deref(), o.strict).and_then(|tumour| {
                let dups = duplicates.get(&barcode).copied().unwrap_or(0);
                sample_report(&info, &barcode, tally, dups, &o, kb, tumour)
            }),
        };
        out.push((barcode, made));
    }
    Ok(out)
}

/// The sample `report` makes: `--sample`, or the file's only one.
pub(crate) fn only_sample<'a>(file: &'a MafFile, path: &Path, sample: Option<&'a str>) -> Result<&'a str> {
    let names = &file.info.samples;
    let list = || {
        let mut l: Vec<&str> = names.iter().take(5).map(String::as_str).collect();
        if names.len() > 5 {
            l.push("…");
        }
        l.join(", ")
    };
    match sample {
        Some(s) if names.iter().any(|n| n == s) => Ok(s),
        Some(s) => Err(Error::input(
            path,
            format!("no MAF row has Tumor_Sample_Barcode '{s}' (the file has {}: {})", names.len(), list()),
        )),
        None => match names.as_slice() {
            [one] => Ok(one),
            [] => Err(Error::input(path, "the MAF has a header but no rows")),
            _ => Err(Error::Usage(format!(
                "{}: the MAF holds {} samples ({}): choose one with --sample BARCODE, or report them all with `oncoprofile batch --maf`",
                path.display(),
                names.len(),
                list()
            ))),
        },
    }
}

/// The report of one sample of a read MAF.
pub(super) fn report(
    mut file: MafFile,
    barcode: &str,
    opts: &Options,
    kb: &KnowledgeBase,
    tumour: TumourType,
) -> Result<Report> {
    let sample = file.tallies.remove(barcode).unwrap_or_default();
    let dups = file.duplicates.get(barcode).copied().unwrap_or(0);
    sample_report(&file.info, barcode, sample, dups, opts, kb, tumour)
}

pub(super) fn sample_report(
    info: &MafInfo,
    barcode: &str,
    s: SampleTally,
    duplicates: u64,
    opts: &Options,
    kb: &KnowledgeBase,
    tumour: TumourType,
) -> Result<Report> {
    let mut warnings = Warnings::default();
    let (build, build_source) = match (opts.genome, s.build()) {
        (Some(g), _) => (Some(g), Some("cli")),
        (None, Some(b)) => (Some(b), Some("maf_ncbi_build")),
        (None, None) => (None, None),
    };
    if s.other_build_rows > 0 {
        warnings.push(format!(
            "{} MAF row(s) are on a build other than GRCh37/GRCh38 (NCBI_Build {}): their coordinates were not used for hotspot matching, their gene and protein change were",
            s.other_build_rows,
            s.builds.iter().filter(|b| matches!(MafBuild::parse(b), MafBuild::Other)).cloned().collect::<Vec<_>>().join(", ")
        ));
    }
    if build.is_none() && s.unstated_build_rows > 0 {
        warnings.push("genome build unknown (no NCBI_Build in the MAF): use --genome; coordinate hotspot matching tried both builds");
    }
    if s.builds
        .iter()
        .filter(|b| matches!(MafBuild::parse(b), MafBuild::Known(_)))
        .count()
        > 1
    {
        warnings.push(format!(
            "the sample's MAF rows state several builds ({}): each row was matched on its own",
            s.builds.iter().cloned().collect::<Vec<_>>().join(", ")
        ));
    }
    if s.normals.len() > 1 {
        warnings.push(format!(
            "the sample's MAF rows name several matched normals ({}); the first is reported",
            s.normals.iter().cloned().collect::<Vec<_>>().join(", ")
        ));
    }
    if s.tally.no_depth > 0 {
        warnings.push(format!(
            "{} passing MAF row(s) have no t_depth/t_alt_count: --min-depth/--min-alt-reads could not be applied to them (--min-vaf only where a VAF column is given)",
            s.tally.no_depth
        ));
    }
    if s.type_mismatches > 0 {
        warnings.push(format!(
            "{} MAF row(s) have a Variant_Type that contradicts their alleles: the alleles were used",
            s.type_mismatches
        ));
    }
    if s.not_small > 0 {
        warnings.push(format!(
            "{} MAF row(s) are not small variants (Variant_Classification Fusion or unknown) and are not interpreted",
            s.not_small
        ));
    }
    if let Some(w) = info.repeats.warning() {
        warnings.push(w);
    }
    if let Some(w) = s.engine.warning() {
        warnings.push(w);
    }
    if duplicates > 0 {
        warnings.push(format!(
            "{duplicates} MAF row(s) repeat an earlier row of the sample (same position and alleles) and were counted once"
        ));
    }
    let normal = s.normals.iter().next().cloned();
    assemble(
        Assembly {
            path: &info.path,
            input: report::build::InputSummary {
                format: InputFormat::Maf,
                compression: info.compression,
                sha256: info.sha256.clone(),
                build,
                build_source,
                annotation: AnnotationKind::Maf,
                caller: None,
                records: s.rows,
                files: vec![],
                duplicates: (duplicates > 0).then_some(duplicates),
            },
            tumor_sample: Some(barcode.to_string()),
            tumor_only: normal.is_none(),
            normal_sample: normal,
            sample_rule: if opts.sample.is_some() { "cli" } else { "maf_barcode" },
            tally: s.tally,
            warnings,
            gene_models_cds_mb: info.gene_models_cds_mb,
            variants: true,
            context_column: info.context_column,
        },
        opts,
        kb,
        tumour,
    )
}
