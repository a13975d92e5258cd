//! One patient through every stage:
//!
//! read (input) → normalise (split ALTs, trim) → filter → annotate → classify → germline screen →
//! biomarkers →
//! interpretation → therapies → report.
//!
//! The orchestration only: the file is streamed through the [`crate::engine`] with the per-record
//! work of [`records`]; the results of the later stages are handed to [`crate::report::build`],
//! the only place that knows the report's keys.

mod checks;
pub(crate) mod copy_number;
pub mod fusions;
mod gene_event;
mod listed;
pub mod maf;
pub(crate) mod maf_batch;
mod maf_engine;
mod maf_source;
mod maf_tally;
mod options;
mod records;
mod source;

pub use options::Options;

use crate::annotation::Annotator;
use crate::biomarkers::{self, Accumulator};
use crate::engine::{self, EngineOptions};
use crate::error::{Error, Result};
use crate::genome::GenomeBuild;
use crate::germline;
use crate::input::{self, samples, Input};
use crate::interpret;
use crate::kb::KnowledgeBase;
use crate::model::AnnotationKind;
use crate::progress::Progress;
use crate::report::{self, build::Warnings, Report};
use crate::therapies;
use records::{RecordWork, Stages, Tally};
use source::Source;
use std::path::{Path, PathBuf};

/// Run the whole pipeline for one VCF/BCF/MAF. Panics inside are not caught here: see [`run_report_isolated`].
pub fn run_report(path: &Path, opts: &Options, kb: &KnowledgeBase) -> Result<Report> {
    run_report_files(&[path.to_path_buf()], opts, kb)
}

/// Run the whole pipeline for one patient's files: one VCF/BCF/MAF, or several VCF/BCF files
/// read as one (merged in coordinate order: [`crate::input::merge`]).
pub(crate) fn run_report_files(paths: &[PathBuf], opts: &Options, kb: &KnowledgeBase) -> Result<Report> {
    let tumour = checks::tumour_type(kb, opts.tumor_type.as_deref(), opts.strict)?;
    if opts.strict {
        checks::strict_options(&opts.biomarkers)?;
    }
    if paths.is_empty() {
        return copy_number::without_variants(opts, kb, tumour);
    }
    let mut inputs = Vec::with_capacity(paths.len());
    for p in paths {
        inputs.push(Input::open_with(p, opts.limits)?);
    }
    if let [one] = inputs.as_slice() {
        if one.maf.is_some() {
            let path = one.path.clone();
            let file = maf::read(inputs.remove(0), opts, kb, opts.sample.as_deref())?;
            let sample = maf::only_sample(&file, &path, opts.sample.as_deref())?.to_string();
            return maf::report(file, &sample, opts, kb, tumour);
        }
    }
    if let Some(r) = &opts.regions {
        for i in &mut inputs {
            if i.use_index(&r.set)? {
                tracing::info!(file = %i.path.display(), "reading the regions through the index");
            }
        }
    }
    let mut source = Source::new(inputs)?;
    let path = source.path();
    let header = source.header();
    let choice = samples::resolve(&header, &path, opts.sample.as_deref(), opts.normal.as_deref())?;
    let (detected_build, build_source) = input::detect_build(&header);
    let build_warning = checks::genome_mismatch(opts.genome, detected_build, build_source, opts.strict)?;
    let (build, build_source) = match opts.genome {
        Some(b) => (Some(b), Some("cli")),
        None => (detected_build, build_source),
    };
    // Our engine annotates only files without an annotation.
    let consequence = match Annotator::from_header(&header).kind() {
        AnnotationKind::None => consequence_engine(opts)?,
        _ => None,
    };
    // No build from the file or --genome: the one the gene models declare.
    let models_build = consequence
        .as_ref()
        .and_then(|e| e.models().declared_build())
        .and_then(GenomeBuild::parse);
    let (build, build_source) = match (build, models_build) {
        (None, Some(b)) => (Some(b), Some("gene_models")),
        other => (other.0, build_source),
    };
    let work = record_work(&header, &source, &choice, opts, kb, build, consequence)?;
    if opts.strict {
        checks::strict_annotation(&path, work.annotation_kind() != AnnotationKind::None)?;
    }
    tracing::debug!(
        file = %path.display(),
        format = ?source.format(),
        rule = choice.rule,
        build = ?build,
        annotation = ?work.annotation_kind(),
        "opened"
    );
    let tally = stream(&path, &mut source, &work, opts)?;
    // With -r/-R the input is what lies in the regions, whether read through an index or not.
    let records = source.records() - tally.outside_regions;
    let annotation = work.annotation_kind();
    let mut warnings = Warnings::default();
    if let Some(w) = &choice.warning {
        warnings.push(w.clone());
    }
    if let Some(w) = build_warning {
        warnings.push(w);
    }
    read_warnings(
        &mut warnings,
        &tally,
        annotation,
        build,
        choice.tumor.is_none(),
        records,
        opts.regions.is_some(),
    );
    let sample_name = |i: Option<usize>| i.and_then(|i| header.samples.get(i).cloned());
    let done = source.finish();
    assemble(
        Assembly {
            path: &path,
            input: report::build::InputSummary {
                format: done.format,
                compression: done.compression,
                sha256: done.sha256,
                build,
                build_source,
                annotation,
                caller: input::detect_caller(&header),
                records: done.records - tally.outside_regions,
                files: done.files,
                duplicates: done.duplicates,
            },
            tumor_sample: sample_name(choice.tumor),
            normal_sample: sample_name(choice.normal),
            tumor_only: choice.normal.is_none(),
            sample_rule: choice.rule,
            tally,
            warnings,
            gene_models_cds_mb: work.consequence.as_ref().map(|e| e.models().coding_mb()),
            variants: true,
            context_column: false,
        },
        opts,
        kb,
        tumour,
    )
}

