//! The cohort overview page (`cohort.html`): an oncoprint of the most often altered genes (drivers
//! and VUS, cBioPortal's alteration classes and colours, a legend, a VUS toggle, each cell with an
//! SVG `<title>` and a link to the patient), clinical tracks (tumour type, TMB, MSI), a TMB
//! histogram with log-scale bins that adapt to the data, a signatures heatmap when the reports
//! carry fits, and a table of the patients (or their failures).
//!
//! The page is built one patient at a time ([`CohortPage`]) and stays usable at any cohort size:
//! the oncoprint, its tracks, the heatmap and the table show at most [`MAX_SHOWN`] patients, the
//! most altered first (drivers, then drawn alterations; ties in input order), and at most
//! [`page::MAX_FAILED_SHOWN`] failures, with a note "showing N of M; the full cohort is in cohort.tsv".
//! The gene frequencies and the TMB histogram count every patient (streamed counters: the gene
//! counts and one TMB value per patient, never the rows).
//!
//! Self-contained like the patient page: nothing is fetched and values are escaped by the template.
//! A little inline JavaScript sorts and filters the table; with it off, the page shows everything
//! (the VUS toggle is plain CSS).
//!
//! - [`inputs`]: what the page takes from one report (alteration classes, signature shares);
//! - [`oncoprint`]: the gene × patient grid and the clinical tracks;
//! - [`heatmap`]: the signatures heatmap.

mod heatmap;
mod inputs;
mod oncoprint;
mod page;

pub(crate) use inputs::{alterations_of, signatures_of, AltClass};
pub(crate) use page::{CohortPage, MAX_SHOWN};

use super::render::RenderOptions;
use minijinja::value::{Serde, Value};
use serde::Serialize;
use std::collections::BTreeMap;

pub(super) const TEMPLATE: &str = include_str!("templates/cohort.html");

/// One alteration drawn in the oncoprint.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct CohortAlteration {
    pub gene: String,
    pub class: AltClass,
    /// `KRAS p.G12D`, `ERBB2 amplification`, `EML4::ALK fusion`.
    pub label: String,
    /// `oncogenic`, `likely oncogenic` or `VUS`.
    pub oncogenicity: &'static str,
    pub driver: bool,
}

/// The SBS96 fit of one patient (shares of its catalogue).
#[derive(Debug, Clone, Serialize)]
pub(crate) struct PatientSignatures {
    pub reference: String,
    pub mutations: f64,
    /// `not enough mutations`, or empty.
    pub note: String,
    pub shares: Vec<(String, f64)>,
}

/// One patient of the cohort page.
#[derive(Debug, Clone, Serialize, Default)]
pub(crate) struct CohortPatient {
    pub patient: String,
    pub ok: bool,
    pub tumor_type: Option<String>,
    pub tmb_value: Option<f64>,
    pub tmb_status: Option<String>,
    pub msi_status: Option<String>,
    pub drivers: Vec<String>,
    pub best_amp_tier: Option<String>,
    pub top_therapies: Vec<String>,
    pub error: Option<String>,
    /// Relative link to the patient's HTML report, when written.
    pub link: Option<String>,
    /// The alterations the oncoprint can draw (drivers and VUS; likely benign left out).
    pub alterations: Vec<CohortAlteration>,
    pub signatures: Option<PatientSignatures>,
}

/// A value for people: one decimal, no trailing `.0` lost (`12.3`, `0.0`).
pub(crate) fn one_decimal(v: f64) -> String {
    format!("{v:.1}")
}

#[derive(Serialize)]
struct Bar {
    x: f64,
    w: f64,
    y: f64,
    h: f64,
    count: usize,
    range: String,
}

#[derive(Serialize)]
struct Tick {
    x: f64,
    label: String,
}

#[derive(Serialize)]
struct Histogram {
    bars: Vec<Bar>,
    ticks: Vec<Tick>,
    with_tmb: usize,
    zero: usize,
    bins: usize,
}

const HIST_X: f64 = 40.0;
const HIST_W: f64 = 500.0;
const HIST_BASE: f64 = 130.0;

/// Two significant digits, for bin edges.
fn sig2(v: f64) -> String {
    if v >= 10.0 {
        format!(
            "{:.0}",
            (v / 10f64.powf(v.log10().floor() - 1.0)).round() * 10f64.powf(v.log10().floor() - 1.0)
        )
    } else if v >= 1.0 {
        format!("{v:.1}")
    } else {
        format!("{v:.2}")
    }
}

