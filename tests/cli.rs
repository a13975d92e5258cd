//! Command-line behaviour: formats, errors and exit codes, atomic output, schema, batch.

mod common;
use common::*;
use std::io::Write;
use std::path::Path;

const VCF: &str = "##fileformat=VCFv4.2
##source=Mutect2
##tumor_sample=T1
##normal_sample=N1
##contig=<ID=chr7,length=159345973>
##FORMAT=<ID=AD,Number=R,Type=Integer,Description=\"Allelic depths\">
##FORMAT=<ID=AF,Number=A,Type=Float,Description=\"Allele fractions\">
##FORMAT=<ID=DP,Number=1,Type=Integer,Description=\"Depth\">
#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tN1\tT1
chr7\t140753336\t.\tA\tT\t.\tPASS\t.\tAD:AF:DP\t40,0:0.0:40\t60,40:0.4:100
chr7\t140753400\t.\tC\tG,GA\t.\tPASS\t.\tAD:AF:DP\t40,0,0:0,0:40\t70,20,10:0.2,0.1:100
chr7\t140753500\t.\tG\tA\t.\tweak_evidence\t.\tAD:AF:DP\t40,0:0.0:40\t90,10:0.1:100
";

fn write(dir: &Path, name: &str, bytes: &[u8]) -> std::path::PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

fn bgzf(bytes: &[u8]) -> Vec<u8> {
    let mut w = noodles::bgzf::io::Writer::new(Vec::new());
    w.write_all(bytes).unwrap();
    w.finish().unwrap()
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(bytes).unwrap();
    e.finish().unwrap()
}

#[test]
fn plain_bgzf_gzip_and_stdin_give_the_same_variants() {
    let d = tempfile::tempdir().unwrap();
    let plain = write(d.path(), "a.vcf", VCF.as_bytes());
    let bg = write(d.path(), "b.vcf.gz", &bgzf(VCF.as_bytes()));
    let gz = write(d.path(), "c.vcf.gz", &gzip(VCF.as_bytes()));
    let args = ["--all-variants"];
    let rp = report(&plain, &args);
    let rb = report(&bg, &args);
    let rg = report(&gz, &args);
    assert_eq!(rp["input"]["format"], "vcf");
    assert_eq!(rb["input"]["format"], "vcf.gz");
    assert_eq!(rb["input"]["compression"], "bgzf");
    assert_eq!(rg["input"]["compression"], "gzip");
    assert_eq!(rp["alterations"], rb["alterations"]);
    assert_eq!(rp["alterations"], rg["alterations"]);
    // Tumour sample from the Mutect2 header even though it is the second column.
    assert_eq!(rp["patient"]["tumor_sample"], "T1");
    assert_eq!(rp["patient"]["normal_sample"], "N1");
    assert_eq!(rp["patient"]["sample_rule"], "mutect2_header");
    assert_eq!(rp["input"]["genome_build"], "GRCh38");
    assert_eq!(rp["input"]["caller"], "Mutect2");
    // 3 records, 4 alleles, the weak_evidence one filtered.
    assert_eq!(rp["input"]["records"], 3);
    assert_eq!(rp["input"]["alleles"], 4);
    assert_eq!(rp["input"]["records_passing"], 3);
    let a = alteration_at(&rp, 140753336);
    assert_eq!(
        (a["depth"].as_u64(), a["alt_depth"].as_u64(), a["vaf"].as_f64()),
        (Some(100), Some(40), Some(0.4))
    );
    // The second ALT of the multi-allelic record keeps its own depth and VAF.
    let second: Vec<_> = rp["alterations"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|x| x["pos"] == 140753400)
        .collect();
    assert_eq!(second.len(), 2);
    assert!(second
        .iter()
        .any(|x| x["alt"] == "GA" && x["alt_depth"] == 10 && x["vaf"] == 0.1));
    // sha256 of the raw bytes.
    assert_eq!(rp["input"]["sha256"].as_str().unwrap().len(), 64);
    assert_ne!(rp["input"]["sha256"], rb["input"]["sha256"]);

    let out = bin()
        .args(["report", "-", "--quiet", "--all-variants"])
        .write_stdin(VCF)
        .output()
        .unwrap();
    assert!(out.status.success());
    let rs: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(rs["alterations"], rp["alterations"]);
    assert_eq!(rs["input"]["sha256"], rp["input"]["sha256"]);
}