/// What one sample's read left for the later stages.
pub(crate) struct Assembly<'a> {
    path: &'a Path,
    input: report::build::InputSummary,
    tumor_sample: Option<String>,
    normal_sample: Option<String>,
    tumor_only: bool,
    sample_rule: &'static str,
    tally: Tally,
    warnings: Warnings,
    /// Merged CDS size of the gene models our engine annotated with (TMB denominator).
    gene_models_cds_mb: Option<f64>,
    /// False without an SNV/indel file (`report --cna F` alone): TMB and MSI are not assessed.
    variants: bool,
    /// A MAF with a reference-context column: signature catalogues without `--reference`.
    context_column: bool,
}

/// The stages after reading — biomarkers, interpretation, therapies — and the report.
fn assemble(a: Assembly<'_>, opts: &Options, kb: &KnowledgeBase, tumour: checks::TumourType) -> Result<Report> {
    let Assembly {
        path,
        input,
        tumor_sample,
        normal_sample,
        tumor_only,
        sample_rule,
        mut tally,
        mut warnings,
        gene_models_cds_mb,
        variants,
        context_column,
    } = a;
    let listed::Ordered {
        alterations,
        places,
        rest,
    } = std::mem::take(&mut tally.listed).into_ordered()?;
    let bctx = biomarkers::Context {
        kb,
        options: &opts.biomarkers,
        tumor_only,
        annotated: input.annotation != AnnotationKind::None,
        gene_models_cds_mb,
        coding_genes_hit: tally.coding_genes.len(),
    };
    // The tumour-only screen: germline follow-up flags; possible clonal haematopoiesis.
    let screened = screen(alterations, opts, kb, tumour.code.as_deref(), &tally)?;
    let (alterations, mut screen) = (screened.alterations, screened.findings);
    let not_tumour = screen.not_tumour(&alterations);
    // Without an SNV/indel file (`report --cna F` alone) TMB and MSI are not assessed.
    let biomarkers = if variants {
        biomarkers::finish_screened(std::mem::take(&mut tally.acc), &bctx, &alterations, &not_tumour)?
    } else {
        biomarkers::Biomarkers::default()
    };
    screen.set_btmb(biomarkers.tmb.as_ref(), opts.filter.min_vaf, &alterations);
    // Copy number (`--cna`): its gene events join the SNVs for interpretation and therapies.
    let copy_number = if opts.cna.is_empty() {
        None
    } else {
        let files = copy_number::read_all(opts, tumor_sample.as_deref())?;
        let build = copy_number::check_build(&files, input.build)?;
        let mut w = Vec::new();
        let cn = copy_number::call(kb, opts, files, build, &alterations, &mut w)?;
        w.into_iter().for_each(|x| warnings.push(x));
        Some(cn)
    };
    // Fusions (`--sv`): their alterations join too.
    let fusions = if opts.sv.is_empty() {
        None
    } else {
        let mut w = Vec::new();
        let build = copy_number.as_ref().and_then(|c| c.build).or(input.build);
        let f = fusions::call(
            kb,
            opts,
            fusions::read_all(opts, tumor_sample.as_deref(), build)?,
            &mut w,
        );
        w.into_iter().for_each(|x| warnings.push(x));
        Some(f)
    };
    let extra: Vec<&crate::model::Alteration> = copy_number
        .iter()
        .flat_map(|c| c.events.iter().map(|e| &e.alteration))
        .chain(fusions.iter().flat_map(fusions::alterations))
        .collect();
    let with_extra: Vec<crate::model::Alteration>;
    let all: &[crate::model::Alteration] = if extra.is_empty() {
        &alterations
    } else {
        with_extra = alterations.iter().chain(extra).cloned().collect();
        &with_extra
    };
    let cin = copy_number.as_ref().map(|c| c.cin.clone());
    let interpretation = interpret::interpret_with(kb, all, tumour.code.as_deref(), cin);
    let (therapies, therapy_warnings) = therapies::match_therapies(kb, tumour.for_matching(), all, &biomarkers);
    tumour
        .merge_warnings(therapy_warnings)
        .iter()
        .for_each(|w| warnings.add(w));
    interpretation.cautions().iter().for_each(|w| warnings.add(w));
    let catalogues = opts.biomarkers.reference.is_some() || context_column;
    let signatures = match (catalogues, &opts.signatures) {
        (true, Some(dir)) => crate::signatures::reference::load(dir)?,
        _ => vec![],
    };
    if tally.signatures.context_mismatches > 0 {
        warnings.push(format!(
            "{} SNV(s): the MAF's CONTEXT column disagrees with --reference at the variant (most likely a genome build mismatch); the FASTA's context was used for the signature catalogue",
            tally.signatures.context_mismatches
        ));
    }
    let contexts = match (opts.biomarkers.reference.is_some(), context_column) {
        (true, false) => crate::signatures::profile::Contexts::Fasta,
        (false, _) => crate::signatures::profile::Contexts::Column,
        (true, true) => crate::signatures::profile::Contexts::ColumnAndFasta,
    };
    let signatures = catalogues.then(|| {
        let seed = tumor_sample.clone().unwrap_or_else(|| path.display().to_string());
        crate::signatures::profile::profile(&tally.signatures, &signatures, &biomarkers, &seed, contexts)
    });
    Ok(report::build::build(report::build::Parts {
        path,
        kb,
        settings: opts.settings(),
        input,
        tumor_type_code: tumour.code,
        tumor_sample,
        normal_sample,
        sample_rule,
        tally: report::build::TallySummary {
            alleles: tally.alleles,
            passing: tally.passing,
            not_listed: tally.not_listed,
            removed: tally.removed,
        },
        alterations,
        places,
        rest,
        biomarkers,
        interpretation,
        therapies,
        warnings,
        copy_number,
        fusions,
        signatures,
        germline: variants.then_some(screen),
    }))
}

