//! The cohort overview page (`cohort.html`): one row per patient (or its failure), an
//! oncoprint-style gene × patient matrix of driver alterations (inline SVG; the most frequent
//! [`MAX_GENES`] genes, the first [`MAX_MATRIX_PATIENTS`] patients by number of altered genes) and a
//! TMB histogram. Self-contained like the patient page; values are escaped by the template.

use super::render::RenderOptions;
use minijinja::value::{Serde, Value};
use serde::Serialize;
use std::collections::BTreeMap;

pub(super) const TEMPLATE: &str = include_str!("templates/cohort.html");

/// Genes shown in the matrix.
pub(crate) const MAX_GENES: usize = 30;
/// Patients (columns) shown in the matrix; the table lists every patient.
pub(crate) const MAX_MATRIX_PATIENTS: usize = 150;
const CELL_H: f64 = 14.0;
const LABEL_W: f64 = 70.0;
const FREQ_W: f64 = 60.0;

/// One patient of the cohort page.
#[derive(Debug, Clone, Serialize, Default)]
pub(crate) struct CohortPatient {
    pub patient: String,
    pub(crate) ok: bool,
    pub tumor_type: Option<String>,
    pub(crate) tmb_value: Option<f64>,
    pub(crate) tmb_status: Option<String>,
    pub(crate) msi_status: Option<String>,
    pub(crate) drivers: Vec<String>,
    pub(crate) best_amp_tier: Option<String>,
    pub(crate) top_therapies: Vec<String>,
    pub error: Option<String>,
    /// Relative link to the patient's HTML report, when written.
    pub(crate) link: Option<String>,
    /// Genes with a driver alteration (deduplicated, sorted).
    pub(crate) driver_genes: Vec<String>,
}

#[derive(Serialize)]
struct Cell {
    x: f64,
    y: f64,
}

#[derive(Serialize)]
struct GeneRow {
    gene: String,
    y: f64,
    count: usize,
    percent: String,
    bar: f64,
}

#[derive(Serialize)]
struct Bar {
    x: f64,
    y: f64,
    h: f64,
    count: usize,
    label: String,
}

#[derive(Serialize)]
struct Matrix {
    width: f64,
    height: f64,
    grid_x: f64,
    grid_w: f64,
    freq_x: f64,
    genes: Vec<GeneRow>,
    cells: Vec<Cell>,
    columns: Vec<Cell>,
    cell_w: f64,
    shown: usize,
    total_ok: usize,
    genes_total: usize,
}

fn matrix(patients: &[CohortPatient]) -> Matrix {
    let ok: Vec<&CohortPatient> = patients.iter().filter(|p| p.ok).collect();
    let mut freq: BTreeMap<&str, usize> = BTreeMap::new();
    for p in &ok {
        for g in &p.driver_genes {
            *freq.entry(g).or_default() += 1;
        }
    }
    let mut genes: Vec<(&str, usize)> = freq.into_iter().collect();
    genes.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let genes_total = genes.len();
    genes.truncate(MAX_GENES);
    let rank = |p: &CohortPatient| -> Vec<bool> {
        genes
            .iter()
            .map(|(g, _)| p.driver_genes.iter().any(|x| x == g))
            .collect()
    };
    // Oncoprint order: by the altered-gene pattern (most frequent gene first), then patient.
    let mut cols: Vec<(Vec<bool>, &CohortPatient)> = ok.iter().map(|p| (rank(p), *p)).collect();
    cols.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.patient.cmp(&b.1.patient)));
    cols.truncate(MAX_MATRIX_PATIENTS);
    let n = ok.len().max(1);
    // Cells 8–24 px wide: a small cohort stays legible, a large one fits about 1,200 px.
    let cell_w = (600.0 / cols.len().max(1) as f64).clamp(8.0, 24.0).floor();
    let grid_x = LABEL_W;
    let grid_w = cols.len() as f64 * cell_w;
    let freq_x = grid_x + grid_w + 6.0;
    let mut cells = Vec::new();
    for (ci, (pattern, _)) in cols.iter().enumerate() {
        for (gi, hit) in pattern.iter().enumerate() {
            if *hit {
                cells.push(Cell {
                    x: grid_x + ci as f64 * cell_w,
                    y: gi as f64 * CELL_H,
                });
            }
        }
    }
    let columns = (0..cols.len())
        .map(|ci| Cell {
            x: grid_x + ci as f64 * cell_w,
            y: 0.0,
        })
        .collect();
    let gene_rows = genes
        .iter()
        .enumerate()
        .map(|(i, (g, c))| GeneRow {
            gene: g.to_string(),
            y: i as f64 * CELL_H,
            count: *c,
            percent: format!("{:.0} %", *c as f64 * 100.0 / n as f64),
            bar: (*c as f64 / n as f64 * FREQ_W * 10.0).round() / 10.0,
        })
        .collect();
    Matrix {
        width: freq_x + FREQ_W + 40.0,
        height: (genes.len() as f64 * CELL_H).max(CELL_H),
        grid_x,
        grid_w,
        freq_x,
        genes: gene_rows,
        cells,
        columns,
        cell_w,
        shown: cols.len(),
        total_ok: ok.len(),
        genes_total,
    }
}

/// TMB histogram: bins of 2 mut/Mb from 0 to 40, and one bin for ≥ 40.
fn histogram(patients: &[CohortPatient]) -> (Vec<Bar>, usize) {
    const BINS: usize = 21;
    let mut counts = [0usize; BINS];
    let mut n = 0;
    for v in patients.iter().filter_map(|p| p.tmb_value).filter(|v| v.is_finite()) {
        let i = ((v.max(0.0) / 2.0).floor() as usize).min(BINS - 1);
        counts[i] += 1;
        n += 1;
    }
    let max = counts.iter().copied().max().unwrap_or(0).max(1) as f64;
    let bars = counts
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let h = (*c as f64 / max * 120.0 * 10.0).round() / 10.0;
            Bar {
                x: 40.0 + i as f64 * 24.0,
                y: 130.0 - h,
                h,
                count: *c,
                label: if i == BINS - 1 {
                    "≥40".into()
                } else {
                    format!("{}", i * 2)
                },
            }
        })
        .collect();
    (bars, n)
}

/// Render the cohort page.
pub fn render(patients: &[CohortPatient], ro: &RenderOptions) -> Result<String, minijinja::Error> {
    let failed = patients.iter().filter(|p| !p.ok).count();
    let (bars, with_tmb) = histogram(patients);
    let ctx = minijinja::context! {
        patients => Value::from(Serde(&patients)),
        failed => Value::from(Serde(&failed)),
        date => Value::from(Serde(&ro.report_date)),
        style => Value::from(Serde(&super::html::STYLE)),
        disclaimer => Value::from(Serde(&super::DISCLAIMER)),
        matrix => Value::from(Serde(&matrix(patients))),
        bars => Value::from(Serde(&bars)),
        with_tmb => Value::from(Serde(&with_tmb)),
        cell_h => Value::from(Serde(&CELL_H)),
        tool_version => Value::from(Serde(&crate::TOOL_VERSION)),
    };
    super::html::env().get_template("cohort.html")?.render(ctx)
}
