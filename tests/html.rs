//! The HTML and TSV outputs: structure (parsed with `scraper`), escaping of hostile names,
//! self-containment, `render` = `report -O html`, TSV columns, and `batch --formats`.

mod common;

use common::{fixture, root};
use scraper::{Html, Selector};
use std::path::{Path, PathBuf};

pub const HOSTILE_SAMPLE: &str = "<img src=x onerror=alert(1)>";
pub const HOSTILE_PATIENT: &str = "<script>alert(1)</script>";
const DATE: &str = "2026-01-02";

fn bin() -> assert_cmd::Command {
    let mut c = assert_cmd::Command::cargo_bin("oncoprofile").unwrap();
    c.current_dir(root()).env_remove("SOURCE_DATE_EPOCH");
    c
}

fn run_ok(args: &[&str]) -> std::process::Output {
    let out = bin().args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn report_html(vcf: &Path, extra: &[&str]) -> String {
    let mut args = vec![
        "report",
        vcf.to_str().unwrap(),
        "-O",
        "html",
        "--report-date",
        DATE,
        "-q",
    ];
    args.extend_from_slice(extra);
    String::from_utf8(run_ok(&args).stdout).unwrap()
}

fn demo_html() -> String {
    report_html(
        &fixture("demo/demo_nec.vcf.gz"),
        &["--tumor-type", "NEC", "--assay", "WES"],
    )
}

/// A copy of a therapy fixture whose tumour sample is named like an HTML element.
pub fn hostile_vcf(dir: &Path) -> PathBuf {
    let text = std::fs::read_to_string(fixture("therapies/braf_v600e.vcf")).unwrap();
    let p = dir.join("hostile.vcf");
    std::fs::write(&p, text.replace("BRAF_PT_T", HOSTILE_SAMPLE)).unwrap();
    p
}

fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap()
}

fn text_of(doc: &Html, s: &str) -> String {
    doc.select(&sel(s))
        .map(|e| e.text().collect::<String>())
        .collect::<Vec<_>>()
        .join(" ")
}

/// No iframe, object or embed; no external resource (src of images/scripts, stylesheet links);
/// a script only inline, fetching nothing (the report's print script); `href`s are PubMed/FDA
/// links or relative.
fn assert_self_contained(doc: &Html) {
    for s in doc.select(&sel("script")) {
        let code: String = s.text().collect();
        for bad in ["fetch", "XMLHttpRequest", "import", "http", "src", "eval"] {
            assert!(!code.contains(bad), "script uses {bad}: {code}");
        }
    }
    for bad in ["iframe", "object", "embed", "img", "link[rel=stylesheet]", "base"] {
        assert_eq!(doc.select(&sel(bad)).count(), 0, "<{bad}> in the page");
    }
    if let Some(e) = doc.select(&sel("[src]")).next() {
        panic!("element with src: {:?}", e.value());
    }
    for e in doc.select(&sel("[href]")) {
        let h = e.value().attr("href").unwrap();
        assert_eq!(e.value().name(), "a", "href on <{}>", e.value().name());
        assert!(
            h.starts_with("https://pubmed.ncbi.nlm.nih.gov/")
                || h.starts_with("https://www.accessdata.fda.gov/")
                || h.starts_with("./"),
            "unexpected link {h}"
        );
    }
    for e in doc.select(&sel("*")) {
        for (name, _) in e.value().attrs() {
            assert!(!name.starts_with("on"), "event handler attribute {name}");
        }
    }
}