/// The resources' uses with what they matched in one tally (VCF file or MAF sample).
fn count_resource_uses(
    uses: Vec<germline::resources::ResourceUse>,
    t: &Tally,
) -> Vec<germline::resources::ResourceUse> {
    use germline::resources::Kind;
    uses.into_iter()
        .map(|u| {
            let (matched, without) = match u.kind {
                Kind::Population => (t.population_matches, t.population_matches_without_af),
                Kind::PanelOfNormals => (
                    t.removed
                        .get(&crate::filter::FilterReason::PanelOfNormals)
                        .copied()
                        .unwrap_or(0),
                    0,
                ),
            };
            germline::resources::ResourceUse {
                matched,
                matched_without_af: without,
                ..u
            }
        })
        .collect()
}

/// The germline screen of the classified alterations ([`crate::germline`]).
fn screen(
    alterations: Vec<crate::model::Alteration>,
    opts: &Options,
    kb: &KnowledgeBase,
    tumor_type: Option<&str>,
    tally: &Tally,
) -> Result<germline::Screened> {
    let ctx = germline::Context {
        kb,
        tumor_type,
        purity: opts.cna_options.purity,
        spread: &tally.vafs,
        plasma: opts.plasma,
        resources: count_resource_uses(tally.resources.clone(), tally),
    };
    germline::screen(alterations, &ctx)
}

