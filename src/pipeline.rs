//! One patient through every stage:
//!
//! read (input) → normalise (split ALTs, trim) → filter → annotate → classify → biomarkers →
//! therapies → report.
//!
//! The file is streamed in chunks of lines. A reader thread decompresses and
//! cuts chunks; each wave of chunks is parsed, filtered, annotated and
//! classified in parallel on the caller's rayon pool, and the results are
//! merged in file order, so the report is identical for any thread count.
//! Memory holds only the listed alterations and counters.

use crate::annotation::Annotator;
use crate::biomarkers::{self, Accumulator, BiomarkerOptions};
use crate::classify;
use crate::error::{Error, Result};
use crate::filter::{self, FilterOptions};
use crate::input::record::RecordContext;
use crate::input::{self, samples, Chunk, GenomeBuild, Input};
use crate::kb::KnowledgeBase;
use crate::model::{Alteration, Variant};
use crate::report::*;
use crate::therapies;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Everything the user can set for one report.
#[derive(Debug, Clone)]
pub struct Options {
    pub patient: Option<String>,
    pub sample: Option<String>,
    pub normal: Option<String>,
    pub tumor_type: Option<String>,
    pub genome: Option<GenomeBuild>,
    pub filter: FilterOptions,
    pub all_variants: bool,
    pub vaf_tag: Option<String>,
    pub depth_tag: Option<String>,
    pub biomarkers: BiomarkerOptions,
    /// Use a separate reader thread (single reports); batch mode reads inline.
    pub reader_thread: bool,
    /// Show a byte progress bar (only when stderr is a terminal).
    pub progress: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            patient: None,
            sample: None,
            normal: None,
            tumor_type: None,
            genome: None,
            filter: FilterOptions::default(),
            all_variants: false,
            vaf_tag: None,
            depth_tag: None,
            biomarkers: BiomarkerOptions {
                max_pop_af: 0.001,
                ..Default::default()
            },
            reader_thread: true,
            progress: false,
        }
    }
}

impl Options {
    /// The parameters recorded in the report's provenance, sorted by name.
    pub fn parameters(&self) -> Vec<Parameter> {
        let o = |x: &Option<String>| x.clone().unwrap_or_else(|| "null".into());
        let p = |x: &Option<PathBuf>| {
            x.as_ref()
                .map(|p| p.display().to_string())
                .unwrap_or_else(|| "null".into())
        };
        let b = &self.biomarkers;
        let mut v = vec![
            ("all_variants", self.all_variants.to_string()),
            ("assay", o(&b.assay)),
            ("depth_tag", o(&self.depth_tag)),
            ("gene_models", p(&b.gene_models)),
            (
                "genome",
                self.genome
                    .map(|g| g.as_str().to_string())
                    .unwrap_or_else(|| "auto".into()),
            ),
            ("include_filtered", self.filter.include_filtered.to_string()),
            ("max_pop_af", b.max_pop_af.to_string()),
            ("min_alt_reads", self.filter.min_alt_reads.to_string()),
            ("min_depth", self.filter.min_depth.to_string()),
            ("min_vaf", self.filter.min_vaf.to_string()),
            ("normal", o(&self.normal)),
            ("reference", p(&b.reference)),
            ("sample", o(&self.sample)),
            (
                "target_mb",
                b.target_mb.map(|x| x.to_string()).unwrap_or_else(|| "null".into()),
            ),
            ("targets", p(&b.targets)),
            ("tmb_include_synonymous", b.tmb_include_synonymous.to_string()),
            (
                "tmb_threshold",
                b.tmb_threshold.map(|x| x.to_string()).unwrap_or_else(|| "null".into()),
            ),
            ("tumor_type", o(&self.tumor_type)),
            ("vaf_tag", o(&self.vaf_tag)),
        ];
        v.sort();
        v.into_iter()
            .map(|(n, v)| Parameter {
                name: n.to_string(),
                value: v,
            })
            .collect()
    }
}

const CHUNK_LINES: usize = 2048;

struct Shared<'a> {
    rc: RecordContext,
    n_samples: usize,
    annotator: Annotator,
    kb: &'a KnowledgeBase,
    build: Option<GenomeBuild>,
    filter: FilterOptions,
    all_variants: bool,
    /// Biomarker accumulator with the regions (BED files) loaded once; cloned into every chunk.
    acc_template: Accumulator,
}

#[derive(Default)]
struct ChunkOut {
    alleles: u64,
    passing: u64,
    not_listed: u64,
    no_depth: u64,
    removed: BTreeMap<&'static str, u64>,
    listed: Vec<(Variant, crate::model::Call)>,
    acc: Accumulator,
    annotation_errors: u64,
    first_annotation_error: Option<String>,
}

