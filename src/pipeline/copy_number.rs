//! The copy-number stage of one patient (`--cna`): read every file before the VCF (so that a bad
//! file fails first), check its build against the VCF's, call genes, and turn each call into an
//! [`Alteration`] with id `CN1`, `CN2`, … so that interpretation (NEN patterns) and therapy
//! matching (`amplification`/`deletion` rules) see it beside the SNVs. The report section is built
//! from [`CopyNumber`] by [`crate::report::copy_number`].

use crate::cna::{self, CnCall, CnaFile, CopyNumber, Event, GeneCall, Thresholds};
use crate::error::{Error, Result};
use crate::genome::GenomeBuild;
use crate::kb::KnowledgeBase;
use crate::model::{Alteration, AlterationClass, Evidence, Oncogenicity};
use std::path::PathBuf;

use super::gene_event::GeneEvent;
use super::Options;

/// Genes whose loss together with a truncating variant is a biallelic loss ("two hits").
pub(crate) const TWO_HIT_GENES: &[&str] = &[
    "RB1", "TP53", "MEN1", "BRCA1", "BRCA2", "PTEN", "MLH1", "MSH2", "MSH6", "PMS2", "CDKN2A", "SMARCB1", "NF1",
    "DAXX", "ATRX",
];

/// The default tumour ploidy.
pub(crate) const PLOIDY_DEFAULT: f64 = 2.0;

/// The warning of a report without SNV/indel input.
pub(crate) const NO_VARIANTS_WARNING: &str =
    "no SNV/indel file (copy-number/fusion input only): TMB and MSI not assessed, no small variant listed";

/// `report --cna F` (or `--sv F`) without a VCF/BCF/MAF: the copy-number/fusion report alone, with `--genome` as the
/// build (or the one a file declares).
pub(super) fn without_variants(
    opts: &Options,
    kb: &KnowledgeBase,
    tumour: super::checks::TumourType,
) -> Result<crate::report::Report> {
    let Some(path) = opts.cna.first().or(opts.sv.first()) else {
        return Err(Error::Usage(
            "nothing to report: give a VCF/BCF/MAF, or copy-number (--cna) or fusion (--sv) files".into(),
        ));
    };
    let build = opts.genome;
    let tally = super::stages(opts, kb, build, false)?.empty();
    let mut warnings = crate::report::build::Warnings::default();
    warnings.push(NO_VARIANTS_WARNING);
    // Fusion files say on their own when their build is unknown (SV VCF, BEDPE).
    if build.is_none() && !opts.cna.is_empty() {
        warnings.push("genome build unknown: give --genome for gene calls over the embedded spans");
    }
    super::assemble(
        super::Assembly {
            path,
            input: crate::report::build::InputSummary {
                format: crate::model::InputFormat::None,
                compression: None,
                sha256: String::new(),
                build,
                build_source: build.map(|_| "cli"),
                annotation: crate::model::AnnotationKind::None,
                caller: None,
                records: 0,
                files: vec![],
                duplicates: None,
            },
            tumor_sample: opts.sample.clone(),
            normal_sample: None,
            tumor_only: true,
            sample_rule: "none",
            tally,
            warnings,
            gene_models_cds_mb: None,
            variants: false,
            context_column: false,
        },
        opts,
        kb,
        tumour,
    )
}

/// Read every `--cna` file; a multi-sample file is read for `-s`, else for the VCF's (or MAF's)
/// tumour sample.
pub(crate) fn read_all(opts: &Options, tumor_sample: Option<&str>) -> Result<Vec<CnaFile>> {
    let mut out = Vec::with_capacity(opts.cna.len());
    for p in &opts.cna {
        let mut o = opts.cna_options.clone();
        if o.sample.is_none() {
            o.sample = opts.sample.clone().or_else(|| tumor_sample.map(str::to_string));
        }
        out.push(cna::read(p, &o)?);
    }
    Ok(out)
}

