//! Microsatellite instability from the variant calls alone.
//!
//! **Features** (passing variants in the assessed region; calls the caller
//! marked non-somatic and, for tumour-only samples, likely germline variants
//! by population AF are left out, as for TMB): SNVs, indels, indels in a
//! microsatellite (see [`super::repeat`]), 1 bp indels in homopolymers, each
//! per Mb of the region, the indel fraction, altered MMR genes (MLH1, MSH2,
//! MSH6, PMS2, EPCAM: driver or truncating calls) and POLE/POLD1
//! exonuclease-domain missense hits.
//!
//! **Counting region** ([`CountingRegion`]): numerator and denominator
//! describe the same region. With `--targets`, variants inside the BED; for
//! unannotated input with `--gene-models`, inside those exons; with a
//! genome-scale denominator (≥ [`GENOME_SCALE_MB`], the `WGS` preset), every
//! variant; for annotated input otherwise, variants whose picked consequence
//! is exonic (coding, UTR, splice region); unannotated input without a BED
//! counts every variant with low confidence. The report's first MSI warning
//! states the rule. Tumour-only: likely germline variants by population AF
//! (`--max-pop-af`) are left out and counted in a warning, since germline
//! repeat polymorphisms are common.
//!
//! **Repeat context**, in order of preference: the caller's fields (Mutect2
//! `STR`/`RU`/`RPA`, Strelka2 `RU`/`RC`), method `caller_repeat_fields`; the
//! `--reference` FASTA, method `reference_fasta`; otherwise
//! `indel_burden_fallback` on all indels per Mb, with low confidence.
//!
//! **Rule** (MSIseq, Huang et al. 2015, Sci Rep 5:13321, the variant-only
//! decision rule): MSI-H when repeat indels per Mb > 0.395, else MSS. Fallback:
//! MSI-H when indels per Mb > `msi_indels_per_mb_fallback`.
//! `indeterminate` when there is no denominator, no indel call at all, or
//! the region is < 1 Mb with fewer than 5 indels. A POLE-like profile (low
//! indel fraction with ultra-hypermutation, or with a POLE/POLD1
//! exonuclease-domain hit and hypermutation) is not called MSI-H: its repeat
//! indels reflect the overall burden; with an MMR alteration as well the
//! call is indeterminate.

use super::error::Result;
use super::{round, Context, MsiCounts, MsiKey, Param, Params, Pop, Totals};
use super::{Confidence, Msi, MsiFeatures, MsiMethod, MsiStatus};
use crate::model::Alteration;
use crate::so;
use crate::warning::{StageWarnings, Warning, WarningKind};

const MMR_GENES: [&str; 5] = ["EPCAM", "MLH1", "MSH2", "MSH6", "PMS2"];

/// Recurrent pathogenic POLE exonuclease-domain mutations (León-Castillo et
/// al. 2020, J Pathol, PMID 31829442: the 11 mutations scored pathogenic in endometrial cancer).
pub(crate) const POLE_PATHOGENIC: [&str; 11] = [
    "P286R", "V411L", "S297F", "A456P", "S459F", "F367S", "L424I", "M295R", "P436R", "M444K", "D368Y",
];

/// An exonuclease-domain hit: label and whether it is a listed pathogenic POLE mutation.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ExoHit {
    pub label: String,
    pub(crate) pathogenic: bool,
}

/// POLE/POLD1 missense (or in-frame) variants inside the exonuclease domain.
pub(crate) fn exonuclease_hits(alterations: &[Alteration], params: &Params) -> Result<Vec<ExoHit>> {
    let pole = (
        params.value("pole_exo_first_codon")? as u32,
        params.value("pole_exo_last_codon")? as u32,
    );
    let pold1 = (
        params.value("pold1_exo_first_codon")? as u32,
        params.value("pold1_exo_last_codon")? as u32,
    );
    let mut out: Vec<ExoHit> = Vec::new();
    for a in alterations {
        let Some(ann) = &a.variant.annotation else { continue };
        let Some(gene) = ann.gene.as_deref() else { continue };
        let range = match gene {
            "POLE" => pole,
            "POLD1" => pold1,
            _ => continue,
        };
        let Some(codon) = ann.protein_position else { continue };
        if codon < range.0 || codon > range.1 {
            continue;
        }
        let missense = ann.consequences.iter().any(|c| {
            matches!(
                c.as_str(),
                "missense_variant" | "inframe_deletion" | "inframe_insertion" | "protein_altering_variant"
            )
        });
        if !missense || so::is_truncating(&ann.consequences) {
            continue;
        }
        let change = ann.protein_change.clone().unwrap_or_else(|| format!("codon {codon}"));
        let short = change.trim_start_matches("p.");
        let pathogenic = gene == "POLE" && POLE_PATHOGENIC.contains(&short);
        let label = format!("{gene} {change}");
        if !out.iter().any(|h| h.label == label) {
            out.push(ExoHit { label, pathogenic });
        }
    }
    out.sort_by(|a, b| a.label.cmp(&b.label));
    Ok(out)
}