#[test]
fn filters_are_recorded_and_applied() {
    let d = tempfile::tempdir().unwrap();
    let plain = write(d.path(), "a.vcf", VCF.as_bytes());
    let r = report(&plain, &["--all-variants", "--min-vaf", "0.15"]);
    assert_eq!(r["filters"]["min_vaf"], 0.15);
    assert_eq!(r["filters"]["min_depth"], 20);
    assert_eq!(r["filters"]["min_alt_reads"], 3);
    assert_eq!(r["filters"]["pass_only"], true);
    let removed = r["filters"]["removed"].as_array().unwrap();
    assert!(removed.iter().any(|x| x["key"] == "filter_not_pass" && x["count"] == 1));
    assert!(removed.iter().any(|x| x["key"] == "vaf_below_min" && x["count"] == 1));
    assert_eq!(r["input"]["records_passing"], 2);
    let r = report(&plain, &["--all-variants", "--include-filtered"]);
    assert_eq!(r["input"]["records_passing"], 4);
}

#[test]
fn bad_inputs_give_one_line_errors_with_exit_code_2() {
    let d = tempfile::tempdir().unwrap();
    let mut truncated = bgzf(VCF.as_bytes());
    truncated.truncate(truncated.len() / 2);
    let cases: Vec<(std::path::PathBuf, &str)> = vec![
        (write(d.path(), "empty.vcf", b""), "empty file"),
        (
            write(d.path(), "noheader.vcf", b"chr1\t1\t.\tA\tT\t.\tPASS\t.\n"),
            "line 1: no VCF header",
        ),
        (write(d.path(), "trunc.vcf.gz", &truncated), "truncated"),
        (
            write(d.path(), "badpos.vcf", VCF.replace("140753400", "14x").as_bytes()),
            "record 2 (line 11): field POS",
        ),
        (
            write(
                d.path(),
                "badad.vcf",
                VCF.replace("60,40:0.4", "60,forty:0.4").as_bytes(),
            ),
            "record 1 (line 10): field FORMAT/AD",
        ),
        (write(d.path(), "garbage.bcf", b"BCF\x02\x02garbagegarbage"), "BCF"),
        (
            write(
                d.path(),
                "gz_garbage.vcf.gz",
                &[0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 1, 2, 3, 4, 5, 6, 7, 8],
            ),
            "gzip",
        ),
    ];
    for (f, needle) in cases {
        let out = run(&["report", f.to_str().unwrap(), "--quiet"]);
        let e = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{}: {e}", f.display());
        assert_eq!(e.trim_end().lines().count(), 1, "one line: {e}");
        assert!(
            e.contains(f.file_name().unwrap().to_str().unwrap()),
            "names the file: {e}"
        );
        assert!(e.contains(needle), "{}: expected '{needle}' in: {e}", f.display());
    }
    let out = run(&["report", "/nonexistent/x.vcf"]);
    assert_eq!(out.status.code(), Some(2));
    let plain = write(d.path(), "a.vcf", VCF.as_bytes());
    let out = run(&["report", plain.to_str().unwrap(), "--sample", "NOPE"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("'NOPE' is not in the file; samples are: N1, T1"),
        "{}",
        stderr(&out)
    );
    let out = run(&["report", plain.to_str().unwrap(), "--min-vaf", "2"]);
    assert_eq!(out.status.code(), Some(1));
    let out = run(&["report", plain.to_str().unwrap(), "--no-such-option"]);
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn output_is_written_atomically_and_failures_leave_no_file() {
    let d = tempfile::tempdir().unwrap();
    let plain = write(d.path(), "a.vcf", VCF.as_bytes());
    let out_path = d.path().join("r.json");
    let out = run(&[
        "report",
        plain.to_str().unwrap(),
        "-o",
        out_path.to_str().unwrap(),
        "--quiet",
    ]);
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&out_path).unwrap()).unwrap();
    assert_schema_valid(&v);
    let bad = write(d.path(), "bad.vcf", VCF.replace("140753400", "14x").as_bytes());
    let bad_out = d.path().join("bad.json");
    let out = run(&["report", bad.to_str().unwrap(), "-o", bad_out.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(!bad_out.exists());
    let leftovers: Vec<_> = std::fs::read_dir(d.path())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty());
}

#[test]
fn committed_schema_matches_the_binary() {
    let out = run(&["schema"]);
    assert!(out.status.success());
    let committed = std::fs::read_to_string(root().join("schemas/report.schema.json")).unwrap();
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        committed,
        "run `oncoprofile schema > schemas/report.schema.json`"
    );
}

