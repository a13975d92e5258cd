//! `report --reference FASTA --signatures REF -O tsv`: the signature exposures and readouts as
//! rows after the alterations (a made-up reference set written here, not COSMIC data).

mod common;

fn tsv(extra: &[&str]) -> Vec<Vec<String>> {
    let out = common::bin()
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
            "tsv",
            "-q",
        ])
        .args(extra)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| l.split('\t').map(str::to_string).collect())
        .collect()
}

#[test]
fn exposures_and_readouts_are_rows() {
    let dir = tempfile::tempdir().unwrap();
    let refp = dir.path().join("COSMIC_v3.9_SBS_GRCh38.txt");
    common::write_made_up_sbs96(&refp, &["SBS6", "SBS3"]);
    let rows = tsv(&["--signatures", refp.to_str().unwrap()]);
    let head = &rows[0];
    let col = |name: &str| head.iter().position(|h| h == name).unwrap();
    assert!(rows.iter().all(|r| r.len() == head.len()));
    let ex: Vec<&Vec<String>> = rows.iter().filter(|r| r[col("alt")] == "<SIGNATURE>").collect();
    assert!(!ex.is_empty());
    let sbs6 = ex.iter().find(|r| r[col("gene")] == "SBS6").expect("SBS6 row");
    assert_eq!(sbs6[col("consequence")], "SBS96_exposure");
    assert_eq!(sbs6[col("depth")], "100", "the fit's mutations");
    assert!(sbs6[col("hgvsc")].starts_with("reference 3.9 (sha256 "));
    let attributed: f64 = ex.iter().map(|r| r[col("alt_depth")].parse::<f64>().unwrap()).sum();
    assert!((attributed - 100.0).abs() < 0.05, "exposures add up: {attributed}");
    let share: f64 = sbs6[col("vaf")].parse().unwrap();
    assert!(share > 0.5, "{share}");
    let readouts: Vec<&Vec<String>> = rows.iter().filter(|r| r[col("alt")] == "<SIGNATURE_READOUT>").collect();
    assert_eq!(readouts[0][col("gene")], "mmr");
    assert!(readouts[0][col("consequence")].contains("SBS6"));
    // The signature rows come last, after any alteration row.
    let first = rows.iter().position(|r| r[col("alt")] == "<SIGNATURE>").unwrap();
    assert!(rows[first..].iter().all(|r| r[col("alt")].starts_with("<SIGNATURE")));

    // Catalogue and indicator rows first, before the exposures.
    let first = rows
        .iter()
        .position(|r| r[col("alt")].starts_with("<SIGNATURE"))
        .unwrap();
    assert_eq!(rows[first][col("alt")], "<SIGNATURE_CATALOGUE>");
    assert!(rows[first..].iter().all(|r| r[col("alt")].starts_with("<SIGNATURE")));

    // Without a reference set: no exposure rows, but the catalogue and the indicators.
    let rows = tsv(&[]);
    assert!(!rows.iter().any(|r| r[4] == "<SIGNATURE>"));
    let find = |alt: &str, gene: &str, consequence: &str| {
        rows.iter()
            .find(|r| r[4] == alt && r[col("gene")] == gene && r[col("consequence")] == consequence)
            .unwrap_or_else(|| panic!("{alt} {gene} {consequence}"))
            .clone()
    };
    let ct = find("<SIGNATURE_CATALOGUE>", "C>T", "SBS6");
    assert_eq!(
        (ct[col("alt_depth")].as_str(), ct[col("depth")].as_str()),
        ("55", "100")
    );
    assert_eq!(ct[col("vaf")], "0.55");
    let indels = find("<SIGNATURE_CATALOGUE>", "indels", "ID83");
    assert_eq!(indels[col("alt_depth")], "60");
    let mmr = find(
        "<SIGNATURE_INDICATOR>",
        "mmr_homopolymer_deletions",
        "mmr_homopolymer_deletions",
    );
    assert_eq!(mmr[col("vaf")], "1");
    assert_eq!(mmr[col("protein_change")], "60 of 60 (too few for a call)");
    assert!(mmr[col("hgvsc")].contains("PMID 32025018"), "{}", mmr[col("hgvsc")]);
    let apobec = find("<SIGNATURE_INDICATOR>", "apobec", "tcw");
    assert!(apobec[col("hgvsc")].starts_with("Roberts et al. 2013"));
    assert_eq!(
        rows.iter().filter(|r| r[4] == "<SIGNATURE_INDICATOR>").count(),
        7,
        "seven shares"
    );
}
