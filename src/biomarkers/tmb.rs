//! Tumour mutational burden.
//!
//! **Counted** (default, `coding_nonsynonymous`): passing variants (FILTER,
//! tumour depth/VAF) whose picked VEP/SnpEff consequence is coding
//! non-synonymous — missense, stop gained (nonsense), frameshift, in-frame
//! insertion/deletion, splice donor/acceptor, start/stop lost,
//! protein-altering (and the SnpEff equivalents). `--tmb-include-synonymous`
//! (`coding_all`) also counts synonymous and other coding consequences.
//! SNVs/MNVs and indels are counted once per ALT allele.
//!
//! **Excluded**, each variant under the first reason that applies, so that
//! `count + Σ excluded = passing variants`: `outside_targets` /
//! `outside_gene_models`; `no_annotation` (annotated file, no consequence
//! for this allele); `not_coding`; `synonymous`; `somatic_flag_false` (the
//! caller itself marked the call non-somatic: VarScan2 `SS=1/3` germline/LOH,
//! VarDict `STATUS` germline/LOH); `population_af_gt_<max>` (tumour-only only: likely
//! germline by gnomAD/MAX_AF/dbNSFP population AF > `--max-pop-af`);
//! `possible_clonal_haematopoiesis` (a call the germline screen marked as possible clonal
//! haematopoiesis in a solid tumour, `crate::germline`: it comes from blood cells, not the
//! tumour; only a call that would otherwise have been counted is moved here).
//!
//! **Denominator**: `--target-mb`, else `--assay` preset, else the merged
//! `--targets` BED size, else (unannotated input) the merged `--gene-models`
//! BED size, else (input annotated by our consequence engine) the merged CDS
//! size of the `--gene-models` GFF3/GTF; none → value null, status indeterminate.
//!
//! **Status**: `high` when value ≥ threshold (10 mut/Mb, FDA pembrolizumab
//! 2020), else `low`; `indeterminate` when there is no denominator, the
//! region is below `tmb_min_region_mb` (0.5 Mb, Chalmers et al. 2017), or
//! the input is unannotated and no region (targets or gene models) says
//! where the coding sequence is. `ci95` is the exact Poisson interval of the
//! count divided by the denominator.

use super::error::Result;
use super::{round, stats, Cell, Coding, Context, Param, Params, Pop, Totals};
use super::{Denominator, DenominatorSource, Exclusion, Tmb, TmbMethod, TmbStatus};
use crate::warning::{StageWarnings, WarningKind};

/// What was counted and why the rest was not.
struct Counted {
    snv: u64,
    /// Driver calls among `snv`.
    driver_snv: u64,
    indel: u64,
    /// Passing variants without a VEP/SnpEff consequence (annotated input).
    missing_annotation: u64,
    excluded: Vec<(Exclusion, u64)>,
}

impl Counted {
    fn exclude(&mut self, reason: Exclusion, n: u64) {
        match self.excluded.iter_mut().find(|(r, _)| *r == reason) {
            Some((_, c)) => *c += n,
            None => self.excluded.push((reason, n)),
        }
    }
    fn excluded_by(&self, reason: Exclusion) -> u64 {
        self.excluded.iter().find(|(r, _)| *r == reason).map_or(0, |(_, c)| *c)
    }
}

