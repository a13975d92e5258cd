//! The tumour-only screen through `oncoprofile report`: a curated founder allele keeps its
//! pathogenic call despite a population AF above the benign cut-off and is flagged for germline
//! follow-up, with its VAF set against `--purity`; the JSON sections and the HTML block.

mod common;

use common::{root, run as run_with};
use serde_json::Value;

/// `oncoprofile report --quiet ARGS…` (the input among the args); its JSON report.
fn report(args: &[&str]) -> Value {
    let out = run(args);
    assert!(out.status.success(), "{}", common::stderr(&out));
    serde_json::from_slice(&out.stdout).expect("JSON")
}

/// `oncoprofile report --quiet ARGS…`.
fn run(args: &[&str]) -> std::process::Output {
    run_with(&[&["report", "--quiet"], args].concat())
}

const CHEK2: &str = "tests/data/germline/chek2_founder.vcf";

#[test]
fn curated_allele_is_exempt_from_the_population_af_cut_off_and_flagged() {
    let r = report(&[CHEK2, "--tumor-type", "BRCA", "--purity", "0.6"]);
    let alts = r["alterations"].as_array().unwrap();
    let genes: Vec<(&str, &str, &str)> = alts
        .iter()
        .map(|a| {
            (
                a["gene"].as_str().unwrap(),
                a["protein_change"].as_str().unwrap(),
                a["oncogenicity"].as_str().unwrap(),
            )
        })
        .collect();
    // 1100delC (MAX_AF 0.012 > 0.01) stays oncogenic; the other CHEK2 frameshift at the same AF
    // is a likely-benign polymorphism and not listed.
    assert_eq!(
        genes,
        vec![
            ("PIK3CA", "p.E545K", "oncogenic"),
            ("CHEK2", "p.T367Mfs*15", "oncogenic")
        ]
    );
    let g = &r["germline_followup"];
    assert_eq!(g["sample_median_vaf"], 0.5);
    assert_eq!(g["calls_with_vaf"], 3);
    let v = &g["variants"][0];
    assert_eq!(v["alteration"], "A2");
    assert_eq!(v["expected_somatic_vaf"], 0.3);
    assert_eq!(v["vaf_assessment"], "above_somatic_expectation");
    assert_eq!(
        v["curated_allele"],
        "CHEK2 1100delC (carrier frequency about 0.7 % in Northern and Western Europe)"
    );
    assert!(v["sources"][0].as_str().unwrap().contains("PMID 17164383"));
    assert_eq!(g["variants"].as_array().unwrap().len(), 1);
    assert!(r["clonal_haematopoiesis"].is_null());
    let purity = r["provenance"]["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "purity")
        .cloned();
    assert_eq!(purity.map(|p| p["value"].clone()), Some(Value::from("0.6")));
}

#[test]
fn a_matched_normal_measurement_means_no_flag() {
    let text = std::fs::read_to_string(root().join(CHEK2)).unwrap();
    let with_normal: String = text
        .lines()
        .map(|l| {
            if l.starts_with("#CHROM") {
                format!("{l}\tNORMAL")
            } else if l.starts_with('#') {
                l.to_string()
            } else {
                format!("{l}\t0/0:200,0:0:200")
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    let dir = std::env::temp_dir().join(format!("oncoprofile-germline-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("tn.vcf");
    std::fs::write(&path, with_normal + "\n").unwrap();
    let r = report(&[
        path.to_str().unwrap(),
        "--tumor-type",
        "BRCA",
        "--sample",
        "TUMOR",
        "--normal",
        "NORMAL",
    ]);
    assert!(r["germline_followup"].is_null(), "{}", r["germline_followup"]);
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn html_shows_the_followup_block_first() {
    let out = run(&["-O", "html", CHEK2, "--tumor-type", "BRCA"]);
    assert!(out.status.success());
    let html = String::from_utf8(out.stdout).unwrap();
    let block = html.find("id=\"germline-followup\"").expect("the block");
    assert!(block < html.find("id=\"summary\"").unwrap());
    assert!(html.contains("germline testing and genetic counselling recommended"));
}

const D: &str = "tests/data/germline";

#[test]
fn population_and_panel_of_normals_are_read_by_region_and_matched_after_normalisation() {
    let sample = format!("{D}/resources_sample.vcf");
    let (pop, pon) = (format!("{D}/population.vcf.gz"), format!("{D}/pon.vcf.gz"));
    let base = report(&[&sample, "--tumor-type", "LUAD", "--target-mb", "1"]);
    assert_eq!(base["biomarkers"]["tmb"]["count"], 10);
    let r = report(&[
        &sample,
        "--tumor-type",
        "LUAD",
        "--target-mb",
        "1",
        "--population-vcf",
        &pop,
        "--panel-of-normals",
        &pon,
    ]);
    // PoN (multi-allelic CTG→CG,TTG and the non-parsimonious AC→ATC): two artefacts removed.
    assert_eq!(
        r["filters"]["removed"],
        serde_json::json!([{"key": "panel_of_normals", "count": 2}])
    );
    // Population: BRCA2 (CAG→CGG, AF_popmax 0.05), GT→AT, GT→CA and both ALTs of
    // TCTGGGGACAAA→TAA,T match with an AF; G→A with AF=. matches without one; C→T does not match C→G.
    let res = r["germline_resources"].as_array().unwrap();
    assert_eq!(res.len(), 2);
    assert_eq!(res[0]["kind"], "population");
    assert_eq!(res[0]["matched"], 5);
    assert_eq!(res[0]["matched_without_af"], 1);
    assert_eq!(res[0]["sha256"].as_str().unwrap().len(), 64);
    assert_eq!(res[1]["kind"], "panel_of_normals");
    assert_eq!(res[1]["matched"], 2);
    let tmb = &r["biomarkers"]["tmb"];
    assert_eq!(tmb["count"], 3);
    assert_eq!(
        tmb["excluded"],
        serde_json::json!([{"key": "population_af_gt_0.001", "count": 5}])
    );
    // The BRCA2 missense at population AF 0.05 is a likely-benign polymorphism: not listed; the
    // PoN-matched TP53 frameshift is gone; TP53 R175H stays.
    let genes: Vec<&str> = r["alterations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["protein_change"].as_str().unwrap())
        .collect();
    assert_eq!(genes, vec!["p.R175H"]);
    let names: Vec<&str> = r["provenance"]["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert!(names.contains(&"population_vcf") && names.contains(&"panel_of_normals"));
}

#[test]
fn an_unusable_resource_is_a_one_line_input_error() {
    let sample = format!("{D}/resources_sample.vcf");
    let out = run(&[&sample, "--population-vcf", &sample]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    assert!(
        err.contains("resources_sample.vcf: --population-vcf: not a bgzipped VCF"),
        "{err}"
    );
    let dir = std::env::temp_dir().join(format!("oncoprofile-pon-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let copy = dir.join("pon.vcf.gz");
    std::fs::copy(root().join(D).join("pon.vcf.gz"), &copy).unwrap();
    let out = run(&[&sample, "--panel-of-normals", copy.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("--panel-of-normals: no .tbi or .csi index"), "{err}");
    std::fs::remove_dir_all(&dir).ok();
}

/// The GATK germline-resource snippets in ../shared/data/germline (read in place; skipped when
/// ../shared is absent): non-parsimonious and multi-allelic records normalise to the parsimonious
/// calls, each ALT with its own AF; a record without an AF is present without one.
#[test]
fn gatk_unparsimonious_germline_alleles_match() {
    use oncoprofile::germline::resources::{key, record_alleles};
    let dir = root().join("../shared/data/germline/gatk-mutect2");
    let Ok(text) = std::fs::read_to_string(dir.join("unparsimonious_germline.vcf")) else {
        println!("SKIPPED: ../shared absent");
        return;
    };
    let mut got = Vec::new();
    for l in text.lines().filter(|l| !l.starts_with('#')) {
        got.extend(record_alleles(l).unwrap().into_iter().map(|(k, af, _)| (k, af)));
    }
    assert_eq!(
        got,
        vec![
            (key("20", 1366255, "G", "A"), Some(0.1)),
            (key("20", 1401389, "GT", "CA"), Some(0.1)),
            (key("20", 2289449, "TCTGGGGACA", "T"), Some(0.1)),
            (key("20", 2289449, "TCTGGGGACAAA", "T"), Some(0.2)),
        ]
    );
    let text = std::fs::read_to_string(dir.join("gnomad-without-af.vcf")).unwrap();
    let got: Vec<_> = text
        .lines()
        .filter(|l| !l.starts_with('#'))
        .flat_map(|l| record_alleles(l).unwrap())
        .map(|(k, af, _)| (k, af))
        .collect();
    assert_eq!(
        got,
        vec![
            (key("20", 10086110, "G", "A"), None),
            (key("20", 10837425, "TC", "T"), None)
        ]
    );
}

/// A MAF's rows are matched against the same resources: its dash alleles become VCF-style
/// alleles (an `N` padding base without `--reference`), which match the anchored records —
/// the multi-allelic population record's deletions, the PoN's multi-allelic deletion and its
/// non-parsimonious insertion.
#[test]
fn maf_rows_are_matched_against_population_and_panel_of_normals() {
    let maf = format!("{D}/resources_sample.maf");
    let (pop, pon) = (format!("{D}/population.vcf.gz"), format!("{D}/pon.vcf.gz"));
    let base = report(&[&maf, "--tumor-type", "LUAD", "--target-mb", "1"]);
    assert!(base["filters"]["removed"].as_array().unwrap().is_empty());
    let r = report(&[
        &maf,
        "--tumor-type",
        "LUAD",
        "--target-mb",
        "1",
        "--population-vcf",
        &pop,
        "--panel-of-normals",
        &pon,
    ]);
    assert_eq!(
        r["filters"]["removed"],
        serde_json::json!([{"key": "panel_of_normals", "count": 2}])
    );
    let res = r["germline_resources"].as_array().unwrap();
    assert_eq!(res.len(), 2);
    assert_eq!(res[0]["kind"], "population");
    // BRCA2 A→G, G→A (GT→AT), both deletions of the TCTGGGGACAAA→TAA,T record; G→A with AF=.
    assert_eq!(res[0]["matched"], 4);
    assert_eq!(res[0]["matched_without_af"], 1);
    assert_eq!(res[1]["kind"], "panel_of_normals");
    assert_eq!(res[1]["matched"], 2);
    assert_eq!(res[1]["sha256"].as_str().unwrap().len(), 64);
    let changes: Vec<&str> = r["alterations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["protein_change"].as_str().unwrap())
        .collect();
    assert_eq!(changes, vec!["p.R175H"]);
    assert_eq!(
        r["biomarkers"]["tmb"]["excluded"],
        serde_json::json!([{"key": "population_af_gt_0.001", "count": 4}])
    );
}

/// `--annotations DIR` overrides the germline tables like every other table: `kb export` writes
/// them, a user's `germline_genes.tsv` adds a gene (a flag appears), a user's
/// `germline_alleles.tsv` without CHEK2 1100delC takes its exemption away (the flag and the
/// oncogenic call go); a bad value is a one-line error naming file, line and column.
#[test]
fn user_germline_tables_change_the_flags() {
    let dir = std::env::temp_dir().join(format!("oncoprofile-germline-kb-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let d = dir.to_str().unwrap();
    assert!(run_with(&["kb", "export", d]).status.success());
    for f in ["germline_genes.tsv", "germline_alleles.tsv", "chip_genes.tsv"] {
        assert!(dir.join(f).is_file(), "kb export writes {f}");
    }
    let same = report(&[CHEK2, "--tumor-type", "BRCA", "--annotations", d]);
    assert_eq!(same["germline_followup"]["variants"][0]["gene"], "CHEK2");
    let genes = std::fs::read_to_string(dir.join("germline_genes.tsv")).unwrap();
    std::fs::write(
        dir.join("germline_genes.tsv"),
        format!("{genes}PIK3CA\tBRCA\t0.25\t0.20\tPIK3CA test syndrome\tlocal curation (test)\n"),
    )
    .unwrap();
    std::fs::write(
        dir.join("germline_alleles.tsv"),
        "gene\tprotein_change\thgvsc\tlabel\tsource\n",
    )
    .unwrap();
    let r = report(&[CHEK2, "--tumor-type", "BRCA", "--annotations", d]);
    let flagged: Vec<(&str, &str)> = r["germline_followup"]["variants"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| (v["gene"].as_str().unwrap(), v["syndrome"].as_str().unwrap()))
        .collect();
    assert_eq!(flagged, vec![("PIK3CA", "PIK3CA test syndrome")]);
    let listed: Vec<&str> = r["alterations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["gene"].as_str().unwrap())
        .collect();
    assert_eq!(listed, vec!["PIK3CA"]);
    let info = run_with(&["kb", "info", "--annotations", d]);
    let info = String::from_utf8_lossy(&info.stdout);
    assert!(info.contains(&format!("germline screen tables ({d})")), "{info}");
    assert!(info.contains("germline_alleles.tsv          0 rows"), "{info}");
    std::fs::write(
        dir.join("germline_genes.tsv"),
        "gene\ttumor_types\tmin_vaf_snv\tmin_vaf_indel\tsyndrome\tsource\nX\t*\t1.5\t0.2\ts\tsrc\n",
    )
    .unwrap();
    let out = run_with(&["report", "--quiet", CHEK2, "--annotations", d]);
    assert_eq!(out.status.code(), Some(3));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    assert!(
        err.contains("germline_genes.tsv:2:5: column min_vaf_snv: expected a VAF between 0 and 1"),
        "{err}"
    );
    std::fs::remove_dir_all(&dir).ok();
}

/// A batch manifest's `purity`, `sample_type`, `population_vcf` and `panel_of_normals` columns
/// are per patient and override the batch-wide options (an empty cell keeps them); a bad value
/// is a one-line error naming the manifest, the line and the column.
#[test]
fn batch_manifest_germline_columns_are_per_patient() {
    let dir = std::env::temp_dir().join(format!("oncoprofile-germline-batch-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let sample = root().join(D).join("resources_sample.vcf");
    let pop = root().join(D).join("population.vcf.gz");
    let m = dir.join("m.tsv");
    std::fs::write(
        &m,
        format!(
            "patient\tvcf\ttumor_type\tpurity\tsample_type\tpopulation_vcf\tpanel_of_normals\n\
             P1\t{s}\tLUAD\t\t\t\t\n\
             P2\t{s}\tLUAD\t0.4\tplasma\t{p}\t.\n\
             P3\t{s}\tLUAD\t\ttissue\t\t\n",
            s = sample.display(),
            p = pop.display()
        ),
    )
    .unwrap();
    let out = dir.join("out");
    let o = run_with(&[
        "batch",
        "--quiet",
        "--manifest",
        m.to_str().unwrap(),
        "--outdir",
        out.to_str().unwrap(),
        "--sample-type",
        "plasma",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let read =
        |p: &str| -> Value { serde_json::from_slice(&std::fs::read(out.join(format!("{p}.json"))).unwrap()).unwrap() };
    let param = |r: &Value, name: &str| -> Option<String> {
        r["provenance"]["parameters"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["name"] == name)
            .map(|p| p["value"].as_str().unwrap().to_string())
    };
    // P1: the batch-wide plasma option; P2: its own purity and population VCF; P3: tissue.
    let (p1, p2, p3) = (read("P1"), read("P2"), read("P3"));
    assert_eq!(p1["plasma"]["min_vaf"], 0.005);
    assert!(p1["germline_resources"].as_array().is_none_or(|a| a.is_empty()));
    assert_eq!(p2["plasma"]["min_vaf"], 0.005);
    assert_eq!(param(&p2, "purity").as_deref(), Some("0.4"));
    assert_eq!(p2["germline_resources"][0]["kind"], "population");
    assert_eq!(p2["germline_resources"][0]["matched"], 5);
    assert!(p3["plasma"].is_null());
    assert_eq!(param(&p3, "min_vaf").as_deref(), Some("0.05"));
    assert_eq!(param(&p3, "sample_type"), None);
    // A bad value: one line naming the manifest, the line and the column.
    std::fs::write(
        &m,
        format!("patient\tvcf\tsample_type\nP1\t{}\tserum\n", sample.display()),
    )
    .unwrap();
    let o = run_with(&[
        "batch",
        "--quiet",
        "--manifest",
        m.to_str().unwrap(),
        "--outdir",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    assert!(
        err.contains("m.tsv") && err.contains("line 2: sample_type 'serum' is not tissue or plasma"),
        "{err}"
    );
    std::fs::write(
        &m,
        format!(
            "patient\tvcf\tpanel_of_normals\nP1\t{}\tnowhere.vcf.gz\n",
            sample.display()
        ),
    )
    .unwrap();
    let o = run_with(&[
        "batch",
        "--quiet",
        "--manifest",
        m.to_str().unwrap(),
        "--outdir",
        out.to_str().unwrap(),
    ]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("line 2: panel_of_normals 'nowhere.vcf.gz': no such file"),
        "{err}"
    );
    std::fs::remove_dir_all(&dir).ok();
}

/// Plasma bTMB reaches every format: the JSON key, the warning line (JSON, HTML), the TSV row.
#[test]
fn btmb_in_every_format() {
    let case = "tests/cases/plasma_btmb_high/input.vcf";
    let args = ["--tumor-type", "NSCLC", "--sample-type", "plasma", "--target-mb", "1.1"];
    let r = report(&[&[case][..], &args[..]].concat());
    assert_eq!(r["plasma"]["btmb"]["count"], 18);
    assert_eq!(r["plasma"]["btmb"]["status"], "high");
    for (format, needle) in [("tsv", "<BTMB>\tbTMB\t\thigh\tbTMB (plasma"), ("html", "bTMB (plasma")] {
        let out = run_with(&[&["report", "--quiet", "-O", format, case][..], &args[..]].concat());
        assert!(out.status.success());
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.contains(needle), "{format}: {text}");
    }
}
