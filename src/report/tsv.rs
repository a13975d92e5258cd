//! TSV output: one row per listed alteration, then one per copy-number event (`--cna`: `alt` is
//! the symbolic call such as `<AMPLIFICATION>`, `consequence` the call, `pos` the segment start),
//! then the chromosomal-instability row (`--cna`: `alt` `<CIN>`, [`cin_row`]), then one per fusion (`--sv`: `alt` `<FUSION>`, `protein_change` the name `EML4::ALK`, any
//! named intragenic event and each curated domain's status, `consequence` class and orientation, `depth` the supporting reads),
//! then a plasma sample's bTMB row and the mutational signatures (`--reference`:
//! [`signature_rows`]), with a header
//! ([`COLUMNS`]). The same layout for one
//! patient (`report -O tsv`) and for the cohort (`cohort_alterations.tsv`). Cells never contain
//! tabs or line breaks (they become spaces), and never begin a spreadsheet formula
//! ([`crate::output::tsv_cell`]); empty cells are missing values.

use super::{AlterationOut, AmpTier, EscatTier, Oncogenicity, Report};
use crate::output::tsv_cell;
use std::io::Write;

pub(crate) const COLUMNS: [&str; 19] = [
    "patient",
    "chrom",
    "pos",
    "ref",
    "alt",
    "gene",
    "transcript",
    "consequence",
    "protein_change",
    "hgvsc",
    "vaf",
    "depth",
    "alt_depth",
    "oncogenicity",
    "driver",
    "hotspot",
    "best_amp_tier",
    "best_escat_tier",
    "therapies",
];

/// A TSV writer (tab-separated, no quoting: cells are cleaned by [`tsv_cell`]).
pub(crate) fn writer<W: Write>(out: W) -> csv::Writer<W> {
    csv::WriterBuilder::new()
        .delimiter(b'\t')
        .quote_style(csv::QuoteStyle::Never)
        .from_writer(out)
}

pub(super) fn write(report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
    let mut w = writer(out);
    w.write_record(COLUMNS)?;
    write_rows(&mut w, report)?;
    if let Some(row) = tmb_context_row(report) {
        w.write_record(row.iter().map(|c| tsv_cell(c)))?;
    }
    w.flush()
}

/// The TMB in context, last row of a patient's TSV (not of `cohort_alterations.tsv`, whose
/// `cohort.tsv` carries the TMB): `alt` `<TMB>`, `consequence` `tmb_context`, `protein_change`
/// the value and its context in words, `hgvsc` the source (and the reference file's SHA-256),
/// `vaf` the percentile as a fraction (with `--tmb-reference`), `depth` the reference patients.
/// None when the TMB has no context and no note.
pub(crate) fn tmb_context_row(report: &Report) -> Option<[String; 19]> {
    let t = report.biomarkers.tmb.as_ref()?;
    let mut words = Vec::new();
    let mut sources = Vec::new();
    let mut r: [String; 19] = Default::default();
    if let Some(x) = &t.reference {
        let pos = x.position.replace('_', " ");
        words.push(format!(
            "{pos} of {} ({} mut/Mb; {}x)",
            x.disease,
            super::render::tmb1(x.median),
            x.ratio_to_median
        ));
        sources.push(x.source.clone());
    }
    if let Some(d) = &t.reference_distribution {
        words.push(format!(
            "percentile {} among {} {} patients of {} (median {} mut/Mb)",
            d.percentile,
            d.n,
            d.tumor_type,
            d.file,
            super::render::tmb1(d.median)
        ));
        sources.push(format!("{} (sha256 {})", d.file, d.sha256));
        r[10] = format!("{}", d.percentile / 100.0);
        r[11] = d.n.to_string();
    }
    if let Some(n) = &t.reference_note {
        words.push(n.clone());
    }
    if words.is_empty() {
        return None;
    }
    r[0] = report.patient.id.clone();
    r[4] = "<TMB>".into();
    r[7] = "tmb_context".into();
    r[8] = format!(
        "TMB {} mut/Mb: {}",
        t.value.map(super::render::tmb1).unwrap_or_default(),
        words.join("; ")
    );
    r[9] = sources.join("; ");
    Some(r)
}

