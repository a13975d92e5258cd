//! `oncoprofile annotate`: a MAF in, the same MAF out with our columns appended (own fixtures and
//! the vcf2maf MAFs of ../shared).

mod common;

use common::{fixture, root, shared};
use std::path::Path;

const OURS: [&str; 9] = [
    "ONCOPROFILE_ONCOGENICITY",
    "ONCOPROFILE_DRIVER",
    "ONCOPROFILE_HOTSPOT",
    "ONCOPROFILE_BEST_AMP_TIER",
    "ONCOPROFILE_BEST_ESCAT_TIER",
    "ONCOPROFILE_THERAPIES",
    "ONCOPROFILE_RESISTANCE",
    "ONCOPROFILE_REASON",
    "ONCOPROFILE_ERROR",
];

fn annotate(maf: &Path, out: &Path, extra: &[&str]) -> std::process::Output {
    let o = assert_cmd::Command::cargo_bin("oncoprofile")
        .unwrap()
        .current_dir(root())
        .arg("annotate")
        .arg(maf)
        .arg("-o")
        .arg(out)
        .args(extra)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    o
}

/// The output's lines with our columns cut off, and our columns by name for each data row.
fn split(text: &str, input_width: usize) -> (Vec<String>, Vec<std::collections::HashMap<&'static str, String>>) {
    let mut kept = Vec::new();
    let mut rows = Vec::new();
    for line in text.lines() {
        if line.starts_with('#') {
            kept.push(line.to_string());
            continue;
        }
        let cells: Vec<&str> = line.split('\t').collect();
        assert_eq!(cells.len(), input_width + OURS.len(), "{line}");
        let (theirs, ours) = cells.split_at(input_width);
        kept.push(theirs.join("\t"));
        if theirs[0] == "Hugo_Symbol" {
            assert_eq!(ours, OURS);
        } else {
            rows.push(OURS.iter().copied().zip(ours.iter().map(|s| s.to_string())).collect());
        }
    }
    (kept, rows)
}

fn width(text: &str) -> usize {
    text.lines()
        .find(|l| l.starts_with("Hugo_Symbol"))
        .unwrap()
        .split('\t')
        .count()
}

#[test]
fn every_line_kept_in_order_with_our_columns() {
    let d = tempfile::tempdir().unwrap();
    let out = d.path().join("out.maf");
    let o = annotate(&fixture("maf/cohort.maf"), &out, &[]);
    let input = std::fs::read_to_string(fixture("maf/cohort.maf")).unwrap();
    let text = std::fs::read_to_string(&out).unwrap();
    let (kept, rows) = split(&text, width(&input));
    assert_eq!(kept, input.lines().collect::<Vec<_>>(), "input lines kept as they were");
    assert_eq!(rows.len(), 12);
    // NEC_01's TP53 R273H, CRC_03's BRAF V600E, the ALK fusion row not interpreted.
    let tp53 = &rows[0];
    assert_eq!(tp53["ONCOPROFILE_ONCOGENICITY"], "oncogenic");
    assert_eq!(tp53["ONCOPROFILE_DRIVER"], "true");
    assert_eq!(tp53["ONCOPROFILE_HOTSPOT"], "TP53 R273");
    assert!(tp53["ONCOPROFILE_REASON"].contains("known hotspot TP53 R273 (matched by genomic allele)"));
    let braf = rows.iter().find(|r| r["ONCOPROFILE_HOTSPOT"] == "BRAF V600").unwrap();
    assert_eq!(braf["ONCOPROFILE_BEST_AMP_TIER"], "IIC");
    assert!(braf["ONCOPROFILE_THERAPIES"].contains("dabrafenib + trametinib [IIC]"));
    assert!(braf["ONCOPROFILE_RESISTANCE"].contains("anti-EGFR antibodies"));
    let alk = &rows[11];
    assert_eq!(alk["ONCOPROFILE_ONCOGENICITY"], "");
    assert!(alk["ONCOPROFILE_REASON"].starts_with("not interpreted: not a small variant"));
    assert!(rows.iter().all(|r| r["ONCOPROFILE_ERROR"].is_empty()));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("12 row(s): 11 annotated, 1 not interpreted, 0 with an error"),
        "{err}"
    );
    // Written atomically: nothing else in the directory.
    assert_eq!(std::fs::read_dir(d.path()).unwrap().count(), 1);

    // gzip in and gzip out give the same lines.
    let gz = d.path().join("out.maf.gz");
    annotate(&fixture("maf/cohort.maf.gz"), &gz, &[]);
    let mut z = flate2::read::MultiGzDecoder::new(std::fs::File::open(&gz).unwrap());
    let mut unz = String::new();
    std::io::Read::read_to_string(&mut z, &mut unz).unwrap();
    assert_eq!(unz, text);
}