#[test]
fn help_documents_defaults_and_exit_codes() {
    let out = run(&["report", "--help"]);
    let h = String::from_utf8(out.stdout).unwrap();
    for needle in [
        "--min-depth",
        "[default: 20]",
        "[default: 3]",
        "[default: 0.05]",
        "Exit codes:",
        "5  batch",
    ] {
        assert!(h.contains(needle), "help lacks {needle}");
    }
}

/// Five patients in `dir`: P1, P2 good, P3 truncated, P4 without a header, P5 missing; the manifest.
fn five_patients(dir: &Path) -> std::path::PathBuf {
    write(dir, "p1.vcf", VCF.as_bytes());
    write(dir, "p2.vcf.gz", &bgzf(VCF.as_bytes()));
    let mut t = bgzf(VCF.as_bytes());
    t.truncate(t.len() - 40);
    write(dir, "p3.vcf.gz", &t);
    write(dir, "p4.vcf", &VCF.as_bytes()[VCF.find("chr7\t140753336").unwrap()..]);
    write(
        dir,
        "m.tsv",
        b"patient\tvcf\ttumor_type\nP1\tp1.vcf\tNEC\nP2\tp2.vcf.gz\tCOAD\nP3\tp3.vcf.gz\t\nP4\tp4.vcf\t\nP5\tmissing.vcf\t\n",
    )
}

/// `batch --manifest M --outdir OUT --quiet <extra>`; the exit code.
fn batch(manifest: &Path, outdir: &Path, extra: &[&str]) -> Option<i32> {
    let mut args = vec![
        "batch",
        "--manifest",
        manifest.to_str().unwrap(),
        "--outdir",
        outdir.to_str().unwrap(),
        "--quiet",
    ];
    args.extend_from_slice(extra);
    run(&args).status.code()
}

fn cohort_json(outdir: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(outdir.join("cohort.json")).unwrap()).unwrap()
}

#[test]
fn batch_isolates_failures_and_is_thread_independent() {
    let d = tempfile::tempdir().unwrap();
    let manifest = five_patients(d.path());
    let outdir = d.path().join("out1");
    assert_eq!(batch(&manifest, &outdir, &["--threads", "1"]), Some(5));
    assert!(outdir.join("P1.json").exists() && outdir.join("P2.json").exists());
    assert!(!outdir.join("P3.json").exists() && !outdir.join("P4.json").exists() && !outdir.join("P5.json").exists());
    let cohort = cohort_json(&outdir);
    assert_eq!(cohort["patients"], 5);
    assert_eq!(cohort["failed"], 3);
    let rows = cohort["rows"].as_array().unwrap();
    let row = |p: &str| rows.iter().find(|r| r["patient"] == p).unwrap().clone();
    assert_eq!(row("P1")["status"], "ok");
    assert_eq!(row("P3")["status"], "error");
    for (p, needle) in [("P3", "truncated"), ("P4", "no VCF header"), ("P5", "missing.vcf")] {
        assert!(row(p)["error"].as_str().unwrap().contains(needle), "{}", row(p));
    }
    let tsv = std::fs::read_to_string(outdir.join("cohort.tsv")).unwrap();
    assert_eq!(tsv.lines().count(), 6);
    assert!(tsv.starts_with("patient\tstatus\t"));

    // Threads 2 gives identical reports.
    let outdir2 = d.path().join("out2");
    assert_eq!(batch(&manifest, &outdir2, &["--threads", "2"]), Some(5));
    for p in ["P1.json", "P2.json"] {
        assert_eq!(
            std::fs::read(outdir.join(p)).unwrap(),
            std::fs::read(outdir2.join(p)).unwrap(),
            "{p}"
        );
    }
}

