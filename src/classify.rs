//! Oncogenicity classification: the ClinGen/CGC/VICC SOP (Horak et al. 2022)
//! simplified to rules over the curated knowledge base. The rules are
//! documented in `annotations/README.md`:
//!
//! 1. Population allele frequency above `population_af_benign` of `thresholds.toml` (1%; and no
//!    hotspot) → likely_benign, not reported (SOP SBS1). A truncating allele listed in
//!    `benign_truncations.tsv` (BRCA2 p.K3326*) → likely_benign, not reported.
//! 2. Known hotspot (codon / exact change / allele) → the row's call (oncogenic).
//! 3. In-frame or exon-level class in a known region (EGFR exon 19 deletion,
//!    EGFR/ERBB2 exon 20 insertion, KIT exon 11, MET exon 14 splice, CTNNB1
//!    exon 3, PDGFRA exon 18) → oncogenic.
//! 4. Truncating (stop_gained, frameshift, splice donor/acceptor, start_lost)
//!    in a tumour suppressor (or dual-role gene) → likely_oncogenic;
//!    oncogenic where the gene's loss of function is established. A stop_gained/frameshift in the
//!    last exon escapes nonsense-mediated decay (`nmd.rs`): it keeps the call only if it removes
//!    the gene's essential C-terminal region (`genes.tsv`); after that region → vus; region
//!    unknown → one step lower.
//! 5. TP53 missense in the DNA-binding domain (codons 94–292) → likely_oncogenic.
//! 6. Any other non-synonymous change in a knowledge-base gene → vus (reported).
//! 7. Synonymous / UTR / intronic / non-coding in a KB gene → likely_benign, not reported.
//! 8. Outside knowledge-base genes → not reported (counted for TMB only).

/// The words that mark a driver's NEN-relevance evidence (`MEN1 in neuroendocrine neoplasms: …`);
/// the report keeps it only for a neuroendocrine (or unknown) tumour type.
pub(crate) const NEN_RELEVANCE: &str = " in neuroendocrine neoplasms: ";
use crate::annotation::kb_fallback::{allele_matches, in_window};
use crate::genome::GenomeBuild;
use crate::kb::{Gene, Hotspot, HotspotType, KnowledgeBase};
use crate::model::{AlterationClass, Annotation, AnnotationSource, Call, Evidence, Oncogenicity, Shared, Variant};

/// Source cited for the rules themselves.
pub(crate) const SOP_SOURCE: &str = "Horak et al. 2022 (PMID 35101336)";
mod effect;
mod nmd;

use crate::so::TRUNCATING;
use effect::Effect;

/// `thresholds.toml` key of the population allele frequency above which a variant is likely
/// benign (SOP criterion SBS1).
pub(crate) const POPULATION_AF_KEY: &str = "population_af_benign";
/// Used only when a custom knowledge base has no `population_af_benign` entry (the SOP's 1%).
const POPULATION_AF_SOP_DEFAULT: f64 = 0.01;

/// The likely-benign population AF cut-off, from the knowledge base (its source: [`population_af_source`]).
fn population_af_cutoff(kb: &KnowledgeBase) -> f64 {
    kb.thresholds
        .get(POPULATION_AF_KEY)
        .map_or(POPULATION_AF_SOP_DEFAULT, |t| t.value)
}

/// The source of [`population_af_cutoff`], written only into the evidence that uses it.
fn population_af_source(kb: &KnowledgeBase) -> String {
    match kb.thresholds.get(POPULATION_AF_KEY) {
        Some(t) => format!("thresholds.toml {POPULATION_AF_KEY}: {}", t.source),
        None => format!("{SOP_SOURCE} (criterion SBS1; {POPULATION_AF_KEY} missing from thresholds.toml, SOP default)"),
    }
}

/// One matched knowledge-base row and how it matched.
struct Match<'a> {
    row: &'a Hotspot,
    how: &'static str,
}

/// Symbols to look rows up under: the annotation's symbol and the canonical one.
fn symbols<'a>(kb: &'a KnowledgeBase, sym: &'a str) -> Vec<&'a str> {
    let mut out = vec![sym];
    if let Some(g) = kb.gene(sym) {
        for s in std::iter::once(&g.symbol).chain(&g.aliases) {
            if !out.contains(&s.as_str()) {
                out.push(s);
            }
        }
    }
    out
}

