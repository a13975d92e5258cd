//! Render-time values and the plain-language helpers shared by the HTML and TSV outputs.
//!
//! The report date is a render-time value: it is never put into the JSON. It is `--report-date`
//! when given, else the date of `SOURCE_DATE_EPOCH` (reproducible builds convention), else today
//! in UTC.

use super::{AmpTier, EscatTier, TherapyContext, TherapyMatch};
use serde::Serialize;

/// Values that belong to one rendering, not to the report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderOptions {
    /// `YYYY-MM-DD`.
    pub(crate) report_date: String,
}

impl RenderOptions {
    /// The date from `SOURCE_DATE_EPOCH` when set (and valid), else today in UTC.
    pub(crate) fn from_env() -> RenderOptions {
        let secs = std::env::var("SOURCE_DATE_EPOCH")
            .ok()
            .and_then(|s| s.trim().parse::<i64>().ok())
            .unwrap_or_else(|| {
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map(|d| d.as_secs() as i64)
                    .unwrap_or(0)
            });
        RenderOptions {
            report_date: date_of_epoch(secs),
        }
    }

    /// `--report-date YYYY-MM-DD` when given, else [`RenderOptions::from_env`].
    pub fn new(report_date: Option<&str>) -> Result<RenderOptions, DateError> {
        match report_date {
            Some(d) => check_date(d).map(|()| RenderOptions {
                report_date: d.to_string(),
            }),
            None => Ok(RenderOptions::from_env()),
        }
    }
}

/// A `--report-date` that is not a calendar date `YYYY-MM-DD`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("--report-date must be a date YYYY-MM-DD, got '{0}'")]
pub struct DateError(pub String);

/// Check a `YYYY-MM-DD` calendar date.
pub(crate) fn check_date(d: &str) -> Result<(), DateError> {
    let bad = || DateError(d.to_string());
    let b = d.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return Err(bad());
    }
    let num = |r: std::ops::Range<usize>| {
        d.get(r)
            .filter(|s| s.bytes().all(|c| c.is_ascii_digit()))
            .and_then(|s| s.parse::<u32>().ok())
    };
    let (Some(y), Some(m), Some(day)) = (num(0..4), num(5..7), num(8..10)) else {
        return Err(bad());
    };
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return Err(bad()),
    };
    if day == 0 || day > days {
        return Err(bad());
    }
    Ok(())
}

/// `YYYY-MM-DD` (UTC) of a Unix time (Howard Hinnant's `civil_from_days`).
pub(crate) fn date_of_epoch(secs: i64) -> String {
    let z = secs.div_euclid(86_400) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

/// What a therapy match's tier and context mean, in plain words.
pub(crate) fn tier_meaning(t: &TherapyMatch) -> &'static str {
    if t.escat_tier == EscatTier::X {
        return "demoted: a resistance alteration is present";
    }
    if t.confirmation_required {
        return "if confirmed: confirm MSI/dMMR by IHC or PCR";
    }
    match t.context {
        TherapyContext::OnLabel if t.amp_tier == AmpTier::IA => "approved in this tumour type",
        TherapyContext::OnLabel => "guideline or trial evidence in this tumour type",
        TherapyContext::TissueAgnostic => "approved for any solid tumour",
        TherapyContext::OffLabel => "approved in another tumour type",
        TherapyContext::Investigational => "clinical trial evidence",
        TherapyContext::TumorTypeUnknown => "tumour type unknown",
    }
}

/// A note without the rule identifiers people do not read (`also: RULE-ID (…); …`).
pub(crate) fn note_text(note: &str) -> String {
    let cut = note.find(" also: ").or_else(|| note.strip_prefix("also: ").map(|_| 0));
    let s = match cut {
        Some(i) => &note[..i],
        None => note,
    };
    s.trim().to_string()
}

/// A reference: its text and, for `PMID:n`, its PubMed address; for FDA labels, the Drugs@FDA search.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Reference {
    pub text: String,
    pub(crate) url: Option<String>,
}

pub fn reference(r: &str) -> Reference {
    let pmid = r
        .strip_prefix("PMID:")
        .map(str::trim)
        .filter(|n| !n.is_empty() && n.bytes().all(|c| c.is_ascii_digit()));
    let url = match pmid {
        Some(n) => Some(format!("https://pubmed.ncbi.nlm.nih.gov/{n}/")),
        None if r.starts_with("FDA label") => Some("https://www.accessdata.fda.gov/scripts/cder/daf/".to_string()),
        None => None,
    };
    Reference {
        text: r.to_string(),
        url,
    }
}

