//! The cohort outputs beyond `cohort.tsv` / `cohort.json`, written when asked (`--formats`):
//! `cohort.html` (overview page) and `cohort_alterations.tsv` (every patient's alterations, the
//! layout of `report -O tsv`). Built from the cohort rows and the per-patient JSON reports, one
//! at a time.

use super::cohort::read_report;
use super::{CohortRow, CohortRows};
use crate::error::{Error, Result};
use crate::output::{write_regular, write_regular_with};
use crate::report::cohort_html::{self, CohortAlteration, CohortPage, CohortPatient};
use crate::report::{tsv, Format, RenderOptions};
use std::path::Path;

pub const COHORT_HTML: &str = "cohort.html";
pub const COHORT_ALTERATIONS_TSV: &str = "cohort_alterations.tsv";

/// A relative link from `outdir` to the HTML report beside `json` (same directory only).
fn html_link(outdir: &Path, json: &Path) -> Option<String> {
    let html = json.with_extension(Format::Html.extension());
    if !html.is_file() {
        return None;
    }
    let parent = html
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let same = std::fs::canonicalize(parent).ok()? == std::fs::canonicalize(outdir).ok()?;
    let name = html.file_name()?.to_string_lossy().into_owned();
    let enc = percent_encoding::utf8_percent_encode(&name, percent_encoding::NON_ALPHANUMERIC).to_string();
    // `.`, `_` and `-` need no encoding; keep the names readable.
    let enc = enc.replace("%2E", ".").replace("%5F", "_").replace("%2D", "-");
    same.then(|| format!("./{enc}"))
}

/// A driver label of the cohort row (`KRAS p.G12D (oncogenic)`) as an alteration of class `other`.
fn fallback_alteration(label: &str) -> Option<CohortAlteration> {
    let gene = label.split_whitespace().next()?.to_string();
    let (text, onc) = match label.rsplit_once(" (") {
        Some((t, o)) if o.ends_with(')') => (t.to_string(), o.trim_end_matches(')')),
        _ => (label.to_string(), "oncogenic"),
    };
    Some(CohortAlteration {
        gene,
        class: cohort_html::AltClass::Other,
        label: text,
        oncogenicity: if onc == "likely_oncogenic" {
            "likely oncogenic"
        } else {
            "oncogenic"
        },
        driver: true,
    })
}

/// One cohort row through the outputs: its alterations into the TSV, the patient onto the page.
fn visit<W: std::io::Write>(
    outdir: &Path,
    row: CohortRow,
    tsv_out: Option<&mut csv::Writer<W>>,
    page: Option<&mut CohortPage>,
) -> Result<()> {
    let report = match (row.is_ok(), row.report.as_deref()) {
        (true, Some(p)) => read_report(Path::new(p)).ok(),
        _ => None,
    };
    if let (Some(w), Some(r)) = (tsv_out, &report) {
        tsv::write_rows(w, r).map_err(|e| Error::output(outdir.join(COHORT_ALTERATIONS_TSV), e))?;
    }
    let Some(page) = page else {
        return Ok(());
    };
    // The page's inputs: what the report lists (drivers, VUS, copy number, fusions); without a
    // readable report, the row's driver labels (`KRAS p.G12D (oncogenic)`) as class `other`.
    let alterations = match &report {
        Some(r) => cohort_html::alterations_of(r),
        None => row.drivers.iter().filter_map(|d| fallback_alteration(d)).collect(),
    };
    let link = if row.is_ok() {
        row.report.as_deref().and_then(|p| html_link(outdir, Path::new(p)))
    } else {
        None
    };
    page.add(CohortPatient {
        ok: row.is_ok(),
        patient: row.patient,
        tumor_type: row.tumor_type,
        tmb_value: row.tmb_value,
        tmb_status: row.tmb_status,
        msi_status: row.msi_status,
        drivers: row.drivers,
        best_amp_tier: row.best_amp_tier,
        top_therapies: row.top_therapies,
        error: row.error,
        link,
        alterations,
        signatures: report.as_ref().and_then(cohort_html::signatures_of),
    });
    Ok(())
}

/// Write the cohort outputs `formats` asks for: `cohort.html` for html, `cohort_alterations.tsv`
/// for tsv (nothing for json: `cohort.tsv` / `cohort.json` are always written). One pass over
/// the rows, one report read at a time: the TSV is streamed to its file, the page keeps counters
/// and its [`cohort_html::MAX_SHOWN`] patients ([`CohortPage`]).
pub fn write_cohort_extras(outdir: &Path, rows: &mut CohortRows, formats: &[Format], ro: &RenderOptions) -> Result<()> {
    let html = formats.contains(&Format::Html);
    let want_tsv = formats.contains(&Format::Tsv);
    if !html && !want_tsv {
        return Ok(());
    }
    let mut page = html.then(|| CohortPage::new(cohort_html::MAX_SHOWN));
    if want_tsv {
        let mut failure = None;
        let written = write_regular_with(&outdir.join(COHORT_ALTERATIONS_TSV), |w| {
            let mut tw = tsv::writer(w);
            tw.write_record(tsv::COLUMNS)?;
            if let Err(e) = rows.for_each(|row| visit(outdir, row, Some(&mut tw), page.as_mut())) {
                failure = Some(e);
                return Err(std::io::Error::other("a cohort row could not be read"));
            }
            tw.flush()
        });
        if let Some(e) = failure {
            return Err(e);
        }
        written?;
    } else {
        rows.for_each(|row| visit(outdir, row, None::<&mut csv::Writer<std::io::Sink>>, page.as_mut()))?;
    }
    if let Some(page) = page {
        let text = page.render(ro).map_err(|e| Error::Internal(e.to_string()))?;
        write_regular(&outdir.join(COHORT_HTML), text.as_bytes())?;
    }
    Ok(())
}
