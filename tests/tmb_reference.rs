//! TMB in context with a reference distribution of the user's (`--tmb-reference FILE`): the exact
//! mid-rank percentile within the tumour type, with n, the file's name and SHA-256, in JSON, HTML,
//! TSV and the summary line; a note where no reference exists for the type.

mod common;

use common::{bin, fixture};
use sha2::{Digest, Sha256};
use std::path::Path;

/// A `cohort.tsv`-shaped reference: 20 LCNEC patients at 1..=20 mut/Mb, 3 NEC, one indeterminate.
fn reference(dir: &Path) -> (std::path::PathBuf, String) {
    let mut text = String::from("patient\tstatus\ttumor_type\ttmb_value\ttmb_status\n");
    for i in 1..=20 {
        text.push_str(&format!("L{i}\tok\tLCNEC\t{i}\tlow\n"));
    }
    for i in 1..=3 {
        text.push_str(&format!("N{i}\tok\tNEC\t{i}.5\tlow\n"));
    }
    text.push_str("L21\tok\tLCNEC\t300\tindeterminate\n");
    let p = dir.join("ref cohort.tsv");
    std::fs::write(&p, &text).unwrap();
    (p, format!("{:x}", Sha256::digest(text.as_bytes())))
}

fn report(args: &[&str], format: &str) -> (String, String) {
    let demo = fixture("demo/demo_nec.vcf.gz");
    let o = bin()
        .arg("report")
        .arg(&demo)
        .args(["--assay", "WES", "--report-date", "2026-01-02", "-O", format])
        .args(args)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    (
        String::from_utf8(o.stdout).unwrap(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

#[test]
fn percentile_within_the_tumour_type_in_every_format() {
    let d = tempfile::tempdir().unwrap();
    let (refp, sha) = reference(d.path());
    let r = refp.to_str().unwrap();
    let args = ["--tumor-type", "LCNEC", "--tmb-reference", r];
    let (json, stderr) = report(&args, "json");
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let t = &v["biomarkers"]["tmb"];
    // The demo's TMB: 5.8 mut/Mb; 5 reference values below (1..5), none equal, n 20 (the
    // indeterminate one left out): (5 + 0) / 20 = 25 %.
    assert_eq!((t["value"].as_f64().unwrap() * 10.0).round() / 10.0, 5.8);
    let p = &t["reference_distribution"];
    assert_eq!(p["tumor_type"], "LCNEC");
    assert_eq!(p["n"], 20);
    assert_eq!(p["below"], 5);
    assert_eq!(p["equal"], 0);
    assert_eq!(p["percentile"], 25.0);
    assert_eq!(p["median"], 10.5);
    assert_eq!(p["file"], "ref cohort.tsv");
    assert_eq!(p["sha256"], sha.as_str());
    assert!(p["caveat"].as_str().unwrap().contains("same assay"));
    // The published median stays (LCNEC, Chalmers et al. 2017) and no note is needed.
    assert_eq!(t["reference"]["median"], 9.9);
    assert!(t.get("reference_note").is_none());
    let params = v["provenance"]["parameters"].as_array().unwrap();
    let given = params.iter().find(|p| p["name"] == "tmb_reference").unwrap();
    assert_eq!(given["value"], format!("ref cohort.tsv (sha256 {sha})").as_str());
    common::assert_schema_valid(&v);
    assert!(
        stderr.contains("TMB 5.8 mut/Mb (low; percentile 25 of 20 LCNEC)"),
        "{stderr}"
    );

    let (html, _) = report(&args, "html");
    let doc = scraper::Html::parse_document(&html);
    let sel = |s: &str| scraper::Selector::parse(s).unwrap();
    let text = |s: &str| -> String { doc.select(&sel(s)).flat_map(|e| e.text()).collect() };
    assert!(
        text("#tmb-percentile")
            .starts_with("Percentile 25 among 20 LCNEC patients of ref cohort.tsv (their median 10.5 mut/Mb)"),
        "{}",
        text("#tmb-percentile")
    );
    assert!(text("#methods").contains(&format!(
        "Reference distribution: ref cohort.tsv (sha256 {sha}), 20 patients of type LCNEC (5 below, 0 equal"
    )));

    let (tsv, _) = report(&args, "tsv");
    let last: Vec<&str> = tsv.lines().last().unwrap().split('\t').collect();
    assert_eq!(last[4], "<TMB>");
    assert_eq!(last[7], "tmb_context");
    assert!(last[8].starts_with("TMB 5.8 mut/Mb: below median of lung large cell neuroendocrine carcinoma (9.9 mut/Mb; 0.59x); percentile 25 among 20 LCNEC patients"), "{}", last[8]);
    assert_eq!(last[10], "0.25");
    assert_eq!(last[11], "20");
    assert!(last[9].contains(&sha));
}

#[test]
fn no_reference_for_the_type_is_said() {
    let d = tempfile::tempdir().unwrap();
    let (refp, _) = reference(d.path());
    // NEC: no published row for NEC or its ancestors, 3 NEC patients in the file (10 needed).
    let (json, _) = report(
        &["--tumor-type", "NEC", "--tmb-reference", refp.to_str().unwrap()],
        "json",
    );
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let t = &v["biomarkers"]["tmb"];
    assert!(t.get("reference").is_none());
    assert!(t.get("reference_distribution").is_none());
    assert_eq!(
        t["reference_note"],
        "no published TMB reference for NEC or its parent types (the embedded table has per-type medians \
         of Chalmers et al. 2017 for 11 types); --tmb-reference ref cohort.tsv: 3 patient(s) of type NEC, \
         at least 10 needed for a percentile"
    );
    // Without the file, the note says how to get a percentile; the HTML says it in short in the
    // TMB card and in full in Methods.
    let (html, _) = report(&["--tumor-type", "NEC"], "html");
    let doc = scraper::Html::parse_document(&html);
    let text = |s: &str| -> String {
        let s = scraper::Selector::parse(s).unwrap();
        doc.select(&s).flat_map(|e| e.text()).collect()
    };
    assert_eq!(
        text("#tmb-context-note"),
        "No TMB reference for this tumour type (see Methods)."
    );
    let note = text("#tmb-context-methods");
    assert!(
        note.starts_with("TMB in context: no published TMB reference for NEC"),
        "{note}"
    );
    assert!(note.contains("--tmb-reference FILE gives the percentile within a cohort of your own"));
}

#[test]
fn a_malformed_reference_is_an_input_error() {
    let d = tempfile::tempdir().unwrap();
    let p = d.path().join("bad.tsv");
    std::fs::write(&p, "tumor_type\ttmb\nLCNEC\tmany\n").unwrap();
    let demo = fixture("demo/demo_nec.vcf.gz");
    let o = bin()
        .arg("report")
        .arg(&demo)
        .args(["--tumor-type", "LCNEC", "--tmb-reference"])
        .arg(&p)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let e = String::from_utf8_lossy(&o.stderr);
    assert!(
        e.contains("bad.tsv") && e.contains("line 2: field tmb: 'many' is not a TMB"),
        "{e}"
    );
}

#[test]
fn a_cohort_stores_patients_parquet_is_a_reference_too() {
    let d = tempfile::tempdir().unwrap();
    // Sample S<i> has i missense rows: TMB i mut/Mb over --target-mb 1.
    let mut maf = String::from(
        "Hugo_Symbol\tNCBI_Build\tChromosome\tStart_Position\tEnd_Position\tVariant_Classification\tVariant_Type\tReference_Allele\tTumor_Seq_Allele1\tTumor_Seq_Allele2\tTumor_Sample_Barcode\tHGVSp_Short\tt_depth\tt_ref_count\tt_alt_count\n",
    );
    for i in 1..=12 {
        for j in 0..i {
            let pos = 1_000_000 + 1000 * i + j;
            maf.push_str(&format!(
                "GENE{j}\tGRCh38\t1\t{pos}\t{pos}\tMissense_Mutation\tSNP\tC\tC\tT\tS{i:02}\tp.R{j}H\t100\t60\t40\n"
            ));
        }
    }
    let maf_path = d.path().join("cohort.maf");
    std::fs::write(&maf_path, maf).unwrap();
    let out = d.path().join("run");
    let o = bin()
        .args(["-q", "batch", "--maf"])
        .arg(&maf_path)
        .arg("--outdir")
        .arg(&out)
        .args(["--target-mb", "1", "--tumor-type", "COAD", "--formats", "parquet"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let parquet = out.join("patients.parquet");
    let (json, _) = report(
        &["--tumor-type", "COAD", "--tmb-reference", parquet.to_str().unwrap()],
        "json",
    );
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let p = &v["biomarkers"]["tmb"]["reference_distribution"];
    // 5.8 against 1..=12: 5 below, none equal, n 12 → 41.67.
    assert_eq!((p["n"].as_u64(), p["below"].as_u64()), (Some(12), Some(5)), "{p}");
    assert_eq!(p["percentile"], 41.67);
    assert_eq!(p["median"], 6.5);
    assert_eq!(p["file"], "patients.parquet");
}