impl ChunkOut {
    fn merge(&mut self, o: ChunkOut) {
        self.alleles += o.alleles;
        self.passing += o.passing;
        self.not_listed += o.not_listed;
        self.no_depth += o.no_depth;
        for (k, v) in o.removed {
            *self.removed.entry(k).or_default() += v;
        }
        self.listed.extend(o.listed);
        self.acc.merge(o.acc);
        self.annotation_errors += o.annotation_errors;
        if self.first_annotation_error.is_none() {
            self.first_annotation_error = o.first_annotation_error;
        }
    }
}

fn process_chunk(lines: &Chunk, first: u64, s: &Shared<'_>) -> Result<ChunkOut> {
    let mut out = ChunkOut {
        acc: s.acc_template.clone(),
        ..Default::default()
    };
    for (i, line) in lines.lines().enumerate() {
        let record_no = first + i as u64;
        let raw = s.rc.split(line, record_no)?;
        // Lazy parsing: a record that fails FILTER is counted without reading its samples or INFO.
        if !s.filter.include_filtered && raw.filter != "PASS" && raw.filter != "." {
            for alt in raw.alts.iter().filter(|a| **a != "." && **a != "*") {
                out.alleles += 1;
                let reason =
                    if crate::model::VariantKind::of(raw.ref_allele, alt) == crate::model::VariantKind::Symbolic {
                        "symbolic_or_structural_allele"
                    } else {
                        "filter_not_pass"
                    };
                *out.removed.entry(reason).or_default() += 1;
            }
            continue;
        }
        let mut vars = s.rc.variants(&raw, record_no, s.n_samples)?;
        out.alleles += vars.len() as u64;
        let mut keep = Vec::with_capacity(vars.len());
        for v in vars.drain(..) {
            match filter::reject_reason(&v, &s.filter) {
                Some(r) => *out.removed.entry(r).or_default() += 1,
                None => keep.push(v),
            }
        }
        if keep.is_empty() {
            continue;
        }
        // An annotation string with no usable entry leaves the record unannotated (counted and
        // reported as a warning) rather than failing the patient.
        let anns = match s.annotator.annotate_record(raw.info, raw.ref_allele, &raw.alts) {
            Ok(a) => a,
            Err(reason) => {
                out.annotation_errors += 1;
                if out.first_annotation_error.is_none() {
                    out.first_annotation_error = Some(format!("record {record_no}: {reason}"));
                }
                vec![None; raw.alts.len()]
            }
        };
        for mut v in keep {
            v.annotation = anns.get(v.alt_index - 1).cloned().flatten();
            if v.tumor.depth.is_none() {
                out.no_depth += 1;
            }
            out.passing += 1;
            crate::annotation::kb_fallback::fill(s.kb, &mut v, s.build);
            let call = classify::classify(s.kb, &v, s.build);
            out.acc.observe(&v);
            if call.reportable || s.all_variants {
                out.listed.push((v, call));
            } else {
                out.not_listed += 1;
            }
        }
    }
    Ok(out)
}