#[test]
fn batch_resumes_and_cohort_rebuilds_its_rows() {
    let d = tempfile::tempdir().unwrap();
    let manifest = five_patients(d.path());
    let outdir = d.path().join("out1");
    assert_eq!(batch(&manifest, &outdir, &[]), Some(5));
    // Re-run skips up-to-date reports; --force redoes them.
    assert_eq!(batch(&manifest, &outdir, &[]), Some(5));
    let cohort = cohort_json(&outdir);
    let reused: Vec<_> = cohort["rows"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["reused"] == true)
        .map(|r| r["patient"].clone())
        .collect();
    assert_eq!(reused, vec!["P1", "P2"]);
    assert_eq!(batch(&manifest, &outdir, &["--force"]), Some(5));
    let all_redone = |c: serde_json::Value| c["rows"].as_array().unwrap().iter().all(|r| r["reused"] == false);
    assert!(all_redone(cohort_json(&outdir)));
    // A changed option means the report is out of date.
    assert_eq!(batch(&manifest, &outdir, &["--min-vaf", "0.1"]), Some(5));
    let cohort = cohort_json(&outdir);
    assert!(all_redone(cohort.clone()));

    // The cohort subcommand rebuilds the same rows from the reports (+ manifest for failures).
    let outdir3 = d.path().join("out3");
    let o = run(&[
        "cohort",
        "--reports-dir",
        outdir.to_str().unwrap(),
        "--manifest",
        manifest.to_str().unwrap(),
        "--outdir",
        outdir3.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(5), "{}", stderr(&o));
    let c3 = cohort_json(&outdir3);
    assert_eq!(c3["failed"], 3);
    assert_eq!(c3["rows"][0]["tmb_status"], cohort["rows"][0]["tmb_status"]);
}

#[test]
fn batch_manifest_errors_come_before_any_work() {
    let d = tempfile::tempdir().unwrap();
    let m = write(d.path(), "m.tsv", b"patient\tvcf\tbogus\nP1\ta.vcf\tx\nP2\n");
    let outdir = d.path().join("out");
    let o = run(&[
        "batch",
        "--manifest",
        m.to_str().unwrap(),
        "--outdir",
        outdir.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    let e = stderr(&o);
    assert!(
        e.contains("line 1: unknown column 'bogus'") && e.contains("line 3: 1 columns"),
        "{e}"
    );
    assert!(!outdir.exists());
}

#[test]
fn patient_ids_never_escape_the_output_directory() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "a.vcf", VCF.as_bytes());
    let m = write(d.path(), "m.tsv", b"patient\tvcf\n../../evil<script>\ta.vcf\n");
    let outdir = d.path().join("out");
    let o = run(&[
        "batch",
        "--manifest",
        m.to_str().unwrap(),
        "--outdir",
        outdir.to_str().unwrap(),
        "--quiet",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let names: Vec<String> = std::fs::read_dir(&outdir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert!(names.contains(&"_._.._evil_script_.json".to_string()), "{names:?}");
    // The report, cohort.tsv, cohort.json and the outdir's lock file.
    assert_eq!(names.len(), 4, "{names:?}");
}

#[test]
fn a_closed_pipe_ends_quietly_with_exit_141() {
    // The reader has gone before anything is written (`| true`, after a pause that lets it exit):
    // no message, exit 141 (128 + SIGPIPE, as a shell reports for bcftools).
    let d = tempfile::tempdir().unwrap();
    let code = d.path().join("code");
    for args in [
        &["report", "test-data/demo/demo_nec.vcf.gz", "--all-variants", "--quiet"][..],
        &["schema"][..],
        &["kb", "info"][..],
    ] {
        let out = std::process::Command::new("sh")
            .current_dir(root())
            .env("CODE", &code)
            .arg("-c")
            .arg(r#"{ sleep 0.3; "$0" "$@"; echo $? > "$CODE"; } | true"#)
            .arg(env!("CARGO_BIN_EXE_oncoprofile"))
            .args(args)
            .output()
            .unwrap();
        let got = std::fs::read_to_string(&code).unwrap();
        assert_eq!(got.trim(), "141", "{args:?}: {}", stderr(&out));
        assert_eq!(stderr(&out), "", "{args:?}");
    }
}

#[test]
fn summary_line_names_the_first_drivers_and_counts_the_rest() {
    // Twelve TP53 nonsense changes (VEP-annotated): every one a driver.
    let mut vcf = String::from(
        "##fileformat=VCFv4.2\n##contig=<ID=chr17,length=83257441>\n\
         ##INFO=<ID=CSQ,Number=.,Type=String,Description=\"Consequence annotations from Ensembl VEP. Format: Allele|Consequence|IMPACT|SYMBOL|Gene|Feature_type|Feature|BIOTYPE|HGVSc|HGVSp|Protein_position|Amino_acids\">\n\
         #CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n",
    );
    for i in 0..12u64 {
        let codon = 100 + i * 10;
        vcf.push_str(&format!(
            "chr17\t{}\t.\tC\tT\t.\tPASS\tCSQ=T|stop_gained|HIGH|TP53|ENSG00000141510|Transcript|ENST00000269305|protein_coding|ENST00000269305:c.{}C>T|ENSP00000269305:p.Arg{codon}Ter|{codon}|R/*\n",
            7_676_000 - i * 30,
            codon * 3 - 2
        ));
    }
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "many_drivers.vcf", vcf.as_bytes());
    let out = run(&[
        "report",
        file.to_str().unwrap(),
        "-o",
        dir.path().join("r.json").to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let line = stderr(&out)
        .lines()
        .find(|l| l.contains("driver(s)"))
        .map(str::to_string)
        .unwrap_or_else(|| panic!("no summary line in {}", stderr(&out)));
    assert!(line.contains("12 driver(s) (TP53 p.R100*, TP53 p.R110*"), "{line}");
    assert!(line.contains("TP53 p.R190*, and 2 more in the report)"), "{line}");
    assert!(!line.contains("p.R200*"), "{line}");
}

/// bcftools habits: `-O j|h|t`, `SUBCOMMAND --version`, and clap's own errors in the tool's form
/// (`oncoprofile: error: …`, exit 1).
#[test]
fn bcftools_habits_and_usage_errors() {
    let bin = env!("CARGO_BIN_EXE_oncoprofile");
    let demo = common::root().join("test-data/demo/demo_nec.vcf.gz");
    for (letter, start) in [("j", "{"), ("h", "<!DOCTYPE html>"), ("t", "patient\t")] {
        let out = std::process::Command::new(bin)
            .args(["report", "-q", "-O", letter])
            .arg(&demo)
            .output()
            .expect("ran");
        assert_eq!(out.status.code(), Some(0), "-O {letter}");
        assert!(String::from_utf8_lossy(&out.stdout).starts_with(start), "-O {letter}");
    }
    let v = std::process::Command::new(bin)
        .args(["report", "--version"])
        .output()
        .expect("ran");
    assert_eq!(v.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&v.stdout).contains(env!("CARGO_PKG_VERSION")));
    let bad = std::process::Command::new(bin)
        .args(["report", "--bogus"])
        .output()
        .expect("ran");
    assert_eq!(bad.status.code(), Some(1));
    let err = String::from_utf8_lossy(&bad.stderr);
    assert!(
        err.starts_with("oncoprofile: error: unexpected argument '--bogus'"),
        "{err}"
    );
    let none = std::process::Command::new(bin).output().expect("ran");
    assert_eq!(none.status.code(), Some(1), "no subcommand is a usage error");
}
