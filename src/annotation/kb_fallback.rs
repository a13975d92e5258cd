//! The annotation of last resort: for a variant without gene annotation, the knowledge base's
//! coordinate hotspots (exact alleles on the genome build, in-frame indels inside a range window,
//! or a frameshift inside a truncating range row's window) give a gene and a consequence. Used by
//! the annotation stage; classification reads the result and never fills annotations itself.

use std::collections::BTreeSet;

use crate::genome::GenomeBuild;
use crate::kb::{GenomicSpec, Hotspot, KnowledgeBase, VariantClass};
use crate::model::{Annotation, AnnotationSource, Variant, VariantKind};

/// Give `v` the knowledge-base annotation when it has no gene annotation of its own; when it has a
/// gene but no protein change (a MAF row without `HGVSp`), the change of a curated hotspot allele
/// of the same gene at its coordinates (BRAF V600E in a COLO829 MAF).
pub fn fill(kb: &KnowledgeBase, v: &mut Variant, build: Option<GenomeBuild>) {
    let has_gene = v.annotation.as_ref().and_then(|a| a.gene.as_ref()).is_some();
    if !has_gene {
        if let Some(a) = annotate_from_kb(kb, v, build) {
            v.annotation = Some(a);
        }
        return;
    }
    let needs_change = v.annotation.as_ref().is_some_and(|a| a.protein_change.is_none());
    if !needs_change {
        return;
    }
    let hits = allele_matches(kb, v, build);
    let Some(a) = v.annotation.as_mut() else { return };
    let canonical = |g: &str| kb.gene(g).map_or_else(|| g.to_string(), |x| x.symbol.clone());
    let gene = a.gene.as_deref().map(canonical);
    let hit = hits.iter().find(|h| Some(canonical(&h.gene)) == gene);
    if let Some(h) = hit {
        if let Some(c) = &h.change {
            a.protein_change = Some(format!("p.{c}"));
            a.protein_position = a.protein_position.or(Some(h.protein_start));
            if a.consequences.is_empty() {
                let so = if c.ends_with('*') {
                    "stop_gained"
                } else {
                    "missense_variant"
                };
                a.consequences.push(so.to_string());
            }
        }
    }
}

fn builds(build: Option<GenomeBuild>) -> &'static [GenomeBuild] {
    match build {
        Some(GenomeBuild::GRCh37) => &[GenomeBuild::GRCh37],
        Some(GenomeBuild::GRCh38) => &[GenomeBuild::GRCh38],
        None => &[GenomeBuild::GRCh37, GenomeBuild::GRCh38],
    }
}

/// Exact rows at this allele: on `build`, or on both builds when unknown,
/// accepting only an unambiguous answer (one build, or both agreeing).
pub(crate) fn allele_matches<'a>(kb: &'a KnowledgeBase, v: &Variant, build: Option<GenomeBuild>) -> Vec<&'a Hotspot> {
    // Looked up for most variants (every one with a gene but no protein change): nothing is
    // allocated unless a build has rows here.
    let key = |m: &[&Hotspot]| -> BTreeSet<(String, Option<String>)> {
        m.iter().map(|h| (h.gene.clone(), h.change.clone())).collect()
    };
    let mut found: Vec<&Hotspot> = Vec::new();
    for &b in builds(build) {
        let m = kb.hotspots_by_allele(b, v.chrom_norm(), v.pos, &v.ref_allele, &v.alt);
        if m.is_empty() {
            continue;
        }
        if found.is_empty() {
            found = m;
        } else if key(&found) != key(&m) {
            // Both builds have rows here and they disagree: no unambiguous answer.
            return Vec::new();
        }
    }
    found
}

/// The class of an unannotated indel from its alleles: in-frame, or a frameshift (for the
/// truncating range rows, such as the NPM1 exon 12 frameshift), with the span it touches.
fn unannotated_indel(v: &Variant) -> Option<(&'static str, u64, u64)> {
    let (r, a) = (v.ref_allele.len() as u64, v.alt.len() as u64);
    match v.kind() {
        VariantKind::Deletion if (r - a) % 3 == 0 => Some(("inframe_deletion", v.pos + a, v.pos + r - 1)),
        VariantKind::Insertion if (a - r) % 3 == 0 => Some(("inframe_insertion", v.pos, v.pos + 1)),
        VariantKind::Complex if r != a && r.abs_diff(a) % 3 == 0 => {
            let cls = if r > a { "inframe_deletion" } else { "inframe_insertion" };
            Some((cls, v.pos, v.pos + r.max(1) - 1))
        }
        VariantKind::Deletion => Some(("frameshift_variant", v.pos + a, v.pos + r - 1)),
        VariantKind::Insertion => Some(("frameshift_variant", v.pos, v.pos + 1)),
        VariantKind::Complex if r != a => Some(("frameshift_variant", v.pos, v.pos + r.max(1) - 1)),
        _ => None,
    }
}

/// Fill an annotation for an unannotated variant from the knowledge base:
/// exact hotspot alleles first, then in-frame indels inside a range window.
fn annotate_from_kb(kb: &KnowledgeBase, v: &Variant, build: Option<GenomeBuild>) -> Option<Annotation> {
    let hits = allele_matches(kb, v, build);
    if let Some(h) = hits.first() {
        let change = h.change.clone().unwrap_or_default();
        let consequence = if change.ends_with('*') {
            "stop_gained"
        } else {
            "missense_variant"
        };
        return Some(Annotation {
            source: Some(AnnotationSource::KnowledgeBase),
            gene: Some(
                kb.gene(&h.gene)
                    .map(|g| g.symbol.clone())
                    .unwrap_or_else(|| h.gene.clone()),
            ),
            consequences: vec![consequence.to_string()],
            protein_change: h.change.as_ref().map(|c| format!("p.{c}")),
            protein_position: Some(h.protein_start),
            ..Default::default()
        });
    }
    let (cls, start, end) = unannotated_indel(v)?;
    let mut found: Vec<&Hotspot> = Vec::new();
    for &b in builds(build) {
        for h in kb.windows_overlapping(b, v.chrom_norm(), start, end) {
            let ok = match h.variant_class {
                VariantClass::InframeDeletion => cls == "inframe_deletion",
                VariantClass::InframeInsertion => cls == "inframe_insertion",
                VariantClass::Inframe | VariantClass::MissenseOrInframe => cls != "frameshift_variant",
                VariantClass::Truncating => cls == "frameshift_variant",
                _ => false,
            };
            if ok && !found.iter().any(|f| std::ptr::eq(*f, h)) {
                found.push(h);
            }
        }
    }
    let genes: BTreeSet<&str> = found.iter().map(|h| h.gene.as_str()).collect();
    if genes.len() != 1 {
        return None;
    }
    let h = found.first()?;
    Some(Annotation {
        source: Some(AnnotationSource::KnowledgeBase),
        gene: Some(h.gene.clone()),
        consequences: vec![cls.to_string()],
        ..Default::default()
    })
}

pub(crate) fn in_window(h: &Hotspot, v: &Variant, build: Option<GenomeBuild>) -> bool {
    let end = v.pos + v.ref_allele.len().max(1) as u64 - 1;
    builds(build).iter().any(|&b| match h.genomic(b) {
        GenomicSpec::Window(w) => w.chrom == v.chrom_norm() && w.start <= end && v.pos <= w.end,
        _ => false,
    })
}
