//! The cohort page of 1,000 synthetic patients in a real browser: built by `oncoprofile cohort`
//! from the reports, under 5 MB, nothing fetched; in headless Chromium at desktop and phone
//! widths the gene frequencies are on screen, the table sorts and filters, and the time to first
//! paint is printed (recorded, not asserted: this machine's timing says little).
//!
//! The timing and the checks come from a probe script appended to a copy of the page (the page
//! itself is left as written); its findings are read from the dumped DOM.

use super::cohort_synth::{templates, write_cohort, TYPES};
use super::{chromium, common::root};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const PATIENTS: usize = 1000;

const PROBE: &str = r##"<script>
window.addEventListener("load", function () {
  setTimeout(function () {
    var out = {};
    performance.getEntriesByType("paint").forEach(function (p) { out[p.name] = p.startTime; });
    var nav = performance.getEntriesByType("navigation")[0];
    out.dom_content_loaded = nav ? nav.domContentLoadedEventEnd : null;
    var w = document.documentElement.clientWidth;
    out.width = w;
    var freqs = document.querySelectorAll("#oncoprint text.freq");
    out.freq_total = freqs.length;
    out.freq_visible = Array.prototype.filter.call(freqs, function (t) {
      var r = t.getBoundingClientRect(); return r.width > 0 && r.left >= 0 && r.right <= w;
    }).length;
    var f = document.getElementById("patient-filter");
    out.filter_shown = !f.hidden;
    var b = document.querySelectorAll("#patient-table thead th")[3].querySelector("button");
    b.click(); b.click();
    out.top_tmb = document.querySelector("#patient-table tbody tr").cells[0].textContent;
    f.value = "AML"; f.dispatchEvent(new Event("input"));
    out.rows_shown = Array.prototype.filter.call(document.querySelectorAll("#patient-table tbody tr"), function (r) { return !r.hidden; }).length;
    var pre = document.createElement("pre"); pre.id = "probe"; pre.textContent = JSON.stringify(out);
    document.body.appendChild(pre);
  }, 0);
});
</script>"##;

/// Load `page` at `width` × 900 and return the probe's findings.
fn probe(browser: &Path, page: &Path, width: u32) -> serde_json::Value {
    let profile = tempfile::tempdir().unwrap();
    let out_file = profile.path().join("dom.html");
    let mut child = Command::new(browser)
        .args(["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"])
        .args([
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ])
        .arg(format!("--window-size={width},900"))
        .arg("--virtual-time-budget=20000")
        .arg(format!("--user-data-dir={}", profile.path().join("profile").display()))
        .arg("--dump-dom")
        .arg(format!("file://{}", page.display()))
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&out_file).unwrap())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > Duration::from_secs(120) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("chromium did not finish within 120 s");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let dom = std::fs::read_to_string(&out_file).unwrap();
    let doc = scraper::Html::parse_document(&dom);
    let sel = scraper::Selector::parse("#probe").unwrap();
    let text: String = doc.select(&sel).flat_map(|e| e.text()).collect();
    assert!(!text.is_empty(), "the probe did not run (width {width})");
    serde_json::from_str(&text).unwrap()
}

/// `oncoprofile cohort --formats html` over the reports in `reports`, written beside them; the page.
fn cohort_page(reports: &Path) -> std::path::PathBuf {
    let o = assert_cmd::Command::cargo_bin("oncoprofile")
        .unwrap()
        .args(["-q", "cohort", "--reports-dir"])
        .arg(reports)
        .arg("--outdir")
        .arg(reports)
        .args(["--formats", "html", "--report-date", "2026-01-02"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    reports.join("cohort.html")
}

#[test]
fn cohort_page_of_1000_patients_in_a_browser() {
    let Some(browser) = chromium() else { return };
    let d = tempfile::tempdir().unwrap();
    let t = templates(&root(), d.path());
    let reports = d.path().join("reports");
    std::fs::create_dir(&reports).unwrap();
    let synth = write_cohort(&reports, PATIENTS, &t);
    let start = Instant::now();
    let page = cohort_page(&reports);
    let built = start.elapsed();
    let html = std::fs::read_to_string(&page).unwrap();
    let size = html.len();
    println!("cohort.html of {PATIENTS} patients: {size} bytes, written in {built:.2?}");
    assert!(size < 5_000_000, "cohort.html is {size} bytes (limit 5 MB)");
    // Nothing fetched: no external URL in any src/href, no remote stylesheet or script.
    for bad in ["src=\"http", "href=\"http", "@import", "url(http", "<link"] {
        assert!(!html.contains(bad), "{bad} in cohort.html");
    }
    let probed = reports.join("probed.html");
    std::fs::write(&probed, html.replace("</body>", &format!("{PROBE}</body>"))).unwrap();
    let want_top = synth
        .iter()
        .filter(|s| s.tmb.is_some())
        .max_by(|a, b| a.tmb.unwrap().total_cmp(&b.tmb.unwrap()))
        .unwrap();
    let aml = synth.iter().filter(|s| s.tumor_type == "AML").count();
    assert_eq!(aml, PATIENTS / TYPES.len());
    for width in [1280, 390] {
        let p = probe(browser, &probed, width);
        println!(
            "width {width}: first paint {} ms, first contentful paint {} ms, DOMContentLoaded {} ms",
            p["first-paint"], p["first-contentful-paint"], p["dom_content_loaded"]
        );
        assert_eq!(p["freq_total"], 30, "{p}");
        assert_eq!(
            p["freq_visible"], 30,
            "every gene frequency on screen at width {width}: {p}"
        );
        assert_eq!(p["filter_shown"], true);
        assert_eq!(p["top_tmb"], want_top.patient.as_str(), "TMB sorted descending: {p}");
        assert_eq!(p["rows_shown"], aml, "filter 'AML': {p}");
    }
}

/// `chromium --headless --screenshot` of `page` at `width` × `height`.
fn screenshot(browser: &Path, page: &Path, png: &Path, width: u32, height: u32) {
    let profile = tempfile::tempdir().unwrap();
    let status = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--hide-scrollbars",
        ])
        .args([
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ])
        .arg(format!("--window-size={width},{height}"))
        .arg(format!("--user-data-dir={}", profile.path().join("profile").display()))
        .arg(format!("--screenshot={}", png.display()))
        .arg(format!("file://{}", page.display()))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success() && png.is_file(), "no screenshot {}", png.display());
}

