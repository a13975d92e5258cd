//! Our caller fixtures (test-data/callers/): tumour sample, depth, alt depth and VAF for every row
//! of test-data/callers/EXPECTED.md, computed by the fixture generator from each caller's own
//! convention (independently of the Rust reader), plus hand-written spot checks.

mod common;
use common::*;

struct Row {
    file: String,
    pos: u64,
    alt: String,
    sample: String,
    depth: Option<u64>,
    alt_depth: Option<u64>,
    vaf: f64,
}

fn expected_rows() -> Vec<Row> {
    let text = std::fs::read_to_string(fixture("callers/EXPECTED.md")).unwrap();
    let mut rows = Vec::new();
    for line in text.lines() {
        let c: Vec<&str> = line.split('|').map(str::trim).collect();
        // | file | chrom | pos | ref | alt | sample | depth | alt depth | VAF | note |
        if c.len() < 11 || !c[1].ends_with(".vcf") || c[3].parse::<u64>().is_err() {
            continue;
        }
        rows.push(Row {
            file: c[1].to_string(),
            pos: c[3].parse().unwrap(),
            alt: c[5].to_string(),
            sample: c[6].to_string(),
            depth: c[7].parse().ok(),
            alt_depth: c[8].parse().ok(),
            vaf: c[9].parse().unwrap(),
        });
    }
    rows
}

fn check(file: &std::path::Path, rows: &[&Row], extra: &[&str]) {
    let mut args: Vec<&str> = ALL.to_vec();
    args.extend_from_slice(extra);
    let r = report(file, &args);
    assert_schema_valid(&r);
    for row in rows {
        assert_eq!(r["patient"]["tumor_sample"], row.sample.as_str(), "{}", row.file);
        let a = r["alterations"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["pos"] == row.pos && a["alt"] == row.alt.as_str())
            .unwrap_or_else(|| panic!("{}: no alteration {} {}", file.display(), row.pos, row.alt));
        assert_eq!(a["depth"].as_u64(), row.depth, "{} {} depth", row.file, row.pos);
        assert_eq!(
            a["alt_depth"].as_u64(),
            row.alt_depth,
            "{} {} alt depth",
            row.file,
            row.pos
        );
        let vaf = a["vaf"].as_f64().unwrap();
        assert!(
            (vaf - row.vaf).abs() <= 5e-5,
            "{} {} vaf {vaf} vs {}",
            row.file,
            row.pos,
            row.vaf
        );
    }
}

#[test]
fn every_expected_row_matches() {
    let rows = expected_rows();
    assert!(rows.len() >= 30, "parsed {} rows", rows.len());
    let mut files: Vec<&str> = rows.iter().map(|r| r.file.as_str()).collect();
    files.dedup();
    for f in files {
        let these: Vec<&Row> = rows.iter().filter(|r| r.file == f).collect();
        let extra: &[&str] = if f == "custom_tags.vcf" {
            &["--depth-tag", "TDP", "--vaf-tag", "TVAF"]
        } else {
            &[]
        };
        check(&fixture(&format!("callers/{f}")), &these, extra);
        if f == "mutect2_tn.vcf" {
            // The same records as BGZF, plain gzip and BCF.
            for other in ["mutect2_tn.vcf.gz", "mutect2_tn.plain.vcf.gz", "mutect2_tn.bcf"] {
                check(&fixture(&format!("callers/{other}")), &these, extra);
            }
        }
    }
}

