//! The cohort tables' columns and how one patient fills them: `patients` from the cohort row
//! and its report, `alterations` with the rows of `cohort_alterations.tsv` (typed), `therapies`
//! (every match of the three lists), `copy_number`, `fusions` and `signatures` (exposures).

use super::columns::{ColumnDef, Kind, TableWriter, V};
use crate::batch::CohortRow;
use crate::error::Result;
use crate::report::tsv::{oncogenicity_name, therapies_of};
use crate::report::{Report, TherapyMatch};
use std::collections::HashMap;

use Kind::{Bool, Cat, List, Str, Tier, F64, I64, U32, U64};

pub const PATIENTS: &[ColumnDef] = &[
    ("patient", Str, false),
    ("status", Cat, false),
    ("tumor_type", Cat, true),
    ("tmb_value", F64, true),
    ("tmb_count", U64, true),
    ("tmb_status", Cat, true),
    ("msi_status", Cat, true),
    ("msi_score", F64, true),
    ("alterations_listed", U64, true),
    ("drivers", List, false),
    ("best_amp_tier", Tier, true),
    ("top_therapies", List, false),
    ("reused", Bool, false),
    ("input", Str, true),
    ("report", Str, true),
    ("error", Str, true),
];

pub const ALTERATIONS: &[ColumnDef] = &[
    ("patient", Str, false),
    ("alteration_id", Str, false),
    ("class", Cat, false),
    ("chrom", Cat, true),
    ("pos", U64, true),
    ("ref", Str, true),
    ("alt", Str, false),
    ("gene", Cat, true),
    ("transcript", Str, true),
    ("consequence", Cat, true),
    ("protein_change", Str, true),
    ("hgvsc", Str, true),
    ("vaf", F64, true),
    ("depth", U32, true),
    ("alt_depth", U32, true),
    ("oncogenicity", Cat, false),
    ("driver", Bool, false),
    ("hotspot", Str, true),
    ("best_amp_tier", Tier, true),
    ("best_escat_tier", Tier, true),
    ("therapies", List, false),
];

pub const THERAPIES: &[ColumnDef] = &[
    ("patient", Str, false),
    ("list", Cat, false),
    ("rule_id", Str, false),
    ("therapy", Str, false),
    ("drugs", List, false),
    ("kind", Cat, false),
    ("biomarker", Str, false),
    ("alterations", List, false),
    ("genes", List, false),
    ("direction", Cat, false),
    ("evidence_level", Cat, false),
    ("amp_tier", Tier, false),
    ("escat_tier", Tier, false),
    ("context", Cat, false),
    ("tumor_types", List, false),
    ("references", List, false),
    ("confirmation_required", Bool, false),
];

pub const COPY_NUMBER: &[ColumnDef] = &[
    ("patient", Str, false),
    ("event_id", Str, false),
    ("gene", Cat, false),
    ("call", Cat, false),
    ("copy_number", F64, true),
    ("min_copy_number", F64, true),
    ("max_copy_number", F64, true),
    ("major_copy_number", F64, true),
    ("minor_copy_number", F64, true),
    ("gistic", I64, true),
    ("loh", Bool, false),
    ("biallelic", Bool, false),
    ("chrom", Cat, true),
    ("start", U64, true),
    ("end", U64, true),
    ("oncogenicity", Cat, false),
    ("driver", Bool, false),
    ("purity", F64, true),
    ("ploidy", F64, true),
];

pub const FUSIONS: &[ColumnDef] = &[
    ("patient", Str, false),
    ("event_id", Str, false),
    ("name", Str, false),
    ("five_prime", Cat, false),
    ("three_prime", Cat, false),
    ("class", Cat, false),
    ("orientation", Cat, false),
    ("driver_gene", Cat, true),
    ("frame", Cat, true),
    ("supporting_reads", U32, true),
    ("five_prime_chrom", Cat, true),
    ("five_prime_pos", U64, true),
    ("three_prime_chrom", Cat, true),
    ("three_prime_pos", U64, true),
    ("oncogenicity", Cat, false),
    ("driver", Bool, false),
];

pub const SIGNATURES: &[ColumnDef] = &[
    ("patient", Str, false),
    ("fit", Cat, false),
    ("reference_version", Cat, false),
    ("cosine_similarity", F64, true),
    ("signature", Cat, false),
    ("mutations", F64, true),
    ("share", F64, true),
    ("low", F64, true),
    ("high", F64, true),
];

/// The tables of one cohort, in [`super::TABLES`] order.
pub struct Writers {
    pub patients: TableWriter,
    pub alterations: TableWriter,
    pub therapies: TableWriter,
    pub copy_number: TableWriter,
    pub fusions: TableWriter,
    pub signatures: TableWriter,
}

fn s(x: &Option<String>) -> V<'_> {
    V::S(x.as_deref())
}