/// Stream every record through the per-record work, with the progress bar.
fn stream(path: &Path, source: &mut Source, work: &RecordWork<'_>, opts: &Options) -> Result<Tally> {
    let (size, bytes) = source.progress();
    let progress = Progress::new(opts.progress, size, bytes);
    let engine_opts = EngineOptions {
        reader_thread: opts.reader_thread,
    };
    let tally = engine::run(source, work, engine_opts, progress.as_ref())?;
    if let Some(p) = progress {
        p.finish();
    }
    tracing::info!(
        file = %path.display(),
        records = source.records(),
        alleles = tally.alleles,
        passing = tally.passing,
        listed = tally.listed.len(),
        kept_in_memory = tally.listed.kept(),
        "read"
    );
    Ok(tally)
}

/// The per-record work for this input, with the biomarker regions loaded once.
fn record_work<'a>(
    header: &crate::input::header::Header,
    source: &Source,
    choice: &samples::SampleChoice,
    opts: &Options,
    kb: &'a KnowledgeBase,
    build: Option<GenomeBuild>,
    consequence: Option<std::sync::Arc<crate::consequence::Engine>>,
) -> Result<RecordWork<'a>> {
    let rc = crate::input::fields::RecordContext {
        file: source.path(),
        tumor: choice.tumor,
        normal: choice.normal,
        vaf_tag: opts.vaf_tag.clone(),
        depth_tag: opts.depth_tag.clone(),
        repeat_fields: header.info_def("RPA").is_some()
            || header.info_def("STR").is_some()
            || header.info_def("RU").is_some(),
        header_lines: (!source.indexed()).then_some(header.lines),
    };
    let annotator = Annotator::from_header(header);
    Ok(RecordWork {
        rc,
        n_samples: header.samples.len(),
        annotator,
        consequence,
        merged: source.merged_files(),
        stages: stages(opts, kb, build, false)?,
    })
}

/// The later stages of one patient, with the biomarker regions loaded once; `context_column`: the
/// input carries each SNV's reference context (a MAF's `CONTEXT`).
fn stages<'a>(
    opts: &Options,
    kb: &'a KnowledgeBase,
    build: Option<GenomeBuild>,
    context_column: bool,
) -> Result<Stages<'a>> {
    Ok(Stages {
        kb,
        build,
        filter: opts.filter.clone(),
        all_variants: opts.all_variants,
        acc_template: Accumulator::new(&opts.biomarkers)?,
        regions: opts.regions.clone(),
        needed: {
            tracing::debug!(readers = ?listed::Needed::readers().collect::<Vec<_>>(), keep_all = opts.keep_all_listed, "listed alterations kept for");
            listed::Needed::new(kb, opts.keep_all_listed)
        },
        signatures: signature_collector(opts, context_column)?,
        resources: std::sync::Arc::new(
            germline::resources::Resources::open(opts.population_vcf.as_deref(), opts.panel_of_normals.as_deref())
                .map_err(germline::resources::ResourceError::into_error)?,
        ),
    })
}

/// With `--reference`: the FASTA, for the signature catalogues; without it, a MAF's context column
/// alone. `--signatures` needs one of the two.
fn signature_collector(opts: &Options, context_column: bool) -> Result<Option<crate::signatures::collect::Collector>> {
    let Some(fasta) = opts.biomarkers.reference.as_deref() else {
        if opts.signatures.is_some() && !context_column {
            return Err(Error::Usage(
                "--signatures needs --reference FASTA (the catalogues come from the reference sequence) or a MAF with a CONTEXT column".into(),
            ));
        }
        return Ok(context_column.then(crate::signatures::collect::Collector::from_column_only));
    };
    // The same one-line form as the MSI reference's errors: the file, then the option.
    let reference = crate::consequence::fasta::Reference::open(fasta)
        .map_err(|e| Error::input(fasta, format!("--reference: {e}")).caused_by(e))?;
    Ok(Some(crate::signatures::collect::Collector::new(std::sync::Arc::new(
        reference,
    ))))
}

