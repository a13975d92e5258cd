//! The report form of one listed alteration. The spill ([`super::spill`]) converts alterations
//! with it while the stream runs, and [`super::build`] for the ones the later stages read.

use super::model::*;
use crate::model::{self, Alteration};

pub(crate) fn driver_label(a: &Alteration) -> String {
    let ann = a.variant.annotation.as_ref();
    let gene = ann.and_then(|x| x.gene.as_deref()).unwrap_or("?");
    let change = ann
        .and_then(|x| {
            (x.protein_change.as_deref())
                .map(|p| crate::protein::normalise_hgvs(p).unwrap_or_else(|| p.to_string()))
                .or_else(|| x.hgvsc.clone())
        })
        .unwrap_or_else(|| {
            format!(
                "{}:{} {}>{}",
                a.variant.chrom, a.variant.pos, a.variant.ref_allele, a.variant.alt
            )
        });
    format!("{gene} {change} ({})", a.call.oncogenicity.as_str())
}

fn oncogenicity(o: model::Oncogenicity) -> Oncogenicity {
    match o {
        model::Oncogenicity::Oncogenic => Oncogenicity::Oncogenic,
        model::Oncogenicity::LikelyOncogenic => Oncogenicity::LikelyOncogenic,
        model::Oncogenicity::Vus => Oncogenicity::Vus,
        model::Oncogenicity::LikelyBenign => Oncogenicity::LikelyBenign,
    }
}

fn variant_kind(k: model::VariantKind) -> VariantKind {
    match k {
        model::VariantKind::Snv => VariantKind::Snv,
        model::VariantKind::Mnv => VariantKind::Mnv,
        model::VariantKind::Insertion => VariantKind::Insertion,
        model::VariantKind::Deletion => VariantKind::Deletion,
        model::VariantKind::Complex => VariantKind::Complex,
        model::VariantKind::Symbolic => VariantKind::Symbolic,
    }
}

/// The report form of an alteration.
pub(crate) fn alteration(a: Alteration) -> AlterationOut {
    let Alteration { id, variant: v, call } = a;
    let kind = variant_kind(v.kind());
    let ann = v.annotation.unwrap_or_default();
    // HGVS one-letter form; the input's text is kept beside it when it differs (`p.Q1276X`).
    let normalised = ann.protein_change.as_deref().and_then(crate::protein::normalise_hgvs);
    let (protein_change, protein_change_input) = match normalised {
        Some(n) => (Some(n), ann.protein_change),
        None => (ann.protein_change, None),
    };
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
        protein_change,
        protein_change_input,
        annotation_source: ann.source.map(|s| {
            match s {
                model::AnnotationSource::Vep => "vep",
                model::AnnotationSource::Snpeff => "snpeff",
                model::AnnotationSource::Bcftools => "bcftools_csq",
                model::AnnotationSource::Engine => "gene_models",
                model::AnnotationSource::Maf => "maf",
                model::AnnotationSource::KnowledgeBase => "knowledge_base",
            }
            .to_string()
        }),
        vaf: v.tumor.vaf.map(round6),
        depth: v.tumor.depth,
        alt_depth: v.tumor.alt_depth,
        normal_vaf: v.normal.as_ref().and_then(|n| n.vaf).map(round6),
        normal_depth: v.normal.as_ref().and_then(|n| n.depth),
        population_af: ann.population_af,
        filters: v.filters,
        oncogenicity: oncogenicity(call.oncogenicity),
        driver: call.driver,
        gene_role: call.gene_role,
        pathways: call.pathways,
        hotspot: call.hotspot,
        evidence: call
            .evidence
            .into_iter()
            .map(|e| Evidence {
                reason: e.reason,
                source: e.source,
            })
            .collect(),
    }
}

fn round6(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}
