//! A real browser: Debian's headless `chromium` loads the demo and the hostile report from
//! `file://` and dumps its DOM. The DOM shows the expected text and no injected element.
//! Skipped (with a `SKIPPED:` message) when `/usr/bin/chromium` is absent.

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
    assert_eq!(elements(&dom, "script"), 0);
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
    assert_eq!(elements(&dom, "script"), 0, "injected script");
    assert_eq!(elements(&dom, "img"), 0, "injected image");
    assert_eq!(elements(&dom, "[onerror]"), 0, "injected handler");
    let text = body_text(&dom);
    assert!(text.contains(HOSTILE_PATIENT), "patient id not shown as text");
    assert!(text.contains(HOSTILE_SAMPLE), "sample name not shown as text");
}