/// Whether the MSI call could read this alteration ([`mmr_altered`], [`exonuclease_hits`]): one in
/// a mismatch-repair gene or in POLE/POLD1.
pub fn reads(a: &Alteration) -> bool {
    a.variant
        .annotation
        .as_ref()
        .and_then(|x| x.gene.as_deref())
        .is_some_and(|g| MMR_GENES.contains(&g) || g == "POLE" || g == "POLD1")
}

/// MMR genes with a driver or truncating call, sorted.
pub(crate) fn mmr_altered(alterations: &[Alteration]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for a in alterations {
        let Some(ann) = &a.variant.annotation else { continue };
        let Some(gene) = ann.gene.as_deref() else { continue };
        if !MMR_GENES.contains(&gene) {
            continue;
        }
        let truncating = so::is_truncating(&ann.consequences) || a.call.has(crate::model::AlterationClass::Truncating);
        if (a.call.driver || truncating) && !out.iter().any(|g| g == gene) {
            out.push(gene.to_string());
        }
    }
    out.sort();
    out
}

/// The inputs of the classifier, separated from counting for testing.
#[derive(Debug, Clone, PartialEq)]
pub struct MsiInput {
    pub(crate) counts: MsiCountsPub,
    pub(crate) denominator_mb: Option<f64>,
    pub(crate) mmr_genes: Vec<String>,
    pub(crate) exo_hits: Vec<ExoHit>,
    /// The file carried caller repeat fields.
    pub(crate) caller_fields: bool,
    pub(crate) reference_given: bool,
    pub tumor_only: bool,
    /// The counted variants are known to come from the denominator's region
    /// (false: unannotated input without a BED, see [`CountingRegion::Unbounded`]).
    pub(crate) region_known: bool,
}

/// Public copy of the MSI counters.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct MsiCountsPub {
    pub snvs: u64,
    pub indels: u64,
    pub repeat: u64,
    pub(crate) hp1: u64,
    pub(crate) from_caller: u64,
    pub(crate) from_reference: u64,
    pub(crate) unknown: u64,
}

impl From<&MsiCounts> for MsiCountsPub {
    fn from(m: &MsiCounts) -> Self {
        MsiCountsPub {
            snvs: m.snvs,
            indels: m.indels,
            repeat: m.repeat,
            hp1: m.hp1,
            from_caller: m.from_caller,
            from_reference: m.from_reference,
            unknown: m.unknown,
        }
    }
}

/// A denominator at least this large (Mb) is genome-scale (the `WGS` preset's
/// 2900 Mb): every passing variant lies in its region. Exomes and panels are
/// far below it.
pub(crate) const GENOME_SCALE_MB: f64 = 1000.0;

/// Which passing variants MSI counts: those inside the region whose size is
/// the denominator, so that numerator and denominator describe the same region.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CountingRegion {
    /// Inside `--targets`.
    Targets,
    /// Unannotated input: inside the `--gene-models` exons.
    GeneModels,
    /// A genome-scale denominator ([`GENOME_SCALE_MB`]): every passing variant.
    Genome,
    /// Annotated input without a BED: variants whose picked consequence is
    /// exonic (coding, UTR, splice region: [`so::is_exonic`]).
    Exonic,
    /// Unannotated input without a BED: every passing variant, although the
    /// region they come from is not known to be the denominator's.
    Unbounded,
}