/// Whether a sensitivity entry may be shown among the leading options: neither demoted by a
/// resistance alteration (ESCAT X) nor resting on a low-confidence biomarker call.
pub(crate) fn leads(t: &TherapyMatch) -> bool {
    t.escat_tier != EscatTier::X && !t.confirmation_required
}

/// The MSI status as the summaries show it: a low-confidence MSI-H call says so.
pub(crate) fn msi_summary(r: &super::Report) -> String {
    match r.biomarkers.msi.as_ref() {
        Some(m)
            if m.status == crate::biomarkers::MsiStatus::MsiH && m.confidence == crate::biomarkers::Confidence::Low =>
        {
            "MSI-H (low confidence: confirm)".to_string()
        }
        _ => r.summary.msi_status.clone(),
    }
}

/// The one-line human summary of a report (stderr after `report`). Its driver count is every
/// driver call: small variants, copy-number events (`--cna`) and fusions (`--sv`), each named once.
pub fn summary_line(r: &super::Report) -> String {
    // One line for a person: the first drivers, and how many more the report lists.
    const SHOWN: usize = 10;
    // Every small-variant driver is held in memory.
    let small = r.alterations.in_memory().iter().filter(|a| a.driver).map(|a| {
        let g = a.gene.as_deref().unwrap_or("?");
        match &a.protein_change {
            Some(p) => format!("{g} {p}"),
            None => g.to_string(),
        }
    });
    let cn = r
        .copy_number
        .iter()
        .flat_map(|c| &c.events)
        .filter(|e| e.driver)
        .map(|e| format!("{} {}", e.gene, e.call.replace('_', " ")));
    let sv = r
        .fusions
        .iter()
        .flat_map(|f| &f.events)
        .filter(|e| e.driver)
        .map(|e| e.name.clone());
    let all: Vec<String> = small.chain(cn).chain(sv).collect();
    let drivers = if all.is_empty() {
        "no driver".to_string()
    } else {
        let mut genes: Vec<String> = all.iter().take(SHOWN).cloned().collect();
        let more = all.len().saturating_sub(SHOWN);
        if more > 0 {
            genes.push(format!("and {more} more in the report"));
        }
        format!("{} driver(s) ({})", all.len(), genes.join(", "))
    };
    let tmb = match r.biomarkers.tmb.as_ref() {
        Some(t) => match t.value {
            Some(v) => match &t.reference_distribution {
                Some(d) => format!(
                    "TMB {} mut/Mb ({}; percentile {:.0} of {} {})",
                    tmb1(v),
                    t.status,
                    d.percentile,
                    d.n,
                    d.tumor_type
                ),
                None => format!("TMB {} mut/Mb ({})", tmb1(v), t.status),
            },
            None => format!("TMB {}", t.status),
        },
        None => format!("TMB {}", r.summary.tmb_status),
    };
    let msi = format!("MSI {}", msi_summary(r));
    // A demoted entry or one resting on a weak call never leads.
    let therapy = match r.therapies.sensitivity.iter().find(|t| leads(t)) {
        Some(t) => format!("leading therapy {} [{}, {}]", t.therapy, t.amp_tier, tier_meaning(t)),
        None if r.therapies.sensitivity.is_empty() => "no matched therapy".to_string(),
        None => format!(
            "no leading therapy ({} demoted or to confirm)",
            r.therapies.sensitivity.len()
        ),
    };
    let n = r.warnings.len();
    let cn = r.copy_number.as_ref().map(copy_number_summary).unwrap_or_default();
    let sv = r.fusions.as_ref().map(fusion_summary).unwrap_or_default();
    let line = format!(
        "oncoprofile: {}: {drivers};{cn}{sv} {tmb}; {msi}; {therapy}; {n} warning{}",
        r.patient.id,
        if n == 1 { "" } else { "s" }
    );
    cell(&line)
}

/// ` copy number: ERBB2 amplification, RB1 homozygous deletion;` (the driver events first, at
/// most ten), or ` copy number: no call;`. Empty without copy-number input.
fn copy_number_summary(c: &super::copy_number::CopyNumber) -> String {
    const SHOWN: usize = 10;
    if c.events.is_empty() {
        return " copy number: no call;".into();
    }
    let mut ev: Vec<&super::copy_number::CopyNumberEvent> = c.events.iter().collect();
    ev.sort_by_key(|e| !e.driver);
    let mut names: Vec<String> = ev
        .iter()
        .take(SHOWN)
        .map(|e| format!("{} {}", e.gene, e.call.replace('_', " ")))
        .collect();
    if ev.len() > SHOWN {
        names.push(format!("and {} more in the report", ev.len() - SHOWN));
    }
    format!(" copy number: {};", names.join(", "))
}

