//! MAF input: `report x.maf` (one sample or `--sample`), `batch --maf` (one report per
//! Tumor_Sample_Barcode, resume), legacy TCGA MAFs (NCBI36, dotted barcodes, AAChange, VAF
//! column), and every row of the vcf2maf MAFs in ../shared.

mod common;

use common::{fixture, read_json, report, run, shared, ALL};
use serde_json::Value;
use std::collections::BTreeMap;

fn listed(r: &Value) -> Vec<(String, String, String)> {
    r["alterations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["gene"].as_str().unwrap_or("").to_string(),
                a["protein_change"].as_str().unwrap_or("").to_string(),
                a["oncogenicity"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

fn triple(g: &str, p: &str, o: &str) -> (String, String, String) {
    (g.into(), p.into(), o.into())
}

#[test]
fn several_samples_need_a_choice() {
    let out = run(&["report", fixture("maf/cohort.maf").to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("the MAF holds 3 samples (CRC_03, NEC_01, NET_02): choose one with --sample BARCODE"),
        "{err}"
    );
    let out = run(&["report", fixture("maf/cohort.maf").to_str().unwrap(), "-s", "NOPE"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no MAF row has Tumor_Sample_Barcode 'NOPE' (the file has 3"));
}

#[test]
fn one_sample_of_a_maf_is_reported_with_its_own_rows() {
    let r = report(
        &fixture("maf/cohort.maf"),
        &["-s", "NEC_01", "--tumor-type", "NEC", "--target-mb", "1"],
    );
    assert_eq!(r["input"]["format"], "maf");
    assert_eq!(r["input"]["annotation"], "maf");
    assert_eq!(r["input"]["genome_build"], "GRCh37");
    assert_eq!(r["input"]["genome_build_source"], "maf_ncbi_build");
    // NEC_01's 7 rows: one non-PASS (KRAS, panel_of_normals), one below --min-depth (PIK3CA, depth 10).
    assert_eq!(r["input"]["records"], 7);
    assert_eq!(r["input"]["records_passing"], 5);
    let removed: BTreeMap<String, u64> = r["filters"]["removed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["key"].as_str().unwrap().to_string(), c["count"].as_u64().unwrap()))
        .collect();
    assert_eq!(removed.get("filter_not_pass"), Some(&1));
    assert_eq!(removed.get("depth_below_min"), Some(&1));
    assert_eq!(r["patient"]["tumor_sample"], "NEC_01");
    assert_eq!(r["patient"]["normal_sample"], "NEC_01_N");
    assert_eq!(
        listed(&r),
        vec![
            triple("TP53", "p.R273H", "oncogenic"),
            triple("RB1", "p.L358Efs*13", "oncogenic")
        ]
    );
    let rb1 = &r["alterations"][1];
    // The MAF deletion `CT` at 48941648 becomes a VCF deletion with a padding base (N without --reference).
    assert_eq!(
        (rb1["pos"].as_u64(), rb1["ref"].as_str(), rb1["alt"].as_str()),
        (Some(48941647), Some("NCT"), Some("N"))
    );
    assert_eq!(rb1["vaf"], 0.4);
    assert_eq!(rb1["depth"], 70);
    assert_eq!(rb1["normal_depth"], 55);
    assert_eq!(rb1["annotation_source"], "maf");
    // TMB: TP53, RB1 and TTN (coding non-synonymous); the MUC16 silent row and the CDKN2A intron row are not counted.
    let tmb = &r["biomarkers"]["tmb"];
    assert_eq!(
        (
            tmb["count"].as_u64(),
            tmb["snv_count"].as_u64(),
            tmb["indel_count"].as_u64()
        ),
        (Some(3), Some(2), Some(1))
    );
    assert_eq!(tmb["value"], 3.0);
    assert_eq!(tmb["tumor_only"], false);
    assert_eq!(r["biomarkers"]["msi"]["method"], "indel_burden_fallback");
}

#[test]
fn gzip_maf_gives_the_same_report() {
    let plain = report(&fixture("maf/cohort.maf"), &["-s", "CRC_03", "--tumor-type", "COAD"]);
    let gz = report(&fixture("maf/cohort.maf.gz"), &["-s", "CRC_03", "--tumor-type", "COAD"]);
    assert_eq!(gz["input"]["compression"], "gzip");
    assert_eq!(listed(&plain), listed(&gz));
    assert_eq!(plain["therapies"], gz["therapies"]);
    assert_eq!(
        listed(&gz),
        vec![
            triple("BRAF", "p.V600E", "oncogenic"),
            triple("APC", "p.R1450*", "oncogenic")
        ]
    );
    let w: Vec<&str> = gz["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert!(
        w.iter().any(|w| w.starts_with("1 MAF row(s) are not small variants")),
        "{w:?}"
    );
}

#[test]
fn legacy_ncbi36_maf_keeps_gene_and_protein_change_not_coordinates() {
    let r = report(&fixture("maf/legacy_ncbi36.maf"), &[]);
    assert_eq!(r["patient"]["tumor_sample"], "TCGA.AB.2803.03");
    assert_eq!(r["patient"]["normal_sample"], "TCGA.AB.2803.11");
    assert_eq!(r["input"]["genome_build"], Value::Null);
    assert_eq!(
        listed(&r),
        vec![
            triple("BRAF", "p.V600E", "oncogenic"),
            triple("TP53", "p.R213*", "oncogenic")
        ]
    );
    let braf = &r["alterations"][0];
    assert_eq!(braf["vaf"], 0.415);
    let how: Vec<&str> = braf["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["reason"].as_str())
        .collect();
    assert!(how.iter().any(|h| h.contains("matched by protein change")), "{how:?}");
    assert!(!how.iter().any(|h| h.contains("genomic allele")), "{how:?}");
    let w: Vec<&str> = r["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert!(
        w.iter()
            .any(|w| w.starts_with("2 MAF row(s) are on a build other than GRCh37/GRCh38 (NCBI_Build 36)")),
        "{w:?}"
    );
}

#[test]
fn batch_maf_writes_one_report_per_barcode_and_resumes() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let maf = fixture("maf/cohort.maf.gz");
    let args = [
        "--quiet",
        "batch",
        "--maf",
        maf.to_str().unwrap(),
        "--outdir",
        out.to_str().unwrap(),
        "--target-mb",
        "1",
        "--formats",
        "json,tsv",
    ];
    let first = run(&args);
    assert_eq!(
        first.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    for s in ["CRC_03", "NEC_01", "NET_02"] {
        assert!(out.join(format!("{s}.json")).exists(), "{s}");
        assert!(out.join(format!("{s}.tsv")).exists(), "{s}");
    }
    let cohort: Value = read_json(&out.join("cohort.json"));
    let rows = cohort["rows"].as_array().or_else(|| cohort.as_array()).unwrap();
    let by: BTreeMap<&str, &Value> = rows.iter().map(|r| (r["patient"].as_str().unwrap(), r)).collect();
    assert_eq!(by.len(), 3);
    assert_eq!(
        by["NET_02"]["drivers"],
        serde_json::json!(["MEN1 p.R516Pfs*15 (oncogenic)", "DAXX p.Q334* (oncogenic)"])
    );
    assert_eq!(by["NEC_01"]["tmb_value"], 3.0);
    // Each sample's report equals `report -s BARCODE` with the same options.
    let single = report(&fixture("maf/cohort.maf.gz"), &["-s", "NET_02", "--target-mb", "1"]);
    let from_batch: Value = read_json(&out.join("NET_02.json"));
    assert_eq!(listed(&single), listed(&from_batch));
    assert_eq!(single["biomarkers"], from_batch["biomarkers"]);
    let again = run(&args);
    assert_eq!(again.status.code(), Some(0));
    let cohort: Value = read_json(&out.join("cohort.json"));
    let rows = cohort["rows"].as_array().or_else(|| cohort.as_array()).unwrap();
    assert!(rows.iter().all(|r| r["reused"] == true), "{rows:?}");
}

#[test]
fn a_bad_maf_row_is_an_error_naming_row_and_field() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("bad.maf");
    std::fs::write(
        &p,
        "Hugo_Symbol\tChromosome\tStart_Position\tReference_Allele\tTumor_Seq_Allele2\tTumor_Sample_Barcode\tt_depth\n\
         TP53\t17\t7577120\tC\tT\tS1\t50\n\
         TP53\t17\tabc\tC\tT\tS1\t50\n",
    )
    .unwrap();
    let out = run(&["report", p.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("bad.maf: record 2 (line 3): field Start_Position: 'abc' is not a position"),
        "{err}"
    );
}

/// Every row of the vcf2maf MAFs: each is read, and — with every filter off and every variant
/// listed — the report lists each row's gene and HGVSp_Short.
#[test]
fn vcf2maf_mafs_every_row_is_listed_with_its_gene_and_protein_change() {
    let Some(dir) = shared("vcf/vcf2maf") else { return };
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "maf"))
        .collect();
    files.sort();
    assert!(files.len() >= 2);
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        let mut lines = text.lines().filter(|l| !l.starts_with('#'));
        let header: Vec<String> = lines
            .next()
            .unwrap()
            .split('\t')
            .map(|c| c.to_ascii_lowercase())
            .collect();
        let col = |n: &str| header.iter().position(|c| c == n);
        let (hugo, hgvsp) = (col("hugo_symbol").unwrap(), col("hgvsp_short"));
        // A row repeating an earlier one of its sample (position and alleles) is counted once.
        let mut ids = std::collections::BTreeSet::new();
        let id_cols: Vec<usize> = [
            "tumor_sample_barcode",
            "chromosome",
            "start_position",
            "reference_allele",
            "tumor_seq_allele1",
            "tumor_seq_allele2",
        ]
        .iter()
        .filter_map(|n| col(n))
        .collect();
        let mut expected: Vec<(String, String)> = lines
            .filter(|l| {
                let c: Vec<&str> = l.split('\t').collect();
                ids.insert(
                    id_cols
                        .iter()
                        .map(|&i| c.get(i).copied().unwrap_or(""))
                        .collect::<Vec<_>>(),
                )
            })
            .map(|l| {
                let c: Vec<&str> = l.split('\t').collect();
                let gene = if c[hugo] == "Unknown" { "" } else { c[hugo] };
                let p = hgvsp.and_then(|i| c.get(i)).copied().unwrap_or("");
                (gene.to_string(), p.to_string())
            })
            .collect();
        let r = report(&f, &ALL);
        assert_eq!(
            r["input"]["records"].as_u64(),
            Some(expected.len() as u64),
            "{}",
            f.display()
        );
        // A row without HGVSp at a curated hotspot allele gets the allele's change from the
        // knowledge base (issue 26, section 8): compare it as the empty cell it came from, after
        // checking that it is a hotspot call.
        let hotspot_filled: Vec<String> = r["alterations"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|a| a["hotspot"].is_string() && a["hgvsp"].is_null() && a["protein_change"].is_string())
            .map(|a| a["protein_change"].as_str().unwrap().to_string())
            .collect();
        let mut got: Vec<(String, String)> = listed(&r)
            .into_iter()
            .map(|(g, p, _)| {
                let from_input = expected.iter().any(|(eg, ep)| eg == &g && ep == &p);
                if !from_input && hotspot_filled.contains(&p) {
                    (g, String::new())
                } else {
                    (g, p)
                }
            })
            .collect();
        expected.sort();
        got.sort();
        assert_eq!(got, expected, "{}", f.display());
        eprintln!(
            "{}: {} rows, every gene and protein change listed",
            f.display(),
            expected.len()
        );
    }
}

#[test]
fn reference_gives_maf_indels_their_padding_base() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("indels.maf");
    // Contig 1 of the biomarker test FASTA begins GCGACGATGA: a deletion of `ACG` at 4-6 and an
    // insertion of `TT` after position 2.
    std::fs::write(
        &p,
        "Hugo_Symbol\tChromosome\tStart_Position\tReference_Allele\tTumor_Seq_Allele2\tTumor_Sample_Barcode\tVariant_Classification\n\
         TP53\t1\t4\tACG\t-\tS1\tFrame_Shift_Del\n\
         TP53\t1\t2\t-\tTT\tS1\tFrame_Shift_Ins\n",
    )
    .unwrap();
    let with = report(
        &p,
        &[
            "--reference",
            fixture("biomarkers/ref.fa").to_str().unwrap(),
            "--all-variants",
        ],
    );
    let alleles: Vec<(u64, &str, &str)> = with["alterations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["pos"].as_u64().unwrap(),
                a["ref"].as_str().unwrap(),
                a["alt"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(alleles, [(3, "GACG", "G"), (2, "C", "CTT")]);
    let without = report(&p, &["--all-variants"]);
    assert_eq!(without["alterations"][0]["ref"], "NACG");
}

#[test]
fn batch_maf_isolates_a_sample_with_a_bad_row() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("c.maf");
    std::fs::write(
        &p,
        "Hugo_Symbol\tChromosome\tStart_Position\tReference_Allele\tTumor_Seq_Allele2\tTumor_Sample_Barcode\tVariant_Classification\tHGVSp_Short\n\
         BRAF\t7\t140453136\tA\tT\tGOOD\tMissense_Mutation\tp.V600E\n\
         TP53\t17\tnot_a_position\tC\tT\tBAD\tNonsense_Mutation\tp.R213*\n\
         KRAS\t12\t25398284\tC\tT\tBAD\tMissense_Mutation\tp.G12D\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    let r = run(&[
        "--quiet",
        "batch",
        "--maf",
        p.to_str().unwrap(),
        "--outdir",
        out.to_str().unwrap(),
    ]);
    assert_eq!(r.status.code(), Some(5), "{}", String::from_utf8_lossy(&r.stderr));
    assert!(out.join("GOOD.json").exists());
    assert!(!out.join("BAD.json").exists());
    let tsv = std::fs::read_to_string(out.join("cohort.tsv")).unwrap();
    let bad = tsv.lines().find(|l| l.starts_with("BAD\t")).unwrap();
    assert!(
        bad.contains("record 2 (line 3): field Start_Position: 'not_a_position' is not a position"),
        "{bad}"
    );
    // `report -s GOOD` is not affected by the other sample's bad row; `report -s BAD` fails.
    let good = report(&p, &["-s", "GOOD"]);
    assert_eq!(listed(&good), vec![triple("BRAF", "p.V600E", "oncogenic")]);
    let bad = run(&["report", p.to_str().unwrap(), "-s", "BAD"]);
    assert_eq!(bad.status.code(), Some(2));
}

/// A cut MAF never gives a report: gzip cut anywhere, plain text cut inside its last row.
#[test]
fn a_cut_maf_is_never_a_report() {
    let dir = tempfile::tempdir().unwrap();
    let gz = std::fs::read(fixture("maf/cohort.maf.gz")).unwrap();
    let cut = dir.path().join("cut.maf.gz");
    for at in (10..gz.len()).step_by(37) {
        std::fs::write(&cut, &gz[..at]).unwrap();
        let out = run(&["--quiet", "report", cut.to_str().unwrap(), "-s", "NEC_01"]);
        assert_ne!(out.status.code(), Some(0), "cut at {at} of {}", gz.len());
    }
    let text = std::fs::read_to_string(fixture("maf/cohort.maf")).unwrap();
    let cut = dir.path().join("cut.maf");
    // Inside the last row's cells, without its line break.
    std::fs::write(&cut, &text[..text.len() - 12]).unwrap();
    let out = run(&["report", cut.to_str().unwrap(), "-s", "CRC_03"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("truncated"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The fixture's header (after `#version`) and its rows by barcode.
fn fixture_parts() -> (String, Vec<String>) {
    let text = std::fs::read_to_string(fixture("maf/cohort.maf")).unwrap();
    let mut lines = text.lines().filter(|l| !l.starts_with('#'));
    let header = lines.next().unwrap().to_string();
    (header, lines.map(str::to_string).collect())
}

fn rows_of(rows: &[String], barcode: &str) -> Vec<String> {
    rows.iter()
        .filter(|r| r.contains(&format!("\t{barcode}\t")))
        .cloned()
        .collect()
}

fn batch_maf(maf: &std::path::Path, out: &std::path::Path) -> std::process::Output {
    run(&[
        "batch",
        "--maf",
        maf.to_str().unwrap(),
        "--outdir",
        out.to_str().unwrap(),
        "--target-mb",
        "1",
        "--quiet",
    ])
}

fn cohort_patients(out: &std::path::Path) -> Vec<String> {
    let c: Value = read_json(&out.join("cohort.json"));
    c["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["patient"].as_str().unwrap().to_string())
        .collect()
}

/// `cat a.maf b.maf`: the second header (and its `#version` line) is skipped with a warning, not
/// read as a phantom patient `Tumor_Sample_Barcode`; a second header with other columns is refused.
#[test]
fn a_repeated_maf_header_is_skipped_with_a_warning() {
    let d = tempfile::tempdir().unwrap();
    let (header, rows) = fixture_parts();
    let a = format!("#version 2.4\n{header}\n{}\n", rows_of(&rows, "NEC_01").join("\n"));
    let b = format!("#version 2.4\n{header}\n{}\n", rows_of(&rows, "NET_02").join("\n"));
    let cat = d.path().join("cat.maf");
    std::fs::write(&cat, format!("{a}{b}")).unwrap();
    let out = d.path().join("out");
    let o = batch_maf(&cat, &out);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(cohort_patients(&out), ["NEC_01", "NET_02"]);
    let r: Value = read_json(&out.join("NET_02.json"));
    let warned = r["warnings"].as_array().unwrap().iter().any(|w| {
        w.as_str()
            .unwrap()
            .starts_with("2 MAF header or comment line(s) repeated after the first rows (first: line 10;")
    });
    assert!(warned, "{}", r["warnings"]);
    let single = report(&cat, &["-s", "NET_02", "--target-mb", "1"]);
    assert_eq!(listed(&single), listed(&r));
    // Other columns: the rows after it would be misread.
    let other = header.replacen("Hugo_Symbol\tEntrez_Gene_Id", "Entrez_Gene_Id\tHugo_Symbol", 1);
    std::fs::write(&cat, format!("{a}{other}\n")).unwrap();
    let o = batch_maf(&cat, &d.path().join("out2"));
    assert_eq!(o.status.code(), Some(2));
    let e = String::from_utf8_lossy(&o.stderr);
    assert!(e.contains("line 10: a second MAF header with other columns"), "{e}");
}

/// A row repeated for the same sample (position and alleles) counts once in TMB and is reported
/// as `duplicate_records`, as the VCF merge does.
#[test]
fn duplicate_maf_rows_count_once() {
    let d = tempfile::tempdir().unwrap();
    let (header, rows) = fixture_parts();
    let nec = rows_of(&rows, "NEC_01");
    let once = d.path().join("once.maf");
    std::fs::write(&once, format!("{header}\n{}\n", nec.join("\n"))).unwrap();
    let twice = d.path().join("twice.maf");
    let mut doubled = nec.clone();
    doubled.push(nec[0].clone());
    doubled.insert(2, nec[2].clone());
    std::fs::write(&twice, format!("{header}\n{}\n", doubled.join("\n"))).unwrap();
    let a = report(&once, &["--target-mb", "1"]);
    let b = report(&twice, &["--target-mb", "1"]);
    assert_eq!(b["input"]["duplicate_records"], 2, "{}", b["input"]);
    assert!(a["input"].get("duplicate_records").is_none());
    assert_eq!(a["biomarkers"]["tmb"], b["biomarkers"]["tmb"]);
    assert_eq!(a["biomarkers"]["tmb"]["value"], 3.0);
    assert_eq!(listed(&a), listed(&b));
    let out = d.path().join("out");
    assert_eq!(batch_maf(&twice, &out).status.code(), Some(0));
    let r: Value = read_json(&out.join("NEC_01.json"));
    assert_eq!(r["input"]["duplicate_records"], 2);
    assert_eq!(r["biomarkers"]["tmb"], a["biomarkers"]["tmb"]);
}

/// Non-ASCII barcodes that sanitise alike keep distinct file names.
#[test]
fn non_ascii_patient_ids_get_distinct_file_names() {
    let d = tempfile::tempdir().unwrap();
    let (header, rows) = fixture_parts();
    let mut text = format!("{header}\n");
    for (from, to) in [("NEC_01", "患者1"), ("NET_02", "病人1")] {
        for r in rows_of(&rows, from) {
            text.push_str(&r.replace(&format!("\t{from}\t"), &format!("\t{to}\t")));
            text.push('\n');
        }
    }
    let maf = d.path().join("u.maf");
    std::fs::write(&maf, text).unwrap();
    let out = d.path().join("out");
    let o = batch_maf(&maf, &out);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("__1-") && n.ends_with(".json"))
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");
    let ids: Vec<String> = names
        .iter()
        .map(|n| read_json(&out.join(n))["patient"]["id"].as_str().unwrap().to_string())
        .collect();
    assert!(
        ids.contains(&"患者1".to_string()) && ids.contains(&"病人1".to_string()),
        "{ids:?}"
    );
}

/// A MAF is found by its required columns anywhere in the header, after a byte-order mark.
#[test]
fn maf_detection_tolerates_a_bom_and_any_column_order() {
    let d = tempfile::tempdir().unwrap();
    let (header, rows) = fixture_parts();
    let nec = rows_of(&rows, "NEC_01");
    let plain = d.path().join("plain.maf");
    std::fs::write(&plain, format!("{header}\n{}\n", nec.join("\n"))).unwrap();
    // Move Hugo_Symbol to the end of every line.
    let rotate = |l: &str| {
        let (first, rest) = l.split_once('\t').unwrap();
        format!("{rest}\t{first}")
    };
    let mut text = String::from("\u{feff}#version 2.4\n");
    text.push_str(&rotate(&header));
    text.push('\n');
    for r in &nec {
        text.push_str(&rotate(r));
        text.push('\n');
    }
    let moved = d.path().join("moved.maf");
    std::fs::write(&moved, text).unwrap();
    let a = report(&plain, &["--target-mb", "1"]);
    let b = report(&moved, &["--target-mb", "1"]);
    assert_eq!(b["input"]["format"], "maf");
    assert_eq!(listed(&a), listed(&b));
    assert_eq!(a["biomarkers"], b["biomarkers"]);
    // BOM directly before the header line.
    std::fs::write(&moved, format!("\u{feff}{header}\n{}\n", nec.join("\n"))).unwrap();
    assert_eq!(listed(&report(&moved, &["--target-mb", "1"])), listed(&a));
}

/// Reports are written as each sample's rows end; a sample whose rows are not contiguous (an
/// unsorted MAF) gets the same report as in a sorted file.
#[test]
fn batch_maf_of_an_unsorted_file_gives_the_sorted_reports() {
    let d = tempfile::tempdir().unwrap();
    let (header, rows) = fixture_parts();
    let (nec, net, crc) = (
        rows_of(&rows, "NEC_01"),
        rows_of(&rows, "NET_02"),
        rows_of(&rows, "CRC_03"),
    );
    let mut mixed: Vec<String> = Vec::new();
    mixed.extend_from_slice(&nec[..3]);
    mixed.extend_from_slice(&net);
    mixed.extend_from_slice(&nec[3..]);
    mixed.extend_from_slice(&crc);
    let sorted = d.path().join("sorted.maf");
    std::fs::write(&sorted, format!("{header}\n{}\n", [nec, net, crc].concat().join("\n"))).unwrap();
    let unsorted = d.path().join("unsorted.maf");
    std::fs::write(&unsorted, format!("{header}\n{}\n", mixed.join("\n"))).unwrap();
    let (o1, o2) = (d.path().join("o1"), d.path().join("o2"));
    assert_eq!(batch_maf(&sorted, &o1).status.code(), Some(0));
    assert_eq!(batch_maf(&unsorted, &o2).status.code(), Some(0));
    assert_eq!(cohort_patients(&o2), ["CRC_03", "NEC_01", "NET_02"]);
    for s in ["CRC_03", "NEC_01", "NET_02"] {
        let (a, b): (Value, Value) = (
            read_json(&o1.join(format!("{s}.json"))),
            read_json(&o2.join(format!("{s}.json"))),
        );
        assert_eq!(listed(&a), listed(&b), "{s}");
        assert_eq!(a["biomarkers"], b["biomarkers"], "{s}");
        assert_eq!(a["input"]["records"], b["input"]["records"], "{s}");
    }
}
