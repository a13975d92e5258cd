//! The tumour-only screen through `oncoprofile report`: a curated founder allele keeps its
//! pathogenic call despite a population AF above the benign cut-off and is flagged for germline
//! follow-up, with its VAF set against `--purity`; the JSON sections and the HTML block.

use serde_json::Value;
use std::path::PathBuf;
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn report(args: &[&str]) -> Value {
    let out = Command::new(env!("CARGO_BIN_EXE_oncoprofile"))
        .current_dir(root())
        .args(["report", "--quiet"])
        .args(args)
        .output()
        .expect("runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("JSON")
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
    let out = Command::new(env!("CARGO_BIN_EXE_oncoprofile"))
        .current_dir(root())
        .args(["report", "--quiet", "-O", "html", CHEK2, "--tumor-type", "BRCA"])
        .output()
        .expect("runs");
    assert!(out.status.success());
    let html = String::from_utf8(out.stdout).unwrap();
    let block = html.find("id=\"germline-followup\"").expect("the block");
    assert!(block < html.find("id=\"summary\"").unwrap());
    assert!(html.contains("germline testing and genetic counselling recommended"));
}
