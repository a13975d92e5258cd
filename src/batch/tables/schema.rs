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
        ("patient", V::S(Some(&row.patient))),
        ("status", V::S(Some(&row.status))),
        ("tumor_type", s(&row.tumor_type)),
        ("tmb_value", V::F(row.tmb_value)),
        ("tmb_count", V::U(tmb.map(|t| t.count))),
        ("tmb_status", s(&row.tmb_status)),
        ("msi_status", s(&row.msi_status)),
        ("msi_score", V::F(msi.and_then(|m| m.score))),
        ("alterations_listed", V::U(report.map(|r| r.summary.alterations_listed))),
        ("drivers", V::L(&row.drivers)),
        ("best_amp_tier", s(&row.best_amp_tier)),
        ("top_therapies", V::L(&row.top_therapies)),
        ("reused", V::B(Some(row.reused))),
        ("input", s(&row.vcf)),
        ("report", s(&row.report)),
        ("error", s(&row.error)),
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
            ("patient", V::S(p)),
            ("alteration_id", V::S(Some(&a.id))),
            ("class", V::S(Some("variant"))),
            ("chrom", V::S(Some(&a.chrom))),
            ("pos", V::U(Some(a.pos))),
            ("ref", V::S(Some(&a.ref_allele))),
            ("alt", V::S(Some(&a.alt))),
            ("gene", s(&a.gene)),
            ("transcript", s(&a.transcript)),
            ("consequence", V::S(Some(&consequence))),
            ("protein_change", s(&a.protein_change)),
            ("hgvsc", s(&a.hgvsc)),
            ("vaf", V::F(a.vaf)),
            ("depth", V::U(a.depth.map(u64::from))),
            ("alt_depth", V::U(a.alt_depth.map(u64::from))),
            ("oncogenicity", V::S(Some(oncogenicity_name(a.oncogenicity)))),
            ("driver", V::B(Some(a.driver))),
            ("hotspot", s(&a.hotspot)),
            ("best_amp_tier", s(&amp)),
            ("best_escat_tier", s(&escat)),
            ("therapies", V::L(&labels)),
        ])?;
    }
    for e in r.copy_number.iter().flat_map(|c| &c.events) {
        let (amp, escat, labels) = therapies_of(r, &e.id);
        let seg = e.segment.as_ref();
        let alt = format!("<{}>", e.call.to_ascii_uppercase());
        w.row(&[
            ("patient", V::S(p)),
            ("alteration_id", V::S(Some(&e.id))),
            ("class", V::S(Some("copy_number"))),
            ("chrom", V::S(seg.map(|s| s.chrom.as_str()))),
            ("pos", V::U(seg.map(|s| s.start))),
            ("ref", V::S(None)),
            ("alt", V::S(Some(&alt))),
            ("gene", V::S(Some(&e.gene))),
            ("transcript", V::S(None)),
            ("consequence", V::S(Some(&e.call))),
            ("protein_change", V::S(None)),
            ("hgvsc", V::S(None)),
            ("vaf", V::F(None)),
            ("depth", V::U(None)),
            ("alt_depth", V::U(None)),
            ("oncogenicity", V::S(Some(oncogenicity_name(e.oncogenicity)))),
            ("driver", V::B(Some(e.driver))),
            ("hotspot", V::S(None)),
            ("best_amp_tier", s(&amp)),
            ("best_escat_tier", s(&escat)),
            ("therapies", V::L(&labels)),
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
            ("patient", V::S(p)),
            ("alteration_id", V::S(Some(&e.id))),
            ("class", V::S(Some("fusion"))),
            ("chrom", V::S(bp.map(|b| b.chrom.as_str()))),
            ("pos", V::U(bp.map(|b| b.pos))),
            ("ref", V::S(None)),
            ("alt", V::S(Some("<FUSION>"))),
            ("gene", V::S(Some(gene))),
            ("transcript", V::S(None)),
            ("consequence", V::S(Some(&consequence))),
            ("protein_change", V::S(Some(&e.name))),
            ("hgvsc", V::S(None)),
            ("vaf", V::F(None)),
            ("depth", V::U(e.supporting_reads.map(u64::from))),
            ("alt_depth", V::U(None)),
            ("oncogenicity", V::S(Some(oncogenicity_name(e.oncogenicity)))),
            ("driver", V::B(Some(e.driver))),
            ("hotspot", V::S(None)),
            ("best_amp_tier", s(&amp)),
            ("best_escat_tier", s(&escat)),
            ("therapies", V::L(&labels)),
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
                ("patient", V::S(Some(&r.patient.id))),
                ("list", V::S(Some(list))),
                ("rule_id", V::S(Some(&m.rule_id))),
                ("therapy", V::S(Some(&m.therapy))),
                ("drugs", V::L(&m.drugs)),
                ("kind", V::S(Some(&m.kind))),
                ("biomarker", V::S(Some(&m.biomarker))),
                ("alterations", V::L(&m.alterations)),
                ("genes", V::L(&g)),
                ("direction", V::S(Some(m.direction.as_str()))),
                ("evidence_level", V::S(Some(m.evidence_level.as_str()))),
                ("amp_tier", V::S(Some(m.amp_tier.as_str()))),
                ("escat_tier", V::S(Some(m.escat_tier.as_str()))),
                ("context", V::S(Some(m.context.as_str()))),
                ("tumor_types", V::L(&m.tumor_types)),
                ("references", V::L(&m.references)),
                ("confirmation_required", V::B(Some(m.confirmation_required))),
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
            ("patient", V::S(Some(&r.patient.id))),
            ("event_id", V::S(Some(&e.id))),
            ("gene", V::S(Some(&e.gene))),
            ("call", V::S(Some(&e.call))),
            ("copy_number", V::F(e.copy_number)),
            ("min_copy_number", V::F(e.min_copy_number)),
            ("max_copy_number", V::F(e.max_copy_number)),
            ("major_copy_number", V::F(e.major_copy_number)),
            ("minor_copy_number", V::F(e.minor_copy_number)),
            ("gistic", V::I(e.gistic.map(i64::from))),
            ("loh", V::B(Some(e.loh))),
            ("biallelic", V::B(Some(e.biallelic))),
            ("chrom", V::S(seg.map(|s| s.chrom.as_str()))),
            ("start", V::U(seg.map(|s| s.start))),
            ("end", V::U(seg.map(|s| s.end))),
            ("oncogenicity", V::S(Some(oncogenicity_name(e.oncogenicity)))),
            ("driver", V::B(Some(e.driver))),
            ("purity", V::F(cn.purity)),
            ("ploidy", V::F(Some(cn.ploidy))),
        ])?;
    }
    Ok(())
}