pub(crate) fn compute(t: &Totals, ctx: &Context, params: &Params) -> Result<Tmb> {
    let o = ctx.options;
    let mut warnings = StageWarnings::new(WarningKind::Tmb);
    let annotated = ctx.annotated;
    let method = match (
        annotated,
        o.tmb_include_synonymous,
        t.targets.is_some() || t.gene_models.is_some(),
    ) {
        (true, false, _) => TmbMethod::CodingNonsynonymous,
        (true, true, _) => TmbMethod::CodingAll,
        (false, _, true) => TmbMethod::UnannotatedInTargets,
        (false, _, false) => TmbMethod::UnannotatedAll,
    };
    // Counting region: the targets; for unannotated input without targets, the gene models.
    let use_models = !annotated && t.targets.is_none() && t.gene_models.is_some();
    if annotated && t.gene_models.is_some() {
        warnings.push(
            "--gene-models is only used for unannotated input: coding status came from the annotation".to_string(),
        );
    }
    let counted = count(t, ctx, use_models);
    let count = counted.snv + counted.indel;
    let denominator = denominator(t, ctx, use_models, &mut warnings);

    let thr = match o.tmb_threshold {
        Some(x) => Param {
            value: x,
            source: "--tmb-threshold".into(),
        },
        None => params.get("tmb_high")?,
    };
    let min_region = params.get("tmb_min_region_mb")?;
    // Per Mb: the value and its 95 % interval.
    let rate = match &denominator {
        Some(d) if d.mb > 0.0 => {
            let ci = stats::poisson_ci95(count);
            Some((count as f64 / d.mb, [round(ci[0] / d.mb, 4), round(ci[1] / d.mb, 4)]))
        }
        _ => None,
    };
    let (value, ci95) = (rate.map(|r| r.0), rate.map(|r| r.1));
    let mut status = status(
        ctx,
        method,
        denominator.as_ref(),
        rate,
        &thr,
        &min_region,
        &mut warnings,
    );
    coverage_warnings(t, ctx, method, &counted, &mut warnings);
    if let Some(w) = footprint_mismatch(t.assay, ctx.coding_genes_hit) {
        warnings.push(w);
        status = TmbStatus::Indeterminate;
    }

    let definition = definition(ctx, method, t, denominator.as_ref());
    let mut excluded = counted.excluded;
    excluded.sort_by_key(|(r, _)| r.key());
    Ok(Tmb {
        value: value.map(|v| round(v, 4)),
        count,
        denominator,
        definition,
        method,
        threshold: thr.value,
        threshold_source: thr.source,
        status,
        ci95,
        snv_count: counted.snv,
        indel_count: counted.indel,
        driver_snv_count: counted.driver_snv,
        excluded,
        tumor_only: ctx.tumor_only,
        warnings: warnings.into_vec(),
    })
}

/// High/low against the threshold, or indeterminate (no denominator, no
/// coding region, region too small), with the warnings that explain it.
fn status(
    ctx: &Context,
    method: TmbMethod,
    denominator: Option<&Denominator>,
    rate: Option<(f64, [f64; 2])>,
    thr: &Param,
    min_region: &Param,
    warnings: &mut StageWarnings,
) -> TmbStatus {
    let mut status = TmbStatus::Indeterminate;
    match (denominator, rate) {
        (None, _) | (_, None) => {
            warnings.push(format!(
                "no TMB denominator: give --targets BED, --target-mb or --assay ({}); the count is reported, the value is not",
                super::assay_list(ctx.kb).iter().map(|a| a.name.as_str()).collect::<Vec<_>>().join(", ")
            ));
        }
        (Some(d), Some((v, ci))) => {
            if method == TmbMethod::UnannotatedAll {
                warnings.push(
                    "unannotated input without --targets or --gene-models: coding status is unknown, all passing variants were counted; the value is not comparable with the TMB-high threshold"
                        .into(),
                );
            } else if d.mb < min_region.value {
                warnings.push(format!(
                    "assessed region {} Mb is below {} Mb: TMB is unreliable ({})",
                    d.mb, min_region.value, min_region.source
                ));
            } else {
                status = if v >= thr.value {
                    TmbStatus::High
                } else {
                    TmbStatus::Low
                };
                let [lo, hi] = ci;
                if lo < thr.value && thr.value <= hi {
                    warnings.push(format!(
                        "the 95% Poisson interval [{lo}, {hi}] mut/Mb includes the threshold {}: borderline",
                        thr.value
                    ));
                }
            }
        }
    }
    status
}

