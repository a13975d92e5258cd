//! A real browser: Debian's headless `chromium` loads the demo and the hostile report from
//! `file://` and dumps its DOM. The DOM shows the expected text and no injected element.
//! Skipped (with a `SKIPPED:` message) when `/usr/bin/chromium` is absent.

#[path = "common/cdp.rs"]
mod cdp;
#[path = "browser/cohort.rs"]
mod cohort_page;
#[path = "support/cohort_synth.rs"]
mod cohort_synth;
mod common;

use common::{fixture, root};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const CHROMIUM: &str = "/usr/bin/chromium";
const HOSTILE_SAMPLE: &str = "<img src=x onerror=alert(1)>";
const HOSTILE_PATIENT: &str = "<script>alert(1)</script>";

fn chromium() -> Option<&'static Path> {
    let p = Path::new(CHROMIUM);
    if p.exists() {
        Some(p)
    } else {
        eprintln!("SKIPPED: {CHROMIUM} is absent (apt-get install chromium)");
        None
    }
}

/// `chromium --headless … --dump-dom file://<page>`, killed after 90 s.
fn dump_dom(browser: &Path, page: &Path) -> String {
    let profile = tempfile::tempdir().unwrap();
    let out_file = profile.path().join("dom.html");
    let out = std::fs::File::create(&out_file).unwrap();
    let mut child = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ])
        .arg(format!("--user-data-dir={}", profile.path().join("profile").display()))
        .arg("--dump-dom")
        .arg(format!("file://{}", page.display()))
        .stdin(Stdio::null())
        .stdout(out)
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            assert!(status.success(), "chromium failed: {status}");
            break;
        }
        if start.elapsed() > Duration::from_secs(90) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("chromium did not finish within 90 s");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    std::fs::read_to_string(&out_file).unwrap()
}