#[test]
fn demo_report_sections_and_content() {
    let page = demo_html();
    let doc = Html::parse_document(&page);
    for id in [
        "patient",
        "disclaimer",
        "summary",
        "drivers",
        "therapies",
        "interpretation",
        "vus",
        "methods",
    ] {
        assert_eq!(doc.select(&sel(&format!("#{id}"))).count(), 1, "section #{id}");
    }
    assert!(doc.select(&sel("meta[name=viewport]")).next().is_some());
    assert!(page.contains("@media print") && page.contains("size: A4"));
    let head = text_of(&doc, "#patient");
    assert!(head.contains("DEMO_NEC_T"), "{head}");
    assert!(head.contains("Poorly differentiated neuroendocrine carcinoma"));
    assert!(head.contains("For research use only"));
    assert!(head.contains(DATE));
    let drivers = text_of(&doc, "#drivers table");
    for d in ["BRAF", "p.V600E", "RB1", "TSC2", "TP53", "p.R273H", "31.6 %", "115"] {
        assert!(drivers.contains(d), "{d} missing from drivers: {drivers}");
    }
    let tmb = text_of(&doc, "#summary-tmb");
    assert!(
        tmb.contains("5.8") && tmb.contains("low") && tmb.contains("10"),
        "{tmb}"
    );
    assert_eq!(doc.select(&sel("#summary-tmb svg")).count(), 1, "TMB gauge");
    let msi = text_of(&doc, "#summary-msi");
    assert!(msi.contains("MSS") && msi.contains("high"), "{msi}");
    let lead = text_of(&doc, "#summary-therapies");
    assert!(
        lead.contains("dabrafenib + trametinib") && lead.contains("approved for any solid tumour"),
        "{lead}"
    );
    let th = text_of(&doc, "#therapies");
    assert!(th.contains("approved in another tumour type"), "off-label apart: {th}");
    assert!(!page.contains("also: "), "rule ids in notes");
    assert!(!page.contains("NEC-DABRAFENIB-TRAMETINIB-BRAF"), "rule id in the page");
    assert!(
        doc.select(&sel("a[href^='https://www.accessdata.fda.gov/']")).count() > 0,
        "FDA label link"
    );
    // BRAF V600E colorectal: the BEACON trial (encorafenib + cetuximab) as a PubMed link.
    let crc = Html::parse_document(&report_html(
        &fixture("therapies/braf_v600e.vcf"),
        &["--tumor-type", "COADREAD", "--assay", "WES"],
    ));
    assert!(
        crc.select(&sel("a[href='https://pubmed.ncbi.nlm.nih.gov/31566309/']"))
            .count()
            > 0,
        "PubMed link"
    );
    assert!(doc.select(&sel("#vus details")).count() == 1, "VUS collapsed");
    let interp = text_of(&doc, "#interpretation");
    assert!(interp.contains("TP53 and RB1"), "{interp}");
    let methods = text_of(&doc, "#methods");
    assert!(methods.contains("6cffcdd82962b7cd4ec670bdc626a35478056fbd46f912eea2fdffc8beabcb38"));
    assert_self_contained(&doc);
}

#[test]
fn hostile_names_are_text() {
    let d = tempfile::tempdir().unwrap();
    let vcf = hostile_vcf(d.path());
    let page = report_html(&vcf, &["--patient", HOSTILE_PATIENT, "--tumor-type", "<b>NEC</b>"]);
    let doc = Html::parse_document(&page);
    assert_self_contained(&doc);
    // Only the page's own print script; the injected one is text.
    assert_eq!(doc.select(&sel("script")).count(), 1);
    assert_eq!(doc.select(&sel("b")).count(), 0);
    let body = text_of(&doc, "body");
    assert!(body.contains(HOSTILE_PATIENT), "patient id shown as text");
    assert!(body.contains(HOSTILE_SAMPLE), "sample name shown as text");
    assert!(text_of(&doc, "title").contains(HOSTILE_PATIENT));
    // The TSV and the stderr summary keep them as plain text too.
    let out = run_ok(&[
        "report",
        vcf.to_str().unwrap(),
        "-O",
        "tsv",
        "--patient",
        HOSTILE_PATIENT,
    ]);
    let tsv = String::from_utf8(out.stdout).unwrap();
    assert!(tsv.lines().nth(1).unwrap().starts_with(HOSTILE_PATIENT));
    let err = String::from_utf8(out.stderr).unwrap();
    // Warnings first, then the one summary line.
    let summary: Vec<&str> = err
        .lines()
        .filter(|l| !l.starts_with("oncoprofile: warning: "))
        .collect();
    assert_eq!(summary.len(), 1, "{err}");
    assert!(
        err.contains(HOSTILE_PATIENT) && err.contains("BRAF p.V600E") && err.contains("warnings"),
        "{err}"
    );
}

