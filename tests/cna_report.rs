//! `report --cna`: the copy-number section end to end through the binary (JSON, TSV, HTML, stderr),
//! copy number alone without a VCF, and the one-line errors.

mod common;

use common::{bin, fixture, root, shared};
use serde_json::Value;

fn own(name: &str) -> String {
    root().join("tests/data/cna").join(name).display().to_string()
}

fn json(args: &[&str]) -> Value {
    let out = bin().arg("report").args(args).arg("--quiet").output().expect("ran");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("JSON")
}

fn events(r: &Value) -> Vec<(String, String)> {
    r["copy_number"]["events"]
        .as_array()
        .expect("events")
        .iter()
        .map(|e| {
            (
                e["gene"].as_str().unwrap_or("").into(),
                e["call"].as_str().unwrap_or("").into(),
            )
        })
        .collect()
}

/// PURPLE segments alone: the copy-number report, TMB/MSI not assessed, the copy-number items
/// gone from `not_assessed`, ERBB2 amplification matched to trastuzumab on-label.
#[test]
fn copy_number_alone() {
    let purple = own("erbb2_amp.purple.cnv.somatic.tsv");
    let r = json(&["--cna", &purple, "--genome", "GRCh38", "--tumor-type", "BRCA"]);
    assert_eq!(r["input"]["format"], "none");
    assert_eq!(r["biomarkers"]["tmb"], Value::Null);
    assert_eq!(r["summary"]["tmb_status"], "not_computed");
    let ev = events(&r);
    assert!(ev.contains(&("ERBB2".into(), "amplification".into())), "{ev:?}");
    assert!(ev.contains(&("RB1".into(), "homozygous_deletion".into())), "{ev:?}");
    let erbb2 = r["copy_number"]["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["gene"] == "ERBB2")
        .unwrap();
    assert_eq!(erbb2["copy_number"], 18.4);
    assert_eq!(erbb2["major_copy_number"], 10.3);
    assert_eq!(erbb2["segment"]["length"], 400000);
    assert_eq!(erbb2["therapies"][0]["rule_id"], "BRCA-TRASTUZUMAB-ERBB2-AMP");
    assert_eq!(erbb2["therapies"][0]["amp_tier"], "IA");
    let kinds: Vec<&str> = r["not_assessed"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|n| n["kind"].as_str())
        .collect();
    assert!(
        !kinds.contains(&"copy_number") && kinds.contains(&"fusion"),
        "{kinds:?}"
    );
    let params: Vec<&str> = r["provenance"]["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|p| p["name"].as_str())
        .collect();
    assert!(params.contains(&"cna") && params.contains(&"ploidy"), "{params:?}");
}

/// With a VCF: the RB1 homozygous deletion joins the VCF's TP53 for the NEC pattern; TSV has one
/// row per event; HTML has the section; the stderr line names the events.
#[test]
fn with_vcf_every_output() {
    let vcf = fixture("demo/demo_nec.vcf.gz");
    let cns = own("erbb2_amp.cns");
    let base = [
        "report",
        vcf.to_str().unwrap(),
        "--cna",
        &cns,
        "--genome",
        "GRCh38",
        "--tumor-type",
        "NEC",
    ];
    let out = bin().args(base).output().expect("ran");
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("copy number: RB1 homozygous deletion, ERBB2 amplification;"),
        "{stderr}"
    );
    let r: Value = serde_json::from_slice(&out.stdout).unwrap();
    // The stderr driver count is every driver call: the small variants' and the copy-number
    // drivers (RB1 homozygous deletion, ERBB2 amplification), each named once.
    let small = r["summary"]["drivers"].as_u64().unwrap();
    let cn_drivers = r["copy_number"]["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["driver"] == true)
        .count() as u64;
    assert_eq!(cn_drivers, 2);
    let count = format!(": {} driver(s) (", small + cn_drivers);
    assert!(stderr.contains(&count), "{count} in {stderr}");
    assert!(
        stderr.contains("RB1 homozygous deletion, ERBB2 amplification); copy number:"),
        "{stderr}"
    );
    // Sparse segments (three): chromosomal instability not assessed, with the reason.
    let cin = &r["interpretation"]["chromosomal_instability"];
    assert_eq!(cin["status"], "not_assessed");
    assert!(
        cin["reason"].as_str().unwrap().contains("of the autosomal arms"),
        "{cin}"
    );
    let rb1 = &r["copy_number"]["events"][0];
    assert_eq!(
        (rb1["id"].as_str(), rb1["biallelic"].as_bool()),
        (Some("CN1"), Some(true))
    );
    let patterns: Vec<&str> = r["interpretation"]["patterns"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|p| p["id"].as_str())
        .collect();
    assert!(patterns.contains(&"nec_tp53_rb1"), "{patterns:?}");
    let tsv = bin().args(base).args(["-O", "tsv", "-q"]).output().unwrap();
    let text = String::from_utf8_lossy(&tsv.stdout);
    let cn_rows: Vec<&str> = text
        .lines()
        .filter(|l| l.contains("\t<AMPLIFICATION>\t") || l.contains("\t<HOMOZYGOUS_DELETION>\t"))
        .collect();
    assert_eq!(cn_rows.len(), 2, "{text}");
    assert!(
        text.lines()
            .any(|l| l.contains("\t<CIN>\t") && l.contains("\tchromosomal_instability_not_assessed\t")),
        "{text}"
    );
    assert!(
        cn_rows[1].starts_with("DEMO_NEC_T\t17\t39600001\t\t<AMPLIFICATION>\tERBB2\t"),
        "{}",
        cn_rows[1]
    );
    let html = bin().args(base).args(["-O", "html", "-q"]).output().unwrap();
    let page = String::from_utf8_lossy(&html.stdout);
    assert!(page.contains("id=\"copy-number\"") && page.contains("id=\"summary-copy-number\""));
}

/// A GRCh37 GATK file (its @SQ lengths) with --genome GRCh38 is refused in one line; a
/// multi-sample file without -s names its samples; nothing at all is a usage error.
#[test]
fn refused_inputs() {
    if let Some(gatk) = shared("cna/gatk/SM-74NF5.called.seg") {
        let out = bin()
            .args(["report", "--cna", gatk.to_str().unwrap(), "--genome", "GRCh38"])
            .output()
            .unwrap();
        let e = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2));
        assert!(
            e.contains("is GRCh37 (its @SQ lengths) but the variants are GRCh38"),
            "{e}"
        );
        assert_eq!(e.trim().lines().count(), 1);
    }
    let out = bin().args(["report", "--cna", &own("data_CNA.txt")]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("2 samples (use -s/--sample to pick one): P1, P2"));
    let r = json(&["--cna", &own("data_CNA.txt"), "-s", "P2", "--genome", "GRCh38"]);
    assert_eq!(events(&r), vec![("RB1".to_string(), "loss".to_string())]);
    let out = bin().args(["report"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
}

/// A manifest's `cna` column reaches the patient's report through `batch`; a patient with a
/// copy-number file and no VCF (empty or `.` cell) gets a copy-number report, without TMB.
#[test]
fn batch_manifest_cna_column() {
    let d = tempfile::tempdir().unwrap();
    let m = d.path().join("m.tsv");
    let vcf = fixture("demo/demo_nec.vcf.gz");
    std::fs::write(
        &m,
        format!(
            "patient\tvcf\ttumor_type\tcna\nP1\t{}\tNEC\t{}\nP2\t\tBRCA\t{}\nP3\t.\tNEC\t{}\n",
            vcf.display(),
            own("erbb2_amp.cns"),
            own("erbb2_amp.cns"),
            own("erbb2_amp.cns")
        ),
    )
    .unwrap();
    let out = d.path().join("out");
    let batch = || {
        let (m, out) = (m.to_str().unwrap(), out.to_str().unwrap());
        let args = [
            "batch",
            "--manifest",
            m,
            "--outdir",
            out,
            "--quiet",
            "--genome",
            "GRCh38",
        ];
        bin().args(args).output().unwrap()
    };
    let o = batch();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let r = common::read_json(&out.join("P1.json"));
    let ev = events(&r);
    assert_eq!(ev[0], ("RB1".to_string(), "homozygous_deletion".to_string()));
    for p in ["P2", "P3"] {
        let r = common::read_json(&out.join(format!("{p}.json")));
        assert_eq!(events(&r), ev, "{p}: the same copy-number calls without a VCF");
        assert!(r["alterations"].as_array().is_some_and(|a| a.is_empty()), "{p}");
        assert!(r["biomarkers"]["tmb"].is_null(), "{p}: no TMB without a VCF");
    }
    let cohort = std::fs::read_to_string(out.join("cohort.tsv")).unwrap();
    assert_eq!(cohort.lines().filter(|l| l.contains("\tok\t")).count(), 3, "{cohort}");
    // A row with neither a VCF nor a copy-number/fusion file is a bad manifest row.
    std::fs::write(&m, "patient\tvcf\tcna\nP1\t\t\n").unwrap();
    let o = batch();
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("line 2: empty vcf (a patient without a VCF needs a cna or sv file)"),
        "{err}"
    );
}

/// Without -s a multi-sample copy-number matrix is read for the VCF's tumour sample
/// (`DEMO_NEC_T`); -s names it for a multi-sample MAF.
#[test]
fn tumour_sample_picks_the_cna_column() {
    let d = tempfile::tempdir().unwrap();
    let m = d.path().join("data_CNA.txt");
    std::fs::write(
        &m,
        "Hugo_Symbol\tOTHER\tDEMO_NEC_T\tNET_02\nRB1\t0\t-2\t0\nMEN1\t0\t0\t-2\n",
    )
    .unwrap();
    let vcf = fixture("demo/demo_nec.vcf.gz");
    let r = json(&[
        vcf.to_str().unwrap(),
        "--cna",
        m.to_str().unwrap(),
        "--genome",
        "GRCh38",
    ]);
    assert_eq!(events(&r), vec![("RB1".to_string(), "homozygous_deletion".to_string())]);
    assert_eq!(r["copy_number"]["files"][0]["sample"], "DEMO_NEC_T");
    let maf = fixture("maf/cohort.maf");
    let r = json(&[
        maf.to_str().unwrap(),
        "-s",
        "NET_02",
        "--cna",
        m.to_str().unwrap(),
        "--genome",
        "GRCh38",
    ]);
    assert_eq!(
        events(&r),
        vec![("MEN1".to_string(), "homozygous_deletion".to_string())]
    );
}