/// Our consequence engine when `--gene-models` is a GFF3/GTF file (it then needs `--reference`).
fn consequence_engine(opts: &Options) -> Result<Option<std::sync::Arc<crate::consequence::Engine>>> {
    let Some(models) = opts.biomarkers.gene_models.as_deref() else {
        return Ok(None);
    };
    if !crate::consequence::is_gene_model_file(models) {
        return Ok(None);
    }
    if crate::consequence::pack::is_pack(models) {
        return crate::consequence::Engine::shared_pack(models)
            .map(Some)
            .map_err(|e| Error::input_from(models, e));
    }
    let Some(fasta) = opts.biomarkers.reference.as_deref() else {
        return Err(Error::Usage(format!(
            "--gene-models {} is GFF3/GTF: the consequence engine also needs --reference FASTA",
            models.display()
        )));
    };
    crate::consequence::Engine::shared(models, fasta)
        .map(Some)
        .map_err(|e| {
            let file = match &e {
                crate::consequence::EngineError::Models(_) => models,
                crate::consequence::EngineError::Reference(_) => fasta,
            };
            let text = e.to_string();
            let prefix = format!("{}: ", file.display());
            Error::Input {
                file: file.to_path_buf(),
                location: None,
                field: None,
                reason: text.strip_prefix(&prefix).unwrap_or(&text).to_string(),
                cause: Some(Box::new(e)),
            }
        })
}

/// The one warning for unannotated input (the TMB stage's own "needs annotation" warning is folded
/// into it in the report's list).
pub(crate) const UNANNOTATED_WARNING: &str =
    "the VCF has no VEP (INFO/CSQ) or SnpEff (INFO/ANN) annotation: gene-level \
interpretation needs annotation (only knowledge-base coordinate hotspots were recognised), and so does TMB unless \
--targets/--gene-models bound the region";

/// What reading the file left uncertain.
fn read_warnings(
    w: &mut Warnings,
    t: &Tally,
    annotation: AnnotationKind,
    build: Option<GenomeBuild>,
    no_tumor_column: bool,
    records: u64,
    regions: bool,
) {
    if annotation == AnnotationKind::None {
        w.push(UNANNOTATED_WARNING);
    }
    if build.is_none() {
        w.push("genome build unknown (no recognised ##contig lengths or ##reference): use --genome; coordinate hotspot matching tried both builds");
    }
    if no_tumor_column || t.no_depth > 0 {
        w.push(format!(
            "{} passing allele(s) have no tumour depth in the file: --min-depth/--min-alt-reads/--min-vaf could not be applied to them (use --depth-tag/--vaf-tag)",
            t.no_depth
        ));
    }
    if let Some(n) = t.removed.get(&crate::filter::FilterReason::SymbolicOrStructuralAllele) {
        w.push(format!("{n} symbolic/structural-variant allele(s) are not interpreted"));
    }
    if t.annotation_errors > 0 {
        w.push(format!(
            "{} record(s) carry an annotation field with no usable entry, or a REF that --reference contradicts in a CDS, and were treated as unannotated (first: {})",
            t.annotation_errors,
            t.first_annotation_error.as_deref().unwrap_or("")
        ));
    }
    if records == 0 && regions {
        w.push("no record overlaps the regions (-r/-R)");
    } else if records == 0 {
        w.push("the VCF has a header but no records");
    }
    if t.stats.per_allele_count_mismatches > 0 {
        w.push(format!(
            "{} per-allele FORMAT field(s) had a value count that does not fit the ALT alleles: their alt depth and VAF are null (first: {})",
            t.stats.per_allele_count_mismatches,
            t.stats.first_mismatch.as_deref().unwrap_or("")
        ));
    }
}

/// Run [`run_report`] and turn a panic into an error naming the file, so that one bad input never
/// kills a batch.
pub fn run_report_isolated(path: &Path, opts: &Options, kb: &KnowledgeBase) -> Result<Report> {
    run_report_files_isolated(&[path.to_path_buf()], opts, kb)
}

/// [`run_report_files`], with a panic turned into an error naming the (first) file.
pub fn run_report_files_isolated(paths: &[PathBuf], opts: &Options, kb: &KnowledgeBase) -> Result<Report> {
    let path = paths.first().map(PathBuf::as_path).unwrap_or(Path::new("-"));
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| run_report_files(paths, opts, kb))) {
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
