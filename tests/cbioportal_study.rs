//! `batch --cbioportal-study DIR`: our synthetic three-sample study (`tests/data/cbioportal/study`:
//! meta files, MAF, discrete CNA matrix, data_sv.txt, clinical sample file with ONCOTREE_CODE) run
//! as a cohort, and the folder errors. No public cBioPortal study is in `../shared/data`.

mod common;

use common::{bin, read_json, root};
use oncoprofile::batch::cbioportal::{read_study, study_jobs};
use oncoprofile::genome::GenomeBuild;
use oncoprofile::pipeline::Options;

fn study() -> std::path::PathBuf {
    root().join("tests/data/cbioportal/study")
}

/// Three samples with data (the fourth clinical sample has none): LUAD_01 (KRAS G12C in the MAF,
/// EML4::ALK in data_sv.txt), BRCA_02 (PIK3CA H1047R, ERBB2 amplification from GISTIC 2),
/// NEC_03 (RB1 and TP53 at GISTIC −2, no mutation: a copy-number report).
#[test]
fn study_folder_runs_every_sample() {
    let (s, jobs) = study_jobs(&study(), &Options::default()).unwrap();
    assert_eq!(s.id.as_deref(), Some("oncoprofile_fixture_study"));
    assert_eq!(s.build, Some(GenomeBuild::GRCh37));
    let plan: Vec<(&str, Option<&str>, usize, usize, bool)> = jobs
        .iter()
        .map(|j| {
            (
                j.patient.as_str(),
                j.options.tumor_type.as_deref(),
                j.options.cna.len(),
                j.options.sv.len(),
                j.vcf.as_os_str().is_empty(),
            )
        })
        .collect();
    assert_eq!(
        plan,
        vec![
            ("LUAD_01", Some("LUAD"), 0, 1, false),
            ("BRCA_02", Some("BRCA"), 1, 0, false),
            ("NEC_03", Some("NEC"), 1, 0, true),
        ]
    );
    let out = tempfile::tempdir().unwrap();
    let o = bin()
        .args(["batch", "--cbioportal-study"])
        .arg(study())
        .arg("--outdir")
        .arg(out.path())
        .arg("--quiet")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let luad = read_json(&out.path().join("LUAD_01.json"));
    assert_eq!(luad["patient"]["tumor_type"], "LUAD");
    assert_eq!(luad["fusions"]["events"][0]["name"], "EML4::ALK");
    let rules: Vec<&str> = luad["therapies"]["sensitivity"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|t| t["rule_id"].as_str())
        .collect();
    assert!(
        rules.contains(&"NSCLC-ALECTINIB-ALK") && rules.contains(&"NSCLC-SOTORASIB-KRAS-G12C"),
        "{rules:?}"
    );
    let brca = read_json(&out.path().join("BRCA_02.json"));
    assert_eq!(brca["copy_number"]["events"][0]["gene"], "ERBB2");
    assert_eq!(brca["copy_number"]["events"][0]["call"], "amplification");
    let nec = read_json(&out.path().join("NEC_03.json"));
    assert_eq!(nec["input"]["format"], "none");
    let calls: Vec<(&str, &str)> = nec["copy_number"]["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["gene"].as_str().unwrap(), e["call"].as_str().unwrap()))
        .collect();
    assert_eq!(
        calls,
        vec![("RB1", "homozygous_deletion"), ("TP53", "homozygous_deletion")]
    );
    assert!(nec["interpretation"]["patterns"]
        .as_array()
        .unwrap()
        .iter()
        .any(|p| p["id"] == "nec_tp53_rb1"));
    let cohort = std::fs::read_to_string(out.path().join("cohort.tsv")).unwrap();
    assert_eq!(cohort.lines().count(), 4, "{cohort}");
    assert!(!out.path().join("EMPTY_04.json").exists());
}

/// A folder with only data_sv.txt (no meta, no clinical file): the samples come from it; a folder
/// without any data file, and a meta file naming a missing file, are one-line errors (exit 2).
#[test]
fn study_subsets_and_errors() {
    let d = tempfile::tempdir().unwrap();
    std::fs::copy(study().join("data_sv.txt"), d.path().join("data_sv.txt")).unwrap();
    let (s, jobs) = study_jobs(d.path(), &Options::default()).unwrap();
    assert_eq!((s.mutations.is_none(), s.sv.is_some()), (true, true));
    let names: Vec<&str> = jobs.iter().map(|j| j.patient.as_str()).collect();
    assert_eq!(names, vec!["LUAD_01"]);

    let empty = tempfile::tempdir().unwrap();
    let e = read_study(empty.path()).unwrap_err().to_string();
    assert!(e.contains("no cBioPortal data file"), "{e}");
    let o = bin()
        .args(["batch", "--cbioportal-study"])
        .arg(empty.path())
        .arg("--outdir")
        .arg(empty.path().join("out"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));

    let bad = tempfile::tempdir().unwrap();
    std::fs::write(
        bad.path().join("meta_CNA.txt"),
        "genetic_alteration_type: COPY_NUMBER_ALTERATION\ndatatype: DISCRETE\ndata_filename: data_missing.txt\n",
    )
    .unwrap();
    let e = read_study(bad.path()).unwrap_err().to_string();
    assert!(
        e.contains("data_missing.txt: named by the study's meta file but not found"),
        "{e}"
    );
}