/// Run the whole pipeline for one VCF/BCF. Panics inside are not caught here: see [`run_report_isolated`].
pub fn run_report(path: &Path, opts: &Options, kb: &KnowledgeBase) -> Result<Report> {
    let mut input = Input::open(path)?;
    let header = input.header.clone();
    let choice = samples::resolve(&header, path, opts.sample.as_deref(), opts.normal.as_deref())?;
    let (detected_build, build_source) = input::detect_build(&header);
    let (build, build_source) = match opts.genome {
        Some(b) => (Some(b), Some("cli")),
        None => (detected_build, build_source),
    };
    let annotator = Annotator::from_header(&header);
    tracing::debug!(
        file = %path.display(),
        format = ?input.format,
        rule = choice.rule,
        build = ?build,
        annotation = ?annotator.kind(),
        "opened"
    );
    let rc = RecordContext {
        file: path.to_path_buf(),
        tumor: choice.tumor,
        normal: choice.normal,
        vaf_tag: opts.vaf_tag.clone(),
        depth_tag: opts.depth_tag.clone(),
        repeat_fields: header.info_def("RPA").is_some()
            || header.info_def("STR").is_some()
            || header.info_def("RU").is_some(),
        header_lines: header.lines,
    };
    let shared = Shared {
        rc,
        n_samples: header.samples.len(),
        annotator,
        kb,
        build,
        filter: opts.filter.clone(),
        all_variants: opts.all_variants,
        acc_template: Accumulator::new(&opts.biomarkers)?,
    };
    let progress = progress_bar(opts.progress, input.size, &input);
    let wave = rayon::current_num_threads().max(1) * 2;
    let mut total = ChunkOut {
        acc: shared.acc_template.clone(),
        ..Default::default()
    };

    // Chunk buffers are recycled (reader → workers → reader), so their pages stay mapped instead of
    // being grown and zeroed afresh for every chunk.
    let mut process_wave = |chunks: &mut Vec<(u64, Chunk)>, pool: &mut Vec<Chunk>| -> Result<()> {
        let outs: Vec<Result<ChunkOut>> = chunks
            .par_iter()
            .map(|(first, lines)| process_chunk(lines, *first, &shared))
            .collect();
        pool.extend(chunks.drain(..).map(|(_, c)| c));
        for o in outs {
            total.merge(o?);
        }
        Ok(())
    };

    if opts.reader_thread {
        let (tx, rx) = std::sync::mpsc::sync_channel::<Result<(u64, Chunk)>>(wave);
        let (back_tx, back_rx) = std::sync::mpsc::channel::<Chunk>();
        let input_ref = &mut input;
        std::thread::scope(|scope| -> Result<()> {
            scope.spawn(move || loop {
                let mut buf = back_rx.try_recv().unwrap_or_else(|_| Chunk::with_capacity(CHUNK_LINES));
                match input_ref.read_chunk(&mut buf, CHUNK_LINES) {
                    Ok(first) => {
                        let done = buf.is_empty();
                        if done || tx.send(Ok((first, buf))).is_err() {
                            break;
                        }
                    }
                    Err(e) => {
                        let _ = tx.send(Err(e));
                        break;
                    }
                }
            });
            let mut pending: Vec<(u64, Chunk)> = Vec::with_capacity(wave);
            let mut pool: Vec<Chunk> = Vec::new();
            let mut read_err = None;
            for msg in rx.iter() {
                match msg {
                    Ok(c) => {
                        pending.push(c);
                        if pending.len() >= wave {
                            process_wave(&mut pending, &mut pool)?;
                            for c in pool.drain(..) {
                                let _ = back_tx.send(c);
                            }
                            if let Some(p) = &progress {
                                p.tick_bytes();
                            }
                        }
                    }
                    Err(e) => {
                        read_err = Some(e);
                        break;
                    }
                }
            }
            // Records before a read error are processed first, so that a bad record inside
            // them is the error reported (file order).
            process_wave(&mut pending, &mut pool)?;
            match read_err {
                Some(e) => Err(e),
                None => Ok(()),
            }
        })?;
    } else {
        let mut pool: Vec<Chunk> = Vec::new();
        let mut chunks = Vec::with_capacity(wave);
        loop {
            for _ in 0..wave {
                let mut buf = pool.pop().unwrap_or_else(|| Chunk::with_capacity(CHUNK_LINES));
                let first = input.read_chunk(&mut buf, CHUNK_LINES)?;
                if buf.is_empty() {
                    break;
                }
                chunks.push((first, buf));
            }
            if chunks.is_empty() {
                break;
            }
            process_wave(&mut chunks, &mut pool)?;
        }
    }
    if let Some(p) = progress {
        p.finish();
    }
    let records = input.records();
    tracing::info!(
        file = %path.display(),
        records,
        alleles = total.alleles,
        passing = total.passing,
        listed = total.listed.len(),
        "read"
    );
    let format = input.format;
    let compression = input.compression;
    let sha256 = input.finish_sha256();

    // Order: strongest calls first, then file order. Ids follow that order.
    let mut listed = std::mem::take(&mut total.listed);
    listed.sort_by(|a, b| {
        (a.1.oncogenicity, a.0.record_no, a.0.alt_index).cmp(&(b.1.oncogenicity, b.0.record_no, b.0.alt_index))
    });
    let alterations: Vec<Alteration> = listed
        .into_iter()
        .enumerate()
        .map(|(i, (variant, call))| Alteration {
            id: format!("A{}", i + 1),
            variant,
            call,
        })
        .collect();

    let mut warnings: Vec<String> = Vec::new();
    if let Some(w) = &choice.warning {
        warnings.push(w.clone());
    }
    let annotated = shared.annotator.kind() != AnnotationKind::None;
    if !annotated {
        warnings.push(
            "the VCF has no VEP (INFO/CSQ) or SnpEff (INFO/ANN) annotation: gene-level interpretation needs annotation; \
             only knowledge-base coordinate hotspots were recognised"
                .into(),
        );
    }
    if build.is_none() {
        warnings.push("genome build unknown (no recognised ##contig lengths or ##reference): use --genome; coordinate hotspot matching tried both builds".into());
    }
    if choice.tumor.is_none() || total.no_depth > 0 {
        warnings.push(format!(
            "{} passing allele(s) have no tumour depth in the file: --min-depth/--min-alt-reads/--min-vaf could not be applied to them (use --depth-tag/--vaf-tag)",
            total.no_depth
        ));
    }
    if let Some(n) = total.removed.get("symbolic_or_structural_allele") {
        warnings.push(format!("{n} symbolic/structural-variant allele(s) are not interpreted"));
    }
    if total.annotation_errors > 0 {
        warnings.push(format!(
            "{} record(s) carry an annotation field with no usable entry and were treated as unannotated (first: {})",
            total.annotation_errors,
            total.first_annotation_error.as_deref().unwrap_or("")
        ));
    }
    if records == 0 {
        warnings.push("the VCF has a header but no records".into());
    }

    let tumor_only = choice.normal.is_none();
    let bctx = biomarkers::Context {
        kb,
        options: &opts.biomarkers,
        tumor_only,
        annotated,
        build,
    };
    let biomarkers = biomarkers::finish(std::mem::take(&mut total.acc), &bctx, &alterations)?;
    let interpretation = classify::interpret(kb, &alterations, opts.tumor_type.as_deref());
    let (therapies, tw) = therapies::match_therapies(kb, opts.tumor_type.as_deref(), &alterations, &biomarkers);
    warnings.extend(tw);
    if let Some(t) = &biomarkers.tmb {
        warnings.extend(t.warnings.iter().map(|w| format!("TMB: {w}")));
    }
    if let Some(m) = &biomarkers.msi {
        warnings.extend(m.warnings.iter().map(|w| format!("MSI: {w}")));
    }

    let tumor_sample = choice.tumor.map(|i| header.samples[i].clone());
    let normal_sample = choice.normal.map(|i| header.samples[i].clone());
    let patient_id = opts
        .patient
        .clone()
        .or_else(|| tumor_sample.clone())
        .unwrap_or_else(|| {
            path.file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| "patient".into())
        });
    let tumor_type_name = opts
        .tumor_type
        .as_deref()
        .and_then(|t| kb.tumor_types.get(t))
        .map(|t| t.name.clone());
    let tumor_type_lineage = opts
        .tumor_type
        .as_deref()
        .map(|t| kb.tumor_types.lineage(t))
        .unwrap_or_default();
    if let Some(t) = &opts.tumor_type {
        if tumor_type_lineage.is_empty() {
            warnings.push(format!(
                "tumour type '{t}' is not in the knowledge base's tumour-type list: kept as given, matched as unknown"
            ));
        }
    }

    let driver_labels: Vec<String> = alterations.iter().filter(|a| a.call.driver).map(driver_label).collect();
    let alterations_listed = alterations.len() as u64;
    // Consumed, not cloned: the listed alterations are the only part of the report that grows with input.
    let alteration_out: Vec<AlterationOut> = alterations.into_iter().map(to_out).collect();
    let best_amp_tier = therapies.sensitivity.iter().map(|t| t.amp_tier.clone()).min();
    let summary = Summary {
        alterations_listed,
        drivers: driver_labels.len() as u64,
        variants_not_listed: total.not_listed,
        driver_labels,
        tmb_status: biomarkers
            .tmb
            .as_ref()
            .map(|t| t.status.as_str().to_string())
            .unwrap_or_else(|| "not_computed".into()),
        msi_status: biomarkers
            .msi
            .as_ref()
            .map(|m| m.status.as_str().to_string())
            .unwrap_or_else(|| "not_computed".into()),
        best_amp_tier,
    };
    let mut removed: Vec<CountBy> = total
        .removed
        .iter()
        .map(|(k, v)| CountBy {
            key: k.to_string(),
            count: *v,
        })
        .collect();
    removed.sort();

    Ok(Report {
        schema_version: SCHEMA_VERSION.into(),
        disclaimer: DISCLAIMER.into(),
        patient: Patient {
            id: patient_id,
            tumor_sample,
            normal_sample,
            tumor_type: opts.tumor_type.clone(),
            tumor_type_name,
            tumor_type_lineage,
            sample_rule: choice.rule.into(),
        },
        input: InputInfo {
            path: path.display().to_string(),
            format,
            compression: compression.map(str::to_string),
            sha256,
            genome_build: build.map(|b| b.as_str().to_string()),
            genome_build_source: build_source.map(str::to_string),
            annotation: shared.annotator.kind(),
            caller: input::detect_caller(&header),
            records,
            alleles: total.alleles,
            records_passing: total.passing,
        },
        filters: FilterSettings {
            pass_only: !opts.filter.include_filtered,
            min_depth: opts.filter.min_depth,
            min_alt_reads: opts.filter.min_alt_reads,
            min_vaf: opts.filter.min_vaf,
            removed,
        },
        summary,
        alterations: alteration_out,
        biomarkers: Biomarkers::from(&biomarkers),
        interpretation,
        therapies,
        warnings,
        provenance: Provenance {
            tool: crate::TOOL_NAME.into(),
            tool_version: crate::TOOL_VERSION.into(),
            knowledge_base_version: kb.version.clone(),
            knowledge_base_source: kb.source.clone(),
            parameters: opts.parameters(),
        },
    })
}