impl CountingRegion {
    fn of(t: &Totals, ctx: &Context, denominator_mb: Option<f64>) -> CountingRegion {
        if t.targets.is_some() {
            CountingRegion::Targets
        } else if !ctx.annotated && t.gene_models.is_some() {
            CountingRegion::GeneModels
        } else if denominator_mb.is_some_and(|d| d >= GENOME_SCALE_MB) {
            CountingRegion::Genome
        } else if ctx.annotated {
            CountingRegion::Exonic
        } else {
            CountingRegion::Unbounded
        }
    }
    fn contains(self, k: &MsiKey) -> bool {
        k.in_targets
            && match self {
                CountingRegion::GeneModels => k.in_models,
                CountingRegion::Exonic => k.exonic,
                _ => true,
            }
    }
    /// The rule as stated in the report.
    fn statement(self, denominator_mb: Option<f64>, outside: &MsiCounts) -> String {
        let region = match denominator_mb {
            Some(d) => format!("the {d} Mb region"),
            None => "the region".to_string(),
        };
        match self {
            CountingRegion::Targets => format!("counting region: passing variants inside --targets ({region})"),
            CountingRegion::GeneModels => format!("counting region: passing variants inside the --gene-models exons ({region})"),
            CountingRegion::Genome => format!("counting region: every passing variant ({region} is genome-scale)"),
            CountingRegion::Exonic => format!(
                "counting region: passing variants whose VEP/SnpEff consequence is exonic (coding, UTR, splice region), {region} the denominator describes; {} indel(s) and {} SNV(s) outside it (intronic, intergenic, unannotated) were not counted",
                outside.indels, outside.snvs
            ),
            CountingRegion::Unbounded => format!(
                "counting region unknown: unannotated input without --targets, so indels anywhere in the file (introns, flanks, intergenic) are counted against {region}, which inflates the score when the calls reach beyond it; low confidence: give the capture BED (--targets) or VEP/SnpEff annotation"
            ),
        }
    }
}

pub(crate) fn compute(t: &Totals, ctx: &Context, params: &Params, alterations: &[Alteration]) -> Result<Msi> {
    let o = ctx.options;
    let use_models = !ctx.annotated && t.targets.is_none() && t.gene_models.is_some();
    let denominator_mb = if let Some(x) = o.target_mb {
        Some(x)
    } else if let Some(a) = t.assay {
        Some(a.msi_region_mb.unwrap_or(a.region_mb))
    } else if let Some(r) = t.targets {
        Some(r.size_mb())
    } else if use_models {
        t.gene_models.map(|r| r.size_mb())
    } else {
        None
    };
    let region = CountingRegion::of(t, ctx, denominator_mb);
    // Counted; left out as outside the counting region; left out as likely germline.
    let (mut sum, mut outside, mut germline) = (MsiCounts::default(), MsiCounts::default(), 0u64);
    for key in MsiKey::all() {
        let Some(m) = t.msi.get(key.index()) else { continue };
        if key.somatic_false || !key.in_targets {
            continue;
        }
        if !region.contains(&key) {
            outside.add(m);
        } else if ctx.tumor_only && key.pop == Pop::High {
            germline += m.indels;
        } else {
            sum.add(m);
        }
    }
    let input = MsiInput {
        counts: MsiCountsPub::from(&sum),
        denominator_mb,
        mmr_genes: mmr_altered(alterations),
        exo_hits: exonuclease_hits(alterations, params)?,
        caller_fields: t.with_caller_repeat_fields > 0,
        reference_given: o.reference.is_some(),
        tumor_only: ctx.tumor_only,
        region_known: region != CountingRegion::Unbounded,
    };
    let mut msi = classify(&input, params)?;
    // A known counting region is a method note; an unknown one changes how the score is read.
    let kind = if region == CountingRegion::Unbounded {
        WarningKind::Msi
    } else {
        WarningKind::MsiMethod
    };
    msi.warnings
        .insert(0, Warning::new(kind, region.statement(denominator_mb, &outside)));
    let (missing, mismatch) = t.reference_unresolved;
    if missing > 0 {
        msi.warnings.push(Warning::new(
            WarningKind::Msi,
            format!("{missing} indel(s) are on contigs absent from --reference: repeat context unknown"),
        ));
    }
    if mismatch > 0 {
        msi.warnings.push(Warning::new(
            WarningKind::Msi,
            format!(
                "{mismatch} indel(s) did not match --reference; first: {}",
                t.reference_warning.clone().unwrap_or_default()
            ),
        ));
    }
    if ctx.tumor_only && input.counts.indels + germline > 0 {
        msi.warnings.push(Warning::new(WarningKind::Msi, if t.with_population_af == 0 {
            "tumour-only sample without population allele frequencies: germline indels in microsatellites (common polymorphisms) may be counted"
                .to_string()
        } else {
            format!(
                "tumour-only sample: {germline} indel(s) with population AF > {} excluded as likely germline; germline repeat polymorphisms absent from population databases can still be counted and raise the score",
                o.max_pop_af
            )
        }));
    }
    Ok(msi)
}