/// Every counter cell counted, or excluded under the first reason that applies.
fn count(t: &Totals, ctx: &Context, use_models: bool) -> Counted {
    let o = ctx.options;
    let mut c = Counted {
        snv: 0,
        driver_snv: 0,
        indel: 0,
        missing_annotation: 0,
        excluded: Vec::new(),
    };
    let mut not_tumour = vec![0u64; super::N_CELLS];
    for cell in &t.not_tumour {
        if let Some(x) = not_tumour.get_mut(cell.index()) {
            *x += 1;
        }
    }
    let mut drivers = vec![0u64; super::N_CELLS];
    for cell in &t.drivers {
        if let Some(x) = drivers.get_mut(cell.index()) {
            *x += 1;
        }
    }
    for cell in Cell::all() {
        let n = t.cells.get(cell.index()).copied().unwrap_or(0);
        if n == 0 {
            continue;
        }
        let reason = if !cell.in_targets {
            Some(Exclusion::OutsideTargets)
        } else if use_models && !cell.in_models {
            Some(Exclusion::OutsideGeneModels)
        } else if ctx.annotated {
            match cell.coding {
                Coding::Missing => {
                    c.missing_annotation += n;
                    Some(Exclusion::NoAnnotation)
                }
                Coding::Noncoding => Some(Exclusion::NotCoding),
                Coding::Synonymous if !o.tmb_include_synonymous => Some(Exclusion::Synonymous),
                _ => None,
            }
        } else {
            None
        };
        let reason = reason.or_else(|| {
            if cell.somatic_false {
                Some(Exclusion::SomaticFlagFalse)
            } else if ctx.tumor_only && cell.pop == Pop::High {
                Some(Exclusion::PopulationAfAbove(o.max_pop_af))
            } else {
                None
            }
        });
        // Calls that are not tumour mutations leave the count (never more than the cell holds).
        let (reason, n) = match reason {
            None => {
                let k = not_tumour.get(cell.index()).copied().unwrap_or(0).min(n);
                if k > 0 {
                    c.exclude(Exclusion::PossibleClonalHaematopoiesis, k);
                }
                (None, n - k)
            }
            r => (r, n),
        };
        match reason {
            Some(r) => c.exclude(r, n),
            None if cell.indel => c.indel += n,
            None => {
                c.snv += n;
                c.driver_snv += drivers.get(cell.index()).copied().unwrap_or(0).min(n);
            }
        }
    }
    c
}

/// `--target-mb`, else the `--assay` preset, else the `--targets` size, else
/// (unannotated input) the gene-model BED size, else (input annotated by our
/// engine) the merged CDS size of its GFF3/GTF gene models.
fn denominator(t: &Totals, ctx: &Context, use_models: bool, warnings: &mut StageWarnings) -> Option<Denominator> {
    let o = ctx.options;
    let d = |mb: f64, source: DenominatorSource| Some(Denominator { mb, source });
    let denominator = if let Some(x) = o.target_mb {
        d(x, DenominatorSource::TargetMb)
    } else if let Some(a) = t.assay {
        d(a.region_mb, DenominatorSource::Assay(a.name.clone()))
    } else if let Some(r) = t.targets {
        d(r.size_mb(), DenominatorSource::TargetsBed)
    } else if use_models {
        t.gene_models
            .and_then(|r| d(r.size_mb(), DenominatorSource::GeneModelsBed))
    } else if let Some(mb) = ctx.gene_models_cds_mb.filter(|mb| *mb > 0.0) {
        d(mb, DenominatorSource::GeneModelsCds)
    } else {
        None
    };
    if o.target_mb.is_some() && t.assay.is_some() {
        warnings.push("both --target-mb and --assay given: --target-mb is the denominator".into());
    }
    if let (Some(r), Some(den)) = (t.targets, &denominator) {
        if den.source != DenominatorSource::TargetsBed {
            warnings.push(format!(
                "the denominator ({} Mb, {}) overrides the --targets size ({:.4} Mb); --targets still limits which variants are counted",
                den.mb,
                den.source,
                r.size_mb()
            ));
        }
        if r.is_empty() {
            warnings.push("--targets has no bases: nothing can be counted".into());
        }
    }
    denominator
}

/// A panel is a region below this many megabases …
const PANEL_MAX_MB: f64 = 2.0;
/// … and its calls hit at most this many distinct genes (the largest panels in `assays.tsv` cover
/// 300–525 genes: FoundationOne CDx 324, MSK-IMPACT 468, TSO500 523).
const PANEL_MAX_GENES: usize = 1000;

