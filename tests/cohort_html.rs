//! The cohort page (`cohort.html`) read with an HTML parser: oncoprint cells with tooltips and
//! links, cBioPortal alteration classes and their legend, VUS drawn and toggled, frequent genes
//! drawn without drivers, clinical tracks, the log-scale TMB histogram, the signatures heatmap,
//! the patient table, and a page that fetches nothing and runs one inline script.

#[path = "support/cohort_synth.rs"]
mod cohort_synth;
mod common;

use cohort_synth::{templates, write_cohort};
use common::root;
use scraper::{ElementRef, Html, Selector};
use std::path::Path;

const HOSTILE: &str = "<script>alert(1)</script>";

fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap()
}

fn text(e: ElementRef) -> String {
    e.text().collect()
}

fn cohort_page(dir: &Path) -> Html {
    let o = common::bin()
        .args(["-q", "cohort", "--reports-dir"])
        .arg(dir)
        .arg("--outdir")
        .arg(dir)
        .args(["--formats", "html", "--report-date", "2026-01-02"])
        .output()
        .unwrap();
    // Exit 5: the unreadable report is a failure row.
    assert!(
        matches!(o.status.code(), Some(0 | 5)),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    Html::parse_document(&std::fs::read_to_string(dir.join("cohort.html")).unwrap())
}

fn assert_self_contained(doc: &Html) {
    let scripts: Vec<ElementRef> = doc.select(&sel("script")).collect();
    assert_eq!(scripts.len(), 1, "one inline script");
    assert!(scripts[0].value().attr("src").is_none());
    for bad in ["iframe", "object", "embed", "img", "link", "base"] {
        assert_eq!(doc.select(&sel(bad)).count(), 0, "<{bad}> in the page");
    }
    assert_eq!(doc.select(&sel("[src]")).count(), 0);
    for e in doc.select(&sel("[href]")) {
        let h = e.value().attr("href").unwrap();
        assert!(h.starts_with("./") || h.starts_with('#'), "link {h}");
    }
    for e in doc.select(&sel("*")) {
        for (name, _) in e.value().attrs() {
            assert!(!name.starts_with("on"), "event handler attribute {name}");
        }
    }
    for css in doc.select(&sel("style")) {
        let css = text(css);
        assert!(!css.contains("@import") && !css.contains("url(http"), "fetching CSS");
    }
}

#[test]
fn cohort_page_oncoprint_tracks_histogram_heatmap_and_table() {
    let d = tempfile::tempdir().unwrap();
    let t = templates(&root(), d.path());
    let dir = d.path().join("reports");
    std::fs::create_dir(&dir).unwrap();
    let synth = write_cohort(&dir, 80, &t);
    // One hostile patient ID and one unreadable report.
    let p0 = dir.join("S0000.json");
    let mut r: serde_json::Value = serde_json::from_slice(&std::fs::read(&p0).unwrap()).unwrap();
    r["patient"]["id"] = HOSTILE.into();
    std::fs::write(&p0, serde_json::to_vec(&r).unwrap()).unwrap();
    std::fs::write(dir.join("broken.json"), "{").unwrap();
    let doc = cohort_page(&dir);
    assert_self_contained(&doc);

    // Oncoprint cells: each a link to its patient's page, with a <title> first.
    let cells: Vec<ElementRef> = doc.select(&sel("svg.onco-grid .cell")).collect();
    assert!(cells.len() > 200, "{} cells", cells.len());
    for c in &cells {
        assert_eq!(c.value().name(), "a", "every patient here has a page");
        let title = c.first_child().and_then(ElementRef::wrap).expect("a first child");
        assert_eq!(title.value().name(), "title");
        let title = text(title);
        let href = c.value().attr("href").unwrap();
        let stem = href.trim_start_matches("./").trim_end_matches(".html");
        let patient = if stem == "S0000" { HOSTILE } else { stem };
        assert!(title.starts_with(&format!("{patient}: ")), "{title} for {href}");
        assert!(
            [
                "(missense, ",
                "(truncating, ",
                "(in-frame, ",
                "(splice, ",
                "(amplification, ",
                "(deep deletion, ",
                "(gain, ",
                "(shallow deletion, ",
                "(fusion, ",
                "(other, "
            ]
            .iter()
            .any(|k| title.contains(k)),
            "class in {title}"
        );
        assert!(
            ["oncogenic)", "likely oncogenic)", "VUS)"]
                .iter()
                .any(|k| title.contains(k)),
            "oncogenicity in {title}"
        );
    }
    // Classes drawn, after cBioPortal: mutations, copy number (EML4::ALK under both genes).
    let glyph_classes: std::collections::BTreeSet<String> = doc
        .select(&sel("svg.onco-grid .cell rect"))
        .flat_map(|r| {
            r.value()
                .attr("class")
                .unwrap()
                .split(' ')
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .collect();
    for c in [
        "g-missense",
        "g-truncating",
        "g-inframe",
        "g-amplification",
        "g-deep_deletion",
        "g-gain",
        "g-shallow_deletion",
        "g-fusion",
        "vus",
    ] {
        assert!(glyph_classes.contains(c), "{c} not drawn: {glyph_classes:?}");
    }
    let fusion_cells: Vec<String> = doc
        .select(&sel("svg.onco-grid .cell"))
        .filter(|c| c.select(&sel("rect.g-fusion")).next().is_some())
        .map(text)
        .collect();
    assert!(fusion_cells
        .iter()
        .all(|t| t.contains("EML4::ALK fusion (fusion, likely oncogenic)")));
    // The legend: every class in words, and the VUS shade.
    let legend = text(doc.select(&sel("#oncoprint-legend")).next().unwrap());
    for w in [
        "missense",
        "truncating",
        "in-frame",
        "splice",
        "fusion",
        "amplification",
        "deep deletion",
        "lighter: VUS",
    ] {
        assert!(legend.contains(w), "legend lacks {w}: {legend}");
    }
    // VUS: drawn (checkbox checked, CSS hides them when unchecked), AML genes ranked though never drivers.
    let toggle = doc.select(&sel("input#show-vus")).next().unwrap();
    assert!(toggle.value().attr("checked").is_some());
    let css: String = doc.select(&sel("style")).map(text).collect();
    assert!(css.contains("#show-vus:not(:checked) ~ .onco .vus { display: none; }"));
    let genes: Vec<String> = doc
        .select(&sel(".onco-labels .gene-freq > text:not(.freq)"))
        .map(text)
        .collect();
    for g in ["DNMT3A", "NPM1"] {
        assert!(genes.contains(&g.to_string()), "{g} not drawn: {genes:?}");
    }
    let aml_cells = doc
        .select(&sel("svg.onco-grid .cell"))
        .filter(|c| {
            let stem = c
                .value()
                .attr("href")
                .unwrap()
                .trim_start_matches("./S")
                .trim_end_matches(".html");
            synth[stem.parse::<usize>().unwrap()].tumor_type == "AML"
        })
        .collect::<Vec<_>>();
    assert!(!aml_cells.is_empty());
    assert!(
        aml_cells.iter().all(|c| c.value().attr("class") == Some("cell vus")),
        "AML cells are VUS"
    );
    // Frequencies: one per gene, percent of the 80 readable patients.
    let freq: Vec<String> = doc.select(&sel(".onco-labels text.freq")).map(text).collect();
    assert_eq!(freq.len(), genes.len());
    assert!(genes.len() <= 30 && genes.len() >= 15, "{} genes", genes.len());
    let first_title = text(doc.select(&sel(".onco-labels .gene-freq title")).next().unwrap());
    let n: f64 = first_title
        .split(": ")
        .nth(1)
        .unwrap()
        .split(' ')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(freq[0], format!("{:.0} %", n * 100.0 / 80.0), "{first_title}");
    // Clinical tracks: one cell per column each, with titles.
    let tracks: Vec<ElementRef> = doc.select(&sel("svg.onco-grid g.track")).collect();
    assert_eq!(tracks.len(), 3);
    for (tr, word) in tracks.iter().zip([": tumour type ", ": TMB ", ": MSI "]) {
        let titles: Vec<String> = tr.select(&sel("rect > title")).map(text).collect();
        assert_eq!(titles.len(), 80, "{word}");
        assert!(titles.iter().all(|t| t.contains(word)), "{word}");
    }
    assert!(text(tracks[0]).contains("S0003: tumour type AML"));
    // TMB histogram: adaptive log bins holding every patient with a value.
    let bars: Vec<String> = doc.select(&sel("#tmb svg rect > title")).map(text).collect();
    let with_tmb = synth.iter().filter(|s| s.tmb.is_some()).count();
    assert_eq!(bars.len(), 8, "Sturges: ceil(log2 {with_tmb}) + 1 bins: {bars:?}");
    let counted: usize = bars
        .iter()
        .map(|b| {
            b.split(": ")
                .nth(1)
                .unwrap()
                .split(' ')
                .next()
                .unwrap()
                .parse::<usize>()
                .unwrap()
        })
        .sum();
    assert_eq!(counted, with_tmb);
    assert!(text(doc.select(&sel("#tmb")).next().unwrap()).contains("log scale"));
    // Signatures heatmap: the made-up SBS3/SBS4/SBS6 set, one column per fitted patient.
    let heat = doc.select(&sel("#signatures")).next().expect("a signatures heatmap");
    let rows: Vec<String> = heat.select(&sel(".onco-labels text:not(.muted)")).map(text).collect();
    assert!(rows.contains(&"SBS6".to_string()), "{rows:?}");
    let cell_titles: Vec<String> = heat.select(&sel("rect.heat > title")).map(text).collect();
    assert_eq!(cell_titles.len(), 20 * rows.len(), "20 fitted patients (one in four)");
    assert!(
        cell_titles.iter().all(|t| t.contains(" % of ") && t.ends_with("(3.9)")),
        "{:?}",
        &cell_titles[..2]
    );
    // The table: every patient and the failure, TMB sortable by value.
    let trs: Vec<ElementRef> = doc.select(&sel("#patient-table tbody tr")).collect();
    assert_eq!(trs.len(), 81);
    assert_eq!(doc.select(&sel("#patient-table tbody tr.failed")).count(), 1);
    assert!(text(trs[0]).contains(HOSTILE), "hostile ID shown as text");
    assert_eq!(doc.select(&sel("#patient-table th[data-type=num]")).count(), 2);
    assert!(
        doc.select(&sel("#patient-filter[hidden]")).next().is_some(),
        "filter hidden without JS"
    );
}

#[test]
fn no_signature_fits_no_heatmap() {
    let d = tempfile::tempdir().unwrap();
    let t = templates(&root(), d.path());
    let dir = d.path().join("reports");
    std::fs::create_dir(&dir).unwrap();
    write_cohort(&dir, 6, &t[..3]);
    let doc = cohort_page(&dir);
    assert_eq!(doc.select(&sel("#signatures")).count(), 0);
    assert_eq!(doc.select(&sel("#patient-table tbody tr")).count(), 6);
}

/// Above 1,000 patients the page shows the 1,000 most altered and says so; the gene frequencies
/// and the TMB histogram still count every patient.
#[test]
fn a_large_cohort_is_capped_with_a_note() {
    let d = tempfile::tempdir().unwrap();
    let t = templates(&root(), d.path());
    let reports = d.path().join("reports");
    std::fs::create_dir(&reports).unwrap();
    let n = 1_100;
    let synth = write_cohort(&reports, n, &t);
    let doc = cohort_page(&reports);
    let note = text(doc.select(&sel("#cohort-cap")).next().expect("the cap note"));
    assert!(
        note.starts_with(&format!(
            "Showing 1000 of {n} patients with a report, the most altered first"
        )),
        "{note}"
    );
    assert!(note.contains("the full cohort is in cohort.tsv"), "{note}");
    assert_eq!(doc.select(&sel("#patient-table tbody tr")).count(), 1000);
    // The histogram counts every patient with a TMB value.
    let with_tmb = synth.iter().filter(|s| s.tmb.is_some()).count();
    let bars: usize = doc
        .select(&sel("#tmb svg rect > title"))
        .filter_map(|t| {
            text(t)
                .split(':')
                .next_back()?
                .split_whitespace()
                .next()?
                .parse::<usize>()
                .ok()
        })
        .sum();
    assert_eq!(bars, with_tmb, "histogram over all {n} patients");
    // Frequencies over all patients: the first gene's count ≤ n, its percent of n.
    let title = text(doc.select(&sel("#oncoprint .gene-freq title")).next().unwrap());
    let count: usize = title
        .split(": ")
        .nth(1)
        .unwrap()
        .split_whitespace()
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let percent = format!("({:.0} %)", count as f64 * 100.0 / n as f64);
    assert!(title.contains(&percent), "{title} vs {percent}");
    assert!(count > 1000 / 4, "{title}");
}
