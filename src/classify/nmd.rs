//! Truncations that may not truncate: nonsense-mediated decay (NMD) escape and the curated list
//! of benign truncating alleles (`annotations/README.md`, classification rule 4a/4b).
//!
//! - A stop_gained or frameshift variant in the **last exon** escapes NMD (ClinGen SVI PVS1
//!   decision tree, Abou Tayoun et al. 2018, PMID 30192042). So does one in the last 50 bp of the
//!   penultimate exon, but the annotation carries only the exon number (`EXON` `26/27`), not the
//!   position inside the exon: that part of the rule is not applied and the evidence says so.
//! - An NMD-escaping truncation is a driver only if it removes (part of) the C-terminal region the
//!   gene table marks as essential (`essential_c_terminal_end`); when it stops after that region
//!   it is a VUS; when the table has no region for the gene, the truncation rule's call is lowered
//!   one step (oncogenic → likely_oncogenic, likely_oncogenic → vus), with the reason.

use crate::kb::{Gene, KnowledgeBase};
use crate::model::{Annotation, Evidence, Oncogenicity};

/// The ClinGen SVI PVS1 recommendation (NMD prediction, last exon / last 50 bp of the penultimate exon).
pub(super) const PVS1_SOURCE: &str = "ClinGen SVI PVS1 recommendations (Abou Tayoun et al. 2018, PMID 30192042)";

/// Where a truncation lies relative to the last exon.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum ExonPosition {
    /// In the last exon (`27/27`).
    Last,
    /// In the penultimate exon: NMD escape needs the position within the exon, which is unknown.
    Penultimate,
    /// Further upstream, or exon number/total unknown.
    Other,
}

/// Exon `N/M` → position relative to the last exon.
pub(super) fn exon_position(ann: &Annotation) -> ExonPosition {
    let Some((n, m)) = ann.exon.as_deref().and_then(|e| e.split_once('/')) else {
        return ExonPosition::Other;
    };
    // VEP may write a range (`5-7/20`) for multi-exon variants: the last exon number counts.
    let n = n.rsplit('-').next().unwrap_or(n).trim().parse::<u32>();
    let m = m.trim().parse::<u32>();
    match (n, m) {
        (Ok(n), Ok(m)) if m > 0 && n == m => ExonPosition::Last,
        (Ok(n), Ok(m)) if m > 1 && n + 1 == m => ExonPosition::Penultimate,
        _ => ExonPosition::Other,
    }
}

/// A stop_gained or frameshift (the truncations NMD applies to; splice and start-loss variants
/// are judged by their own rules).
pub(super) fn nmd_relevant(ann: &Annotation) -> bool {
    ann.consequences
        .iter()
        .any(|c| c == "stop_gained" || c == "frameshift_variant")
}

fn ev(reason: String, source: String) -> Evidence {
    Evidence {
        reason: reason.into(),
        source: source.into(),
    }
}

/// Adjust the truncation rule's call `o` for NMD escape. `pos` is the first affected codon.
pub(super) fn adjust(
    g: &Gene,
    ann: &Annotation,
    pos: Option<u32>,
    label: &str,
    o: Oncogenicity,
    evidence: &mut Vec<Evidence>,
) -> Oncogenicity {
    if !nmd_relevant(ann) {
        return o;
    }
    let exon = ann.exon.as_deref().unwrap_or("?");
    match exon_position(ann) {
        ExonPosition::Other => o,
        ExonPosition::Penultimate => {
            evidence.push(ev(
                format!(
                    "{label}: in the penultimate exon ({exon}); a truncation in its last 50 bp escapes nonsense-mediated decay, but the annotation gives no position within the exon, so only the last-exon part of the NMD-escape rule is applied"
                ),
                PVS1_SOURCE.to_string(),
            ));
            o
        }
        ExonPosition::Last => last_exon(g, pos, label, exon, o, evidence),
    }
}

