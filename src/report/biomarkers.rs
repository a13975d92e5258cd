//! The biomarker stage's results ([`crate::biomarkers::Biomarkers`]) as the
//! report's serialised [`Biomarkers`]: enums become their report strings,
//! exclusions become `{key, count}` pairs.

use super::model::{Biomarkers, CountBy, Msi, MsiFeatures, Tmb};
use crate::biomarkers as domain;

impl From<&domain::Biomarkers> for Biomarkers {
    fn from(b: &domain::Biomarkers) -> Self {
        Biomarkers {
            tmb: b.tmb.as_ref().map(Tmb::from),
            msi: b.msi.as_ref().map(Msi::from),
        }
    }
}

impl From<&domain::Tmb> for Tmb {
    fn from(t: &domain::Tmb) -> Self {
        Tmb {
            value: t.value,
            count: t.count,
            denominator_mb: t.denominator.as_ref().map(|d| d.mb),
            denominator_source: t.denominator.as_ref().map(|d| d.source.label()),
            definition: t.definition.clone(),
            method: t.method,
            threshold: t.threshold,
            threshold_source: t.threshold_source.clone(),
            status: t.status,
            ci95: t.ci95,
            snv_count: t.snv_count,
            indel_count: t.indel_count,
            excluded: t
                .excluded
                .iter()
                .map(|(reason, count)| CountBy {
                    key: reason.key(),
                    count: *count,
                })
                .collect(),
            tumor_only: t.tumor_only,
            warnings: t.warnings.iter().map(|w| w.text.clone()).collect(),
            reference: None,
            reference_distribution: None,
            reference_note: None,
        }
    }
}

impl From<&domain::Msi> for Msi {
    fn from(m: &domain::Msi) -> Self {
        Msi {
            status: m.status,
            score: m.score,
            threshold: Some(m.threshold),
            method: m.method,
            confidence: m.confidence,
            features: MsiFeatures::from(&m.features),
            mmr_genes_altered: m.mmr_genes_altered.clone(),
            pole_like: m.pole_like,
            sources: m.sources.clone(),
            warnings: m.warnings.iter().map(|w| w.text.clone()).collect(),
        }
    }
}

impl From<&domain::MsiFeatures> for MsiFeatures {
    fn from(f: &domain::MsiFeatures) -> Self {
        MsiFeatures {
            denominator_mb: f.denominator_mb,
            indels: f.indels,
            snvs: f.snvs,
            repeat_indels: f.repeat_indels,
            repeat_indels_per_mb: f.repeat_indels_per_mb,
            indels_per_mb: f.indels_per_mb,
            indel_fraction: f.indel_fraction,
            homopolymer_1bp_indels: f.homopolymer_1bp_indels,
            pole_exonuclease_hits: f.pole_exonuclease_hits.clone(),
        }
    }
}