fn render(vcf: &Path, out: &Path, extra: &[&str]) {
    let o = assert_cmd::Command::cargo_bin("oncoprofile")
        .unwrap()
        .current_dir(root())
        .arg("report")
        .arg(vcf)
        .args(["-O", "html", "--report-date", "2026-01-02", "-q", "-o"])
        .arg(out)
        .args(extra)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

fn elements(dom: &str, sel: &str) -> usize {
    let doc = scraper::Html::parse_document(dom);
    doc.select(&scraper::Selector::parse(sel).unwrap()).count()
}

fn body_text(dom: &str) -> String {
    let doc = scraper::Html::parse_document(dom);
    let body = scraper::Selector::parse("body").unwrap();
    doc.select(&body).flat_map(|e| e.text()).collect()
}

#[test]
fn demo_report_in_a_browser() {
    let Some(browser) = chromium() else { return };
    let d = tempfile::tempdir().unwrap();
    let page = d.path().join("demo.html");
    render(
        &fixture("demo/demo_nec.vcf.gz"),
        &page,
        &["--tumor-type", "NEC", "--assay", "WES"],
    );
    let dom = dump_dom(browser, &page);
    let text = body_text(&dom);
    for want in [
        "DEMO_NEC_T",
        "For research use only",
        "BRAF",
        "p.V600E",
        "TP53",
        "RB1",
        "TMB low",
        "5.8 mut/Mb",
        "MSS",
        "dabrafenib + trametinib",
        "approved for any solid tumour",
    ] {
        assert!(text.contains(want), "{want} not shown");
    }
    // The one script is the page's own print helper.
    assert_eq!(elements(&dom, "script"), 1);
}

/// Warnings in a real browser: each shown once (never with and without its `TMB:`/`MSI:`
/// prefix), as many as the JSON lists, the key caveat first; method notes are not warnings.
#[test]
fn warnings_unique_in_a_browser() {
    let Some(chromium) = chromium() else { return };
    let d = tempfile::tempdir().unwrap();
    let vcf = fixture("biomarkers/msi_h_plain.vcf");
    let page = d.path().join("warn.html");
    render(&vcf, &page, &[]);
    let o = assert_cmd::Command::cargo_bin("oncoprofile")
        .unwrap()
        .arg("report")
        .arg(&vcf)
        .arg("-q")
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let want = json["warnings"].as_array().unwrap().len();
    let mut b = cdp::Browser::start(chromium);
    b.open(&page);
    let shown = b.eval(
        "Array.from(document.querySelectorAll('#key-caveat, #warnings li')).filter(e => e.getClientRects().length > 0).map(e => e.textContent)",
    );
    let shown: Vec<String> = shown
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect();
    assert!(want >= 5, "{json}");
    assert_eq!(shown.len(), want, "{shown:?}");
    for w in &shown {
        let bare = w.strip_prefix("TMB: ").or(w.strip_prefix("MSI: ")).unwrap_or(w);
        assert_eq!(
            shown.iter().filter(|x| x.ends_with(bare)).count(),
            1,
            "{w} twice: {shown:?}"
        );
    }
    assert_eq!(shown[0], json["key_caveat"].as_str().unwrap());
}

#[test]
fn hostile_report_in_a_browser() {
    let Some(browser) = chromium() else { return };
    let d = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(fixture("therapies/braf_v600e.vcf")).unwrap();
    let vcf = d.path().join("hostile.vcf");
    std::fs::write(&vcf, text.replace("BRAF_PT_T", HOSTILE_SAMPLE)).unwrap();
    let page = d.path().join("hostile.html");
    render(&vcf, &page, &["--patient", HOSTILE_PATIENT]);
    let dom = dump_dom(browser, &page);
    assert_eq!(
        elements(&dom, "script"),
        1,
        "injected script (the page has its print script)"
    );
    assert_eq!(elements(&dom, "img"), 0, "injected image");
    assert_eq!(elements(&dom, "[onerror]"), 0, "injected handler");
    let text = body_text(&dom);
    assert!(text.contains(HOSTILE_PATIENT), "patient id not shown as text");
    assert!(text.contains(HOSTILE_SAMPLE), "sample name not shown as text");
}

/// How many elements inside `<details>` (the summary aside) are rendered, and how many there are.
const DETAILS_SHOWN: &str = "(() => { const all = [...document.querySelectorAll('details > :not(summary)')]; \
    return [all.filter(e => e.checkVisibility()).length, all.length]; })()";

fn demo_page(dir: &Path) -> std::path::PathBuf {
    let page = dir.join("demo.html");
    render(
        &fixture("demo/demo_nec.vcf.gz"),
        &page,
        &["--tumor-type", "NEC", "--assay", "WES"],
    );
    page
}

#[test]
fn print_shows_every_details_content_even_without_javascript() {
    let Some(chromium) = chromium() else { return };
    let d = tempfile::tempdir().unwrap();
    let page = demo_page(d.path());
    let mut b = cdp::Browser::start(chromium);
    b.scripts(false);
    b.viewport(1000, 1400, false);
    b.open(&page);
    // On screen the <details> are closed: their content is not rendered.
    let screen = b.eval(DETAILS_SHOWN);
    let total = screen[1].as_u64().unwrap();
    assert!(total >= 6, "evidence ×4, other alterations, parameters: {screen}");
    assert_eq!(screen[0], 0, "closed on screen: {screen}");
    // Print media (JavaScript off): the print stylesheet shows every one.
    b.media("print");
    let print = b.eval(DETAILS_SHOWN);
    assert_eq!(print[0].as_u64(), Some(total), "printed: {print}");
    assert_eq!(
        b.eval("getComputedStyle(document.querySelector('.cards')).breakInside"),
        "avoid",
        "summary cards kept on one page"
    );
    let pdf = b.call(
        "Page.printToPDF",
        serde_json::json!({"paperWidth": 8.27, "paperHeight": 11.69}),
        true,
    );
    assert!(pdf["data"].as_str().is_some_and(|s| s.len() > 10_000), "a PDF");
}

#[test]
fn beforeprint_opens_the_details_and_afterprint_closes_them() {
    let Some(chromium) = chromium() else { return };
    let d = tempfile::tempdir().unwrap();
    let page = demo_page(d.path());
    let mut b = cdp::Browser::start(chromium);
    b.open(&page);
    let open = "document.querySelectorAll('details[open]').length";
    assert_eq!(b.eval(open), 0);
    b.eval("dispatchEvent(new Event('beforeprint'))");
    let n = b.eval("document.querySelectorAll('details').length");
    assert_eq!(b.eval(open), n);
    b.eval("dispatchEvent(new Event('afterprint'))");
    assert_eq!(b.eval(open), 0);
}

#[test]
fn driver_table_stacks_on_a_phone() {
    let Some(chromium) = chromium() else { return };
    let d = tempfile::tempdir().unwrap();
    let page = demo_page(d.path());
    let mut b = cdp::Browser::start(chromium);
    b.viewport(375, 800, true);
    b.open(&page);
    assert_eq!(b.eval("innerWidth"), 375);
    assert_eq!(
        b.eval("getComputedStyle(document.querySelector('#driver-table td')).display"),
        "block"
    );
    assert_eq!(
        b.eval("getComputedStyle(document.querySelector('#driver-table thead')).display"),
        "none"
    );
    // Nothing scrolls sideways: the table fits its box, the page fits the screen.
    let wrap = b.eval("(() => { const w = document.querySelector('#drivers .table-wrap'); return [w.scrollWidth, w.clientWidth]; })()");
    assert!(wrap[0].as_u64() <= wrap[1].as_u64(), "driver table scrolls: {wrap}");
    let label = b.eval("getComputedStyle(document.querySelector('#driver-table td'), '::before').content");
    assert_eq!(label, "\"Gene: \"");
    // On a desktop it is a table.
    b.viewport(1100, 800, false);
    assert_eq!(
        b.eval("getComputedStyle(document.querySelector('#driver-table td')).display"),
        "table-cell"
    );
}

/// The README screenshots of the demo report (desktop, phone, print), written to the directory
/// `ONCOPROFILE_SCREENSHOTS` names: `docs/screenshots/make.sh` runs this (ignored in the suite).
#[test]
#[ignore]
fn screenshots() {
    let Some(chromium) = chromium() else { return };
    let Some(out) = std::env::var_os("ONCOPROFILE_SCREENSHOTS") else {
        eprintln!("SKIPPED: set ONCOPROFILE_SCREENSHOTS to the output directory");
        return;
    };
    let out = std::path::PathBuf::from(out);
    let d = tempfile::tempdir().unwrap();
    let page = demo_page(d.path());
    let mut b = cdp::Browser::start(chromium);
    // Desktop: the first screen.
    b.viewport(1200, 900, false);
    b.open(&page);
    std::fs::write(out.join("desktop.png"), b.screenshot(1200, 900, 0.75)).unwrap();
    // Phone: the first screens, down to the stacked driver table.
    b.viewport(390, 844, true);
    b.open(&page);
    let h = b.eval("Math.ceil(document.querySelector('#drivers').getBoundingClientRect().bottom)");
    let h = h.as_f64().unwrap().min(2600.0) as u32;
    std::fs::write(out.join("phone.png"), b.screenshot(390, h, 0.6)).unwrap();
    // Print (the A4 text width, 186 mm, with the print stylesheet): the evidence is expanded.
    b.media("print");
    b.viewport(703, 1000, false);
    b.open(&page);
    let h = b.eval("Math.ceil(document.querySelector('#therapies').getBoundingClientRect().top)");
    let h = h.as_f64().unwrap().min(2400.0) as u32;
    std::fs::write(out.join("print.png"), b.screenshot(703, h, 0.65)).unwrap();
}
