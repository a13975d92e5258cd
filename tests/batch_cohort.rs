//! `batch` and `cohort` on hostile output directories: unusable reports become failure rows, the
//! failures a batch recorded survive `cohort`, the output directory is locked, and temporaries
//! left by killed runs are cleaned up.

mod common;
use common::*;
use serde_json::Value;
use std::path::{Path, PathBuf};

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
";

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// A batch of P1, P2 (ok) and P3 (no VCF header: fails) into `<d>/out`; returns the manifest path.
fn small_batch(d: &Path) -> PathBuf {
    write(d, "p1.vcf", VCF.as_bytes());
    write(d, "p2.vcf", VCF.replace("0.4:100", "0.3:100").as_bytes());
    write(d, "p3.vcf", &VCF.as_bytes()[VCF.find("chr7\t140753336").unwrap()..]);
    let m = write(
        d,
        "m.tsv",
        b"patient\tvcf\ttumor_type\nP1\tp1.vcf\tNEC\nP2\tp2.vcf\tCOAD\nP3\tp3.vcf\tSCLC\n",
    );
    let o = run(&["batch", "--manifest", s(&m), "--outdir", s(&d.join("out")), "--quiet"]);
    assert_eq!(o.status.code(), Some(5), "{}", stderr(&o));
    m
}

fn cohort_json(dir: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(dir.join("cohort.json")).unwrap()).unwrap()
}

fn rows(c: &Value) -> Vec<Value> {
    c["rows"].as_array().unwrap().clone()
}

fn row<'a>(rows: &'a [Value], patient: &str) -> &'a Value {
    let found: Vec<&Value> = rows.iter().filter(|r| r["patient"] == patient).collect();
    assert_eq!(found.len(), 1, "one row for {patient}: {rows:?}");
    found[0]
}

fn error_of(rows: &[Value], patient: &str) -> String {
    let r = row(rows, patient);
    assert_eq!(r["status"], "error", "{r}");
    r["error"].as_str().unwrap().to_string()
}

#[test]
fn cohort_turns_every_unusable_report_into_a_failure_row() {
    let d = tempfile::tempdir().unwrap();
    small_batch(d.path());
    let out = d.path().join("out");
    let p1 = std::fs::read_to_string(out.join("P1.json")).unwrap();
    let p2 = std::fs::read_to_string(out.join("P2.json")).unwrap();
    write(&out, "Trunc.json", &p1.as_bytes()[..p1.len() / 2]);
    std::fs::create_dir(out.join("Dir.json")).unwrap();
    std::os::unix::fs::symlink("Loop.json", out.join("Loop.json")).unwrap();
    std::os::unix::fs::symlink("/dev/zero", out.join("Zero.json")).unwrap();
    // A sparse file just over the 1 GiB cap: refused without being read.
    let big = std::fs::File::create(out.join("Big.json")).unwrap();
    big.set_len((1 << 30) + 1).unwrap();
    let version = format!(
        "\"schema_version\": {}",
        serde_json::from_str::<serde_json::Value>(&p1).unwrap()["schema_version"]
    );
    assert!(p1.contains(&version), "{version}");
    let future =
        p1.replacen(&version, "\"schema_version\": \"2.0\"", 1)
            .replacen("\"id\": \"P1\"", "\"id\": \"PF\"", 1);
    assert_ne!(future, p1);
    write(&out, "Future.json", future.as_bytes());
    write(&out, "P2_copy.json", p2.as_bytes());
    write(&out, "P2_again.json", p2.as_bytes());

    let summary = d.path().join("summary");
    let o = run(&["cohort", "--reports-dir", s(&out), "--outdir", s(&summary)]);
    assert_eq!(o.status.code(), Some(5), "{}", stderr(&o));
    let c = cohort_json(&summary);
    let rows = rows(&c);
    assert_eq!(c["patients"], 9, "{rows:#?}");
    assert_eq!(c["failed"], 8);
    assert_eq!(row(&rows, "P1")["status"], "ok");
    let dup = error_of(&rows, "P2");
    assert!(dup.contains("duplicate patient ID 'P2' in 3 reports"), "{dup}");
    for f in ["P2.json", "P2_copy.json", "P2_again.json"] {
        assert!(dup.contains(f), "{dup} names {f}");
    }
    // Failed in batch (no report): the reason batch recorded is kept.
    assert!(error_of(&rows, "P3").contains("no VCF header"), "{rows:#?}");
    assert!(error_of(&rows, "Trunc").contains("not an oncoprofile report: EOF"));
    assert!(error_of(&rows, "Dir").contains("is a directory"));
    assert!(error_of(&rows, "Loop").contains("symbolic links"));
    assert!(error_of(&rows, "Zero").contains("not a regular file"));
    assert!(error_of(&rows, "Big").contains("larger than the 1 GiB read limit"));
    let f = error_of(&rows, "Future");
    assert!(
        f.contains("schema version 2.0") && f.contains("major version differs"),
        "{f}"
    );
    // cohort.tsv carries the same rows with their reasons.
    let tsv = std::fs::read_to_string(summary.join("cohort.tsv")).unwrap();
    assert_eq!(tsv.lines().count(), 10);
    let big_line = tsv.lines().find(|l| l.starts_with("Big\t")).unwrap();
    assert!(big_line.starts_with("Big\terror\t") && big_line.ends_with("1 GiB read limit"));
    assert!(big_line.contains("\tBig.json\t"), "{big_line}");
    // One line per failure on stderr.
    assert_eq!(stderr(&o).lines().filter(|l| l.contains("failed:")).count(), 8);
}