fn driver_label(a: &Alteration) -> String {
    let ann = a.variant.annotation.as_ref();
    let gene = ann.and_then(|x| x.gene.as_deref()).unwrap_or("?");
    let change = ann
        .and_then(|x| x.protein_change.clone().or_else(|| x.hgvsc.clone()))
        .unwrap_or_else(|| {
            format!(
                "{}:{} {}>{}",
                a.variant.chrom, a.variant.pos, a.variant.ref_allele, a.variant.alt
            )
        });
    format!("{gene} {change} ({})", a.call.oncogenicity.as_str())
}

fn to_out(a: Alteration) -> AlterationOut {
    let Alteration { id, variant: v, call } = a;
    let kind = v.kind();
    let ann = v.annotation.unwrap_or_default();
    AlterationOut {
        id,
        chrom: v.chrom,
        pos: v.pos,
        ref_allele: v.ref_allele,
        alt: v.alt,
        kind,
        record: v.record_no,
        gene: ann.gene,
        transcript: ann.transcript,
        consequence: ann.consequences,
        exon: ann.exon,
        hgvsc: ann.hgvsc,
        hgvsp: ann.hgvsp,
        protein_change: ann.protein_change,
        annotation_source: ann.source.map(|s| match s {
            crate::model::AnnotationSource::Vep => "vep".to_string(),
            crate::model::AnnotationSource::Snpeff => "snpeff".to_string(),
            crate::model::AnnotationSource::KnowledgeBase => "knowledge_base".to_string(),
        }),
        vaf: v.tumor.vaf.map(round6),
        depth: v.tumor.depth,
        alt_depth: v.tumor.alt_depth,
        normal_vaf: v.normal.as_ref().and_then(|n| n.vaf).map(round6),
        normal_depth: v.normal.as_ref().and_then(|n| n.depth),
        population_af: ann.population_af,
        filters: v.filters,
        oncogenicity: call.oncogenicity,
        driver: call.driver,
        gene_role: call.gene_role,
        pathways: call.pathways,
        hotspot: call.hotspot,
        evidence: call.evidence,
    }
}