#[test]
fn render_equals_report_html() {
    let d = tempfile::tempdir().unwrap();
    let json = d.path().join("p.json");
    let html = d.path().join("p.html");
    let vcf = fixture("demo/demo_nec.vcf.gz");
    let v = vcf.to_str().unwrap();
    let common = ["--tumor-type", "NEC", "--assay", "WES", "-q"];
    let mut a = vec!["report", v, "-o", json.to_str().unwrap()];
    a.extend_from_slice(&common);
    run_ok(&a);
    run_ok(&[
        "render",
        json.to_str().unwrap(),
        "-O",
        "html",
        "-o",
        html.to_str().unwrap(),
        "--report-date",
        DATE,
    ]);
    assert_eq!(std::fs::read_to_string(&html).unwrap(), demo_html());
    // SOURCE_DATE_EPOCH fixes the date too (2026-01-02 00:00:00 UTC).
    let out = bin()
        .env("SOURCE_DATE_EPOCH", "1767312000")
        .args(["render", json.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(String::from_utf8(out.stdout).unwrap(), demo_html());
    // TSV through render equals report -O tsv.
    let mut t = vec!["report", v, "-O", "tsv"];
    t.extend_from_slice(&common);
    let direct = run_ok(&t).stdout;
    let rendered = run_ok(&["render", json.to_str().unwrap(), "-O", "tsv"]).stdout;
    assert_eq!(direct, rendered);
}

#[test]
fn render_refuses_other_major_and_bad_dates() {
    let d = tempfile::tempdir().unwrap();
    let p = d.path().join("future.json");
    std::fs::write(&p, r#"{"schema_version": "2.0", "patient": {}}"#).unwrap();
    let out = bin().args(["render", p.to_str().unwrap()]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("major version differs"));
    let out = bin()
        .args([
            "report",
            "test-data/demo/demo_nec.vcf.gz",
            "-O",
            "html",
            "--report-date",
            "2026-13-01",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let out = bin()
        .args(["report", "test-data/demo/demo_nec.vcf.gz", "-O", "pdf"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn tsv_columns_and_values() {
    let out = run_ok(&[
        "report",
        "test-data/demo/demo_nec.vcf.gz",
        "--tumor-type",
        "NEC",
        "--assay",
        "WES",
        "-O",
        "tsv",
        "-q",
    ]);
    let text = String::from_utf8(out.stdout).unwrap();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split('\t').collect();
    assert_eq!(
        header,
        [
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
            "therapies"
        ]
    );
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split('\t').collect()).collect();
    // 25 alterations, then the TMB in context (NEC: no reference for the type, said in words).
    assert_eq!(rows.len(), 26);
    assert!(rows.iter().all(|r| r.len() == header.len()));
    let tmb = rows.last().unwrap();
    assert_eq!((tmb[4], tmb[7]), ("<TMB>", "tmb_context"));
    assert!(
        tmb[8].starts_with("TMB 5.8 mut/Mb: no published TMB reference for NEC"),
        "{}",
        tmb[8]
    );
    let braf = rows
        .iter()
        .find(|r| r[5] == "BRAF" && r[8] == "p.V600E")
        .expect("BRAF row");
    assert_eq!(braf[0], "DEMO_NEC_T");
    assert_eq!(&braf[1..5], ["chr7", "140753336", "A", "T"]);
    assert_eq!(braf[10], "0.316");
    assert_eq!(braf[11], "115");
    assert_eq!(braf[13], "oncogenic");
    assert_eq!(braf[14], "true");
    assert_eq!(braf[16], "IA");
    assert_eq!(braf[17], "I-C");
    assert!(braf[18].starts_with("dabrafenib + trametinib [IA]"), "{}", braf[18]);
}

#[test]
fn batch_writes_every_format_and_cohort_pages() {
    let d = tempfile::tempdir().unwrap();
    let out = d.path().join("out");
    let o = out.to_str().unwrap();
    // A manifest: its patient IDs are the reports' IDs, so a re-run reuses them.
    let manifest = d.path().join("m.tsv");
    let mut m = String::from("patient\tvcf\n");
    for (p, f) in [
        ("demo_nec", "test-data/demo/demo_nec.vcf.gz"),
        ("braf_v600e", "test-data/therapies/braf_v600e.vcf"),
        ("kras_g12c", "test-data/therapies/kras_g12c.vcf"),
    ] {
        m.push_str(&format!("{p}\t{}\n", root().join(f).display()));
    }
    std::fs::write(&manifest, m).unwrap();
    let args = [
        "batch",
        "--manifest",
        manifest.to_str().unwrap(),
        "--tumor-type",
        "NEC",
        "--outdir",
        o,
        "--formats",
        "json,html,tsv",
        "--report-date",
        DATE,
        "-q",
    ];
    run_ok(&args);
    let mut names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    // The outdir lock stays (an flock on it is the lock); no other dot-file remains.
    let mut want = vec![
        ".oncoprofile.lock",
        "cohort.html",
        "cohort.json",
        "cohort.tsv",
        "cohort_alterations.tsv",
    ];
    for p in ["braf_v600e", "demo_nec", "kras_g12c"] {
        for e in ["html", "json", "tsv"] {
            want.push(Box::leak(format!("{p}.{e}").into_boxed_str()));
        }
    }
    want.sort();
    assert_eq!(names, want);
    let cohort = std::fs::read_to_string(out.join("cohort.html")).unwrap();
    let doc = Html::parse_document(&cohort);
    // Self-contained but for one inline script: checked in tests/cohort_html.rs.
    // Labels and frequencies, and the grid (tests/cohort_html.rs checks the page in detail).
    assert_eq!(doc.select(&sel("#oncoprint svg.onco-labels")).count(), 1);
    assert_eq!(doc.select(&sel("#oncoprint svg.onco-grid")).count(), 1);
    // No TMB without a denominator (no --assay/--targets here): no histogram, and said so.
    assert_eq!(doc.select(&sel("#tmb svg")).count(), 0);
    assert!(text_of(&doc, "#tmb").contains("No patient has a TMB value."));
    assert_eq!(doc.select(&sel("#patients tbody tr")).count(), 3);
    assert_eq!(doc.select(&sel("#patients a[href='./demo_nec.html']")).count(), 1);
    assert!(text_of(&doc, "#oncoprint").contains("BRAF"));
    let alt = std::fs::read_to_string(out.join("cohort_alterations.tsv")).unwrap();
    let per: usize = ["braf_v600e", "demo_nec", "kras_g12c"]
        .iter()
        .map(|p| {
            std::fs::read_to_string(out.join(format!("{p}.tsv")))
                .unwrap()
                .lines()
                .count()
                - 1
        })
        .sum();
    assert_eq!(alt.lines().count() - 1, per);
    // Resume: nothing recomputed, the missing HTML written again from the reused JSON, byte-identical.
    let before = std::fs::read(out.join("kras_g12c.html")).unwrap();
    std::fs::remove_file(out.join("kras_g12c.html")).unwrap();
    run_ok(&args);
    assert_eq!(std::fs::read(out.join("kras_g12c.html")).unwrap(), before);
    let rows = std::fs::read_to_string(out.join("cohort.tsv")).unwrap();
    assert!(
        rows.lines().skip(1).all(|l| l.contains("\ttrue\t")),
        "all reused: {rows}"
    );
    // cohort --formats rebuilds the pages from the reports.
    let again = d.path().join("again");
    run_ok(&[
        "cohort",
        "--reports-dir",
        o,
        "--outdir",
        again.to_str().unwrap(),
        "--formats",
        "html,tsv",
        "--report-date",
        DATE,
    ]);
    assert_eq!(
        std::fs::read_to_string(again.join("cohort_alterations.tsv"))
            .unwrap()
            .lines()
            .count(),
        alt.lines().count()
    );
    assert!(again.join("cohort.html").is_file());
}

/// The texts of the warnings shown: the key caveat and the others.
fn shown_warnings(doc: &Html) -> Vec<String> {
    doc.select(&sel("#key-caveat, #warnings li"))
        .map(|e| e.text().collect::<String>())
        .collect()
}

fn report_json(vcf: &Path, extra: &[&str]) -> serde_json::Value {
    let mut args = vec!["report", vcf.to_str().unwrap(), "-q"];
    args.extend_from_slice(extra);
    serde_json::from_slice(&run_ok(&args).stdout).unwrap()
}

#[test]
fn warnings_once_and_method_notes_in_methods() {
    // Tumour-only, unannotated: TMB and MSI warnings, each also in its stage's own list.
    let vcf = fixture("biomarkers/msi_h_plain.vcf");
    let json = report_json(&vcf, &[]);
    let want: Vec<&str> = json["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w.as_str().unwrap())
        .collect();
    assert!(want.len() >= 5, "{want:?}");
    let doc = Html::parse_document(&report_html(&vcf, &[]));
    let shown = shown_warnings(&doc);
    assert_eq!(shown.len(), want.len(), "{shown:?}");
    for w in &shown {
        assert!(want.contains(&w.as_str()), "{w}");
        // Never once with and once without its stage prefix.
        let bare = w.strip_prefix("TMB: ").or(w.strip_prefix("MSI: ")).unwrap_or(w);
        assert_eq!(shown.iter().filter(|x| x.ends_with(bare)).count(), 1, "{w} twice");
    }
    let heading = text_of(&doc, "#warnings h3");
    assert_eq!(heading, format!("Other warnings ({})", want.len() - 1));
    let key = json["key_caveat"].as_str().unwrap();
    assert_eq!(text_of(&doc, "#key-caveat"), key);
    // The missing tumour type outranks the MSI, TMB and input warnings.
    assert!(key.starts_with("no tumour type given"), "{key}");

    // The demo's counting region is a method note: no warning, shown in Methods.
    let json = report_json(
        &fixture("demo/demo_nec.vcf.gz"),
        &["--tumor-type", "NEC", "--assay", "WES"],
    );
    assert_eq!(json["warnings"].as_array().unwrap().len(), 0);
    assert!(json.get("key_caveat").is_none());
    let notes = json["method_notes"].as_array().unwrap();
    assert_eq!(notes.len(), 1);
    assert!(notes[0]
        .as_str()
        .unwrap()
        .starts_with("MSI: counting region: passing variants whose VEP/SnpEff consequence is exonic"));
    // The MSI stage's own list keeps its statement of method (unchanged for readers of it).
    assert_eq!(json["biomarkers"]["msi"]["warnings"].as_array().unwrap().len(), 1);
    let doc = Html::parse_document(&demo_html());
    assert_eq!(doc.select(&sel("#warnings")).count(), 0);
    assert!(text_of(&doc, "#method-notes").contains("counting region"));
}

#[test]
fn demo_reads_for_people() {
    let page = demo_html();
    let doc = Html::parse_document(&page);
    let body = text_of(&doc, "body").to_lowercase();
    assert_eq!(body.matches("research use only").count(), 1, "the disclaimer once");
    assert_eq!(
        text_of(&doc, "#disclaimer").matches("For research use only.").count(),
        1
    );
    let methods = text_of(&doc, "#methods");
    assert!(methods.contains("4 alleles removed: depth < 20"), "{methods}");
    assert!(methods.contains("53 alleles removed: FILTER not PASS"), "{methods}");
    assert!(methods.contains("VAF ≥ 5 %"), "{methods}");
    let msi = text_of(&doc, "#summary-msi");
    assert!(msi.contains("score 0.105 (threshold 0.395)"), "{msi}");
    let tmb = text_of(&doc, "#summary-tmb");
    assert!(tmb.contains("95 % interval 5.0–6.7"), "{tmb}");
    // One hotspot, one evidence line, naming the strongest match.
    let braf: Vec<String> = doc
        .select(&sel("#drivers details li"))
        .map(|e| e.text().collect::<String>())
        .filter(|t| t.contains("known hotspot BRAF V600"))
        .collect();
    assert_eq!(braf.len(), 1, "{braf:?}");
    assert!(braf[0].contains("matched by genomic allele"), "{braf:?}");
    // Every driver cell is labelled for the stacked phone layout.
    assert_eq!(doc.select(&sel("#driver-table tbody td[data-label]")).count(), 40);
    assert!(page.contains("details::details-content") && page.contains("beforeprint"));
}

#[test]
fn indeterminate_tmb_has_no_gauge_and_one_decimal() {
    // Unannotated input with a denominator: a value, but not comparable with the threshold.
    let vcf = fixture("therapies/braf_v600e.vcf");
    let json = report_json(&vcf, &["--target-mb", "0.3"]);
    let tmb = &json["biomarkers"]["tmb"];
    assert_eq!(tmb["status"], "indeterminate");
    let v = tmb["value"].as_f64().unwrap();
    let doc = Html::parse_document(&report_html(&vcf, &["--target-mb", "0.3"]));
    assert_eq!(doc.select(&sel("#summary-tmb svg")).count(), 0, "no gauge");
    let text = text_of(&doc, "#summary-tmb");
    assert!(text.contains(&format!("{v:.1} mut/Mb")), "{text}");
    assert!(
        !text.contains(&format!("{v} mut/Mb")) || format!("{v}") == format!("{v:.1}"),
        "{text}"
    );
}

#[test]
fn compound_alleles_are_one_therapy_row() {
    let d = tempfile::tempdir().unwrap();
    let maf = d.path().join("egfr.maf");
    let head = "Hugo_Symbol\tNCBI_Build\tChromosome\tStart_Position\tEnd_Position\tVariant_Classification\tVariant_Type\tReference_Allele\tTumor_Seq_Allele1\tTumor_Seq_Allele2\tTumor_Sample_Barcode\tHGVSp_Short\tt_depth\tt_ref_count\tt_alt_count\n";
    let rows = [
        "EGFR\tGRCh37\t7\t55249071\t55249071\tMissense_Mutation\tSNP\tC\tC\tT\tLUNG_1\tp.T790M\t100\t70\t30\n",
        "EGFR\tGRCh37\t7\t55259515\t55259515\tMissense_Mutation\tSNP\tT\tT\tG\tLUNG_1\tp.L858R\t100\t60\t40\n",
    ];
    std::fs::write(&maf, format!("{head}{}", rows.concat())).unwrap();
    let json = report_json(&maf, &["--tumor-type", "NSCLC"]);
    let osi = json["therapies"]["sensitivity"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["therapy"] == "osimertinib")
        .count();
    assert_eq!(osi, 2, "the JSON keeps one entry per rule");
    let doc = Html::parse_document(&report_html(&maf, &["--tumor-type", "NSCLC"]));
    let rows: Vec<String> = doc
        .select(&sel("#therapies tr"))
        .map(|e| e.text().collect::<String>())
        .filter(|t| t.contains("osimertinib targeted"))
        .collect();
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert!(
        rows[0].contains("EGFR p.T790M") && rows[0].contains("EGFR p.L858R"),
        "{rows:?}"
    );
    let lead: Vec<String> = doc
        .select(&sel("#summary-therapies li"))
        .map(|e| e.text().collect::<String>())
        .collect();
    assert_eq!(
        lead.iter().filter(|t| t.contains("osimertinib (")).count(),
        1,
        "{lead:?}"
    );
}

#[test]
fn tmb_against_the_tumour_type_reference() {
    let demo = fixture("demo/demo_nec.vcf.gz");
    let args = ["--tumor-type", "LCNEC", "--assay", "WES"];
    let json = report_json(&demo, &args);
    let r = &json["biomarkers"]["tmb"]["reference"];
    assert_eq!(r["tumor_type"], "LCNEC");
    assert_eq!(r["median"], 9.9);
    assert_eq!(r["position"], "below_median");
    assert_eq!(r["ratio_to_median"], 0.59, "5.8 / 9.9");
    assert!(r["source"].as_str().unwrap().contains("PMID 28420421"));
    assert!(r["caveat"].as_str().unwrap().contains("FoundationOne"));
    let doc = Html::parse_document(&report_html(&demo, &args));
    let ctx = text_of(&doc, "#tmb-context");
    assert!(
        ctx.starts_with("Below the median of lung large cell neuroendocrine carcinoma (9.9 mut/Mb; 0.59× the median)"),
        "{ctx}"
    );
    assert!(text_of(&doc, "#methods").contains("Sheet1!A9"));
    // No row for NEC (nor its ancestors): no reference, nothing shown.
    let json = report_json(&demo, &["--tumor-type", "NEC", "--assay", "WES"]);
    assert!(json["biomarkers"]["tmb"].get("reference").is_none());
    assert_eq!(
        Html::parse_document(&demo_html()).select(&sel("#tmb-context")).count(),
        0
    );
}

#[test]
fn demoted_options_never_lead() {
    // BRAF V600E with KRAS G12D in colorectal cancer: the KRAS anti-EGFR resistance demotes
    // encorafenib + cetuximab (ESCAT X).
    let d = tempfile::tempdir().unwrap();
    let maf = d.path().join("crc.maf");
    let head = "Hugo_Symbol\tNCBI_Build\tChromosome\tStart_Position\tEnd_Position\tVariant_Classification\tVariant_Type\tReference_Allele\tTumor_Seq_Allele1\tTumor_Seq_Allele2\tTumor_Sample_Barcode\tHGVSp_Short\tt_depth\tt_ref_count\tt_alt_count\n";
    let rows = [
        "BRAF\tGRCh37\t7\t140453136\t140453136\tMissense_Mutation\tSNP\tA\tA\tT\tCRC_1\tp.V600E\t100\t60\t40\n",
        "KRAS\tGRCh37\t12\t25398284\t25398284\tMissense_Mutation\tSNP\tC\tC\tT\tCRC_1\tp.G12D\t100\t60\t40\n",
    ];
    std::fs::write(&maf, format!("{head}{}", rows.concat())).unwrap();
    let json = report_json(&maf, &["--tumor-type", "COADREAD"]);
    let demoted: Vec<&str> = json["therapies"]["sensitivity"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["escat_tier"] == "X")
        .map(|t| t["therapy"].as_str().unwrap())
        .collect();
    assert!(!demoted.is_empty(), "{}", json["therapies"]);
    let doc = Html::parse_document(&report_html(&maf, &["--tumor-type", "COADREAD"]));
    let lead = text_of(&doc, "#summary-therapies");
    let table = text_of(&doc, "#therapies");
    for t in &demoted {
        assert!(!lead.contains(&format!("{t} (")), "{t} leads: {lead}");
        assert!(table.contains("Demoted by a resistance alteration"), "{table}");
    }
    let demoted_rows: Vec<String> = doc
        .select(&sel("#therapies-demoted + p + .table-wrap tbody tr"))
        .map(|e| e.text().collect::<String>())
        .collect();
    assert_eq!(demoted_rows.len(), demoted.len(), "{demoted_rows:?}");
    assert!(demoted_rows
        .iter()
        .all(|r| r.contains("demoted: a resistance alteration is present")));
}
