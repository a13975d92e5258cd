//! The oncoprint of the cohort page: genes (rows) × patients (columns), one glyph per alteration
//! class after cBioPortal's conventions, the gene frequencies in a label panel that never scrolls
//! away, and the clinical tracks (tumour type, TMB, MSI) under the grid.

use super::inputs::AltClass;
use super::{CohortAlteration, CohortPatient};
use serde::Serialize;
use std::collections::BTreeMap;

/// Genes shown (rows): the most often altered, drivers or not.
pub(crate) const MAX_GENES: usize = 30;
/// Row height of a gene and of a clinical track (px).
pub(crate) const CELL_H: u32 = 17;
const TRACK_H: u32 = 14;
/// Width of the label panel: gene name, frequency bar and figure.
pub(crate) const PANEL_W: u32 = 190;
const BAR_W: f64 = 56.0;

/// Categorical colours for tumour types (ColorBrewer Set3-like, readable on white).
const TYPE_COLOURS: [&str; 11] = [
    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22", "#7f7f7f",
    "#aec7e8",
];
const NOT_GIVEN: &str = "#e4e7ec";

#[derive(Serialize)]
struct GeneRow {
    gene: String,
    y: u32,
    count: usize,
    drivers: usize,
    percent: String,
    bar: f64,
    bar_drivers: f64,
}

#[derive(Serialize)]
struct Glyph {
    class: &'static str,
    vus: bool,
    y: f64,
    h: f64,
}

#[derive(Serialize)]
struct Cell {
    x: u32,
    y: u32,
    link: Option<String>,
    title: String,
    /// Every glyph of the cell is a VUS: the whole cell hides with the VUS toggle.
    vus: bool,
    glyphs: Vec<Glyph>,
}

#[derive(Serialize)]
struct TrackCell {
    x: u32,
    y: f64,
    h: f64,
    fill: &'static str,
    title: String,
}

#[derive(Serialize)]
struct LegendItem {
    label: String,
    fill: &'static str,
}

#[derive(Serialize)]
struct Track {
    name: &'static str,
    y: u32,
    cells: Vec<TrackCell>,
    legend: Vec<LegendItem>,
}

#[derive(Serialize)]
pub(super) struct Oncoprint {
    cell_w: u32,
    grid_w: u32,
    grid_h: u32,
    height: u32,
    genes: Vec<GeneRow>,
    cells: Vec<Cell>,
    tracks: Vec<Track>,
    shown: usize,
    total_ok: usize,
    genes_total: usize,
    /// The alteration classes of the legend: (CSS class, words).
    classes: Vec<(&'static str, &'static str)>,
}

/// A patient's drawn alterations in one gene, most telling first.
fn in_gene<'a>(p: &'a CohortPatient, gene: &str) -> Vec<&'a CohortAlteration> {
    let mut v: Vec<&CohortAlteration> = p.alterations.iter().filter(|a| a.gene == gene).collect();
    v.sort_by_key(|a| (!a.driver, a.class));
    v
}

/// Gene ranking over every patient's counts (`freq`: gene → patients altered, with a driver):
/// patients with any drawn alteration, then patients with a driver, then name.
fn ranked_genes(freq: &BTreeMap<String, (usize, usize)>) -> (Vec<(String, usize, usize)>, usize) {
    let mut genes: Vec<(String, usize, usize)> = freq.iter().map(|(g, (n, d))| (g.clone(), *n, *d)).collect();
    genes.sort_by(|a, b| b.1.cmp(&a.1).then(b.2.cmp(&a.2)).then(a.0.cmp(&b.0)));
    let total = genes.len();
    genes.truncate(MAX_GENES);
    (genes, total)
}