fn round6(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}

/// Run [`run_report`] and turn a panic into an error naming the file, so that one bad input never
/// kills a batch.
pub fn run_report_isolated(path: &Path, opts: &Options, kb: &KnowledgeBase) -> Result<Report> {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| run_report(path, opts, kb))) {
        Ok(r) => r,
        Err(p) => {
            let msg = p
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| p.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".into());
            Err(Error::Internal(format!(
                "{}: panic while reading (a bug, please report): {}",
                path.display(),
                msg.replace('\n', " ")
            )))
        }
    }
}

struct Progress {
    bar: indicatif::ProgressBar,
    counter: std::sync::Arc<std::sync::atomic::AtomicU64>,
}

impl Progress {
    fn tick_bytes(&self) {
        self.bar
            .set_position(self.counter.load(std::sync::atomic::Ordering::Relaxed));
    }
    fn finish(self) {
        self.tick_bytes();
        self.bar.finish_and_clear();
    }
}

fn progress_bar(enabled: bool, size: Option<u64>, input: &Input) -> Option<Progress> {
    use std::io::IsTerminal;
    if !enabled || !std::io::stderr().is_terminal() {
        return None;
    }
    let size = size?;
    let bar = indicatif::ProgressBar::new(size);
    if let Ok(style) =
        indicatif::ProgressStyle::with_template("{spinner} reading {bytes}/{total_bytes} [{bar:30}] {eta}")
    {
        bar.set_style(style);
    }
    Some(Progress {
        bar,
        counter: input.bytes_counter(),
    })
}