/// The rows of one report (no header), one alteration at a time.
pub(crate) fn write_rows<W: Write>(w: &mut csv::Writer<W>, report: &Report) -> std::io::Result<()> {
    for a in report.alterations.iter() {
        let a = a.map_err(std::io::Error::other)?;
        let row = row(report, &a);
        w.write_record(row.iter().map(|c| tsv_cell(c)))?;
    }
    for e in report.copy_number.iter().flat_map(|c| &c.events) {
        let (amp, escat, therapies) = therapies_of(report, &e.id);
        let (chrom, pos) = e
            .segment
            .as_ref()
            .map(|s| (s.chrom.clone(), s.start.to_string()))
            .unwrap_or_default();
        let row = [
            report.patient.id.clone(),
            chrom,
            pos,
            String::new(),
            format!("<{}>", e.call.to_ascii_uppercase()),
            e.gene.clone(),
            String::new(),
            e.call.clone(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            oncogenicity_name(e.oncogenicity).to_string(),
            e.driver.to_string(),
            String::new(),
            amp.unwrap_or_default(),
            escat.unwrap_or_default(),
            therapies.join("; "),
        ];
        w.write_record(row.iter().map(|c| tsv_cell(c)))?;
    }
    if report.copy_number.is_some() {
        w.write_record(cin_row(report).iter().map(|c| tsv_cell(c)))?;
    }
    for e in report.fusions.iter().flat_map(|f| &f.events) {
        let (amp, escat, therapies) = therapies_of(report, &e.id);
        let bp = e
            .breakpoints
            .iter()
            .find(|b| b.side == "3prime")
            .or(e.breakpoints.first());
        let row = [
            report.patient.id.clone(),
            bp.map(|b| b.chrom.clone()).unwrap_or_default(),
            bp.map(|b| b.pos.to_string()).unwrap_or_default(),
            String::new(),
            "<FUSION>".into(),
            e.driver_gene.clone().unwrap_or_else(|| e.three_prime.clone()),
            String::new(),
            format!("{}_{}", e.class, e.orientation),
            fusion_cell(e),
            String::new(),
            String::new(),
            e.supporting_reads.map(|r| r.to_string()).unwrap_or_default(),
            String::new(),
            oncogenicity_name(e.oncogenicity).to_string(),
            e.driver.to_string(),
            String::new(),
            amp.unwrap_or_default(),
            escat.unwrap_or_default(),
            therapies.join("; "),
        ];
        w.write_record(row.iter().map(|c| tsv_cell(c)))?;
    }
    for row in signature_rows(report) {
        w.write_record(row.iter().map(|c| tsv_cell(c)))?;
    }
    Ok(())
}

/// A fusion row's `protein_change`: the name, any named intragenic event, and each curated
/// domain's status (`KIF5B::RET; RET kinase domain retained`).
fn fusion_cell(e: &super::fusions::FusionEntry) -> String {
    let mut s = match &e.intragenic_event {
        Some(label) => format!("{} {label}", e.name),
        None => e.name.clone(),
    };
    for d in &e.domains {
        s.push_str(&format!("; {} {} {}", d.gene, d.domain, d.status.replace('_', " ")));
    }
    s
}

/// The chromosomal-instability row (`--cna`): `alt` `<CIN>`, `consequence`
/// `chromosomal_instability_<level>` (or `_not_assessed`), `protein_change` the figures and the
/// arm-level events, `vaf` the fraction of the genome altered.
fn cin_row(report: &Report) -> [String; 19] {
    let c = &report.interpretation.chromosomal_instability;
    let mut r: [String; 19] = Default::default();
    r[0] = report.patient.id.clone();
    r[4] = "<CIN>".into();
    r[7] = format!(
        "chromosomal_instability_{}",
        c.level.as_deref().unwrap_or("not_assessed")
    );
    r[8] = super::copy_number::cin_line(c);
    r[10] = c.fraction_genome_altered.map(|f| f.to_string()).unwrap_or_default();
    r
}

/// The signature rows (`--reference`): the catalogue and indicator rows
/// ([`super::signatures::tsv_rows`]), then one per exposure of each fit (`alt` `<SIGNATURE>`, `gene`
/// the signature, `consequence` `SBS96_exposure`, `protein_change` the attribution in words,
/// `hgvsc` the reference set, `vaf` the share, `depth` the fit's mutations, `alt_depth` those
/// attributed), a fit with too few mutations as one row saying so, then one per readout (`alt`
/// `<SIGNATURE_READOUT>`, `gene` the topic, `consequence` the signatures, `protein_change` the
/// finding, `hgvsc` its source, `vaf` the share); a plasma sample's bTMB row comes first.
fn signature_rows(report: &Report) -> Vec<[String; 19]> {
    let mut out = btmb_row(report);
    out.extend(fit_rows(report));
    out
}

/// Plasma: the bTMB row (`alt` `<BTMB>`, `gene` `bTMB`, `consequence` the status,
/// `protein_change` the result in words, `hgvsc` its source, `depth` the count).
fn btmb_row(report: &Report) -> Vec<[String; 19]> {
    let Some(b) = report.plasma.as_ref().and_then(|p| p.btmb.as_ref()) else {
        return vec![];
    };
    let mut r: [String; 19] = Default::default();
    r[0] = report.patient.id.clone();
    r[4] = "<BTMB>".into();
    r[5] = "bTMB".into();
    r[7] = b.status.clone();
    r[8] = super::germline::btmb_line(b);
    r[9] = b.source.clone();
    r[11] = b.count.map(|c| c.to_string()).unwrap_or_default();
    vec![r]
}

fn fit_rows(report: &Report) -> Vec<[String; 19]> {
    let Some(s) = report.signatures.as_ref() else {
        return vec![];
    };
    let row = |alt: &str, gene: String, consequence: String, change: String, source: String, share: String| {
        let mut r: [String; 19] = Default::default();
        r[0] = report.patient.id.clone();
        r[4] = alt.to_string();
        r[5] = gene;
        r[7] = consequence;
        r[8] = change;
        r[9] = source;
        r[10] = share;
        r
    };
    let mut out = Vec::new();
    for t in super::signatures::tsv_rows(s) {
        let mut r = row(t.alt, t.gene, t.consequence, t.words, t.source, t.share);
        r[11] = t.depth.to_string();
        r[12] = t.count.to_string();
        out.push(r);
    }
    for f in &s.fits {
        let set = format!("reference {} (sha256 {})", f.reference_version, f.reference_sha256);
        let kind = format!("{}_exposure", f.kind);
        if f.exposures.is_empty() || !f.note.is_empty() {
            let why = if f.note.is_empty() {
                "no exposure"
            } else {
                f.note.as_str()
            };
            let mut r = row(
                "<SIGNATURE>",
                String::new(),
                kind,
                format!("{why} ({} mutations)", f.mutations),
                set,
                String::new(),
            );
            r[11] = format!("{}", f.mutations);
            out.push(r);
            continue;
        }
        for e in &f.exposures {
            let words = format!(
                "{} of {} mutations ({:.1} %; 95 % interval {}–{})",
                e.mutations,
                f.mutations,
                e.share * 100.0,
                e.low,
                e.high
            );
            let mut r = row(
                "<SIGNATURE>",
                e.signature.clone(),
                kind.clone(),
                words,
                set.clone(),
                e.share.to_string(),
            );
            r[11] = format!("{}", f.mutations);
            r[12] = format!("{}", e.mutations);
            out.push(r);
        }
    }
    for o in &s.readouts {
        out.push(row(
            "<SIGNATURE_READOUT>",
            o.topic.clone(),
            o.signatures.join(","),
            o.finding.clone(),
            o.source.clone(),
            o.share.to_string(),
        ));
    }
    out
}

pub fn oncogenicity_name(o: Oncogenicity) -> &'static str {
    match o {
        Oncogenicity::Oncogenic => "oncogenic",
        Oncogenicity::LikelyOncogenic => "likely_oncogenic",
        Oncogenicity::Vus => "vus",
        Oncogenicity::LikelyBenign => "likely_benign",
    }
}

