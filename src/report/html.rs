//! HTML output: one self-contained page (inline CSS and SVG, nothing fetched; one inline script
//! only opens the `<details>` for printing, which the print stylesheet also does without it),
//! print-friendly and readable on a phone. Rendered by a minijinja template with HTML
//! auto-escaping: every value from the VCF, the manifest or the command line is text, never markup.

use super::render::{leads, note_text, reference, removed_text, sig3, tier_meaning, tmb1, Reference, RenderOptions};
use super::tsv::{oncogenicity_name, therapies_of};
use super::{AlterationOut, Report, TherapyMatch, TmbStatus};
use minijinja::value::Serde;
use minijinja::{context, Environment, Value};
use serde::Serialize;
use std::io::Write;
use std::sync::OnceLock;

/// The shared stylesheet (also used by the cohort page).
pub(super) const STYLE: &str = include_str!("templates/style.css");
const TEMPLATE: &str = include_str!("templates/report.html");

/// The template environment: auto-escaping for `.html` templates (minijinja's default).
pub(super) fn env() -> &'static Environment<'static> {
    static ENV: OnceLock<Environment<'static>> = OnceLock::new();
    ENV.get_or_init(|| {
        let mut env = Environment::new();
        env.set_auto_escape_callback(|name| {
            if name.ends_with(".html") {
                minijinja::AutoEscape::Html
            } else {
                minijinja::AutoEscape::None
            }
        });
        // The templates are compiled into the binary (include_str!), never read from input: a
        // syntax error is a build defect that every HTML test catches, not a runtime failure.
        // Numbers for people: `sig` three significant digits, `tmb` one decimal.
        env.add_filter("sig", sig3);
        env.add_filter("tmb", tmb1);
        env.add_template("report.html", TEMPLATE)
            .expect("report.html template is valid"); // ok: compiled-in template
        env.add_template("cohort.html", super::cohort_html::TEMPLATE)
            .expect("cohort.html template is valid"); // ok: compiled-in template
        env
    })
}

#[derive(Serialize)]
struct AltView {
    id: String,
    gene: String,
    change: String,
    location: String,
    consequence: String,
    vaf: String,
    depth: String,
    alt_depth: String,
    oncogenicity: String,
    oncogenicity_class: &'static str,
    hotspot: String,
    tier: String,
    evidence: Vec<EvidenceView>,
}

#[derive(Serialize)]
struct EvidenceView {
    reason: String,
    source: String,
}

#[derive(Serialize)]
struct TherapyView {
    therapy: String,
    kind: String,
    biomarker: String,
    /// The patient's alleles behind the row (`EGFR p.L858R`), several when rows of one drug
    /// triggered by different alleles (compound alleles) are merged.
    alleles: Vec<String>,
    amp_tier: String,
    escat_tier: String,
    meaning: &'static str,
    evidence_level: String,
    tumor_types: String,
    note: String,
    references: Vec<Reference>,
    /// May be shown among the leading options (not demoted, not to confirm).
    leads: bool,
    off_label: bool,
    /// Demoted by a resistance alteration (ESCAT X): shown apart, never leading.
    demoted: bool,
}

#[derive(Serialize)]
struct Gauge {
    /// Widths in the 0–300 coordinate space of the SVG.
    value_x: f64,
    threshold_x: f64,
    ci_x0: Option<f64>,
    ci_x1: Option<f64>,
    max_label: String,
    high: bool,
}

fn pct(v: Option<f64>) -> String {
    v.map(|x| format!("{:.1} %", x * 100.0)).unwrap_or_else(|| "–".into())
}

fn num<T: ToString>(v: Option<T>) -> String {
    v.map(|x| x.to_string()).unwrap_or_else(|| "–".into())
}

fn alt_view(r: &Report, a: &AlterationOut) -> AltView {
    let (tier, _, _) = therapies_of(r, &a.id);
    AltView {
        id: a.id.clone(),
        gene: a.gene.clone().unwrap_or_else(|| "–".into()),
        change: a
            .protein_change
            .clone()
            .or_else(|| a.hgvsc.clone())
            .unwrap_or_else(|| format!("{}>{}", a.ref_allele, a.alt)),
        location: format!("{}:{} {}>{}", a.chrom, a.pos, a.ref_allele, a.alt),
        consequence: a.consequence.join(", ").replace('_', " "),
        vaf: pct(a.vaf),
        depth: num(a.depth),
        alt_depth: num(a.alt_depth),
        oncogenicity: oncogenicity_name(a.oncogenicity).replace('_', " "),
        oncogenicity_class: oncogenicity_name(a.oncogenicity),
        hotspot: a.hotspot.clone().unwrap_or_default(),
        tier: tier.unwrap_or_default(),
        evidence: a
            .evidence
            .iter()
            .map(|e| EvidenceView {
                reason: e.reason.to_string(),
                source: e.source.to_string(),
            })
            .collect(),
    }
}