/// One glyph per layer (copy number, fusion, mutation), the most telling alteration of each.
fn glyphs(alts: &[&CohortAlteration], y: u32) -> Vec<Glyph> {
    let inner = f64::from(CELL_H - 2);
    let mut out: Vec<Glyph> = Vec::new();
    for layer in 0..3u8 {
        let Some(a) = alts.iter().find(|a| a.class.layer() == layer) else {
            continue;
        };
        let (off, h) = match layer {
            0 => (0.0, inner),
            1 => (inner * 0.2, inner * 0.6),
            _ => (inner / 3.0, inner / 3.0),
        };
        out.push(Glyph {
            class: a.class.as_str(),
            vus: !a.driver,
            y: round1(f64::from(y) + 1.0 + off),
            h: round1(h),
        });
    }
    out
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

fn cell_title(p: &CohortPatient, alts: &[&CohortAlteration]) -> String {
    let parts: Vec<String> = alts
        .iter()
        .map(|a| format!("{} ({}, {})", a.label, a.class.label(), a.oncogenicity))
        .collect();
    format!("{}: {}", p.patient, parts.join("; "))
}

/// Build the oncoprint of the shown patients that have a report; the genes and their frequencies
/// come from `freq`, counted over all `total_ok` patients with a report.
pub(super) fn oncoprint(
    patients: &[CohortPatient],
    freq: &BTreeMap<String, (usize, usize)>,
    total_ok: usize,
) -> Oncoprint {
    let ok: Vec<&CohortPatient> = patients.iter().filter(|p| p.ok).collect();
    let (genes, genes_total) = ranked_genes(freq);
    // Oncoprint order: by the pattern over the shown genes (driver 2, VUS 1), then patient.
    let pattern = |p: &CohortPatient| -> Vec<u8> {
        genes
            .iter()
            .map(|(g, _, _)| match in_gene(p, g).first() {
                Some(a) if a.driver => 2,
                Some(_) => 1,
                None => 0,
            })
            .collect()
    };
    let mut cols: Vec<(Vec<u8>, &CohortPatient)> = ok.iter().map(|p| (pattern(p), *p)).collect();
    cols.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.patient.cmp(&b.1.patient)));
    // Cells 3–16 px wide: a small cohort stays legible, a large one scrolls beside the labels.
    let cell_w = (900 / cols.len().max(1)).clamp(3, 16) as u32;
    let grid_h = genes.len() as u32 * CELL_H;
    let mut cells = Vec::new();
    for (ci, (_, p)) in cols.iter().enumerate() {
        for (gi, (g, _, _)) in genes.iter().enumerate() {
            let alts = in_gene(p, g);
            if alts.is_empty() {
                continue;
            }
            let y = gi as u32 * CELL_H;
            cells.push(Cell {
                x: ci as u32 * cell_w,
                y,
                link: p.link.clone(),
                title: cell_title(p, &alts),
                vus: alts.iter().all(|a| !a.driver),
                glyphs: glyphs(&alts, y),
            });
        }
    }
    let n = total_ok.max(1) as f64;
    let gene_rows = genes
        .iter()
        .enumerate()
        .map(|(i, (g, c, d))| GeneRow {
            gene: g.clone(),
            y: i as u32 * CELL_H,
            count: *c,
            drivers: *d,
            percent: format!("{:.0} %", *c as f64 * 100.0 / n),
            bar: round1(*c as f64 / n * BAR_W),
            bar_drivers: round1(*d as f64 / n * BAR_W),
        })
        .collect();
    let columns: Vec<&CohortPatient> = cols.iter().map(|(_, p)| *p).collect();
    let tracks = tracks(&columns, cell_w, grid_h + 8);
    let height = grid_h + 8 + tracks.len() as u32 * TRACK_H;
    Oncoprint {
        cell_w,
        grid_w: columns.len() as u32 * cell_w,
        grid_h,
        height,
        genes: gene_rows,
        cells,
        tracks,
        shown: columns.len(),
        total_ok,
        genes_total,
        classes: AltClass::ALL.iter().map(|c| (c.as_str(), c.label())).collect(),
    }
}