fn match_rows<'a>(
    kb: &'a KnowledgeBase,
    sym: &str,
    eff: &Effect,
    v: &Variant,
    ann: &Annotation,
    build: Option<GenomeBuild>,
    coordinates: bool,
) -> Vec<Match<'a>> {
    let mut out: Vec<Match> = Vec::new();
    let push = |out: &mut Vec<Match<'a>>, row: &'a Hotspot, how: &'static str| {
        if !out.iter().any(|m| std::ptr::eq(m.row, row)) {
            out.push(Match { row, how });
        }
    };
    let syms = symbols(kb, sym);
    // Exact alleles by coordinates (also for annotated input: covers missing HGVSp).
    let by_allele = if coordinates {
        allele_matches(kb, v, build)
    } else {
        vec![]
    };
    for h in by_allele {
        if syms.contains(&h.gene.as_str()) {
            push(&mut out, h, "genomic allele");
        }
    }
    for s in &syms {
        if let Some((first, _)) = eff.span {
            for h in kb.hotspots_at(s, first) {
                match h.kind {
                    HotspotType::Exact => {
                        if let (Some(c), Some(rc)) = (eff.change.as_deref(), h.change.as_deref()) {
                            if c == rc {
                                push(&mut out, h, "protein change");
                            }
                        }
                    }
                    HotspotType::Codon => {
                        let ref_ok = match (eff.simple, h.ref_aa) {
                            (Some((r, _, _)), Some(hr)) => r == hr,
                            _ => true,
                        };
                        if eff.missense && ref_ok {
                            push(&mut out, h, "codon");
                        }
                    }
                    _ => {}
                }
            }
        }
        for h in kb.ranges_of(s) {
            if !eff.accepts(h.variant_class) {
                continue;
            }
            let by_protein = eff
                .span
                .is_some_and(|(a, b)| a <= h.protein_end && h.protein_start <= b);
            let by_window = coordinates && eff.span.is_none() && in_window(h, v, build);
            let by_kb_window =
                coordinates && ann.source == Some(AnnotationSource::KnowledgeBase) && in_window(h, v, build);
            if by_protein || by_window || by_kb_window {
                push(&mut out, h, if by_protein { "protein range" } else { "genomic window" });
            }
        }
    }
    out
}

fn ev(reason: impl Into<Shared>, source: impl Into<Shared>) -> Evidence {
    Evidence {
        reason: reason.into(),
        source: source.into(),
    }
}

fn push_class(classes: &mut Vec<AlterationClass>, c: AlterationClass) {
    Call::add_class(classes, c);
}

fn describe(ann: &Annotation) -> String {
    let gene = ann.gene.as_deref().unwrap_or("?");
    match (&ann.protein_change, ann.consequences.first()) {
        (Some(p), _) => format!("{gene} {p}"),
        (None, Some(c)) => format!("{gene} {c}"),
        (None, None) => gene.to_string(),
    }
}

/// Classify one passing variant (annotated by the annotation stage, including its knowledge-base
/// coordinate fallback). Reads the variant, never changes it.
pub fn classify(kb: &KnowledgeBase, v: &Variant, build: Option<GenomeBuild>) -> Call {
    classify_with(kb, v, build, true)
}

/// The call of a passing variant when it is to be listed, else `None`: [`classify_with`], with
/// the common case of a gene the knowledge base does not know (or no gene, or no annotation)
/// answered without building a call, unless `all_variants` lists every variant. Such a variant
/// can only be counted (TMB, MSI): [`classify_with`] gives it an unlisted call.
pub(crate) fn classify_listed(
    kb: &KnowledgeBase,
    v: &Variant,
    build: Option<GenomeBuild>,
    coordinates: bool,
    all_variants: bool,
) -> Option<Call> {
    if !all_variants {
        let sym = v.annotation.as_ref().and_then(|a| a.gene.as_deref());
        if sym.is_none_or(|s| !kb.knows_symbol(s)) {
            return None;
        }
    }
    let call = classify_with(kb, v, build, coordinates);
    (call.reportable || all_variants).then_some(call)
}