#[test]
fn sample_rules_builds_and_callers() {
    // (file, rule, normal, build, caller)
    let cases = [
        (
            "mutect2_tn.vcf",
            "mutect2_header",
            Some("NORMAL_X"),
            Some("GRCh38"),
            Some("Mutect2"),
        ),
        (
            "strelka2_snvs.vcf",
            "tumor_normal_columns",
            Some("NORMAL"),
            Some("GRCh37"),
            Some("Strelka2"),
        ),
        (
            "varscan2.vcf",
            "tumor_normal_columns",
            Some("NORMAL"),
            None,
            Some("VarScan2"),
        ),
        (
            "vardict.vcf",
            "vardict_order",
            Some("NORMAL_V"),
            Some("GRCh38"),
            Some("VarDict"),
        ),
        (
            "dragen.vcf",
            "name_pattern",
            Some("PT07_NORMAL"),
            Some("GRCh38"),
            Some("DRAGEN"),
        ),
        ("custom_tags.vcf", "single_sample", None, Some("GRCh38"), None),
        (
            "tumor_only_vep.vcf",
            "mutect2_header",
            None,
            Some("GRCh38"),
            Some("Mutect2"),
        ),
    ];
    for (f, rule, normal, build, caller) in cases {
        let r = report(&fixture(&format!("callers/{f}")), &ALL);
        assert_eq!(r["patient"]["sample_rule"], rule, "{f}");
        assert_eq!(r["patient"]["normal_sample"].as_str(), normal, "{f}");
        assert_eq!(r["input"]["genome_build"].as_str(), build, "{f}");
        if let Some(c) = caller {
            assert_eq!(r["input"]["caller"], c, "{f}");
        }
    }
    let r = report(&fixture("callers/tumor_only_vep.vcf"), &ALL);
    assert_eq!(r["input"]["annotation"], "vep");
    let r = report(&fixture("callers/snpeff.vcf"), &ALL);
    assert_eq!(r["input"]["annotation"], "snpeff");
}

#[test]
fn strelka_has_no_ad_af_and_still_gets_vaf() {
    // Hand-checked: 7:140453136 A>T, tumour TU tier1 45 of 124 tier-1 bases, FORMAT DP 128.
    let r = report(&fixture("callers/strelka2_snvs.vcf"), &ALL);
    let a = alteration_at(&r, 140453136);
    assert_eq!(a["depth"], 128);
    assert_eq!(a["alt_depth"], 45);
    assert!((a["vaf"].as_f64().unwrap() - 45.0 / 124.0).abs() < 1e-6);
}

#[test]
fn vep_and_snpeff_protein_changes() {
    let r = report(&fixture("callers/tumor_only_vep.vcf"), &ALL);
    let kras = alteration_at(&r, 25245350);
    assert_eq!(kras["gene"], "KRAS");
    assert_eq!(kras["protein_change"], "p.G12D");
    assert_eq!(kras["hgvsp"], "ENSP00000308495.3:p.Gly12Asp");
    let egfr = alteration_at(&r, 55191822);
    assert_eq!(egfr["protein_change"], "p.L858R");
    assert!(egfr["hgvsp"].is_null());
    let tp53 = alteration_at(&r, 7674220);
    assert_eq!(tp53["protein_change"], "p.R248Pfs*98");
    let r = report(&fixture("callers/snpeff.vcf"), &ALL);
    assert_eq!(alteration_at(&r, 25398285)["protein_change"], "p.G12C");
    assert_eq!(alteration_at(&r, 178952085)["protein_change"], "p.H1047R");
    assert_eq!(alteration_at(&r, 112175639)["protein_change"], "p.R1450*");
}

#[test]
fn bad_fixtures_fail_cleanly() {
    for (f, needle) in [
        ("bad/empty.vcf", "empty file"),
        ("bad/no_header.vcf", "no VCF header"),
        ("bad/truncated.vcf.gz", "truncated"),
        ("bad/bad_pos.vcf", "field POS"),
        ("bad/not_a_vcf.txt", "line 1"),
        ("bad/binary_garbage.bcf", "binary_garbage.bcf"),
        ("bad/gzip_garbage.vcf.gz", "gzip"),
    ] {
        let p = fixture(f);
        let out = run(&["report", p.to_str().unwrap(), "-q"]);
        assert_eq!(out.status.code(), Some(2), "{f}: {}", stderr(&out));
        let e = stderr(&out);
        assert!(e.contains(needle), "{f}: {e}");
        assert_eq!(e.trim_end().lines().count(), 1);
    }
    let r = report(&fixture("bad/header_only.vcf"), &[]);
    assert_eq!(r["input"]["records"], 0);
    assert!(r["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|w| w.as_str().unwrap().contains("no records")));
}
