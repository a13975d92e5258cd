//! `report --reference FASTA [--signatures REF]`: the `signatures` section in JSON and HTML, on a
//! fixture VCF and a made-up reference set written here (invented profiles, not COSMIC data).

mod common;

use oncoprofile::signatures::Kind;

/// Made-up SBS96 profiles named like COSMIC signatures, so that the readouts apply:
/// "SBS6" puts its weight on C>T and T>C, "SBS3" spreads evenly, "SBS4" on C>A.
fn write_reference(path: &std::path::Path) {
    let mut s = String::from("Type\tSBS6\tSBS3\tSBS4\n");
    for l in Kind::Sbs96.labels() {
        let sub = &l[2..5];
        let a = if sub == "C>T" || sub == "T>C" { 1.0 / 32.0 } else { 0.0 };
        let c = if sub == "C>A" { 1.0 / 16.0 } else { 0.0 };
        s.push_str(&format!("{l}\t{a}\t{}\t{c}\n", 1.0 / 96.0));
    }
    std::fs::write(path, s).unwrap();
}

#[test]
fn report_has_catalogues_indicators_fits_and_readouts() {
    let dir = tempfile::tempdir().unwrap();
    let refp = dir.path().join("COSMIC_v3.9_SBS_GRCh38.txt");
    write_reference(&refp);
    let json = dir.path().join("r.json");
    common::bin()
        .current_dir(common::root())
        .args([
            "report",
            "test-data/biomarkers/msi_h_plain.vcf",
            "--reference",
            "test-data/biomarkers/ref.fa",
        ])
        .args([
            "--targets",
            "test-data/biomarkers/targets.bed",
            "--tumor-type",
            "COADREAD",
            "-O",
            "json",
            "-o",
        ])
        .arg(&json)
        .arg("--signatures")
        .arg(&refp)
        .assert()
        .success();
    let r = common::read_json(&json);
    let s = &r["signatures"];
    assert_eq!(s["snvs"], 100);
    assert_eq!(s["indels"], 60);
    assert_eq!(s["sbs6"]["C>T"], 55);
    assert_eq!(s["sbs6"]["T>C"], 45);
    assert_eq!(s["id83"]["1:Del:T:5"], 60, "1-bp deletions in a long T homopolymer");
    assert_eq!(s["indicators"]["mmr_homopolymer_deletions"]["share"], 1.0);
    let fit = &s["fits"][0];
    assert_eq!(fit["kind"], "SBS96");
    assert_eq!(fit["reference_version"], "3.9");
    assert_eq!(fit["reference_sha256"].as_str().unwrap().len(), 64);
    assert_eq!(fit["mutations"], 100.0);
    let ex = fit["exposures"].as_array().unwrap();
    assert_eq!(ex[0]["signature"], "SBS6");
    let total: f64 = ex.iter().map(|e| e["mutations"].as_f64().unwrap()).sum();
    assert!(
        (total - 100.0).abs() < 0.05,
        "exposures add up to the mutations: {total}"
    );
    assert!(ex[0]["low"].as_f64().unwrap() <= ex[0]["mutations"].as_f64().unwrap());
    let mmr = &s["readouts"][0];
    assert_eq!(mmr["topic"], "mmr");
    assert_eq!(mmr["warning"], false, "MMR signature agrees with the MSI-H call: {mmr}");

    let html = dir.path().join("r.html");
    common::bin()
        .current_dir(common::root())
        .args([
            "report",
            "test-data/biomarkers/msi_h_plain.vcf",
            "--reference",
            "test-data/biomarkers/ref.fa",
        ])
        .args(["-O", "html", "-o"])
        .arg(&html)
        .arg("--signatures")
        .arg(&refp)
        .assert()
        .success();
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(page.contains("<section id=\"signatures\">"));
    assert!(page.contains("<svg class=\"sbs96\""));
    assert!(page.contains("<svg class=\"exposures\""));
    assert!(page.contains("<title>A[C&gt;T]A "), "bars carry their class, escaped");
}

#[test]
fn without_reference_no_section_and_signatures_needs_it() {
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("r.json");
    common::bin()
        .current_dir(common::root())
        .args(["report", "test-data/biomarkers/msi_h_plain.vcf", "-O", "json", "-o"])
        .arg(&json)
        .assert()
        .success();
    assert!(common::read_json(&json).get("signatures").is_none());
    let refp = dir.path().join("ref.txt");
    write_reference(&refp);
    common::bin()
        .current_dir(common::root())
        .args(["report", "test-data/biomarkers/msi_h_plain.vcf", "--signatures"])
        .arg(&refp)
        .assert()
        .code(1);
}

#[test]
fn too_few_mutations_is_said_not_fitted() {
    let dir = tempfile::tempdir().unwrap();
    let refp = dir.path().join("ref.txt");
    write_reference(&refp);
    let json = dir.path().join("r.json");
    common::bin()
        .current_dir(common::root())
        .args([
            "report",
            "test-data/biomarkers/msi_h_plain.vcf",
            "--reference",
            "test-data/biomarkers/ref.fa",
        ])
        .args(["-r", "1:1-3316", "-O", "json", "-o"])
        .arg(&json)
        .arg("--signatures")
        .arg(&refp)
        .assert()
        .success();
    let s = &common::read_json(&json)["signatures"];
    let snvs = s["snvs"].as_u64().unwrap();
    assert_eq!(snvs, 20, "the first 20 SNVs of the fixture");
    assert_eq!(s["fits"][0]["note"], "not enough mutations");
    assert_eq!(s["fits"][0]["exposures"].as_array().unwrap().len(), 0);
    assert_eq!(s["readouts"].as_array().unwrap().len(), 0);
}