/// The `patients` row of one cohort row (its report, when it has one, adds the counts).
pub fn patient(w: &mut TableWriter, row: &CohortRow, report: Option<&Report>) -> Result<()> {
    let tmb = report.and_then(|r| r.biomarkers.tmb.as_ref());
    let msi = report.and_then(|r| r.biomarkers.msi.as_ref());
    w.row(&[
        V::S(Some(&row.patient)),
        V::S(Some(&row.status)),
        s(&row.tumor_type),
        V::F(row.tmb_value),
        V::U(tmb.map(|t| t.count)),
        s(&row.tmb_status),
        s(&row.msi_status),
        V::F(msi.and_then(|m| m.score)),
        V::U(report.map(|r| r.summary.alterations_listed)),
        V::L(&row.drivers),
        s(&row.best_amp_tier),
        V::L(&row.top_therapies),
        V::B(Some(row.reused)),
        s(&row.vcf),
        s(&row.report),
        s(&row.error),
    ])
}

/// Every table's rows of one report but `patients`.
pub fn report_rows(w: &mut Writers, r: &Report) -> Result<()> {
    alterations(&mut w.alterations, r)?;
    therapies(&mut w.therapies, r)?;
    copy_number(&mut w.copy_number, r)?;
    fusions(&mut w.fusions, r)?;
    signatures(&mut w.signatures, r)
}

/// The rows of `cohort_alterations.tsv` for this report (variants, copy-number events, fusions).
fn alterations(w: &mut TableWriter, r: &Report) -> Result<()> {
    let p = Some(r.patient.id.as_str());
    for a in r.alterations.iter() {
        let a = a.map_err(|e| crate::error::Error::Internal(format!("{}: {e}", r.patient.id)))?;
        let (amp, escat, labels) = therapies_of(r, &a.id);
        let consequence = a.consequence.join(",");
        w.row(&[
            V::S(p),
            V::S(Some(&a.id)),
            V::S(Some("variant")),
            V::S(Some(&a.chrom)),
            V::U(Some(a.pos)),
            V::S(Some(&a.ref_allele)),
            V::S(Some(&a.alt)),
            s(&a.gene),
            s(&a.transcript),
            V::S(Some(&consequence)),
            s(&a.protein_change),
            s(&a.hgvsc),
            V::F(a.vaf),
            V::U(a.depth.map(u64::from)),
            V::U(a.alt_depth.map(u64::from)),
            V::S(Some(oncogenicity_name(a.oncogenicity))),
            V::B(Some(a.driver)),
            s(&a.hotspot),
            s(&amp),
            s(&escat),
            V::L(&labels),
        ])?;
    }
    for e in r.copy_number.iter().flat_map(|c| &c.events) {
        let (amp, escat, labels) = therapies_of(r, &e.id);
        let seg = e.segment.as_ref();
        let alt = format!("<{}>", e.call.to_ascii_uppercase());
        w.row(&[
            V::S(p),
            V::S(Some(&e.id)),
            V::S(Some("copy_number")),
            V::S(seg.map(|s| s.chrom.as_str())),
            V::U(seg.map(|s| s.start)),
            V::S(None),
            V::S(Some(&alt)),
            V::S(Some(&e.gene)),
            V::S(None),
            V::S(Some(&e.call)),
            V::S(None),
            V::S(None),
            V::F(None),
            V::U(None),
            V::U(None),
            V::S(Some(oncogenicity_name(e.oncogenicity))),
            V::B(Some(e.driver)),
            V::S(None),
            s(&amp),
            s(&escat),
            V::L(&labels),
        ])?;
    }
    for e in r.fusions.iter().flat_map(|f| &f.events) {
        let (amp, escat, labels) = therapies_of(r, &e.id);
        let bp = e
            .breakpoints
            .iter()
            .find(|b| b.side == "3prime")
            .or(e.breakpoints.first());
        let gene = e.driver_gene.as_deref().unwrap_or(&e.three_prime);
        let consequence = format!("{}_{}", e.class, e.orientation);
        w.row(&[
            V::S(p),
            V::S(Some(&e.id)),
            V::S(Some("fusion")),
            V::S(bp.map(|b| b.chrom.as_str())),
            V::U(bp.map(|b| b.pos)),
            V::S(None),
            V::S(Some("<FUSION>")),
            V::S(Some(gene)),
            V::S(None),
            V::S(Some(&consequence)),
            V::S(Some(&e.name)),
            V::S(None),
            V::F(None),
            V::U(e.supporting_reads.map(u64::from)),
            V::U(None),
            V::S(Some(oncogenicity_name(e.oncogenicity))),
            V::B(Some(e.driver)),
            V::S(None),
            s(&amp),
            s(&escat),
            V::L(&labels),
        ])?;
    }
    Ok(())
}