#[test]
fn cohort_with_a_manifest_gives_the_unusable_report_as_the_patients_reason() {
    let d = tempfile::tempdir().unwrap();
    let m = small_batch(d.path());
    let out = d.path().join("out");
    let p1 = std::fs::read(out.join("P1.json")).unwrap();
    std::fs::write(out.join("P1.json"), &p1[..100]).unwrap();
    let summary = d.path().join("summary");
    let o = run(&[
        "cohort",
        "--reports-dir",
        s(&out),
        "--manifest",
        s(&m),
        "--outdir",
        s(&summary),
    ]);
    assert_eq!(o.status.code(), Some(5), "{}", stderr(&o));
    let rows = rows(&cohort_json(&summary));
    let names: Vec<&str> = rows.iter().map(|r| r["patient"].as_str().unwrap()).collect();
    assert_eq!(names, ["P1", "P2", "P3"]);
    let e1 = error_of(&rows, "P1");
    assert!(e1.contains("P1.json: not an oncoprofile report"), "{e1}");
    assert_eq!(row(&rows, "P1")["tumor_type"], "NEC");
    assert_eq!(row(&rows, "P2")["status"], "ok");
    assert!(error_of(&rows, "P3").contains("no VCF header"));
}

#[test]
fn cohort_of_named_reports_keeps_going_past_a_missing_one() {
    let d = tempfile::tempdir().unwrap();
    small_batch(d.path());
    let out = d.path().join("out");
    let summary = d.path().join("summary");
    let missing = d.path().join("Gone.json");
    let o = run(&["cohort", s(&out.join("P1.json")), s(&missing), "--outdir", s(&summary)]);
    assert_eq!(o.status.code(), Some(5), "{}", stderr(&o));
    let rows = rows(&cohort_json(&summary));
    assert_eq!(rows.len(), 2);
    assert_eq!(row(&rows, "P1")["status"], "ok");
    assert!(error_of(&rows, "Gone").contains("No such file"));
    // All good: exit 0. The same file named twice is one report, not a duplicate patient.
    let again = format!("{}/./P1.json", s(&out));
    let o = run(&["cohort", s(&out.join("P1.json")), &again, "--outdir", s(&summary)]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(cohort_json(&summary)["patients"], 1);
}

/// The pid of a process that has ended.
fn dead_pid() -> u32 {
    let mut child = std::process::Command::new("true").spawn().unwrap();
    let pid = child.id();
    child.wait().unwrap();
    pid
}

#[test]
fn a_batch_refuses_an_output_directory_locked_by_a_live_batch() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "P1.vcf", VCF.as_bytes());
    let out = d.path().join("out");
    std::fs::create_dir(&out).unwrap();
    // This test process holds the lock (an flock on the file), as a batch at work does.
    let held = oncoprofile::batch::OutdirLock::acquire(&out).unwrap();
    let me = std::process::id();
    let o = run(&["batch", s(&d.path().join("P1.vcf")), "--outdir", s(&out), "--quiet"]);
    assert_eq!(o.status.code(), Some(4), "{}", stderr(&o));
    let e = stderr(&o);
    assert_eq!(e.lines().count(), 1, "{e}");
    assert!(
        e.starts_with("oncoprofile: error: output ")
            && e.contains(&format!("another oncoprofile batch (pid {me}) is writing to")),
        "{e}"
    );
    assert!(!out.join("P1.json").exists() && !out.join("cohort.tsv").exists());
    assert_eq!(
        std::fs::read_to_string(out.join(".oncoprofile.lock")).unwrap(),
        format!("{me}\n")
    );
    drop(held);
    let o = run(&["batch", s(&d.path().join("P1.vcf")), "--outdir", s(&out), "--quiet"]);
    assert_eq!(o.status.code(), Some(0), "released: {}", stderr(&o));
}