/// `GENE p.X` of each alteration id a therapy row names (biomarker ids such as `MSI-H` as given).
fn allele_labels(r: &Report, t: &TherapyMatch) -> Vec<String> {
    let held = r.alterations.in_memory();
    t.alterations
        .iter()
        .map(|id| match held.iter().find(|a| &a.id == id) {
            Some(a) => {
                let g = a.gene.as_deref().unwrap_or("?");
                match a.protein_change.as_deref().or(a.hgvsc.as_deref()) {
                    Some(p) => format!("{g} {p}"),
                    None => g.to_string(),
                }
            }
            None => id.clone(),
        })
        .collect()
}

fn therapy_view(r: &Report, t: &TherapyMatch) -> TherapyView {
    TherapyView {
        therapy: t.therapy.clone(),
        kind: t.kind.clone(),
        biomarker: t.biomarker.clone(),
        alleles: allele_labels(r, t),
        amp_tier: if t.confirmation_required {
            format!("{} if confirmed", t.amp_tier)
        } else {
            t.amp_tier.to_string()
        },
        escat_tier: t.escat_tier.to_string(),
        meaning: tier_meaning(t),
        evidence_level: t.evidence_level.as_str().replace('_', " "),
        tumor_types: t.tumor_types.join(", "),
        note: t.note.as_deref().map(note_text).unwrap_or_default(),
        references: t.references.iter().map(|s| reference(s)).collect(),
        leads: leads(t),
        off_label: t.context == super::TherapyContext::OffLabel,
        demoted: t.escat_tier == super::EscatTier::X,
    }
}

/// The rows of one table, rows of the same therapy merged into the first (best-ranked) one: a
/// drug matched through two alleles (compound alleles) is one row naming both. The merged row
/// leads only if every part may.
fn merged(rows: Vec<TherapyView>) -> Vec<TherapyView> {
    let mut out: Vec<TherapyView> = Vec::new();
    for t in rows {
        let Some(m) = out.iter_mut().find(|m| m.therapy == t.therapy && m.kind == t.kind) else {
            out.push(t);
            continue;
        };
        if !m.biomarker.split("; ").any(|b| b == t.biomarker) {
            m.biomarker = format!("{}; {}", m.biomarker, t.biomarker);
        }
        for a in t.alleles {
            if !m.alleles.contains(&a) {
                m.alleles.push(a);
            }
        }
        for x in t.references {
            if !m.references.contains(&x) {
                m.references.push(x);
            }
        }
        if !t.note.is_empty() && !m.note.contains(&t.note) {
            m.note = if m.note.is_empty() {
                t.note
            } else {
                format!("{} {}", m.note, t.note)
            };
        }
        m.leads &= t.leads;
    }
    out
}

fn gauge(r: &Report) -> Option<Gauge> {
    let t = r.biomarkers.tmb.as_ref()?;
    // An indeterminate value is not placed against the threshold.
    if t.status == TmbStatus::Indeterminate {
        return None;
    }
    let v = t.value?;
    let hi = t.ci95.map_or(v, |c| c[1]);
    let max = (t.threshold * 2.0).max(hi * 1.1).max(1.0).ceil();
    let x = |y: f64| (y.clamp(0.0, max) / max * 300.0 * 10.0).round() / 10.0;
    Some(Gauge {
        value_x: x(v),
        threshold_x: x(t.threshold),
        ci_x0: t.ci95.map(|c| x(c[0])),
        ci_x1: t.ci95.map(|c| x(c[1])),
        max_label: format!("{max}"),
        high: t.status == TmbStatus::High,
    })
}

/// The report as the template sees it: every part but the alterations (the template reads them
/// through `drivers` and `others`), so they are not all made into template values.
#[derive(Serialize)]
struct Page<'a> {
    schema_version: &'a str,
    disclaimer: &'a str,
    patient: &'a super::Patient,
    input: &'a super::InputInfo,
    filters: &'a super::FilterSettings,
    summary: &'a super::Summary,
    biomarkers: &'a super::Biomarkers,
    copy_number: &'a Option<super::copy_number::CopyNumber>,
    fusions: &'a Option<super::fusions::Fusions>,
    interpretation: &'a super::Interpretation,
    therapies: &'a super::Therapies,
    not_assessed: &'a [super::NotAssessed],
    warnings: &'a [String],
    method_notes: &'a [String],
    key_caveat: &'a Option<String>,
    provenance: &'a super::Provenance,
    germline_followup: &'a Option<super::germline::GermlineFollowup>,
    clonal_haematopoiesis: &'a Option<super::germline::ClonalHaematopoiesis>,
}

