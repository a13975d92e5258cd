//! The page's inputs taken from one report: each alteration drawn in the oncoprint (gene,
//! cBioPortal alteration class, label, oncogenicity) and the signature exposures of its SBS96 fit.

use super::{CohortAlteration, PatientSignatures};
use crate::report::{Oncogenicity, Report};
use serde::Serialize;

/// Alteration classes of the oncoprint, after cBioPortal's OncoPrint: mutation classes drawn as a
/// third-height bar, fusions as a 60 %-height bar, copy-number changes as a full-height cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum AltClass {
    Amplification,
    Gain,
    DeepDeletion,
    ShallowDeletion,
    Fusion,
    Truncating,
    Splice,
    Inframe,
    Missense,
    Other,
}

impl AltClass {
    /// Every class, in legend order.
    pub(crate) const ALL: [AltClass; 10] = [
        AltClass::Missense,
        AltClass::Truncating,
        AltClass::Inframe,
        AltClass::Splice,
        AltClass::Other,
        AltClass::Fusion,
        AltClass::Amplification,
        AltClass::Gain,
        AltClass::DeepDeletion,
        AltClass::ShallowDeletion,
    ];

    pub(crate) fn as_str(self) -> &'static str {
        match self {
            AltClass::Amplification => "amplification",
            AltClass::Gain => "gain",
            AltClass::DeepDeletion => "deep_deletion",
            AltClass::ShallowDeletion => "shallow_deletion",
            AltClass::Fusion => "fusion",
            AltClass::Truncating => "truncating",
            AltClass::Splice => "splice",
            AltClass::Inframe => "inframe",
            AltClass::Missense => "missense",
            AltClass::Other => "other",
        }
    }

    /// The words of the legend and the tooltips.
    pub(crate) fn label(self) -> &'static str {
        match self {
            AltClass::Amplification => "amplification",
            AltClass::Gain => "gain",
            AltClass::DeepDeletion => "deep deletion",
            AltClass::ShallowDeletion => "shallow deletion",
            AltClass::Fusion => "fusion",
            AltClass::Truncating => "truncating",
            AltClass::Splice => "splice",
            AltClass::Inframe => "in-frame",
            AltClass::Missense => "missense",
            AltClass::Other => "other",
        }
    }

    /// The glyph's layer: copy number (full cell), fusion (60 %), mutation (a third).
    pub(crate) fn layer(self) -> u8 {
        match self {
            AltClass::Amplification | AltClass::Gain | AltClass::DeepDeletion | AltClass::ShallowDeletion => 0,
            AltClass::Fusion => 1,
            _ => 2,
        }
    }

    /// Which class one SO consequence term belongs to, if a mutation class.
    fn of_term(term: &str) -> Option<AltClass> {
        Some(match term {
            "splice_acceptor_variant"
            | "splice_donor_variant"
            | "splice_region_variant"
            | "splice_donor_5th_base_variant"
            | "splice_donor_region_variant"
            | "splice_polypyrimidine_tract_variant" => AltClass::Splice,
            "transcript_ablation" | "stop_gained" | "frameshift_variant" | "stop_lost" | "start_lost" => {
                AltClass::Truncating
            }
            "inframe_insertion" | "inframe_deletion" | "feature_elongation" | "feature_truncation" => AltClass::Inframe,
            "missense_variant" | "protein_altering_variant" => AltClass::Missense,
            _ => return None,
        })
    }

    /// The class of a small variant: its most severe consequence with a class, else its protein
    /// change (`fs`, `*`, `del`/`ins`/`dup`, `p.G12D`), else `other`.
    pub(crate) fn of_variant(consequences: &[String], protein_change: Option<&str>) -> AltClass {
        let mut terms: Vec<&str> = consequences.iter().flat_map(|c| c.split('&')).collect();
        terms.sort_by_key(|t| crate::so::consequence_rank(t));
        if let Some(c) = terms.iter().find_map(|t| AltClass::of_term(t)) {
            return c;
        }
        let Some(p) = protein_change.map(|p| p.trim_start_matches("p.")) else {
            return AltClass::Other;
        };
        if p.contains("fs") || p.ends_with('*') || p.ends_with("Ter") {
            AltClass::Truncating
        } else if ["del", "ins", "dup"].iter().any(|k| p.contains(k)) {
            AltClass::Inframe
        } else if p.contains("splice") {
            AltClass::Splice
        } else if p.len() >= 3 && p.chars().next().is_some_and(|c| c.is_ascii_uppercase()) {
            AltClass::Missense
        } else {
            AltClass::Other
        }
    }

    /// The class of a gene-level copy-number call (`loh` is not drawn).
    pub(crate) fn of_copy_number(call: &str) -> Option<AltClass> {
        match call {
            "amplification" => Some(AltClass::Amplification),
            "gain" => Some(AltClass::Gain),
            "homozygous_deletion" => Some(AltClass::DeepDeletion),
            "loss" => Some(AltClass::ShallowDeletion),
            _ => None,
        }
    }
}