/// The build the calls use: the VCF's (or `--genome`), which a file that declares its own must
/// agree with.
pub(crate) fn check_build(files: &[CnaFile], build: Option<GenomeBuild>) -> Result<Option<GenomeBuild>> {
    let mut b = build;
    for f in files {
        match (b, f.build) {
            (Some(x), Some(y)) if x != y => {
                return Err(Error::input(
                    &f.path,
                    format!(
                        "the copy-number file is {} (its @SQ lengths) but the variants are {}: use files of one build",
                        y.as_str(),
                        x.as_str()
                    ),
                ))
            }
            (None, Some(y)) => b = Some(y),
            _ => {}
        }
    }
    Ok(b)
}

/// Genes with a truncating listed alteration (the first hit of a "two hits" loss).
fn truncated_genes(kb: &KnowledgeBase, snvs: &[Alteration]) -> Vec<(String, String)> {
    snvs.iter()
        .filter(|a| a.call.has(AlterationClass::Truncating))
        .filter_map(|a| {
            let g = a.variant.annotation.as_ref()?.gene.as_deref()?;
            Some((canonical(kb, g), a.id.clone()))
        })
        .collect()
}

fn canonical(kb: &KnowledgeBase, g: &str) -> String {
    kb.gene(g).map(|x| x.symbol.clone()).unwrap_or_else(|| g.to_string())
}

/// The gene spans of `--gene-models` (GFF3/GTF or a pack) for a build without embedded spans
/// (GRCh37), so that segment files that name no genes get gene calls; none when the build has
/// embedded spans, no models are given, or the models declare another build (a warning).
fn model_spans(
    opts: &Options,
    build: Option<GenomeBuild>,
    warnings: &mut Vec<String>,
) -> Result<Vec<cna::spans::Span>> {
    let Some(b) = build else { return Ok(vec![]) };
    if !cna::spans::of_build(b).is_empty() {
        return Ok(vec![]);
    }
    let Some(models) = super::fusions::Models::load(opts)? else {
        return Ok(vec![]);
    };
    let declared = models.get().declared_build().and_then(GenomeBuild::parse);
    if let Some(d) = declared.filter(|d| *d != b) {
        warnings.push(format!(
            "--gene-models: the gene models are {}, the copy-number segments {}: not used for gene calls",
            d.as_str(),
            b.as_str()
        ));
        return Ok(vec![]);
    }
    let spans = cna::spans::from_models(models.get(), b);
    warnings.push(format!(
        "copy-number gene calls over the {} genes of the --gene-models transcripts (build {}: no embedded gene spans)",
        spans.len(),
        b.as_str()
    ));
    Ok(spans)
}

/// Call the genes of every file; `snvs` are the patient's listed alterations (for "two hits").
pub fn call(
    kb: &KnowledgeBase,
    opts: &Options,
    files: Vec<CnaFile>,
    build: Option<GenomeBuild>,
    snvs: &[Alteration],
    warnings: &mut Vec<String>,
) -> Result<CopyNumber> {
    let model_spans = model_spans(opts, build, warnings)?;
    let ploidy = opts.cna_options.ploidy.unwrap_or(PLOIDY_DEFAULT);
    let thresholds = Thresholds::for_ploidy(ploidy);
    let rule_genes: std::collections::BTreeSet<String> = kb
        .therapies
        .iter()
        .filter(|r| {
            matches!(
                r.biomarker,
                crate::kb::rules::BiomarkerType::Amplification | crate::kb::rules::BiomarkerType::Deletion
            )
        })
        .flat_map(|r| r.genes.iter().cloned())
        .collect();
    let keep = |g: &str| opts.all_variants || kb.gene(g).is_some() || rule_genes.contains(g);
    let truncated = truncated_genes(kb, snvs);
    let mut events = Vec::new();
    for (i, f) in files.iter().enumerate() {
        warnings.extend(f.warnings.iter().cloned());
        let (calls, w) = cna::calls_over(f, build, &thresholds, &keep, &model_spans);
        warnings.extend(w);
        for c in calls {
            let first_hit = truncated
                .iter()
                .find(|(g, _)| *g == canonical(kb, &c.gene))
                .map(|(_, id)| id.clone());
            events.push(event(kb, c, i, first_hit));
        }
    }
    events.sort_by(|a, b| (rank(a.call.call), &a.call.gene).cmp(&(rank(b.call.call), &b.call.gene)));
    for (n, e) in events.iter_mut().enumerate() {
        e.alteration.id = format!("CN{}", n + 1);
    }
    let segments: Vec<&cna::Segment> = files.iter().flat_map(|f| &f.segments).collect();
    let cin = cna::cin::assess(&segments, build, ploidy);
    Ok(CopyNumber {
        cin,
        files,
        thresholds,
        purity: opts.cna_options.purity,
        ploidy_source: if opts.cna_options.ploidy.is_some() {
            "cli"
        } else {
            "default"
        },
        build,
        events,
    })
}