/// A lock file nobody holds is not a lock, even when it names a live process (a batch on another
/// node of a shared filesystem, or this very process).
#[test]
fn a_lock_file_nobody_holds_is_not_a_lock() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "P1.vcf", VCF.as_bytes());
    let out = d.path().join("out");
    std::fs::create_dir(&out).unwrap();
    let me = std::process::id();
    write(&out, ".oncoprofile.lock", format!("{me}\n").as_bytes());
    let o = run(&["batch", s(&d.path().join("P1.vcf")), "--outdir", s(&out), "--quiet"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(out.join("P1.json").exists());
}

#[test]
fn a_batch_removes_only_its_own_stale_temporaries_and_leaves_only_the_lock() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "P1.vcf", VCF.as_bytes());
    let out = d.path().join("out");
    std::fs::create_dir(&out).unwrap();
    let dead = dead_pid();
    let me = std::process::id();
    write(&out, ".oncoprofile.lock", format!("{dead}\n").as_bytes());
    let stale = write(&out, &format!(".oncoprofile-tmp-{dead}-Ab3dEf.tmp"), b"{\"half");
    let live = write(&out, &format!(".oncoprofile-tmp-{me}-Zz9yXw.tmp"), b"{");
    // A user's files named like the old pattern `.<name>.<pid>.tmp`: never ours to remove.
    let users = write(&out, &format!(".P34.json.{dead}.tmp"), b"mine");
    let users2 = write(&out, ".x.123.tmp", b"mine too");
    let other = write(&out, ".notes.tmp", b"mine");
    // Modification times before the run's start.
    std::thread::sleep(std::time::Duration::from_millis(20));
    let m = write(d.path(), "m.tsv", b"patient\tvcf\nP1\tP1.vcf\n");
    let o = run(&["batch", "--manifest", s(&m), "--outdir", s(&out), "--quiet"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(out.join("P1.json").exists());
    assert!(!stale.exists(), "our temporary of an ended run removed");
    assert!(live.exists(), "temporary of a live process kept");
    assert!(
        users.exists() && users2.exists() && other.exists(),
        "a user's files kept"
    );
    for f in [&live, &users, &users2, &other] {
        std::fs::remove_file(f).unwrap();
    }
    // After the run, no dot-file but the lock remains.
    let dots: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert_eq!(dots, [".oncoprofile.lock"]);
    // Released lock: the next run goes ahead (and reuses the report).
    let o = run(&["batch", "--manifest", s(&m), "--outdir", s(&out), "--quiet"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(rows(&cohort_json(&out))[0]["reused"], true);
}

fn mkfifo(p: &Path) {
    let st = std::process::Command::new("mkfifo").arg(p).status().unwrap();
    assert!(st.success(), "mkfifo {}", p.display());
}

/// A FIFO (or a symlink to one) at a report's path is never opened, neither to resume nor to write:
/// the patient fails with the reason, the others are written, and the batch ends.
#[cfg(unix)]
#[test]
fn special_files_in_the_outdir_are_never_opened_as_reports() {
    let d = tempfile::tempdir().unwrap();
    let out = d.path().join("out");
    std::fs::create_dir(&out).unwrap();
    write(d.path(), "p1.vcf", VCF.as_bytes());
    write(d.path(), "p2.vcf", VCF.as_bytes());
    write(d.path(), "p3.vcf", VCF.as_bytes());
    mkfifo(&out.join("P1.json"));
    mkfifo(&d.path().join("fifo"));
    std::os::unix::fs::symlink(d.path().join("fifo"), out.join("P2.json")).unwrap();
    let m = write(d.path(), "m.tsv", b"patient\tvcf\nP1\tp1.vcf\nP2\tp2.vcf\nP3\tp3.vcf\n");
    for round in 0..2 {
        let o = bin()
            .args([
                "batch",
                "--manifest",
                s(&m),
                "--outdir",
                s(&out),
                "--quiet",
                "--formats",
                "json,tsv",
            ])
            .timeout(std::time::Duration::from_secs(120))
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(5), "round {round}: {}", stderr(&o));
        let rows = rows(&cohort_json(&out));
        for p in ["P1", "P2"] {
            let e = error_of(&rows, p);
            assert!(e.contains("is a FIFO, not a regular file"), "{p}: {e}");
        }
        assert_eq!(row(&rows, "P3")["status"], "ok");
    }
    assert!(out.join("P2.json").symlink_metadata().unwrap().file_type().is_symlink());
}

/// Cells that a spreadsheet would run as formulas are escaped in every TSV output.
#[test]
fn tsv_outputs_escape_formula_cells() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "p1.vcf", VCF.as_bytes());
    let evil = "=HYPERLINK(\"http://x\",\"y\")";
    let m = write(
        d.path(),
        "m.tsv",
        format!("patient\tvcf\n{evil}\tp1.vcf\n@SUM\tp1.vcf\n").as_bytes(),
    );
    let out = d.path().join("out");
    let o = run(&[
        "batch",
        "--manifest",
        s(&m),
        "--outdir",
        s(&out),
        "--quiet",
        "--formats",
        "json,tsv",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let cohort = std::fs::read_to_string(out.join("cohort.tsv")).unwrap();
    let alts = std::fs::read_to_string(out.join("cohort_alterations.tsv")).unwrap();
    let own = std::fs::read_to_string(out.join("_HYPERLINK__http___x___y__.tsv")).unwrap();
    for (name, t) in [
        ("cohort.tsv", &cohort),
        ("cohort_alterations.tsv", &alts),
        ("patient tsv", &own),
    ] {
        let firsts: Vec<&str> = t.lines().skip(1).map(|l| l.split('\t').next().unwrap()).collect();
        assert!(firsts.contains(&format!("'{evil}").as_str()), "{name}: {t}");
        assert!(
            t.lines().all(|l| l.split('\t').all(|c| !c.starts_with(['=', '@']))),
            "{name}: {t}"
        );
    }
    assert!(cohort.lines().any(|l| l.starts_with("'@SUM\t")), "{cohort}");
}

/// `batch --check-manifest` plans every patient with the arguments that make `report` write the
/// batch's report byte for byte, and refuses what the batch refuses.
#[test]
fn check_manifest_plans_give_the_batch_reports() {
    let d = tempfile::tempdir().unwrap();
    let manifest = fixture("cohort/manifest.tsv");
    let out = d.path().join("out");
    let b = run(&["-q", "batch", "--manifest", s(&manifest), "--outdir", s(&out)]);
    assert_eq!(b.status.code(), Some(5), "{}", stderr(&b));
    let p = run(&["-q", "batch", "--manifest", s(&manifest), "--check-manifest"]);
    assert!(p.status.success(), "{}", stderr(&p));
    let plan: Value = serde_json::from_slice(&p.stdout).unwrap();
    assert_eq!(plan["plan_version"], 1);
    let patients = plan["patients"].as_array().unwrap();
    assert_eq!(patients.len(), 6);
    assert!(!out.join("plan").exists(), "check-manifest writes nothing");
    let mut identical = 0;
    for j in patients {
        let stem = j["stem"].as_str().unwrap();
        let mine = d.path().join(format!("{stem}.json"));
        let mut args = vec!["-q", "report", j["vcf"].as_str().unwrap(), "-o", s(&mine)];
        args.extend(j["report_args"].as_array().unwrap().iter().map(|a| a.as_str().unwrap()));
        let r = run(&args);
        let batch_report = out.join(format!("{stem}.json"));
        if !batch_report.exists() {
            assert_eq!(r.status.code(), Some(2), "{stem}: the batch failed it, so must report");
            continue;
        }
        assert!(r.status.success(), "{stem}: {}", stderr(&r));
        assert_eq!(
            std::fs::read(&mine).unwrap(),
            std::fs::read(&batch_report).unwrap(),
            "{stem}"
        );
        identical += 1;
    }
    assert_eq!(identical, 5);
    let bad = run(&[
        "-q",
        "batch",
        "--manifest",
        s(&fixture("cohort/manifest_bad_rows.tsv")),
        "--check-manifest",
    ]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(stderr(&bad).contains("line 3: empty patient"), "{}", stderr(&bad));
    let both = run(&[
        "-q",
        "batch",
        "--manifest",
        s(&manifest),
        "--check-manifest",
        "--assay",
        "WES",
    ]);
    assert_eq!(both.status.code(), Some(1));
    assert!(stderr(&both).contains("more than one of targets / target_mb / assay"));
}