/// [`classify`], with the knowledge base's genomic coordinates used or not (`coordinates`: false
/// for a MAF row on a build the knowledge base has no coordinates for, such as NCBI36, whose gene
/// and protein change are still matched).
pub(crate) fn classify_with(kb: &KnowledgeBase, v: &Variant, build: Option<GenomeBuild>, coordinates: bool) -> Call {
    let Some(ann) = v.annotation.as_ref() else {
        return not_listed(
            Oncogenicity::Vus,
            "unannotated variant that matches no knowledge-base hotspot allele; counted for TMB only",
        );
    };
    let Some(sym) = ann.gene.as_deref() else {
        return not_listed(
            Oncogenicity::Vus,
            "no gene annotation and no knowledge-base hotspot allele; counted for TMB only",
        );
    };
    let eff = Effect::of(ann);
    let gene_texts = kb.gene_with_texts(sym);
    let gene: Option<&Gene> = gene_texts.map(|(g, _)| g);
    let texts = gene_texts.map(|(_, t)| t);
    let matches = match_rows(kb, sym, &eff, v, ann, build, coordinates);
    let label = describe(ann);

    let mut evidence: Vec<Evidence> = Vec::new();
    let mut classes: Vec<AlterationClass> = Vec::new();
    if eff.truncating {
        push_class(&mut classes, AlterationClass::Truncating);
    }
    if eff.missense {
        push_class(&mut classes, AlterationClass::Missense);
    }
    if eff.inframe_del || eff.inframe_ins {
        push_class(&mut classes, AlterationClass::Inframe);
    }

    if gene.is_none() && matches.is_empty() {
        let onc = if eff.nonsynonymous {
            Oncogenicity::Vus
        } else {
            Oncogenicity::LikelyBenign
        };
        let mut c = not_listed(
            onc,
            &format!("{sym} is not a knowledge-base cancer gene; counted for TMB only"),
        );
        c.classes = classes;
        return c;
    }

    if let Some(t) = texts {
        evidence.push(ev(t.reason.clone(), t.source.clone()));
    }

    let rows = row_evidence(&matches, &label, &mut classes, &mut evidence);
    let trunc_onc = if eff.truncating {
        gene.and_then(|g| truncation_rule(g, ann, eff.span.map(|s| s.0), &label, &mut evidence))
    } else {
        None
    };
    let onc = benign_or_level(kb, gene, &eff, ann, &label, (&rows, trunc_onc), &mut evidence);
    let hotspot = rows.hotspot;

    let driver = onc.is_driver();
    if driver {
        push_class(&mut classes, AlterationClass::Oncogenic);
        // Context for neuroendocrine neoplasms, where the base records it.
        if let Some(g) = gene {
            if let (Some(rel), Some(src)) = (&g.nen_relevance, &g.nen_source) {
                evidence.push(ev(format!("{}{NEN_RELEVANCE}{rel}", g.symbol), src.clone()));
            }
        }
    }
    let reportable = onc != Oncogenicity::LikelyBenign && (gene.is_some() || !matches.is_empty());
    Call {
        oncogenicity: onc,
        driver,
        gene_role: texts.map(|t| t.role.clone()),
        pathways: texts.map(|t| t.pathways.clone()).unwrap_or_default(),
        evidence,
        hotspot: if matches.is_empty() { None } else { hotspot },
        classes,
        reportable,
    }
}

/// A curated benign truncating allele is likely benign; otherwise the strongest rule's call
/// (see [`level`]).
fn benign_or_level(
    kb: &KnowledgeBase,
    gene: Option<&Gene>,
    eff: &Effect,
    ann: &Annotation,
    label: &str,
    (rows, trunc_onc): (&RowCalls, Option<Oncogenicity>),
    evidence: &mut Vec<Evidence>,
) -> Oncogenicity {
    let benign = match gene {
        Some(g) if eff.truncating => nmd::benign_truncation(kb, g, eff.change.as_deref(), label),
        _ => None,
    };
    match benign {
        Some(e) => {
            evidence.push(e);
            Oncogenicity::LikelyBenign
        }
        None => level(
            eff,
            ann,
            label,
            [rows.hotspot_onc, rows.range_onc, trunc_onc],
            (rows.hotspot_onc.is_some(), kb),
            evidence,
        ),
    }
}