/// The thresholds [`classify`] uses.
struct Rule {
    rule: Param,
    fallback: Param,
    fallback_mss: f64,
    min_region: f64,
    min_indels_small: f64,
    high_conf_region: f64,
    ultra: Param,
    hyper: f64,
    max_indel_fraction: f64,
}

impl Rule {
    fn load(params: &Params) -> Result<Rule> {
        Ok(Rule {
            rule: params.get("msi_repeat_indels_per_mb")?,
            fallback: params.get("msi_indels_per_mb_fallback")?,
            fallback_mss: params.value("msi_indels_per_mb_fallback_mss")?,
            min_region: params.value("msi_min_region_mb")?,
            min_indels_small: params.value("msi_min_indels_small_region")?,
            high_conf_region: params.value("msi_high_confidence_region_mb")?,
            ultra: params.get("pole_ultramutated")?,
            hyper: params.value("tmb_hypermutated")?,
            max_indel_fraction: params.value("pole_max_indel_fraction")?,
        })
    }
}

/// Where the repeat context came from (the indels' own, or what was available when there is none).
fn method_of(i: &MsiInput) -> MsiMethod {
    let c = &i.counts;
    if c.indels == 0 {
        if i.caller_fields {
            MsiMethod::CallerRepeatFields
        } else if i.reference_given {
            MsiMethod::ReferenceFasta
        } else {
            MsiMethod::IndelBurdenFallback
        }
    } else if c.unknown > 0 {
        MsiMethod::IndelBurdenFallback
    } else if c.from_reference > 0 {
        MsiMethod::ReferenceFasta
    } else {
        MsiMethod::CallerRepeatFields
    }
}

fn features(i: &MsiInput) -> MsiFeatures {
    let c = &i.counts;
    let context_known = c.unknown == 0;
    let per_mb = |n: u64| i.per_mb(n).map(|x| round(x, 4));
    MsiFeatures {
        denominator_mb: i.denominator_mb,
        indels: c.indels,
        snvs: c.snvs,
        repeat_indels: context_known.then_some(c.repeat),
        repeat_indels_per_mb: if context_known { per_mb(c.repeat) } else { None },
        indels_per_mb: per_mb(c.indels),
        indel_fraction: i.indel_fraction().map(|x| round(x, 4)),
        homopolymer_1bp_indels: context_known.then_some(c.hp1),
        pole_exonuclease_hits: i.exo_hits.iter().map(|h| h.label.clone()).collect(),
    }
}

impl MsiInput {
    fn per_mb(&self, n: u64) -> Option<f64> {
        self.denominator_mb.filter(|d| *d > 0.0).map(|d| n as f64 / d)
    }
    fn indel_fraction(&self) -> Option<f64> {
        let total = self.counts.snvs + self.counts.indels;
        (total > 0).then(|| self.counts.indels as f64 / total as f64)
    }
    /// Base-substitution dominated and (ultra)hypermutated.
    fn pole_like(&self, r: &Rule) -> bool {
        let snv_per_mb = self.per_mb(self.counts.snvs);
        let low_indel = self.indel_fraction().is_some_and(|f| f < r.max_indel_fraction);
        let pathogenic_hit = self.exo_hits.iter().any(|h| h.pathogenic);
        let any_hit = !self.exo_hits.is_empty();
        low_indel
            && (snv_per_mb.is_some_and(|x| x >= r.ultra.value)
                || (pathogenic_hit && snv_per_mb.is_none_or(|x| x >= r.hyper))
                || (any_hit && snv_per_mb.is_some_and(|x| x >= r.hyper)))
    }
}

