//! The report's `signatures` section (with `report --reference FASTA`, or a MAF
//! with a context column): the serialised form of the signature stage's
//! [`Profile`] (catalogue counts by SigProfiler row name, the reference-free
//! indicators, the fits with their exposures, 95 % bootstrap intervals, cosine
//! similarity and the set's version and checksum, the clinical readouts;
//! rounded here), and its HTML: the 96-bar plot as inline SVG and the exposures
//! as bars with their intervals. The method lives in [`crate::signatures`].

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::signatures::indicators as domain;
use crate::signatures::profile::{Profile, SetFit};
use crate::signatures::Kind;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Signatures {
    /// How the catalogues and fits were made, with the sources.
    pub method: String,
    pub snvs: u64,
    pub(crate) doublets: u64,
    pub indels: u64,
    /// Passing variants whose context could not be read (contig not in the FASTA, REF mismatch).
    pub unplaced: u64,
    /// Counts by class, SigProfiler row names.
    pub sbs6: BTreeMap<String, u64>,
    pub sbs96: BTreeMap<String, u64>,
    pub(crate) dbs78: BTreeMap<String, u64>,
    pub(crate) id83: BTreeMap<String, u64>,
    pub(crate) indicators: Indicators,
    /// One fit per reference set given (`--signatures`); empty without one.
    pub(crate) fits: Vec<SignatureFit>,
    pub(crate) readouts: Vec<ReadoutOut>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub(crate) struct SignatureFit {
    /// `SBS96`, `DBS78` or `ID83`.
    pub kind: String,
    pub(crate) reference_version: String,
    pub(crate) reference_sha256: String,
    pub(crate) reference_source: String,
    pub(crate) mutations: f64,
    pub(crate) cosine_similarity: Option<f64>,
    /// `not enough mutations` (fewer than the minimum), or empty.
    pub note: String,
    /// Signatures with a non-zero exposure, largest first.
    pub exposures: Vec<Exposure>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub(crate) struct Exposure {
    pub(crate) signature: String,
    /// Mutations attributed (2 decimals).
    pub(crate) mutations: f64,
    /// Share of the catalogue (4 decimals).
    pub(crate) share: f64,
    /// 95 % bootstrap interval (mutations).
    pub(crate) low: f64,
    pub(crate) high: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub(crate) struct ReadoutOut {
    /// `mmr`, `pole`, `hrd`, `origin` or `treatment`.
    pub(crate) topic: String,
    pub signatures: Vec<String>,
    pub(crate) share: f64,
    pub(crate) finding: String,
    pub(crate) warning: bool,
    pub(crate) caveat: String,
    pub source: String,
}

/// One indicator's value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub(crate) struct Share {
    pub count: u64,
    pub(crate) of: u64,
    /// `count / of`, None when `of` is 0.
    pub(crate) share: Option<f64>,
    /// `of` is below [`MIN_FOR_SHARE`]: no call from this share.
    pub(crate) too_few: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub(crate) struct Apobec {
    pub(crate) tcw: Share,
    /// `share / (2/16)`.
    pub(crate) enrichment: Option<f64>,
    /// One-sided binomial p that the TCW share exceeds 2/16.
    pub(crate) p_value: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub(crate) struct Uv {
    pub(crate) c_to_t_at_dipyrimidines: Share,
    pub(crate) cc_to_tt: Share,
    /// Brash's criteria met (≥ 60 % and ≥ 5 %); None when too few.
    pub(crate) uv_like: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub(crate) struct Pole {
    pub(crate) c_to_a_at_tct: Share,
    pub(crate) t_to_g_at_ttt: Share,
    /// León-Castillo's four SBS6/indel criteria met; None when too few.
    pub(crate) pole_pattern: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub(crate) struct Indicators {
    pub(crate) apobec: Apobec,
    pub(crate) uv: Uv,
    pub(crate) pole: Pole,
    pub(crate) mmr_homopolymer_deletions: Share,
    pub(crate) cpg_c_to_t: Share,
    /// Each indicator's source, by its key (`apobec`, `uv`, `pole`, `mmr_homopolymer_deletions`,
    /// `cpg_c_to_t`).
    #[serde(default)]
    pub(crate) sources: BTreeMap<String, String>,
}

impl From<&domain::Share> for Share {
    fn from(s: &domain::Share) -> Self {
        Share {
            count: s.count,
            of: s.of,
            share: s.share,
            too_few: s.too_few,
        }
    }
}

impl From<&domain::Indicators> for Indicators {
    fn from(i: &domain::Indicators) -> Self {
        Indicators {
            apobec: Apobec {
                tcw: Share::from(&i.apobec.tcw),
                enrichment: i.apobec.enrichment,
                p_value: i.apobec.p_value,
            },
            uv: Uv {
                c_to_t_at_dipyrimidines: Share::from(&i.uv.c_to_t_at_dipyrimidines),
                cc_to_tt: Share::from(&i.uv.cc_to_tt),
                uv_like: i.uv.uv_like,
            },
            pole: Pole {
                c_to_a_at_tct: Share::from(&i.pole.c_to_a_at_tct),
                t_to_g_at_ttt: Share::from(&i.pole.t_to_g_at_ttt),
                pole_pattern: i.pole.pole_pattern,
            },
            mmr_homopolymer_deletions: Share::from(&i.mmr_homopolymer_deletions),
            cpg_c_to_t: Share::from(&i.cpg_c_to_t),
            sources: [
                ("apobec", domain::APOBEC_SOURCE),
                ("uv", domain::UV_SOURCE),
                ("pole", domain::POLE_SOURCE),
                ("mmr_homopolymer_deletions", domain::MMR_SOURCE),
                ("cpg_c_to_t", domain::CPG_SOURCE),
            ]
            .into_iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
        }
    }
}

fn counts(labels: Vec<String>, values: &[u64]) -> BTreeMap<String, u64> {
    labels.into_iter().zip(values.iter().copied()).collect()
}

fn r(x: f64, d: i32) -> f64 {
    crate::biomarkers::round(x, d)
}

impl From<&SetFit> for SignatureFit {
    fn from(f: &SetFit) -> Self {
        let mut exposures: Vec<Exposure> = f
            .exposures
            .iter()
            .map(|e| Exposure {
                signature: e.signature.clone(),
                mutations: r(e.mutations, 2),
                share: r(e.share, 4),
                low: r(e.low, 2),
                high: r(e.high, 2),
            })
            .collect();
        // Largest first as shown (rounded), then by name.
        exposures.sort_by(|a, b| b.mutations.total_cmp(&a.mutations).then(a.signature.cmp(&b.signature)));
        SignatureFit {
            kind: f.kind.name().into(),
            reference_version: f.version.clone(),
            reference_sha256: f.sha256.clone(),
            reference_source: f.source.clone(),
            mutations: f.mutations,
            cosine_similarity: f.cosine.map(|c| r(c, 4)),
            note: f.note.into(),
            exposures,
        }
    }
}

impl From<&Profile> for Signatures {
    fn from(p: &Profile) -> Self {
        let c = &p.catalogue;
        Signatures {
            method: p.method.clone(),
            snvs: c.snvs(),
            doublets: c.dbs78.iter().sum(),
            indels: c.id83.iter().sum(),
            unplaced: c.unplaced,
            sbs6: crate::signatures::catalogue::SBS6
                .iter()
                .map(|s| s.to_string())
                .zip(c.sbs6())
                .collect(),
            sbs96: counts(Kind::Sbs96.labels(), &c.sbs96),
            dbs78: counts(Kind::Dbs78.labels(), &c.dbs78),
            id83: counts(Kind::Id83.labels(), &c.id83),
            indicators: Indicators::from(&p.indicators),
            fits: p.fits.iter().map(SignatureFit::from).collect(),
            readouts: p
                .readouts
                .iter()
                .map(|x| ReadoutOut {
                    topic: x.topic.into(),
                    signatures: x.signatures.clone(),
                    share: r(x.share, 4),
                    finding: x.finding.clone(),
                    warning: x.warning,
                    caveat: x.caveat.into(),
                    source: x.source.into(),
                })
                .collect(),
        }
    }
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

const COLOURS: [&str; 6] = ["#1ebff0", "#050708", "#e62725", "#cbcacb", "#a1cf64", "#edc8c5"];

/// The 96-bar plot (SigProfiler order, coloured by SBS6 class) as inline SVG.
fn sbs96_svg(s: &Signatures) -> String {
    let labels = Kind::Sbs96.labels();
    // COSMIC's plot order: by substitution, then 5' and 3' base.
    let mut order: Vec<usize> = (0..96).collect();
    order.sort_by_key(|&i| (&labels[i][2..5], labels[i].as_bytes()[0], labels[i].as_bytes()[6]));
    let max = s.sbs96.values().copied().max().unwrap_or(0).max(1) as f64;
    let (w, h, bw) = (600.0, 120.0, 6.0);
    let mut svg = format!(
        "<svg class=\"sbs96\" viewBox=\"0 0 {w} {}\" role=\"img\" aria-label=\"SBS96 catalogue\" xmlns=\"http://www.w3.org/2000/svg\">",
        h + 30.0
    );
    for (x, &i) in order.iter().enumerate() {
        let n = s.sbs96.get(&labels[i]).copied().unwrap_or(0);
        let bh = h * n as f64 / max;
        let class = crate::signatures::catalogue::sbs6_of(i);
        svg.push_str(&format!(
            "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{bh:.1}\" fill=\"{}\"><title>{} {n}</title></rect>",
            12.0 + x as f64 * bw,
            h - bh,
            bw - 1.0,
            COLOURS[class],
            esc(&labels[i])
        ));
    }
    for (k, sub) in crate::signatures::catalogue::SBS6.iter().enumerate() {
        svg.push_str(&format!(
            "<rect x=\"{:.1}\" y=\"{}\" width=\"{:.1}\" height=\"6\" fill=\"{}\"/><text x=\"{:.1}\" y=\"{}\" font-size=\"10\" text-anchor=\"middle\">{}</text>",
            12.0 + k as f64 * 16.0 * bw,
            h + 4.0,
            16.0 * bw - 2.0,
            COLOURS[k],
            12.0 + (k as f64 + 0.5) * 16.0 * bw,
            h + 22.0,
            esc(sub)
        ));
    }
    svg.push_str(&format!(
        "<text x=\"2\" y=\"10\" font-size=\"9\">{}</text></svg>",
        max as u64
    ));
    svg
}

/// Exposures as horizontal bars (share) with their interval as a line.
fn exposures_svg(f: &SignatureFit) -> String {
    let row = 16.0;
    let (label_w, bar_w) = (90.0, 300.0);
    let h = row * f.exposures.len() as f64 + 4.0;
    let mut svg = format!(
        "<svg class=\"exposures\" viewBox=\"0 0 {} {h}\" role=\"img\" aria-label=\"exposures\" xmlns=\"http://www.w3.org/2000/svg\">",
        label_w + bar_w + 60.0
    );
    let m = f.mutations.max(1.0);
    for (k, e) in f.exposures.iter().enumerate() {
        let y = k as f64 * row + 2.0;
        let x = |v: f64| label_w + bar_w * (v / m).min(1.0);
        svg.push_str(&format!(
            "<text x=\"0\" y=\"{:.1}\" font-size=\"10\">{}</text><rect x=\"{label_w}\" y=\"{y:.1}\" width=\"{:.1}\" height=\"{:.1}\" fill=\"#4a7ab5\"/>\
             <line x1=\"{:.1}\" x2=\"{:.1}\" y1=\"{:.1}\" y2=\"{:.1}\" stroke=\"#000\"/><text x=\"{:.1}\" y=\"{:.1}\" font-size=\"10\">{:.0} %</text>",
            y + 11.0,
            esc(&e.signature),
            bar_w * e.share.min(1.0),
            row - 4.0,
            x(e.low),
            x(e.high),
            y + 6.0,
            y + 6.0,
            label_w + bar_w + 4.0,
            y + 11.0,
            100.0 * e.share
        ));
    }
    svg.push_str("</svg>");
    svg
}

/// The section's HTML (empty without a section). Every text from outside is escaped.
pub(crate) fn html(s: Option<&Signatures>) -> String {
    let Some(s) = s else {
        return String::new();
    };
    let mut h = String::from("<section id=\"signatures\">\n<h2>Mutational signatures</h2>\n");
    h.push_str(&format!(
        "<p class=\"muted\">{} SNVs, {} doublets, {} indels ({} without a readable context).</p>\n",
        s.snvs, s.doublets, s.indels, s.unplaced
    ));
    h.push_str(&sbs96_svg(s));
    let i = &s.indicators;
    let pct = |x: Option<f64>| x.map_or("–".to_string(), |v| format!("{:.1} %", 100.0 * v));
    h.push_str("\n<h3>Indicators (no reference set needed)</h3>\n<ul class=\"plain\">");
    let src = |k: &str| esc(i.sources.get(k).map_or("", String::as_str));
    h.push_str(&format!(
        "<li>APOBEC: C&gt;T/C&gt;G at TCW {} (enrichment {}; {})</li>",
        pct(i.apobec.tcw.share),
        i.apobec.enrichment.map_or("–".into(), |e| format!("{e:.2}")),
        src("apobec")
    ));
    h.push_str(&format!(
        "<li>UV: C&gt;T at dipyrimidines {}, CC&gt;TT {} (UV-like at ≥ 60 % and ≥ 5 %; {})</li>",
        pct(i.uv.c_to_t_at_dipyrimidines.share),
        pct(i.uv.cc_to_tt.share),
        src("uv")
    ));
    h.push_str(&format!(
        "<li>POLE: C&gt;A at TCT {}, T&gt;G at TTT {} ({})</li>",
        pct(i.pole.c_to_a_at_tct.share),
        pct(i.pole.t_to_g_at_ttt.share),
        src("pole")
    ));
    h.push_str(&format!(
        "<li>MMR: 1-bp deletions at homopolymers ≥ 5 bp {} of indels ({})</li><li>C&gt;T at CpG {} (clock-like; {})</li></ul>\n",
        pct(i.mmr_homopolymer_deletions.share),
        src("mmr_homopolymer_deletions"),
        pct(i.cpg_c_to_t.share),
        src("cpg_c_to_t")
    ));
    for f in &s.fits {
        h.push_str(&format!(
            "<h3>{} exposures</h3>\n<p class=\"muted\">reference {} version {} (sha256 {}); {} mutations; cosine similarity {}{}</p>\n",
            esc(&f.kind),
            esc(&f.reference_source),
            esc(&f.reference_version),
            esc(&f.reference_sha256),
            f.mutations,
            f.cosine_similarity.map_or("–".into(), |c| format!("{c:.3}")),
            if f.note.is_empty() { String::new() } else { format!("; {}", esc(&f.note)) }
        ));
        if !f.exposures.is_empty() {
            h.push_str(&exposures_svg(f));
        }
    }
    if !s.readouts.is_empty() {
        h.push_str("\n<h3>Readouts</h3>\n<ul class=\"plain\">");
        for r in &s.readouts {
            h.push_str(&format!(
                "<li{}><strong>{}</strong>: {}. <span class=\"muted\">{} Source: {}.</span></li>",
                if r.warning { " class=\"warning\"" } else { "" },
                esc(&r.topic),
                esc(&r.finding),
                esc(&r.caveat),
                esc(&r.source)
            ));
        }
        h.push_str("</ul>\n");
    }
    h.push_str(&format!(
        "<p class=\"muted\">{}. For research use only.</p>\n</section>\n",
        esc(&s.method)
    ));
    h
}

/// A TSV report row of the section that is not a fit: its `alt`, `gene`, `consequence`,
/// `protein_change` (in words), `hgvsc` (the source), `vaf` (the share), `depth` (the
/// denominator) and `alt_depth` (the count).
pub(crate) struct TsvRow {
    pub(crate) alt: &'static str,
    pub(crate) gene: String,
    pub(crate) consequence: String,
    pub(crate) words: String,
    pub(crate) source: String,
    pub(crate) share: String,
    pub(crate) depth: u64,
    pub(crate) count: u64,
}

/// The catalogue (`<SIGNATURE_CATALOGUE>`: one row per SBS6 class, then the doublets and indels)
/// and the reference-free indicators (`<SIGNATURE_INDICATOR>`: one row per share, `too few`
/// below the minimum) of the TSV report, before the fits.
pub(crate) fn tsv_rows(s: &Signatures) -> Vec<TsvRow> {
    let share = |n: u64, of: u64| {
        if of == 0 {
            String::new()
        } else {
            (r(n as f64 / of as f64, 4)).to_string()
        }
    };
    let mut out: Vec<TsvRow> = s
        .sbs6
        .iter()
        .map(|(class, &n)| (class.clone(), "SBS6", n, s.snvs))
        .chain([
            ("doublets".to_string(), "DBS78", s.doublets, s.doublets),
            ("indels".to_string(), "ID83", s.indels, s.indels),
        ])
        .map(|(gene, kind, n, of)| TsvRow {
            alt: "<SIGNATURE_CATALOGUE>",
            words: format!("{n} of {of}"),
            share: share(n, of),
            gene,
            consequence: kind.to_string(),
            source: String::new(),
            depth: of,
            count: n,
        })
        .collect();
    let i = &s.indicators;
    let shares = [
        ("apobec", "tcw", &i.apobec.tcw),
        ("uv", "c_to_t_at_dipyrimidines", &i.uv.c_to_t_at_dipyrimidines),
        ("uv", "cc_to_tt", &i.uv.cc_to_tt),
        ("pole", "c_to_a_at_tct", &i.pole.c_to_a_at_tct),
        ("pole", "t_to_g_at_ttt", &i.pole.t_to_g_at_ttt),
        (
            "mmr_homopolymer_deletions",
            "mmr_homopolymer_deletions",
            &i.mmr_homopolymer_deletions,
        ),
        ("cpg_c_to_t", "cpg_c_to_t", &i.cpg_c_to_t),
    ];
    for (indicator, key, x) in shares {
        out.push(TsvRow {
            alt: "<SIGNATURE_INDICATOR>",
            gene: indicator.to_string(),
            consequence: key.to_string(),
            words: format!(
                "{} of {}{}",
                x.count,
                x.of,
                if x.too_few { " (too few for a call)" } else { "" }
            ),
            source: i.sources.get(indicator).cloned().unwrap_or_default(),
            share: x.share.map(|v| r(v, 4).to_string()).unwrap_or_default(),
            depth: x.of,
            count: x.count,
        });
    }
    out
}