fn last_exon(
    g: &Gene,
    pos: Option<u32>,
    label: &str,
    exon: &str,
    o: Oncogenicity,
    evidence: &mut Vec<Evidence>,
) -> Oncogenicity {
    let head = format!("{label}: truncation in the last exon ({exon}) escapes nonsense-mediated decay");
    match (g.essential_c_terminal_end, g.essential_source.as_deref(), pos) {
        (Some(end), Some(src), Some(p)) if p <= end => {
            evidence.push(ev(
                format!(
                    "{head}, but it removes part of the essential region of {} ending at codon {end}: the truncation rule's call stands",
                    g.symbol
                ),
                format!("{PVS1_SOURCE}; {src}"),
            ));
            o
        }
        (Some(end), Some(src), Some(p)) => {
            evidence.push(ev(
                format!(
                    "{head} and stops at codon {p}, after the essential region of {} (ends at codon {end}): no essential region is removed, so it is not called a loss-of-function driver (vus)",
                    g.symbol
                ),
                format!("{PVS1_SOURCE}; {src}"),
            ));
            o.max(Oncogenicity::Vus)
        }
        _ => {
            let lowered = match o {
                Oncogenicity::Oncogenic => Oncogenicity::LikelyOncogenic,
                _ => o.max(Oncogenicity::Vus),
            };
            evidence.push(ev(
                format!(
                    "{head}; the knowledge base marks no essential C-terminal region for {} (genes.tsv essential_c_terminal_end), so whether an essential region is removed is unknown: {} lowered to {}",
                    g.symbol,
                    o.as_str(),
                    lowered.as_str()
                ),
                PVS1_SOURCE.to_string(),
            ));
            lowered
        }
    }
}

/// The curated benign truncating allele this variant is, if any (`benign_truncations.tsv`):
/// the evidence names the row's source.
pub(super) fn benign_truncation(
    kb: &KnowledgeBase,
    gene: &Gene,
    change: Option<&str>,
    label: &str,
) -> Option<Evidence> {
    let change = change?;
    let row = kb
        .benign_truncations
        .iter()
        .find(|b| b.protein_change == change && (b.gene == gene.symbol || gene.aliases.contains(&b.gene)))?;
    Some(ev(
        format!(
            "{label}: listed as a known benign truncating allele (benign_truncations.tsv){}: likely benign, not reported",
            row.note.as_deref().map(|n| format!("; {n}")).unwrap_or_default()
        ),
        row.source.clone(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ann(exon: Option<&str>, cons: &str) -> Annotation {
        Annotation {
            exon: exon.map(str::to_string),
            consequences: vec![cons.to_string()],
            ..Default::default()
        }
    }

    #[test]
    fn exon_positions() {
        assert_eq!(exon_position(&ann(Some("27/27"), "stop_gained")), ExonPosition::Last);
        assert_eq!(
            exon_position(&ann(Some("26/27"), "stop_gained")),
            ExonPosition::Penultimate
        );
        assert_eq!(exon_position(&ann(Some("11/27"), "stop_gained")), ExonPosition::Other);
        assert_eq!(
            exon_position(&ann(Some("5-7/7"), "frameshift_variant")),
            ExonPosition::Last
        );
        assert_eq!(exon_position(&ann(Some("15"), "stop_gained")), ExonPosition::Other);
        assert_eq!(exon_position(&ann(None, "stop_gained")), ExonPosition::Other);
        assert_eq!(exon_position(&ann(Some("1/1"), "stop_gained")), ExonPosition::Last);
    }

    fn gene(end: Option<u32>) -> Gene {
        Gene {
            symbol: "G1".into(),
            role: "tumor_suppressor".into(),
            essential_c_terminal_end: end,
            essential_source: end.map(|_| "test source".to_string()),
            ..Default::default()
        }
    }

    #[test]
    fn last_exon_rules() {
        let a = ann(Some("9/9"), "stop_gained");
        let mut ev = Vec::new();
        let on = Oncogenicity::Oncogenic;
        // Unknown region: one step down.
        assert_eq!(
            adjust(&gene(None), &a, Some(500), "G1 p.X", on, &mut ev),
            Oncogenicity::LikelyOncogenic
        );
        assert_eq!(
            adjust(
                &gene(None),
                &a,
                Some(500),
                "G1 p.X",
                Oncogenicity::LikelyOncogenic,
                &mut ev
            ),
            Oncogenicity::Vus
        );
        // Known region removed: unchanged; not removed: vus.
        assert_eq!(adjust(&gene(Some(600)), &a, Some(500), "G1 p.X", on, &mut ev), on);
        assert_eq!(
            adjust(&gene(Some(400)), &a, Some(500), "G1 p.X", on, &mut ev),
            Oncogenicity::Vus
        );
        assert!(ev.iter().all(|e| e.source.contains("PMID 30192042")));
        assert!(ev[3].reason.contains("after the essential region") && ev[3].source.contains("test source"));
        // Penultimate exon: unchanged, but said.
        let p = ann(Some("8/9"), "frameshift_variant");
        let mut ev = Vec::new();
        assert_eq!(adjust(&gene(None), &p, Some(500), "G1 p.X", on, &mut ev), on);
        assert!(ev[0].reason.contains("only the last-exon part"));
        // Splice variants are not judged by the NMD rule.
        let s = ann(Some("9/9"), "splice_donor_variant");
        assert_eq!(adjust(&gene(None), &s, Some(500), "G1 p.X", on, &mut ev), on);
    }
}