/// TMB histogram on a log scale: Sturges' number of bins (4–24) between the smallest and largest
/// positive value, and one bar for TMB 0.
fn histogram(values: &[f64]) -> Histogram {
    let zero = values.iter().filter(|v| **v <= 0.0).count();
    let logs: Vec<f64> = values.iter().filter(|v| **v > 0.0).map(|v| v.log10()).collect();
    let mut h = Histogram {
        bars: vec![],
        ticks: vec![],
        with_tmb: values.len(),
        zero,
        bins: 0,
    };
    if values.is_empty() {
        return h;
    }
    let (mut lo, mut hi) = logs
        .iter()
        .fold((f64::MAX, f64::MIN), |(a, b), x| (a.min(*x), b.max(*x)));
    if logs.is_empty() {
        (lo, hi) = (0.0, 1.0);
    }
    if hi - lo < 0.5 {
        let mid = (hi + lo) / 2.0;
        (lo, hi) = (mid - 0.25, mid + 0.25);
    }
    let k = ((logs.len().max(1) as f64).log2().ceil() as usize + 1).clamp(4, 24);
    let step = (hi - lo) / k as f64;
    let mut counts = vec![0usize; k];
    for x in &logs {
        counts[(((x - lo) / step).floor() as usize).min(k - 1)] += 1;
    }
    let slots = k + usize::from(zero > 0);
    let w = HIST_W / slots as f64;
    let max = counts.iter().copied().chain([zero]).max().unwrap_or(1).max(1) as f64;
    let bar = |slot: usize, count: usize, range: String| {
        let bh = (count as f64 / max * 110.0 * 10.0).round() / 10.0;
        Bar {
            x: HIST_X + slot as f64 * w,
            w: (w - 2.0).max(1.0),
            y: HIST_BASE - bh,
            h: bh,
            count,
            range,
        }
    };
    if zero > 0 {
        h.bars.push(bar(0, zero, "0".into()));
        h.ticks.push(Tick {
            x: HIST_X + w / 2.0,
            label: "0".into(),
        });
    }
    let x0 = HIST_X + (slots - k) as f64 * w;
    for (i, c) in counts.iter().enumerate() {
        let (a, b) = (10f64.powf(lo + i as f64 * step), 10f64.powf(lo + (i + 1) as f64 * step));
        h.bars.push(bar(slots - k + i, *c, format!("{}–{}", sig2(a), sig2(b))));
    }
    // Ticks at the powers of ten (and 2×, 5× when the range is under 1.5 decades).
    let span = hi - lo;
    for e in (lo.floor() as i32)..=(hi.ceil() as i32) {
        for m in [1.0, 2.0, 5.0] {
            if m != 1.0 && span >= 1.5 {
                continue;
            }
            let v = m * 10f64.powi(e);
            let l = v.log10();
            if l >= lo - 1e-9 && l <= hi + 1e-9 {
                let x = x0 + (l - lo) / span * (k as f64 * w);
                h.ticks.push(Tick {
                    x: (x * 10.0).round() / 10.0,
                    label: sig2(v),
                });
            }
        }
    }
    h.bins = k;
    h
}

#[derive(Serialize)]
struct Row<'a> {
    p: &'a CohortPatient,
    tmb: String,
    drivers: usize,
}

/// What the page counted over every patient (the shown ones are passed beside it).
pub(crate) struct Totals<'a> {
    pub patients: usize,
    pub failed: usize,
    pub ok: usize,
    pub genes: &'a BTreeMap<String, (usize, usize)>,
    pub tmb: &'a [f64],
}

/// Render the page: `shown` are the patients drawn and listed, `t` the counts over all.
fn render_page(shown: &[CohortPatient], t: &Totals, ro: &RenderOptions) -> Result<String, minijinja::Error> {
    let shown_ok = shown.iter().filter(|p| p.ok).count();
    let shown_failed = shown.len() - shown_ok;
    let rows: Vec<Row> = shown
        .iter()
        .map(|p| Row {
            p,
            tmb: p
                .tmb_value
                .filter(|v| v.is_finite())
                .map(one_decimal)
                .unwrap_or_default(),
            drivers: p.drivers.len(),
        })
        .collect();
    let ctx = minijinja::context! {
        rows => Value::from(Serde(&rows)),
        patients_n => Value::from(t.patients),
        failed => Value::from(t.failed),
        shown_ok => Value::from(shown_ok),
        shown_failed => Value::from(shown_failed),
        capped => Value::from(shown_ok < t.ok || shown_failed < t.failed),
        date => Value::from(Serde(&ro.report_date)),
        style => Value::from(Serde(&super::html::STYLE)),
        disclaimer => Value::from(Serde(&super::DISCLAIMER)),
        onco => Value::from(Serde(&oncoprint::oncoprint(shown, t.genes, t.ok))),
        hist => Value::from(Serde(&histogram(t.tmb))),
        heat => Value::from(Serde(&heatmap::heatmap(shown))),
        cell_h => Value::from(oncoprint::CELL_H),
        panel_w => Value::from(oncoprint::PANEL_W),
        tool_version => Value::from(Serde(&crate::TOOL_VERSION)),
    };
    super::html::env().get_template("cohort.html")?.render(ctx)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_tmb(values: &[f64]) -> Vec<f64> {
        values.to_vec()
    }

    #[test]
    fn tmb_bins_adapt_to_the_data_on_a_log_scale() {
        // 200 patients from 0.5 to 50 mut/Mb: Sturges gives ceil(log2 200) + 1 = 9 bins.
        let v: Vec<f64> = (0..200).map(|i| 0.5 * 100f64.powf(i as f64 / 199.0)).collect();
        let h = histogram(&with_tmb(&v));
        assert_eq!(h.bins, 9);
        assert_eq!(h.bars.len(), 9);
        assert_eq!(h.bars.iter().map(|b| b.count).sum::<usize>(), 200);
        // Evenly spread in log space: no bin holds everything (the old 2-mut/Mb bins put 40 % in one).
        assert!(
            h.bars.iter().all(|b| b.count >= 20 && b.count <= 25),
            "{:?}",
            h.bars.iter().map(|b| b.count).collect::<Vec<_>>()
        );
        assert_eq!(h.bars[0].range, "0.50–0.83");
        let labels: Vec<&str> = h.ticks.iter().map(|t| t.label.as_str()).collect();
        assert_eq!(labels, ["1.0", "10"]);
    }

    #[test]
    fn tmb_zero_gets_its_own_bar_and_equal_values_one_range() {
        let h = histogram(&with_tmb(&[0.0, 0.0, 3.0, 3.0, 3.0]));
        assert_eq!(h.zero, 2);
        assert_eq!(h.bars[0].range, "0");
        assert_eq!(h.bars[0].count, 2);
        assert_eq!(h.bars.iter().map(|b| b.count).sum::<usize>(), 5);
        assert_eq!(h.bins, 4);
    }

    #[test]
    fn no_tmb_no_bars() {
        let h = histogram(&[]);
        assert!(h.bars.is_empty());
    }
}