/// Report order: homozygous deletions and amplifications first.
fn rank(c: CnCall) -> u8 {
    match c {
        CnCall::HomozygousDeletion => 0,
        CnCall::Amplification => 1,
        CnCall::Loss => 2,
        CnCall::Loh => 3,
        CnCall::Gain => 4,
    }
}

fn ev(reason: String, source: &str) -> Evidence {
    Evidence {
        reason: reason.into(),
        source: source.into(),
    }
}

/// The alteration of one gene call: classes for the rules, oncogenicity from the gene's role.
fn event(kb: &KnowledgeBase, c: GeneCall, file: usize, first_hit: Option<String>) -> Event {
    let gene = kb.gene(&c.gene);
    let role = gene.map(|g| g.role.as_str()).unwrap_or("");
    let source = gene.map(|g| g.source.as_str()).unwrap_or("");
    let tsg = matches!(role, "tumor_suppressor" | "both");
    let onc = matches!(role, "oncogene" | "both");
    let two_hit_gene = TWO_HIT_GENES.contains(&c.gene.as_str()) || gene.is_some_and(|g| g.lof_established);
    let mut classes = vec![c.call.class()];
    let mut evidence = Vec::new();
    let mut oncogenicity = Oncogenicity::Vus;
    let mut biallelic = false;
    match c.call {
        CnCall::HomozygousDeletion => {
            classes.push(AlterationClass::Loss);
            if tsg {
                classes.push(AlterationClass::Biallelic);
                biallelic = true;
                oncogenicity = Oncogenicity::LikelyOncogenic;
                evidence.push(ev(
                    format!(
                        "homozygous deletion of a tumour suppressor ({}): biallelic loss of function",
                        c.gene
                    ),
                    source,
                ));
            }
        }
        CnCall::Amplification if onc => {
            oncogenicity = Oncogenicity::LikelyOncogenic;
            evidence.push(ev(format!("amplification of an oncogene ({})", c.gene), source));
        }
        CnCall::Loss | CnCall::Loh if tsg && two_hit_gene => {
            if let Some(id) = &first_hit {
                classes.push(AlterationClass::Biallelic);
                biallelic = true;
                oncogenicity = Oncogenicity::LikelyOncogenic;
                let what = if c.loh || c.call == CnCall::Loh {
                    "loss of heterozygosity"
                } else {
                    "copy loss"
                };
                evidence.push(ev(
                    format!(
                        "{what} of {} with a truncating variant ({id}) of the same gene: two hits",
                        c.gene
                    ),
                    source,
                ));
            }
        }
        _ => {}
    }
    let (chrom, pos) = c
        .segment
        .as_ref()
        .map(|(ch, s, _)| (ch.clone(), *s))
        .unwrap_or_default();
    let alteration = GeneEvent {
        chrom,
        pos,
        alt: format!("<{}>", c.call.as_str().to_ascii_uppercase()),
        line: c.line,
        gene: c.gene.clone(),
        kb_gene: gene,
        oncogenicity,
        evidence,
        classes,
    }
    .into_alteration();
    Event {
        call: c,
        alteration,
        biallelic,
        file,
    }
}

/// The `--cna` paths as given (provenance).
pub(crate) fn describe(paths: &[PathBuf]) -> String {
    paths
        .iter()
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>()
        .join(",")
}
