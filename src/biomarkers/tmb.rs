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
//! germline by gnomAD/MAX_AF/dbNSFP population AF > `--max-pop-af`).
//!
//! **Denominator**: `--target-mb`, else `--assay` preset, else the merged
//! `--targets` BED size, else (unannotated input) the merged `--gene-models`
//! size; none → value null, status indeterminate.
//!
//! **Status**: `high` when value ≥ threshold (10 mut/Mb, FDA pembrolizumab
//! 2020), else `low`; `indeterminate` when there is no denominator, the
//! region is below `tmb_min_region_mb` (0.5 Mb, Chalmers et al. 2017), or
//! the input is unannotated and no region (targets or gene models) says
//! where the coding sequence is. `ci95` is the exact Poisson interval of the
//! count divided by the denominator.

use super::{round, stats, Coding, Context, Params, Pop, Totals};
use crate::report::{CountBy, Tmb};
use std::collections::BTreeMap;

pub(crate) fn compute(t: &Totals, ctx: &Context, params: &Params) -> Result<Tmb, String> {
    let o = ctx.options;
    let mut warnings = Vec::new();
    let annotated = ctx.annotated;
    let method = match (
        annotated,
        o.tmb_include_synonymous,
        t.targets.is_some() || t.gene_models.is_some(),
    ) {
        (true, false, _) => "coding_nonsynonymous",
        (true, true, _) => "coding_all",
        (false, _, true) => "unannotated_in_targets",
        (false, _, false) => "unannotated_all",
    };
    // Counting region: the targets; for unannotated input without targets, the gene models.
    let use_models = !annotated && t.targets.is_none() && t.gene_models.is_some();
    if annotated && t.gene_models.is_some() {
        warnings.push(
            "--gene-models is only used for unannotated input: coding status came from the annotation".to_string(),
        );
    }
    let pop_key = format!("population_af_gt_{}", o.max_pop_af);
    let mut excluded: BTreeMap<String, u64> = BTreeMap::new();
    let (mut snv, mut indel) = (0u64, 0u64);
    let mut missing_annotation = 0u64;
    for cell in super::Cell::all() {
        let n = t.cells.get(cell.index()).copied().unwrap_or(0);
        if n == 0 {
            continue;
        }
        let reason: Option<String> = if !cell.in_targets {
            Some("outside_targets".into())
        } else if use_models && !cell.in_models {
            Some("outside_gene_models".into())
        } else if annotated {
            match cell.coding {
                Coding::Missing => {
                    missing_annotation += n;
                    Some("no_annotation".into())
                }
                Coding::Noncoding => Some("not_coding".into()),
                Coding::Synonymous if !o.tmb_include_synonymous => Some("synonymous".into()),
                _ => None,
            }
        } else {
            None
        };
        let reason = reason.or_else(|| {
            if cell.somatic_false {
                Some("somatic_flag_false".into())
            } else if ctx.tumor_only && cell.pop == Pop::High {
                Some(pop_key.clone())
            } else {
                None
            }
        });
        match reason {
            Some(r) => *excluded.entry(r).or_default() += n,
            None => {
                if cell.indel {
                    indel += n
                } else {
                    snv += n
                }
            }
        }
    }
    let count = snv + indel;

    // Denominator.
    let mut given: Vec<&str> = Vec::new();
    let denominator: Option<(f64, String)> = if let Some(x) = o.target_mb {
        given.push("--target-mb");
        Some((x, "target_mb".into()))
    } else if let Some(a) = t.assay {
        given.push("--assay");
        Some((a.region_mb, format!("assay:{}", a.name)))
    } else if let Some(r) = t.targets {
        Some((r.size_mb(), "targets_bed".into()))
    } else if use_models {
        t.gene_models.map(|r| (r.size_mb(), "gene_models_bed".into()))
    } else {
        None
    };
    if o.target_mb.is_some() && t.assay.is_some() {
        warnings.push("both --target-mb and --assay given: --target-mb is the denominator".into());
    }
    if let (Some(r), Some((mb, src))) = (t.targets, &denominator) {
        if src != "targets_bed" {
            warnings.push(format!(
                "the denominator ({mb} Mb, {src}) overrides the --targets size ({:.4} Mb); --targets still limits which variants are counted",
                r.size_mb()
            ));
        }
        if r.is_empty() {
            warnings.push("--targets has no bases: nothing can be counted".into());
        }
    }

    let thr = match o.tmb_threshold {
        Some(x) => super::Param {
            value: x,
            source: "--tmb-threshold".into(),
        },
        None => params.get("tmb_high")?,
    };
    let min_region = params.get("tmb_min_region_mb")?;
    let (value, ci95) = match &denominator {
        Some((mb, _)) if *mb > 0.0 => {
            let ci = stats::poisson_ci95(count);
            (
                Some(count as f64 / mb),
                Some([round(ci[0] / mb, 4), round(ci[1] / mb, 4)]),
            )
        }
        _ => (None, None),
    };
    let mut status = "indeterminate";
    match (&denominator, value) {
        (None, _) | (_, None) => {
            warnings.push(format!(
                "no TMB denominator: give --targets BED, --target-mb or --assay ({}); the count is reported, the value is not",
                super::assay_list(ctx.kb).iter().map(|a| a.name.as_str()).collect::<Vec<_>>().join(", ")
            ));
        }
        (Some((mb, _)), Some(v)) => {
            if method == "unannotated_all" {
                warnings.push(
                    "unannotated input without --targets or --gene-models: coding status is unknown, all passing variants were counted; the value is not comparable with the TMB-high threshold"
                        .into(),
                );
            } else if *mb < min_region.value {
                warnings.push(format!(
                    "assessed region {mb} Mb is below {} Mb: TMB is unreliable ({})",
                    min_region.value, min_region.source
                ));
            } else {
                status = if v >= thr.value { "high" } else { "low" };
                if let Some([lo, hi]) = ci95 {
                    if lo < thr.value && thr.value <= hi {
                        warnings.push(format!(
                            "the 95% Poisson interval [{lo}, {hi}] mut/Mb includes the threshold {}: borderline",
                            thr.value
                        ));
                    }
                }
            }
        }
    }
    if !annotated {
        warnings.push(match method {
            "unannotated_in_targets" => format!(
                "unannotated input: coding status unknown, all passing variants inside the {} were counted (SNVs, indels, synonymous and non-coding alike)",
                if t.targets.is_some() { "--targets" } else { "--gene-models exons" }
            ),
            _ => "unannotated input: TMB needs VEP/SnpEff annotation, or --targets/--gene-models to bound the region".into(),
        });
    } else if missing_annotation > 0 {
        warnings.push(format!(
            "{missing_annotation} passing variant(s) had no VEP/SnpEff consequence for their allele and were not counted"
        ));
    }
    if ctx.tumor_only {
        let n_pop = excluded.get(&pop_key).copied().unwrap_or(0);
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

    let definition = definition(ctx, method, t, &denominator);
    Ok(Tmb {
        value: value.map(|v| round(v, 4)),
        count,
        denominator_mb: denominator.as_ref().map(|(mb, _)| *mb),
        denominator_source: denominator.map(|(_, s)| s),
        definition,
        method: method.into(),
        threshold: thr.value,
        threshold_source: thr.source,
        status: status.into(),
        ci95,
        snv_count: snv,
        indel_count: indel,
        excluded: excluded
            .into_iter()
            .map(|(key, count)| CountBy { key, count })
            .collect(),
        tumor_only: ctx.tumor_only,
        warnings,
    })
}

fn definition(ctx: &Context, method: &str, t: &Totals, denominator: &Option<(f64, String)>) -> String {
    let o = ctx.options;
    let what = match method {
        "coding_nonsynonymous" => "somatic coding non-synonymous SNVs/MNVs and indels (missense, nonsense, frameshift, in-frame insertion/deletion, splice donor/acceptor, start/stop lost, protein-altering)",
        "coding_all" => "somatic coding SNVs/MNVs and indels including synonymous (non-synonymous, synonymous, stop/start retained, other coding)",
        "unannotated_in_targets" => "all somatic SNVs/MNVs and indels (coding status unknown: unannotated input)",
        _ => "all somatic SNVs/MNVs and indels (coding status unknown: unannotated input, no region)",
    };
    let mut s = format!("{what} passing FILTER and the tumour depth/VAF filters");
    if t.targets.is_some() {
        s.push_str(", inside --targets");
    } else if method == "unannotated_in_targets" {
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
        Some((mb, src)) => s.push_str(&format!(", per megabase of the assessed region ({mb} Mb, {src})")),
        None => s.push_str(", per megabase of the assessed region (unknown)"),
    }
    s
}