fn fusions(w: &mut TableWriter, r: &Report) -> Result<()> {
    for e in r.fusions.iter().flat_map(|f| &f.events) {
        let side = |name: &str| e.breakpoints.iter().find(|b| b.side == name);
        let (five, three) = (side("5prime"), side("3prime"));
        w.row(&[
            ("patient", V::S(Some(&r.patient.id))),
            ("event_id", V::S(Some(&e.id))),
            ("name", V::S(Some(&e.name))),
            ("five_prime", V::S(Some(&e.five_prime))),
            ("three_prime", V::S(Some(&e.three_prime))),
            ("class", V::S(Some(&e.class))),
            ("orientation", V::S(Some(&e.orientation))),
            ("driver_gene", s(&e.driver_gene)),
            ("frame", s(&e.frame)),
            ("supporting_reads", V::U(e.supporting_reads.map(u64::from))),
            ("five_prime_chrom", V::S(five.map(|b| b.chrom.as_str()))),
            ("five_prime_pos", V::U(five.map(|b| b.pos))),
            ("three_prime_chrom", V::S(three.map(|b| b.chrom.as_str()))),
            ("three_prime_pos", V::U(three.map(|b| b.pos))),
            ("oncogenicity", V::S(Some(oncogenicity_name(e.oncogenicity)))),
            ("driver", V::B(Some(e.driver))),
        ])?;
    }
    Ok(())
}

fn signatures(w: &mut TableWriter, r: &Report) -> Result<()> {
    let Some(sig) = &r.signatures else { return Ok(()) };
    for fit in &sig.fits {
        for x in &fit.exposures {
            w.row(&[
                ("patient", V::S(Some(&r.patient.id))),
                ("fit", V::S(Some(&fit.kind))),
                ("reference_version", V::S(Some(&fit.reference_version))),
                ("cosine_similarity", V::F(fit.cosine_similarity)),
                ("signature", V::S(Some(&x.signature))),
                ("mutations", V::F(Some(x.mutations))),
                ("share", V::F(Some(x.share))),
                ("low", V::F(Some(x.low))),
                ("high", V::F(Some(x.high))),
            ])?;
        }
    }
    Ok(())
}
