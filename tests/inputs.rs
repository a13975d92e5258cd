//! Inputs beyond one annotated VCF: several files of one patient (Strelka2 SNVs + indels),
//! regions (`-r/-R`, compared with `bcftools view -r`), sites-only VCFs, manifest cells with
//! several files.

mod common;

use common::{fixture, read_json, report, run, tool, ALL};
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

fn without_input(mut r: Value) -> Value {
    r.as_object_mut().unwrap().remove("input");
    r
}

fn report_files(files: &[&Path], extra: &[&str]) -> Value {
    let mut args: Vec<String> = vec!["report".into(), "--quiet".into()];
    args.extend(files.iter().map(|f| f.display().to_string()));
    args.extend(extra.iter().map(|s| s.to_string()));
    let out = common::bin().args(&args).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

/// `test-data/callers/strelka2_merged.vcf` is `bcftools concat -a` of the two bgzipped, indexed
/// Strelka2 files, then `bcftools sort` (records in contig order).
#[test]
fn split_strelka2_snvs_and_indels_give_the_merged_files_report() {
    let snvs = fixture("callers/strelka2_snvs.vcf");
    let indels = fixture("callers/strelka2_indels.vcf");
    let merged = fixture("callers/strelka2_merged.vcf");
    for extra in [&["--target-mb", "1", "--tumor-type", "NEC"][..], &ALL[..]] {
        let split = report_files(&[&snvs, &indels], extra);
        let one = report(&merged, extra);
        assert_eq!(split["input"]["records"], one["input"]["records"]);
        assert_eq!(split["input"]["alleles"], one["input"]["alleles"]);
        assert_eq!(split["input"]["records_passing"], one["input"]["records_passing"]);
        assert_eq!(split["input"]["duplicate_records"], 0);
        let files = split["input"]["files"].as_array().unwrap();
        assert_eq!(files.len(), 2);
        assert_eq!(
            (files[0]["records"].as_u64(), files[1]["records"].as_u64()),
            (Some(15), Some(9))
        );
        assert_eq!(without_input(split), without_input(one));
    }
    // The SNV file alone cannot assess MSI; with the indel file it can.
    let alone = report(&snvs, &["--target-mb", "1"]);
    let both = report_files(&[&snvs, &indels], &["--target-mb", "1"]);
    assert_eq!(alone["biomarkers"]["msi"]["status"], "indeterminate");
    assert_ne!(both["biomarkers"]["msi"]["status"], "indeterminate");
}

#[test]
fn a_file_given_twice_counts_each_record_once() {
    let snvs = fixture("callers/strelka2_snvs.vcf");
    let twice = report_files(&[&snvs, &snvs], &ALL);
    let once = report(&snvs, &ALL);
    assert_eq!(twice["input"]["records"], 15);
    assert_eq!(twice["input"]["duplicate_records"], 15);
    assert_eq!(twice["alterations"], once["alterations"]);
    assert_eq!(twice["biomarkers"], once["biomarkers"]);
}

#[test]
fn files_with_other_samples_are_refused() {
    let out = run(&[
        "report",
        fixture("callers/strelka2_snvs.vcf").to_str().unwrap(),
        fixture("callers/mutect2_tn.vcf").to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("mutect2_tn.vcf: its samples ("), "{err}");
    assert!(
        err.contains("the files of one patient must name the same samples in the same order"),
        "{err}"
    );
}

#[test]
fn an_error_in_the_second_file_names_that_file_and_its_record() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(fixture("callers/strelka2_indels.vcf")).unwrap();
    let header = text.lines().filter(|l| l.starts_with('#')).count();
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    // Record 3 of the indel file: a POS that is not a number.
    let mut f: Vec<String> = lines[header + 2].split('\t').map(str::to_string).collect();
    f[1] = "12x".into();
    lines[header + 2] = f.join("\t");
    let bad = dir.path().join("indels.vcf");
    std::fs::write(&bad, lines.join("\n") + "\n").unwrap();
    let out = run(&[
        "report",
        fixture("callers/strelka2_snvs.vcf").to_str().unwrap(),
        bad.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!("indels.vcf: record 3 (line {})", header + 3)),
        "{err}"
    );
}

#[test]
fn manifest_cell_with_two_files_is_one_patient() {
    let dir = tempfile::tempdir().unwrap();
    let m = dir.path().join("m.tsv");
    std::fs::write(
        &m,
        format!(
            "patient\tvcf\nP1\t{},{}\n",
            fixture("callers/strelka2_snvs.vcf").display(),
            fixture("callers/strelka2_indels.vcf").display()
        ),
    )
    .unwrap();
    let outdir = dir.path().join("out");
    let out = run(&[
        "--quiet",
        "batch",
        "--manifest",
        m.to_str().unwrap(),
        "--outdir",
        outdir.to_str().unwrap(),
        "--target-mb",
        "1",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let r: Value = read_json(&outdir.join("P1.json"));
    assert_eq!(r["input"]["files"].as_array().unwrap().len(), 2);
    assert_eq!(r["input"]["records"], 24);
    // The plan's report arguments begin with the second file.
    let plan = run(&[
        "batch",
        "--manifest",
        m.to_str().unwrap(),
        "--check-manifest",
        "--target-mb",
        "1",
    ]);
    let plan: Value = serde_json::from_slice(&plan.stdout).unwrap();
    let p = &plan["patients"][0];
    assert!(p["vcf"].as_str().unwrap().ends_with("strelka2_snvs.vcf"));
    assert!(p["report_args"][0].as_str().unwrap().ends_with("strelka2_indels.vcf"));
    // Resume: the second run reuses the report (both files unchanged).
    let again = run(&[
        "--quiet",
        "batch",
        "--manifest",
        m.to_str().unwrap(),
        "--outdir",
        outdir.to_str().unwrap(),
        "--target-mb",
        "1",
    ]);
    assert_eq!(again.status.code(), Some(0));
    let cohort = std::fs::read_to_string(outdir.join("cohort.tsv")).unwrap();
    let header: Vec<&str> = cohort.lines().next().unwrap().split('\t').collect();
    let row: Vec<&str> = cohort.lines().nth(1).unwrap().split('\t').collect();
    let reused = header.iter().position(|h| *h == "reused").unwrap();
    assert_eq!(row[reused], "true");
}

fn bcftools() -> bool {
    tool("bcftools")
}

/// (CHROM, POS, REF, ALT) of every allele `bcftools view -H` prints with `args`.
fn bcftools_alleles(args: &[&str]) -> BTreeSet<(String, u64, String, String)> {
    let out = Command::new("bcftools")
        .arg("view")
        .arg("-H")
        .args(args)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let mut set = BTreeSet::new();
    for line in String::from_utf8(out.stdout).unwrap().lines() {
        let f: Vec<&str> = line.split('\t').collect();
        for alt in f[4].split(',') {
            set.insert((
                f[0].to_string(),
                f[1].parse().unwrap(),
                f[3].to_string(),
                alt.to_string(),
            ));
        }
    }
    set
}

fn our_alleles(file: &Path, region_args: &[&str]) -> (BTreeSet<(String, u64, String, String)>, u64) {
    let mut extra: Vec<&str> = ALL.to_vec();
    extra.extend_from_slice(region_args);
    let r = report(file, &extra);
    let set = r["alterations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["chrom"].as_str().unwrap().to_string(),
                a["pos"].as_u64().unwrap(),
                a["ref"].as_str().unwrap().to_string(),
                a["alt"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    (set, r["input"]["alleles"].as_u64().unwrap())
}

#[test]
fn regions_select_what_bcftools_view_r_selects() {
    if !bcftools() {
        return;
    }
    let f = fixture("callers/mutect2_tn.vcf.gz");
    let fs = f.to_str().unwrap();
    for region in [
        "chr7",
        "chr17:7673802-7675088",
        "chr14:104780215-104780220",
        // The deletion CA at 105275680 spans 105275681: taken, as bcftools does.
        "chr4:105275681",
        "chr4:105275682",
        "chr9:21971120,chr16:2078611-2078611",
        "chr1:1-155236389",
        "chrX:77682471-",
    ] {
        let theirs = bcftools_alleles(&["-r", region, fs]);
        let (ours, n) = our_alleles(&f, &["-r", region]);
        assert_eq!(ours, theirs, "-r {region}");
        assert_eq!(n, theirs.len() as u64, "-r {region}");
        eprintln!("-r {region}: {} allele(s), as bcftools view -r", n);
    }
    // A regions file (tab-delimited, 1-based) and a BED.
    let dir = tempfile::tempdir().unwrap();
    let tab = dir.path().join("regions.txt");
    std::fs::write(&tab, "chr7\t55191822\t140753336\nchr12\t25245350\t25245350\n").unwrap();
    let bed = dir.path().join("regions.bed");
    std::fs::write(&bed, "chr7\t55191821\t140753336\nchr12\t25245349\t25245350\n").unwrap();
    for file in [&tab, &bed] {
        let theirs = bcftools_alleles(&["-R", file.to_str().unwrap(), fs]);
        let (ours, n) = our_alleles(&f, &["-R", file.to_str().unwrap()]);
        assert_eq!(ours, theirs, "-R {}", file.display());
        assert_eq!(n, 3);
    }
}

#[test]
fn bad_regions_are_usage_errors() {
    let f = fixture("callers/mutect2_tn.vcf");
    let out = run(&["report", f.to_str().unwrap(), "-r", "chr7:200-100"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("--regions: region 'chr7:200-100': end 100 is before start 200")
    );
}

#[test]
fn sites_only_vcf_is_read_without_depth_filters() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("sites.vcf");
    std::fs::write(
        &p,
        "##fileformat=VCFv4.2\n##contig=<ID=7,length=159138663>\n##contig=<ID=12,length=133851895>\n\
         #CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n\
         7\t140453136\t.\tA\tT\t.\tPASS\t.\n12\t25398284\t.\tC\tT\t.\tPASS\t.\n",
    )
    .unwrap();
    let r = report(&p, &["--target-mb", "1"]);
    assert_eq!(r["patient"]["sample_rule"], "no_samples");
    assert_eq!(r["patient"]["tumor_sample"], Value::Null);
    let a = r["alterations"].as_array().unwrap();
    let genes: Vec<(&str, &str)> = a
        .iter()
        .map(|x| (x["gene"].as_str().unwrap(), x["protein_change"].as_str().unwrap()))
        .collect();
    assert_eq!(genes, [("BRAF", "p.V600E"), ("KRAS", "p.G12D")]);
    assert!(a.iter().all(|x| x["vaf"].is_null() && x["depth"].is_null()));
    let w: Vec<&str> = r["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert!(
        w.contains(&"the VCF has no sample columns: depth and VAF come only from INFO tags, if any"),
        "{w:?}"
    );
    assert!(
        w.iter()
            .any(|w| w.starts_with("2 passing allele(s) have no tumour depth")),
        "{w:?}"
    );
}

/// A VCF large enough for many BGZF blocks and index bins: 3 contigs × 20,000 SNVs and deletions.
fn write_big_vcf(path: &Path) {
    let mut s = String::from(
        "##fileformat=VCFv4.2\n##contig=<ID=chr1,length=249250621>\n##contig=<ID=chr2,length=243199373>\n\
         ##contig=<ID=chr3,length=198022430>\n##FORMAT=<ID=DP,Number=1,Type=Integer,Description=\"d\">\n\
         ##FORMAT=<ID=AD,Number=R,Type=Integer,Description=\"a\">\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tT\n",
    );
    for c in 1..=3 {
        for i in 0..20_000u64 {
            let pos = 1_000 + i * 997 + c * 13;
            let (r, a) = if i % 7 == 0 { ("CAT", "C") } else { ("C", "T") };
            s.push_str(&format!("chr{c}\t{pos}\t.\t{r}\t{a}\t.\tPASS\t.\tDP:AD\t50:30,20\n"));
        }
    }
    std::fs::write(path, s).unwrap();
}

#[test]
fn regions_through_tbi_and_csi_indexes_equal_bcftools_and_streaming() {
    if !(bcftools() && tool("bgzip") && tool("tabix")) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let plain = dir.path().join("big.vcf");
    write_big_vcf(&plain);
    let bgz = dir.path().join("big.vcf.gz");
    let st = Command::new("bgzip").arg("-k").arg("-f").arg(&plain).status().unwrap();
    assert!(st.success());
    let csi_dir = dir.path().join("csi");
    std::fs::create_dir(&csi_dir).unwrap();
    let csi = csi_dir.join("big.vcf.gz");
    std::fs::copy(&bgz, &csi).unwrap();
    assert!(Command::new("tabix")
        .args(["-p", "vcf"])
        .arg(&bgz)
        .status()
        .unwrap()
        .success());
    assert!(Command::new("tabix")
        .args(["-C", "-p", "vcf"])
        .arg(&csi)
        .status()
        .unwrap()
        .success());
    assert!(csi_dir.join("big.vcf.gz.csi").exists());
    for region in [
        "chr2:5000000-5100000",
        "chr1:1000-20000,chr3:19000000-",
        // A deletion at 1003+7*997*k starting before the region start.
        "chr1:7982-7982",
        "chr3",
        "chr4:1-100",
    ] {
        let theirs = bcftools_alleles(&["-r", region, bgz.to_str().unwrap()]);
        let mut reports = Vec::new();
        for f in [&bgz, &csi, &plain] {
            let (ours, n) = our_alleles(f, &["-r", region]);
            assert_eq!(ours, theirs, "-r {region} on {}", f.display());
            assert_eq!(n, theirs.len() as u64);
            let mut extra: Vec<&str> = ALL.to_vec();
            extra.extend_from_slice(&["-r", region, "--target-mb", "1"]);
            let mut r = report(f, &extra);
            for a in r["alterations"].as_array_mut().unwrap() {
                a.as_object_mut().unwrap().remove("record");
            }
            reports.push(without_input(r));
        }
        assert_eq!(reports[0], reports[2], "-r {region}: tbi vs streaming");
        assert_eq!(reports[1], reports[2], "-r {region}: csi vs streaming");
        eprintln!(
            "-r {region}: {} allele(s) through .tbi, .csi and streaming, as bcftools view -r",
            theirs.len()
        );
    }
}

#[test]
fn a_cut_indexed_file_is_refused_even_for_a_region() {
    if !(tool("bgzip") && tool("tabix")) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let plain = dir.path().join("big.vcf");
    write_big_vcf(&plain);
    let bgz = dir.path().join("big.vcf.gz");
    assert!(Command::new("bgzip").arg("-k").arg(&plain).status().unwrap().success());
    assert!(Command::new("tabix")
        .args(["-p", "vcf"])
        .arg(&bgz)
        .status()
        .unwrap()
        .success());
    let bytes = std::fs::read(&bgz).unwrap();
    std::fs::write(&bgz, &bytes[..bytes.len() - 28]).unwrap();
    let out = run(&["report", bgz.to_str().unwrap(), "-r", "chr1:1000-2000"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("the file ends without the BGZF end-of-file block"));
}