/// The clinical tracks under the grid: tumour type, TMB (log-scaled bar), MSI status.
fn tracks(cols: &[&CohortPatient], cell_w: u32, top: u32) -> Vec<Track> {
    let inner = f64::from(TRACK_H - 2);
    // Tumour types by frequency; the eleventh and later share the last colour.
    let mut types: BTreeMap<&str, usize> = BTreeMap::new();
    for p in cols {
        if let Some(t) = p.tumor_type.as_deref() {
            *types.entry(t).or_default() += 1;
        }
    }
    let mut order: Vec<(&str, usize)> = types.into_iter().collect();
    order.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let colour_of = |t: &str| -> &'static str {
        let i = order.iter().position(|(x, _)| *x == t).unwrap_or(0);
        TYPE_COLOURS[i.min(TYPE_COLOURS.len() - 1)]
    };
    let max_log = cols
        .iter()
        .filter_map(|p| p.tmb_value)
        .filter(|v| v.is_finite())
        .map(|v| (1.0 + v.max(0.0)).log10())
        .fold(0.0f64, f64::max)
        .max(0.01);
    let mut ty = Track {
        name: "Tumour type",
        y: top,
        cells: vec![],
        legend: vec![],
    };
    let mut tmb = Track {
        name: "TMB",
        y: top + TRACK_H,
        cells: vec![],
        legend: vec![],
    };
    let mut msi = Track {
        name: "MSI",
        y: top + 2 * TRACK_H,
        cells: vec![],
        legend: vec![],
    };
    for (ci, p) in cols.iter().enumerate() {
        let x = ci as u32 * cell_w;
        let (fill, what) = match p.tumor_type.as_deref() {
            Some(t) => (colour_of(t), t.to_string()),
            None => (NOT_GIVEN, "not given".to_string()),
        };
        ty.cells.push(TrackCell {
            x,
            y: f64::from(ty.y + 1),
            h: inner,
            fill,
            title: format!("{}: tumour type {what}", p.patient),
        });
        let status = p.tmb_status.as_deref().unwrap_or("not assessed");
        match p.tmb_value.filter(|v| v.is_finite()) {
            Some(v) => {
                let h = round1(((1.0 + v.max(0.0)).log10() / max_log * inner).max(1.0));
                tmb.cells.push(TrackCell {
                    x,
                    y: round1(f64::from(tmb.y + 1) + inner - h),
                    h,
                    fill: if status == "high" { "#b3261e" } else { "#1f5fa8" },
                    title: format!("{}: TMB {} mut/Mb ({status})", p.patient, super::one_decimal(v)),
                });
            }
            None => tmb.cells.push(TrackCell {
                x,
                y: f64::from(tmb.y + 1),
                h: inner,
                fill: NOT_GIVEN,
                title: format!("{}: TMB {status}", p.patient),
            }),
        }
        let m = p.msi_status.as_deref().unwrap_or("not assessed");
        let fill = match m {
            "MSI-H" => "#b3261e",
            "MSS" => "#9fb3c8",
            "indeterminate" => "#f2c14e",
            _ => NOT_GIVEN,
        };
        msi.cells.push(TrackCell {
            x,
            y: f64::from(msi.y + 1),
            h: inner,
            fill,
            title: format!("{}: MSI {m}", p.patient),
        });
    }
    ty.legend = order
        .iter()
        .take(TYPE_COLOURS.len())
        .enumerate()
        .map(|(i, (t, n))| LegendItem {
            label: if i == TYPE_COLOURS.len() - 1 && order.len() > TYPE_COLOURS.len() {
                format!("{} other types", order.len() - i)
            } else {
                format!("{t} ({n})")
            },
            fill: TYPE_COLOURS[i],
        })
        .collect();
    tmb.legend = vec![
        LegendItem {
            label: "TMB-high".into(),
            fill: "#b3261e",
        },
        LegendItem {
            label: "not high (bar height: log scale)".into(),
            fill: "#1f5fa8",
        },
    ];
    msi.legend = vec![
        LegendItem {
            label: "MSI-H".into(),
            fill: "#b3261e",
        },
        LegendItem {
            label: "MSS".into(),
            fill: "#9fb3c8",
        },
        LegendItem {
            label: "indeterminate".into(),
            fill: "#f2c14e",
        },
        LegendItem {
            label: "not assessed / not given".into(),
            fill: NOT_GIVEN,
        },
    ];
    vec![ty, tmb, msi]
}