/// Gene of each alteration id (variants, copy-number events, fusions' driver or 3' partner).
fn genes_by_id(r: &Report) -> Result<HashMap<String, String>> {
    let mut m = HashMap::new();
    for a in r.alterations.iter() {
        let a = a.map_err(|e| crate::error::Error::Internal(format!("{}: {e}", r.patient.id)))?;
        if let Some(g) = &a.gene {
            m.insert(a.id.clone(), g.clone());
        }
    }
    for e in r.copy_number.iter().flat_map(|c| &c.events) {
        m.insert(e.id.clone(), e.gene.clone());
    }
    for e in r.fusions.iter().flat_map(|f| &f.events) {
        m.insert(
            e.id.clone(),
            e.driver_gene.clone().unwrap_or_else(|| e.three_prime.clone()),
        );
    }
    Ok(m)
}

fn therapies(w: &mut TableWriter, r: &Report) -> Result<()> {
    let t = &r.therapies;
    if t.sensitivity.is_empty() && t.resistance.is_empty() && t.notes.is_empty() {
        return Ok(());
    }
    let genes = genes_by_id(r)?;
    let lists: [(&str, &[TherapyMatch]); 3] = [
        ("sensitivity", &t.sensitivity),
        ("resistance", &t.resistance),
        ("note", &t.notes),
    ];
    for (list, matches) in lists {
        for m in matches {
            let mut g: Vec<String> = m.alterations.iter().filter_map(|id| genes.get(id).cloned()).collect();
            g.sort();
            g.dedup();
            w.row(&[
                V::S(Some(&r.patient.id)),
                V::S(Some(list)),
                V::S(Some(&m.rule_id)),
                V::S(Some(&m.therapy)),
                V::L(&m.drugs),
                V::S(Some(&m.kind)),
                V::S(Some(&m.biomarker)),
                V::L(&m.alterations),
                V::L(&g),
                V::S(Some(m.direction.as_str())),
                V::S(Some(m.evidence_level.as_str())),
                V::S(Some(m.amp_tier.as_str())),
                V::S(Some(m.escat_tier.as_str())),
                V::S(Some(m.context.as_str())),
                V::L(&m.tumor_types),
                V::L(&m.references),
                V::B(Some(m.confirmation_required)),
            ])?;
        }
    }
    Ok(())
}

fn copy_number(w: &mut TableWriter, r: &Report) -> Result<()> {
    let Some(cn) = &r.copy_number else { return Ok(()) };
    for e in &cn.events {
        let seg = e.segment.as_ref();
        w.row(&[
            V::S(Some(&r.patient.id)),
            V::S(Some(&e.id)),
            V::S(Some(&e.gene)),
            V::S(Some(&e.call)),
            V::F(e.copy_number),
            V::F(e.min_copy_number),
            V::F(e.max_copy_number),
            V::F(e.major_copy_number),
            V::F(e.minor_copy_number),
            V::I(e.gistic.map(i64::from)),
            V::B(Some(e.loh)),
            V::B(Some(e.biallelic)),
            V::S(seg.map(|s| s.chrom.as_str())),
            V::U(seg.map(|s| s.start)),
            V::U(seg.map(|s| s.end)),
            V::S(Some(oncogenicity_name(e.oncogenicity))),
            V::B(Some(e.driver)),
            V::F(cn.purity),
            V::F(Some(cn.ploidy)),
        ])?;
    }
    Ok(())
}

fn fusions(w: &mut TableWriter, r: &Report) -> Result<()> {
    for e in r.fusions.iter().flat_map(|f| &f.events) {
        let side = |name: &str| e.breakpoints.iter().find(|b| b.side == name);
        let (five, three) = (side("5prime"), side("3prime"));
        w.row(&[
            V::S(Some(&r.patient.id)),
            V::S(Some(&e.id)),
            V::S(Some(&e.name)),
            V::S(Some(&e.five_prime)),
            V::S(Some(&e.three_prime)),
            V::S(Some(&e.class)),
            V::S(Some(&e.orientation)),
            s(&e.driver_gene),
            s(&e.frame),
            V::U(e.supporting_reads.map(u64::from)),
            V::S(five.map(|b| b.chrom.as_str())),
            V::U(five.map(|b| b.pos)),
            V::S(three.map(|b| b.chrom.as_str())),
            V::U(three.map(|b| b.pos)),
            V::S(Some(oncogenicity_name(e.oncogenicity))),
            V::B(Some(e.driver)),
        ])?;
    }
    Ok(())
}

fn signatures(w: &mut TableWriter, r: &Report) -> Result<()> {
    let Some(sig) = &r.signatures else { return Ok(()) };
    for fit in &sig.fits {
        for x in &fit.exposures {
            w.row(&[
                V::S(Some(&r.patient.id)),
                V::S(Some(&fit.kind)),
                V::S(Some(&fit.reference_version)),
                V::F(fit.cosine_similarity),
                V::S(Some(&x.signature)),
                V::F(Some(x.mutations)),
                V::F(Some(x.share)),
                V::F(Some(x.low)),
                V::F(Some(x.high)),
            ])?;
        }
    }
    Ok(())
}
