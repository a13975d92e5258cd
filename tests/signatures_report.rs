//! `report --reference FASTA [--signatures REF]`: the `signatures` section in JSON and HTML, on a
//! fixture VCF and a made-up reference set written here (invented profiles, not COSMIC data).

mod common;

#[test]
fn report_has_catalogues_indicators_fits_and_readouts() {
    let dir = tempfile::tempdir().unwrap();
    let refp = dir.path().join("COSMIC_v3.9_SBS_GRCh38.txt");
    common::write_made_up_sbs96(&refp, &["SBS6", "SBS3", "SBS4"]);
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
    let sources = &s["indicators"]["sources"];
    assert!(sources["apobec"].as_str().unwrap().contains("PMID 23852170"));
    assert!(sources["mmr_homopolymer_deletions"]
        .as_str()
        .unwrap()
        .contains("PMID 32025018"));
    assert!(sources["cpg_c_to_t"].as_str().unwrap().contains("PMID 26551669"));
    assert!(sources["uv"].as_str().unwrap().starts_with("Brash 2015"));
    assert!(sources["pole"]
        .as_str()
        .unwrap()
        .starts_with("León-Castillo et al. 2020"));
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
    assert!(
        page.contains("of indels (ID1/ID2, Alexandrov et al. 2020"),
        "indicators cite their sources"
    );
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
    common::write_made_up_sbs96(&refp, &["SBS6", "SBS3", "SBS4"]);
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
    common::write_made_up_sbs96(&refp, &["SBS6", "SBS3", "SBS4"]);
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

/// SigProfilerMatrixGenerator's GRCh37 variant list (each SNV with its + strand trinucleotide)
/// written as a MAF with a `CONTEXT` column.
fn bench_list_as_maf(list: &std::path::Path, out: &std::path::Path) {
    let text = std::fs::read_to_string(list).expect("variant list");
    let mut maf = String::from(
        "Hugo_Symbol\tChromosome\tStart_Position\tEnd_Position\tReference_Allele\tTumor_Seq_Allele2\t\
         Tumor_Sample_Barcode\tVariant_Type\tNCBI_Build\tCONTEXT\n",
    );
    for l in text.lines().filter(|l| !l.trim().is_empty()) {
        let f: Vec<&str> = l.split('\t').collect();
        // chrom, pos, sample, ref, alt, ., Simulations, build, trinucleotide, strand
        maf.push_str(&format!(
            "Unknown\t{}\t{}\t{}\t{}\t{}\t{}\tSNP\t{}\t{}\n",
            f[0], f[1], f[1], f[3], f[4], f[2], f[7], f[8]
        ));
    }
    std::fs::write(out, maf).unwrap();
}

/// Rows of a SigProfiler `.all` matrix (one sample) as (label, count).
fn expected_rows(path: &std::path::Path) -> Vec<(String, u64)> {
    let text = std::fs::read_to_string(path).expect("expected matrix");
    text.lines()
        .skip(1)
        .map(|l| {
            let (k, v) = l.split_once('\t').expect("two columns");
            (k.to_string(), v.trim().parse().expect("count"))
        })
        .collect()
}

#[test]
fn maf_context_column_gives_sigprofiler_catalogues_without_a_fasta() {
    let Some(dir) = common::shared("signatures/sigprofiler-matrixgenerator/GRCh37") else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let maf = tmp.path().join("bench.maf");
    bench_list_as_maf(&dir.join("GRCh37_bench.vcf"), &maf);
    let json = tmp.path().join("r.json");
    common::bin()
        .args(["report", "-O", "json", "-o"])
        .arg(&json)
        .arg(&maf)
        .assert()
        .success();
    let s = &common::read_json(&json)["signatures"];
    assert_eq!(s["snvs"], 2430);
    assert_eq!(s["unplaced"], 0);
    for (name, key) in [("test_example.SBS96.all", "sbs96"), ("test_example.SBS6.all", "sbs6")] {
        let expected = expected_rows(&dir.join("expected").join(name));
        assert_eq!(expected.len(), if key == "sbs96" { 96 } else { 6 });
        for (label, n) in &expected {
            assert_eq!(s[key][label], *n, "{key} {label}");
        }
    }
    assert_eq!(s["sbs6"]["C>T"], 830);
    assert!(s["method"].as_str().unwrap().contains("CONTEXT"), "{}", s["method"]);
}

#[test]
fn maf_context_column_checked_against_the_fasta() {
    // Contig 1 of ref.fa begins GCGACGATGACACG: C at 2, C at 5, C at 11.
    let tmp = tempfile::tempdir().unwrap();
    let maf = tmp.path().join("ctx.maf");
    std::fs::write(
        &maf,
        "Hugo_Symbol\tChromosome\tStart_Position\tReference_Allele\tTumor_Seq_Allele2\tTumor_Sample_Barcode\tNCBI_Build\tCONTEXT\n\
         Unknown\t1\t2\tC\tT\tS1\tGRCh37\tGCG\n\
         Unknown\t1\t5\tC\tA\tS1\tGRCh37\tTCA\n\
         Unknown\t1\t11\tT\tC\tS1\tGRCh37\tATA\n",
    )
    .unwrap();
    let json = tmp.path().join("r.json");
    let refp = tmp.path().join("ref.txt");
    common::write_made_up_sbs96(&refp, &["SBS6", "SBS3", "SBS4"]);
    common::bin()
        .current_dir(common::root())
        .args([
            "report",
            "--reference",
            "test-data/biomarkers/ref.fa",
            "-O",
            "json",
            "-o",
        ])
        .arg(&json)
        .arg(&maf)
        .arg("--signatures")
        .arg(&refp)
        .assert()
        .success();
    let r = common::read_json(&json);
    let s = &r["signatures"];
    assert_eq!(s["sbs96"]["G[C>T]G"], 1, "column and FASTA agree");
    assert_eq!(
        s["sbs96"]["T[C>A]A"], 1,
        "the column's flanks win where its centre agrees"
    );
    assert_eq!(s["snvs"], 2);
    assert_eq!(
        s["unplaced"], 1,
        "T in the MAF, C in the FASTA: the FASTA's ACA does not place T>C"
    );
    assert_eq!(s["fits"][0]["note"], "not enough mutations");
    let w = r["warnings"].to_string();
    assert!(
        w.contains("1 SNV(s): the MAF's CONTEXT column disagrees with --reference"),
        "{w}"
    );

    // Without --reference, --signatures is accepted for a MAF with a CONTEXT column.
    let json2 = tmp.path().join("r2.json");
    common::bin()
        .args(["report", "-O", "json", "-o"])
        .arg(&json2)
        .arg(&maf)
        .arg("--signatures")
        .arg(&refp)
        .assert()
        .success();
    let s = &common::read_json(&json2)["signatures"];
    assert_eq!(s["snvs"], 3);
    assert_eq!(s["sbs96"]["A[T>C]A"], 1);
    assert_eq!(s["fits"][0]["kind"], "SBS96");
}