/// The MSI decision from the features (see the module documentation).
pub fn classify(i: &MsiInput, params: &Params) -> Result<Msi> {
    let c = &i.counts;
    let r = Rule::load(params)?;
    let mut warnings = StageWarnings::new(WarningKind::Msi);
    let context_known = c.unknown == 0;
    let method = method_of(i);
    if c.indels > 0 && !context_known {
        let known = c.indels - c.unknown;
        warnings.push(if known == 0 {
            "no repeat context for the indels (no caller STR/RU/RPA or RU/RC fields, no --reference): MSI from the indel burden alone, low confidence".to_string()
        } else {
            format!(
                "repeat context unknown for {} of {} indels: MSI from the indel burden alone, low confidence",
                c.unknown, c.indels
            )
        });
    }
    let features = features(i);
    let pole_like = i.pole_like(&r);
    let any_hit = !i.exo_hits.is_empty();
    let (score, threshold) = if context_known {
        (i.per_mb(c.repeat), r.rule.value)
    } else {
        (i.per_mb(c.indels), r.fallback.value)
    };
    let mut sources = vec![r.rule.source.clone()];
    if !context_known {
        sources.push(r.fallback.source.clone());
    }
    if pole_like {
        sources.push(r.ultra.source.clone());
    }
    if any_hit {
        sources.push(
            "León-Castillo et al. 2020, J Pathol, PMID 31829442 (pathogenic POLE exonuclease-domain mutations)".into(),
        );
    }
    let (status, confidence) = decide(i, &r, score, threshold, pole_like, &features, &mut warnings);
    sources.sort();
    sources.dedup();
    Ok(Msi {
        status,
        score: score.map(|x| round(x, 4)),
        threshold,
        method,
        confidence,
        features,
        mmr_genes_altered: i.mmr_genes.clone(),
        pole_like,
        sources,
        warnings: warnings.into_vec(),
    })
}

/// Status and confidence from the score, with the warnings that explain them.
fn decide(
    i: &MsiInput,
    r: &Rule,
    score: Option<f64>,
    threshold: f64,
    pole_like: bool,
    features: &MsiFeatures,
    warnings: &mut StageWarnings,
) -> (MsiStatus, Confidence) {
    let c = &i.counts;
    let context_known = c.unknown == 0;
    let (min_region, min_indels_small, fallback_mss) = (r.min_region, r.min_indels_small, r.fallback_mss);
    let mut status = MsiStatus::Indeterminate;
    let mut confidence = Confidence::Low;
    if i.denominator_mb.is_none() {
        warnings.push(
            "no region size: give --targets, --target-mb or --assay to express indels per Mb; MSI not classified"
                .into(),
        );
    } else if c.indels == 0 {
        warnings.push(
            "no indel call passed the filters: the caller may not report indels (SNV-only VCF); MSI cannot be assessed"
                .into(),
        );
    } else if i.denominator_mb.is_some_and(|d| d < min_region) && (c.indels as f64) < min_indels_small {
        warnings.push(format!(
            "region below {min_region} Mb with only {} indel(s) (< {min_indels_small}): too little evidence for an MSI call",
            c.indels
        ));
    } else if let Some(s) = score.filter(|s| !context_known && *s > fallback_mss && *s <= threshold) {
        warnings.push(format!(
            "{} indels per Mb lies between the fallback cut-offs {fallback_mss} (MSS) and {threshold} (MSI-H) and the repeat context is unknown: give --reference or use a caller that reports repeat fields",
            round(s, 3)
        ));
    } else if let Some(s) = score {
        let msi_h = s > threshold;
        confidence = if !context_known || !i.region_known {
            Confidence::Low
        } else if i.denominator_mb.is_some_and(|d| d >= r.high_conf_region) {
            Confidence::High
        } else {
            Confidence::Moderate
        };
        status = if msi_h { MsiStatus::MsiH } else { MsiStatus::Mss };
        if msi_h && pole_like {
            status = pole_like_status(i, features, warnings);
        }
        if !context_known && status == MsiStatus::MsiH {
            warnings.push(
                "MSI-H from the indel burden without repeat context: confirm by IHC, MSI PCR or a repeat-aware caller"
                    .into(),
            );
        }
    }
    if !i.mmr_genes.is_empty() && status == MsiStatus::Mss && !pole_like {
        warnings.push(format!(
            "MMR gene alteration(s) ({}) without an MSI-H indel profile: consider MMR IHC or MSI PCR",
            i.mmr_genes.join(", ")
        ));
    }
    if status == MsiStatus::Indeterminate {
        confidence = Confidence::Low;
    }
    (status, confidence)
}