impl<'a> Page<'a> {
    fn of(r: &'a Report) -> Page<'a> {
        let Report {
            schema_version,
            disclaimer,
            patient,
            input,
            filters,
            summary,
            alterations: _,
            copy_number,
            fusions,
            biomarkers,
            interpretation,
            therapies,
            not_assessed,
            warnings,
            method_notes,
            key_caveat,
            provenance,
            signatures: _,
            germline_followup,
            clonal_haematopoiesis,
            germline_resources: _,
            plasma: _,
        } = r;
        Page {
            schema_version,
            disclaimer,
            patient,
            input,
            filters,
            summary,
            biomarkers,
            copy_number,
            fusions,
            interpretation,
            therapies,
            not_assessed,
            warnings,
            method_notes,
            key_caveat,
            provenance,
            germline_followup,
            clonal_haematopoiesis,
        }
    }
}

/// Render the page.
pub fn render(r: &Report, ro: &RenderOptions) -> Result<String, minijinja::Error> {
    // Every driver is held in memory; the others are read in report order.
    let drivers: Vec<&AlterationOut> = r.alterations.in_memory().iter().filter(|a| a.driver).collect();
    let mut others: Vec<AltView> = Vec::new();
    for a in r.alterations.iter() {
        let a = a.map_err(|e| minijinja::Error::new(minijinja::ErrorKind::InvalidOperation, e.to_string()))?;
        if !a.driver {
            others.push(alt_view(r, &a));
        }
    }
    let sens: Vec<TherapyView> = r.therapies.sensitivity.iter().map(|t| therapy_view(r, t)).collect();
    // Demoted entries are a table of their own, after the options, and never lead.
    let (demoted, sens): (Vec<TherapyView>, Vec<TherapyView>) = sens.into_iter().partition(|t| t.demoted);
    let (off, on): (Vec<TherapyView>, Vec<TherapyView>) = sens.into_iter().partition(|t| t.off_label);
    let (on, off, demoted) = (merged(on), merged(off), merged(demoted));
    // The report's warnings, each once (a stage's own list repeats them without the prefix);
    // the key caveat is shown first, on its own.
    let warnings: Vec<&String> = r
        .warnings
        .iter()
        .filter(|w| Some(*w) != r.key_caveat.as_ref())
        .collect();
    let leading: Vec<&TherapyView> = on.iter().chain(off.iter()).filter(|t| t.leads).take(3).collect();
    let views = |v: &[super::TherapyMatch]| merged(v.iter().map(|t| therapy_view(r, t)).collect());
    let ctx = context! {
        r => Value::from(Serde(&Page::of(r))),
        date => Value::from(Serde(&ro.report_date)),
        style => Value::from(Serde(&STYLE)),
        drivers => Value::from(Serde(&drivers.iter().map(|a| alt_view(r, a)).collect::<Vec<_>>())),
        others => Value::from(Serde(&others)),
        leading => Value::from(Serde(&leading)),
        on_label => Value::from(Serde(&on)),
        off_label => Value::from(Serde(&off)),
        demoted => Value::from(Serde(&demoted)),
        resistance => Value::from(Serde(&views(&r.therapies.resistance))),
        notes => Value::from(Serde(&views(&r.therapies.notes))),
        warnings => Value::from(Serde(&warnings)),
        removed => Value::from(Serde(&removed_text(&r.filters))),
        gauge => Value::from(Serde(&gauge(r))),
        signatures_html => Value::from_safe_string(super::signatures::html(r.signatures.as_ref())),
        tmb_ci => Value::from(Serde(&r.biomarkers.tmb.as_ref().and_then(|t| t.ci95).map(|c| format!("{}–{}", tmb1(c[0]), tmb1(c[1]))))),
        cin_line => Value::from(super::copy_number::cin_line(&r.interpretation.chromosomal_instability)),
        pattern_sources => Value::from(Serde(&r.interpretation.patterns.iter().map(|p| p.sources.iter().map(|s| reference(s)).collect::<Vec<_>>()).collect::<Vec<_>>())),
    };
    env().get_template("report.html")?.render(ctx)
}

pub(super) fn write(r: &Report, ro: &RenderOptions, out: &mut dyn Write) -> std::io::Result<()> {
    let page = render(r, ro).map_err(std::io::Error::other)?;
    out.write_all(page.as_bytes())
}