/// What the matched knowledge-base rows say: the hotspot label and the strongest call of the
/// hotspot rows and of the region/domain rows.
struct RowCalls {
    hotspot: Option<String>,
    hotspot_onc: Option<Oncogenicity>,
    range_onc: Option<Oncogenicity>,
}

fn row_evidence(
    matches: &[Match<'_>],
    label: &str,
    classes: &mut Vec<AlterationClass>,
    evidence: &mut Vec<Evidence>,
) -> RowCalls {
    let mut hotspot: Option<String> = None;
    let mut hotspot_onc: Option<Oncogenicity> = None;
    let mut range_onc: Option<Oncogenicity> = None;
    // One evidence line per hotspot label, naming the strongest match (allele, then protein
    // change, then codon): (label, index in `evidence`, strength rank).
    let mut said: Vec<(String, usize, u8)> = Vec::new();
    let strength = |how: &str| match how {
        "genomic allele" => 0u8,
        "protein change" => 1,
        _ => 2,
    };
    for m in matches {
        let h = m.row;
        match h.kind {
            HotspotType::Codon | HotspotType::Exact => {
                push_class(classes, AlterationClass::Hotspot);
                let lab = h
                    .label
                    .clone()
                    .unwrap_or_else(|| format!("{} {}", h.gene, h.protein_start));
                if hotspot.is_none() || h.kind == HotspotType::Codon {
                    hotspot = Some(lab.clone());
                }
                hotspot_onc = Some(hotspot_onc.map_or(h.oncogenicity, |o| o.min(h.oncogenicity)));
                let e = ev(
                    format!("{label}: known hotspot {lab} (matched by {})", m.how),
                    h.source.clone(),
                );
                let rank = strength(m.how);
                match said.iter_mut().find(|(l, _, _)| *l == lab) {
                    Some((_, i, r)) if rank < *r => {
                        if let Some(slot) = evidence.get_mut(*i) {
                            *slot = e;
                        }
                        *r = rank;
                    }
                    Some(_) => {}
                    None => {
                        said.push((lab, evidence.len(), rank));
                        evidence.push(e);
                    }
                }
            }
            HotspotType::Range => {
                if let Some(b) = &h.biomarker_class {
                    push_class(classes, *b);
                }
                if hotspot.is_none() {
                    hotspot = h.label.clone();
                }
                range_onc = Some(range_onc.map_or(h.oncogenicity, |o| o.min(h.oncogenicity)));
                evidence.push(ev(
                    format!(
                        "{label}: {} in a known region ({} codons {}-{}, matched by {})",
                        h.variant_class.as_str().replace('_', " "),
                        h.label.as_deref().unwrap_or(&h.gene),
                        h.protein_start,
                        h.protein_end,
                        m.how
                    ),
                    h.source.clone(),
                ));
            }
            HotspotType::Domain => {
                range_onc = Some(range_onc.map_or(h.oncogenicity, |o| o.min(h.oncogenicity)));
                evidence.push(ev(
                    format!(
                        "{label}: {} in the {} domain rule (codons {}-{})",
                        h.variant_class.as_str(),
                        h.gene,
                        h.protein_start,
                        h.protein_end
                    ),
                    h.source.clone(),
                ));
            }
        }
    }

    RowCalls {
        hotspot,
        hotspot_onc,
        range_onc,
    }
}

/// The truncation rule: a truncating variant in a tumour suppressor (or a dual-role gene) is
/// likely oncogenic, oncogenic where loss of function is established.
fn truncation_rule(
    g: &Gene,
    ann: &Annotation,
    pos: Option<u32>,
    label: &str,
    evidence: &mut Vec<Evidence>,
) -> Option<Oncogenicity> {
    if g.is_tumor_suppressor_like() {
        let o = if g.lof_established {
            Oncogenicity::Oncogenic
        } else {
            Oncogenicity::LikelyOncogenic
        };
        let what = ann
            .consequences
            .iter()
            .find(|c| TRUNCATING.contains(&c.as_str()))
            .cloned()
            .unwrap_or_default();
        evidence.push(ev(
            format!(
                "{label}: truncating variant ({what}) in a {}{}",
                if g.role == "both" {
                    "gene with tumour-suppressor function"
                } else {
                    "tumour suppressor"
                },
                if g.lof_established {
                    "; loss of function is an established mechanism"
                } else {
                    ""
                }
            ),
            format!("{}; {}", SOP_SOURCE, g.source),
        ));
        Some(nmd::adjust(g, ann, pos, label, o, evidence))
    } else {
        evidence.push(ev(
            format!(
                "{label}: truncating variant in a gene whose role is {}; not a known activating mechanism",
                g.role.replace('_', " ")
            ),
            SOP_SOURCE,
        ));
        None
    }
}

/// The strongest rule's call, overridden by a common population allele frequency (without a
/// hotspot match), with the evidence for a VUS or likely-benign result.
fn level(
    eff: &Effect,
    ann: &Annotation,
    label: &str,
    calls: [Option<Oncogenicity>; 3],
    (hotspot_matched, kb): (bool, &KnowledgeBase),
    evidence: &mut Vec<Evidence>,
) -> Oncogenicity {
    let pop_af = ann.population_af.filter(|af| af.is_finite());
    let af_cutoff = population_af_cutoff(kb);
    // A curated pathogenic germline allele (CHEK2 1100delC, BRCA founder alleles) is common in
    // some populations and still pathogenic: exempt (annotations/germline_alleles.tsv).
    let common = pop_af.is_some_and(|af| af > af_cutoff)
        && !hotspot_matched
        && !crate::kb::germline::is_curated_pathogenic(kb, ann);

    let mut onc = calls.into_iter().flatten().min().unwrap_or(if eff.nonsynonymous {
        Oncogenicity::Vus
    } else {
        Oncogenicity::LikelyBenign
    });
    if common {
        onc = Oncogenicity::LikelyBenign;
        evidence.push(ev(
            format!(
                "{label}: population allele frequency {:.4} ({}) above {af_cutoff} (rule SBS1, thresholds.toml {POPULATION_AF_KEY}): likely germline polymorphism",
                pop_af.unwrap_or_default(),
                ann.population_af_field.as_deref().unwrap_or("annotation")
            ),
            population_af_source(kb),
        ));
    } else if onc == Oncogenicity::Vus {
        evidence.push(ev(
            format!("{label}: non-synonymous change in a cancer gene without hotspot, domain or truncation evidence"),
            SOP_SOURCE,
        ));
    } else if onc == Oncogenicity::LikelyBenign {
        evidence.push(ev(
            format!(
                "{label}: {} does not change the protein; not reported",
                ann.consequences
                    .first()
                    .map(String::as_str)
                    .unwrap_or("no coding consequence")
            ),
            SOP_SOURCE,
        ));
    }

    onc
}

fn not_listed(onc: Oncogenicity, reason: &str) -> Call {
    Call {
        oncogenicity: onc,
        driver: false,
        gene_role: None,
        pathways: vec![],
        evidence: vec![ev(reason, SOP_SOURCE)],
        hotspot: None,
        classes: vec![],
        reportable: false,
    }
}

/// Canonical gene symbol of an alteration (KB symbol when known).
#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotation::kb_fallback::fill;
    use crate::interpret::interpret;
    use crate::model::Alteration;

    fn kb() -> KnowledgeBase {
        KnowledgeBase::embedded().expect("embedded KB loads")
    }

    fn var(chrom: &str, pos: u64, r: &str, a: &str, ann: Option<Annotation>) -> Variant {
        Variant {
            chrom: chrom.into(),
            pos,
            ref_allele: r.into(),
            alt: a.into(),
            alt_index: 1,
            record_no: 1,
            filters: vec!["PASS".into()],
            tumor: Default::default(),
            normal: None,
            somatic_flag: None,
            repeat: Default::default(),
            annotation: ann,
        }
    }

    fn ann(gene: &str, cons: &[&str], p: Option<&str>, pos: Option<u32>) -> Option<Annotation> {
        Some(Annotation {
            source: Some(AnnotationSource::Vep),
            gene: Some(gene.into()),
            consequences: cons.iter().map(|s| s.to_string()).collect(),
            protein_change: p.map(str::to_string),
            protein_position: pos,
            ..Default::default()
        })
    }

    #[test]
    fn kras_g12d_codon_and_exact() {
        let kb = kb();
        let mut v = var(
            "12",
            25398284,
            "C",
            "T",
            ann("KRAS", &["missense_variant"], Some("p.G12D"), Some(12)),
        );
        let c = {
            fill(&kb, &mut v, Some(GenomeBuild::GRCh37));
            classify(&kb, &v, Some(GenomeBuild::GRCh37))
        };
        assert_eq!(c.oncogenicity, Oncogenicity::Oncogenic);
        assert_eq!(c.hotspot.as_deref(), Some("KRAS G12"));
        assert!(c.has(AlterationClass::Hotspot));
        assert!(c.has(AlterationClass::Oncogenic));
        assert!(c.reportable && c.driver);
    }

    #[test]
    fn unannotated_build_unknown_resolves_unambiguously() {
        let kb = kb();
        let mut v = var("chr7", 140753336, "A", "T", None); // BRAF V600E on GRCh38
        let c = {
            fill(&kb, &mut v, None);
            classify(&kb, &v, None)
        };
        assert_eq!(c.hotspot.as_deref(), Some("BRAF V600"));
        let a = v.annotation.expect("filled");
        assert_eq!(a.protein_change.as_deref(), Some("p.V600E"));
        assert_eq!(a.source, Some(AnnotationSource::KnowledgeBase));
    }

    #[test]
    fn tp53_dbd_missense_is_likely_oncogenic() {
        let kb = kb();
        let mut v = var(
            "17",
            1,
            "A",
            "C",
            ann("TP53", &["missense_variant"], Some("p.P250L"), Some(250)),
        );
        let c = {
            fill(&kb, &mut v, None);
            classify(&kb, &v, None)
        };
        assert_eq!(c.oncogenicity, Oncogenicity::LikelyOncogenic);
        assert!(c.hotspot.is_none());
        let mut v = var(
            "17",
            1,
            "A",
            "C",
            ann("TP53", &["missense_variant"], Some("p.P72R"), Some(72)),
        );
        assert_eq!(
            {
                fill(&kb, &mut v, None);
                classify(&kb, &v, None)
            }
            .oncogenicity,
            Oncogenicity::Vus
        );
    }

    #[test]
    fn common_polymorphism_is_likely_benign() {
        let kb = kb();
        let mut a = ann("TP53", &["missense_variant"], Some("p.P72R"), Some(72));
        if let Some(x) = a.as_mut() {
            x.population_af = Some(0.6);
        }
        let mut v = var("17", 1, "G", "C", a);
        let c = {
            fill(&kb, &mut v, None);
            classify(&kb, &v, None)
        };
        assert_eq!(c.oncogenicity, Oncogenicity::LikelyBenign);
        assert!(!c.reportable);
    }

    #[test]
    fn interpret_tp53_rb1_pattern() {
        let kb = kb();
        let mk = |gene: &str, p: &str, pos: u32| {
            let mut v = var("1", 1, "A", "T", ann(gene, &["stop_gained"], Some(p), Some(pos)));
            let call = {
                fill(&kb, &mut v, None);
                classify(&kb, &v, None)
            };
            Alteration {
                id: "A1".into(),
                variant: v,
                call,
            }
        };
        let alts = vec![mk("TP53", "p.R213*", 213), mk("RB1", "p.R320*", 320)];
        let i = interpret(&kb, &alts, Some("NEC"));
        assert_eq!(i.patterns.len(), 1);
        assert_eq!(i.patterns[0].id, "nec_tp53_rb1");
        assert!(i.patterns[0].statement.contains("consistent with"));
        let paths: Vec<&str> = i.altered_pathways.iter().map(|p| p.pathway.as_str()).collect();
        assert_eq!(paths, vec!["TP53", "cell_cycle_RB1"]);
        // MEN1 pattern does not apply to a lung adenocarcinoma.
        let alts = vec![mk("MEN1", "p.R98*", 98)];
        assert!(interpret(&kb, &alts, Some("LUAD")).patterns.is_empty());
        assert_eq!(interpret(&kb, &alts, Some("PANET")).patterns.len(), 1);
        assert_eq!(interpret(&kb, &alts, None).patterns.len(), 1);
    }
}