/// ` fusions: EML4::ALK, ALK::EML4 (reciprocal), KIF5B::RET (RET kinase domain lost);` (at most
/// ten), or ` fusions: none;`. Empty
/// without fusion input.
fn fusion_summary(f: &super::fusions::Fusions) -> String {
    const SHOWN: usize = 10;
    if f.events.is_empty() {
        return " fusions: none;".into();
    }
    let mut names: Vec<String> = f
        .events
        .iter()
        .take(SHOWN)
        .map(|e| {
            let lost = e.domains.iter().find(|d| d.status == "lost");
            match (e.intragenic_event.as_deref(), e.orientation.as_str(), lost) {
                (Some(label), _, _) => format!("{} ({label})", e.name),
                (None, _, Some(d)) => format!("{} ({} {} lost)", e.name, d.gene, d.domain),
                (None, "oncogenic" | "unknown", None) => e.name.clone(),
                (None, o, None) => format!("{} ({o})", e.name),
            }
        })
        .collect();
    if f.events.len() > SHOWN {
        names.push(format!("and {} more in the report", f.events.len() - SHOWN));
    }
    format!(" fusions: {};", names.join(", "))
}

/// A number for people: three significant digits at most (`0.1053` → `0.105`, `12.345` →
/// `12.3`, `1234.6` → `1235`), trailing zeros dropped. The JSON keeps full precision.
pub fn sig3(x: f64) -> String {
    if !x.is_finite() {
        return x.to_string();
    }
    if x == 0.0 {
        return "0".into();
    }
    let d = x.abs().log10().floor() as i32;
    let decimals = (2 - d).clamp(0, 6) as usize;
    let s = format!("{x:.decimals$}");
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    }
}

/// A TMB value for people: one decimal (`96.4667` → `96.5`).
pub fn tmb1(x: f64) -> String {
    format!("{x:.1}")
}

/// The filter removals as people read them: `4 alleles removed: depth < 20`.
pub fn removed_text(f: &super::FilterSettings) -> Vec<String> {
    f.removed
        .iter()
        .map(|c| {
            let why = match c.key.as_str() {
                "depth_below_min" => format!("depth < {}", f.min_depth),
                "alt_reads_below_min" => format!("alt reads < {}", f.min_alt_reads),
                "vaf_below_min" => format!("VAF < {} %", sig3(f.min_vaf * 100.0)),
                "filter_not_pass" => "FILTER not PASS".to_string(),
                "symbolic_or_structural_allele" => "symbolic or structural allele".to_string(),
                k => k.replace('_', " "),
            };
            let n = c.count;
            format!("{n} allele{} removed: {why}", if n == 1 { "" } else { "s" })
        })
        .collect()
}

/// A TSV cell: tabs and line breaks become spaces.
pub(crate) fn cell(s: &str) -> String {
    s.replace(['\t', '\n', '\r'], " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(date_of_epoch(0), "1970-01-01");
        assert_eq!(date_of_epoch(951_782_400), "2000-02-29");
        assert_eq!(date_of_epoch(1_700_000_000), "2023-11-14");
        assert!(check_date("2024-02-29").is_ok());
        assert!(check_date("2023-02-29").is_err());
        assert!(check_date("2023-1-01").is_err());
        assert!(check_date("yyyy-mm-dd").is_err());
    }

    #[test]
    fn notes_and_references() {
        assert_eq!(
            note_text("Text. also: TA-X (tissue_agnostic, fda); Y (off_label)."),
            "Text."
        );
        assert_eq!(note_text("Plain."), "Plain.");
        assert_eq!(
            reference("PMID:123").url.as_deref(),
            Some("https://pubmed.ncbi.nlm.nih.gov/123/")
        );
        assert_eq!(reference("PMID:12x").url, None);
    }

    #[test]
    fn numbers_for_people() {
        assert_eq!(sig3(0.1053), "0.105");
        assert_eq!(sig3(0.395), "0.395");
        assert_eq!(sig3(12.345), "12.3");
        assert_eq!(sig3(1234.6), "1235");
        assert_eq!(sig3(2.0), "2");
        assert_eq!(sig3(0.0), "0");
        assert_eq!(tmb1(96.4667), "96.5");
    }
}