/// A POLE-like profile whose repeat indels would say MSI-H: MSS, or
/// indeterminate with an MMR alteration as well.
fn pole_like_status(i: &MsiInput, features: &MsiFeatures, warnings: &mut StageWarnings) -> MsiStatus {
    if i.mmr_genes.is_empty() {
        let any_hit = !i.exo_hits.is_empty();
        warnings.push(format!(
            "POLE-like profile (indel fraction {:.3}, {} SNVs/Mb{}): the repeat-indel count reflects the overall burden, not mismatch-repair deficiency; called MSS",
            i.indel_fraction().unwrap_or(0.0),
            i.per_mb(i.counts.snvs).map(|x| format!("{x:.1}")).unwrap_or_else(|| "?".into()),
            if any_hit { format!(", {}", features.pole_exonuclease_hits.join(", ")) } else { String::new() }
        ));
        MsiStatus::Mss
    } else {
        warnings.push(format!(
            "POLE-like profile together with MMR gene alteration(s) ({}): MSI cannot be called from variants; confirm by IHC or MSI PCR",
            i.mmr_genes.join(", ")
        ));
        MsiStatus::Indeterminate
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kb::KnowledgeBase;
    use crate::model::{Annotation, AnnotationSource, Call, CallerRepeat, Oncogenicity, SampleDepth, Variant};

    fn params() -> Params {
        Params::load(&KnowledgeBase::default()).unwrap()
    }

    fn input(snvs: u64, indels: u64, repeat: u64, unknown: u64, mb: Option<f64>) -> MsiInput {
        MsiInput {
            counts: MsiCountsPub {
                snvs,
                indels,
                repeat,
                hp1: repeat,
                from_caller: indels - unknown,
                from_reference: 0,
                unknown,
            },
            denominator_mb: mb,
            mmr_genes: vec![],
            exo_hits: vec![],
            caller_fields: true,
            reference_given: false,
            tumor_only: false,
            region_known: true,
        }
    }

    fn alt(gene: &str, csq: &str, pos: u32, change: &str, driver: bool) -> Alteration {
        Alteration {
            id: "A1".into(),
            variant: Variant {
                chrom: "1".into(),
                pos: 1,
                ref_allele: "C".into(),
                alt: "G".into(),
                alt_index: 1,
                record_no: 1,
                filters: vec![],
                tumor: SampleDepth::default(),
                normal: None,
                somatic_flag: None,
                repeat: CallerRepeat::default(),
                annotation: Some(Annotation {
                    source: Some(AnnotationSource::Vep),
                    gene: Some(gene.into()),
                    consequences: vec![csq.into()],
                    protein_change: Some(change.into()),
                    protein_position: Some(pos),
                    ..Default::default()
                }),
            },
            call: Call {
                oncogenicity: if driver {
                    Oncogenicity::Oncogenic
                } else {
                    Oncogenicity::Vus
                },
                driver,
                gene_role: None,
                pathways: vec![],
                evidence: vec![],
                hotspot: None,
                classes: vec![],
                reportable: true,
            },
        }
    }

    #[test]
    fn msiseq_rule_and_confidence() {
        let p = params();
        // 16 repeat indels in 40 Mb = 0.4/Mb > 0.395 → MSI-H, exome-scale → high confidence.
        let m = classify(&input(100, 20, 16, 0, Some(40.0)), &p).unwrap();
        assert_eq!((m.status, m.confidence), (MsiStatus::MsiH, Confidence::High));
        assert_eq!(m.score, Some(0.4));
        // 15 / 40 = 0.375 → MSS.
        let m = classify(&input(100, 20, 15, 0, Some(40.0)), &p).unwrap();
        assert_eq!(m.status, MsiStatus::Mss);
        // Same rate on 5 Mb: moderate confidence.
        let m = classify(&input(100, 20, 4, 0, Some(5.0)), &p).unwrap();
        assert_eq!((m.status, m.confidence), (MsiStatus::MsiH, Confidence::Moderate));
    }

    #[test]
    fn unknown_counting_region_lowers_the_confidence() {
        let p = params();
        let mut i = input(100, 20, 16, 0, Some(40.0));
        i.region_known = false;
        let m = classify(&i, &p).unwrap();
        assert_eq!((m.status, m.confidence), (MsiStatus::MsiH, Confidence::Low));
        let exonic = |t: &[&str]| so::is_exonic(&t.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        assert!(exonic(&["frameshift_variant"]));
        assert!(exonic(&["3_prime_UTR_variant"]));
        assert!(exonic(&["splice_region_variant", "intron_variant"]));
        assert!(!exonic(&["intron_variant"]));
        assert!(!exonic(&["intergenic_variant"]));
    }

    #[test]
    fn indeterminate_cases() {
        let p = params();
        let m = classify(&input(100, 0, 0, 0, Some(40.0)), &p).unwrap();
        assert_eq!(m.status, MsiStatus::Indeterminate);
        assert!(m.warnings[0].text.contains("no indel call"));
        let m = classify(&input(100, 3, 3, 0, Some(0.8)), &p).unwrap();
        assert_eq!(m.status, MsiStatus::Indeterminate);
        assert!(m.warnings[0].text.contains("too little evidence"));
        // Enough indels on a small panel: called.
        let m = classify(&input(100, 6, 6, 0, Some(0.8)), &p).unwrap();
        assert_eq!(m.status, MsiStatus::MsiH);
        let m = classify(&input(100, 20, 16, 0, None), &p).unwrap();
        assert_eq!(m.status, MsiStatus::Indeterminate);
        assert_eq!(m.score, None);
        assert_eq!(m.features.repeat_indels, Some(16));
    }

    #[test]
    fn fallback_grey_zone() {
        let p = params();
        // Context unknown for some indels → indel burden: 20/10 = 2/Mb between 1 and 3.
        let m = classify(&input(100, 20, 0, 5, Some(10.0)), &p).unwrap();
        assert_eq!(
            (m.method, m.status),
            (MsiMethod::IndelBurdenFallback, MsiStatus::Indeterminate)
        );
        assert_eq!(m.features.repeat_indels, None);
        let m = classify(&input(100, 40, 0, 40, Some(10.0)), &p).unwrap();
        assert_eq!((m.status, m.confidence), (MsiStatus::MsiH, Confidence::Low));
        let m = classify(&input(100, 5, 0, 5, Some(10.0)), &p).unwrap();
        assert_eq!(m.status, MsiStatus::Mss);
    }

    #[test]
    fn pole_exonuclease_hits_and_mmr_genes() {
        let p = params();
        let alts = vec![
            alt("POLE", "missense_variant", 286, "p.P286R", true),
            alt("POLE", "missense_variant", 600, "p.A600T", false),
            alt("POLD1", "missense_variant", 320, "p.R320Q", false),
            alt("POLE", "stop_gained", 300, "p.Q300*", false),
            alt("MLH1", "stop_gained", 100, "p.Q100*", false),
            alt("MSH6", "missense_variant", 100, "p.A100T", false),
            alt("MSH2", "missense_variant", 200, "p.G200E", true),
        ];
        let hits = exonuclease_hits(&alts, &p).unwrap();
        assert_eq!(
            hits,
            vec![
                ExoHit {
                    label: "POLD1 p.R320Q".into(),
                    pathogenic: false
                },
                ExoHit {
                    label: "POLE p.P286R".into(),
                    pathogenic: true
                },
            ]
        );
        assert_eq!(mmr_altered(&alts), vec!["MLH1".to_string(), "MSH2".to_string()]);

        // Pathogenic POLE hit, hypermutated, few indels: POLE-like → MSS.
        let mut i = input(2000, 12, 12, 0, Some(10.0));
        i.exo_hits = hits.clone();
        let m = classify(&i, &p).unwrap();
        assert!(m.pole_like);
        assert_eq!(m.status, MsiStatus::Mss);
        assert_eq!(m.features.pole_exonuclease_hits, vec!["POLD1 p.R320Q", "POLE p.P286R"]);
        // With an MMR alteration as well: indeterminate.
        i.mmr_genes = vec!["MLH1".into()];
        let m = classify(&i, &p).unwrap();
        assert_eq!(m.status, MsiStatus::Indeterminate);
        // A POLE hit in a non-hypermutated tumour is not POLE-like.
        let mut i = input(50, 1, 0, 0, Some(10.0));
        i.exo_hits = hits;
        assert!(!classify(&i, &p).unwrap().pole_like);
        // MMR alteration with an MSS profile: warning.
        let mut i = input(100, 20, 1, 0, Some(40.0));
        i.mmr_genes = vec!["MSH2".into()];
        let m = classify(&i, &p).unwrap();
        assert_eq!(m.status, MsiStatus::Mss);
        assert!(m
            .warnings
            .iter()
            .any(|w| w.text.contains("MMR gene alteration(s) (MSH2)")));
    }
}