/// The README's pictures of a 200-patient cohort page (desktop and phone), written to
/// `COHORT_SCREENSHOT_DIR` (default `docs/`). Run by `docs/cohort-screenshot.sh`.
#[test]
#[ignore = "writes the README's screenshots: run by docs/cohort-screenshot.sh"]
fn cohort_page_screenshot() {
    let Some(browser) = chromium() else { return };
    let out = std::env::var_os("COHORT_SCREENSHOT_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| root().join("docs"));
    let d = tempfile::tempdir().unwrap();
    let t = templates(&root(), d.path());
    let reports = d.path().join("reports");
    std::fs::create_dir(&reports).unwrap();
    write_cohort(&reports, 200, &t);
    let page = cohort_page(&reports);
    screenshot(browser, &page, &out.join("cohort-page.png"), 1400, 1500);
    screenshot(browser, &page, &out.join("cohort-page-phone.png"), 390, 1400);
    println!("wrote {}", out.join("cohort-page.png").display());
}

/// Every element's right edge against the page width, in the page: [widest right edge, page
/// width, scroll width of the table's box, the legend's display, the VUS toggle's display].
const PRINT_FIT: &str = r#"(() => {
  const w = document.documentElement.clientWidth;
  const right = (s) => Math.max(0, ...Array.from(document.querySelectorAll(s)).map((e) => e.getBoundingClientRect().right));
  const wrap = document.querySelector('#patients .table-wrap');
  const row = document.querySelector('#oncoprint svg.onco-labels text').getBoundingClientRect();
  const cell = document.querySelector('#oncoprint svg.onco-grid .cell rect').getBoundingClientRect();
  return [right('#oncoprint svg.onco-grid'), right('#patient-table'), w, wrap.scrollWidth, wrap.clientWidth,
    getComputedStyle(document.querySelector('#oncoprint-legend')).display,
    getComputedStyle(document.querySelector('#vus-toggle')).display,
    document.querySelectorAll('.track-legend').length,
    Math.abs(document.querySelector('#oncoprint svg.onco-grid').getBoundingClientRect().height
      - document.querySelector('#oncoprint svg.onco-labels').getBoundingClientRect().height), cell.width > 0, row.height > 0];
})()"#;

#[test]
fn cohort_page_prints_on_a4() {
    let Some(browser) = chromium() else { return };
    let d = tempfile::tempdir().unwrap();
    let t = templates(&root(), d.path());
    let reports = d.path().join("reports");
    std::fs::create_dir(&reports).unwrap();
    write_cohort(&reports, 300, &t);
    let page = cohort_page(&reports);
    let mut b = super::cdp::Browser::start(browser);
    // On screen at this width the 300 columns (3 px each) are wider than the page: they scroll.
    b.viewport(703, 1000, false);
    b.open(&page);
    let screen = b.eval(PRINT_FIT);
    assert!(
        screen[0].as_f64().unwrap() > screen[2].as_f64().unwrap(),
        "scrolls on screen: {screen}"
    );
    // Print media at the A4 text width (186 mm = 703 CSS px): nothing wider than the page.
    b.media("print");
    let p = b.eval(PRINT_FIT);
    let width = p[2].as_f64().unwrap();
    assert!(p[0].as_f64().unwrap() <= width + 0.5, "oncoprint within the page: {p}");
    assert!(
        p[1].as_f64().unwrap() <= width + 0.5,
        "patient table within the page: {p}"
    );
    assert!(
        p[3].as_u64() <= p[4].as_u64(),
        "the table does not overflow its box: {p}"
    );
    assert_eq!(p[5], "flex", "the legend is printed: {p}");
    assert_eq!(p[6], "none", "the VUS toggle is not: {p}");
    assert_eq!(p[7], 3, "the track legends are printed: {p}");
    assert!(
        p[8].as_f64().unwrap() < 0.5,
        "grid rows stay aligned with the gene labels: {p}"
    );
    assert_eq!((p[9].clone(), p[10].clone()), (true.into(), true.into()), "{p}");
    let pdf = b.call(
        "Page.printToPDF",
        serde_json::json!({"paperWidth": 8.27, "paperHeight": 11.69, "marginTop": 0.47, "marginBottom": 0.47, "marginLeft": 0.47, "marginRight": 0.47}),
        true,
    );
    assert!(pdf["data"].as_str().is_some_and(|s| s.len() > 10_000), "a PDF");
}