/// Best AMP and ESCAT tiers (by their order, strongest first) and the therapy labels
/// of the sensitivity matches triggered by alteration `id`.
pub fn therapies_of(report: &Report, id: &str) -> (Option<String>, Option<String>, Vec<String>) {
    let mut amp: Option<AmpTier> = None;
    let mut escat: Option<EscatTier> = None;
    let mut labels: Vec<String> = Vec::new();
    for t in report
        .therapies
        .sensitivity
        .iter()
        .filter(|t| t.alterations.iter().any(|x| x == id))
    {
        // The tiers order from strongest to weakest.
        amp = Some(amp.map_or(t.amp_tier, |a| a.min(t.amp_tier)));
        escat = Some(escat.map_or(t.escat_tier, |e| e.min(t.escat_tier)));
        let label = format!("{} [{}]", t.therapy, t.amp_tier);
        if !labels.contains(&label) {
            labels.push(label);
        }
    }
    (amp.map(|t| t.to_string()), escat.map(|t| t.to_string()), labels)
}

fn row(report: &Report, a: &AlterationOut) -> [String; 19] {
    let opt = |x: &Option<String>| x.clone().unwrap_or_default();
    let num = |x: Option<u32>| x.map(|v| v.to_string()).unwrap_or_default();
    let (amp, escat, therapies) = therapies_of(report, &a.id);
    [
        report.patient.id.clone(),
        a.chrom.clone(),
        a.pos.to_string(),
        a.ref_allele.clone(),
        a.alt.clone(),
        opt(&a.gene),
        opt(&a.transcript),
        a.consequence.join(","),
        opt(&a.protein_change),
        opt(&a.hgvsc),
        a.vaf.map(|v| format!("{v}")).unwrap_or_default(),
        num(a.depth),
        num(a.alt_depth),
        oncogenicity_name(a.oncogenicity).to_string(),
        a.driver.to_string(),
        opt(&a.hotspot),
        amp.unwrap_or_default(),
        escat.unwrap_or_default(),
        therapies.join("; "),
    ]
}