const HEAD: &str = "Hugo_Symbol\tNCBI_Build\tChromosome\tStart_Position\tEnd_Position\tVariant_Classification\tVariant_Type\tReference_Allele\tTumor_Seq_Allele1\tTumor_Seq_Allele2\tTumor_Sample_Barcode\tHGVSp_Short\tt_depth\tt_alt_count\tONCOTREE_CODE";

fn braf(sample: &str, tt: &str) -> String {
    format!("BRAF\tGRCh37\t7\t140453136\t140453136\tMissense_Mutation\tSNP\tA\tA\tT\t{sample}\tp.V600E\t8\t4\t{tt}")
}

#[test]
fn tumour_type_per_sample_bad_rows_and_short_rows() {
    let d = tempfile::tempdir().unwrap();
    let maf = d.path().join("in.maf");
    let bad = "KRAS\tGRCh37\t12\tabc\t25398284\tMissense_Mutation\tSNP\tC\tC\tT\tMEL_1\tp.G12D\t50\t20\tMEL";
    // A short row (no ONCOTREE_CODE cell): padded so that our columns stay aligned.
    let short = "TP53\tGRCh37\t17\t7577120\t7577120\tMissense_Mutation\tSNP\tC\tC\tT\tX_3\tp.R273H\t80\t36";
    let text = format!(
        "#version 2.4\r\n{HEAD}\r\n{}\r\n{bad}\r\n{}\r\n{short}\r\n",
        braf("MEL_1", "MEL"),
        braf("CRC_2", "COADREAD")
    );
    std::fs::write(&maf, &text).unwrap();
    let out = d.path().join("out.maf");
    annotate(&maf, &out, &["--tumor-type", "NSCLC"]);
    let got = std::fs::read_to_string(&out).unwrap();
    assert!(
        got.contains("\r\n") && got.starts_with("#version 2.4\r\n"),
        "line endings kept"
    );
    let lines: Vec<&str> = got.lines().map(|l| l.trim_end_matches('\r')).collect();
    assert_eq!(lines.len(), 6);
    let ours = |l: &str| -> Vec<String> {
        let c: Vec<&str> = l.split('\t').collect();
        assert_eq!(c.len(), 15 + 9, "{l}");
        c[15..].iter().map(|s| s.to_string()).collect()
    };
    // MEL_1: BRAF V600E in melanoma is an approved on-label option (IA); CRC_2 in colorectal
    // cancer too (encorafenib + cetuximab), but not dabrafenib + trametinib's melanoma label.
    let mel = ours(lines[2]);
    assert_eq!(mel[0], "oncogenic");
    assert_eq!(mel[3], "IA");
    // The bad row keeps its place with its error; the sample's other rows are annotated.
    let b = ours(lines[3]);
    assert!(b[0].is_empty(), "{b:?}");
    assert!(b[8].contains("Start_Position"), "{b:?}");
    let crc = ours(lines[4]);
    assert_eq!(crc[3], "IA");
    assert!(crc[5].contains("encorafenib + cetuximab [IA]"), "{crc:?}");
    assert_ne!(mel[5], crc[5], "each sample matched with its own tumour type");
    // X_3 has no tumour type in its row: --tumor-type (NSCLC) applies.
    let x = ours(lines[5]);
    assert_eq!(x[0], "oncogenic");
    assert!(x[8].is_empty());
}

#[test]
fn every_row_of_the_vcf2maf_mafs() {
    let Some(dir) = shared("vcf/vcf2maf") else { return };
    for name in ["test.maf", "test_b38_output.maf"] {
        let maf = dir.join(name);
        let d = tempfile::tempdir().unwrap();
        let out = d.path().join("out.maf");
        annotate(&maf, &out, &[]);
        let input = std::fs::read_to_string(&maf).unwrap();
        let text = std::fs::read_to_string(&out).unwrap();
        let (kept, rows) = split(&text, width(&input));
        assert_eq!(kept, input.lines().collect::<Vec<_>>(), "{name}");
        let data = input
            .lines()
            .filter(|l| !l.starts_with('#') && !l.starts_with("Hugo_Symbol"))
            .count();
        assert_eq!(rows.len(), data, "{name}");
        assert!(rows.iter().all(|r| r["ONCOPROFILE_ERROR"].is_empty()), "{name}");
        let annotated = rows
            .iter()
            .filter(|r| !r["ONCOPROFILE_ONCOGENICITY"].is_empty())
            .count();
        assert_eq!(annotated, data, "{name}: every row annotated");
    }
}