/// A panel `--assay` on calls that hit far more genes than a panel covers (e.g. a whole-exome
/// VCF): the denominator does not match the counting, so the TMB status is indeterminate (the value
/// stays, with this warning).
fn footprint_mismatch(assay: Option<&crate::kb::assays::Assay>, genes_hit: usize) -> Option<String> {
    let a = assay?;
    if a.region_mb >= PANEL_MAX_MB || genes_hit <= PANEL_MAX_GENES {
        return None;
    }
    Some(format!(
        "--assay {} is a {} Mb panel but passing coding variants hit {genes_hit} distinct genes \
         (a panel covers at most about {PANEL_MAX_GENES}): the calls do not come from the assay's footprint, \
         so the denominator does not match the count; status set to indeterminate (give --targets BED of the \
         region actually called, or --assay WES)",
        a.name, a.region_mb
    ))
}

/// Warnings about what could not be assessed: unannotated input, missing
/// consequences, tumour-only germline filtering.
fn coverage_warnings(t: &Totals, ctx: &Context, method: TmbMethod, c: &Counted, warnings: &mut StageWarnings) {
    let o = ctx.options;
    if !ctx.annotated {
        match method {
            TmbMethod::UnannotatedInTargets => warnings.push(format!(
                "unannotated input: coding status unknown, all passing variants inside the {} were counted (SNVs, indels, synonymous and non-coding alike)",
                if t.targets.is_some() { "--targets" } else { "--gene-models exons" }
            )),
            _ => warnings.push_kind(
                WarningKind::TmbNeedsAnnotation,
                "unannotated input: TMB needs VEP/SnpEff annotation, or --targets/--gene-models to bound the region",
            ),
        }
    } else if c.missing_annotation > 0 {
        warnings.push(format!(
            "{} passing variant(s) had no VEP/SnpEff consequence for their allele and were not counted",
            c.missing_annotation
        ));
    }
    if ctx.tumor_only {
        let n_pop = c.excluded_by(Exclusion::PopulationAfAbove(o.max_pop_af));
        if t.with_population_af == 0 {
            warnings.push(
                "tumour-only sample and no population allele frequency in the annotation (VEP gnomAD/MAX_AF, SnpEff dbNSFP): likely germline variants could not be excluded; TMB may be inflated"
                    .into(),
            );
        } else {
            warnings.push(format!(
                "tumour-only sample: {n_pop} variant(s) with population AF > {} excluded as likely germline; residual germline variants (rare or absent from population databases) can inflate TMB",
                o.max_pop_af
            ));
        }
    }
}

fn definition(ctx: &Context, method: TmbMethod, t: &Totals, denominator: Option<&Denominator>) -> String {
    let o = ctx.options;
    let what = match method {
        TmbMethod::CodingNonsynonymous => "somatic coding non-synonymous SNVs/MNVs and indels (missense, nonsense, frameshift, in-frame insertion/deletion, splice donor/acceptor, start/stop lost, protein-altering)",
        TmbMethod::CodingAll => "somatic coding SNVs/MNVs and indels including synonymous (non-synonymous, synonymous, stop/start retained, other coding)",
        TmbMethod::UnannotatedInTargets => "all somatic SNVs/MNVs and indels (coding status unknown: unannotated input)",
        TmbMethod::UnannotatedAll => "all somatic SNVs/MNVs and indels (coding status unknown: unannotated input, no region)",
    };
    let mut s = format!("{what} passing FILTER and the tumour depth/VAF filters");
    if t.targets.is_some() {
        s.push_str(", inside --targets");
    } else if method == TmbMethod::UnannotatedInTargets {
        s.push_str(", inside --gene-models exons");
    }
    s.push_str(", excluding calls the caller marked non-somatic");
    if ctx.tumor_only {
        s.push_str(&format!(
            ", excluding likely germline variants with population AF > {} (tumour-only)",
            o.max_pop_af
        ));
    }
    match denominator {
        Some(d) => s.push_str(&format!(
            ", per megabase of the assessed region ({} Mb, {})",
            d.mb, d.source
        )),
        None => s.push_str(", per megabase of the assessed region (unknown)"),
    }
    s
}