/// The words for an oncogenicity call.
pub(crate) fn oncogenicity_words(o: Oncogenicity) -> &'static str {
    match o {
        Oncogenicity::Oncogenic => "oncogenic",
        Oncogenicity::LikelyOncogenic => "likely oncogenic",
        Oncogenicity::Vus => "VUS",
        Oncogenicity::LikelyBenign => "likely benign",
    }
}

/// The alterations of a report that the oncoprint can draw: listed small variants, gene-level
/// copy-number calls and fusions (under both partners); likely benign ones are left out.
pub(crate) fn alterations_of(r: &Report) -> Vec<CohortAlteration> {
    let mut out = Vec::new();
    let mut push = |gene: &str, class: AltClass, label: String, o: Oncogenicity, driver: bool| {
        if o != Oncogenicity::LikelyBenign && !gene.is_empty() {
            out.push(CohortAlteration {
                gene: gene.to_string(),
                class,
                label,
                oncogenicity: oncogenicity_words(o),
                driver,
            });
        }
    };
    for a in r.alterations.in_memory() {
        // Copy-number calls and fusions are listed with a symbolic ALT: drawn from their sections.
        let Some(gene) = a.gene.as_deref().filter(|_| !a.alt.starts_with('<')) else {
            continue;
        };
        let change = a
            .protein_change
            .clone()
            .or_else(|| a.hgvsc.clone())
            .unwrap_or_else(|| format!("{}:{} {}>{}", a.chrom, a.pos, a.ref_allele, a.alt));
        let class = AltClass::of_variant(&a.consequence, a.protein_change.as_deref());
        push(gene, class, format!("{gene} {change}"), a.oncogenicity, a.driver);
    }
    for e in r.copy_number.iter().flat_map(|c| &c.events) {
        if let Some(class) = AltClass::of_copy_number(&e.call) {
            let label = format!("{} {}", e.gene, class.label());
            push(&e.gene, class, label, e.oncogenicity, e.driver);
        }
    }
    for f in r.fusions.iter().flat_map(|f| &f.events) {
        let mut genes = vec![f.five_prime.as_str(), f.three_prime.as_str()];
        genes.dedup();
        for g in genes {
            push(
                g,
                AltClass::Fusion,
                format!("{} fusion", f.name),
                f.oncogenicity,
                f.driver,
            );
        }
    }
    out
}

/// The SBS96 fit of a report (the first one), when it carries one.
pub(crate) fn signatures_of(r: &Report) -> Option<PatientSignatures> {
    let fit = r.signatures.as_ref()?.fits.iter().find(|f| f.kind == "SBS96")?;
    Some(PatientSignatures {
        reference: fit.reference_version.clone(),
        mutations: fit.mutations,
        note: fit.note.clone(),
        shares: fit.exposures.iter().map(|e| (e.signature.clone(), e.share)).collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::AltClass;

    fn terms(t: &[&str]) -> Vec<String> {
        t.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn classes_follow_the_most_severe_consequence() {
        assert_eq!(
            AltClass::of_variant(&terms(&["missense_variant"]), None),
            AltClass::Missense
        );
        assert_eq!(
            AltClass::of_variant(&terms(&["missense_variant", "splice_region_variant"]), None),
            AltClass::Missense
        );
        assert_eq!(
            AltClass::of_variant(&terms(&["splice_acceptor_variant&intron_variant"]), None),
            AltClass::Splice
        );
        assert_eq!(
            AltClass::of_variant(&terms(&["stop_gained"]), None),
            AltClass::Truncating
        );
        assert_eq!(
            AltClass::of_variant(&terms(&["frameshift_variant"]), None),
            AltClass::Truncating
        );
        assert_eq!(
            AltClass::of_variant(&terms(&["inframe_deletion"]), None),
            AltClass::Inframe
        );
        assert_eq!(AltClass::of_variant(&terms(&["intron_variant"]), None), AltClass::Other);
    }

    #[test]
    fn without_consequences_the_protein_change_decides() {
        assert_eq!(AltClass::of_variant(&[], Some("p.W288fs")), AltClass::Truncating);
        assert_eq!(AltClass::of_variant(&[], Some("p.R213*")), AltClass::Truncating);
        assert_eq!(AltClass::of_variant(&[], Some("p.E746_A750del")), AltClass::Inframe);
        assert_eq!(AltClass::of_variant(&[], Some("p.G12D")), AltClass::Missense);
        assert_eq!(AltClass::of_variant(&[], None), AltClass::Other);
    }

    #[test]
    fn copy_number_calls_map_to_cbioportal_classes() {
        assert_eq!(AltClass::of_copy_number("amplification"), Some(AltClass::Amplification));
        assert_eq!(
            AltClass::of_copy_number("homozygous_deletion"),
            Some(AltClass::DeepDeletion)
        );
        assert_eq!(AltClass::of_copy_number("loss"), Some(AltClass::ShallowDeletion));
        assert_eq!(AltClass::of_copy_number("gain"), Some(AltClass::Gain));
        assert_eq!(AltClass::of_copy_number("loh"), None);
    }
}
